"""The one item the crawler produces: a news article, from fetched page to indexed record.

The spider fills the page fields (``url``, ``html``, ``source`` ...); the extraction
pipeline fills the article fields and drops ``html``; the dedupe pipeline sets
``id``, ``urls``, ``story`` and ``content_hash``. ``ArticleItem.to_record()`` gives
the JSON-safe dict that the archive and the search index store.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

TRANSIENT = ("html", "default_timezone", "default_language", "response", "fetched")
"""Page fields the spider hands to the pipelines; never stored."""


@dataclass
class ArticleItem:
    url: str
    """The URL the page was fetched from (after redirects)."""
    source: str
    """Name of the configured source (sources.toml) or the start URL's host."""
    html: str | None = None
    """Decoded page HTML; only between the spider and the extraction pipeline."""
    default_timezone: str | None = None
    """IANA zone name used when the page gives a local time without an offset."""
    default_language: str | None = None
    """Source's language, used when the text is too short to detect one."""
    response: Any = None
    """The Scrapy response the page came in; only until the WARC capture pipeline has written it."""
    fetched: str | None = None
    """ISO-8601 time an archived page was fetched (WARC-Date); None for a page fetched now."""

    id: str | None = None
    """Article identity: the normalised canonical URL of the first copy stored."""
    urls: list[str] = field(default_factory=list)
    """Every normalised URL that reached this article."""
    canonical_url: str | None = None
    """The page's own canonical link, when it declares one."""
    og_url: str | None = None
    """The page's og:url, a second opinion on its canonical address."""
    title: str | None = None
    """Headline as published, without the site-name suffix."""
    body: str = ""
    """Article text: paragraphs separated by one blank line."""
    authors: list[str] = field(default_factory=list)
    """People or agencies, names only ("PTI", "Jane Doe")."""
    published: str | None = None
    """ISO-8601 datetime with UTC offset, e.g. 2025-02-06T20:09:00+05:30."""
    updated: str | None = None
    """ISO-8601 datetime with UTC offset of the page's last-modified stamp."""
    language: str | None = None
    """ISO 639-1 code detected from the text, e.g. "en", "hi"."""
    description: str | None = None
    image: str | None = None
    content_hash: str | None = None
    """Hash of the normalised body text: exact duplicates share it."""
    story: str | None = None
    """Story id shared by near-duplicate articles (syndicated copies)."""
    first_seen: str | None = None
    """ISO-8601 UTC time the article was first stored."""
    crawled: str | None = None
    """ISO-8601 UTC time of this fetch."""
    extractor: str | None = None
    """Version of the extraction and cleaning code that produced the article's fields."""
    warc_file: str | None = None
    """Name of the WARC file in the data directory's ``warc/`` holding the fetched response."""
    warc_offset: int | None = None
    """Byte offset of the response record (one gzip member) in ``warc_file``."""

    def to_record(self) -> dict:
        """JSON-safe record for the archive and index, without the page fields (HTML, response)."""
        record = {}
        for name in (f.name for f in fields(self) if f.name not in TRANSIENT):
            value = getattr(self, name)
            record[name] = list(value) if isinstance(value, list) else value
        return record
