"""Converting between archive records and index documents."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any

from whoosh.util.times import datetime_to_long

from search.periods import period_terms
from search.record import SHOWN_FIELDS, STORED_ONLY


def to_utc_naive(value: str | None) -> datetime | None:
    """Parse an ISO-8601 string to naive UTC (how the index stores dates); None if unusable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def sort_date(record: dict) -> datetime | None:
    """The date an article is filtered and sorted by: published, else first seen."""
    for key in ("published", "first_seen", "crawled"):
        moment = to_utc_naive(record.get(key))
        if moment is not None:
            return moment
    return None


def all_urls(record: dict) -> list[str]:
    """Every URL the article is known by, first the primary one, without repeats."""
    candidates = [record.get("url"), *(record.get("urls") or []), record.get("canonical_url"), record.get("id")]
    return list(dict.fromkeys(u for u in candidates if u))


def story_key(record: dict) -> str:
    """What groups copies of one story: the story id, else the article's own id."""
    return record.get("story") or record["id"]


def story_hash(key: str) -> int:
    """A signed 64-bit hash of a story key (collisions are negligible at news scale)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def to_document(record: dict) -> dict[str, Any]:
    """Keyword arguments for ``writer.update_document`` from one record."""
    urls = all_urls(record)
    authors = [a for a in record.get("authors") or [] if a]
    doc: dict[str, Any] = {
        "id": record["id"],
        "urlkey": " ".join(urls),
        "urls": "\n".join(urls),
        "_stored_urls": urls,
        "title": record.get("title") or "",
        "body": record.get("body") or "",
        "authors": "\n".join(authors),
        "_stored_authors": authors,
        "storykey": story_key(record),
        "storyhash": story_hash(story_key(record)),
    }
    for name in ("source", "language"):
        if record.get(name):
            doc[name] = record[name]
    moment = sort_date(record)
    if moment is not None:
        doc["date"] = datetime_to_long(moment)
        doc["period"] = period_terms(moment)
    for name in STORED_ONLY:
        if record.get(name) is not None:
            doc[name] = record[name]
    return doc


ARTICLE_FIELDS = (*SHOWN_FIELDS, "also")
"""An article as `show --json`, the web API and `export` give it: what the index keeps
of the record, and the URLs of its story's other copies."""


def to_record(stored: dict) -> dict:
    """The record back from a document's stored fields: what the index keeps of it, in order."""
    record = {name: stored.get(name) for name in SHOWN_FIELDS}
    record["urls"] = list(record["urls"] or [])
    record["authors"] = list(record["authors"] or [])
    record["body"] = record["body"] or ""
    return record
