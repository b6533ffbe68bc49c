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
from urllib.parse import urlsplit

from newscrawler.extraction.layout import PageSignals, read_signals
from newscrawler.extraction.metadata import PageMetadata
from newscrawler.extraction.structured import LISTING_TYPES, parse_html

ARTICLE = "article"
LISTING = "listing"
"""The two page kinds; the fetch state (``newscrawler.fetchstate``) stores them per URL."""

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
