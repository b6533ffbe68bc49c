"""The analyzers: whole words in every script, folding, English stems by default."""

from __future__ import annotations

import pickle

import pytest

from search.analysis import fold, word_analyzer
from search.fields import term_positions
from search.languages import default_term


def words(analyzer, text):
    return [token.text for token in analyzer(text)]


def terms(text, language=None):
    """The terms of ``text`` in position order (the default analysis unless ``language``)."""
    found = term_positions(text, language)
    return [term for _, term in sorted((p, t) for t, positions in found.items() for p in positions)]


def test_devanagari_words_stay_whole():
    assert terms("राजनाथ सिंह ने बात की।", "hi") == ["राजनाथ", "सिंह", "ने", "बात", "की"]


@pytest.mark.parametrize(
    "text",
    ["தமிழ் செய்திகள்", "বাংলা সংবাদ", "ગુજરાતી સમાચાર", "മലയാളം വാർത്ത", "اخبار عربية"],
)
def test_words_with_combining_marks_in_other_scripts_stay_whole(text):
    assert len(words(word_analyzer(), text)) == 2


def test_zero_width_joiners_do_not_split_or_stay():
    assert words(word_analyzer(), "क\u200dष") == ["कष"]


def test_latin_accents_are_folded_but_indic_vowel_signs_are_not():
    assert fold("Café") == "Cafe"
    assert fold("Łódź") == "Łodz"
    assert fold("सिंह") == "सिंह"
    assert fold("ﬁle") == "file"  # compatibility ligature


def test_english_stems_by_default_and_other_scripts_are_not_stemmed():
    assert terms("Running runs RUN") == ["run", "run", "run"]
    assert terms("Running runs RUN", "en") == ["run", "run", "run"]
    assert default_term("generously") == "generous"  # porter2, where Porter gives "gener"
    assert default_term("सिंहों") == "सिंहों"
    assert default_term("covid19") == "covid19"


def test_no_stop_words_removed():
    assert terms("to be or not to be") == ["to", "be", "or", "not", "to", "be"]


def test_analyzers_survive_pickling_into_the_index():
    analyzer = pickle.loads(pickle.dumps(word_analyzer()))
    assert words(analyzer, "राजनाथ Café") == ["राजनाथ", "cafe"]


def test_character_offsets_point_into_the_original_text():
    text = "Café राजनाथ"
    tokens = [(t.startchar, t.endchar) for t in word_analyzer()(text, chars=True)]
    assert [text[a:b] for a, b in tokens] == ["Café", "राजनाथ"]
