"""Article body extraction and page decoding on small hand-written pages of several templates."""

from __future__ import annotations

import codecs
import json
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest

from newscrawler.extraction.body import choose, extract_paragraphs
from newscrawler.extraction.cleaning import clean_paragraphs
from newscrawler.extraction.decode import decode_html

URL = "https://news.example.com/2025/02/06/defence-talks"
TITLE = "Defence Minister Holds Phone Talks With US Counterpart"
BODY = [
    "New Delhi: The defence minister and his American counterpart on Thursday agreed to work on an "
    "ambitious agenda, including in the areas of operational, intelligence, logistics and industrial "
    "cooperation, to further boost the strategic partnership between the two countries.",
    "The minister said the two reviewed various aspects of the bilateral defence ties in a phone "
    "conversation that came less than a week before the prime minister's planned trip to Washington. "
    "In a post on X, he said they explored ways to further deepen the relationship.",
    "The minister described the phone conversation as excellent. \"We reviewed the ongoing defence "
    "cooperation and explored ways and means to expand and deepen the bilateral defence relationship,\" "
    "he said in the statement released by his office on Thursday evening.",
    "\"We also agreed to chart out an ambitious agenda which includes operational, intelligence, logistics "
    "and defence-industrial cooperation. Looking forward to working closely with the Secretary,\" the "
    "minister added, according to officials familiar with the call.",
]
NAV = '<nav><a href="/">Home</a> <a href="/india">India</a> <a href="/world">World</a> <a href="/sports">Sports</a></nav>'
FOOTER = (
    "<footer><p>Quick Links / Policies</p><p>Get Us On</p>"
    "<p>For any inquiries, please reach us at contactus@example.com</p>"
    "<p>Copyright © 2025 Example Enterprises Pvt. Ltd., All Rights Reserved.</p></footer>"
)


def _paras(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _page(main: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{TITLE} | Example News</title>{head}</head>"
        f"<body><header>{NAV}</header><main>{main}</main>{FOOTER}</body></html>"
    )


def _words(paragraphs: list[str]) -> str:
    return " ".join(" ".join(paragraphs).split())


SEED_TEMPLATE = _page(
    f"<article><h1>{TITLE}</h1>"
    "<figure><img src='/a.jpg'><figcaption>File photo of the minister (ANI)</figcaption></figure>"
    "<div class='byline'><img alt='author img' src='/b.jpg'><span>By PTI</span></div>"
    "<div class='date'>Published : Feb 6, 2025, 8:09 PM IST</div>"
    f"<div class='story'>{_paras(BODY)}</div>"
    f"<div class='story-amp'>{_paras(BODY)}</div>"
    "<p>For All Latest Updates</p><div class='tags'>TAGGED: <a href='/t/defence'>DEFENCE</a></div>"
    "</article>"
    "<section class='featured'><h3>Featured</h3><ul>"
    "<li><a href='/x'>Exclusive | First Rocket To Lift-off From New Spaceport In 2 Yrs</a></li>"
    "<li><a href='/y'>Government's New Tax Policy To Benefit 1 Crore More People</a></li></ul></section>"
)


def test_seed_template_body_once_after_cleaning():
    cleaned = clean_paragraphs(extract_paragraphs(SEED_TEMPLATE, URL), title=TITLE)
    assert cleaned == BODY


def test_body_rendered_twice_is_extracted_once():
    paragraphs = extract_paragraphs(SEED_TEMPLATE, URL)
    for paragraph in BODY:
        assert paragraphs.count(paragraph) == 1


def test_boilerplate_around_the_body_is_left_out():
    text = "\n".join(extract_paragraphs(SEED_TEMPLATE, URL))
    for junk in ("Home", "Quick Links", "contactus@example.com", "Copyright", "First Rocket", "Get Us On"):
        assert junk not in text


def test_body_split_over_containers_with_teasers_between():
    teaser = (
        "<aside class='related'><h4>Related stories</h4><ul>"
        "<li><a href='/r1'>Budget trims allocation for ministry</a></li>"
        "<li><a href='/r2'>Rocket launch set for 2027</a></li></ul></aside>"
    )
    main = (
        f"<article><h1>{TITLE}</h1><div class='body-part'>{_paras(BODY[:2])}</div>{teaser}"
        f"<div class='body-part'>{_paras(BODY[2:])}</div></article>"
    )
    paragraphs = extract_paragraphs(_page(main), URL)
    assert _words(BODY) in _words(paragraphs)
    assert "Rocket launch" not in " ".join(paragraphs)


def _json_ld(body: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE, "articleBody": body}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_article_body_when_the_page_renders_it_with_javascript():
    shell = _page("<div id='app'><noscript>Please enable JavaScript.</noscript></div>", _json_ld("\n".join(BODY)))
    assert extract_paragraphs(shell, URL) == BODY


def test_json_ld_article_body_holding_html():
    shell = _page("<div id='app'></div>", _json_ld(_paras(BODY)))
    assert extract_paragraphs(shell, URL) == BODY


def test_truncated_json_ld_teaser_does_not_replace_the_body():
    page = _page(f"<article><h1>{TITLE}</h1>{_paras(BODY)}</article>", _json_ld(BODY[0][:120]))
    assert extract_paragraphs(page, URL)[-len(BODY) :] == BODY


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "\x00\x01 not html at all", "<p>" * 5000])
def test_hostile_input_gives_a_list_without_raising(html):
    assert isinstance(extract_paragraphs(html, URL), list)


def test_runs_in_a_worker_process_with_the_same_result():
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        remote = pool.submit(extract_paragraphs, SEED_TEMPLATE, URL).result(timeout=120)
    assert remote == extract_paragraphs(SEED_TEMPLATE, URL)


TEXT = "Café crème, naïve résumé — “quoted”"


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (TEXT.encode("utf-8"), "text/html; charset=utf-8"),
        (TEXT.encode("cp1252"), "text/html; charset=windows-1252"),
        (TEXT.encode("cp1252"), "text/html; charset=ISO-8859-1"),  # latin-1 label, cp1252 bytes
        (TEXT.encode("utf-8"), "text/html; charset=ISO-8859-1"),  # the header lies
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "text/html; charset=windows-1252"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), None),
        (b'<meta charset="windows-1252">' + TEXT.encode("cp1252"), None),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">' + TEXT.encode("cp1252"), None),
    ],
)
def test_decode_follows_declarations_and_bytes(raw, content_type):
    assert decode_html(raw, content_type).endswith(TEXT)


def test_decode_detects_undeclared_legacy_encoding():
    text = "Привет, это обычная новостная статья о погоде в Москве и области на этой неделе."
    assert decode_html(text.encode("cp1251")) == text


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe\x00", b"\x80\x81\x82 broken", bytes(range(256))])
def test_decode_never_raises(raw):
    assert isinstance(decode_html(raw, "text/html; charset=nonsense-charset"), str)


def test_chooser_prefers_a_fuller_candidate_that_contains_the_base():
    more = [p.replace("minister", "official") for p in BODY]
    assert choose(BODY[:1], BODY + more, []) == BODY + more  # base stopped after the first container
    assert choose(BODY[:1], [], BODY + more) == BODY + more  # the page's own JSON-LD body


def test_chooser_keeps_the_base_against_longer_unrelated_text():
    teasers = [f"Teaser {n}: " + BODY[1] for n in range(6)]
    assert choose(BODY[:1], teasers, []) == BODY[:1]
    assert choose(BODY, BODY[:1], BODY[:2]) == BODY  # shorter candidates never win
    assert choose([], None, BODY) == BODY
