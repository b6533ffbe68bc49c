"""Coverage over time: how many matching articles each day, stacked by source.

Read from the index's ``date`` and ``source`` columns (no stored document is
loaded), so all 100,000 articles of an unfiltered chart cost one pass over two
columns.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from whoosh.searching import Searcher

from search.query import SearchRequest, matching_docs

TOP_SOURCES = 6
OTHERS = "other sources"
_MICROSECONDS_PER_DAY = 86_400 * 1_000_000


def _day(stamp: int) -> date:
    """The UTC day of a ``date`` column value (naive-UTC microseconds since year 1)."""
    return date.fromordinal(stamp // _MICROSECONDS_PER_DAY + 1)


def coverage(searcher: Searcher, request: SearchRequest, top: int = TOP_SOURCES) -> dict:
    """Matching articles per UTC day, for the ``top`` sources with most of them and the rest.

    ``days`` runs without gaps from the first to the last day with a match;
    ``series`` holds one list of counts per source, aligned with ``days``.
    """
    reader = searcher.reader()
    dates = reader.column_reader("date", translate=False)
    sources = reader.column_reader("source")
    per_day: Counter[tuple[date, str]] = Counter()
    per_source: Counter[str] = Counter()
    for docnum in matching_docs(searcher, request):
        stamp = dates[docnum]
        if stamp <= 0:  # no date at all
            continue
        source = sources[docnum] or ""
        per_day[_day(stamp), source] += 1
        per_source[source] += 1
    if not per_source:
        return {"articles": 0, "days": [], "series": []}
    leaders = [name for name, _ in per_source.most_common(top)]
    named = set(leaders)
    first = min(day for day, _ in per_day)
    span = (max(day for day, _ in per_day) - first).days + 1
    counts = {name: [0] * span for name in [*leaders, OTHERS]}
    for (day, source), n in per_day.items():
        counts[source if source in named else OTHERS][(day - first).days] += n
    series = [{"source": name, "counts": values} for name, values in counts.items()
              if name in named or any(values)]
    return {
        "articles": sum(per_source.values()),
        "days": [(first + timedelta(days=n)).isoformat() for n in range(span)],
        "series": series,
    }
