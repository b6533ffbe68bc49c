"""The commands the crawler adds to ``newssearch``, registered as entry points in pyproject.toml.

``newssearch`` belongs to the store side, which never imports the crawler; a
command that needs the crawler's code is found through the ``newssearch.commands``
entry points instead. Importing this module is cheap (argparse only): the work
is imported when the command runs.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from search.datadir import DataDir


class Reextract:
    """``newssearch reextract [--since WHEN] [--source NAME]`` (see :mod:`newscrawler.reextract`)."""

    def add_parser(self, subparsers: Any, name: str, parents: list[argparse.ArgumentParser]) -> None:
        parser = subparsers.add_parser(
            name, parents=parents, help="run today's extraction again over the pages kept in WARC",
            description="Re-read each article's page from DATA/warc (no network), extract and clean it with the "
            "current code, and update in place the articles that change (same id, first_seen kept).",
        )
        parser.add_argument("--since", metavar="WHEN", help="only articles published (else first seen) on or after WHEN")
        parser.add_argument("--source", metavar="NAME", help="only articles from this source")

    def run(self, args: argparse.Namespace, data_dir: DataDir) -> int:
        from newscrawler.crawllock import CrawlLocked
        from newscrawler.reextract import Selection, progress_bar, reextract
        from search.datebounds import parse_bound
        from search.index import IndexLockedError
        from search.output import Writer

        selection = Selection(since=parse_bound(args.since, end=False) if args.since else None, source=args.source)
        logging.basicConfig(level=logging.WARNING, format="newssearch reextract: %(message)s", stream=sys.stderr)
        update, stop = progress_bar()
        try:
            summary = reextract(data_dir, selection, progress=update)
        except CrawlLocked as exc:
            raise IndexLockedError(f"{exc}; re-extract when it has finished") from None
        finally:
            stop()
        Writer().line(f"pages read: {summary.read}, changed: {summary.changed}, unchanged: {summary.unchanged}, "
                      f"failed: {summary.failed}" + (f", without a WARC copy: {summary.no_copy}" if summary.no_copy else ""))
        return 1 if summary.failed and not summary.read else 0


REEXTRACT = Reextract()
