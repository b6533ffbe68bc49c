"""The generic news spider: from feeds, sitemaps, home and section pages to article pages.

Every HTML page reached is handed to the pipelines, which decide whether it is an
article (stored) or a listing (dropped); links found on HTML pages are followed
within the source's domains, so section pages and related-article lists keep
discovering stories.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.utils.gz import gunzip, gzip_magic_number

from newscrawler.cputime import cpu_stage
from newscrawler.discovery import ContentFormat, detect_format, feed_entries, sitemap_entries
from newscrawler.extraction.decode import decode_html
from newscrawler.items import ArticleItem
from newscrawler.sources import Source, resolve_sources
from newscrawler.warc.replay import ARCHIVED_DATE_META, ArchiveInput, archive_input_from_crawler
from search.datadir import data_dir_from_settings

FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml")


class NewsSpider(scrapy.Spider):
    """Crawl ``-a url=URL[,URL...]``, ``-a sources=PATH`` or the NEWS_SOURCES file.

    Or read archived pages instead of live sites: ``-a warc=PATH_OR_URL[,...]`` and
    ``-a ccnews=DAY[..DAY]``, keeping the hosts of the sources or ``-a domains=``.
    """

    name = "news"

    def __init__(self, url: str | None = None, sources: str | None = None, warc: str | None = None,
                 ccnews: str | None = None, domains: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._url_arg = url
        self._sources_arg = sources
        self._archive_args = (warc, ccnews, domains)
        self.sources: list[Source] = []
        self.archive_input: ArchiveInput | None = None
        self.depth_limit = 0
        # Media and data files are never articles.
        self.link_extractor = LinkExtractor(deny_extensions=[*IGNORED_EXTENSIONS, "xml", "json", "txt"], unique=True)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        warc, days, domains = spider._archive_args
        if warc is None and days is None:
            spider.sources = resolve_sources(spider._url_arg, spider._sources_arg, crawler.settings.get("NEWS_SOURCES"))
            spider.allowed_domains = sorted({domain for source in spider.sources for domain in source.allowed_domains})
            spider.depth_limit = crawler.settings.getint("DEPTH_LIMIT")
            return spider
        if not domains:
            spider.sources = resolve_sources(None, spider._sources_arg, crawler.settings.get("NEWS_SOURCES"))
        progress = data_dir_from_settings(crawler.settings).archive_inputs
        spider.archive_input = archive_input_from_crawler(crawler, warc, days, domains, spider.sources, progress)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._archived_page_done, signal=signal)
        crawler.signals.connect(spider.archive_input.close, signal=signals.spider_closed)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.archive_input is not None:
            self.archive_input.stats = self.crawler.stats
            async for request in self.archive_input.requests(self.parse_archived):
                yield request
            return
        for source in self.sources:
            for url in source.start_urls:
                yield scrapy.Request(url, callback=self.parse, cb_kwargs={"source": source}, meta={"news_start": True})

    def parse(self, response: Response, source: Source) -> Iterator[Any]:
        """Dispatch on what the response is, not on what its URL looks like."""
        body = self._body(response)
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        form = detect_format(body, content_type)
        if form in (ContentFormat.RSS, ContentFormat.ATOM):
            self.crawler.stats.inc_value("newscrawler/pages/feed")
            for entry in feed_entries(body, response.url):
                yield response.follow(entry.url, callback=self.parse, cb_kwargs={"source": source},
                                      meta={"news_listed_date": entry.date})
        elif form in (ContentFormat.SITEMAP, ContentFormat.SITEMAP_INDEX):
            self.crawler.stats.inc_value("newscrawler/pages/sitemap")
            for entry in sitemap_entries(body, response.url):
                yield response.follow(entry.url, callback=self.parse, cb_kwargs={"source": source},
                                      meta={"news_listed_date": entry.date})
        elif form is ContentFormat.HTML:
            with cpu_stage(self.crawler.stats, "parsing"):
                html = decode_html(body, content_type)
            yield from self._parse_html(response, html, source)
        else:
            self.crawler.stats.inc_value("newscrawler/pages/skipped_not_html")

    def parse_archived(self, response: Response, source: Source) -> Iterator[Any]:
        """A page read from an archive: the article only, no links followed (nothing is fetched)."""
        html = decode_html(response.body, response.headers.get("Content-Type", b"").decode("latin-1"))
        items = list(self._parse_html(response, html, source, follow=False))
        if not items:
            self.archive_input.finished(response)
        yield from items

    def _archived_page_done(self, item: Any, response: Response | None = None, **kwargs: Any) -> None:
        self.archive_input.finished(response)

    def _body(self, response: Response) -> bytes:
        """Response bytes, gunzipped when a sitemap is served as a .gz file."""
        body = response.body
        if gzip_magic_number(response):
            max_size = response.meta.get("download_maxsize", self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            try:
                return gunzip(body, max_size=max_size)
            except (OSError, EOFError, ValueError) as exc:
                self.logger.warning("dropped %(url)s: cannot gunzip (%(error)s)", {"url": response.url, "error": exc})
                return b""
        return body

    def _parse_html(self, response: Response, html: str, source: Source, follow: bool = True) -> Iterator[Any]:
        if not html.strip():
            self.crawler.stats.inc_value("newscrawler/pages/empty")
            return
        self.crawler.stats.inc_value("newscrawler/pages/html")
        # A listing page the incremental middleware knows unchanged: follow its links, extract nothing.
        if not response.meta.get("news_known_listing"):
            yield ArticleItem(
                url=response.url,
                source=source.name,
                html=html,
                default_timezone=source.timezone,
                default_language=source.language,
                response=response,
                fetched=_archived_date(response),
            )
        if not follow or not hasattr(response, "text") or self._links_dropped(response):
            return
        with cpu_stage(self.crawler.stats, "parsing"):
            response.selector  # noqa: B018 - Scrapy parses the page on first access; timed apart from link extraction
        with cpu_stage(self.crawler.stats, "links"):
            links = [link.url for link in self.link_extractor.extract_links(response)]
        for url in links:
            if _within(url, source.allowed_domains):
                yield response.follow(url, callback=self.parse, cb_kwargs={"source": source})
        if response.meta.get("news_start"):
            for href in response.xpath("//link[@rel='alternate']").xpath(
                "@href[../@type='%s' or ../@type='%s']" % FEED_LINK_TYPES
            ).getall():
                yield response.follow(href, callback=self.parse, cb_kwargs={"source": source})

    def _links_dropped(self, response: Response) -> bool:
        """Scrapy's DepthMiddleware drops every link of a page at DEPTH_LIMIT: parsing the page for them is waste.

        On a sitemap-fed crawl with DEPTH_LIMIT=1 that is every article; it was a fifth of the
        crawl process's CPU (benchmarks/README.md, crawl throughput).
        """
        return 0 < self.depth_limit <= response.meta.get("depth", 0)


def _archived_date(response: Response) -> str | None:
    """When an archived page was fetched (its WARC-Date); None for a page fetched now."""
    archived = response.meta.get(ARCHIVED_DATE_META)
    return archived.isoformat() if archived else None


def _within(url: str, domains: tuple[str, ...]) -> bool:
    """Same rule as Scrapy's offsite filter: the host (port ignored) is a domain or a subdomain of one.

    LinkExtractor's own ``allow_domains`` compares host *and port*, so it drops
    every link of a site served on a non-default port.
    """
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in domains)
