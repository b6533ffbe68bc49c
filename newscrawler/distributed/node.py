"""A crawl node's life on the shared frontier: heartbeat, finished leases, dead nodes, idle exit.

A lease is finished when Scrapy's engine is done with its request: downloaded,
passed to the spider, the links it yielded queued and its item pushed to the
store's stream. Scrapy has no signal for that moment, so the node looks, four
times a second, which leased requests left the engine's in-progress set; a node
killed before that point leaves its lease to be put back by another node after
NEWS_REDIS_LEASE_TIMEOUT seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet.task import LoopingCall

from newscrawler.distributed.frontier import Frontier

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.25
"""How often finished leases are acknowledged and an idle engine asks the frontier again.

Scrapy's engine asks its scheduler only when a download ends or every 5 seconds;
on a shared queue another node's work may arrive any moment, and 5 seconds of
idling per node cost more than the whole start-up in the distributed benchmark.
"""


class NodeLoop:
    """Runs on the reactor while the spider is open."""

    def __init__(self, crawler: Any, frontier: Frontier, node: str, lease_seconds: float, idle_exit: float) -> None:
        self.crawler = crawler
        self.frontier = frontier
        self.node = node
        self.leases: dict[str, Request] = {}
        self.downloading: dict[Request, str] = {}
        self.lease_seconds = max(lease_seconds, 1.0)
        self.idle_exit = idle_exit
        self.loop = LoopingCall(self.tick)
        self.last_sweep = 0.0
        self.stopping = threading.Event()
        self.heart = threading.Thread(target=self.beat, name="redis-heartbeat", daemon=True)

    def start(self) -> None:
        self.requeue_dead()
        fresh = self.frontier.join(self.node, self.lease_seconds, self.idle_exit)
        logger.info("crawl node %(node)s joined %(what)s on Redis (%(queued)d requests queued)",
                    {"node": self.node, "what": "a new crawl round" if fresh else "the running crawl",
                     "queued": self.frontier.queued()})
        self.heart.start()
        self.crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        self.crawler.signals.connect(self.request_left_downloader, signal=signals.request_left_downloader)
        self.loop.start(TICK_SECONDS, now=False)

    def beat(self) -> None:
        """In its own thread: a node busy extracting a large page for a while is still alive."""
        while not self.stopping.wait(self.lease_seconds / 4):
            self.frontier.heartbeat(self.node, self.lease_seconds)

    def stop(self) -> None:
        if self.loop.running:
            self.loop.stop()
        self.stopping.set()
        self.acknowledge()
        returned = self.frontier.leave(self.node)
        if returned:
            logger.info("put %(count)d unfinished requests back in the shared queue", {"count": returned})
        self._stat("requeued_total", self.frontier.requeued())

    def tick(self) -> None:
        self.acknowledge()
        if time.monotonic() - self.last_sweep >= self.lease_seconds / 2:
            self.last_sweep = time.monotonic()
            self.requeue_dead()
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        if slot is not None and slot.closing is None and not engine.needs_backout():
            slot.nextcall.schedule()

    def request_left_downloader(self, request: Request) -> None:
        """Politeness counts requests on the wire: free the host's slot now, not when processing ends."""
        lease = self.downloading.pop(request, None)
        if lease is not None:
            self.frontier.downloaded(lease)

    def leased(self, lease: str, request: Request) -> None:
        self.leases[lease] = request
        self.downloading[request] = lease

    def requeue_dead(self) -> None:
        moved = self.frontier.requeue_dead()
        if moved:
            logger.warning("a crawl node stopped answering: %(count)d of its requests went back to the queue",
                           {"count": moved})

    def acknowledge(self) -> None:
        slot = getattr(self.crawler.engine, "_slot", None)
        in_progress = slot.inprogress if slot is not None else set()
        finished = [lease for lease, request in self.leases.items() if request not in in_progress]
        if not finished:
            return
        for lease in finished:
            request = self.leases.pop(lease)
            self.downloading.pop(request, None)
        self.frontier.ack(self.node, finished)

    def spider_idle(self) -> None:
        """Stay open until the whole crawl, not just this node, has been idle for NEWS_REDIS_IDLE_EXIT."""
        self.acknowledge()
        idle = self.frontier.idle_seconds()
        if idle < 0 or idle < self.idle_exit:
            raise DontCloseSpider
        logger.info("shared queue empty and no request in flight for %(seconds).0f s: this node is done",
                    {"seconds": idle})

    def _stat(self, name: str, value: int) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(f"newscrawler/redis/{name}", value)
