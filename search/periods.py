"""Date ranges as a handful of calendar terms instead of Whoosh's numeric range.

Whoosh turns a ``DateRange`` into an OR over hundreds of trie terms and scores
its way through every document in it, which took ~0.5 s on 10k articles. So each
article is also indexed under its UTC year, month and day (``period`` field:
"2025", "2025-02", "2025-02-06"), and a range becomes the fewest such terms that
cover it. Only the first and last day can be partly inside the range; their
articles are checked against the exact time (a few hundred column reads at most)
and the ones outside are masked out.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.util.times import datetime_to_long

FIELD = "period"


def period_terms(moment: datetime) -> str:
    """The year, month and day terms of a naive-UTC moment, space separated."""
    return f"{moment:%Y} {moment:%Y-%m} {moment:%Y-%m-%d}"


def indexed_days(searcher: Searcher) -> tuple[date, date] | None:
    """The first and last day that any article is dated, from the term list."""
    days = [t.decode() for t in searcher.reader().lexicon(FIELD) if len(t) == 10]
    if not days:
        return None
    return date.fromisoformat(days[0]), date.fromisoformat(days[-1])


@dataclass
class Cover:
    """Terms whose articles are all in range, and edge-day terms needing an exact check."""

    full: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)

    def terms(self) -> list[str]:
        return self.full + self.edges


def _whole_months(first: date, last: date) -> tuple[list[str], list[date]]:
    """Month and year terms for whole months between first and last, and the leftover days."""
    terms: list[str] = []
    days: list[date] = []
    day = first
    while day <= last:
        month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        if day.day == 1 and month_end <= last:
            if day.month == 1 and date(day.year, 12, 31) <= last:
                terms.append(f"{day:%Y}")
                day = date(day.year + 1, 1, 1)
                continue
            terms.append(f"{day:%Y-%m}")
            day = month_end + timedelta(days=1)
            continue
        days.append(day)
        day += timedelta(days=1)
    return terms, days


def cover(low: datetime, high: datetime) -> Cover:
    """The calendar terms covering [low, high] (naive UTC, inclusive)."""
    result = Cover()
    first, last = low.date(), high.date()
    if low.time() != time.min:
        result.edges.append(f"{first:%Y-%m-%d}")
        first += timedelta(days=1)
    if high.time() != time.max and last >= first:
        result.edges.append(f"{last:%Y-%m-%d}")
        last -= timedelta(days=1)
    if first <= last:
        months, days = _whole_months(first, last)
        result.full.extend(months)
        result.full.extend(f"{d:%Y-%m-%d}" for d in days)
    result.edges = list(dict.fromkeys(result.edges))
    return result


def range_query(searcher: Searcher, low: datetime, high: datetime) -> tuple[wq.Query, set[int]]:
    """A query matching the articles dated in [low, high], and docnums to mask out."""
    covering = cover(low, high)
    if not covering.terms():
        return wq.NullQuery, set()
    q = wq.Or([wq.Term(FIELD, t) for t in covering.terms()])
    mask: set[int] = set()
    if covering.edges:
        dates = searcher.reader().column_reader("date", translate=False)
        lo, hi = datetime_to_long(low), datetime_to_long(high)
        edge_docs = searcher.docs_for_query(wq.Or([wq.Term(FIELD, t) for t in covering.edges]))
        mask = {n for n in edge_docs if not lo <= dates[n] <= hi}
    return q, mask
