"""Extraction pipeline: page HTML -> article fields, in worker processes off the reactor."""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from functools import partial
from typing import Any

from scrapy.exceptions import DropItem

from newscrawler.clock import Clock, clock_from_settings, utc_now
from newscrawler.cputime import add_cpu
from newscrawler.extraction import EXTRACTOR_VERSION, ExtractedArticle
from newscrawler.extraction.worker import ignore_interrupts, timed_extract
from newscrawler.items import ArticleItem


class ListingPage(DropItem):
    """A home, section or tag page: not stored, though WARC capture may keep it."""


def _isoformat(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class ExtractionPipeline:
    """Fill title, body, authors, dates, language...; drop listing pages and empty bodies.

    Parsing a news page costs tens of milliseconds of CPU; it runs in a process
    pool (setting EXTRACTION_WORKERS, 0 = inline) so the crawl keeps downloading
    and both cores work.
    """

    def __init__(self, workers: int, stats: Any = None, clock: Clock = time.time) -> None:
        self.workers = workers
        self.stats = stats
        self.clock = clock
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractionPipeline:
        return cls(workers=crawler.settings.getint("EXTRACTION_WORKERS"), stats=crawler.stats,
                   clock=clock_from_settings(crawler.settings))

    def open_spider(self) -> None:
        if self.workers > 0:
            self.pool = self._new_pool()

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        # An archived page is read as of when it was fetched ("2 hours ago" is relative to that).
        now = datetime.fromisoformat(item.fetched) if item.fetched else utc_now(self.clock)
        job = partial(
            timed_extract, item.html or "", item.url,
            default_timezone=item.default_timezone, default_language=item.default_language, now=now,
        )
        article, cpu_seconds = job() if self.pool is None else await self._in_pool(job)
        add_cpu(self.stats, "extraction", cpu_seconds)
        item.html = None
        if article.page_kind != "article":
            self._count("listing")
            raise ListingPage(f"listing page, not an article: {item.url}", log_level="DEBUG")
        if not article.paragraphs:
            self._count("empty_body")
            raise DropItem(f"no article text found: {item.url}", log_level="INFO")
        _fill(item, article, now)
        if item.fetched and not item.published:
            item.published = item.fetched  # an archived page without a date: dated by its fetch
        return item

    async def _in_pool(self, job: partial) -> tuple[ExtractedArticle, float]:
        """Run in a worker; a pool broken by a killed worker is replaced once and the job retried."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool, job)
        except BrokenProcessPool:
            self._count("worker_pool_restarted")
            broken, self.pool = self.pool, self._new_pool()
            broken.shutdown(wait=False, cancel_futures=True)
            return await loop.run_in_executor(self.pool, job)

    def _new_pool(self) -> ProcessPoolExecutor:
        # "spawn": forking a process that runs a reactor and threads is unsafe.
        return ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=ignore_interrupts
        )

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawler/extract/{what}")


def _fill(item: ArticleItem, article: ExtractedArticle, now: datetime) -> None:
    item.title = article.title
    item.body = article.body
    item.authors = list(article.authors)
    item.published = _isoformat(article.published)
    item.updated = _isoformat(article.updated)
    item.language = article.language
    item.canonical_url = article.canonical_url
    item.og_url = article.og_url
    item.description = article.description
    item.image = article.image
    item.crawled = now.isoformat()
    item.extractor = EXTRACTOR_VERSION
