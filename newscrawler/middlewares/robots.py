"""robots.txt as RFC 9309 asks, on top of Scrapy's middleware: 5xx means "disallow", Crawl-delay is kept.

Scrapy reads a robots.txt answered with 500/503 (or not answered at all) as
"allow everything"; the RFC says a crawler must then assume complete disallow,
because an overloaded or broken site is exactly the one not to crawl. Scrapy
also ignores ``Crawl-delay``; here it becomes the minimum delay of that host's
download slot (capped by ROBOTSTXT_MAX_CRAWL_DELAY), with one request at a time.
On crawl nodes (NEWS_REDIS_URL) the answers and delays are shared by all nodes.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

SHARED_FLAG = "shared"
"""Marks a robots.txt answer another crawl node fetched (not stored again)."""

UNAVAILABLE_IS_DISALLOW = (429,)
"""Besides 5xx: "too many requests" for robots.txt itself is a server asking us to stay away."""


class DisallowAll(RobotParser):
    """The parser used when robots.txt could not be fetched: nothing may be crawled this run."""

    @classmethod
    def from_crawler(cls, crawler: Any, robotstxt_body: bytes) -> DisallowAll:
        return cls()

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False

    def crawl_delay(self, user_agent: str | bytes) -> float | None:
        return None


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with RFC 9309 error handling and Crawl-delay."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.max_crawl_delay = crawler.settings.getfloat("ROBOTSTXT_MAX_CRAWL_DELAY")
        self.delays: dict[str, float] = {}
        """Download slot key -> the Crawl-delay its robots.txt asks for."""
        self.shared = None
        if crawler.settings.get("NEWS_REDIS_URL"):
            from newscrawler.distributed.robots import SharedRobots

            self.shared = SharedRobots(crawler.settings)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        """On a crawl node, an answer another node already fetched is used as if fetched here."""
        url = urlparse_cached(request)
        if self.shared is not None and url.netloc not in self._parsers:
            answer = self.shared.get(url.netloc)
            if answer is not None:
                self._parsers[url.netloc] = Deferred()
                self._stats.inc_value("newscrawler/robots/shared")
                status, body = answer
                if status:
                    response = Response(f"{url.scheme}://{url.netloc}/robots.txt", status=status, body=body,
                                        request=request, flags=[SHARED_FLAG])
                    await self._parse_robots(response, url.netloc, request)
                else:
                    self._disallow_all(url.netloc, "could not be fetched (by another crawl node)")
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if self.shared is not None and SHARED_FLAG not in response.flags:
            self.shared.put(netloc, response.status, response.body)
        if response.status >= 500 or response.status in UNAVAILABLE_IS_DISALLOW:
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._disallow_all(netloc, f"answered {response.status}")
            return
        await super()._parse_robots(response, netloc, request)
        parser = self._parsers[netloc]
        delay = parser.crawl_delay(self._robotstxt_useragent or self._default_useragent) if parser else None
        if delay:
            self.delays[self._slot_key(request)] = min(delay, self.max_crawl_delay)
            self._apply_delay(request)
            if self.shared is not None:
                self.shared.crawl_delay(urlparse_cached(request).hostname or "", min(delay, self.max_crawl_delay))

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        if self.shared is not None:
            self.shared.put(netloc, 0, b"")
        self._disallow_all(netloc, f"could not be fetched ({exc.__class__.__name__})")

    def _disallow_all(self, netloc: str, why: str) -> None:
        logger.warning("robots.txt of %(netloc)s %(why)s: not crawling this host in this run (RFC 9309)",
                       {"netloc": netloc, "why": why})
        self._stats.inc_value("newscrawler/robots/disallow_all")
        pending = self._parsers[netloc]
        self._parsers[netloc] = DisallowAll()
        if isinstance(pending, Deferred):
            pending.callback(self._parsers[netloc])

    def process_response(self, request: Request, response: Response) -> Response:
        """AutoThrottle may lower a slot's delay after each response: raise it back to the Crawl-delay."""
        self._apply_delay(request)
        return response

    def _slot_key(self, request: Request) -> str:
        return self.crawler.engine.downloader.get_slot_key(request)

    def _apply_delay(self, request: Request) -> None:
        key = self._slot_key(request)
        delay = self.delays.get(key)
        slot = self.crawler.engine.downloader.slots.get(key) if delay else None
        if slot is not None:
            slot.delay = max(slot.delay, delay)
            slot.concurrency = 1
            slot.jitter = 0.0  # a random factor below 1 would break the delay the site asked for
