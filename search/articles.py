"""One article in full, as `show --json`, the web API and `export` all give it."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.searching import Searcher

from search.documents import to_record
from search.hits import story_mates
from search.query import SearchRequest, matching_docs


def full_record(searcher: Searcher, docnum: int) -> dict:
    """The archive record of ``docnum`` with ``also``: the URLs of its story's other copies."""
    record = to_record(searcher.stored_fields(docnum))
    record["also"] = [mate.get("url") or mate["id"] for mate in story_mates(searcher, docnum)]
    return record


def matching_records(searcher: Searcher, request: SearchRequest) -> Iterator[dict]:
    """Every article the request matches (all of them without query text), one at a time."""
    for docnum in matching_docs(searcher, request):
        yield full_record(searcher, docnum)
