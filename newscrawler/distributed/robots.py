"""robots.txt answers shared by the crawl nodes: each host's robots.txt is fetched by one node.

The answer (status and body; status 0 for "could not be fetched") is kept a day,
as RFC 9309 allows (a failure ten minutes); a Crawl-delay becomes the host's limit in the frontier, so
it holds over all nodes together, not per node.
"""

from __future__ import annotations

from typing import Any

from newscrawler.distributed.frontier import Politeness
from newscrawler.distributed.scheduler import frontier_from_settings

CACHE_SECONDS = 24 * 3600
FAILURE_CACHE_SECONDS = 600
"""An unreachable or failing robots.txt (crawl nothing there) is asked again sooner than a good one."""


class SharedRobots:
    def __init__(self, settings: Any) -> None:
        self.frontier = frontier_from_settings(settings)

    def _key(self, netloc: str) -> str:
        return self.frontier.key(f"robots:{netloc}")

    def get(self, netloc: str) -> tuple[int, bytes] | None:
        answer = self.frontier.client.hmget(self._key(netloc), ("status", "body"))
        if answer[0] is None:
            return None
        return int(answer[0]), answer[1] or b""

    def put(self, netloc: str, status: int, body: bytes) -> None:
        key = self._key(netloc)
        with self.frontier.client.pipeline() as pipe:
            pipe.hset(key, mapping={"status": status, "body": body})
            pipe.expire(key, CACHE_SECONDS if 200 <= status < 500 and status != 429 else FAILURE_CACHE_SECONDS)
            pipe.execute()

    def crawl_delay(self, host: str, seconds: float) -> None:
        """One request at a time, ``seconds`` apart, over all nodes."""
        self.frontier.limit_host(host, Politeness(1, int(seconds * 1000)))
