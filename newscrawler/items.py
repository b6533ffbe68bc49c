"""The one item the crawler produces: an article record on its way from fetched page to archive.

The spider fills the page fields (``url``, ``html``, ``source`` ...); the extraction
pipeline fills the article fields and drops ``html``; the dedupe pipeline sets
``id``, ``urls``, ``story`` and ``content_hash``; WARC capture sets ``warc_file``
and ``warc_offset`` and drops ``response``. The fields are those of
:class:`search.record.ArticleRecord` (documented there) plus the page fields
below, which ``to_record()`` leaves out of the archive and the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from search.record import ArticleRecord


@dataclass(kw_only=True)
class ArticleItem(ArticleRecord):
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
    outcome: str | None = None
    """What the dedupe pipeline made of it this run: "new", "updated" or "duplicate" (more URLs
    of a stored text). For the run's summary, which must not compare times of different runs
    (the clock may have been set back in between)."""
