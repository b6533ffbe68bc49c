"""WARC capture pipeline: keep the raw exchange of every stored article, so it can be re-extracted later.

It sits after dedupe and before storage: only pages that will be stored are
written, and the archive record it passes on points at its response record
(``warc_file``, ``warc_offset``). With ``WARC_LISTING_PAGES`` the home, section
and tag pages the extractor drops are kept too (no pointer: they have no record).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawler.cputime import cpu_stage
from newscrawler.groupcommit import GroupCommit
from newscrawler.items import ArticleItem
from newscrawler.pipelines.extract import ListingPage
from newscrawler.warc.writer import Exchange, RotatingWarcWriter, WarcPointer
from search.datadir import data_dir_from_settings

logger = logging.getLogger(__name__)

SOURCE_HEADER, TIMEZONE_HEADER, LANGUAGE_HEADER = "Newscrawler-Source", "Newscrawler-Timezone", "Newscrawler-Language"
"""Extension fields of a response record: what re-extraction needs that the page does not say."""


class WarcCapturePipeline:
    """Write request + response of each article on its way to storage; listing pages on request."""

    def __init__(self, directory: Path, max_size: int, listing_pages: bool = False, stats: Any = None) -> None:
        self.writer = RotatingWarcWriter(directory, max_size)
        # A failed fsync fails every item waiting on it; their records stay in the file, unpointed at.
        self.group = GroupCommit(self.writer.syncer)
        self.listing_pages = listing_pages
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcCapturePipeline:
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED"):
            raise NotConfigured("WARC_ENABLED is off")
        pipeline = cls(data_dir_from_settings(settings).warc, settings.getint("WARC_MAX_SIZE"),
                       settings.getbool("WARC_LISTING_PAGES"), crawler.stats)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def close_spider(self) -> None:
        self.writer.close()

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        """Append the exchange; pass the item on once its records are fsynced (one fsync per group)."""
        response, item.response = item.response, None
        if isinstance(response, Response):
            with cpu_stage(self.stats, "warc"):
                pointer = self.writer.append(exchange_of(response, item))
            await self.group.durable()
            self._pointed(item, pointer)
        return item

    def capture(self, item: ArticleItem) -> ArticleItem:
        """:meth:`process_item` for callers outside the crawl's event loop: one fsync per call."""
        response, item.response = item.response, None
        if isinstance(response, Response):
            with cpu_stage(self.stats, "warc"):
                self._pointed(item, self.writer.write(exchange_of(response, item)))
        return item

    def _pointed(self, item: ArticleItem, pointer: WarcPointer) -> None:
        item.warc_file, item.warc_offset = pointer.file, pointer.offset
        self._count("articles")

    def item_dropped(self, item: Any, response: Response, exception: BaseException, spider: Any = None) -> None:
        """A listing page leaves the pipelines here; keep it when asked to."""
        if self.listing_pages and isinstance(exception, ListingPage) and isinstance(item, ArticleItem):
            self.writer.write(exchange_of(response, item))
            self._count("listing_pages")

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawler/warc/{what}")


def exchange_of(response: Response, item: ArticleItem) -> Exchange:
    """The response as fetched (body decoded by the downloader), its request, and the page's source defaults."""
    request = response.request
    extra = [(SOURCE_HEADER, item.source)]
    if item.default_timezone:
        extra.append((TIMEZONE_HEADER, item.default_timezone))
    if item.default_language:
        extra.append((LANGUAGE_HEADER, item.default_language))
    request_headers = _header_list(request.headers) if request is not None else []
    if not any(name.lower() == "host" for name, _ in request_headers):
        request_headers.insert(0, ("Host", _host_of(response.url)))
    return Exchange(
        url=response.url,
        method=request.method if request is not None else "GET",
        request_headers=request_headers,
        status=response.status,
        reason=_reason(response.status),
        response_headers=_header_list(response.headers),
        body=response.body,
        fetched=_fetched(item.crawled),
        ip_address=str(response.ip_address) if response.ip_address else None,
        extra_headers=tuple(extra),
    )


def _header_list(headers: Any) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values]


def _host_of(url: str) -> str:
    return urlsplit(url).netloc


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _fetched(crawled: str | None) -> datetime:
    """The extraction pipeline stamps the fetch time; a page it dropped is stamped now."""
    try:
        return datetime.fromisoformat(crawled) if crawled else datetime.now(timezone.utc)
    except ValueError:
        return datetime.now(timezone.utc)
