"""What an extraction worker process runs: kept free of Scrapy and Twisted.

A worker process imports the module of the function it runs. With these in the
pipeline's module, each worker imported Scrapy and Twisted too: 82 MiB after that
import against 57 MiB for ``newscrawler.extraction`` alone (``benchmarks/README.md``,
crawl throughput).
"""

from __future__ import annotations

import signal
import time
from typing import Any

from newscrawler.extraction.article import ExtractedArticle, extract_article


def timed_extract(html: str, url: str, **options: Any) -> tuple[ExtractedArticle, float]:
    """``extract_article`` and the CPU seconds it took, measured where it ran (a worker)."""
    started = time.thread_time()
    article = extract_article(html, url, **options)
    return article, time.thread_time() - started


def ignore_interrupts() -> None:
    """Ctrl-C reaches the whole process group; only the crawl process decides how to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
