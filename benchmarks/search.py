"""Search benchmark: newssearch (Whoosh) against SQLite FTS5 on the same synthetic articles.

    python -m benchmarks.search --docs 100000 [--data DIR] [--reuse] [--readme OUT.md] [--languages DIR]

Builds both indexes (each in a child process, so peak RSS is the builder's own),
then measures a cold `newssearch` run in a fresh process (time to the first
result line and the process's peak RSS) and warm in-process latencies (p50/p95)
for each query kind, and prints a table with the Whoosh/FTS5 ratio. With
``--languages DIR``, also recall@10 per language against FTS5 unicode61 and
trigram (see :mod:`benchmarks.search_languages`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks import search_languages
from benchmarks.search_corpus import articles
from newscrawler.settings import INDEX_BATCH_SIZE
from search.datadir import DataDir
from search.documents import to_utc_naive

ROOT = Path(__file__).resolve().parent.parent
FTS_FILE = "fts5.sqlite"
CORPUS_FILE = "corpus.jsonl"


# ---- building ---------------------------------------------------------------------------

def write_corpus(data_dir: Path, docs: int) -> None:
    """Write the synthetic articles once to ``corpus.jsonl``; the builds read them
    back, so neither build's time includes generating them (~0.3 ms an article)."""
    path = data_dir / CORPUS_FILE
    if path.exists() and sum(1 for _ in path.open(encoding="utf-8")) == docs:
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in articles(docs):
            out.write(json.dumps(record) + "\n")


def corpus_records(data_dir: Path) -> Iterator[dict]:
    with (data_dir / CORPUS_FILE).open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def build_whoosh(data_dir: Path, batch: int, helper: bool) -> dict:
    from search.indexwriter import ArticleIndexWriter

    records = corpus_records(data_dir)
    start = time.perf_counter()
    with ArticleIndexWriter(data_dir, batch_size=batch, helper=helper) as writer:
        for record in records:
            writer.add(record)
    return {"seconds": time.perf_counter() - start}


def build_fts(data_dir: Path, batch: int, helper: bool) -> dict:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / FTS_FILE
    path.unlink(missing_ok=True)
    records = corpus_records(data_dir)
    start = time.perf_counter()
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter unicode61');"
        "CREATE TABLE meta(rowid INTEGER PRIMARY KEY, url TEXT, source TEXT, published TEXT, date TEXT);"
        "CREATE INDEX meta_date ON meta(date);"
    )
    rows = []
    for number, record in enumerate(records, start=1):
        rows.append((number, record))
        if len(rows) == batch:
            _insert(db, rows)
            rows = []
    _insert(db, rows)
    db.close()
    return {"seconds": time.perf_counter() - start}


def _insert(db: sqlite3.Connection, rows: list) -> None:
    with db:
        db.executemany("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                       [(n, r["title"], r["body"]) for n, r in rows])
        db.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?)",
                       [(n, r["url"], r["source"], r["published"], to_utc_naive(r["published"]).isoformat())
                        for n, r in rows])


def build_or_reuse(kind: str, args: argparse.Namespace) -> dict:
    """Build one index in a child process, or with --reuse take the one already there."""
    record = args.data / f"build-{kind}.json"
    if args.reuse and record.exists():
        return json.loads(record.read_text())
    result = build_in_child(kind, args)
    record.write_text(json.dumps(result))
    return result


def build_in_child(kind: str, args: argparse.Namespace) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.search", "--child-build", kind, "--data", str(args.data),
         "--docs", str(args.docs), "--batch", str(args.batch), *(["--no-helper"] if not args.helper else [])],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return json.loads(out.stdout)


# ---- query kinds --------------------------------------------------------------------------

def pick_terms(docs: int) -> dict:
    """Query words by the share of articles containing them, like real queries:
    a frequent content word (~10% of articles), a rarer one (~1%), a near stop
    word (~90%), a title word, and a phrase seen in an article."""
    sample = list(articles(min(docs, 1000)))
    share: Counter[str] = Counter()
    titles: Counter[str] = Counter()
    for record in sample:
        share.update(set(record["body"].lower().replace(".", "").split()))
        titles.update(set(record["title"].lower().split()))

    def near(fraction: float, counts: Counter[str] = share) -> str:
        target = fraction * len(sample)
        return min((w for w in counts if len(w) > 3), key=lambda w: (abs(counts[w] - target), w))

    words = sample[0]["body"].lower().replace(".", "").split()
    return {"common": near(0.10), "mid": near(0.01), "stopword": near(0.90),
            "title_word": near(0.01, titles), "phrase": f"{words[40]} {words[41]}"}


def query_kinds(t: dict) -> dict[str, dict]:
    """Each kind: the newssearch request and the equivalent FTS5 SQL and parameters."""
    rank = "ORDER BY bm25(fts, 3.0, 1.0) LIMIT 10"
    select = "SELECT fts.rowid, meta.url FROM fts JOIN meta ON meta.rowid = fts.rowid WHERE fts MATCH ?"
    window = ("2025-06-01", "2025-06-30")  # whole days, as `--since/--until` dates
    return {
        "one term": {"text": t["common"], "sql": (f"{select} {rank}", [t["common"]])},
        "one near-stop word": {"text": t["stopword"], "sql": (f"{select} {rank}", [t["stopword"]])},
        "two terms": {"text": f"{t['common']} {t['mid']}", "sql": (f"{select} {rank}", [f"{t['common']} {t['mid']}"])},
        "phrase": {"text": f'"{t["phrase"]}"', "sql": (f"{select} {rank}", [f'"{t["phrase"]}"'])},
        "field query": {"text": f"title:{t['title_word']}", "sql": (f"{select} {rank}", [f"title:{t['title_word']}"])},
        "date range": {
            "text": t["common"], "since": window[0], "until": window[1],
            "sql": (f"{select} AND meta.date >= ? AND meta.date < ? {rank}", [t["common"], window[0], "2025-07-01"]),
        },
        "date sorted": {
            "text": t["common"], "sort": "-date",
            "sql": (f"{select} ORDER BY meta.date DESC LIMIT 10", [t["common"]]),
        },
        "snippets": {
            "text": t["common"], "snippets": True,
            "sql": ("SELECT fts.rowid, snippet(fts, 1, '[', ']', '…', 24) FROM fts WHERE fts MATCH ? "
                    "ORDER BY bm25(fts, 3.0, 1.0) LIMIT 10", [t["common"]]),
        },
    }


def kind_request(kind: dict):
    """The newssearch request of a query kind."""
    from search.datebounds import parse_bound
    from search.query import SearchRequest

    return SearchRequest(
        text=kind["text"], sort=kind.get("sort", "relevance"),
        since=parse_bound(kind["since"], end=False) if "since" in kind else None,
        until=parse_bound(kind["until"], end=True) if "until" in kind else None,
    )


def whoosh_runner(data_dir: Path) -> Callable[[dict], int]:
    from search.hits import page
    from search.index import open_searcher
    from search.query import execute

    searcher = open_searcher(data_dir)

    def run(kind: dict) -> int:
        outcome = execute(searcher, kind_request(kind))
        if kind.get("snippets"):
            return len(page(searcher, outcome.query, outcome.results, outcome.picks, scored=True))
        return len([outcome.results[n].fields() for n in outcome.picks])

    return run


def fts_runner(data_dir: Path) -> Callable[[dict], int]:
    db = sqlite3.connect(data_dir / FTS_FILE)

    def run(kind: dict) -> int:
        sql, params = kind["sql"]
        return len(db.execute(sql, params).fetchall())

    return run


def percentiles(run: Callable[[dict], int], kind: dict, repeat: int) -> tuple[float, float, int]:
    found = run(kind)  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(kind)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], found


# ---- cold start -------------------------------------------------------------------------------

def cold_run(command: list[str]) -> tuple[float, float, float]:
    """Milliseconds to the first line of output, CPU milliseconds and peak RSS (MB) of the process."""
    # As users run it: with Python's bytecode cache (some shells turn it off).
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    proc.stdout.readline()
    first = (time.perf_counter() - start) * 1000
    proc.stdout.read()
    proc.stdout.close()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return first, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024


def cold(command: list[str], repeat: int = 9) -> tuple[float, float, float]:
    """Medians of time to first result and CPU time, and the largest peak RSS
    (after one run that fills the bytecode and file caches)."""
    cold_run(command)
    runs = [cold_run(command) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] for r in runs))


FTS_CLI = (
    "import sqlite3,sys;db=sqlite3.connect(sys.argv[1]);"
    "[print(r) for r in db.execute(\"SELECT fts.rowid, snippet(fts,1,'[',']','…',24) FROM fts "
    "WHERE fts MATCH ? ORDER BY bm25(fts,3.0,1.0) LIMIT 10\",[sys.argv[2]])]"
)


# ---- report ---------------------------------------------------------------------------------

def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def measure(args: argparse.Namespace) -> list[tuple[str, str, str, str]]:
    data = args.data
    rows: list[tuple[str, str, str, str]] = []
    write_corpus(data, args.docs)
    built = {kind: build_or_reuse(kind, args) for kind in ("whoosh", "fts")}
    w, f = built["whoosh"], built["fts"]
    rows.append(("index build (docs/s)", f"{args.docs / w['seconds']:.0f}", f"{args.docs / f['seconds']:.0f}",
                 f"{f['seconds'] / w['seconds']:.2f}"))
    rows.append(("index build peak RSS (MB)", f"{w['rss_mb']:.0f}", f"{f['rss_mb']:.0f}", f"{w['rss_mb'] / f['rss_mb']:.2f}"))
    if w.get("helper_rss_mb"):
        rows.append(("index build helper peak RSS (MB)", f"{w['helper_rss_mb']:.0f}", "-", "-"))
    ws, fs = size_mb(DataDir(data).index), size_mb(data / FTS_FILE)
    rows.append(("index size (MB)", f"{ws:.0f}", f"{fs:.0f}", f"{ws / fs:.2f}"))

    terms = pick_terms(args.docs)
    kinds = query_kinds(terms)
    cli = [sys.executable, "-m", "search", "--data", str(data), terms["mid"]]
    w_cold, w_cpu, w_rss = cold(cli)
    f_cold, f_cpu, f_rss = cold([sys.executable, "-c", FTS_CLI, str(data / FTS_FILE), terms["mid"]])
    rows.append(("cold CLI to first result (ms)", f"{w_cold:.0f}", f"{f_cold:.0f}", f"{w_cold / f_cold:.2f}"))
    rows.append(("cold CLI CPU time (ms)", f"{w_cpu:.0f}", f"{f_cpu:.0f}", f"{w_cpu / f_cpu:.2f}"))
    rows.append(("cold CLI peak RSS (MB)", f"{w_rss:.0f}", f"{f_rss:.0f}", f"{w_rss / f_rss:.2f}"))

    whoosh, fts = whoosh_runner(data), fts_runner(data)
    for name, kind in kinds.items():
        w50, w95, wn = percentiles(whoosh, kind, args.repeat)
        f50, f95, fn = percentiles(fts, kind, args.repeat)
        rows.append((f"{name}: p50 / p95 ms ({wn} / {fn} hits)", f"{w50:.1f} / {w95:.1f}", f"{f50:.1f} / {f95:.1f}",
                     f"{w95 / f95:.1f}" if f95 else "-"))
    return rows


def render(rows, args) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"search benchmark, {args.docs:,} articles")
    for column in ("measure", "newssearch (Whoosh)", "SQLite FTS5", "ratio Whoosh/FTS5"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    if args.readme:
        lines = [f"| measure ({args.docs:,} articles) | newssearch (Whoosh) | SQLite FTS5 | ratio |", "|---|---:|---:|---:|"]
        lines += [f"| {' | '.join(row)} |" for row in rows]
        Path(args.readme).write_text(_README_HEAD + "\n".join(lines) + "\n")


_README_HEAD = """## Search (newssearch)

`python -m benchmarks.search --docs N [--data DIR] [--reuse] [--batch B] [--no-helper] [--readme FILE]`
indexes N synthetic articles (`benchmarks/search_corpus.py`: Zipf word
frequencies over a 60k-word vocabulary, log-normal lengths around 480 words,
20 sources, one year of dates, 10% syndicated copies) with `ArticleIndexWriter`
(a commit every B articles, default the crawler's `INDEX_BATCH_SIZE`, 1000;
with the helper process unless `--no-helper`, like the crawler's `INDEX_HELPER`)
and the same articles into SQLite FTS5 (porter unicode61, title weight 3 like
ours) as the baseline, in the same run.

- Query words are chosen by the share of articles containing them: "one term"
  ~10%, "two terms" 10% + 1%, "near-stop word" ~90%; "date range" is a 30-day
  window with the 10% word, "date sorted" the 10% word newest first.
- Warm: one process, index open, p50/p95 over repeated runs, including fetching
  the 10 stored documents (and, for "snippets", highlighting them). FTS5 has no
  story collapsing; newssearch does collapse.
- Cold: `python -m search --data DIR WORD` in a fresh process, time to the
  first line of output, median of 9; the OS file cache and Python's bytecode
  cache are warm.
- Build: peak RSS is the writer's; the helper process's peak is reported apart.
- The machine is shared and has 2 cores; other jobs ran at the same time, so
  absolute times are noisy. Ratios are from the same run.

"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="number of articles (default 100000)")
    parser.add_argument("--data", type=Path, help="where to build (default: a temporary directory)")
    parser.add_argument("--reuse", action="store_true", help="reuse indexes already built in --data by an earlier run")
    parser.add_argument("--batch", type=int, default=INDEX_BATCH_SIZE,
                        help=f"articles per commit (default {INDEX_BATCH_SIZE}, the crawler's INDEX_BATCH_SIZE)")
    parser.add_argument("--no-helper", dest="helper", action="store_false",
                        help="index in one process (the crawler's INDEX_HELPER = False)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per warm query (default 30)")
    parser.add_argument("--readme", help="also write the results as Markdown to this file")
    parser.add_argument("--languages", type=Path, metavar="DIR",
                        help="also measure multilingual relevance on the Universal Dependencies CoNLL-U files "
                             "in DIR (benchmarks/search_languages.py); with --docs 0, only that")
    parser.add_argument("--child-build", choices=("whoosh", "fts"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_build:
        result = (build_whoosh if args.child_build == "whoosh" else build_fts)(args.data, args.batch, args.helper)
        result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["helper_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    if args.data is None:
        args.data = Path(tempfile.mkdtemp(prefix="newssearch-bench-"))
    if args.docs:
        render(measure(args), args)
    if args.languages:
        render_languages(search_languages.measure(args.languages, args.data / "languages"), args)
    return 0


def render_languages(rows: list[tuple[str, ...]], args: argparse.Namespace) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="multilingual relevance: recall@10 of another form of a headline word")
    for column in search_languages.HEADER:
        table.add_column(column, justify="left" if column == "language" else "right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    if args.readme:
        lines = ["| " + " | ".join(search_languages.HEADER) + " |", "|---" + "|---:" * (len(search_languages.HEADER) - 1) + "|"]
        lines += [f"| {' | '.join(row)} |" for row in rows]
        with open(args.readme, "a", encoding="utf-8") as out:
            out.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
