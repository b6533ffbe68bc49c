"""Authors: clean names from every kind of byline; photo credits and site chrome are not authors."""

from __future__ import annotations

import json

import pytest

from newscrawler.extraction.authors import clean_authors
from newscrawler.extraction.metadata import extract_metadata


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By PTI", ["PTI"]),
        ("By Jane Doe and John Roe, Staff Writers", ["Jane Doe", "John Roe"]),
        ("Written by Ravi Menon & Anita Desai | ravi@example.com | April 09, 2025", ["Ravi Menon", "Anita Desai"]),
        ("By Emma Clarke, Transport correspondent", ["Emma Clarke"]),
        ("By PRIYA SHARMA Updated: Feb 6, 2025", ["Priya Sharma"]),
        ("Reuters", ["Reuters"]),
        ("Tom Krisher, AP Auto Writer", ["Tom Krisher", "AP"]),
        ("Author: Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("Finian Cunningham. Sputnik", ["Finian Cunningham", "Sputnik"]),
        ("Trevor J. Mitchell", ["Trevor J. Mitchell"]),
        ("By IANS Thursday, 6 February", ["IANS"]),
        ("By Jane Doe | Edited by John Roe", ["Jane Doe"]),
        ("Special Correspondent", ["Special Correspondent"]),
        ("Express News Service", ["Express News Service"]),
        ("लेखक: अमित वर्मा", ["अमित वर्मा"]),
        ("Photo: Reuters", []),
        ("(Image credit: AFP)", []),
        ("https://www.facebook.com/somepaper", []),
        ("admin", []),
        ("by the Russian defense ministries", []),
    ],
)
def test_clean_authors(raw, expected):
    assert clean_authors(raw) == expected


def _authors(head: str = "", body: str = "") -> list[str]:
    html = f"<html><head><title>Story</title>{head}</head><body>{body}</body></html>"
    return extract_metadata(html, "https://example.org/news/story-one", default_timezone=None, now=None).authors


def test_jsonld_author_references_are_resolved_in_the_graph():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": "Story", "author": [{"@id": "#p1"}, {"@id": "#p2"}]},
        {"@type": "Person", "@id": "#p1", "name": "Jane Doe"},
        {"@type": "Person", "@id": "#p2", "name": "John Roe"}]}
    assert _authors(f'<script type="application/ld+json">{json.dumps(graph)}</script>') == ["Jane Doe", "John Roe"]


def test_meta_author_url_is_skipped_for_the_byline():
    body = "<article><h1>Story</h1><div class='byline'>By <a href='/a/jd'>Jane Doe</a></div><p>Text.</p></article>"
    assert _authors('<meta property="article:author" content="https://facebook.com/jane">', body) == ["Jane Doe"]


def test_caption_credits_are_not_authors():
    body = ("<article><h1>Story</h1><figure><img src='a.jpg'><figcaption>File photo (ANI)</figcaption></figure>"
            "<div class='image-credit'>Photo: Reuters</div><p>By PTI</p><p>" + "Body text. " * 30 + "</p></article>")
    assert _authors(body=body) == ["PTI"]


def test_comment_authors_are_not_authors():
    body = ("<article><h1>Story</h1><p>" + "Body text. " * 30 + "</p>"
            "<div id='comments'><div class='comment-author'>By Reader Smith</div></div></article>")
    assert _authors(body=body) == []


def test_wrapper_text_glued_to_a_name_is_dropped():
    body = ("<article><h1>Story</h1><div class='author-block'><span class='author-name'>Anna Menin</span>Share</div>"
            "<p>Text.</p></article>")
    assert _authors(body=body) == ["Anna Menin"]


def test_link_to_an_author_page_above_the_story_names_the_author():
    body = ("<article><h1>Story</h1><div><a href='/authors/jane-doe'>Jane Doe</a> | Feb 6, 2025</div>"
            "<p>" + "Body text. " * 30 + "</p><p>Also by <a href='/authors/john-roe'>John Roe</a></p></article>")
    assert _authors(body=body) == ["Jane Doe"]
