"""Crawl throughput: the whole ``scrapy crawl news`` against trafilatura alone and bare fetching.

    python -m benchmarks.crawl [--pages 2000] [--hosts 20] [--dev DIR]

Builds a site of ``--pages`` unique copies of the dev set's real pages on
``--hosts`` loopback hosts, each with robots.txt and a sitemap (``crawlsite``),
serves it with Twisted's static server in a subprocess, and measures in one run,
one after the other on the same pages:

1. ``trafilatura.extract`` (default options) alone in 2 processes, reading the files;
2. a fetch-only Scrapy spider (``fetchonly``): sitemaps and pages, nothing done with them;
3. the real ``scrapy crawl news`` with politeness off, into a fresh data directory.

Each pages/s divides the pages by the wall time of the whole command, start-up
included. CPU seconds by stage come from the crawl's ``newscrawler/cpu/*`` stats
(``last-crawl.json``) and from /proc: everything the crawl process does outside the
timed stages is "download and Scrapy". Peak RSS is the sum over the crawl's
process tree, sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from benchmarks.crawlsite import Page, build_site
from benchmarks.extraction import BenchmarkError, load_pages, load_truth
from benchmarks.proctree import TreeSampler

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = REPO_ROOT.parent / "shared" / "extraction-dev"
# The crawl as the issue ran it: politeness off, everything else the project's defaults.
CRAWL_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "64",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "DEPTH_LIMIT": "1",
    "LOG_LEVEL": "INFO",
}
# Stages timed inside the crawl process, in pipeline order (newscrawler.cputime).
CRAWL_PROCESS_STAGES = ("parsing", "links", "incremental", "cleaning", "dedupe", "warc", "archive", "index")
MIB = 1024 * 1024


@dataclass
class CrawlRun:
    wall: float
    returncode: int
    tree_cpu: float
    main_cpu: float
    others_cpu: float
    peak_rss: int
    peak_rss_by_process: list[int] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)
    walls: dict[str, float] = field(default_factory=dict)
    articles: int = 0


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _trafilatura_share(paths: list[Path]) -> int:
    import trafilatura

    for path in paths:
        trafilatura.extract(path.read_bytes().decode("utf-8", "replace"))
    return len(paths)


def trafilatura_alone(paths: list[Path], processes: int = 2) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of trafilatura's default extraction of every page, split over processes."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        done = sum(pool.map(_trafilatura_share, [paths[i::processes] for i in range(processes)]))
    wall = time.perf_counter() - started
    assert done == len(paths)
    return wall, _children_cpu() - cpu_before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fetch_only(sitemaps: list[str]) -> tuple[float, int, float]:
    """(wall seconds, pages fetched, CPU seconds) of the bare spider."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "benchmarks.fetchonly", *sitemaps], cwd=REPO_ROOT,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchmarkError(f"fetch-only spider failed (exit {done.returncode}): {done.stderr.strip()[-300:]}")
    return wall, int(done.stdout.split()[-1]), _children_cpu() - cpu_before


def crawl(sitemaps: list[str], data_dir: Path, log: Path) -> CrawlRun:
    """The real ``scrapy crawl news``, its process tree sampled while it runs."""
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "url=" + ",".join(sitemaps)]
    for name, value in CRAWL_SETTINGS.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "NEWS_DATA": str(data_dir)}
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid).start()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    sampler.stop()
    tree_cpu = usage.ru_utime + usage.ru_stime  # the crawl and every child it reaped
    others = sampler.cpu_of_others(process.pid)
    run = CrawlRun(wall, process.returncode, tree_cpu, tree_cpu - others, others, sampler.peak_rss,
                   [sampler.peak_by_pid.get(process.pid, 0),
                    *sorted((rss for pid, rss in sampler.peak_by_pid.items() if pid != process.pid), reverse=True)])
    try:
        summary = json.loads((data_dir / "last-crawl.json").read_text(encoding="utf-8"))
        run.stages, run.walls = summary.get("cpu_seconds", {}), summary.get("wall_seconds", {})
    except (OSError, ValueError):
        pass
    stats = subprocess.run([sys.executable, "-m", "search.cli", "--data", str(data_dir), "stats", "--json"],
                           cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    if stats.returncode == 0:
        run.articles = json.loads(stats.stdout)["articles"]
    return run


def stage_rows(run: CrawlRun) -> list[tuple[str, float, float | None]]:
    """(stage, CPU seconds, wall seconds it held the crawl's reactor thread or None).

    The crawl process's untimed rest is Scrapy's own work and downloading.
    """
    timed = {stage: run.stages.get(stage, 0.0) for stage in CRAWL_PROCESS_STAGES}
    wall = {stage: run.walls.get(stage, 0.0) for stage in CRAWL_PROCESS_STAGES}
    extraction = run.stages.get("extraction", 0.0)
    return [
        ("download and Scrapy (crawl process, untimed rest)", run.main_cpu - sum(timed.values()), None),
        ("parsing: decode + Scrapy selector (crawl process)", timed["parsing"], wall["parsing"]),
        ("link extraction (crawl process)", timed["links"], wall["links"]),
        ("incremental fetch state (crawl process)", timed["incremental"], wall["incremental"]),
        ("extraction (worker processes)", extraction, None),
        ("cleaning", timed["cleaning"], wall["cleaning"]),
        ("dedupe", timed["dedupe"], wall["dedupe"]),
        ("WARC capture", timed["warc"], wall["warc"]),
        ("archive", timed["archive"], wall["archive"]),
        ("index (crawl process)", timed["index"], wall["index"]),
        ("index helper + worker start-up (other processes)", run.others_cpu - extraction, None),
        ("total, whole process tree", run.tree_cpu, None),
    ]


def render(pages: int, hosts: int, traf: tuple[float, float], fetch: tuple[float, int, float], run: CrawlRun) -> None:
    from rich.console import Console
    from rich.table import Table

    end_to_end, alone, fetch_rate = pages / run.wall, pages / traf[0], fetch[1] / fetch[0]
    table = Table(title=f"Crawl throughput: {pages} pages on {hosts} loopback hosts, one run")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("wall s (stages: reactor held)", justify="right")
    table.add_row("end to end, scrapy crawl news (pages/s)", f"{end_to_end:.1f}", f"{run.wall:.1f}")
    table.add_row("trafilatura.extract alone, 2 processes (pages/s)", f"{alone:.1f}")
    table.add_row("fetch-only Scrapy spider (pages/s)", f"{fetch_rate:.1f}")
    table.add_row("end to end / trafilatura alone (goal >= 0.75)", f"{end_to_end / alone:.2f}")
    table.add_row("end to end / fetch-only", f"{end_to_end / fetch_rate:.2f}")
    table.add_row("CPU s per page: crawl / trafilatura alone", f"{run.tree_cpu / traf[1]:.2f}")
    for name, seconds, wall in stage_rows(run):
        table.add_row(f"CPU s: {name}", f"{seconds:.1f}", "" if wall is None else f"{wall:.1f}")
    table.add_row("CPU s: trafilatura alone (2 processes)", f"{traf[1]:.1f}", f"{traf[0]:.1f}")
    table.add_row("CPU s: fetch-only spider", f"{fetch[2]:.1f}", f"{fetch[0]:.1f}")
    table.add_row("peak RSS, crawl process tree (MiB)", f"{run.peak_rss / MIB:.0f}")
    table.add_row("  each process's own peak: crawl, then the others (MiB)",
                  " ".join(f"{rss / MIB:.0f}" for rss in run.peak_rss_by_process))
    table.add_row("articles stored / pages", f"{run.articles} / {pages}")
    table.add_row("fetch-only pages fetched", str(fetch[1]))
    console = Console()
    Console(width=max(console.width, 120)).print(table)


def load_dev_pages(directory: Path) -> list[Page]:
    from newscrawler.extraction.decode import decode_html

    raw = load_pages(directory)
    truth = load_truth(directory) or {}
    return [Page(decode_html(body), (truth.get(page_id) or {}).get("url") or "") for page_id, body in raw.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crawl", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages in the site (default 2000)")
    parser.add_argument("--hosts", type=int, default=20, help="loopback hosts, 127.0.0.2 and up (default 20)")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, metavar="DIR",
                        help="real pages: DIR/html/*.html.gz (default ../shared/extraction-dev)")
    args = parser.parse_args(argv)
    if not (args.dev / "html").is_dir():
        print(f"benchmarks.crawl: skipped: no real pages in {args.dev}/html (pass --dev DIR)", file=sys.stderr)
        return 0
    if args.pages < 1 or not 1 <= args.hosts <= 250:
        print("benchmarks.crawl: error: --pages must be >= 1 and --hosts between 1 and 250", file=sys.stderr)
        return 2
    try:
        pages = load_dev_pages(args.dev)
    except BenchmarkError as exc:
        print(f"benchmarks.crawl: error: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
        root = Path(tmp)
        port = free_port("127.0.0.2")
        sitemaps = build_site(pages, root / "site", args.pages, args.hosts, port)
        files = sorted(p for p in (root / "site").rglob("*.html"))
        server = subprocess.Popen([sys.executable, "-m", "benchmarks.crawlsite", str(root / "site"), str(args.hosts), str(port)],
                                  cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
        try:
            if server.stdout.readline().strip() != "serving":
                print("benchmarks.crawl: error: the site server did not start", file=sys.stderr)
                return 1
            traf = trafilatura_alone(files)
            fetch = fetch_only(sitemaps)
            run = crawl(sitemaps, root / "data", root / "crawl.log")
        except BenchmarkError as exc:
            print(f"benchmarks.crawl: error: {exc}", file=sys.stderr)
            return 1
        finally:
            server.terminate()
            server.wait()
        if run.returncode != 0:
            tail = (root / "crawl.log").read_text(errors="replace").splitlines()[-5:]
            print(f"benchmarks.crawl: error: scrapy crawl news exited {run.returncode}: {' | '.join(tail)}", file=sys.stderr)
            return 1
        render(args.pages, args.hosts, traf, fetch, run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
