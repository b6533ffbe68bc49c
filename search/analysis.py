"""Text analysis for the index: whole words in every script, folded, English stems.

Whoosh's stock tokenizer uses ``\\w+``, which in Python does not match combining
marks, so Devanagari vowel signs split words apart (राजनाथ -> र, जन, थ). Our
tokenizer treats every combining mark as part of a word. Accents are folded only
on Latin letters (café -> cafe) because in Indic scripts the "accents" are the
vowels. Porter2 stems only plain ASCII words: stemming Hindi with an English
stemmer would mangle it. No stop words are removed, so phrases match as typed.

Indexing runs every word through that chain, one Token object and four generator
steps each, which was a third of indexing time. Each filter maps one word to one
term (or drops it) whatever its neighbours, so :class:`WordsAnalyzer` caches the
term of every word it has seen and :class:`IndexPositions` uses that to index a
field without building tokens; queries still go through the ordinary chain.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from whoosh.analysis import CompositeAnalyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter, Token
from whoosh.formats import Positions
from whoosh.lang.porter2 import stem

_JOINERS = "\u200c\u200d"  # zero-width (non-)joiner: inside Indic words, invisible to users
_LATIN_RANGES = ((0x0041, 0x024F), (0x1E00, 0x1EFF))


@functools.cache
def word_pattern() -> re.Pattern[str]:
    """A word is a run of ``\\w`` characters, combining marks and joiners.

    Scanning the Basic Multilingual Plane takes ~10 ms, paid only when a schema is
    created: the compiled pattern is pickled into the index with the schema.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x0300, 0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    marks = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges)
    return re.compile(f"[\\w{marks}{_JOINERS}]+")


def _is_latin(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _LATIN_RANGES)


def fold(word: str) -> str:
    """Normalise a word: NFKC, joiners removed, accents stripped from Latin letters."""
    if word.isascii():
        return word
    word = unicodedata.normalize("NFKC", word)
    for joiner in _JOINERS:
        word = word.replace(joiner, "")
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", word):
        if unicodedata.combining(char) and kept and _is_latin(kept[-1]):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def stem_english(word: str) -> str:
    """Porter2-stem plain ASCII words; leave every other script as it is."""
    if word.isascii() and word.isalpha():
        return stem(word)
    return word


class FoldFilter(Filter):
    """Apply :func:`fold` to every token (a module-level class so schemas pickle)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            if token.text:
                yield token


class WordsAnalyzer(CompositeAnalyzer):
    """A regex tokenizer and one-word-in, at-most-one-term-out filters, plus
    :meth:`term_positions`, which analyses each distinct word once.

    The cache belongs to the instance (one per field of an open index), holds at
    most ``CACHE_SIZE`` words and is not pickled into the index.
    """

    CACHE_SIZE = 100_000

    def __init__(self, *composables: object) -> None:
        super().__init__(*composables)
        self._terms: dict[str, str] = {}

    def __getstate__(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "_terms"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._terms = {}

    def term(self, word: str) -> str:
        """What one tokenizer match becomes in the index ("" if the filters drop it)."""
        term = self._terms.get(word)
        if term is None:
            term = next((t.text for t in self(word)), "")
            if len(self._terms) >= self.CACHE_SIZE:
                self._terms.clear()  # cheaper than LRU bookkeeping; refills with the common words
            self._terms[word] = term
        return term

    def term_positions(self, text: str) -> dict[str, list[int]]:
        """Every term of ``text`` with the positions it occurs at (as the tokenizer numbers them)."""
        terms = self._terms
        found: dict[str, list[int]] = {}
        for position, word in enumerate(self.items[0].expression.findall(text)):
            term = terms.get(word) or self.term(word)
            if term:
                if term in found:
                    found[term].append(position)
                else:
                    found[term] = [position]
        return found


class IndexPositions(Positions):
    """Whoosh's positions format, filled through :meth:`WordsAnalyzer.term_positions`
    when indexing a plain string; anything else takes Whoosh's own path."""

    def word_values(self, value, analyzer, **kwargs):
        fast = isinstance(analyzer, WordsAnalyzer) and isinstance(value, str) and kwargs.get("mode") == "index"
        if not fast:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, positions in analyzer.term_positions(value).items():
            yield term, len(positions), len(positions) * boost, self.encode(positions)


def word_analyzer() -> WordsAnalyzer:
    """Words of any script, lowercased and folded, not stemmed: names, URLs."""
    return WordsAnalyzer(RegexTokenizer(word_pattern()), FoldFilter(), LowercaseFilter())


def text_analyzer() -> WordsAnalyzer:
    """Article text: :func:`word_analyzer` plus English stemming."""
    return WordsAnalyzer(word_analyzer(), StemFilter(stemfn=stem_english, cachesize=None))
