"""Language: the text decides when it is long and clear, the page's declaration when it is not."""

from __future__ import annotations

import pytest

from newscrawler.extraction.language import detect_language, dominant_script, normalise_lang

ENGLISH = ("Defence Minister Rajnath Singh and his American counterpart Pete Hegseth on Thursday agreed to work on an "
           "ambitious agenda, including in the areas of operational, intelligence, logistics and industrial cooperation.")
HINDI = ("नई दिल्ली: रक्षा मंत्री राजनाथ सिंह और उनके अमेरिकी समकक्ष पीट हेगसेथ ने गुरुवार को फोन पर बातचीत की और "
         "परिचालन, खुफिया, रसद तथा औद्योगिक सहयोग के क्षेत्रों में एक महत्वाकांक्षी एजेंडे पर काम करने पर सहमति जताई।")
GERMAN = ("Die Bundesregierung hat am Donnerstag beschlossen, die Förderung für den öffentlichen Nahverkehr im "
          "kommenden Jahr deutlich zu erhöhen, wie ein Sprecher des Ministeriums in Berlin mitteilte.")


@pytest.mark.parametrize(
    ("text", "html_lang", "expected"),
    [
        (ENGLISH, None, "en"),
        (ENGLISH, "en-US", "en"),
        (HINDI, "hi", "hi"),
        (HINDI, "en", "hi"),  # a template's wrong declaration loses to the script
        (HINDI, None, "hi"),
        (GERMAN, "en", "de"),  # long, confident text beats a wrong declaration
        ("Short headline", "fr", "fr"),  # too short to detect: trust the page
        ("Short headline", None, None),
        ("राजनाथ सिंह", None, "hi"),  # short Devanagari: Hindi is the likely reading, not a guess from Latin
        (HINDI, "mr", "mr"),  # same-script neighbour declared: the publisher knows
        ("", "hi-IN", "hi"),
    ],
)
def test_detect_language(text, html_lang, expected):
    assert detect_language(text, html_lang) == expected


@pytest.mark.parametrize(("value", "expected"), [("en-US", "en"), ("pt_BR", "pt"), ("HI", "hi"), ("", None), ("x", None)])
def test_normalise_lang(value, expected):
    assert normalise_lang(value) == expected


def test_dominant_script_counts_letters_not_digits_or_punctuation():
    assert dominant_script("2025 — राजनाथ सिंह, PTI") == "DEVANAGARI"
    assert dominant_script("123 !!") is None
