"""scrapy-redis's scheduler on the shared frontier: one queue and one seen-filter for every node.

scrapy-redis gives the scheduler, the request serialisation and the Redis
seen-filter; this module fits them to a frontier with leases and per-host
politeness (``frontier``), shorter fingerprints, and a seen-filter that lives
for one crawl round instead of forever (a round ends when every node has been
idle for NEWS_REDIS_IDLE_EXIT seconds; the next cron run starts a fresh one).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from typing import Any

from scrapy import Request, Spider
from scrapy.utils.httpobj import urlparse_cached
from scrapy_redis import picklecompat
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base as RedisQueueBase
from scrapy_redis.scheduler import Scheduler as RedisScheduler

from newscrawler.distributed.connection import connect
from newscrawler.distributed.frontier import Frontier, Politeness
from newscrawler.distributed.node import NodeLoop

logger = logging.getLogger(__name__)

FINGERPRINT_BYTES = 12
"""96 bits: at 100 million URLs a collision (a URL wrongly taken as seen) has odds near 1e-13."""


def frontier_from_settings(settings: Any) -> Frontier:
    client = connect(settings.get("NEWS_REDIS_URL"), settings.getfloat("NEWS_REDIS_MAX_WAIT"))
    politeness = Politeness(settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") or 1,
                            int(settings.getfloat("DOWNLOAD_DELAY") * 1000))
    return Frontier(client, settings.get("NEWS_REDIS_PREFIX"), politeness)


class SharedSeenFilter(RFPDupeFilter):
    """scrapy-redis's seen-filter with Scrapy's request fingerprints, cut to 12 bytes.

    The frontier's push adds the fingerprint itself, in the same step as queueing.
    """

    def __init__(self, server: Any, key: str, fingerprinter: Any, debug: bool = False) -> None:
        super().__init__(server, key, debug)
        self.fingerprinter = fingerprinter

    def request_fingerprint(self, request: Request) -> bytes:
        return self.fingerprinter.fingerprint(request)[:FINGERPRINT_BYTES]

    def close(self, reason: str = "") -> None:
        """Keep the fingerprints: other nodes still use them; the round's end clears them."""


class HostQueue(RedisQueueBase):
    """The frontier behind scrapy-redis's queue interface; remembers what this node leased."""

    def __init__(self, frontier: Frontier, node: NodeLoop, spider: Spider) -> None:
        super().__init__(frontier.client, spider, frontier.key("queue"), picklecompat)
        self.frontier = frontier
        self.node = node

    def __len__(self) -> int:
        return self.frontier.queued()

    def push(self, request: Request, fingerprint: bytes = b"") -> bool:
        host = urlparse_cached(request).hostname or ""
        return self.frontier.push(host, self._encode_request(request), request.priority, fingerprint)

    def pop(self, timeout: int = 0) -> Request | None:
        got = self.frontier.pop(self.node.node)
        if got is None:
            return None
        lease, payload = got
        request = self._decode_request(payload)
        self.node.leased(lease, request)
        return request

    def clear(self) -> None:
        """Never: the queue is shared with the other nodes."""


class SharedScheduler(RedisScheduler):
    """The crawl node's scheduler (set by the Redis add-on when NEWS_REDIS_URL is given)."""

    def __init__(self, frontier: Frontier, crawler: Any, **kwargs: Any) -> None:
        super().__init__(frontier.client, persist=True, **kwargs)
        self.frontier = frontier
        self.crawler = crawler
        self.node = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.loop: NodeLoop | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedScheduler:
        frontier = frontier_from_settings(crawler.settings)
        seen = SharedSeenFilter(frontier.client, frontier.key("seen"), crawler.request_fingerprinter,
                                debug=crawler.settings.getbool("DUPEFILTER_DEBUG"))
        # No stats object: scrapy-redis passes it the spider, which Scrapy deprecates; NodeLoop counts instead.
        return cls(frontier, crawler, dupefilter=seen)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        settings = self.crawler.settings
        self.loop = NodeLoop(self.crawler, self.frontier, self.node,
                             lease_seconds=settings.getfloat("NEWS_REDIS_LEASE_TIMEOUT"),
                             idle_exit=settings.getfloat("NEWS_REDIS_IDLE_EXIT"))
        self.queue = HostQueue(self.frontier, self.loop, spider)
        self.loop.start()

    def enqueue_request(self, request: Request) -> bool:
        """scrapy-redis asks the seen-filter, then pushes: here both are one step in Redis."""
        fingerprint = b"" if request.dont_filter else self.df.request_fingerprint(request)
        if self.queue.push(request, fingerprint):
            return True
        self.df.log(request, self.spider)
        return False

    def close(self, reason: str) -> None:
        if self.loop is not None:
            self.loop.stop()
