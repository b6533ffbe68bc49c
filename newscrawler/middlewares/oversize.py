"""Downloader middleware: a response over DOWNLOAD_MAXSIZE is a counted, one-line drop, not an error.

Scrapy already stops such downloads (and decompression bombs, in
HttpCompressionMiddleware) and logs a warning line; it then also reports the
cancelled download as an error with a traceback, which in a cron mail reads
like a crash. Here it becomes an ignored request, counted per source.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from scrapy.http import Request

from newscrawler.middlewares.sourcestats import count_for_source


class OversizeMiddleware:
    """Turn size-limit cancellations into IgnoreRequest (the warning line is Scrapy's)."""

    def __init__(self, stats: Any = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> OversizeMiddleware:
        if not crawler.settings.getbool("OVERSIZE_QUIET"):
            raise NotConfigured
        return cls(crawler.stats)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, DownloadCancelledError):
            count_for_source(self.stats, request, "too_large")
            raise IgnoreRequest(f"larger than the download size limit: {request.url}") from exception
