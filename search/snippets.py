"""Snippets: the part of an article's body with most query words, matches marked.

Whoosh's highlighter re-analyses the whole body, stemming every word; with
porter2 in pure Python that cost ~25 ms per article in a fresh process. Porter2
only rewrites word endings, so a word can only stem to a query term if it starts
with that term's first letters: we stem just those candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from search.analysis import fold, stem_english

Segment = tuple[str, bool]
"""A piece of snippet text and whether it is a matched word."""

WIDTH = 220
_PREFIX = 3


class Highlighter:
    """Marks words of a text whose analysed form is one of ``terms``."""

    def __init__(self, terms: Iterable[str], word_pattern: re.Pattern[str]) -> None:
        self.terms = frozenset(terms)
        self.prefixes = tuple({term[:_PREFIX] for term in self.terms})
        self.word_pattern = word_pattern

    def _matches(self, word: str) -> bool:
        word = fold(word).lower()
        if not word.startswith(self.prefixes):
            return False
        return word in self.terms or stem_english(word) in self.terms

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of matching words, in order."""
        return [m.span() for m in self.word_pattern.finditer(text) if self._matches(m.group())]

    def snippet(self, text: str, width: int = WIDTH) -> list[Segment]:
        """About ``width`` characters around the densest run of matches (or the start)."""
        spans = self.spans(text)
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
