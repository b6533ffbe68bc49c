"""Downloader middleware: at most SOURCE_PAGE_LIMIT downloads per source and run.

CLOSESPIDER_PAGECOUNT stops the whole crawl; one huge or trap-ridden site
should only stop itself, leaving the other sources their turn. Counted in the
downloader, after the duplicate filter, so repeated links cost nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request

from newscrawler.middlewares.sourcestats import count_for_source, source_of


class SourcePageCapMiddleware:
    """Refuse a source's requests once it has had its share of downloads this run."""

    def __init__(self, limit: int, stats: Any = None) -> None:
        self.limit = limit
        self.stats = stats
        self.downloads: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Any) -> SourcePageCapMiddleware:
        limit = crawler.settings.getint("SOURCE_PAGE_LIMIT")
        if limit <= 0:
            raise NotConfigured
        return cls(limit, crawler.stats)

    def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return
        source = source_of(request)
        if self.downloads[source] >= self.limit:
            count_for_source(self.stats, request, "capped")
            raise IgnoreRequest(f"source {source} reached SOURCE_PAGE_LIMIT={self.limit}")
        self.downloads[source] += 1
