"""Layout signals: how a parsed page arranges its prose and headlines.

Read once, while metadata is extracted (``metadata.extract_metadata``), and
weighed by ``pagekind.page_score``: one block of connected prose under the
headline is a story; many linked headlines, each with its own small block, a listing.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html

from newscrawler.extraction.structured import find_headline, in_skipped_region

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
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
