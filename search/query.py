"""Turning what the user typed into a Whoosh query, and running it.

Free text searches title and body (title weighted higher); ``field:value``,
AND/OR/NOT, ``-term``, ``"phrases"``, ``word*`` and ``word~`` follow Whoosh's
syntax. Command-line filters become extra required clauses so Whoosh can skip
whole posting blocks instead of filtering every hit afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from whoosh import query as wq
from whoosh.qparser import (
    FieldAliasPlugin,
    FieldsPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    PlusMinusPlugin,
)
from whoosh.searching import Results, Searcher
from whoosh.sorting import FieldFacet

from search.periods import indexed_days, range_query
from search.schema import DEFAULT_FIELDS, FIELD_ALIASES, QUERY_FIELDS, TITLE_BOOST

SORTS = ("relevance", "date", "-date")


class QueryError(ValueError):
    """A query we cannot run; the message is shown to the user as is."""


@dataclass
class SearchRequest:
    text: str
    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    language: str | None = None
    author: str | None = None
    sort: str = "relevance"
    limit: int = 10
    offset: int = 0


def make_parser(searcher: Searcher) -> MultifieldParser:
    """The query parser over title and body, with our field names and operators."""
    parser = MultifieldParser(
        list(DEFAULT_FIELDS), searcher.schema, fieldboosts={"title": TITLE_BOOST, "body": 1.0}
    )
    # Field names start with a letter, so "10:30" stays text; unknown names are kept
    # (not silently turned into words) so we can report them.
    parser.replace_plugin(FieldsPlugin(expr=r"(?P<text>[A-Za-z_]\w*|[*]):", remove_unknown=False))
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(PlusMinusPlugin())
    parser.add_plugin(FuzzyTermPlugin())
    return parser


def _check_balanced(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError(f"unbalanced quote in query {text!r}")
    depth = 0
    for char in _outside_quotes(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth:
        raise QueryError(f"unbalanced parenthesis in query {text!r}")


def _outside_quotes(text: str) -> str:
    return "".join(part for i, part in enumerate(text.split('"')) if i % 2 == 0)


def _fieldnames(q: wq.Query) -> set[str]:
    names = set()
    for leaf in q.leaves() if not q.is_leaf() else [q]:
        name = getattr(leaf, "fieldname", None)
        if name:
            names.add(name)
    return names


def parse_query(searcher: Searcher, text: str) -> wq.Query:
    """Parse the user's query text, refusing malformed queries and unknown fields."""
    if not text.strip():
        raise QueryError("empty query; give words to search for")
    _check_balanced(text)
    q = make_parser(searcher).parse(text)
    unknown = _fieldnames(q) - QUERY_FIELDS
    if unknown:
        known = "title, body, author, source, lang, url"
        raise QueryError(f"unknown field {sorted(unknown)[0]!r} in query; fields are: {known}")
    if q is wq.NullQuery:
        raise QueryError(f"nothing to search for in {text!r}")
    return q


def filter_clauses(searcher: Searcher, request: SearchRequest) -> list[wq.Query]:
    """Required clauses for --source, --lang and --author (dates are handled by :mod:`periods`)."""
    clauses: list[wq.Query] = []
    if request.source:
        clauses.append(wq.Term("source", request.source.strip().lower()))
    if request.language:
        clauses.append(wq.Term("language", request.language.strip().lower()))
    if request.author:
        words = [t.text for t in searcher.schema["authors"].analyzer(request.author)]
        if not words:
            raise QueryError(f"no name in --author {request.author!r}")
        clauses.append(wq.Phrase("authors", words) if len(words) > 1 else wq.Term("authors", words[0]))
    return clauses


@dataclass
class Outcome:
    """The parsed query, the Whoosh results, and which of them to show (one per story)."""

    query: wq.Query
    results: Results | None
    picks: list[int]


def execute(searcher: Searcher, request: SearchRequest) -> Outcome:
    """Run the request: one hit per story, its best-ranked (or first by date) member."""
    if request.sort not in SORTS:
        raise QueryError(f"unknown sort {request.sort!r}; use one of: {', '.join(SORTS)}")
    _check_dates(request)
    q = parse_query(searcher, request.text)
    base = [q, *filter_clauses(searcher, request)]
    days = indexed_days(searcher)
    if days is None:  # nothing dated at all: a date filter cannot match
        if request.since or request.until:
            return Outcome(q, None, [])
        return Outcome(q, *_collapsed(searcher, base, set(), request, None))
    low, high = _clamped(request, days)
    if request.sort == "relevance":
        if request.since or request.until:
            date_q, mask = range_query(searcher, low, high)
            return Outcome(q, *_collapsed(searcher, [*base, date_q], mask, request, None))
        return Outcome(q, *_collapsed(searcher, base, set(), request, None))
    return Outcome(q, *_by_date(searcher, base, low, high, request))


def _check_dates(request: SearchRequest) -> None:
    if request.since and request.until and request.since > request.until:
        raise QueryError("--since is later than --until")


def _clamped(request: SearchRequest, days: tuple[date, date]) -> tuple[datetime, datetime]:
    """The request's date bounds, narrowed to the days the index holds."""
    low = max(request.since or datetime.min, datetime.combine(days[0], time.min))
    high = min(request.until or datetime.max, datetime.combine(days[1], time.max))
    return low, high


def every_match(searcher: Searcher, request: SearchRequest) -> tuple[wq.Query, set[int]]:
    """All articles the request matches, neither collapsed nor paged (for export and the
    coverage chart): a query and the docnums to mask out of it. No text means every article."""
    _check_dates(request)
    clauses = [parse_query(searcher, request.text)] if request.text.strip() else []
    clauses += filter_clauses(searcher, request)
    mask: set[int] = set()
    if request.since or request.until:
        days = indexed_days(searcher)
        if days is None:
            return wq.NullQuery, mask
        low, high = _clamped(request, days)
        if low > high:
            return wq.NullQuery, mask
        date_q, mask = range_query(searcher, low, high)
        clauses.append(date_q)
    if not clauses:
        return wq.Every(), mask
    return (wq.And(clauses) if len(clauses) > 1 else clauses[0]), mask


def matching_docs(searcher: Searcher, request: SearchRequest) -> Iterator[int]:
    """Document numbers of every matching article, in index order, one at a time
    (memory stays flat however many match)."""
    q, mask = every_match(searcher, request)
    if q is wq.NullQuery:
        return
    if isinstance(q, wq.Every):
        yield from searcher.reader().all_doc_ids()
        return
    for docnum in searcher.docs_for_query(q):
        if docnum not in mask:
            yield docnum


def _by_date(searcher: Searcher, base: list[wq.Query], low: datetime, high: datetime,
             request: SearchRequest) -> tuple[Results | None, list[int]]:
    """Date order without sorting every match: search a window at the newest (or oldest)
    end first and widen it fourfold until it holds enough stories."""
    newest_first = request.sort == "-date"
    facet = FieldFacet("date", reverse=newest_first)
    span = timedelta(days=1)
    while True:
        if newest_first:
            window = (max(low, high - span), high)
        else:
            window = (low, min(high, low + span))
        date_q, mask = range_query(searcher, *window)
        results, picks = _collapsed(searcher, [*base, date_q], mask, request, facet)
        if len(picks) >= request.limit or window == (low, high):
            return results, picks
        span *= 4


def _collapsed(searcher: Searcher, clauses: list[wq.Query], mask: set[int], request: SearchRequest,
               sortedby: FieldFacet | None) -> tuple[Results | None, list[int]]:
    """Fetch a few more hits than needed and keep the first of each story.

    Collapsing here rather than with Whoosh's ``collapse=`` keeps its top-N
    optimisations, which skip whole posting blocks that cannot make the top.
    """
    if any(c is wq.NullQuery for c in clauses):
        return None, []
    query = wq.And(clauses) if len(clauses) > 1 else clauses[0]
    wanted = request.offset + request.limit
    keys = searcher.reader().column_reader("storyhash", translate=False)
    fetch = wanted + wanted // 2 + 2
    while True:
        results = searcher.search(query, limit=fetch, mask=mask or None, sortedby=sortedby)
        seen: set = set()
        picks = []
        for position, (_, docnum) in enumerate(results.top_n):
            key = keys[docnum]
            if key not in seen:
                seen.add(key)
                picks.append(position)
        if len(picks) >= wanted or len(results.top_n) < fetch:
            return results, picks[request.offset : wanted]
        fetch *= 4


def suggest(searcher: Searcher, q: wq.Query, text: str) -> str | None:
    """A corrected query string from the index vocabulary, or None if nothing better."""
    corrected = searcher.correct_query(q, text)
    if corrected.query != q and corrected.string != text:
        return corrected.string
    return None
