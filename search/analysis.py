"""Text analysis for the index: whole words in every script, folded.

Whoosh's stock tokenizer uses ``\\w+``, which in Python does not match combining
marks, so Devanagari vowel signs split words apart (राजनाथ -> र, जन, थ). Our
tokenizer treats every combining mark as part of a word. Accents are folded only
on Latin letters (café -> cafe) because in Indic scripts the "accents" are the
vowels. No stop words are removed, so phrases match as typed. Titles and bodies
are analysed per language on top of this (:mod:`search.languages`).

Indexing runs every word through that chain, one Token object and several generator
steps each, which was a third of indexing time. Each filter maps one word to one
term (or drops it) whatever its neighbours, so :class:`WordsAnalyzer` caches the
term of every word it has seen and :class:`WordsText` uses that to index a
field without building tokens; queries still go through the ordinary chain.
"""

from __future__ import annotations

import functools
import pickle
import re
import unicodedata
from collections.abc import Iterator

from whoosh.analysis import CompositeAnalyzer, Filter, LowercaseFilter, RegexTokenizer, Token
from whoosh.fields import TEXT
from whoosh.formats import Positions

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


_TERM_CACHES: dict[bytes, dict[str, str]] = {}
"""Word -> term caches, one per distinct analysis chain (keyed by its pickle)."""


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

    The cache of terms is shared by every analyzer with the same chain (each
    writer and searcher unpickles its own copy of the schema, and a crawl opens
    one writer per batch), holds at most ``CACHE_SIZE`` words and is not pickled.
    """

    CACHE_SIZE = 100_000

    def __init__(self, *composables: object) -> None:
        super().__init__(*composables)
        self._use_shared_cache()

    def __getstate__(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "_terms"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._use_shared_cache()

    def _use_shared_cache(self) -> None:
        self._terms = _TERM_CACHES.setdefault(pickle.dumps(self.__getstate__()), {})

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


_POSITIONS = Positions()


@functools.lru_cache(maxsize=1 << 16)
def _single_position(position: int) -> bytes:
    return _POSITIONS.encode([position])


def encode_positions(positions: list[int]) -> bytes:
    """Whoosh's encoding of a posting's positions; most words occur once in an
    article, and those encodings are cached."""
    if len(positions) == 1:
        return _single_position(positions[0])
    return _POSITIONS.encode(positions)


class WordsText(TEXT):
    """A stored, phrase-searchable text field that indexes a string in one pass
    over :meth:`WordsAnalyzer.term_positions`; anything else takes Whoosh's path."""

    def __init__(self, analyzer: WordsAnalyzer) -> None:
        super().__init__(analyzer=analyzer, stored=True)

    def index(self, value, **kwargs):
        if kwargs or not isinstance(value, str):
            return super().index(value, **kwargs)
        boost = self.format.field_boost
        return [
            (term.encode(), len(positions), len(positions) * boost, encode_positions(positions))
            for term, positions in self.analyzer.term_positions(value).items()
        ]


def word_analyzer() -> WordsAnalyzer:
    """Words of any script, lowercased and folded, not stemmed: names, URLs."""
    return WordsAnalyzer(RegexTokenizer(word_pattern()), FoldFilter(), LowercaseFilter())
