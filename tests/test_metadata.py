"""Page metadata: titles without site names, the seed case, and every labelled benchmark page field by field."""

from __future__ import annotations

import json
import pickle
from datetime import datetime
from pathlib import Path

import pytest

from newscrawler.extraction.metadata import PageMetadata, extract_metadata
from newscrawler.extraction.title import extract_title, strip_site_name
from tests.helpers import FIXTURES
from tests.seedpages import page_with_json_ld, page_with_text_only, read_seed

PAGES = Path(__file__).resolve().parent / "fixtures" / "metadata-pages"
SEED = FIXTURES / "seed-page.txt"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Rail Unions Return To Talks | Northern Gazette", "Northern Gazette", "Rail Unions Return To Talks"),
        ("Rail Unions Return To Talks - Northern Gazette", "Northern Gazette", "Rail Unions Return To Talks"),
        ("Northern Gazette: Rail Unions Return To Talks", "Northern Gazette", "Rail Unions Return To Talks"),
        ("Northern Gazette | Rail Unions Return To Talks", "Northern Gazette", "Rail Unions Return To Talks"),
        ("Covid-19 - what we know so far | Northern Gazette", "Northern Gazette", "Covid-19 - what we know so far"),
        ("Rail Unions Return To Talks | UK News | Northern Gazette", "Northern Gazette", "Rail Unions Return To Talks | UK News"),
        ("Defence: Why It Matters", None, "Defence: Why It Matters"),
        ("A Long Headline About Rail Unions Returning To Talks | Gazette", None, "A Long Headline About Rail Unions Returning To Talks"),
    ],
)
def test_strip_site_name(title, site, expected):
    names = {" ".join(site.lower().split())} if site else set()
    assert strip_site_name(title, names) == expected


def test_title_prefers_the_h1_that_the_declared_title_repeats():
    title = extract_title(["Opinion | Republicans Are Following Trump to Nowhere - The Paper"],
                          "Republicans Are Following Trump to Nowhere", None, "https://paper.example/a")
    assert title == "Republicans Are Following Trump to Nowhere"


def test_title_prefers_the_h1_over_a_truncated_declared_headline():
    title = extract_title(["Defence Minister Rajnath Singh Holds Phone Talks…"],
                          "Defence Minister Rajnath Singh Holds Phone Talks With US Counterpart Hegseth", None,
                          "https://paper.example/a")
    assert title == "Defence Minister Rajnath Singh Holds Phone Talks With US Counterpart Hegseth"


def test_title_ignores_an_h1_that_is_the_site_name():
    html = ("<html><head><title>Gazette | Rail Unions Return To Talks</title></head><body>"
            "<h1 class='logo'><a href='/'>Gazette</a></h1><h2>Rail Unions Return To Talks</h2><p>Text.</p></body></html>")
    assert extract_metadata(html, "https://gazette.example/x", default_timezone=None, now=None).title == \
        "Rail Unions Return To Talks"


def test_links_are_absolute_and_fields_filled():
    html = ('<html lang="en-GB"><head><title>T</title><link rel="canonical" href="/news/story">'
            '<meta property="og:url" content="https://site.example/news/story?amp">'
            '<meta property="og:image" content="/img/a.jpg"><meta property="og:site_name" content="Site">'
            '<meta name="description" content="What happened."></head><body></body></html>')
    meta = extract_metadata(html, "https://site.example/news/story?utm=x", default_timezone=None, now=None)
    assert meta.canonical_url == "https://site.example/news/story"
    assert meta.og_url == "https://site.example/news/story?amp"
    assert meta.image == "https://site.example/img/a.jpg"
    assert (meta.html_lang, meta.site_name, meta.description) == ("en-GB", "Site", "What happened.")


@pytest.mark.parametrize("html", ["", "   ", '<?xml version="1.0" encoding="utf-8"?><html><body></body></html>'])
def test_empty_or_odd_pages_give_empty_metadata(html):
    meta = extract_metadata(html, "https://site.example/", default_timezone=None, now=None)
    assert isinstance(meta, PageMetadata) and meta.title is None and meta.authors == []


def test_metadata_survives_pickling_for_worker_processes():
    html = ('<html><head><title>T</title><meta property="article:published_time" content="2025-02-06T20:09:00">'
            "</head><body><h1>A Headline Of Some Length</h1><p>By PTI</p></body></html>")
    meta = extract_metadata(html, "https://site.example/a-b-c-d", default_timezone="Asia/Kolkata",
                            now=datetime(2026, 1, 1))  # a naive crawl time is read as UTC
    assert meta.published.isoformat() == "2025-02-06T20:09:00+05:30"
    assert pickle.loads(pickle.dumps(meta)) == meta


@pytest.mark.parametrize("template", ["json_ld", "text_only"])
def test_seed_page_metadata(template):
    story = read_seed(SEED)
    url = "http://127.0.0.1:8000/india/rajnath-singh-hegseth-phone-talks.html"
    html = page_with_json_ld(story, url) if template == "json_ld" else page_with_text_only(story)
    meta = extract_metadata(html, url, default_timezone=None, now=None)
    assert meta.title == "Defence Minister Rajnath Singh Holds Phone Talks With US Counterpart Hegseth"
    assert meta.authors == ["PTI"]
    assert meta.published.isoformat() == "2025-02-06T20:09:00+05:30"


def labelled_pages() -> list[Path]:
    return sorted(PAGES.glob("*.json"))


def load(page: Path) -> tuple[str, dict]:
    return page.with_suffix(".html").read_text(encoding="utf-8"), json.loads(page.read_text(encoding="utf-8"))


def test_benchmark_has_enough_labelled_pages():
    assert len(labelled_pages()) >= 60


@pytest.mark.parametrize("page", labelled_pages(), ids=lambda p: p.stem)
def test_labelled_page_metadata(page):
    html, truth = load(page)
    meta = extract_metadata(html, truth["url"], default_timezone=truth["default_timezone"],
                            now=datetime.fromisoformat(truth["now"]))
    got = {
        "title": meta.title,
        "authors": meta.authors,
        "published": meta.published.isoformat() if meta.published else None,
        "updated": meta.updated.isoformat() if meta.updated else None,
    }
    for field, value in got.items():
        if field in truth:
            assert value == truth[field], field
