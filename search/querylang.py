"""Analysing the words of a parsed query in the languages it may be in.

The parser leaves title and body words as typed. Each becomes the terms its
analysis gives in every candidate language (those given with ``--lang``, else
those present in the index, plus the default analysis), keeping only distinct
ones: a term or, where a word becomes several terms (CJK bigrams) or the user
quoted a phrase, a phrase of consecutive terms. In stemmed languages the word
as typed is also a boosted clause, so exact forms rank first. A word is
analysed by a language only if it is written in that language's script (the
others give it the default analysis), so an English query in an index of
English articles is one term per word, as it always was.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import query as wq
from whoosh.classify import Bo1Model, Expander
from whoosh.searching import Searcher

from search.analysis import fold
from search.fields import term_positions
from search.languages import CJK_RUN, EXACT_PREFIX, default_term, for_language

ANALYSED_FIELDS = frozenset({"title", "body"})
EXACT_BOOST = 1.0
"""Weight of the as-typed form's clause, on top of the stem's (its rarer term scores higher already)."""
OTHER_LANGUAGE = 0.25
"""Weight of a language's stems for a word that language's articles never print as typed,
when other languages' articles do."""


def index_languages(searcher: Searcher) -> set[str]:
    """The language codes of the articles in the index."""
    return {code.decode() for code in searcher.reader().lexicon("language")}


class QueryAnalysis:
    """Rewrites the title and body leaves of a parsed query for ``languages``;
    with a ``searcher``, a word's languages are weighted by whether they print it."""

    def __init__(self, languages: Iterable[str | None], searcher: Searcher | None = None) -> None:
        self.analyses = list(dict.fromkeys([for_language(None), *map(for_language, languages)]))
        self.searcher = searcher

    def rewrite(self, q: wq.Query) -> wq.Query:
        return self._rewrite(q).normalize()

    def _rewrite(self, q: wq.Query) -> wq.Query:
        if not q.is_leaf():
            return q.apply(self._rewrite)
        if getattr(q, "fieldname", None) not in ANALYSED_FIELDS:
            return q
        if type(q) is wq.Term:
            return self.words(q.fieldname, [q.text], q.boost, slop=1)
        if type(q) is wq.Phrase:
            return self.words(q.fieldname, q.words, q.boost, slop=q.slop)
        if type(q) is wq.FuzzyTerm:
            fuzzy = [q.copy() for _ in self.analyses]
            for leaf, analysis in zip(fuzzy, self.analyses):
                leaf.text = analysis.term(q.text)
            unique = list({leaf.text: leaf for leaf in fuzzy}.values())
            return unique[0] if len(unique) == 1 else wq.Or(unique)
        if isinstance(q, (wq.Prefix, wq.Wildcard, wq.Regex)):
            q = q.copy()
            q.text = fold(q.text).lower()
        return q

    def folded(self, q: wq.Query) -> wq.Query:
        """``q`` with title and body words in the default analysis, each keeping its place in the text."""
        if not q.is_leaf():
            return q.apply(self.folded)
        if type(q) is wq.Term and q.fieldname in ANALYSED_FIELDS:
            q = q.copy()
            q.text = default_term(q.text)
        return q

    def words(self, fieldname: str, words: list[str], boost: float, slop: int) -> wq.Query:
        """Words that must match at consecutive positions, in any candidate language."""
        weights = self._weights(words)
        sequences: dict[tuple[str, ...], float] = {}
        for analysis in self.analyses:
            terms = tuple(term for word in words for term in analysis.query_terms(word))
            if terms:
                sequences[terms] = max(sequences.get(terms, 0.0), weights.get(analysis, 1.0))
        clauses: list[wq.Query] = [_sequence(fieldname, terms, boost * weight, slop)
                                   for terms, weight in sequences.items()]
        if len(words) == 1:
            seconds = {analysis.second_term(words[0]): weights.get(analysis, 1.0) for analysis in self.analyses}
            clauses += [wq.Term(fieldname, term, boost=boost * weight)
                        for term, weight in seconds.items() if term is not None]
        clauses += [wq.Term(fieldname, term, boost=boost * EXACT_BOOST)
                    for term in sorted(weights.get(None, ()))]
        if not clauses:
            return wq.NullQuery
        return clauses[0] if len(clauses) == 1 else wq.Or(clauses)

    def _weights(self, words: list[str]) -> dict:
        """For one word: the weight of each language's clause and, under ``None``,
        the exact-form terms the index holds. Languages whose articles print the
        word as typed keep their weight; where some do, the others' stems (a German
        word stemmed as Spanish) count for ``OTHER_LANGUAGE``."""
        if self.searcher is None or len(words) != 1 or CJK_RUN.search(words[0]):
            return {}
        exact = {analysis: analysis.exact_term(words[0]) for analysis in self.analyses}
        printed = {analysis: term for analysis, term in exact.items() if term and self._holds(term)}
        if not printed:
            return {}
        weights: dict = {analysis: 1.0 if analysis in printed or analysis.code is None else OTHER_LANGUAGE
                         for analysis in self.analyses}
        weights[None] = set(printed.values())
        return weights

    def _holds(self, term: str) -> bool:
        return any(self.searcher.doc_frequency(name, term) for name in ANALYSED_FIELDS)


def _sequence(fieldname: str, terms: tuple[str, ...], boost: float, slop: int) -> wq.Query:
    if len(terms) == 1:
        return wq.Term(fieldname, terms[0], boost=boost)
    return wq.Phrase(fieldname, list(terms), slop=slop, boost=boost)


def cjk_needles(q: wq.Query) -> set[str]:
    """The CJK strings a query's title and body leaves look for (bigram runs put
    back together), so snippets can mark those characters, not a whole run."""
    needles: set[str] = set()
    for leaf in q.leaves() if not q.is_leaf() else [q]:
        if getattr(leaf, "fieldname", None) not in ANALYSED_FIELDS:
            continue
        terms = leaf.words if isinstance(leaf, wq.Phrase) else [getattr(leaf, "text", "")]
        run = ""
        for term in [*terms, ""]:
            if isinstance(term, str) and term and CJK_RUN.fullmatch(term):
                if run and len(term) == 2 and term[0] == run[-1]:
                    run += term[1]  # the next overlapping bigram
                    continue
                if run:
                    needles.add(run)
                run = term
            elif run:
                needles.add(run)
                run = ""
    return needles


def similar_query(searcher: Searcher, docnum: int, numterms: int = 5) -> wq.Query:
    """Whoosh's more-like-this query for an article, from its body's terms in its
    own language (Whoosh's would re-analyse the body with the field's analyzer)."""
    stored = searcher.stored_fields(docnum)
    counts = term_positions(stored.get("body") or "", stored.get("language"))
    expander = Expander(searcher.reader(), "body", Bo1Model)
    expander.add((term, len(positions)) for term, positions in counts.items() if not term.startswith(EXACT_PREFIX))
    return wq.Or([wq.Term("body", term, boost=weight) for term, weight in expander.expanded_terms(numterms)])
