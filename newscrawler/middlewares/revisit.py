"""Spider middleware: do not schedule article pages already stored, nor stale sitemap/feed entries.

It works before the scheduler, not in the downloader, on purpose: a request
dropped after the duplicate filter has seen it would also block the same URL
arriving later from a sitemap that announces a newer ``lastmod``.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from newscrawler.clock import clock_from_settings
from newscrawler.extraction.pagekind import ARTICLE
from newscrawler.fetchstate import Fetch, FetchState, FetchStateUser
from newscrawler.middlewares.sourcestats import count_for_source, source_of
from search.datadir import data_dir_from_settings

DAY = 86400.0


def parse_listed_date(text: str | None) -> float | None:
    """Epoch seconds of a feed/sitemap date (RFC 822 or ISO 8601); naive times count as UTC."""
    if not text:
        return None
    text = text.strip()
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


class RevisitFilterMiddleware(FetchStateUser, BaseSpiderMiddleware):
    """Keep a request for a stored article only if it changed or its revisit age passed."""

    def __init__(
        self,
        state_path: Path,
        revisit_days: float,
        revisit_days_by_source: dict[str, float],
        max_age_days: float,
        stats: Any = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.state_path = state_path
        self.revisit_days = revisit_days
        self.revisit_days_by_source = revisit_days_by_source
        self.max_age_days = max_age_days
        self.stats = stats
        self.clock = clock
        self.state: FetchState | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> RevisitFilterMiddleware:
        settings = crawler.settings
        if not settings.getbool("INCREMENTAL_ENABLED"):
            raise NotConfigured
        middleware = cls(
            data_dir_from_settings(settings).fetch_state,
            settings.getfloat("INCREMENTAL_REVISIT_DAYS"),
            {name: float(days) for name, days in settings.getdict("INCREMENTAL_REVISIT_DAYS_BY_SOURCE").items()},
            settings.getfloat("INCREMENTAL_MAX_AGE_DAYS"),
            crawler.stats,
            clock_from_settings(settings),
        )
        middleware.use_settings(crawler.settings)
        crawler.signals.connect(middleware.open, signal=signals.spider_opened)
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if self.state is None or response is None:
            return request
        known = self.state.get(request.url)
        listed = request.meta.get("news_listed_date")
        if known is None:
            if self._too_old(listed):
                count_for_source(self.stats, request, "skipped_old")
                return None
            return request
        if known.kind == ARTICLE and not self._due(known, listed, source_of(request)):
            count_for_source(self.stats, request, "skipped_known")
            return None
        return request

    def _too_old(self, listed: str | None) -> bool:
        when = parse_listed_date(listed)
        return bool(self.max_age_days) and when is not None and when < self.clock() - self.max_age_days * DAY

    def _due(self, known: Fetch, listed: str | None, source: str) -> bool:
        """Changed per the feed/sitemap since we fetched it, or not checked for the revisit age."""
        when = parse_listed_date(listed)
        if when is not None and listed != known.listed_date and when > known.fetched:
            return True
        days = self.revisit_days_by_source.get(source, self.revisit_days)
        return bool(days) and self.clock() - known.checked >= days * DAY
