"""``scrapy crawl`` for cron: input checked first, one crawl per data directory, telling exit statuses.

Exit statuses of ``scrapy crawl news`` (documented in the README's cron section):

- 0: the crawl finished (page caps and time limits included);
- 1: the crawl could not start or failed inside Scrapy;
- 2: bad input (``-a url=``, sources file, unusable data directory, unusable NEWS_REDIS_URL), nothing touched;
- 3: another crawl is running on the same data directory, nothing touched;
- 4: interrupted (SIGTERM/SIGINT): what was fetched is stored and indexed, the next run goes on;
- 5: no space left on the data directory's disk (or less than ``MIN_FREE_SPACE``): what was
  stored is kept, the next run with space goes on.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import signal
import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newscrawler.crawllock import CrawlLock, CrawlLocked
from newscrawler.datadircheck import unusable_data_dir
from newscrawler.diskspace import no_space_error, parse_size
from newscrawler.extensions.disk_guard import STATS_KEY as NO_SPACE_KEY
from newscrawler.extensions.disk_guard import low_space
from newscrawler.sources import SourceError, resolve_sources
from newscrawler.warc.replay import STATS as ARCHIVE_STATS
from newscrawler.warc.replay import ArchiveArgsError, parse_archive_args, wants_archive
from search.datadir import data_dir_from_settings

EXIT_FAILED = 1
USAGE_ERROR = 2
EXIT_LOCKED = 3
EXIT_INTERRUPTED = 4
EXIT_NO_SPACE = 5
NO_FLOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}
"""What flock(2) answers on a file system that does not support it (some network file systems)."""

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args or args[0] != "news":
            super().run(args, opts)
            return
        try:
            _check_input(opts.spargs, self.settings.get("NEWS_SOURCES"))
        except (SourceError, ArchiveArgsError) as exc:
            self._fail(USAGE_ERROR, str(exc))
            return
        data_dir = data_dir_from_settings(self.settings)
        unusable = unusable_data_dir(data_dir)
        if unusable:
            self._fail(USAGE_ERROR, f"{unusable}; nothing was fetched")
            return
        # Articles, index and state are the user's reading: keep every file the crawl creates owner-only.
        os.umask(0o077)
        # Past a file-size limit (ulimit -f) a write should fail like on a full disk, not kill the crawl.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if self.settings.get("NEWS_REDIS_URL"):
            self._crawl_node(args[0], opts)
            return
        lock = CrawlLock(data_dir.crawl_lock)
        if self.settings.getbool("CRAWL_LOCK_ENABLED"):
            try:
                lock.acquire()
            except CrawlLocked as exc:
                self._fail(EXIT_LOCKED, f"{exc}; not starting (exit status {EXIT_LOCKED})")
                return
            except OSError as exc:
                if no_space_error(exc):
                    self._no_space(f"no space left on device at {lock.path}", 0)
                else:
                    hint = "; the data directory must be on a file system with flock (a local disk)" \
                        if exc.errno in NO_FLOCK else ""
                    self._fail(USAGE_ERROR, f"cannot lock {lock.path}: {exc.strerror or exc}{hint}")
                return
            if lock.taken_over:
                logger.warning("taking over the lock of a crawl that did not end cleanly (%(holder)s)",
                               {"holder": lock.taken_over})
        try:
            too_full = self.settings.getbool("DISK_GUARD_ENABLED") and low_space(
                data_dir, parse_size(self.settings.get("MIN_FREE_SPACE") or 0))
            if too_full:
                self._no_space(too_full, 0)
            else:
                self._crawl(args[0], opts)
        finally:
            lock.release()

    def _crawl_node(self, spider_name: str, opts: argparse.Namespace) -> None:
        """A crawl node writes no archive or index (the store does): no data-directory lock."""
        try:
            from newscrawler.distributed.connection import RedisUnusable, check
        except ImportError:
            self._fail(USAGE_ERROR, "NEWS_REDIS_URL needs the redis extra: pip install 'newscrawler[redis]'")
            return
        try:
            check(self.settings.get("NEWS_REDIS_URL"))
        except RedisUnusable as exc:
            self._fail(USAGE_ERROR, f"{exc} (NEWS_REDIS_URL)")
            return
        self._crawl(spider_name, opts)

    def _crawl(self, spider_name: str, opts: argparse.Namespace) -> None:
        crawler = self._create_crawler(spider_name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        no_space = crawler.stats.get_value(NO_SPACE_KEY)
        if no_space:
            self._no_space(no_space, crawler.stats.get_value("newscrawler/store/articles", 0))
        elif self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
        elif crawler.stats.get_value("finish_reason") == "shutdown":
            self.exitcode = EXIT_INTERRUPTED
        elif wants_archive(opts.spargs) and _nothing_read(crawler.stats):
            self._fail(EXIT_FAILED, "no archive file could be read (see the log lines above)")

    def _no_space(self, what: str, stored: int) -> None:
        self._fail(EXIT_NO_SPACE, f"{what}; {stored} articles stored this run; free space and run again")

    def _fail(self, status: int, message: str) -> None:
        print(f"scrapy crawl news: error: {message}", file=sys.stderr)
        self.exitcode = status


def _check_input(spider_args: dict, default_sources: str) -> None:
    """Raise on a command line the spider could not start from, before anything is locked or opened."""
    if wants_archive(spider_args):
        parse_archive_args(spider_args.get("warc"), spider_args.get("ccnews"), spider_args.get("url"))
        if spider_args.get("domains"):
            return
        resolve_sources(None, spider_args.get("sources"), default_sources)
        return
    if spider_args.get("domains"):
        raise ArchiveArgsError("-a domains= chooses the hosts read from archives; use it with -a warc= or -a ccnews=")
    resolve_sources(spider_args.get("url"), spider_args.get("sources"), default_sources)


def _nothing_read(stats: Any) -> bool:
    """Archive files were asked for, some failed, and not one was read to its end (now or by an earlier run)."""
    def count(name: str) -> int:
        return stats.get_value(f"{ARCHIVE_STATS}/{name}") or 0

    return count("files_failed") + count("listings_failed") > 0 and not count("files_read") + count("files_skipped_done")
