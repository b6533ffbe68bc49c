"""Candidate article bodies from independent extractors, each as a list of paragraphs.

Every extractor fails in its own way (trafilatura stops at the first of several body
containers, readability keeps teaser lists, JSON-LD bodies are often truncated), so
``body.py`` asks several and compares. All functions take an already parsed tree and
copy it first, because both libraries edit the tree they are given.
"""

from __future__ import annotations

import html
import json
import re

import lxml.html
import trafilatura
from lxml.etree import ParserError
from readability import Document
from readability.readability import Unparseable

_BLOCKS = (
    "p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "td", "th", "dd", "dt", "figcaption", "br",
)  # fmt: skip


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def _lines(text: str | None) -> list[str]:
    return [line for line in (normalise_space(part) for part in (text or "").split("\n")) if line]


def trafilatura_paragraphs(tree: lxml.html.HtmlElement, url: str, *, fast: bool, precision: bool) -> list[str]:
    """trafilatura's paragraphs (it prunes ``tree`` in place); ``precision`` picks favor_precision over favor_recall."""
    text = trafilatura.extract(
        tree,
        url=url,
        fast=fast,
        favor_precision=precision,
        favor_recall=not precision,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        with_metadata=False,
    )
    return _lines(text)


def html_paragraphs(fragment: lxml.html.HtmlElement) -> list[str]:
    """Text of an HTML fragment split at block elements, so paragraphs stay apart."""
    for element in fragment.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    return _lines(fragment.text_content())


def readability_paragraphs(html: str) -> list[str]:
    """readability-lxml's main-content block, as paragraphs."""
    try:
        summary = Document(html).summary(html_partial=True)
        return html_paragraphs(lxml.html.fragment_fromstring(summary, create_parent="div"))
    except (Unparseable, ParserError, ValueError, TypeError, AssertionError):  # lxml asserts on bodiless pages
        return []


def _article_bodies(data: object):
    if isinstance(data, dict):
        body = data.get("articleBody")
        if isinstance(body, str):
            yield body
        for value in data.values():
            yield from _article_bodies(value)
    elif isinstance(data, list):
        for value in data:
            yield from _article_bodies(value)


_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def jsonld_paragraphs(tree: lxml.html.HtmlElement) -> list[str]:
    """The longest schema.org ``articleBody`` in the page's JSON-LD (some sites put HTML there)."""
    bodies: list[str] = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            bodies.extend(_article_bodies(json.loads(script.text or "")))
        except (json.JSONDecodeError, RecursionError):
            continue
    if not bodies:
        return []
    body = max(bodies, key=len)
    if _TAG.search(body):
        try:
            return html_paragraphs(lxml.html.fragment_fromstring(body, create_parent="div"))
        except (ParserError, ValueError, AssertionError):
            return []
    return _lines(html.unescape(body))


def prose_paragraphs(tree: lxml.html.HtmlElement, min_words: int = 12) -> list[str]:
    """Every ``<p>`` of the page long enough to be prose: what a complete body should mostly cover."""
    texts = (normalise_space(p.text_content()) for p in tree.iter("p"))
    return [t for t in texts if len(t.split()) >= min_words]
