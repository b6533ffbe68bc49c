"""One crawl per data directory: an exclusive ``flock`` on ``crawl.lock``, held for the whole run.

Taken by the ``crawl`` command (``newscrawler.commands.crawl``) before Scrapy starts.

Two cron runs writing one archive and one index would corrupt both. The kernel
drops a ``flock`` when its process dies, however it dies, so a lock left by a
killed run is never "held": the next run takes it over and says so. The file
also names the holder, for the message the refused run prints.
"""

from __future__ import annotations

import fcntl
import os
from datetime import datetime, timezone
from pathlib import Path

from search.durable import ensure_private_dir


class CrawlLocked(Exception):
    """Another crawl holds the lock; the message names it."""


class CrawlLock:
    """``acquire`` before the crawl opens anything, ``release`` (or process exit) after it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.taken_over: str | None = None
        """What a previous, killed run left in the lock file, if anything."""

    def acquire(self) -> None:
        """Take the lock or raise CrawlLocked, without changing anything another run holds."""
        ensure_private_dir(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            raise CrawlLocked(f"another crawl ({holder or 'unknown process'}) is using {self.path.parent}") from None
        except BaseException:
            os.close(fd)
            raise
        self.taken_over = _read(fd) or None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {datetime.now(timezone.utc).isoformat(timespec='seconds')}".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Empty the file first: a non-empty unlocked file means the last run did not end cleanly."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> CrawlLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _read(fd: int) -> str:
    return os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
