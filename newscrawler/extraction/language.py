"""The language of the article text, cross-checked with what the page declares in <html lang>.

py3langid is right on a paragraph of prose but guesses on a headline, and
confuses close languages written in one script (Hindi/Marathi/Nepali). The
declared language is right on most pages but templates copy it everywhere
(an English lang attribute on a Hindi page). So: long confident text wins,
short or ambiguous text defers to the declaration, and the script decides
when the two cannot both be true.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

_MIN_CHARS = 120  # below this the classifier is a guess
_CONFIDENT = 0.95  # to overrule the page's declaration with a different language
_SURE = 0.999  # to overrule it with a neighbour in the same script (Marathi for Hindi)
_SAMPLE_CHARS = 2500  # plenty for a confident guess; the classifier cost grows with length
_LANG_CODE = re.compile(r"^([a-z]{2,3})(?:[-_].*)?$", re.I)
# Languages written in a script, the most widely read first: a page in that script cannot be in a
# language outside the list, and a text too short to classify most likely is in the first one.
_SCRIPT_LANGUAGES = {
    "DEVANAGARI": ("hi", "mr", "ne", "sa", "kok", "mai"),
    "BENGALI": ("bn", "as"),
    "TAMIL": ("ta",),
    "TELUGU": ("te",),
    "KANNADA": ("kn",),
    "MALAYALAM": ("ml",),
    "GUJARATI": ("gu",),
    "GURMUKHI": ("pa",),
    "ORIYA": ("or",),
    "ARABIC": ("ar", "ur", "fa", "ps"),
    "CYRILLIC": ("ru", "uk", "bg", "sr", "mk", "be", "kk", "mn"),
    "GREEK": ("el",),
    "HEBREW": ("he", "yi"),
    "THAI": ("th",),
    "HANGUL": ("ko",),
    "HIRAGANA": ("ja",),
    "KATAKANA": ("ja",),
    "CJK": ("zh", "ja"),
}
_NON_LATIN = frozenset(lang for langs in _SCRIPT_LANGUAGES.values() for lang in langs)


def detect_language(text: str, html_lang: str | None) -> str | None:
    """ISO 639-1 code of ``text``; the declared ``html_lang`` decides when the text cannot."""
    declared = normalise_lang(html_lang)
    sample = " ".join(text[: _SAMPLE_CHARS * 2].split())[:_SAMPLE_CHARS]
    script = dominant_script(sample)
    script_langs = _SCRIPT_LANGUAGES.get(script) if script else None
    if declared and script_langs is not None and declared not in script_langs:
        declared = None  # declaration contradicts the script the text is written in
    if declared and script == "LATIN" and declared in _NON_LATIN:
        declared = None
    if len(sample) < _MIN_CHARS:
        return declared or (script_langs[0] if script_langs else None)
    detected, confidence = _identifier().classify(sample)
    if script_langs is not None and detected not in script_langs:
        # The model read the wrong family (e.g. romanised names dominate): the script is the harder evidence.
        return declared or script_langs[0]
    if declared and declared != detected and confidence < _CONFIDENT:
        return declared
    if declared and script_langs and declared in script_langs and detected in script_langs and confidence < _SURE:
        return declared  # same-script neighbours: the publisher knows better than a close call
    return detected


def normalise_lang(value: str | None) -> str | None:
    """"en-US" -> "en"; None for empty or malformed values."""
    match = _LANG_CODE.match((value or "").strip())
    return match.group(1).lower() if match else None


def dominant_script(text: str) -> str | None:
    """Unicode script (first word of the character name) of most letters, e.g. "LATIN", "DEVANAGARI"."""
    counts: dict[str, int] = {}
    for char, number in Counter(char for char in text if char.isalpha()).items():
        # One name lookup per distinct letter, not per occurrence: most of a page is a few dozen letters.
        name = "LATIN" if char.isascii() else unicodedata.name(char, "")
        script = "CJK" if name.startswith("CJK") else name.split(" ", 1)[0]
        counts[script] = counts.get(script, 0) + number
    return max(counts, key=counts.__getitem__) if counts else None


@cache
def _identifier() -> LanguageIdentifier:
    """The model, loaded once per process (it takes ~0.3 s) with probabilities normalised to 0..1."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
