"""Scrapy extensions and run-level helpers: the crawl lock and the end-of-run summary."""
