"""``newssearch ingest``: the single writer that turns the nodes' articles into archive and index.

It runs the crawler's own dedupe, WARC capture and storage pipelines on the entries of the
article stream, one by one, in the order the nodes sent them: the same URL
identity, exact-text and near-duplicate decisions as a one-machine crawl, the
same fsynced archive, the same index. It holds the data directory's crawl lock,
so a second store (or a crawl) on the same directory refuses with exit status 3.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.settings import Settings

from newscrawler.distributed.connection import connect
from newscrawler.distributed.frontier import Frontier, Politeness
from newscrawler.distributed.stream import ArticleStream
from newscrawler.items import ArticleItem
from newscrawler.pipelines.dedupe import DedupePipeline
from newscrawler.pipelines.store import StoragePipeline
from newscrawler.pipelines.warc import WarcCapturePipeline
from search.datadir import DataDir

logger = logging.getLogger(__name__)

READ_COUNT = 64
READ_BLOCK_MS = 500


class Stats(Counter):
    """The two calls the pipelines make on Scrapy's stats collector."""

    def inc_value(self, key: str, count: float = 1, start: float = 0) -> None:
        self[key] = self.get(key, start) + count

    def set_value(self, key: str, value: int) -> None:
        self[key] = value


def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    return settings


class Store:
    """Dedupe, archive and index what the stream brings; acknowledge each entry once it is done."""

    def __init__(self, redis_url: str, data_dir: Path, settings: Settings | None = None) -> None:
        settings = settings or project_settings()
        self.stats = Stats()
        self.client = connect(redis_url, settings.getfloat("NEWS_REDIS_MAX_WAIT"))
        self.stream = ArticleStream(self.client, settings.get("NEWS_REDIS_PREFIX"))
        self.frontier = Frontier(self.client, settings.get("NEWS_REDIS_PREFIX"), Politeness(1, 0))
        self.dedupe = DedupePipeline(data_dir, self.stats)
        self.warc = (WarcCapturePipeline(DataDir(data_dir).warc, settings.getint("WARC_MAX_SIZE"), stats=self.stats)
                     if settings.getbool("WARC_ENABLED") else None)
        self.storage = StoragePipeline(data_dir, settings.getint("INDEX_BATCH_SIZE"), self.stats,
                                       helper=settings.getbool("INDEX_HELPER"))
        self.stopping = False

    def run(self, until_idle: float | None) -> Stats:
        """Consume until stopped (SIGTERM/SIGINT), or once no article came for ``until_idle`` seconds
        and the crawl is over as long (no node running, nothing queued nor in flight)."""
        self._catch_signals()
        self.dedupe.open_spider()
        self.storage.open_spider()
        last_entry = time.monotonic()
        try:
            while not self.stopping:
                entries = self.stream.read(READ_COUNT, READ_BLOCK_MS)
                if entries:
                    last_entry = time.monotonic()
                    for entry_id, item in entries:
                        self.ingest(item)
                        self.stream.acknowledge([entry_id])
                        if self.stopping:
                            break
                    continue
                # A quiet stream: make what arrived searchable now, not after INDEX_BATCH_SIZE more.
                self.storage.commit()
                if until_idle is not None and time.monotonic() - last_entry >= until_idle and self._crawl_over(until_idle):
                    break
        finally:
            self.storage.close_spider()
            if self.warc is not None:
                self.warc.close_spider()
            self.dedupe.close_spider()
        return self.stats

    def _crawl_over(self, idle: float) -> bool:
        """No node running, nothing queued nor in flight, for ``idle`` seconds."""
        return self.frontier.live_nodes() == 0 and self.frontier.idle_seconds() >= idle

    def ingest(self, item: ArticleItem) -> None:
        """One article through the crawler's dedupe, WARC capture and storage pipelines."""
        try:
            item = self.dedupe.process_item(item)
        except DropItem:
            return
        try:
            if self.warc is not None:
                item = self.warc.capture(item)
            item = self.storage.store(item)
        except BaseException:
            self.dedupe.item_abandoned(item)
            raise
        self.dedupe.item_stored(item)

    def _catch_signals(self) -> None:
        def stop(signum: int, frame: Any) -> None:
            logger.info("stopping after the current article (signal %(signum)d)", {"signum": signum})
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)


def run_ingest(redis_url: str, data_dir: Path, until_idle: float | None) -> int:
    """``newssearch ingest``: exit 0 when done, 2 for an unusable Redis URL, 3 when the directory is taken."""
    from newscrawler.distributed.connection import RedisUnusable, check
    from newscrawler.crawllock import CrawlLock, CrawlLocked

    try:
        check(redis_url)
    except RedisUnusable as exc:
        return _fail(2, f"{exc} (--redis)")
    os.umask(0o077)
    lock = CrawlLock(DataDir(data_dir).crawl_lock)
    try:
        lock.acquire()
    except CrawlLocked as exc:
        return _fail(3, f"{exc}; not starting (exit status 3)")
    except OSError as exc:
        return _fail(2, f"cannot lock {lock.path}: {exc.strerror or exc}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    try:
        stats = Store(redis_url, data_dir).run(until_idle)
    finally:
        lock.release()
    stored = stats["newscrawler/store/articles"]
    print(f"ingest: {stored} articles stored in {data_dir} ({stats['newscrawler/dedupe/new']} new, "
          f"{stats['newscrawler/dedupe/updated']} updated, {_duplicates(stats)} duplicates dropped or merged)")
    return 0


def _duplicates(stats: Stats) -> int:
    return sum(stats[f"newscrawler/dedupe/{what}"] for what in
               ("unchanged", "exact_duplicate", "same_article_other_template", "near_duplicate"))


def _fail(status: int, message: str) -> int:
    sys.stderr.write(f"newssearch ingest: error: {message}\n")
    return status
