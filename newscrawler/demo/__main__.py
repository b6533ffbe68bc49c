"""`python -m newscrawler.demo` (`make demo`): serve the bundled site, crawl it for real, search the result.

Everything runs offline: the site is served on 127.0.0.1 at a free port, the
crawl is the ordinary ``scrapy crawl news -a url=...`` in a subprocess, and the
searches are the ordinary ``newssearch`` CLI, so the demo shows exactly what a
user gets. The demo's data directory is wiped first: every run starts from an
empty index, so nothing from an earlier run (and its old port) lingers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.robotparser import RobotFileParser

from newscrawler.demo import SITE_DIR
from newscrawler.demo.server import StaticSite, serve_site

DEFAULT_DATA = Path("data") / "demo"
MARKER = ".newscrawler-demo"
"""Written into the demo's data directory; without it, a non-empty directory is never wiped."""

CRAWL_SETTINGS = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "INCREMENTAL_MAX_AGE_DAYS=0",
)
"""Politeness delays are for other people's servers, and this one is ours, on loopback; the demo's
stories are dated 2025 whatever today's date is, so the crawler's age cut-off is off."""

SAMPLE_SEARCHES = (
    ("An English phrase and a word", ['"weather office"', "monsoon"]),
    ("Filtered: budget stories since 25 May 2025, newest first", ["budget", "--since", "2025-05-25", "--sort", "-date"]),
    ("A Hindi word, Hindi articles only", ["मानसून", "--lang", "hi"]),
)


class DemoError(Exception):
    """A problem to report in one line (exit status 2)."""


def prepare_data_dir(path: Path) -> None:
    """Empty the demo's data directory, refusing to touch one the demo did not create."""
    if path.exists():
        if not path.is_dir():
            raise DemoError(f"{path} exists and is not a directory")
        if any(path.iterdir()) and not (path / MARKER).is_file():
            raise DemoError(f"refusing to wipe {path}: it is not a demo data directory (no {MARKER} file)")
        shutil.rmtree(path)
    path.mkdir(parents=True)
    (path / MARKER).write_text("Data of `python -m newscrawler.demo`; wiped at every demo run.\n", encoding="utf-8")


def crawl_command(base_url: str, verbose: bool) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base_url}"]
    for setting in CRAWL_SETTINGS:
        command += ["-s", setting]
    return command + ["--loglevel", "INFO" if verbose else "WARNING"]


def search_command(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "search.cli", "--data", str(data), *args]


def heading(text: str) -> None:
    print(f"\n== {text} ==", flush=True)


def describe_requests(site: StaticSite) -> str:
    """One line about what the crawler asked the server for."""
    statuses = Counter(entry.status for entry in site.requests)
    parts = ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items()))
    return f"The demo server answered {sum(statuses.values())} requests ({parts or 'none'})."


def disallowed_fetches(site: StaticSite) -> list[str]:
    """Paths the crawler requested although the site's robots.txt forbids them."""
    robots = RobotFileParser()
    robots.parse((SITE_DIR / "robots.txt").read_text(encoding="utf-8").splitlines())
    return sorted({entry.path for entry in site.requests
                   if not robots.can_fetch("newscrawler", site.base_url + entry.path.lstrip("/"))})


def crawl(data: Path, env: dict[str, str], verbose: bool) -> int:
    """Serve the site only while the crawl runs; returns the crawl's exit status."""
    with serve_site(SITE_DIR, verbose=verbose) as site:
        heading(f"Crawling the demo site at {site.base_url}")
        print(f"scrapy crawl news -a url={site.base_url}  (NEWS_DATA={data})", flush=True)
        done = subprocess.run(crawl_command(site.base_url, verbose), env=env, check=False)
        print(describe_requests(site), flush=True)
        forbidden = disallowed_fetches(site)
        print(f"robots.txt ignored for: {', '.join(forbidden)}" if forbidden
              else "robots.txt obeyed: no request for a disallowed page.", flush=True)
    return done.returncode


def sample_searches(data: Path, env: dict[str, str]) -> int:
    """Run the sample searches and stats through the real CLI; returns how many failed."""
    failures = 0
    for title, args in (*SAMPLE_SEARCHES, ("What the index holds", ["stats"])):
        heading(f"{title}: newssearch {' '.join(args)}")
        failures += subprocess.run(search_command(data, *args), env=env, check=False).returncode != 0
    return failures


def run(data: Path, verbose: bool) -> int:
    data = data.resolve()
    prepare_data_dir(data)
    env = {**os.environ, "NEWS_DATA": str(data)}
    env.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawler.settings")
    status = crawl(data, env, verbose)
    if status != 0:
        print(f"error: the crawl failed with exit status {status}", file=sys.stderr)
        return 1
    failures = sample_searches(data, env)
    heading("Search it yourself")
    relative = os.path.relpath(data)
    shown = relative if not relative.startswith("..") else str(data)
    for example in ("'wickets final'", "monsoon --since 2025-06-01 --json", "show URL", "--help"):
        print(f"  .venv/bin/newssearch --data {shown} {example}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawler.demo",
        description="Serve the bundled demo news site on 127.0.0.1, crawl it, and run sample searches.",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"demo data directory, wiped at start (default: {DEFAULT_DATA})")
    parser.add_argument("--verbose", action="store_true", help="show the crawl log and every request served")
    args = parser.parse_args(argv)
    try:
        return run(args.data, args.verbose)
    except (DemoError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
