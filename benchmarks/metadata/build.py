"""Write the labelled pages: ``python -m benchmarks.metadata.build`` regenerates ``pages/``.

Each page is ``pages/NAME.html`` with ``pages/NAME.json`` next to it holding the
page's URL, source timezone, crawl time and the expected fields.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.metadata import article_pages as a
from benchmarks.metadata.listing_pages import listing_pages
from benchmarks.metadata.stories import HINDI_STORIES, STORIES
from benchmarks.metadata.templates import Page

PAGES_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "metadata-pages"
"""Beside the tests that read them too (tests/test_metadata.py, tests/test_pagekind.py)."""


def article_pages() -> list[Page]:
    """Each template over the stories it fits (rotating so every story meets several templates)."""
    s = STORIES
    pages = [a.etv_text(story) for story in (s[0], s[1], s[6], s[7])]
    pages += [a.etv_jsonld(story) for story in (s[0], s[1], s[7], s[4])]
    pages += [a.wordpress(story) for story in (s[2], s[5], s[1])]
    pages += [a.graph(story) for story in (s[2], s[4], s[7])]
    pages += [a.uk_text(story) for story in (s[3], s[5], s[2])]
    pages += [a.microdata(story) for story in (s[3], s[6], s[2])]
    pages += [a.updated_only(story, dated) for story in (s[1], s[7], s[0]) for dated in (True, False)]
    pages += [a.naive_numeric(story) for story in (s[0], s[2], s[3], s[4])]
    pages += [a.future_jsonld(story) for story in (s[0], s[5])]
    pages += [a.messy_byline(story) for story in (s[2], s[7], s[3])]
    pages += [a.agency_photo(story) for story in (s[4], s[6], s[0])]
    pages += [a.related_heavy(story) for story in (s[6], s[3], s[1])]
    pages += [a.logo_h1_prefix_title(story) for story in (s[5], s[7], s[3])]
    pages += [a.both_stamps_one_line(story) for story in (s[1], s[0], s[7])]
    pages += [a.edited_by(story) for story in (s[7], s[4], s[6])]
    pages += [a.hindi(story, lang) for story in HINDI_STORIES for lang in ("hi", "en")]
    pages += [a.hindi_text(story) for story in HINDI_STORIES]
    return pages


def main() -> None:
    PAGES_DIR.mkdir(exist_ok=True)
    for old in PAGES_DIR.glob("*.*"):
        old.unlink()
    pages = article_pages() + listing_pages()
    for page in pages:
        page.name = page.name.rstrip("-")
    names = [p.name for p in pages]
    assert len(names) == len(set(names)), "page names must be unique"
    for page in pages:
        (PAGES_DIR / f"{page.name}.html").write_text(page.html, encoding="utf-8")
        record = {"url": page.url, **page.expected}
        (PAGES_DIR / f"{page.name}.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(pages)} pages to {PAGES_DIR.name}/")


if __name__ == "__main__":
    main()
