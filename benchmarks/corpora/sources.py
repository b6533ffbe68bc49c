"""Converters: one function per public labelled set, from its checkout to corpus pages.

Each yields ``(page_id, html_bytes, truth)``; ``truth`` holds only the fields the
source labels. What each label is (and how far to trust it) is written next to
its converter, and in ``benchmarks/README.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import lxml.html

from newscrawler.extraction.body_candidates import html_paragraphs

Page = tuple[str, bytes, dict]
READABILITY_URL = "http://fakehost/test/page.html"  # the URL readability's own tests run with
_NAME_SEPARATORS = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|\n)\s*", re.I)
_BYLINE_PREFIX = re.compile(r"^(?:by|von|par|por|written by)\s+", re.I)
_PUBLISHER_DATA_IDS = re.compile(r"^[0-9a-f]{64}$")  # another benchmark's page ids: never taken in


def split_names(byline: str | list[str] | None) -> list[str] | None:
    """A labelled byline as a list of names: "By A and B" / "A; B" -> ["A", "B"]; None when not labelled."""
    if byline is None:
        return None
    parts = byline if isinstance(byline, list) else _NAME_SEPARATORS.split(byline)
    names = [" ".join(_BYLINE_PREFIX.sub("", part.strip()).split()) for part in parts]
    return [name for name in names if len(name) > 1]


def _published(value: object) -> str | None:
    """A labelled publication time: kept as an instant with its offset, else as the day it names."""
    if not isinstance(value, str) or not re.match(r"\d{4}-\d\d-\d\d", value):
        return None
    return value if re.search(r"T\d\d:\d\d.*(?:[+-]\d\d:?\d\d|Z)$", value) else value[:10]


def _body(html: bytes) -> str:
    """Visible paragraphs of a labelled body (HTML), one a line, as the extraction metric reads them."""
    root = lxml.html.fromstring(html)
    return "\n".join(html_paragraphs(root))


def readability(checkout: Path) -> Iterator[Page]:
    """Mozilla readability's test pages: its expected body, title, byline, language and published time.

    The labels are readability.js's own output as reviewed by its maintainers, so titles
    sometimes keep a site name and bylines a prefix; they favour readability-lxml.
    """
    for page_dir in sorted((checkout / "test" / "test-pages").iterdir()):
        source, expected = page_dir / "source.html", page_dir / "expected.html"
        meta_path = page_dir / "expected-metadata.json"
        if not (source.exists() and expected.exists() and meta_path.exists()):
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        truth: dict = {"url": READABILITY_URL, "articleBody": _body(expected.read_bytes())}
        if meta.get("title"):
            truth["title"] = meta["title"]
        truth["authors"] = split_names(meta.get("byline")) or []
        if meta.get("lang"):
            truth["language"] = meta["lang"].split("-")[0].lower()
        if _published(meta.get("publishedTime")):
            truth["published"] = _published(meta["publishedTime"])
        yield page_dir.name, source.read_bytes(), truth


def newspaper(checkout: Path) -> Iterator[Page]:
    """newspaper4k's test pages: the title, language, publish date and text its tests expect.

    Its authors are left out: they are the library's own output kept as a regression
    snapshot (a share-button host as an author), not a label.
    """
    data = checkout / "tests" / "data"
    for meta_path in sorted((data / "metadata").glob("*.json")):
        html_path, text_path = data / "html" / f"{meta_path.stem}.html", data / "txt" / f"{meta_path.stem}.txt"
        if not html_path.exists():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        truth: dict = {"url": meta.get("url") or "https://example.invalid/article"}
        if meta.get("title"):
            truth["title"] = meta["title"]
        if meta.get("meta_lang") or meta.get("language"):
            truth["language"] = (meta.get("meta_lang") or meta["language"]).split("-")[0].lower()
        if _published(meta.get("publish_date")):  # a naive time (often a bare midnight) only says which day
            truth["published"] = _published(meta["publish_date"])
        if text_path.exists():
            truth["articleBody"] = text_path.read_text(encoding="utf-8")
        yield meta_path.stem, html_path.read_bytes(), truth


def htmldate_news(checkout: Path) -> Iterator[Page]:
    """htmldate's 2020 sample of news pages in many languages, each with its human-checked publication day."""
    tests = checkout / "tests"
    labels = json.loads((tests / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    for url, item in sorted(labels.items()):
        path = tests / "test_set" / item["file"]
        if path.exists() and _published(item.get("date")):
            yield path.stem, path.read_bytes(), {"url": url, "published": _published(item["date"])}


def trafilatura_eval(checkout: Path) -> Iterator[Page]:
    """trafilatura's evaluation pages: hand-written title, author and date (day) labels.

    An empty author label means the page names no author (expected: none); an empty
    date is left unlabelled. The with/without text snippets are not used.
    """
    tests = checkout / "tests"
    labels = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    for url, item in sorted(labels.items()):
        path = next((tests / d / item["file"] for d in ("eval", "cache") if (tests / d / item["file"]).exists()), None)
        if path is None or _PUBLISHER_DATA_IDS.match(path.stem):
            continue
        truth: dict = {"url": url}
        if item.get("title"):
            truth["title"] = item["title"]
        if "author" in item and item["author"] is not None:
            truth["authors"] = split_names(item["author"]) or []
        if _published(item.get("date")):
            truth["published"] = _published(item["date"])
        if len(truth) > 1:
            yield path.name.removesuffix(".html"), path.read_bytes(), truth


CONVERTERS: dict[str, Callable[[Path], Iterator[Page]]] = {
    "readability": readability,
    "newspaper4k": newspaper,
    "htmldate-news": htmldate_news,
    "trafilatura-eval": trafilatura_eval,
}
"""Corpus name -> converter; the public repository each reads is in ``benchmarks/README.md``."""
