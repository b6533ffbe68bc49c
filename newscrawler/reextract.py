"""``newssearch reextract``: run today's extraction and cleaning over the pages kept in WARC, no network.

The crawl's own pipelines do the work, built without a crawler: extraction (in
worker processes), cleaning, then for an article whose fields changed the
dedupe pipeline (its story is looked up again when its text changed) and the
storage pipeline (a new archive line with the same id, the index updated).
An article keeps its id, URLs, ``first_seen``, fetch time and WARC pointer;
``updated`` is set (the page's own stamp, else now) and ``extractor`` names the
extraction that produced it. Nothing is written for an article that did not
change or whose page cannot be read.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from scrapy.exceptions import DropItem

from newscrawler.crawllock import CrawlLock
from newscrawler.extraction.decode import decode_html
from newscrawler.items import ArticleItem
from newscrawler.pipelines.clean import CleaningPipeline
from newscrawler.pipelines.dedupe import DedupePipeline, item_from_record
from newscrawler.pipelines.extract import ExtractionPipeline
from newscrawler.pipelines.store import StoragePipeline
from newscrawler.pipelines.warc import LANGUAGE_HEADER, TIMEZONE_HEADER
from newscrawler.warc.locations import opener
from newscrawler.warc.reader import WarcFileError, read_response_at
from search.archive import Archive
from search.datadir import DataDir
from search.documents import sort_date

logger = logging.getLogger(__name__)

EXTRACTED_FIELDS = ("title", "body", "authors", "published", "language", "canonical_url", "og_url", "description", "image")
"""What extraction and cleaning decide; a re-extraction changes an article when one of these differs."""
MAX_BODY = 10 * 1024 * 1024
IN_FLIGHT = 8
"""Pages extracted at once: enough to keep the worker processes busy."""


@dataclass
class Summary:
    read: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    no_copy: int = 0
    """Articles stored before WARC capture existed: nothing to re-read."""


@dataclass(frozen=True)
class Selection:
    since: datetime | None = None
    source: str | None = None

    def wants(self, record: dict) -> bool:
        if self.source is not None and record.get("source") != self.source:
            return False
        if self.since is not None:
            moment = sort_date(record)
            return moment is not None and moment >= self.since
        return True


def reextract(data_dir: Path, selection: Selection, progress: Callable[[int, int], None] | None = None,
              workers: int | None = None) -> Summary:
    """Re-extract the selected articles in place; ``progress(done, total)`` is called as pages are done."""
    data_dir = DataDir(data_dir)
    lock = CrawlLock(data_dir.crawl_lock)
    lock.acquire()  # a crawl writing the same archive and index at the same time would corrupt both
    try:
        return asyncio.run(_Run(data_dir, workers).run(selection, progress))
    finally:
        lock.release()


class _Run:
    def __init__(self, data_dir: Path, workers: int | None) -> None:
        self.data_dir = DataDir(data_dir)
        self.extraction = ExtractionPipeline(workers if workers is not None else (os.cpu_count() or 1))
        self.cleaning = CleaningPipeline.in_data_dir(data_dir)
        self.dedupe = DedupePipeline(data_dir)
        self.storage = StoragePipeline(data_dir, batch_size=1000)
        self.summary = Summary()
        self.now = datetime.now(timezone.utc)

    async def run(self, selection: Selection, progress: Callable[[int, int], None] | None) -> Summary:
        records = [r for r in Archive(self.data_dir.archive).iter_latest() if selection.wants(r)]
        with_copy = [r for r in records if r.get("warc_file") and r.get("warc_offset") is not None]
        self.summary.no_copy = len(records) - len(with_copy)
        pipelines = (self.extraction, self.cleaning, self.dedupe, self.storage)
        for pipeline in pipelines:
            pipeline.open_spider()
        try:
            done = 0
            for batch in _batches(with_copy, IN_FLIGHT):
                items = await asyncio.gather(*(self._extract(record) for record in batch))
                for record, item in zip(batch, items):
                    self._apply(record, item)
                done += len(batch)
                if progress is not None:
                    progress(done, len(with_copy))
        finally:
            for pipeline in reversed(pipelines):
                pipeline.close_spider()
        return self.summary

    async def _extract(self, record: dict) -> ArticleItem | None:
        """The record's page run through extraction and cleaning again; None when that fails."""
        path = self.data_dir.warc / record["warc_file"]
        try:
            response = await asyncio.to_thread(read_response_at, opener(str(path)), record["warc_file"],
                                               int(record["warc_offset"]), MAX_BODY)
        except (WarcFileError, ValueError) as exc:
            self.summary.failed += 1
            logger.warning("%(id)s: cannot read its page again (%(error)s)", {"id": record["id"], "error": exc})
            return None
        self.summary.read += 1
        item = item_from_record(record)
        item.url = response.url  # extraction resolves relative links against the address fetched
        item.html = decode_html(response.body, response.content_type)
        item.default_timezone = response.fields.get(TIMEZONE_HEADER)
        item.default_language = response.fields.get(LANGUAGE_HEADER)
        item.fetched = response.date.isoformat() if response.date else record.get("crawled")
        try:
            item = await self.extraction.process_item(item)
            item = self.cleaning.process_item(item)
        except DropItem as exc:
            self.summary.failed += 1
            logger.warning("%(id)s: %(reason)s; the stored article is kept", {"id": record["id"], "reason": exc})
            return None
        if item.published == item.fetched:
            item.published = record.get("published")  # the page shows no date: keep the one the crawl gave it
        item.url, item.crawled, item.fetched = record["url"], record.get("crawled"), None
        return item

    def _apply(self, record: dict, item: ArticleItem | None) -> None:
        if item is None:
            return
        if all(getattr(item, name) == record.get(name) for name in EXTRACTED_FIELDS):
            self.summary.unchanged += 1
            return
        self.summary.changed += 1
        item.updated = item.updated or self.now.isoformat()
        if item.body != record.get("body"):
            self.dedupe.text_changed(item)
        self.storage.store(item)
        self.dedupe.item_stored(item)


def _batches(records: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(records), size):
        yield records[start:start + size]


def progress_bar(total_label: str = "re-extracting") -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A rich progress bar on a terminal (stderr), nothing otherwise: (update, stop)."""
    if not sys.stderr.isatty():
        return (lambda done, total: None), (lambda: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   transient=True, console=None)
    task = bar.add_task(total_label, total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update, bar.stop
