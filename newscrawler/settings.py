"""Scrapy settings for newscrawler: polite defaults for cron runs against real news sites.

Every newscrawler component is listed here so a user can switch it off (``None``)
or tune it with ``-s NAME=VALUE``.
"""

import os

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["newscrawler.spiders"]
NEWSPIDER_MODULE = "newscrawler.spiders"
COMMANDS_MODULE = "newscrawler.commands"

# Where articles, index and crawl state live (also: env var NEWS_DATA).
NEWS_DATA = os.environ.get("NEWS_DATA") or "data"
# Sources file used when neither -a url= nor -a sources= is given.
NEWS_SOURCES = "sources.toml"

USER_AGENT = "newscrawler/0.1 (+https://github.com/newscrawler/newscrawler; news archive bot)"
ROBOTSTXT_OBEY = True

# Politeness: one or two requests at a time per site, adapting to the server's latency.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2

# Discovery bounds: home -> section -> page N -> article, plus related links.
DEPTH_LIMIT = 4
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
URLLENGTH_LIMIT = 2083
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

ITEM_PIPELINES = {
    "newscrawler.pipelines.extract.ExtractionPipeline": 100,
    "newscrawler.pipelines.clean.CleaningPipeline": 200,
    "newscrawler.pipelines.dedupe.DedupePipeline": 300,
    "newscrawler.pipelines.store.StoragePipeline": 400,
}

# Extraction runs in worker processes so both cores work and the reactor never blocks.
# 0 runs it in the crawl process (handy for debugging).
EXTRACTION_WORKERS = os.cpu_count() or 1
# Lines seen on this many pages of one site are site template, not article text.
TEMPLATE_MIN_PAGES = 3
# Whoosh commits every N stored articles (and at spider close).
INDEX_BATCH_SIZE = 200

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
TELNETCONSOLE_ENABLED = False
