"""One article in full, as `show --json`, the web API and `export` all give it."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.searching import Searcher

from search.documents import to_record
from search.hits import story_mates
from search.query import SearchRequest, matching_docs


def full_record(searcher: Searcher, docnum: int, *, alone: bool = False) -> dict:
    """The archive record of ``docnum`` with ``also``: the URLs of its story's other copies
    (``alone``: the caller knows there are none)."""
    record = to_record(searcher.stored_fields(docnum))
    record["also"] = [] if alone else [mate.get("url") or mate["id"] for mate in story_mates(searcher, docnum)]
    return record


def _shared_stories(searcher: Searcher) -> set[int]:
    """Story hashes held by more than one document: only their articles can have
    copies elsewhere. One pass over a column instead of a story lookup per article
    (which made export ~8x slower); a few MB at 100,000 articles."""
    seen: set[int] = set()
    shared: set[int] = set()
    for key in searcher.reader().column_reader("storyhash", translate=False):
        (shared if key in seen else seen).add(key)
    return shared


def matching_records(searcher: Searcher, request: SearchRequest) -> Iterator[dict]:
    """Every article the request matches (all of them without query text), one at a time."""
    shared = _shared_stories(searcher)
    keys = searcher.reader().column_reader("storyhash", translate=False)
    for docnum in matching_docs(searcher, request):
        yield full_record(searcher, docnum, alone=keys[docnum] not in shared)
