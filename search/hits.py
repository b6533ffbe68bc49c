"""What a search hit shows: the article's fields, a highlighted snippet and its story mates."""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.searching import Hit, Results, Searcher

from search.documents import story_key
from search.query import SearchRequest, execute, suggest
from search.snippets import Highlighter, Segment


@dataclass
class HitView:
    """A hit as the output layer sees it."""

    record: dict
    score: float | None
    snippet: list[Segment]
    also: list[str] = field(default_factory=list)
    also_sources: int = 0

    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.snippet)


def story_mates(searcher: Searcher, docnum: int) -> list[dict]:
    """Stored fields of the other articles of the same story as ``docnum``."""
    mates = searcher.docs_for_query(wq.Term("storykey", story_key(searcher.stored_fields(docnum))))
    return [searcher.stored_fields(n) for n in sorted(mates) if n != docnum]


def query_words(searcher: Searcher, q: wq.Query) -> set[str]:
    """The analysed words a query matches in title or body (prefixes and fuzzy words expanded)."""
    terms = q.existing_terms(searcher.reader(), phrases=True, expand=True)
    return {text.decode() if isinstance(text, bytes) else text for field, text in terms if field in ("title", "body")}


def highlighter(searcher: Searcher, q: wq.Query) -> Highlighter:
    """A highlighter for ``q`` splitting words as the index did (its pickled tokenizer)."""
    tokenizer = searcher.schema["body"].analyzer.items[0]
    return Highlighter(query_words(searcher, q), tokenizer.expression)


def view(searcher: Searcher, hit: Hit, scored: bool, marker: Highlighter | None = None) -> HitView:
    """One hit for output: stored fields, score, snippet and the other copies of its story."""
    stored = hit.fields()
    mates = story_mates(searcher, hit.docnum)
    own = stored.get("source")
    return HitView(
        record=stored,
        score=round(hit.score, 4) if scored and hit.score is not None else None,
        snippet=marker.snippet(stored.get("body") or "") if marker else [],
        also=[m.get("url") or m["id"] for m in mates],
        also_sources=len({m.get("source") for m in mates} - {own}),
    )


def page(searcher: Searcher, q: wq.Query, results: Results | None, picks: list[int], scored: bool) -> list[HitView]:
    """The picked hits (positions in ``results``) with snippets and story mates."""
    if results is None:
        return []
    marker = highlighter(searcher, q)
    return [view(searcher, results[n], scored, marker) for n in picks]


@dataclass
class Found:
    """One page of a search: its hits, and a corrected query when nothing matched at all."""

    hits: list[HitView]
    suggestion: str | None = None


def find(searcher: Searcher, request: SearchRequest) -> Found:
    """Run a search and prepare its page of hits, as the CLI and the web page show them."""
    outcome = execute(searcher, request)
    hits = page(searcher, outcome.query, outcome.results, outcome.picks, scored=request.sort == "relevance")
    hint = None if hits or request.offset else suggest(searcher, outcome.query, request.text)
    return Found(hits, hint)
