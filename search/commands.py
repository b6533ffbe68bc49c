"""What each ``newssearch`` command does, given parsed arguments and the data directory."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from whoosh import query as wq
from whoosh.searching import Searcher

from search import export, stats
from search.articles import full_record, matching_records
from search.datebounds import DateError, parse_bound
from search.documents import story_key
from search.hits import HitView, find, highlighter
from search.index import (
    IndexCorruptError,
    IndexEmptyError,
    IndexOutdatedError,
    IndexMissingError,
    READ_ERRORS,
    SearchIndexError,
    open_searcher,
)
from search.datadir import DataDir
from search.lookup import find_docnum
from search.output import Writer, clean, hit_json, local_time
from search.query import QueryError, SearchRequest
from search.querylang import similar_query
from search.web import ServeError

USER_ERRORS = (SearchIndexError, QueryError, DateError, export.ExportError, ServeError)


@contextlib.contextmanager
def _searcher(data_dir: Path, require_docs: bool = True) -> Iterator[Searcher]:
    """An open searcher; damage found while reading becomes :class:`IndexCorruptError`."""
    searcher = _open_current(data_dir)
    try:
        if require_docs and searcher.doc_count() == 0:
            raise IndexEmptyError(f"the index at {data_dir} is empty; run `scrapy crawl news` first")
        yield searcher
    except BrokenPipeError:
        raise  # the reader went away (`| head`): an OSError, but not a damaged index
    except READ_ERRORS as exc:
        raise IndexCorruptError(
            f"the index at {DataDir(data_dir).index} is damaged; run `newssearch reindex`"
        ) from exc
    finally:
        searcher.close()


def _open_current(data_dir: Path) -> Searcher:
    """:func:`open_searcher`, after rebuilding from the archive an index that an
    older version wrote (once: the new one has the current format)."""
    try:
        return open_searcher(data_dir)
    except IndexOutdatedError:
        if not DataDir(data_dir).archive.is_file():
            raise
        from search.indexwriter import rebuild_index  # the write path: loaded only to upgrade

        rebuild_index(data_dir, helper=(os.cpu_count() or 1) > 1)
        return open_searcher(data_dir)


def _request(args: argparse.Namespace, **paging: object) -> SearchRequest:
    """The query and filters given on the command line (``paging``: sort, limit, offset)."""
    return SearchRequest(
        text=" ".join(args.query),
        since=parse_bound(args.since, end=False) if args.since else None,
        until=parse_bound(args.until, end=True) if args.until else None,
        source=args.source,
        language=args.lang,
        author=args.author,
        **paging,
    )


def run_search(args: argparse.Namespace, data_dir: Path) -> int:
    request = _request(args, sort=args.sort, limit=args.limit, offset=args.offset)
    out = Writer()
    with _searcher(data_dir) as searcher:
        found = find(searcher, request)
        hits = found.hits
        if not hits:
            if request.offset:
                message = f"no more results after {request.offset}"
            else:
                message = f"no articles match {clean(request.text)!r}"
                if found.suggestion:
                    message += f"; did you mean: {clean(found.suggestion)}"
            if args.json:
                sys.stderr.write(message + "\n")  # stdout stays valid (empty) JSON Lines
            else:
                out.line(message)
            return 0
        _print_hits(out, hits, request.offset + 1, args.json)
        if not args.json and len(hits) == request.limit:
            out.line(f"more: --offset {request.offset + request.limit}", style="dim")
    return 0


def _find_or_report(searcher: Searcher, url: str) -> int | None:
    """The article's document number, or None after telling the user it is not indexed."""
    docnum = find_docnum(searcher, url)
    if docnum is None:
        sys.stderr.write(f"newssearch: no article with URL {clean(url)} in the index\n")
    return docnum


def run_show(args: argparse.Namespace, data_dir: Path) -> int:
    out = Writer()
    with _searcher(data_dir) as searcher:
        docnum = _find_or_report(searcher, args.url)
        if docnum is None:
            return 1
        record = full_record(searcher, docnum)
    if args.json:
        out.json_line(record)
        return 0
    out.line(clean(record["title"]) or "(untitled)", style="bold")
    meta = [clean(record["source"]), local_time(record["published"]), ", ".join(clean(a) for a in record["authors"])]
    out.line(" · ".join(part for part in meta if part), style="dim")
    out.line(clean(record["url"] or record["id"]), style="dim")
    out.line()
    for paragraph in record["body"].split("\n\n"):
        out.line(clean(paragraph))
        out.line()
    for url in record["also"]:
        out.line(f"also at: {clean(url)}", style="dim")
    return 0


def run_stats(args: argparse.Namespace, data_dir: Path) -> int:
    out = Writer()
    with _searcher(data_dir, require_docs=False) as searcher:
        summary = stats.collect(searcher, data_dir)
    if args.json:
        out.json_line(summary)
        return 0
    out.line(f"articles: {summary['articles']}")
    out.line(f"stories:  {summary['stories']}")
    out.line(f"index:    {summary['index_bytes'] / 1e6:.1f} MB")
    crawl = summary["last_crawl"]
    if isinstance(crawl, dict):
        if crawl.get("finished"):
            out.line(f"last crawl: {local_time(str(crawl['finished']))}")
    for title, key in (("sources", "sources"), ("languages", "languages")):
        out.line(f"{title}:")
        for name, count in summary[key].items():
            out.line(f"  {clean(str(name))}: {count}")
    out.line("last 30 days:")
    for day, count in summary["per_day"].items():
        if count:
            out.line(f"  {day}: {count}")
    return 0


def run_reindex(args: argparse.Namespace, data_dir: Path) -> int:
    from search.indexwriter import rebuild_index  # the write path: only this command loads it

    count = rebuild_index(data_dir, helper=(os.cpu_count() or 1) > 1)
    Writer().line(f"indexed {count} articles from the archive")
    return 0


def run_doctor(args: argparse.Namespace, data_dir: Path) -> int:
    """One line per file; exit status 1 while something is left damaged."""
    from search.doctor import examine, no_crawl_running  # reads and writes everything: only this command

    data_dir = DataDir(data_dir)
    if not data_dir.root.is_dir():
        raise IndexMissingError(f"no data directory at {data_dir}; run `scrapy crawl news` first")
    out = Writer()
    left = 0
    with no_crawl_running(data_dir) if args.repair else contextlib.nullcontext():
        for finding in examine(data_dir):
            if finding.problem is None:
                out.line(f"{finding.name}: {finding.verdict}" + (f" ({finding.note})" if finding.note else ""))
            elif args.repair:
                finding.repair()
                out.line(f"{finding.name}: damaged ({finding.problem}); moved aside, {finding.remedy}")
            else:
                left += 1
                out.line(f"{finding.name}: damaged ({finding.problem}); would be {finding.remedy} (--repair)")
    return 1 if left else 0


def run_similar(args: argparse.Namespace, data_dir: Path) -> int:
    out = Writer()
    with _searcher(data_dir) as searcher:
        docnum = _find_or_report(searcher, args.url)
        if docnum is None:
            return 1
        stored = searcher.stored_fields(docnum)
        story = story_key(stored)
        plain = highlighter(searcher, wq.NullQuery)
        results = searcher.search(similar_query(searcher, docnum), limit=args.limit + 20, mask={docnum})
        hits = []
        for hit in results:
            fields = hit.fields()
            if story_key(fields) == story:
                continue
            hits.append(HitView(record=fields, score=round(hit.score, 4), snippet=plain.snippet(fields.get("body") or "")))
            if len(hits) == args.limit:
                break
    if not hits and not args.json:
        out.line("no similar articles")
    _print_hits(out, hits, 1, args.json)
    return 0


def _print_hits(out: Writer, hits: list[HitView], first_rank: int, as_json: bool) -> None:
    for rank, hit in enumerate(hits, start=first_rank):
        if as_json:
            out.json_line(hit_json(hit))
        else:
            out.hit(rank, hit)


def run_export(args: argparse.Namespace, data_dir: Path) -> int:
    request = _request(args)
    fmt = export.format_for(args.out, args.format)
    with _searcher(data_dir, require_docs=False) as searcher:
        records = matching_records(searcher, request)
        if args.out:
            count = _export_to_file(Path(args.out), lambda out: export.write(records, fmt, out, bom=args.bom))
            Writer(sys.stderr).line(f"exported {count} articles to {clean(args.out)}")
            return 0
        if fmt == "parquet" and sys.stdout.isatty():
            raise export.ExportError("Parquet is binary: give --out FILE or redirect standard output")
        sys.stdout.flush()
        export.write(records, fmt, sys.stdout.buffer, bom=args.bom)
        sys.stdout.buffer.flush()
    return 0


def _export_to_file(path: Path, write: Callable[[IO[bytes]], int]) -> int:
    """Write beside ``path`` and rename at the end: an interrupted export leaves no
    half-written file under the name the user asked for."""
    partial = path.with_name(path.name + ".partial")
    try:
        with open(partial, "wb") as out:
            count = write(out)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise export.ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


def run_serve(args: argparse.Namespace, data_dir: Path) -> int:
    from search.web.server import serve  # the web stack, for this command only

    return serve(data_dir, args.host, args.port)

def run_ingest(args: argparse.Namespace, data_dir: Path) -> int:
    """The store of a crawl on several machines runs the crawler's own pipelines, so it lives on the
    crawl side; it is found through the ``newssearch.commands`` entry point (this package imports
    nothing of the crawler)."""
    from importlib.metadata import entry_points

    try:
        ingest = next(iter(entry_points(group="newssearch.commands", name="ingest"))).load()
    except (StopIteration, ImportError):
        sys.stderr.write("newssearch ingest: error: needs the crawler with its redis extra: "
                         "pip install 'newscrawler[redis]'\n")
        return 2
    return ingest(args.redis, data_dir, args.until_idle)
