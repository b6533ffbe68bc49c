"""Downloader middleware: on 429/503 with ``Retry-After``, wait as long as the server asks, then retry.

Scrapy's RetryMiddleware retries those at once, which is what a rate-limiting
server least wants. Here the host's download slot is slowed to the asked
delay (AutoThrottle, when on, eases it back down later) and the request is
retried after it; a wait longer than RETRY_AFTER_MAX_SECONDS gives the page up.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable
from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from newscrawler.middlewares.sourcestats import count_for_source

logger = logging.getLogger(__name__)

STATUSES = (429, 503)
TRIES_META = "retry_after_times"


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date); None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - now)


class RetryAfterMiddleware:
    """Honour Retry-After on 429/503 for the whole host, up to a maximum wait and retry count."""

    def __init__(
        self,
        max_wait: float,
        max_retries: int,
        slot_for: Callable[[Request], Any],
        stats: Any = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_wait = max_wait
        self.max_retries = max_retries
        self.slot_for = slot_for
        self.stats = stats
        self.clock = clock
        self.monotonic = monotonic
        """The downloader's slots time their delays on the monotonic clock, not the wall clock."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfterMiddleware:
        settings = crawler.settings
        if not settings.getbool("RETRY_AFTER_ENABLED"):
            raise NotConfigured

        def slot_for(request: Request) -> Any:
            downloader = crawler.engine.downloader
            return downloader.slots.get(downloader.get_slot_key(request))

        return cls(settings.getfloat("RETRY_AFTER_MAX_SECONDS"), settings.getint("RETRY_TIMES"), slot_for, crawler.stats)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in STATUSES:
            return response
        header = response.headers.get(b"Retry-After")
        wait = parse_retry_after(header.decode("latin-1") if header else None, self.clock())
        if wait is None:
            return response
        tries = request.meta.get(TRIES_META, 0)
        if wait > self.max_wait or tries >= self.max_retries:
            # Retrying now would ignore the server's request: give this page up for the run.
            request.meta["dont_retry"] = True
            self._count("gave_up")
            logger.info("gave up %(url)s: %(status)s with Retry-After %(wait).0fs",
                        {"url": request.url, "status": response.status, "wait": wait})
            return response
        slot = self.slot_for(request)
        if slot is not None:
            slot.delay = max(slot.delay, wait)
            slot.jitter = 0.0  # a random factor below 1 would retry before the time the server gave
            slot.lastseen = self.monotonic()
        self._count("retried")
        if response.status == 429:
            # The source's summary should show it rate-limits us, even though the retry may succeed.
            count_for_source(self.stats, request, "blocked")
        logger.info("%(url)s answered %(status)s: waiting %(wait).1fs as Retry-After asks",
                    {"url": request.url, "status": response.status, "wait": wait})
        retry = request.copy()
        retry.meta[TRIES_META] = tries + 1
        retry.dont_filter = True
        return retry

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawler/retry_after/{what}")
