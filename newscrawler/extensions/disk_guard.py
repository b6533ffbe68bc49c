"""Extension: stop the crawl cleanly when the data directory's disk is full, or nearly.

Two ways in. Free space below ``MIN_FREE_SPACE`` (one ``statvfs`` per response and
per stored article, a microsecond or two each) stops the crawl before anything fails.
A write that fails for lack of space stops it too: a writer that handles the error
itself (the storage pipeline keeps the archive whole) sends the ``no_space_left``
signal; every other writer, present or future, needs no code of its own: its
exception reaches Scrapy's log, where a filter on the log handlers recognises it,
keeps the traceback at DEBUG and stops the crawl instead of printing it (from
``spider_opened`` on: Scrapy replaces its log handler after building extensions).

Either way no new page is scheduled, pages in flight are finished, and ``scrapy
crawl news`` prints one line and exits with its own status (see commands/crawl.py).
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from search.datadir import data_dir_from_settings
from newscrawler.diskspace import free_bytes, human_size, no_space_error, parse_size

logger = logging.getLogger(__name__)

no_space_left = object()
"""Signal: a writer ran out of space (arguments ``error``, and ``path`` when the error has none)."""

STATS_KEY = "newscrawler/no_space"
"""Set to what ran out ("no space left on device at PATH") once the crawl stops for it."""
WHAT_RAN_OUT = {errno.EDQUOT: "disk quota exceeded", errno.EFBIG: "file size limit exceeded"}
FINISH_REASON = "stopped for lack of disk space"


class DiskSpaceGuard:
    """Watches free space and no-space errors; on the first, records why and closes the spider."""

    def __init__(self, crawler: Any, data_dir: Path, min_free: int) -> None:
        self.crawler = crawler
        self.data_dir = data_dir
        self.min_free = min_free
        self.log_filter = _NoSpaceLogFilter(self)
        self.reason: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> DiskSpaceGuard:
        settings = crawler.settings
        if not settings.getbool("DISK_GUARD_ENABLED"):
            raise NotConfigured
        guard = cls(crawler, data_dir_from_settings(settings), parse_size(settings.get("MIN_FREE_SPACE") or 0))
        for signal in (signals.response_received, signals.item_scraped):
            crawler.signals.connect(guard.check_free_space, signal=signal)
        crawler.signals.connect(guard.writer_failed, signal=no_space_left)
        crawler.signals.connect(guard.watch_log, signal=signals.spider_opened)
        crawler.signals.connect(guard.engine_stopped, signal=signals.engine_stopped)
        return guard

    def check_free_space(self) -> None:
        reason = None if self.reason else low_space(self.data_dir, self.min_free)
        if reason:
            self.stop(reason)

    def writer_failed(self, error: BaseException, path: Path | None = None) -> None:
        """A write failed for lack of space: name the file when the error does."""
        where = getattr(error, "filename", None) or path or self.data_dir
        self.stop(f"{WHAT_RAN_OUT.get(getattr(error, 'errno', None), 'no space left on device')} at {where}")

    def stop(self, reason: str) -> None:
        """Record the first reason, then close the spider (in-flight pages are finished)."""
        if self.reason is not None:
            return
        self.reason = reason
        self.crawler.stats.set_value(STATS_KEY, reason)
        logger.warning("%(reason)s; stopping the crawl", {"reason": reason})
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None and engine.running:
            deferred_from_coro(engine.close_spider_async(reason=FINISH_REASON))

    def watch_log(self) -> None:
        for handler in logging.root.handlers:
            handler.addFilter(self.log_filter)

    def engine_stopped(self) -> None:
        for handler in logging.root.handlers:
            handler.removeFilter(self.log_filter)


def low_space(data_dir: Path, min_free: int) -> str | None:
    """Why the crawl must not go on, when ``data_dir`` has less than ``min_free`` bytes free."""
    free = free_bytes(data_dir)
    if min_free and free < min_free:
        return f"only {human_size(free)} free at {data_dir} (MIN_FREE_SPACE is {human_size(min_free)})"
    return None


@contextmanager
def stop_if_no_space(signals: Any, path: Path) -> Iterator[None]:
    """Around a component's ``open_spider``: a full disk closes the crawl at once, before any
    fetch (Scrapy ends a crawl cleanly on CloseSpider there), instead of failing it."""
    try:
        yield
    except Exception as exc:
        error = no_space_error(exc)
        if error is None or signals is None:
            raise
        logger.debug("no space left while opening", exc_info=exc)
        signals.send_catch_log(no_space_left, error=error, path=path)
        raise CloseSpider(FINISH_REASON) from exc


class _NoSpaceLogFilter(logging.Filter):
    """Turns a logged no-space exception into a stop of the crawl and a DEBUG record."""

    def __init__(self, guard: DiskSpaceGuard) -> None:
        super().__init__()
        self.guard = guard

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG or not record.exc_info:
            return True
        error = no_space_error(record.exc_info[1])
        if error is None:
            return True
        self.guard.writer_failed(error)
        logging.getLogger(record.name).debug(record.getMessage(), exc_info=record.exc_info)
        return False
