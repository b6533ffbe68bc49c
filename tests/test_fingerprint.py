"""Exact-duplicate fingerprints: invisible differences vanish, visible ones do not."""

from __future__ import annotations

from newscrawler.dedupe.fingerprint import content_hash, normalize_text

BODY = "Defence Minister Rajnath Singh on Thursday held talks with his US counterpart.\n\nThey discussed ties."


def test_normalize_text_folds_case_punctuation_and_whitespace() -> None:
    assert normalize_text("  Hello,\tWORLD!!  It’s   “fine” — really…\n\nYes. ") == "hello world it s fine really yes"


def test_normalize_text_applies_nfkc_and_drops_format_characters() -> None:
    # Full-width letters, a ligature, a non-breaking space and a zero-width space.
    assert normalize_text("Ｐｒｅｓｓ\u00a0ﬁle re\u200bport") == "press file report"


def test_normalize_text_keeps_devanagari_vowel_signs() -> None:
    assert normalize_text("राजनाथ सिंह, (रक्षा मंत्री)") == "राजनाथ सिंह रक्षा मंत्री"


def test_content_hash_equal_across_whitespace_and_case() -> None:
    variant = "  defence minister RAJNATH singh on thursday held talks with his US counterpart. They discussed ties. "
    assert content_hash(BODY) == content_hash(variant)
    assert len(content_hash(BODY)) == 32


def test_content_hash_differs_when_a_word_differs() -> None:
    assert content_hash(BODY) != content_hash(BODY.replace("Thursday", "Friday"))
