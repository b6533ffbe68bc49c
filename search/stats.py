"""Counts describing the index, read from sortable columns rather than stored documents."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from whoosh.searching import Searcher

from search.datadir import index_dir

LAST_CRAWL_FILE = "last-crawl.json"
DAYS = 30


def _live_values(searcher: Searcher, fieldname: str) -> list:
    reader = searcher.reader()
    if reader.doc_count_all() == 0:
        return []  # an empty index has no columns at all
    column = reader.column_reader(fieldname)
    if reader.has_deletions():
        return [column[n] for n in reader.all_doc_ids()]
    return list(column)


def collect(searcher: Searcher, data_dir: Path, now: datetime | None = None) -> dict:
    """Articles, stories, per source / language / day, last crawl and index size."""
    now = now or datetime.now(timezone.utc)
    first_day = (now - timedelta(days=DAYS - 1)).date()
    days = Counter(
        moment.date().isoformat()
        for moment in _live_values(searcher, "date")
        if moment is not None and moment.date() >= first_day and moment <= now.replace(tzinfo=None)
    )
    per_day = {
        (first_day + timedelta(days=n)).isoformat(): days.get((first_day + timedelta(days=n)).isoformat(), 0)
        for n in range(DAYS)
    }
    last_crawl = None
    try:
        last_crawl = json.loads((data_dir / LAST_CRAWL_FILE).read_text())
    except (OSError, ValueError):
        pass
    return {
        "articles": searcher.doc_count(),
        "stories": len(set(_live_values(searcher, "storykey"))),
        "sources": dict(Counter(v for v in _live_values(searcher, "source") if v).most_common()),
        "languages": dict(Counter(v for v in _live_values(searcher, "language") if v).most_common()),
        "per_day": per_day,
        "last_crawl": last_crawl,
        "index_bytes": sum(p.stat().st_size for p in index_dir(data_dir).iterdir() if p.is_file()),
    }
