"""Dates: text forms and zones parsed right, and the page's own dates chosen over everybody else's."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawler.extraction.dates import parse_date_text
from newscrawler.extraction.metadata import extract_metadata

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "default_tz", "expected"),
    [
        ("Published : Feb 6, 2025, 8:09 PM IST", None, "2025-02-06T20:09:00+05:30"),
        ("2025-02-06T20:09:00+05:30", None, "2025-02-06T20:09:00+05:30"),
        ("2025-02-06T14:39:00Z", None, "2025-02-06T14:39:00+00:00"),
        ("2025-02-06T14:39:00.123+0000", None, "2025-02-06T14:39:00+00:00"),
        ("2025-02-06 20:09", None, "2025-02-06T20:09:00+00:00"),
        ("2025-02-06 20:09", "Asia/Kolkata", "2025-02-06T20:09:00+05:30"),
        ("2025-02-06 08:09 PM IST", None, "2025-02-06T20:09:00+05:30"),
        ("6 February 2025 20:09 GMT", "Asia/Kolkata", "2025-02-06T20:09:00+00:00"),
        ("Updated: February 6th, 2025 at 8:09 p.m. EST", None, "2025-02-06T20:09:00-05:00"),
        ("7:05 a.m. EDT March 12, 2025", None, "2025-03-12T07:05:00-04:00"),
        ("July 4, 2025 3:00 PM PT", None, "2025-07-04T15:00:00-07:00"),
        ("Jan 4, 2025 3:00 PM PT", None, "2025-01-04T15:00:00-08:00"),
        ("Posted 8:09 PM ET, Feb 6 2025", None, "2025-02-06T20:09:00-05:00"),
        ("20 November 2024, 20:09 BST", None, "2024-11-20T20:09:00+01:00"),
        ("2 Oct 2024 06:15 CEST", None, "2024-10-02T06:15:00+02:00"),
        ("Feb 6, 2025 20:09 JST", None, "2025-02-06T20:09:00+09:00"),
        ("Feb 6, 2025 20:09 AEST", None, "2025-02-06T20:09:00+10:00"),
        ("Feb 6, 2025 20:09 GMT+5:30", None, "2025-02-06T20:09:00+05:30"),
        ("Last Updated: 12:30 IST, 06 Feb 2025", None, "2025-02-06T12:30:00+05:30"),
        ("Thursday, 06 Feb 2025 | 20.09", "Asia/Kolkata", "2025-02-06T20:09:00+05:30"),
        ("06/02/2025 08:09 pm", "Asia/Kolkata", "2025-02-06T20:09:00+05:30"),
        ("02/06/2025 8:09 PM EDT", None, "2025-02-06T20:09:00-04:00"),
        ("03/11/2025 18:30", "America/New_York", "2025-03-11T18:30:00-04:00"),
        ("2025/02/06", "Asia/Kolkata", "2025-02-06T00:00:00+05:30"),
        ("Sept 9, 2024", None, "2024-09-09T00:00:00+00:00"),
        ("प्रकाशित: 6 फ़रवरी 2025, 09:15 PM IST", None, "2025-02-06T21:15:00+05:30"),
        ("६ फरवरी २०२५ 21:15", "Asia/Kolkata", "2025-02-06T21:15:00+05:30"),
    ],
)
def test_parse_date_text(text, default_tz, expected):
    assert parse_date_text(text, default_tz).isoformat() == expected


@pytest.mark.parametrize("text", ["", "no date here", "Call 555-1234 today", "2025-13-45", "Feb 30, 2025"])
def test_parse_date_text_refuses_non_dates(text):
    assert parse_date_text(text) is None


def test_unknown_default_timezone_falls_back_to_utc():
    assert parse_date_text("2025-02-06 20:09", "Mars/Olympus_Mons").utcoffset() == timedelta(0)


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>A Story About Things</title>{head}</head><body>{body}</body></html>"


def _dates(html: str, url: str = "https://example.org/news/a-story-about-things", tz: str | None = None):
    meta = extract_metadata(html, url, default_timezone=tz, now=NOW)
    return meta.published, meta.updated


def test_future_jsonld_date_is_refused_for_the_visible_one():
    html = _page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2031-02-06T20:09:00+05:30"}</script>',
        "<article><h1>A Story About Things</h1><div>Published : Feb 6, 2025, 8:09 PM IST</div><p>Text.</p></article>",
    )
    published, _ = _dates(html)
    assert published.isoformat() == "2025-02-06T20:09:00+05:30"


def test_updated_stamp_is_not_the_publication_date():
    html = _page(body="<article><h1>A Story About Things</h1><span>Last Updated: Feb 7, 2025, 10:00 AM IST</span>"
                      "<p>Body text of the story.</p></article>")
    published, updated = _dates(html)
    assert published is None
    assert updated.isoformat() == "2025-02-07T10:00:00+05:30"


def test_url_date_is_the_last_resort_in_the_source_zone():
    html = _page(body="<article><h1>A Story About Things</h1><p>Body text of the story.</p></article>")
    published, _ = _dates(html, "https://example.org/2025/02/06/a-story/", tz="Asia/Kolkata")
    assert published.isoformat() == "2025-02-06T00:00:00+05:30"


def test_related_and_comment_dates_are_not_taken():
    related = "".join(f'<li><a href="/o{i}">Other story {i}</a><time datetime="2025-01-0{i}T10:00:00Z">x</time></li>'
                      for i in range(1, 5))
    html = _page(body=(
        '<article><h1>A Story About Things</h1><div class="related-stories"><ul>' + related + "</ul></div>"
        "<p>Posted on 6 Feb 2025 | 17:40 IST</p><p>" + "Body text of the story. " * 20 + "</p>"
        '<div id="comments"><p>Posted on 8 Feb 2025 | 10:00 IST</p></div></article>'))
    published, updated = _dates(html)
    assert published.isoformat() == "2025-02-06T17:40:00+05:30"
    assert updated is None


def test_wordpress_time_elements_split_published_and_updated():
    html = _page(body=(
        '<article><header><h1>A Story About Things</h1><div class="entry-meta">'
        '<time class="entry-date published" datetime="2025-02-06T20:09:00+05:30">Feb 6</time>'
        '<time class="updated" datetime="2025-02-07T09:00:00+05:30">Feb 7</time></div></header><p>Text.</p></article>'))
    published, updated = _dates(html)
    assert (published.isoformat(), updated.isoformat()) == ("2025-02-06T20:09:00+05:30", "2025-02-07T09:00:00+05:30")


def test_masthead_clock_showing_the_crawl_time_is_not_a_dateline():
    shown = NOW - timedelta(minutes=1)
    html = _page(body=f"<div><h1>A Story About Things</h1><p>{shown:%b %d, %Y %H:%M} UTC</p>"
                      "<p>" + "Body text of the story. " * 20 + "</p></div>")
    assert _dates(html, "https://example.org/news/a-story")[0] is None


def test_every_date_is_timezone_aware():
    html = _page('<meta property="article:published_time" content="2025-02-06T20:09:00">')
    published, _ = _dates(html, tz="Europe/London")
    assert published.isoformat() == "2025-02-06T20:09:00+00:00"
    assert published.tzinfo is not None


def test_a_bare_jsonld_date_takes_the_time_the_page_shows_that_day():
    html = _page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-02-06"}</script>',
        "<article><h1>A Story About Things</h1><div>Published : Feb 6, 2025, 8:09 PM IST</div><p>Text.</p></article>",
    )
    assert _dates(html, tz="Asia/Kolkata")[0].isoformat() == "2025-02-06T20:09:00+05:30"


def test_time_elements_labelled_in_text_go_to_their_fields():
    html = _page(body=(
        '<article><h1>A Story About Things</h1><div class="stamps">Published <time datetime="2025-02-06T20:09:00+05:30">'
        'Feb 6</time> Updated <time datetime="2025-02-07T09:00:00+05:30">Feb 7</time></div><p>Text.</p></article>'))
    published, updated = _dates(html)
    assert (published.isoformat(), updated.isoformat()) == ("2025-02-06T20:09:00+05:30", "2025-02-07T09:00:00+05:30")
