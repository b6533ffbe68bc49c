"""Date ranges as a handful of calendar terms instead of Whoosh's numeric range.

Whoosh turns a ``DateRange`` into an OR over hundreds of trie terms and scores
its way through every document in it, which took ~0.5 s on 10k articles. So each
article is also indexed under its UTC year, month and day (``period`` field:
"2025", "2025-02", "2025-02-06"), and a range becomes the fewest such terms that
cover it. Only the first and last day can be partly inside the range; their
articles are checked against the exact time (a few hundred column reads at most)
and the ones outside are masked out, so a range from 08:00 on 1 June to the end
of June is still the single term "2025-06".
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
    """The first and last day any article is dated.

    The first is among the first few terms; the last is found by probing year,
    month and day terms downwards, because listing all terms of the field means
    merging the term lists of every segment.
    """
    reader = searcher.reader()
    if FIELD not in reader.indexed_field_names():
        return None
    first = next((t.decode() for t in reader.lexicon(FIELD) if len(t) == 10), None)
    if first is None:
        return None

    def newest(candidates: range, fmt: str) -> int:
        return next(n for n in candidates if (FIELD, fmt.format(n)) in reader)

    year = newest(range(datetime.now().year + 1, int(first[:4]) - 1, -1), "{}")
    month = newest(range(12, 0, -1), f"{year}-{{:02d}}")
    day = newest(range(31, 0, -1), f"{year}-{month:02d}-{{:02d}}")
    return date.fromisoformat(first), date(year, month, day)


@dataclass
class Cover:
    """Terms covering whole days from the first to the last day of a range, and the
    first/last day again when the range starts or ends inside it (to check exactly)."""

    terms: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)


def _whole_months(first: date, last: date) -> list[str]:
    """Fewest year, month and day terms for every day from first to last."""
    terms: list[str] = []
    day = first
    while day <= last:
        month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        if day.day == 1 and day.month == 1 and date(day.year, 12, 31) <= last:
            terms.append(f"{day:%Y}")
            day = date(day.year + 1, 1, 1)
        elif day.day == 1 and month_end <= last:
            terms.append(f"{day:%Y-%m}")
            day = month_end + timedelta(days=1)
        else:
            terms.append(f"{day:%Y-%m-%d}")
            day += timedelta(days=1)
    return terms


def cover(low: datetime, high: datetime) -> Cover:
    """The calendar terms covering [low, high] (naive UTC, inclusive)."""
    first, last = low.date(), high.date()
    edges = []
    if low.time() != time.min:
        edges.append(f"{first:%Y-%m-%d}")
    if high.time() != time.max:
        edges.append(f"{last:%Y-%m-%d}")
    return Cover(_whole_months(first, last), list(dict.fromkeys(edges)))


def range_query(searcher: Searcher, low: datetime, high: datetime) -> tuple[wq.Query, set[int]]:
    """A query matching the articles dated in [low, high], and docnums to mask out."""
    covering = cover(low, high)
    if not covering.terms:
        return wq.NullQuery, set()
    q = wq.Or([wq.Term(FIELD, t) for t in covering.terms])
    mask: set[int] = set()
    if covering.edges:
        dates = searcher.reader().column_reader("date", translate=False)
        lo, hi = datetime_to_long(low), datetime_to_long(high)
        edge_docs = searcher.docs_for_query(wq.Or([wq.Term(FIELD, t) for t in covering.edges]))
        mask = {n for n in edge_docs if not lo <= dates[n] <= hi}
    return q, mask
