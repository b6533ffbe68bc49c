"""WARC: reading archived pages through the pipeline against crawling the same pages live, and disk cost.

    python -m benchmarks.warc [DIR]        # DIR/html/*.html.gz (default ../shared/extraction-dev)

One run, same pages, same machine:

1. the pages are served on 127.0.0.1 behind an index page and crawled live with the
   real ``scrapy crawl news`` (no politeness delay), which also writes the WARC files;
2. those WARC files are read back with ``scrapy crawl news -a warc=...`` into a fresh
   data directory (same pipelines, no network);
3. warcio and FastWARC each iterate the same WARC file (repeated to a few thousand
   records) reading every response payload, in fresh processes.

Pages/s divides the articles stored by the crawl's own time (the "crawl finished in"
line: engine start to close, process start-up excluded). MB of WARC per 1,000
articles is the size of ``warc/`` over the articles stored.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from newscrawler.demo.server import serve_site

ROOT = Path(__file__).resolve().parents[1]
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
        "INCREMENTAL_MAX_AGE_DAYS": "0", "DEPTH_LIMIT": "1", "ROBOTSTXT_OBEY": "False", "INDEX_HELPER": "False"}
PARSE_REPEAT_RECORDS = 5000


def build_site(pages_dir: Path, site: Path) -> int:
    """Each page at /a/N.html, linked from /index.html; returns the number of pages."""
    names = sorted(pages_dir.glob("*.html.gz"))
    (site / "a").mkdir(parents=True)
    links = []
    for number, path in enumerate(names):
        (site / "a" / f"{number}.html").write_bytes(gzip.decompress(path.read_bytes()))
        links.append(f'<li><a href="/a/{number}.html">page {number}</a></li>')
    (site / "index.html").write_text(f"<html><body><h1>Index</h1><ul>{''.join(links)}</ul></body></html>")
    return len(names)


def crawl(data: Path, *spider_args: str) -> float:
    """Run the real crawl; return its own time in seconds (the summary's "crawl finished in")."""
    command = [sys.executable, "-m", "scrapy", "crawl", "news"]
    for arg in spider_args:
        command += ["-a", arg]
    for name, value in FAST.items():
        command += ["-s", f"{name}={value}"]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "NEWS_DATA": str(data)},
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"crawl failed ({done.returncode}): {done.stderr[-2000:]}")
    match = re.search(r"crawl finished in ([\d.]+)s", done.stdout)
    return float(match.group(1)) if match else float("nan")


def articles(data: Path) -> int:
    from search.archive import Archive

    return sum(1 for _ in Archive(data / "archive.jsonl").iter_latest())


PARSERS = {
    "warcio": "from warcio.archiveiterator import ArchiveIterator\n"
              "with open(PATH, 'rb') as f:\n"
              "    n = sum(len(r.content_stream().read()) > -1 for r in ArchiveIterator(f) if r.rec_type == 'response')\n",
    "fastwarc": "from fastwarc.warc import ArchiveIterator, WarcRecordType\n"
                "with open(PATH, 'rb') as f:\n"
                "    n = sum(len(r.reader.read()) > -1 for r in ArchiveIterator(f, record_types=WarcRecordType.response, parse_http=True))\n",
}


def parse_speed(name: str, path: Path) -> tuple[int, float] | None:
    """(responses, CPU seconds) of one library reading ``path`` in a fresh process; None if not installed."""
    code = (f"import resource, time\nPATH = {str(path)!r}\n" + PARSERS[name] +
            "u = resource.getrusage(resource.RUSAGE_SELF)\nprint(n, u.ru_utime + u.ru_stime)\n")
    warm = "import resource\n" + PARSERS[name].split("\n")[0] + "\nu = resource.getrusage(resource.RUSAGE_SELF)\nprint(0, u.ru_utime + u.ru_stime)\n"
    runs = []
    for program in (warm, code):
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
        if done.returncode != 0:
            return None
        count, seconds = done.stdout.split()
        runs.append((int(count), float(seconds)))
    return runs[1][0], runs[1][1] - runs[0][1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="?", default=str(ROOT.parent / "shared" / "extraction-dev"),
                        help="a directory with html/*.html.gz pages")
    args = parser.parse_args(argv)
    pages_dir = Path(args.pages) / "html"
    if not pages_dir.is_dir():
        print(f"no pages at {pages_dir}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-warc-"))
    try:
        count = build_site(pages_dir, work / "site")
        with serve_site(work / "site") as site:
            live_seconds = crawl(work / "live", f"url={site.base_url}index.html")
        stored = articles(work / "live")
        warc_files = sorted((work / "live" / "warc").glob("*.warc.gz"))
        warc_bytes = sum(p.stat().st_size for p in warc_files)
        archive_bytes = (work / "live" / "archive.jsonl").stat().st_size
        replay_seconds = crawl(work / "replay", "warc=" + ",".join(map(str, warc_files)), "domains=127.0.0.1")
        replayed = articles(work / "replay")

        print(f"{count} pages served, {stored} stored as articles by the live crawl, {replayed} from its WARC\n")
        print("| run | articles | crawl s | articles/s | vs live |")
        print("|---|---:|---:|---:|---:|")
        live_rate, replay_rate = stored / live_seconds, replayed / replay_seconds
        print(f"| live crawl (loopback, no delay) | {stored} | {live_seconds:.1f} | {live_rate:.2f} | 1.00 |")
        print(f"| `-a warc=` of the same pages | {replayed} | {replay_seconds:.1f} | {replay_rate:.2f} | {replay_rate / live_rate:.2f} |")
        print()
        print("| disk | bytes | MB per 1,000 articles |")
        print("|---|---:|---:|")
        print(f"| `warc/` (request + response, gzip) | {warc_bytes} | {warc_bytes / stored * 1000 / 1e6:.1f} |")
        print(f"| `archive.jsonl` (for comparison) | {archive_bytes} | {archive_bytes / stored * 1000 / 1e6:.1f} |")
        print()

        data = b"".join(p.read_bytes() for p in warc_files)
        repeated = work / "repeated.warc.gz"
        per_copy = max(1, data.count(b"\x1f\x8b\x08") // 2)
        repeated.write_bytes(data * max(1, PARSE_REPEAT_RECORDS // per_copy))
        megabytes = repeated.stat().st_size / 1e6
        print(f"| WARC reader ({megabytes:.0f} MB file) | responses | CPU s | responses/s | MB/s | vs warcio |")
        print("|---|---:|---:|---:|---:|---:|")
        base = None
        for name in PARSERS:
            result = parse_speed(name, repeated)
            if result is None:
                print(f"| {name} | not installed | | | | |")
                continue
            responses, seconds = result
            rate = responses / seconds
            base = base or rate
            print(f"| {name} | {responses} | {seconds:.2f} | {rate:.0f} | {megabytes / seconds:.0f} | {rate / base:.2f} |")
        print(f"\nper page: pipeline {1000 / replay_rate:.1f} ms (replay run), reading with warcio "
              f"{1000 / base:.2f} ms" if base else "")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
