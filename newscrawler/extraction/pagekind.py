"""Article or listing: is this page one story, or a page of links to stories?

No single signal decides. Declared types lie (og:type "website" on every page
of some CMSes), section pages carry long teasers, and articles end in lists of
related headlines. So the page gets points from independent evidence: declared
type, the layout (one block of connected prose under the headline vs many
linked headlines, each with its own small block), the number of <article>
cards, the body extractor's yield and the URL's shape. Positive total = article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import html as lxml_html

from newscrawler.extraction.structured import LISTING_TYPES, find_headline, in_skipped_region, parse_html

if TYPE_CHECKING:
    from newscrawler.extraction.metadata import PageMetadata

ARTICLE = "article"
LISTING = "listing"

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LISTING_PATH = re.compile(
    r"/(?:tags?|topics?|category|categories|section|sections|author|authors|archive|archives|page|search|latest"
    r"|live-updates-list)(?:/|$)|/page/\d+|[?&]page=\d+",
    re.I,
)
# A story's URL: a long numeric id, a slug of 4+ words, a page file, or a /yyyy/mm/ date.
_ARTICLE_PATH = re.compile(
    r"\d{5,}|[a-z0-9]+(?:-[a-z0-9]+){3,}|\.(?:html?|cms|ece|php|aspx?)$|/(?:19|20)\d{2}/\d{1,2}/", re.I
)
_INDEX_PAGE = re.compile(r"/(?:index|default|home)\.(?:html?|php|aspx?|jsp)$", re.I)
_PROSE_MIN_CHARS = 60  # a <p> shorter than this is a label or a caption, not prose
_LINKED = 0.6  # share of a heading's text inside a link for it to be a teaser headline
_HEADLINE_LEVELS = 3  # how far up from the headline its story container may be


@dataclass
class PageSignals:
    """Layout evidence read from the parsed page, kept on PageMetadata so the page is parsed once."""

    prose_chars: int = 0
    """Longest run of prose: the most <p> text under one parent that is not interleaved with linked headlines."""
    linked_headings: int = 0
    """Headings (h1-h6) whose text is mostly a link: teaser headlines, outside nav/footer."""
    article_elements: int = 0
    """<article> elements not nested in another (cards on a listing, one on an article)."""
    has_headline: bool = False
    """Whether the page has a story headline (an <h1>, or a heading its <title> repeats)."""
    headline_prose: int = 0
    """Prose under the headline, before any teaser headline: a story starts there."""
    teasers_first: bool = False
    """Teaser headlines follow the page's headline before any prose: a listing's title."""


def read_signals(tree: lxml_html.HtmlElement) -> PageSignals:
    """Measure the layout of a parsed page."""
    signals = PageSignals()
    body = tree.find("body")
    root = body if body is not None else tree
    prose_by_parent: dict[lxml_html.HtmlElement, int] = {}
    teasers_by_parent: dict[lxml_html.HtmlElement, int] = {}
    for el in root.iter(*_HEADINGS, "p", "article"):
        if el.tag == "article":
            if not any(a.tag == "article" for a in el.iterancestors()) and not in_skipped_region(el):
                signals.article_elements += 1
            continue
        parent = el.getparent()
        if el.tag == "p":
            text_len = len(el.text_content().strip())
            link_len = sum(len(a.text_content().strip()) for a in el.iter("a"))
            if text_len >= _PROSE_MIN_CHARS and link_len < text_len / 2:
                prose_by_parent[parent] = prose_by_parent.get(parent, 0) + text_len
            continue
        if _is_teaser_heading(el) and not in_skipped_region(el):
            signals.linked_headings += 1
            teasers_by_parent[parent] = teasers_by_parent.get(parent, 0) + 1
    connected = [chars for parent, chars in prose_by_parent.items() if teasers_by_parent.get(parent, 0) < 2]
    signals.prose_chars = max(connected, default=0)
    headline = find_headline(tree)
    signals.has_headline = headline is not None
    signals.headline_prose, signals.teasers_first = _headline_prose(headline)
    return signals


def _headline_prose(headline: lxml_html.HtmlElement | None) -> tuple[int, bool]:
    """(prose chars, teasers first) around the headline.

    Climbs from the headline to the nearest container with prose and counts the
    <p> text that comes before the first teaser headline in it: a story puts its
    text under the headline and any related list after it; a listing puts teasers
    right under its title. The flag says the climb met teasers before any prose.
    """
    if headline is None:
        return 0, False
    for level, container in enumerate(headline.iterancestors()):
        if level >= _HEADLINE_LEVELS or container.tag in ("body", "html"):
            break
        chars, teaser_seen = _prose_before_teasers(container)
        if chars >= _PROSE_MIN_CHARS:
            return chars, False
        if teaser_seen:
            return 0, True
    return 0, False


def _prose_before_teasers(container: lxml_html.HtmlElement) -> tuple[int, bool]:
    chars = 0
    for el in container.iter(*_HEADINGS, "p"):
        if in_skipped_region(el, container):
            continue
        if el.tag == "p":
            chars += len(el.text_content().strip())
        elif _is_teaser_heading(el):
            return chars, True
    return chars, False


def _is_teaser_heading(heading: lxml_html.HtmlElement) -> bool:
    text_len = len(heading.text_content().strip())
    link_len = sum(len(a.text_content().strip()) for a in heading.iter("a") if a.get("href"))
    if not link_len and heading.getparent() is not None and heading.getparent().tag == "a":
        link_len = text_len  # <a href><h3>headline</h3></a>
    return text_len > 0 and link_len >= text_len * _LINKED


def classify_page(html: str, paragraphs: list[str], meta: PageMetadata) -> str:
    """"article" for a single story with a body, "listing" for home/section/tag/author/archive pages."""
    signals = meta.signals
    if signals is None:
        tree = parse_html(html)
        signals = read_signals(tree) if tree is not None else PageSignals()
    return ARTICLE if page_score(signals, paragraphs, meta) > 0 else LISTING


def page_score(signals: PageSignals, paragraphs: list[str], meta: PageMetadata) -> float:
    """Sum of evidence; each term is one general signal, weighted by how often it misleads."""
    score = 0.0
    types = set(meta.jsonld_types)
    if meta.declares_article:
        score += 2.5  # a declared article describing this very page (others on it are related stories)
    elif meta.article_count > 2:
        score -= 2.5
    if types & LISTING_TYPES:
        score -= 2.5
    if (meta.og_type or "").lower() == "article":
        score += 1.5
    elif (meta.og_type or "").lower() == "website":
        score -= 0.5
    if meta.published is not None:
        score += 0.5

    prose = signals.prose_chars
    body_chars = sum(len(p) for p in paragraphs)
    score += 2.0 if prose >= 1200 else 1.0 if prose >= 500 else 0.0 if prose >= 250 else -1.5
    # Prose right under the headline, in a container without teasers, means the teasers
    # elsewhere on the page are "related" lists around a story: they count for less.
    story_first = signals.headline_prose >= 250
    if story_first:
        score += 1.5
    elif signals.teasers_first:
        score -= 1.0
    if paragraphs and body_chars < 250:
        score -= 1.0
    elif body_chars >= 500 and signals.linked_headings < 2:
        score += 1.0  # the body extractor found a story's worth of text and nothing looks like a list
    teasers = signals.linked_headings
    teaser_weight = 0.5 if story_first else 1.0
    if teasers >= 12:
        score -= 2.0 * teaser_weight
    elif teasers >= 6:
        score -= 1.0 * teaser_weight
    if signals.article_elements >= 4:
        score -= 1.5 * teaser_weight
    if not signals.has_headline:
        score -= 0.5
    score += _url_score(meta.url)
    if not meta.declares_article and not story_first and teasers >= 6 and prose < 1200:
        score -= 1.0  # nothing declared and the prose does not outweigh the headlines
    return score


def _url_score(url: str) -> float:
    parts = urlsplit(url)
    path = _INDEX_PAGE.sub("/", parts.path)
    if _LISTING_PATH.search(path + ("?" + parts.query if parts.query else "")):
        return -1.5
    if path.strip("/") == "":
        return -2.0
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if _ARTICLE_PATH.search(last) or _ARTICLE_PATH.search(path):
        return 1.0
    if path.count("/") <= 2 and "-" not in last:
        return -1.0  # "/world/", "/india" - a section
    return 0.0
