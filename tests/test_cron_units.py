"""Unit tests of the cron components on hand-built requests and responses, with real SQLite files."""

from __future__ import annotations

import asyncio
import email.utils
import json
import time

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response

from newscrawler.crawllock import CrawlLock, CrawlLocked
from newscrawler.extensions.summary import CrawlSummary, format_table
from newscrawler.extraction.pagekind import ARTICLE, LISTING
from newscrawler.fetchstate import FetchState
from newscrawler.middlewares.incremental import KNOWN_LISTING_META, IncrementalMiddleware
from newscrawler.middlewares.network_guard import NetworkGuardMiddleware
from newscrawler.middlewares.retry_after import RetryAfterMiddleware, parse_retry_after
from newscrawler.middlewares.revisit import RevisitFilterMiddleware, parse_listed_date
from newscrawler.middlewares.sourcestats import looks_blocked
from newscrawler.middlewares.traps import TrapFilterMiddleware, strip_session_ids
from newscrawler.sources import Source

NOW = 1_800_000_000.0
DAY = 86400.0
URL = "http://127.0.0.1:9/news/story.html"
SOURCE = Source(name="site", start_urls=("http://127.0.0.1:9/",), allowed_domains=("127.0.0.1",))


def request(url: str = URL, **meta: object) -> Request:
    return Request(url, cb_kwargs={"source": SOURCE}, meta=dict(meta))


def incremental(tmp_path) -> IncrementalMiddleware:
    middleware = IncrementalMiddleware(tmp_path / "fetch.sqlite", clock=lambda: NOW)
    middleware.open()
    return middleware


def fetched(middleware: IncrementalMiddleware, url: str = URL, body: bytes = b"<html>v1</html>") -> Response:
    req = request(url)
    middleware.process_request(req)
    response = HtmlResponse(url, body=body, request=req, headers={"ETag": '"v1"', "Last-Modified": "Sat, 01 Nov 2026 10:00:00 GMT"})
    return middleware.process_response(req, response)


# --- incremental downloader middleware -------------------------------------------------------

def test_known_page_is_asked_for_conditionally(tmp_path):
    middleware = incremental(tmp_path)
    fresh = request()
    middleware.process_request(fresh)
    assert b"If-None-Match" not in fresh.headers
    fetched(middleware)
    again = request()
    middleware.process_request(again)
    assert again.headers[b"If-None-Match"] == b'"v1"'
    assert again.headers[b"If-Modified-Since"] == b"Sat, 01 Nov 2026 10:00:00 GMT"


def test_304_replays_a_listing_and_drops_an_article(tmp_path):
    middleware = incremental(tmp_path)
    listing_url, article_url = "http://127.0.0.1:9/section/", URL
    for url in (listing_url, article_url):
        fetched(middleware, url, body=b"<html><a href='/x'>x</a></html>")
    middleware._learn(HtmlResponse(listing_url, body=b""), LISTING)
    middleware._learn(HtmlResponse(article_url, body=b""), ARTICLE)

    listing_request = request(listing_url)
    replay = middleware.process_response(listing_request, Response(listing_url, status=304, request=listing_request))
    assert replay.status == 200 and "not_modified" in replay.flags
    assert replay.body == b"<html><a href='/x'>x</a></html>" and isinstance(replay, HtmlResponse)
    assert listing_request.meta[KNOWN_LISTING_META] is True

    article_request = request(article_url)
    with pytest.raises(IgnoreRequest):
        middleware.process_response(article_request, Response(article_url, status=304, request=article_request))


def test_an_article_learnt_loses_its_stored_body(tmp_path):
    middleware = incremental(tmp_path)
    fetched(middleware)
    assert middleware.state.body(URL) == b"<html>v1</html>"
    middleware.item_scraped(object(), HtmlResponse(URL, body=b""))
    assert middleware.state.body(URL) is None and middleware.state.get(URL).kind == ARTICLE


def test_a_dropped_item_with_text_is_an_article_without_text_a_listing(tmp_path):
    class Item:
        def __init__(self, body: str) -> None:
            self.body = body

    middleware = incremental(tmp_path)
    for url in ("http://127.0.0.1:9/a", "http://127.0.0.1:9/b"):
        fetched(middleware, url)
    middleware.item_dropped(Item("text"), HtmlResponse("http://127.0.0.1:9/a", body=b""), Exception())
    middleware.item_dropped(Item(""), HtmlResponse("http://127.0.0.1:9/b", body=b""), Exception())
    assert middleware.state.get("http://127.0.0.1:9/a").kind == ARTICLE
    assert middleware.state.get("http://127.0.0.1:9/b").kind == LISTING


def test_fetch_state_survives_reopening(tmp_path):
    middleware = incremental(tmp_path)
    fetched(middleware)
    middleware.close()
    reopened = FetchState(tmp_path / "fetch.sqlite")
    assert reopened.get(URL).etag == '"v1"'
    assert (tmp_path / "fetch.sqlite").stat().st_mode & 0o077 == 0


# --- revisit filter (spider middleware) ------------------------------------------------------

def revisit(tmp_path, **kwargs) -> tuple[RevisitFilterMiddleware, FetchState]:
    state = FetchState(tmp_path / "fetch.sqlite")
    options = {"revisit_days": 2.0, "revisit_days_by_source": {}, "max_age_days": 30.0, **kwargs}
    middleware = RevisitFilterMiddleware(tmp_path / "fetch.sqlite", clock=lambda: NOW, **options)
    middleware.open()
    return middleware, state


def stored_article(state: FetchState, url: str, when: float, listed: str | None = None) -> None:
    state.record_fetch(url, etag=None, last_modified=None, body_hash="h", content_type="text/html",
                       body=b"x", now=when, listed_date=listed)
    state.set_kind(url, ARTICLE, when)
    state.commit()


def iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(epoch))


def test_parse_listed_date_reads_feed_and_sitemap_formats():
    assert parse_listed_date("2027-01-15") == 1_800_000_000 - 1_800_000_000 % DAY
    assert parse_listed_date(email.utils.formatdate(NOW, usegmt=True)) == NOW
    assert parse_listed_date(iso(NOW).replace("+00:00", "Z")) == NOW
    assert parse_listed_date("2027-01-15T08:00:00+05:30") == parse_listed_date("2027-01-15T02:30:00Z")
    assert parse_listed_date("yesterday") is None and parse_listed_date(None) is None


def test_a_stored_article_is_skipped_unless_announced_changed(tmp_path):
    middleware, state = revisit(tmp_path)
    stored_article(state, URL, NOW - DAY, listed=iso(NOW - 2 * DAY))
    page = HtmlResponse("http://127.0.0.1:9/", body=b"")
    assert middleware.get_processed_request(request(), page) is None
    assert middleware.get_processed_request(request(news_listed_date=iso(NOW - 2 * DAY)), page) is None
    changed = request(news_listed_date=iso(NOW - 3600))
    assert middleware.get_processed_request(changed, page) is changed


def test_revisit_age_brings_a_stored_article_back_per_source(tmp_path):
    middleware, state = revisit(tmp_path, revisit_days_by_source={"site": 0.5})
    stored_article(state, URL, NOW - DAY)
    assert middleware.get_processed_request(request(), HtmlResponse("http://127.0.0.1:9/", body=b"")) is not None
    middleware.revisit_days_by_source = {}
    assert middleware.get_processed_request(request(), HtmlResponse("http://127.0.0.1:9/", body=b"")) is None


def test_old_entries_are_skipped_on_first_contact_only_when_dated(tmp_path):
    middleware, _ = revisit(tmp_path)
    page = HtmlResponse("http://127.0.0.1:9/sitemap.xml", body=b"")
    assert middleware.get_processed_request(request(news_listed_date=iso(NOW - 31 * DAY)), page) is None
    assert middleware.get_processed_request(request(news_listed_date=iso(NOW - 29 * DAY)), page) is not None
    assert middleware.get_processed_request(request(), page) is not None
    middleware.max_age_days = 0
    assert middleware.get_processed_request(request(news_listed_date=iso(NOW - 400 * DAY)), page) is not None


# --- network guard ---------------------------------------------------------------------------

def guard(url: str, trusted: tuple[str, ...] = ()) -> None:
    asyncio.run(NetworkGuardMiddleware(trusted).process_request(Request(url)))


@pytest.mark.parametrize("url", [
    "http://127.0.0.2:8000/",            # loopback
    "http://10.1.2.3/",                  # private
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
    "http://[::1]:8000/",
    "http://[::ffff:127.0.0.1]/",        # IPv4-mapped loopback
    "http://0.0.0.0/",
    "http://localhost:8000/",            # a name: refused because of what it resolves to
    "ftp://127.0.0.1/file",
    "file:///etc/passwd",
])
def test_guard_refuses_non_public_targets(url):
    with pytest.raises(IgnoreRequest):
        guard(url)


def test_guard_lets_a_configured_host_through():
    guard("http://127.0.0.1:8000/news", trusted=("127.0.0.1",))
    guard("http://localhost:8000/news", trusted=("localhost",))
    with pytest.raises(IgnoreRequest):
        guard("http://127.0.0.2:8000/news", trusted=("127.0.0.1",))


def test_guard_trusts_exactly_the_hosts_of_the_sources():
    middleware = NetworkGuardMiddleware()

    class Spider:
        sources = [SOURCE]

    middleware.trust_sources(Spider())
    assert middleware.trusted_hosts == {"127.0.0.1"}


# --- traps -----------------------------------------------------------------------------------

def traps() -> TrapFilterMiddleware:
    return TrapFilterMiddleware(max_query_params=6, max_query_variants=3, max_segment_repeats=2, year_range=(1900, 2027))


def test_session_ids_are_stripped_before_scheduling():
    assert strip_session_ids("http://h/a;jsessionid=ABC?x=1&PHPSESSID=9&sid=2") == "http://h/a?x=1"
    assert strip_session_ids("http://h/a?page=2") == "http://h/a?page=2"
    out = traps().get_processed_request(Request("http://h/a?sessionid=1"), HtmlResponse("http://h/", body=b""))
    assert out.url == "http://h/a"


@pytest.mark.parametrize("url, trap", [
    ("http://h/search?a=1&b=2&c=3&d=4&e=5&f=6&g=7", "too_many_params"),
    ("http://h/a/b/a/b/a/b/", "repeated_segments"),
    ("http://h/calendar/2031/05/", "calendar_year"),
    ("http://h/events?date=2040-01-01", "calendar_year"),
    ("http://h/events?year=1492", "calendar_year"),
    ("http://h/news/2026/11/20/story", None),
    ("http://h/story/4567", None),
    ("http://h/view?id=3021", None),
])
def test_trap_urls_are_recognised(url, trap):
    assert traps().trap(url) == trap


def test_query_variants_of_one_path_are_capped():
    middleware = traps()
    verdicts = [middleware.trap(f"http://h/list?filter={n}") for n in range(5)]
    assert verdicts == [None, None, None, "query_variants", "query_variants"]


# --- Retry-After -----------------------------------------------------------------------------

def test_parse_retry_after():
    assert parse_retry_after("7", NOW) == 7
    assert parse_retry_after(email.utils.formatdate(NOW + 30, usegmt=True), NOW) == 30
    assert parse_retry_after("soon", NOW) is None and parse_retry_after(None, NOW) is None


def test_retry_after_slows_the_host_and_retries_then_gives_up():
    class Slot:
        delay, lastseen, jitter = 0.0, 0.0, 0.5

    slot = Slot()
    middleware = RetryAfterMiddleware(max_wait=60, max_retries=1, slot_for=lambda r: slot, clock=lambda: NOW,
                                      monotonic=lambda: 42.0)
    first = request()
    retry = middleware.process_response(first, Response(URL, status=429, headers={"Retry-After": "5"}, request=first))
    assert isinstance(retry, Request) and retry.dont_filter and slot.delay == 5 and slot.lastseen == 42.0 and slot.jitter == 0
    again = middleware.process_response(retry, Response(URL, status=503, headers={"Retry-After": "5"}, request=retry))
    assert isinstance(again, Response) and retry.meta["dont_retry"] is True
    too_long = request()
    kept = middleware.process_response(too_long, Response(URL, status=429, headers={"Retry-After": "3600"}, request=too_long))
    assert isinstance(kept, Response)


def test_captcha_pages_count_as_blocked():
    assert looks_blocked(HtmlResponse(URL, body=b"<div class='g-recaptcha'></div>"))
    assert looks_blocked(HtmlResponse(URL, status=403, body=b""))
    assert not looks_blocked(HtmlResponse(URL, body=b"<p>news</p>"))
    assert looks_blocked(HtmlResponse(URL, body=b"<TITLE> Attention Required! | Cloudflare</TITLE>"))
    assert looks_blocked(HtmlResponse(URL, body=b"<script src='https://js.HCaptcha.com/1/api.js'></script>"))


# --- crawl lock and summary ------------------------------------------------------------------

def test_second_lock_is_refused_and_released_lock_is_taken(tmp_path):
    first = CrawlLock(tmp_path / "data" / "crawl.lock")
    first.acquire()
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    with pytest.raises(CrawlLocked, match=r"pid \d+"):
        CrawlLock(tmp_path / "data" / "crawl.lock").acquire()
    first.release()
    with CrawlLock(tmp_path / "data" / "crawl.lock") as second:
        assert second.taken_over is None


def test_lock_left_by_a_dead_run_is_taken_over(tmp_path):
    (tmp_path / "crawl.lock").write_text("pid 999999, started 2026-01-01T00:00:00+00:00")
    with CrawlLock(tmp_path / "crawl.lock") as lock:
        assert lock.taken_over.startswith("pid 999999")


def test_summary_counts_per_source(tmp_path):
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    stats = MemoryStatsCollector(get_crawler())
    stats.set_value("newscrawler/source/site/fetched", 4)
    stats.set_value("newscrawler/source/site/not_modified", 2)
    summary = CrawlSummary(tmp_path / "last-crawl.json", stats)

    class Item:
        source = "site"
        content_hash = "h"

        def __init__(self, article_id: str, first_seen: str, crawled: str) -> None:
            self.id, self.first_seen, self.crawled = article_id, first_seen, crawled

    now = summary.started.isoformat()
    summary.item_scraped(Item("a", now, now))
    summary.item_scraped(Item("b", "2020-01-01T00:00:00+00:00", now))
    summary.item_dropped(Item("c", now, now))
    summary.item_scraped(Item("a", now, now))  # stored again with more URLs: still one new article
    summary.spider_closed("finished")
    written = json.loads((tmp_path / "last-crawl.json").read_text())
    assert written["sources"]["site"] | {} == {
        "fetched": 4, "not_modified": 2, "new": 1, "updated": 1, "duplicates": 2, "errors": 0, "blocked": 0, "empty": 0,
    }
    assert written["finish_reason"] == "finished" and written["totals"]["new"] == 1
    table = format_table(written)
    assert "site" in table and "TOTAL" in table


# --- caps, size limits, switches -------------------------------------------------------------

def test_source_page_cap_counts_downloads_per_source():
    from newscrawler.middlewares.source_cap import SourcePageCapMiddleware

    middleware = SourcePageCapMiddleware(limit=2)
    middleware.process_request(request("http://127.0.0.1:9/1"))
    middleware.process_request(request("http://127.0.0.1:9/2"))
    middleware.process_request(Request("http://other.test/1"))  # another source still has its share
    with pytest.raises(IgnoreRequest):
        middleware.process_request(request("http://127.0.0.1:9/3"))


def test_size_limit_cancellation_becomes_a_quiet_drop():
    from scrapy.exceptions import DownloadCancelledError

    from newscrawler.middlewares.oversize import OversizeMiddleware

    with pytest.raises(IgnoreRequest):
        OversizeMiddleware().process_exception(request(), DownloadCancelledError("larger than download max size"))
    assert OversizeMiddleware().process_exception(request(), TimeoutError()) is None


@pytest.mark.parametrize("component, setting", [
    ("newscrawler.middlewares.incremental.IncrementalMiddleware", "INCREMENTAL_ENABLED"),
    ("newscrawler.middlewares.revisit.RevisitFilterMiddleware", "INCREMENTAL_ENABLED"),
    ("newscrawler.middlewares.network_guard.NetworkGuardMiddleware", "NETWORK_GUARD_ENABLED"),
    ("newscrawler.middlewares.retry_after.RetryAfterMiddleware", "RETRY_AFTER_ENABLED"),
    ("newscrawler.middlewares.traps.TrapFilterMiddleware", "TRAPS_ENABLED"),
    ("newscrawler.middlewares.sourcestats.SourceStatsMiddleware", "SOURCE_STATS_ENABLED"),
    ("newscrawler.middlewares.oversize.OversizeMiddleware", "OVERSIZE_QUIET"),
    ("newscrawler.middlewares.source_cap.SourcePageCapMiddleware", "SOURCE_PAGE_LIMIT"),
    ("newscrawler.middlewares.robots.RobotsTxtMiddleware", "ROBOTSTXT_OBEY"),
    ("newscrawler.extensions.summary.CrawlSummary", "CRAWL_SUMMARY_ENABLED"),
])
def test_every_component_can_be_switched_off(component, setting, tmp_path):
    from scrapy.exceptions import NotConfigured
    from scrapy.utils.misc import load_object
    from scrapy.utils.test import get_crawler

    import newscrawler.settings as project

    settings = {name: getattr(project, name) for name in dir(project) if name.isupper()}
    settings.pop("SPIDER_MODULES")  # no spider is needed to build a component
    settings["NEWS_DATA"] = str(tmp_path)
    on = load_object(component).from_crawler(get_crawler(settings_dict=settings))
    assert on is not None
    with pytest.raises(NotConfigured):
        load_object(component).from_crawler(get_crawler(settings_dict={**settings, setting: 0}))
