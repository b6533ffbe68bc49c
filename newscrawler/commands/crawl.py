"""``scrapy crawl`` that checks the news spider's input first.

A wrong ``-a url=`` or sources file is reported as one line with exit status 2,
before anything is opened or written, instead of a traceback from inside the reactor.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newscrawler.sources import SourceError, resolve_sources

USAGE_ERROR = 2


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == "news":
            try:
                resolve_sources(opts.spargs.get("url"), opts.spargs.get("sources"), self.settings.get("NEWS_SOURCES"))
            except SourceError as exc:
                print(f"scrapy crawl news: error: {exc}", file=sys.stderr)
                self.exitcode = USAGE_ERROR
                return
        super().run(args, opts)
