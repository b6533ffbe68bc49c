"""The article record: the one definition of what newscrawler keeps about an article.

Everything else is derived from :class:`ArticleRecord`:

- the crawler's Scrapy item (``newscrawler.items.ArticleItem``) is this record
  plus the page fields it needs on its way through the pipelines;
- an archive line is :meth:`ArticleRecord.to_record`: every field, in this order;
- the index stores every field marked ``INDEXED`` or ``STORED`` (the schema's
  stored-only fields are :data:`STORED_ONLY`), and the fields it keeps are
  :data:`SHOWN_FIELDS`, the keys of ``newssearch show --json`` (plus ``also``);
- search results (``newssearch QUERY --json``) are a view of it, see
  ``search.output.hit_json``.

``og_url`` is kept in the archive only: it is evidence for the article's
identity (``search.urls.article_identity``), and the URL itself, cleaned, is
already one of ``urls`` whenever it named the article, so ``show`` finds the
article by it and prints it there. So are ``warc_file`` and ``warc_offset``:
they point into the data directory, for re-extraction, not for readers, and
``extractor``, which tells re-extraction runs apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

INDEXED = {"index": "indexed"}
"""Searchable in the index (a field of its own in the schema) and stored there."""
STORED = {"index": "stored"}
"""Stored in the index to be printed back, not searchable."""
ARCHIVE_ONLY = {"index": None}
"""In the archive only."""


@dataclass(kw_only=True)
class ArticleRecord:
    """One stored article. Times are ISO-8601 strings; lists are never None."""

    id: str | None = field(default=None, metadata=INDEXED)
    """Article identity: the normalised canonical URL of the first copy stored (set by dedupe)."""
    url: str = field(metadata=STORED)
    """The address to show: the first page URL it was stored from, without tracking parameters."""
    urls: list[str] = field(default_factory=list, metadata=INDEXED)
    """Every URL that reached this article, first ``url``; ``show`` finds the article by any of them."""
    canonical_url: str | None = field(default=None, metadata=STORED)
    """The page's own canonical link, when it declares one."""
    og_url: str | None = field(default=None, metadata=ARCHIVE_ONLY)
    """The page's og:url, a second opinion on its canonical address (see the module's docstring)."""
    title: str | None = field(default=None, metadata=INDEXED)
    """Headline as published, without the site-name suffix."""
    body: str = field(default="", metadata=INDEXED)
    """Article text: paragraphs separated by one blank line."""
    authors: list[str] = field(default_factory=list, metadata=INDEXED)
    """People or agencies, names only ("PTI", "Jane Doe")."""
    published: str | None = field(default=None, metadata=STORED)
    """Publication time with the page's UTC offset, e.g. 2025-02-06T20:09:00+05:30."""
    updated: str | None = field(default=None, metadata=STORED)
    """Last-modified time with UTC offset (the page's, or the crawl's when the text changed)."""
    language: str | None = field(default=None, metadata=INDEXED)
    """ISO 639-1 code detected from the text, e.g. "en", "hi"."""
    description: str | None = field(default=None, metadata=STORED)
    """The page's declared summary (JSON-LD, og:description or meta description)."""
    image: str | None = field(default=None, metadata=STORED)
    """Absolute URL of the page's declared lead image."""
    content_hash: str | None = field(default=None, metadata=STORED)
    """Hash of the normalised body text: exact duplicates share it."""
    story: str | None = field(default=None, metadata=STORED)
    """Story id shared by near-duplicate articles (syndicated copies); the index also groups by it."""
    first_seen: str | None = field(default=None, metadata=STORED)
    """UTC time the article was first stored."""
    crawled: str | None = field(default=None, metadata=STORED)
    """UTC time of the fetch this version comes from."""
    source: str = field(metadata=INDEXED)
    """Name of the configured source (sources.toml) or the start URL's host."""
    extractor: str | None = field(default=None, metadata=ARCHIVE_ONLY)
    """Version of the extraction and cleaning code that produced the fields (``newssearch reextract``)."""
    warc_file: str | None = field(default=None, metadata=ARCHIVE_ONLY)
    """Name of the WARC file in the data directory's ``warc/`` holding the fetched response."""
    warc_offset: int | None = field(default=None, metadata=ARCHIVE_ONLY)
    """Byte offset of the response record (one gzip member) in ``warc_file``."""

    def to_record(self) -> dict:
        """The archive line's JSON-safe dict: the record's fields only, lists copied."""
        record = {}
        for name in ARCHIVE_FIELDS:
            value = getattr(self, name)
            record[name] = list(value) if isinstance(value, list) else value
        return record


ARCHIVE_FIELDS = tuple(f.name for f in fields(ArticleRecord))
"""An archive line's keys, in order."""
SHOWN_FIELDS = tuple(f.name for f in fields(ArticleRecord) if f.metadata["index"])
"""What the index keeps of a record: ``show --json``'s keys, in order."""
STORED_ONLY = tuple(f.name for f in fields(ArticleRecord) if f.metadata["index"] == STORED["index"])
"""Fields the index stores without searching them."""
