"""Crawling past one machine: crawl nodes share one frontier on a Redis server, one store writes.

Everything here is active only when ``NEWS_REDIS_URL`` is set (see the README,
"Running on several machines"); without it the crawler runs in one process as always.
"""
