"""Article or listing, on pages built to mislead: long teasers, related lists, declared types that lie."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.metadata import extract_metadata
from newscrawler.extraction.pagekind import classify_page

PAGES = Path(__file__).resolve().parent / "fixtures" / "metadata-pages"
PROSE = ("Officials said the plan had been discussed for months and would be reviewed after a year, while residents "
         "asked for more consultation before any work begins in their neighbourhoods. ")


def kind(html: str, url: str, paragraphs: list[str] | None = None) -> str:
    meta = extract_metadata(html, url, default_timezone=None, now=None)
    return classify_page(html, paragraphs or [], meta)


def teaser_cards(count: int, teaser: str) -> str:
    return "".join(f"<div class='item'><h3><a href='/news/story-{i}-{9000 + i}'>Headline number {i} about a thing</a>"
                   f"</h3><p>{teaser}</p></div>" for i in range(count))


def test_section_page_with_long_teasers_is_a_listing():
    html = f"<html><head><title>India | Site</title></head><body><h1>India</h1>{teaser_cards(10, PROSE * 2)}</body></html>"
    assert kind(html, "https://site.example/india/") == "listing"


def test_article_with_a_long_related_list_is_an_article():
    html = (f"<html><head><title>Council Approves Budget | Site</title><meta property='og:type' content='website'></head>"
            f"<body><div><h1>Council Approves Budget</h1><p>{PROSE}</p><p>{PROSE}</p></div>"
            f"<div>{teaser_cards(12, PROSE[:120])}</div></body></html>")
    assert kind(html, "https://site.example/city/council-approves-budget-after-session") == "article"


def test_itemlist_of_articles_is_a_listing_even_with_article_og_type():
    items = [{"@type": "ListItem", "item": {"@type": "NewsArticle", "headline": f"H{i}", "url": f"https://s.example/{i}"}}
             for i in range(5)]
    ld = json.dumps({"@context": "https://schema.org", "@type": "ItemList", "itemListElement": items})
    html = (f"<html><head><title>Defence</title><meta property='og:type' content='article'>"
            f"<script type='application/ld+json'>{ld}</script></head><body><h1>Defence</h1>"
            f"{teaser_cards(5, PROSE[:150])}</body></html>")
    assert kind(html, "https://s.example/tag/defence-news-and-updates") == "listing"


def test_home_page_declaring_its_top_story_is_a_listing():
    ld = json.dumps({"@type": "NewsArticle", "headline": "Top", "url": "https://s.example/news/top-story-123456"})
    html = (f"<html><head><title>Site</title><script type='application/ld+json'>{ld}</script></head><body>"
            f"<div><h2><a href='/news/top-story-123456'>Top</a></h2><p>{PROSE * 3}</p></div>{teaser_cards(9, PROSE)}"
            "</body></html>")
    assert kind(html, "https://s.example/") == "listing"


def test_article_declaring_related_stories_too_is_an_article():
    url = "https://s.example/news/council-approves-budget-123456"
    objects = [{"@type": "NewsArticle", "headline": "Council Approves Budget", "url": url}] + [
        {"@type": "NewsArticle", "headline": f"Other {i}", "url": f"https://s.example/news/other-{i}"} for i in range(4)]
    html = (f"<html><head><title>Council Approves Budget</title><script type='application/ld+json'>{json.dumps(objects)}"
            f"</script></head><body><article><h1>Council Approves Budget</h1><p>{PROSE}</p><p>{PROSE}</p></article>"
            f"{teaser_cards(4, PROSE[:100])}</body></html>")
    assert kind(html, url) == "article"


def test_short_brief_without_markup_is_an_article():
    html = (f"<html><head><title>Squad Named | Site</title></head><body><div class='story'><h1>Squad Named</h1>"
            f"<p>{PROSE}</p><p>{PROSE[:100]}</p></div></body></html>")
    assert kind(html, "https://site.example/sports/india-name-unchanged-squad-for-final-test") == "article"


def test_hindi_section_page_is_a_listing():
    teaser = "अधिकारियों ने बताया कि अगले पांच दिनों तक कई जिलों में भारी बारिश हो सकती है और लोगों को सावधान रहने की सलाह दी गई है। " * 2
    html = f"<html lang='hi'><head><title>देश</title></head><body><h1>देश</h1>{teaser_cards(10, teaser)}</body></html>"
    assert kind(html, "https://hindi.example/desh/") == "listing"


def test_classify_page_parses_the_html_when_metadata_has_no_signals():
    html = f"<html><head><title>India</title></head><body><h1>India</h1>{teaser_cards(12, PROSE)}</body></html>"
    meta = extract_metadata(html, "https://site.example/india/", default_timezone=None, now=None)
    meta.signals = None
    assert classify_page(html, [], meta) == "listing"


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.json")), ids=lambda p: p.stem)
def test_labelled_page_kind_and_language(page):
    truth = json.loads(page.read_text(encoding="utf-8"))
    article = extract_article(page.with_suffix(".html").read_text(encoding="utf-8"), truth["url"],
                              default_timezone=truth["default_timezone"], now=datetime.fromisoformat(truth["now"]))
    assert article.page_kind == truth["page_kind"]
    assert article.language == truth["language"]
