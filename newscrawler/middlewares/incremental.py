"""Downloader middleware: conditional GETs, 304 replays of listing pages, and the fetch state they need.

Every page fetched before is asked for with If-None-Match / If-Modified-Since.
On 304, a listing page (feed, sitemap, section page) is replayed from its
stored body so the spider follows its links again without downloading it; an
article page needs nothing more and is dropped. A page is learnt to be an
article only once the pipelines have stored or de-duplicated it, so a killed
run never marks as done an article the archive does not hold.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from newscrawler.clock import clock_from_settings
from newscrawler.cputime import cpu_stage
from newscrawler.extraction.pagekind import ARTICLE, LISTING
from newscrawler.fetchstate import FetchState, FetchStateUser
from newscrawler.middlewares.sourcestats import count_for_source
from newscrawler.middlewares.warc_replay import REPLAYED_FLAG
from search.datadir import data_dir_from_settings

KNOWN_LISTING_META = "news_known_listing"
"""Set on replayed or unchanged listing pages: the spider follows their links but yields no item."""


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class IncrementalMiddleware(FetchStateUser):
    """Ask servers whether known pages changed; remember what each URL turned out to be."""

    def __init__(self, state_path: Path, stats: Any = None, clock: Callable[[], float] = time.time) -> None:
        self.state_path = state_path
        self.stats = stats
        self.clock = clock
        self.state: FetchState | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> IncrementalMiddleware:
        if not crawler.settings.getbool("INCREMENTAL_ENABLED"):
            raise NotConfigured
        middleware = cls(data_dir_from_settings(crawler.settings).fetch_state, crawler.stats,
                         clock_from_settings(crawler.settings))
        middleware.use_settings(crawler.settings)
        crawler.signals.connect(middleware.open, signal=signals.spider_opened)
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        crawler.signals.connect(middleware.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(middleware.item_dropped, signal=signals.item_dropped)
        return middleware

    def process_request(self, request: Request) -> None:
        if not self._applies(request):
            return
        known = self.state.get(request.url)
        if known is None:
            return
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified)

    def process_response(self, request: Request, response: Response) -> Response:
        if not self._applies(request) or REPLAYED_FLAG in response.flags:  # read from an archive, not fetched
            return response
        with cpu_stage(self.stats, "incremental"):
            return self._after_fetch(request, response)

    def _after_fetch(self, request: Request, response: Response) -> Response:
        if response.status == 304:
            return self._not_modified(request, response)
        if response.status != 200:
            return response
        known = self.state.get(response.url)
        body_hash = hashlib.sha256(response.body).hexdigest()
        self.state.record_fetch(
            response.url,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            body_hash=body_hash,
            content_type=_header(response, b"Content-Type"),
            body=response.body,
            now=self.clock(),
            listed_date=request.meta.get("news_listed_date"),
        )
        self.state.commit()
        if known is not None and known.body_hash == body_hash:
            count_for_source(self.stats, request, "unchanged")
            if known.kind == ARTICLE:
                raise IgnoreRequest(f"article unchanged since last fetch: {response.url}")
            if known.kind == LISTING:
                request.meta[KNOWN_LISTING_META] = True
        return response

    def _not_modified(self, request: Request, response: Response) -> Response:
        known = self.state.get(request.url)
        if known is None:
            return response
        count_for_source(self.stats, request, "not_modified")
        self.state.record_check(request.url, self.clock(), request.meta.get("news_listed_date"))
        self.state.commit()
        body = self.state.body(request.url)
        if body is None:
            raise IgnoreRequest(f"not modified since last fetch: {request.url}")
        if known.kind == LISTING:
            request.meta[KNOWN_LISTING_META] = True
        headers = Headers({"Content-Type": known.content_type or ""})
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(url=request.url, status=200, headers=headers, body=body, request=request, flags=["not_modified"])

    def item_scraped(self, item: Any, response: Response) -> None:
        self._learn(response, ARTICLE)

    def item_dropped(self, item: Any, response: Response, exception: Exception) -> None:
        """An item dropped with text is an article (a duplicate); without text, a listing page."""
        self._learn(response, ARTICLE if getattr(item, "body", "") else LISTING)

    def _learn(self, response: Response | None, kind: str) -> None:
        if self.state is None or response is None:
            return
        redirected = response.request.meta.get("redirect_urls", ()) if response.request is not None else ()
        with cpu_stage(self.stats, "incremental"):
            for url in (response.url, *redirected):
                self.state.set_kind(url, kind, self.clock())
            self.state.commit()

    def _applies(self, request: Request) -> bool:
        """robots.txt has its own cache in the robots middleware; only GETs are conditional."""
        return self.state is not None and request.method == "GET" and not request.meta.get("dont_obey_robotstxt")
