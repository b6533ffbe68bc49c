"""Coverage over time: how many matching articles each day, stacked by source.

Read from the index's ``date`` and ``source`` columns (no stored document is
loaded). Reading both whole columns took ~0.5 s at 100,000 articles, so they are
kept with the index version's reader (``search.readercache``) and a chart then
costs a pass over its matches.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from whoosh.searching import Searcher

from search.query import SearchRequest, matching_docs
from search.readercache import reader_cache

TOP_SOURCES = 6
OTHERS = "other sources"
DAY_SPAN = 183
WEEK_SPAN = 3 * 366
_MICROSECONDS_PER_DAY = 86_400 * 1_000_000
"""``date`` column values are naive-UTC microseconds since 1 January of year 1."""


def bucket_size(first: date, last: date) -> str:
    """Days for up to half a year, then weeks, then months: a few old articles
    (a sitemap reaching back years) must not squeeze a crawl's weeks into one pixel."""
    span = (last - first).days
    return "day" if span <= DAY_SPAN else "week" if span <= WEEK_SPAN else "month"


def _start(day: date, interval: str) -> date:
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def _following(start: date, interval: str) -> date:
    if interval == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7 if interval == "week" else 1)


def _day_and_source_columns(searcher: Searcher) -> tuple[list[int], list[bytes]]:
    """Every document's ``date`` (raw) and ``source``, by docnum, kept for the reader: a whole
    column in one read each, as a column lookup per document cost ~30 µs."""
    cache = reader_cache(searcher)
    found = cache.get(("date", "source"))
    if found is None:
        reader = searcher.reader()
        found = cache["date", "source"] = (list(reader.column_reader("date", translate=False)),
                                           list(reader.column_reader("source", translate=False)))
    return found


def coverage(searcher: Searcher, request: SearchRequest, top: int = TOP_SOURCES) -> dict:
    """Matching articles per UTC day (week, month for long spans), for the ``top`` sources
    with most of them and the rest.

    ``periods`` (each the first day of its day, week or month, as ``interval`` says)
    run without gaps from the first to the last match; ``series`` holds one list of
    counts per source, aligned with ``periods``.
    """
    dates, sources = _day_and_source_columns(searcher)
    pairs: Counter[tuple[int, bytes]] = Counter()
    for docnum in matching_docs(searcher, request):
        pairs[dates[docnum] // _MICROSECONDS_PER_DAY, sources[docnum]] += 1
    per_day: Counter[tuple[date, str]] = Counter()
    per_source: Counter[str] = Counter()
    for (day_number, raw), n in pairs.items():
        if day_number <= 0:  # no date at all
            continue
        source = raw.decode("utf-8") if raw else ""
        per_day[date.fromordinal(day_number + 1), source] += n
        per_source[source] += n
    if not per_source:
        return {"articles": 0, "interval": "day", "periods": [], "series": []}
    first = min(day for day, _ in per_day)
    last = max(day for day, _ in per_day)
    interval = bucket_size(first, last)
    periods = [_start(first, interval)]
    while _following(periods[-1], interval) <= last:
        periods.append(_following(periods[-1], interval))
    position = {start: n for n, start in enumerate(periods)}
    leaders = [name for name, _ in per_source.most_common(top)]
    counts = {name: [0] * len(periods) for name in [*leaders, OTHERS]}
    for (day, source), n in per_day.items():
        counts[source if source in counts else OTHERS][position[_start(day, interval)]] += n
    return {
        "articles": sum(per_source.values()),
        "interval": interval,
        "periods": [start.isoformat() for start in periods],
        "series": [{"source": name, "counts": values} for name, values in counts.items()
                   if name != OTHERS or any(values)],
    }
