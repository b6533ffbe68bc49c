"""Text analysis for the index: whole words in every script, folded, English stems.

Whoosh's stock tokenizer uses ``\\w+``, which in Python does not match combining
marks, so Devanagari vowel signs split words apart (राजनाथ -> र, जन, थ). Our
tokenizer treats every combining mark as part of a word. Accents are folded only
on Latin letters (café -> cafe) because in Indic scripts the "accents" are the
vowels. Porter2 stems only plain ASCII words: stemming Hindi with an English
stemmer would mangle it. No stop words are removed, so phrases match as typed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, Token
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


@functools.lru_cache(maxsize=200_000)
def stem_english(word: str) -> str:
    """Porter2-stem plain ASCII words; leave every other script as it is.

    Cached here with the C ``lru_cache``: Whoosh's own stem cache is pure Python
    and cost a fifth of indexing time.
    """
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


def word_analyzer():
    """Words of any script, lowercased and folded, not stemmed: names, URLs."""
    return RegexTokenizer(word_pattern()) | FoldFilter() | LowercaseFilter()


def text_analyzer():
    """Article text: :func:`word_analyzer` plus English stemming."""
    return word_analyzer() | StemFilter(stemfn=stem_english, cachesize=None)
