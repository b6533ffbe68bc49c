"""Web and export benchmark: `newssearch serve`'s API against the CLI's own search, the
search page's first render in Chromium, and `newssearch export` throughput and memory.

    python -m benchmarks.web --docs 100000 [--data DIR] [--reuse] [--repeat 30] [--readme OUT.md]

The index is the search benchmark's (`benchmarks/search_corpus.py` articles, built by
`python -m benchmarks.search`'s builder in a child process; `--reuse` takes one already
in DIR). Everything talks to a `newssearch serve` process on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.search import build_or_reuse, kind_request, percentiles, pick_terms, query_kinds, write_corpus
from newscrawler.settings import INDEX_BATCH_SIZE

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """p50 and p95 in milliseconds over ``repeat`` runs after one warm-up."""
    p50, p95, _ = percentiles(lambda _: run(), {}, repeat)
    return p50, p95


def page_params(kind: dict) -> dict[str, str]:
    """A query kind of the search benchmark as the page's / API's URL parameters."""
    params = {"q": kind["text"]}
    for name in ("since", "until", "sort"):
        if name in kind:
            params[name] = kind[name]
    return params


# ---- the CLI's warm search, in process ---------------------------------------------------

def cli_runner(data_dir: Path) -> Callable[[dict], int]:
    """What `newssearch QUERY --json` does once its index is open: search, snippets, JSON."""
    from search.hits import find
    from search.index import open_searcher
    from search.output import hit_json, to_json

    searcher = open_searcher(data_dir)

    def run(kind: dict) -> int:
        return len([to_json(hit_json(hit)) for hit in find(searcher, kind_request(kind)).hits])

    return run


# ---- the server -------------------------------------------------------------------------------

class Server:
    """A `newssearch serve` process on a free loopback port, and a kept-alive connection to it."""

    def __init__(self, data_dir: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "search", "--data", str(data_dir), "serve", "--port", "0"],
            stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )
        self.base = self.process.stdout.readline().split(" at ", 1)[1].split()[0].rstrip("/")
        self.port = int(self.base.rsplit(":", 1)[1])
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port)

    def get(self, path: str, fresh: bool = False) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", self.port) if fresh else self.connection
        try:
            connection.request("GET", path)
            response = connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()  # uvicorn closes a connection idle for 5 s; a browser reconnects too
            connection.request("GET", path)
            response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:200]!r}")
        if fresh:
            connection.close()
        return body

    def close(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def browser_render(base: str, path: str, repeat: int) -> tuple[float, float, float] | None:
    """Medians over fresh navigations in headless Chromium: first contentful paint, load
    event and the chart drawn (ms from navigation start); None without Chromium."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return None
    from selenium import webdriver
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="newssearch-bench-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    paints, loads, charts = [], [], []
    try:
        for n in range(repeat + 1):
            driver.get("about:blank")
            driver.get(base + path)
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("return performance.getEntriesByName('newssearch:chart-drawn').length"))
            timing = driver.execute_script(
                "const nav = performance.getEntriesByType('navigation')[0];"
                "const paint = performance.getEntriesByName('first-contentful-paint')[0];"
                "return [paint ? paint.startTime : null, nav.loadEventEnd,"
                " performance.getEntriesByName('newssearch:chart-drawn')[0].startTime];")
            if n:  # the first navigation warms the browser's own caches
                paints.append(timing[0] or timing[1])
                loads.append(timing[1])
                charts.append(timing[2])
    finally:
        driver.quit()
    return statistics.median(paints), statistics.median(loads), statistics.median(charts)


# ---- export ------------------------------------------------------------------------------------

def child_run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    error = process.stderr.read().decode()
    process.stderr.close()
    if status:
        raise RuntimeError(f"{' '.join(command)} failed: {error}")
    return seconds, usage.ru_maxrss / 1024


BASELINE_JSONL = (
    "import json,sys\n"
    "with open(sys.argv[1], encoding='utf-8') as lines, open(sys.argv[2], 'w', encoding='utf-8') as out:\n"
    "    for line in lines: out.write(json.dumps(json.loads(line), ensure_ascii=False) + '\\n')\n"
)


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


# ---- the report ------------------------------------------------------------------------------

def measure(args: argparse.Namespace) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    data = args.data
    write_corpus(data, args.docs)
    build_or_reuse("whoosh", args)
    terms = pick_terms(args.docs)
    kinds = query_kinds(terms)
    web_rows: list[tuple[str, ...]] = []
    cli = cli_runner(data)
    server = Server(data)
    try:
        for name, kind in kinds.items():
            path = "/api/search?" + urlencode(page_params(kind))
            found = len(json.loads(server.get(path))["hits"])
            c50, c95 = timed(lambda: cli(kind), args.repeat)
            a50, a95 = timed(lambda: server.get(path), args.repeat)
            web_rows.append((f"/api/search {name} ({found} hits)", f"{c50:.1f} / {c95:.1f}", f"{a50:.1f} / {a95:.1f}",
                             f"{a95 / c95:.2f}"))
        page = "/?" + urlencode({"q": terms["common"]})
        c50, c95 = timed(lambda: cli(kinds["one term"]), args.repeat)
        h50, h95 = timed(lambda: server.get(page, fresh=True), args.repeat)
        web_rows.append(("search page HTML, new connection", f"{c50:.1f} / {c95:.1f}", f"{h50:.1f} / {h95:.1f}",
                         f"{h95 / c95:.2f}"))
        for label, query in (("one term", {"q": terms["common"]}), ("every article", {})):
            path = "/api/histogram?" + urlencode(query)
            count = json.loads(server.get(path))["articles"]
            g50, g95 = timed(lambda: server.get(path), max(5, args.repeat // 3))
            web_rows.append((f"/api/histogram {label} ({count:,} articles)", "-", f"{g50:.1f} / {g95:.1f}", "-"))
        rendered = browser_render(server.base, page, args.browser_repeat)
        if rendered:
            paint, load, chart = rendered
            web_rows.append(("page in Chromium: first paint / load / chart drawn", "-",
                             f"{paint:.0f} / {load:.0f} / {chart:.0f}", "-"))
    finally:
        server.close()

    export_rows: list[tuple[str, ...]] = []
    out_dir = Path(tempfile.mkdtemp(prefix="newssearch-export-bench-"))
    base_out = out_dir / "baseline.jsonl"
    b_seconds, b_rss = child_run([sys.executable, "-c", BASELINE_JSONL, str(data / "corpus.jsonl"), str(base_out)])
    base_rate = args.docs / b_seconds
    export_rows.append(("baseline: JSON Lines file re-encoded line by line", f"{args.docs:,}", f"{base_rate:.0f}",
                        f"{b_rss:.0f}", "1.00"))
    _, open_rss = child_run([sys.executable, "-m", "search", "--data", str(data), "stats", "--json"])
    export_rows.append(("baseline: `newssearch stats` (index open)", "-", "-", f"{open_rss:.0f}", "-"))
    newssearch = [sys.executable, "-m", "search", "--data", str(data), "export"]
    for fmt in ("jsonl", "csv", "parquet"):
        out = out_dir / f"all.{fmt}"
        seconds, rss = child_run([*newssearch, "--format", fmt, "--out", str(out)])
        rows = args.docs
        export_rows.append((f"export --format {fmt}, every article", f"{rows:,}", f"{rows / seconds:.0f}",
                            f"{rss:.0f}", f"{rows / seconds / base_rate:.2f}"))
        out.unlink()
    out = out_dir / "some.jsonl"
    seconds, rss = child_run([*newssearch, terms["common"], "--out", str(out)])
    rows = count_lines(out)
    export_rows.append((f"export {terms['common']!r} (one term), jsonl", f"{rows:,}", f"{rows / seconds:.0f}",
                        f"{rss:.0f}", f"{rows / seconds / base_rate:.2f}"))
    return web_rows, export_rows


WEB_HEAD = ("measure (ms, p50 / p95)", "CLI warm (in process)", "newssearch serve", "ratio p95 serve/CLI")
EXPORT_HEAD = ("export", "articles", "articles/s", "peak RSS (MB)", "rate vs baseline")


def render(tables, args) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    lines = []
    for title, head, rows in zip(("web", "export"), (WEB_HEAD, EXPORT_HEAD), tables):
        table = Table(title=f"{title} benchmark, {args.docs:,} articles")
        for column in head:
            table.add_column(column, justify="left" if column == head[0] else "right")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        lines += [f"| {' | '.join(head)} |", "|---" + "|---:" * (len(head) - 1) + "|"]
        lines += [f"| {' | '.join(row)} |" for row in rows] + [""]
    if args.readme:
        Path(args.readme).write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web", description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="number of articles (default 100000)")
    parser.add_argument("--data", type=Path, help="where to build (default: a temporary directory)")
    parser.add_argument("--reuse", action="store_true", help="reuse the index an earlier run built in --data")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per request (default 30)")
    parser.add_argument("--browser-repeat", type=int, default=7, help="page loads in Chromium (default 7)")
    parser.add_argument("--readme", help="also write the tables as Markdown to this file")
    args = parser.parse_args(argv)
    args.batch, args.helper = INDEX_BATCH_SIZE, True  # the search benchmark's builder, as the crawler indexes
    if args.data is None:
        args.data = Path(tempfile.mkdtemp(prefix="newssearch-web-bench-"))
    render(measure(args), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
