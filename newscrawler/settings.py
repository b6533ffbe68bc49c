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
    # After dedupe (only what will be stored), before storage (the record points at the WARC).
    "newscrawler.pipelines.warc.WarcCapturePipeline": 350,
    "newscrawler.pipelines.store.StoragePipeline": 400,
}

# Extraction runs in worker processes so both cores work and the reactor never blocks.
# 0 runs it in the crawl process (handy for debugging).
EXTRACTION_WORKERS = os.cpu_count() or 1
# Lines seen on this many pages of one site are site template, not article text.
TEMPLATE_MIN_PAGES = 3
# The search index commits every N stored articles (and at spider close). Each commit
# writes a segment whose cost grows with its distinct words, not its articles, so
# larger batches index faster; the archive has every article at once either way.
INDEX_BATCH_SIZE = 1000
# Index large batches on two cores: a helper process indexes part of each batch
# and merges segments in the background (search.indexwriter.batches).
INDEX_HELPER = (os.cpu_count() or 1) > 1

# WARC capture (DATA/warc/*.warc.gz): request and response of every stored article, for
# `newssearch reextract` and for other web-archive tools.
WARC_ENABLED = True
# A new file is started once the current one reaches this size (bytes).
WARC_MAX_SIZE = 1024**3
# Also keep home, section and tag pages (not stored as articles, so not re-extracted).
WARC_LISTING_PAGES = False
# Where `-a ccnews=DAYS` finds crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz and the files it lists.
CCNEWS_BASE_URL = "https://data.commoncrawl.org/"

# --- Cron-grade crawling (issue 7): each component can be switched off here. ---
# Only one crawl per data directory; a second one exits with status 3 (see README, cron section).
CRAWL_LOCK_ENABLED = True
# Redirect chains longer than this are loops or traps, not news.
REDIRECT_MAX_TIMES = 5

DOWNLOADER_MIDDLEWARES = {
    # First of all: pages read from archives (-a warc=, -a ccnews=) are answered from the record, never fetched.
    "newscrawler.middlewares.warc_replay.WarcReplayMiddleware": 10,
    # Near the engine: counts per source what finally came back, after retries and redirects.
    "newscrawler.middlewares.sourcestats.SourceStatsMiddleware": 40,
    # Size-limit cancellations (DOWNLOAD_MAXSIZE) become one warning line, not an error with a traceback.
    "newscrawler.middlewares.oversize.OversizeMiddleware": 45,
    # First to see each request (redirects too): no private/loopback/metadata addresses, http(s) only.
    "newscrawler.middlewares.network_guard.NetworkGuardMiddleware": 50,
    # One trap-ridden source must not eat the whole run.
    "newscrawler.middlewares.source_cap.SourcePageCapMiddleware": 60,
    # Scrapy's robots.txt middleware reads a 5xx robots.txt as "allow all"; RFC 9309 says disallow.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawler.middlewares.robots.RobotsTxtMiddleware": 100,
    # Before RetryMiddleware (550) sees a 429/503: wait as long as Retry-After asks.
    "newscrawler.middlewares.retry_after.RetryAfterMiddleware": 560,
    # Below HttpCompressionMiddleware (590): stores and replays decompressed bodies; adds conditional headers.
    "newscrawler.middlewares.incremental.IncrementalMiddleware": 580,
}
SPIDER_MIDDLEWARES = {
    # Spider output passes higher numbers first. Traps before the scheduler, so the duplicate
    # filter (and the revisit filter below) see repaired URLs: session ids, calendars, facets.
    "newscrawler.middlewares.traps.TrapFilterMiddleware": 720,
    # Before the scheduler: skip stored articles unless a feed/sitemap says they changed.
    "newscrawler.middlewares.revisit.RevisitFilterMiddleware": 710,
}
EXTENSIONS = {
    # Per-source table at the end of a run, and last-crawl.json for `newssearch stats`.
    "newscrawler.extensions.summary.CrawlSummary": 500,
    # A full disk stops the crawl cleanly (exit status 5) instead of failing every write.
    "newscrawler.extensions.disk_guard.DiskSpaceGuard": 100,
}

# Network guard: hosts trusted besides the configured sources' own hosts (e.g. an intranet news site).
NETWORK_GUARD_ENABLED = True
NETWORK_GUARD_TRUSTED_HOSTS: list[str] = []
# The same check where the download connects, against DNS rebinding (Scrapy's default resolver plus it).
TWISTED_DNS_RESOLVER = "newscrawler.middlewares.resolver.GuardedResolver"
SOURCE_STATS_ENABLED = True
OVERSIZE_QUIET = True
# Per source and run; 0 = no cap. CLOSESPIDER_TIMEOUT / CLOSESPIDER_PAGECOUNT cap the whole run.
SOURCE_PAGE_LIMIT = 5000
# robots.txt asking for more than this between requests is capped to it (seconds).
ROBOTSTXT_MAX_CRAWL_DELAY = 30.0
# Retry-After longer than this gives the page up for the run instead of stalling it (seconds).
RETRY_AFTER_ENABLED = True
RETRY_AFTER_MAX_SECONDS = 120.0

# Incremental crawling: conditional GETs, stored articles skipped (state in fetch-state.sqlite).
INCREMENTAL_ENABLED = True
# Where the fetch state lives (crawl nodes: newscrawler.distributed.fetchstate.RedisFetchState, set by the add-on).
FETCH_STATE_CLASS = "newscrawler.fetchstate.FetchState"
# A stored article still linked from a listing is re-checked (conditionally) after this many days; 0 = never.
INCREMENTAL_REVISIT_DAYS = 2.0
# Per source name, e.g. {"Live blog site": 0.25}.
INCREMENTAL_REVISIT_DAYS_BY_SOURCE: dict[str, float] = {}
# Feed/sitemap entries dated older than this are not fetched when first seen; 0 = fetch all.
INCREMENTAL_MAX_AGE_DAYS = 30.0

# URL traps (see newscrawler/middlewares/traps.py); DEPTH_LIMIT and URLLENGTH_LIMIT above also bound them.
TRAPS_ENABLED = True
TRAPS_MAX_QUERY_PARAMS = 6
TRAPS_MAX_QUERY_VARIANTS = 200
TRAPS_MAX_SEGMENT_REPEATS = 2
TRAPS_MIN_YEAR = 1900

# Stop scheduling pages once the data directory's file system has less than this free
# (a number of bytes, or 200MB, 1GB ...); 0 = only stop when a write fails for lack of space.
DISK_GUARD_ENABLED = True
MIN_FREE_SPACE = "200MB"

# The clock that stamps and ages what the data directory keeps (a zero-argument callable
# giving epoch seconds); tests point it elsewhere to move the clock between runs.
NEWS_CLOCK = "time.time"

# --- Several machines (issue 15; README "Running on several machines"). ---
# redis://[:PASSWORD@]HOST:PORT/DB makes this process a crawl node: queue, seen-filter, robots.txt
# answers and fetch state are shared on that Redis server, and articles go to `newssearch ingest`.
# Empty (the default): one process, no Redis.
NEWS_REDIS_URL = ""
# Prefix of every key, so one Redis server can hold several independent crawls.
NEWS_REDIS_PREFIX = "newscrawler"
# A node exits (status 0) once the shared queue is empty and no node had a request in flight this long.
NEWS_REDIS_IDLE_EXIT = 30.0
# A node silent this long is taken as dead: the requests it had taken go back to the queue.
NEWS_REDIS_LEASE_TIMEOUT = 60.0
# How long a running node or store waits for a Redis server that went away; 0 = for ever.
NEWS_REDIS_MAX_WAIT = 0.0
ADDONS = {
    # Switches scheduler and last pipelines to the shared ones when NEWS_REDIS_URL is set.
    "newscrawler.distributed.addon.RedisNodeAddon": 0,
}

CRAWL_SUMMARY_ENABLED = True
CRAWL_SUMMARY_PRINT = True

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
# Cron runs want no listening control endpoints (telnet, Scrapy's remote control) and no job files.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
