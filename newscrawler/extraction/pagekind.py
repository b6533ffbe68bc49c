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


# Evidence, in points: positive says article, negative listing; a page is an article above 0.
# Each weight is how far one signal can be trusted alone.
DECLARED_ARTICLE = 2.5
"""A declared article (JSON-LD, microdata) describing this very page; others on it are related stories."""
MANY_DECLARED_ARTICLES = -2.5
"""More than two declared articles and none of them this page: teasers."""
DECLARED_LISTING = -2.5
"""A declared listing type (CollectionPage, ItemList ...)."""
OG_ARTICLE = 1.5
OG_WEBSITE = -0.5
"""og:type "website": weak, some CMSes put it on every page."""
DATED = 0.5
"""A publication date was found."""
LONG_PROSE_CHARS = 1200
PROSE_POINTS = ((LONG_PROSE_CHARS, 2.0), (500, 1.0), (250, 0.0), (0, -1.5))
"""(at least this many characters of connected prose, points), first match wins."""
STORY_FIRST_CHARS = 250
STORY_FIRST = 1.5
"""Prose right under the headline: a story starts there."""
TEASERS_FIRST = -1.0
"""Teaser headlines right under the page's headline: a listing's title."""
SHORT_BODY_CHARS, SHORT_BODY = 250, -1.0
"""The body extractor found only a little text."""
STORY_BODY_CHARS, STORY_BODY = 500, 1.0
"""The body extractor found a story's worth of text and nothing looks like a list (under 2 teasers)."""
MANY_TEASERS, MANY_TEASERS_POINTS = 12, -2.0
SOME_TEASERS, SOME_TEASERS_POINTS = 6, -1.0
ARTICLE_CARDS, ARTICLE_CARDS_POINTS = 4, -1.5
"""Top-level <article> elements: cards on a listing."""
RELATED_TEASER_WEIGHT = 0.5
"""Teasers and cards count half beside a story that starts under its headline ("related" lists)."""
NO_HEADLINE = -0.5
UNDECLARED_HEADLINES = -1.0
"""Nothing declared, no story first, some teasers, and the prose does not outweigh them."""
URL_LISTING = -1.5
"""/tag/, /section/, /page/2 ... in the URL."""
URL_HOME = -2.0
URL_ARTICLE = 1.0
"""A long numeric id, a slug of 4+ words, a page file or a /yyyy/mm/ date in the URL."""
URL_SECTION = -1.0
"""A short one-word path: "/world/", "/india"."""


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
        score += DECLARED_ARTICLE
    elif meta.article_count > 2:
        score += MANY_DECLARED_ARTICLES
    if types & LISTING_TYPES:
        score += DECLARED_LISTING
    og_type = (meta.og_type or "").lower()
    if og_type == "article":
        score += OG_ARTICLE
    elif og_type == "website":
        score += OG_WEBSITE
    if meta.published is not None:
        score += DATED

    prose = signals.prose_chars
    body_chars = sum(len(p) for p in paragraphs)
    score += next(points for least, points in PROSE_POINTS if prose >= least)
    # Prose right under the headline, in a container without teasers, means the teasers
    # elsewhere on the page are "related" lists around a story: they count for less.
    story_first = signals.headline_prose >= STORY_FIRST_CHARS
    if story_first:
        score += STORY_FIRST
    elif signals.teasers_first:
        score += TEASERS_FIRST
    if paragraphs and body_chars < SHORT_BODY_CHARS:
        score += SHORT_BODY
    elif body_chars >= STORY_BODY_CHARS and signals.linked_headings < 2:
        score += STORY_BODY
    teasers = signals.linked_headings
    teaser_weight = RELATED_TEASER_WEIGHT if story_first else 1.0
    if teasers >= MANY_TEASERS:
        score += MANY_TEASERS_POINTS * teaser_weight
    elif teasers >= SOME_TEASERS:
        score += SOME_TEASERS_POINTS * teaser_weight
    if signals.article_elements >= ARTICLE_CARDS:
        score += ARTICLE_CARDS_POINTS * teaser_weight
    if not signals.has_headline:
        score += NO_HEADLINE
    score += _url_score(meta.url)
    if not meta.declares_article and not story_first and teasers >= SOME_TEASERS and prose < LONG_PROSE_CHARS:
        score += UNDECLARED_HEADLINES
    return score


def _url_score(url: str) -> float:
    parts = urlsplit(url)
    path = _INDEX_PAGE.sub("/", parts.path)
    if _LISTING_PATH.search(path + ("?" + parts.query if parts.query else "")):
        return URL_LISTING
    if path.strip("/") == "":
        return URL_HOME
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if _ARTICLE_PATH.search(last) or _ARTICLE_PATH.search(path):
        return URL_ARTICLE
    if path.count("/") <= 2 and "-" not in last:
        return URL_SECTION
    return 0.0
