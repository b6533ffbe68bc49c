"""The analyzers: whole words in every script, folding, English-only stemming."""

from __future__ import annotations

import pickle

import pytest

from search.analysis import fold, stem_english, text_analyzer, word_analyzer


def words(analyzer, text):
    return [token.text for token in analyzer(text)]


def test_devanagari_words_stay_whole():
    assert words(text_analyzer(), "राजनाथ सिंह ने बात की।") == ["राजनाथ", "सिंह", "ने", "बात", "की"]


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


def test_english_stems_and_nothing_else_is_stemmed():
    assert words(text_analyzer(), "Running runs RUN") == ["run", "run", "run"]
    assert stem_english("generously") == "generous"  # porter2, where Porter gives "gener"
    assert stem_english("सिंहों") == "सिंहों"
    assert stem_english("covid19") == "covid19"


def test_no_stop_words_removed():
    assert words(text_analyzer(), "to be or not to be") == ["to", "be", "or", "not", "to", "be"]


def test_analyzers_survive_pickling_into_the_index():
    analyzer = pickle.loads(pickle.dumps(text_analyzer()))
    assert words(analyzer, "राजनाथ running") == ["राजनाथ", "run"]


def test_character_offsets_point_into_the_original_text():
    text = "Café राजनाथ"
    tokens = [(t.startchar, t.endchar) for t in text_analyzer()(text, chars=True)]
    assert [text[a:b] for a, b in tokens] == ["Café", "राजनाथ"]
