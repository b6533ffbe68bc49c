"""Snippets: the densest part of the body, matched words marked, stemmed forms found."""

from __future__ import annotations

from search.analysis import word_pattern
from search.snippets import Highlighter


def marked(pieces):
    return [text for text, hit in pieces if hit]


def test_marks_every_form_of_a_stemmed_term():
    pieces = Highlighter({"run"}, word_pattern()).snippet("He runs. Running is fun; the runner ran.")
    assert marked(pieces) == ["runs", "Running"]
    assert "".join(text for text, _ in pieces) == "He runs. Running is fun; the runner ran."


def test_window_moves_to_the_matches_with_ellipses():
    text = " ".join(["filler"] * 100) + " the monsoon reached Kerala " + " ".join(["padding"] * 100)
    pieces = Highlighter({"monsoon", "kerala"}, word_pattern()).snippet(text, width=120)
    joined = "".join(t for t, _ in pieces)
    assert joined.startswith("…") and joined.endswith("…")
    assert marked(pieces) == ["monsoon", "Kerala"]
    assert len(joined) <= 122
    assert " filler" in joined and "fill…" not in joined  # cut at word boundaries


def test_devanagari_and_folded_words_match():
    pieces = Highlighter({"राजनाथ", "cafe"}, word_pattern()).snippet("राजनाथ सिंह at the Café")
    assert marked(pieces) == ["राजनाथ", "Café"]


def test_no_terms_gives_the_start_of_the_body():
    assert Highlighter(set(), word_pattern()).snippet("short body") == [("short body", False)]
