"""Exact-duplicate fingerprints: the same text served twice hashes the same.

Two copies of one body differ in ways a reader never sees: whitespace, case,
typographic quotes and dashes, full-width or composed characters, invisible
format characters. ``normalize_text`` removes exactly those differences; the
near-duplicate index tokenises the same normalised text.
"""

from __future__ import annotations

import hashlib
import unicodedata

import regex

# Punctuation, symbols and control characters become spaces ("word,word" and
# "word, word" agree); invisible format characters (zero-width space, joiners,
# BOM) disappear. Letters, digits and combining marks stay, so Devanagari words
# keep their vowel signs.
SEPARATORS = regex.compile(r"[\p{P}\p{S}\p{Cc}]+")
FORMAT_CHARS = regex.compile(r"\p{Cf}+")


def normalize_text(text: str) -> str:
    """Text reduced to lower-case words separated by single spaces (Unicode NFKC)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = SEPARATORS.sub(" ", FORMAT_CHARS.sub("", text))
    return " ".join(text.split())


def content_hash(text: str) -> str:
    """Hex digest (128-bit BLAKE2b) of the normalised text."""
    return hashlib.blake2b(normalize_text(text).encode("utf-8"), digest_size=16).hexdigest()
