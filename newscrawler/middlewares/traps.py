"""Spider middleware: drop or repair links that lead crawlers into endless URL spaces.

Calendars that page forever, session ids that make every URL new, faceted
listings with a query parameter per filter, and relative links that stack path
segments (``/a/b/a/b/...``) give an unbounded number of URLs for a bounded
site. Filtering happens before the scheduler so the duplicate filter sees the
repaired URL (a session id stripped makes the link a duplicate again).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

SESSION_PARAMS = frozenset(
    {"jsessionid", "phpsessid", "sid", "sessionid", "session_id", "sessid", "cfid", "cftoken", "zenid", "oscsid"}
)
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#]*", re.I)
SECONDS_PER_YEAR = 365.25 * 86400


def strip_session_ids(url: str) -> str:
    """The URL without session-id query parameters or ``;jsessionid=`` path parameters."""
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(name, value) for name, value in pairs if name.lower() not in SESSION_PARAMS]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


class TrapFilterMiddleware(BaseSpiderMiddleware):
    """Strip session ids; drop URLs with too many parameters, stacked segments or implausible years."""

    def __init__(
        self,
        max_query_params: int,
        max_query_variants: int,
        max_segment_repeats: int,
        year_range: tuple[int, int],
        stats: Any = None,
    ) -> None:
        self.max_query_params = max_query_params
        self.max_query_variants = max_query_variants
        self.max_segment_repeats = max_segment_repeats
        self.year_range = year_range
        self.stats = stats
        self.variants: Counter[tuple[str, str]] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Any, clock: Callable[[], float] = time.time) -> TrapFilterMiddleware:
        settings = crawler.settings
        if not settings.getbool("TRAPS_ENABLED"):
            raise NotConfigured
        this_year = 1970 + int(clock() // SECONDS_PER_YEAR)
        return cls(
            settings.getint("TRAPS_MAX_QUERY_PARAMS"),
            settings.getint("TRAPS_MAX_QUERY_VARIANTS"),
            settings.getint("TRAPS_MAX_SEGMENT_REPEATS"),
            (settings.getint("TRAPS_MIN_YEAR"), this_year + 1),
            crawler.stats,
        )

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if response is None:
            return request
        url = strip_session_ids(request.url)
        if url != request.url:
            self._count("session_id_stripped")
            request = request.replace(url=url)
        why = self.trap(url)
        if why:
            self._count(why)
            return None
        return request

    def trap(self, url: str) -> str | None:
        """The kind of trap ``url`` looks like, or None; counts query variants as it goes."""
        parts = urlsplit(url)
        params = parse_qsl(parts.query, keep_blank_values=True)
        if self.max_query_params and len(params) > self.max_query_params:
            return "too_many_params"
        segments = [segment for segment in parts.path.split("/") if segment]
        if segments and self.max_segment_repeats and _most_repeated(segments) > self.max_segment_repeats:
            return "repeated_segments"
        if any(not self.year_range[0] <= int(year) <= self.year_range[1] for year in _years(parts.path, params)):
            return "calendar_year"
        if parts.query and self.max_query_variants:
            key = (parts.netloc, parts.path)
            self.variants[key] += 1
            if self.variants[key] > self.max_query_variants:
                return "query_variants"
        return None

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawler/traps/{what}")


def _most_repeated(segments: Iterable[str]) -> int:
    return max(Counter(segments).values())


DATE_PARAMS = frozenset({"year", "yr", "y", "date", "day", "month", "cal", "calendar"})
_DATE_SEGMENTS = re.compile(r"(?:^|/)(\d{4})(?:/\d{1,2}(?=/|$)|[-_]\d{1,2})")
_DATE_VALUE = re.compile(r"(\d{4})(?:[-_/]\d{1,2}){0,2}")


def _years(path: str, params: list[tuple[str, str]]) -> list[str]:
    """Years of dates in the URL: ``/2031/05``, ``/2031-05-01``, ``?date=2031-05``, ``?year=2031``.

    A bare four-digit path segment is more often an article id than a year, so it is left alone.
    """
    years = _DATE_SEGMENTS.findall(path)
    for name, value in params:
        match = _DATE_VALUE.fullmatch(value)
        if match and (name.lower() in DATE_PARAMS or value != match.group(1)):
            years.append(match.group(1))
    return years
