"""Counts describing the index, from term statistics rather than reading every document.

Term document frequencies still count deleted documents (an updated article
leaves its old version deleted until segments merge), so the few deleted
documents are read back and their terms subtracted.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from whoosh.searching import Searcher

from search.documents import sort_date, story_key
from search.datadir import DataDir
from search.periods import FIELD as PERIOD

DAYS = 30


def _deleted_terms(searcher: Searcher, term_of: Callable[[dict], str | None]) -> Counter:
    """``term_of(stored fields)`` for every deleted document still in a segment."""
    counts: Counter = Counter()
    for leaf, _ in searcher.reader().leaf_readers():
        if leaf.has_deletions():
            for docnum in leaf.deleted_docs_set:
                term = term_of(leaf.stored_fields(docnum))
                if term:
                    counts[term] += 1
    return counts


def _lowered(name: str) -> Callable[[dict], str | None]:
    return lambda stored: (stored.get(name) or "").lower() or None


def _day(stored: dict) -> str | None:
    moment = sort_date(stored)
    return moment.date().isoformat() if moment else None


def _live_counts(searcher: Searcher, fieldname: str, term_of: Callable[[dict], str | None]) -> Counter:
    """Live documents per term of ``fieldname``."""
    reader = searcher.reader()
    if fieldname not in reader.indexed_field_names():
        return Counter()
    counts = Counter({term.decode(): info.doc_frequency() for term, info in reader.iter_field(fieldname)})
    if reader.has_deletions():
        counts.subtract(_deleted_terms(searcher, term_of))
    return +counts


def _count_stories(searcher: Searcher) -> int:
    """Distinct story keys of live documents: all keys, less those only deleted docs had."""
    reader = searcher.reader()
    if "storykey" not in reader.indexed_field_names():
        return 0
    keys = sum(1 for _ in reader.lexicon("storykey"))
    if reader.has_deletions():
        for key, deleted in _deleted_terms(searcher, story_key).items():
            if reader.doc_frequency("storykey", key) <= deleted:
                keys -= 1
    return keys


def _display_names(searcher: Searcher, counts: Counter) -> dict[str, int]:
    """Sources as written in the articles, not as lower-cased index terms."""
    named: Counter = Counter()
    for term, count in counts.items():
        fields = searcher.document(source=term)
        named[(fields or {}).get("source", term)] += count
    return dict(named.most_common())


def collect(searcher: Searcher, data_dir: Path, now: datetime | None = None) -> dict:
    """Articles, stories, per source / language / UTC day, last crawl and index size."""
    now = now or datetime.now(timezone.utc)
    first_day = (now - timedelta(days=DAYS - 1)).date()
    periods = _live_counts(searcher, PERIOD, _day)
    per_day = {}
    for n in range(DAYS):
        day = (first_day + timedelta(days=n)).isoformat()
        per_day[day] = periods.get(day, 0)
    last_crawl = None
    try:
        last_crawl = json.loads(DataDir(data_dir).last_crawl.read_text())
    except (OSError, ValueError):
        pass
    return {
        "articles": searcher.doc_count(),
        "stories": _count_stories(searcher),
        "sources": _display_names(searcher, _live_counts(searcher, "source", _lowered("source"))),
        "languages": dict(_live_counts(searcher, "language", _lowered("language")).most_common()),
        "per_day": per_day,
        "last_crawl": last_crawl,
        "index_bytes": sum(p.stat().st_size for p in DataDir(data_dir).index.iterdir() if p.is_file()),
    }


def choices(searcher: Searcher) -> dict[str, list[str]]:
    """The sources (as written) and languages in the index, for filter menus: only the
    term lists, cheaper than :func:`collect` (a source whose articles were all replaced
    may linger until segments merge)."""
    reader = searcher.reader()
    indexed = reader.indexed_field_names()
    sources = [t.decode() for t in reader.lexicon("source")] if "source" in indexed else []
    languages = [t.decode() for t in reader.lexicon("language")] if "language" in indexed else []
    return {"sources": sorted(_display_names(searcher, Counter(sources)), key=str.lower), "languages": languages}
