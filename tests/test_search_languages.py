"""Search in every language: CJK words inside compounds, inflected forms, accents,
phrases and snippets, on real sentences (tests/multilingual.py) through a real index."""

from __future__ import annotations

import subprocess
import sys

import pytest

from search.hits import page
from search.index import open_searcher
from search.query import SearchRequest, execute
from tests.helpers import REPO_ROOT
from tests.multilingual import records, url
from tests.searchhelpers import build


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return build(tmp_path_factory.mktemp("multilingual"), records())


def found(data, text: str, lang: str | None = None) -> list[str]:
    """URLs of the hits for ``text``, best first."""
    with open_searcher(data) as searcher:
        outcome = execute(searcher, SearchRequest(text=text, language=lang, limit=20))
        return [outcome.results[n]["url"] for n in outcome.picks]


def marked(data, text: str) -> list[str]:
    """The words the first hit's snippet marks."""
    with open_searcher(data) as searcher:
        outcome = execute(searcher, SearchRequest(text=text, limit=1))
        (hit,) = page(searcher, outcome.query, outcome.results, outcome.picks, scored=True)
        return [piece for piece, matched in hit.snippet if matched]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("選挙", ["ja-districts"]),  # inside the compound 衆院選挙区
        ("区割り", ["ja-districts"]),  # kanji and hiragana
        ("金融", ["ja-boj"]),
        ("经济", ["zh-growth"]),  # inside 经济增长
        ("汽车", ["zh-autoshow"]),
        ("新能源", ["zh-autoshow"]),
        ("대통령", ["ko-budget"]),  # 대통령은, 대통령이, 대통령의: particles attached
        ("예산안", ["ko-budget"]),
        ("아파트", ["ko-housing"]),
    ],
)
def test_cjk_words_inside_runs_and_with_particles(data, query, expected):
    assert found(data, query) == [url(name) for name in expected]


def test_single_cjk_character_is_found_inside_a_run(data):
    assert url("ja-boj") in found(data, "銀")  # 日銀, 日本銀行


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Wahlen", {"de-bavaria", "de-thuringia"}),  # Wahl in one, Wahlen in the other
        ("Überraschungen", {"de-bavaria"}),
        ("Thuringen", {"de-thuringia"}),  # typed without the umlaut
        ("élection", {"fr-municipal", "en-vote"}),  # a Latin word is searched in every Latin language
        ("election", {"fr-municipal", "en-vote"}),  # and English "elections"
        ("candidat", {"fr-municipal"}),
        ("inaugurer", {"fr-metro"}),
        ("presupuesto", {"es-budget"}),
        ("aprobar", {"es-budget"}),  # aprobó
        ("tormentas", {"es-floods"}),
        ("выборов", {"ru-mayor"}),  # выборы, выборах
        ("Москва", {"ru-mayor"}),  # в Москве
        ("цена", {"ru-fuel"}),  # Цены, цен
        ("seçimlerde", {"tr-istanbul"}),  # seçimler, seçimlerin
        ("ISTANBUL", {"tr-istanbul"}),  # dotless capital I, as typed on a non-Turkish keyboard
        ("bankası", {"tr-rates"}),
        ("انتخابات", {"ar-election"}),  # الانتخابات, للانتخابات
        ("الأسعار", {"ar-oil"}),  # أسعار, الأسعار: article and hamza forms
        ("voter", {"en-vote"}),
        ("चुनाव", {"hi-vote"}),
    ],
)
def test_inflected_and_accent_free_forms_find_the_article(data, query, expected):
    assert set(found(data, query)) == {url(name) for name in expected}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sterben", {"de-obituary", "de-clinic"}),  # starb: a strong verb's past tense
        ("starb", {"de-obituary", "de-clinic"}),  # and back, through the index's link to the lemma
        ("helfen", {"de-obituary", "de-clinic"}),  # half
        ("aller", {"fr-summit"}),  # iront
        ("hacer", {"es-speech"}),  # hizo
        ("decir", {"es-speech"}),  # dijo
        ("человек", {"ru-protest"}),  # людей
        ("هدف", {"ar-plan"}),  # أهداف: a broken plural
    ],
)
def test_irregular_forms_meet_at_their_dictionary_lemma(data, query, expected):
    assert set(found(data, query)) == {url(name) for name in expected}


def test_searching_never_loads_the_lemma_dictionaries(data):
    """A search in a fresh process (as the CLI runs) finds an irregular form through the
    index's links and marks snippets without importing the lemmatizer (seconds per language)."""
    script = (
        "import sys; from pathlib import Path; from search.index import open_searcher; "
        "from search.hits import page; from search.query import SearchRequest, execute\n"
        "with open_searcher(Path(sys.argv[1])) as s:\n"
        "    o = execute(s, SearchRequest(text='starb', limit=5))\n"
        "    hits = page(s, o.query, o.results, o.picks, scored=True)\n"
        "print(len(hits), 'simplemma' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script, str(data)], capture_output=True, text=True, check=True,
                          cwd=REPO_ROOT)
    assert done.stdout.split() == ["2", "False"]


def test_exact_form_ranks_first(data):
    assert found(data, "Wahlen")[0] == url("de-thuringia")  # "Wahlen" as printed there, "Wahl" in Bavaria


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"経済成長"', ["ja-districts"]),
        ('"成長経済"', []),  # the same characters in another order
        ('"国际汽车"', ["zh-autoshow"]),
        ('"국회에서 예산안을"', ["ko-budget"]),
        ('"Wahl in Bayern"', ["de-bavaria"]),
        ('"élections municipales"', ["fr-municipal"]),
        ('"выборах мэра"', ["ru-mayor"]),
        ('"Merkez Bankası"', ["tr-rates"]),
        ('"الانتخابات الرئاسية"', ["ar-election"]),
        ('"Bayern Wahl"', []),
    ],
)
def test_phrases_in_every_language(data, query, expected):
    assert found(data, query) == [url(name) for name in expected]


def test_lang_analyses_the_query_in_that_language_only(data):
    assert found(data, "Wahlen", lang="de")[0] == url("de-thuringia")
    assert found(data, "election", lang="en") == [url("en-vote")]
    assert found(data, "経済", lang="ja") == [url("ja-districts")]


def test_snippets_mark_the_matched_word_not_the_whole_run(data):
    assert marked(data, "選挙") == ["選挙"]  # in 衆院選挙区
    assert marked(data, "经济增长") == ["经济增长"]
    assert marked(data, "대통령") == ["대통령", "대통령"]
    assert marked(data, "Wähler") == ["Wähler"]
    assert marked(data, "выборов") == ["выборах"]
    assert marked(data, "انتخابات") == ["للانتخابات", "الانتخابات", "الانتخابات"]
