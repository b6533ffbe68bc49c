"""Snippets: the part of an article's body with most query words, matches marked.

Whoosh's highlighter re-analyses the whole body, stemming every word; with
porter2 in pure Python that cost ~25 ms per article in a fresh process. Snowball
stemmers of Latin and Cyrillic languages only rewrite word endings, so there a
word can only stem to a query term if it starts with that term's first letters:
we analyse just those candidates. In CJK runs, where terms are bigrams, the
characters of the query's words are marked, not the whole run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from search.analysis import fold
from search.languages import (
    CJK_RUN, EXACT_PREFIX, SECOND_SEPARATOR, STEM_SEPARATOR, LanguageAnalysis, for_language,
)

Segment = tuple[str, bool]
"""A piece of snippet text and whether it is a matched word."""

WIDTH = 220
_PREFIX = 3


class Highlighter:
    """Marks words of a text whose analysed form (in the text's language) is one of
    ``terms``, and occurrences of ``needles`` (CJK strings) inside CJK runs."""

    def __init__(self, terms: Iterable[str], word_pattern: re.Pattern[str], needles: Iterable[str] = ()) -> None:
        self.terms = frozenset(terms)
        self.prefixes = tuple({fold(_word_of(term)).lower()[:_PREFIX] for term in self.terms})
        self.needles = tuple(needles)
        self.word_pattern = word_pattern

    def _matches(self, word: str, analysis: LanguageAnalysis) -> bool:
        if analysis.script in (None, "latin", "cyrillic") and not fold(word).lower().startswith(self.prefixes):
            return False
        if word.isascii() or not CJK_RUN.search(word):
            return any(term in self.terms for term in analysis.word_terms(word))  # no dictionary lookup
        return any(term in self.terms for _, term in analysis.entry(word)[0])

    def spans(self, text: str, language: str | None = None) -> list[tuple[int, int]]:
        """Character spans of matching words (or CJK needles), in order."""
        analysis = for_language(language)
        found = []
        for match in self.word_pattern.finditer(text):
            word = match.group()
            if self.needles and not word.isascii() and CJK_RUN.search(word):
                found += _needle_spans(word, match.start(), self.needles)
            elif self._matches(word, analysis):
                found.append(match.span())
        return found

    def snippet(self, text: str, language: str | None = None, width: int = WIDTH) -> list[Segment]:
        """About ``width`` characters around the densest run of matches (or the start)."""
        spans = self.spans(text, language)
        start = _best_start(spans, width) if spans else 0
        start = _word_start(text, start)
        end = min(len(text), start + width)
        if end < len(text):
            end = text.rfind(" ", start, end) if " " in text[start:end] else end
        pieces: list[Segment] = [("…", False)] if start > 0 else []
        cursor = start
        for a, b in spans:
            if a < start or b > end:
                continue
            pieces.append((text[cursor:a], False))
            pieces.append((text[a:b], True))
            cursor = b
        pieces.append((text[cursor:end], False))
        if end < len(text):
            pieces.append(("…", False))
        return [piece for piece in pieces if piece[0]]


def _word_of(term: str) -> str:
    """The letters a term starts with, without its exact-form mark or language."""
    return term.removeprefix(EXACT_PREFIX).rpartition(STEM_SEPARATOR)[2].rpartition(SECOND_SEPARATOR)[2]


def _needle_spans(word: str, start: int, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where ``needles`` occur in ``word`` (which starts at ``start``), overlaps merged."""
    marked = sorted((i, i + len(needle)) for needle in needles for i in _occurrences(word, needle))
    merged: list[tuple[int, int]] = []
    for a, b in marked:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return [(start + a, start + b) for a, b in merged]


def _occurrences(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _best_start(spans: list[tuple[int, int]], width: int) -> int:
    """Start of the window of ``width`` chars holding most matches, a little before the first."""
    best, best_count, j = spans[0][0], 0, 0
    for i, (a, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= a + width:
            j += 1
        if j - i > best_count:
            best, best_count = a, j - i
    return max(0, best - width // 4)


def _word_start(text: str, position: int) -> int:
    """Move back to the start of the word ``position`` falls in."""
    if position == 0:
        return 0
    space = text.rfind(" ", 0, position)
    return space + 1 if space >= 0 else 0
