"""The fetching ceiling: a bare Scrapy spider that reads the sitemaps and downloads every page.

No pipelines, no newscrawler middlewares, no parsing of pages: what Scrapy and the
server alone cost, with the crawl's own concurrency settings and robots.txt on.

    python -m benchmarks.fetchonly SITEMAP_URL [SITEMAP_URL ...]
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

from newscrawler.discovery import sitemap_entries

# The crawl's politeness-off settings from the benchmark, plus Scrapy's defaults.
SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DEPTH_LIMIT": 1,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
}


class FetchOnlySpider(scrapy.Spider):
    name = "fetchonly"

    def __init__(self, sitemaps: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.sitemaps = sitemaps

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        for entry in sitemap_entries(response.body, response.url):
            yield scrapy.Request(entry.url, callback=self.parse_page)

    def parse_page(self, response: Response) -> None:
        self.crawler.stats.inc_value("fetchonly/pages")


def main(sitemaps: list[str]) -> None:
    process = CrawlerProcess(SETTINGS, install_root_handler=True)
    crawler = process.create_crawler(FetchOnlySpider)
    process.crawl(crawler, sitemaps=sitemaps)
    process.start()
    print(crawler.stats.get_value("fetchonly/pages", 0))


if __name__ == "__main__":
    main(sys.argv[1:])
