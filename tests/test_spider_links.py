"""The spider follows a page's links only where Scrapy's DepthMiddleware will keep them."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawler.items import ArticleItem
from newscrawler.spiders.news import NewsSpider

PAGE = b"""<html><head><title>Rain</title></head><body><p>Heavy rain fell across the city today.</p>
<a href="/world/next-story.html">next</a><a href="https://elsewhere.example/x">away</a></body></html>"""


def _output(depth: int, depth_limit: int) -> list:
    crawler = get_crawler(NewsSpider, {"DEPTH_LIMIT": depth_limit})
    spider = NewsSpider.from_crawler(crawler, url="https://news.example/")
    crawler.spider = spider
    request = Request("https://news.example/rain.html", meta={"depth": depth})
    response = HtmlResponse(request.url, body=PAGE, request=request, headers={"Content-Type": "text/html"})
    return list(spider.parse(response, source=spider.sources[0]))


def test_links_below_the_depth_limit_are_followed_within_the_source():
    output = _output(depth=1, depth_limit=2)
    assert isinstance(output[0], ArticleItem)
    assert [r.url for r in output[1:]] == ["https://news.example/world/next-story.html"]


def test_a_page_at_the_depth_limit_yields_its_article_and_no_links():
    assert [type(x) for x in _output(depth=2, depth_limit=2)] == [ArticleItem]


def test_no_depth_limit_follows_links_at_any_depth():
    assert len(_output(depth=9, depth_limit=0)) == 2
