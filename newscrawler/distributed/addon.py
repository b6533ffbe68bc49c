"""The Scrapy add-on that turns ``scrapy crawl news`` into a crawl node when NEWS_REDIS_URL is set.

A node shares the frontier (scheduler) and fetches and extracts; the dedupe, WARC
and storage pipelines move to the store (``newssearch ingest``), and the node hands
its articles to the stream instead. Without NEWS_REDIS_URL it changes nothing
(and imports nothing of Redis). Remove it from ADDONS to switch all of it off.
"""

from __future__ import annotations

from typing import Any

LOCAL_FETCH_STATE = "newscrawler.fetchstate.FetchState"
STREAM_PIPELINE = "newscrawler.distributed.stream.StreamPipeline"
STORE_PIPELINES = frozenset({
    "newscrawler.pipelines.dedupe.DedupePipeline",
    "newscrawler.pipelines.warc.WarcCapturePipeline",
    "newscrawler.pipelines.store.StoragePipeline",
})
"""The store's pipelines, named by path: Scrapy's ``set_in_component_priority_dict`` imports every
pipeline to compare them, and the dedupe pipeline's imports (datasketch, SciPy) alone cost each node
1.3 s of CPU at start for a pipeline it never runs."""


def enabled(settings: Any) -> bool:
    return bool(settings.get("NEWS_REDIS_URL"))


def _path(component: Any) -> str:
    return component if isinstance(component, str) else f"{component.__module__}.{component.__qualname__}"


class RedisNodeAddon:
    def update_settings(self, settings: Any) -> None:
        if not enabled(settings):
            return
        settings.set("SCHEDULER", "newscrawler.distributed.scheduler.SharedScheduler", "addon")
        if settings.get("FETCH_STATE_CLASS") == LOCAL_FETCH_STATE:  # settings.py's value, not the user's own
            settings.set("FETCH_STATE_CLASS", "newscrawler.distributed.fetchstate.RedisFetchState",
                         settings.getpriority("FETCH_STATE_CLASS"))
        pipelines = {component: order for component, order in settings.getdict("ITEM_PIPELINES").items()
                     if _path(component) not in STORE_PIPELINES}
        pipelines[STREAM_PIPELINE] = 300
        settings.set("ITEM_PIPELINES", pipelines, settings.getpriority("ITEM_PIPELINES") or 0)
