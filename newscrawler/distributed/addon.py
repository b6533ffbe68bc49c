"""The Scrapy add-on that turns ``scrapy crawl news`` into a crawl node when NEWS_REDIS_URL is set.

A node shares the frontier (scheduler) and fetches and extracts; the dedupe, WARC
and storage pipelines move to the store (``newssearch ingest``), and the node hands
its articles to the stream instead. Without NEWS_REDIS_URL it changes nothing
(and imports nothing of Redis). Remove it from ADDONS to switch all of it off.
"""

from __future__ import annotations

from typing import Any

LOCAL_FETCH_STATE = "newscrawler.fetchstate.FetchState"


def enabled(settings: Any) -> bool:
    return bool(settings.get("NEWS_REDIS_URL"))


class RedisNodeAddon:
    def update_settings(self, settings: Any) -> None:
        if not enabled(settings):
            return
        from newscrawler.distributed.stream import StreamPipeline
        from newscrawler.pipelines.dedupe import DedupePipeline
        from newscrawler.pipelines.store import StoragePipeline
        from newscrawler.pipelines.warc import WarcCapturePipeline

        settings.set("SCHEDULER", "newscrawler.distributed.scheduler.SharedScheduler", "addon")
        if settings.get("FETCH_STATE_CLASS") == LOCAL_FETCH_STATE:  # settings.py's value, not the user's own
            settings.set("FETCH_STATE_CLASS", "newscrawler.distributed.fetchstate.RedisFetchState",
                         settings.getpriority("FETCH_STATE_CLASS"))
        settings.set_in_component_priority_dict("ITEM_PIPELINES", DedupePipeline, None)
        settings.set_in_component_priority_dict("ITEM_PIPELINES", StoragePipeline, None)
        settings.set_in_component_priority_dict("ITEM_PIPELINES", WarcCapturePipeline, None)
        settings.set_in_component_priority_dict("ITEM_PIPELINES", StreamPipeline, 300)
