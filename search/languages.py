"""How a word becomes index terms in each language.

Every article is analysed in its detected language, like Lucene's per-language
analyzers:

- Words of languages with a Snowball stemmer (PyStemmer's C build of the
  Snowball algorithms) are lowercased (Turkish with its dotted and dotless i),
  stemmed, then folded (accents stripped from Latin letters), so ``Wahlen``,
  ``Wahl`` and ``Wähler`` meet at ``de:wahl`` (see :data:`STEM_SEPARATOR`).
  Beside the stem, the word as printed (lowercased, accents kept) is indexed
  at the same position as ``=de:wahlen``: a query adds it as a clause, so the
  exact form ranks first, and it tells which languages use the typed form
  (:mod:`search.querylang`). English is the exception: as before, only its
  stems are indexed, which keeps English indexes and queries as small and
  fast as they were.
- In Arabic, German, Spanish, French, Russian and Turkish, a word whose
  dictionary lemma (simplemma's tables) stems differently from the word
  (``starb`` -> ``sterben``, ``fue`` -> ``ser``, ``سبل`` -> ``سبيل``) also
  gets the lemma's stem at its position, and a link term
  ``>de:starb>de:sterb`` that lets a query find that lemma in the index
  without loading the dictionary (:meth:`LanguageAnalysis.lemma_terms`).
- Arabic is normalised (harakat, tatweel, alef and yeh forms) and light-stemmed
  (:func:`arabic_stem`).
- Han, Hiragana, Katakana and Hangul runs, which are not split into words by
  spaces (or, in Korean, carry particles), become overlapping bigrams plus
  single characters at the same positions (as Lucene's CJKBigramFilter with
  unigrams): a word inside a compound is the run of its bigrams, so a query
  word matches as a phrase of its bigrams, in any article's language.
- Everything else (Devanagari, other scripts, languages without a stemmer and
  articles without a language) is folded and lowercased, and plain ASCII words
  are stemmed as English: the analysis every article had before.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import Stemmer

from search.analysis import fold

STEMMERS = {
    "ar": "arabic",  # light stemming first, see arabic_stem
    "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "es": "spanish", "et": "estonian", "eu": "basque", "fi": "finnish", "fr": "french", "ga": "irish",
    "hu": "hungarian", "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian",
    "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sv": "swedish", "tr": "turkish",
}
"""Languages analysed with their own stemmer (ISO 639-1 code -> Snowball algorithm); English
is the default analysis's stemmer."""

SCRIPTS = {"ar": "arabic", "el": "greek", "ru": "cyrillic"}
"""The script of each stemmed language that is not written in Latin letters."""

STEM_SEPARATOR = ":"
"""Stems are indexed as ``de:wahl``: each language's stems apart, so a German
query word does not match the French article that stems to the same letters
(on parallel news in nine languages that noise cost a tenth of recall), and
each has its own document frequency."""

SECOND_SEPARATOR = "~"
"""Marks a language's second stem (see :meth:`LanguageAnalysis.second_term`)."""

EXACT_PREFIX = "="
"""Marks the as-printed form of a word indexed beside its stem (never the first
character of a word: the tokenizer does not match it)."""

LEMMATIZED = frozenset({"ar", "de", "es", "fr", "ru", "tr"})
"""Languages whose words are also indexed by their dictionary lemma's stem.
Measured on the dev half of the treebank queries (recall@10, stem alone ->
with the lemma): see benchmarks/README.md. Each language's table is loaded
once per indexing process, only when an article in that language is
indexed (see :func:`_lemmatize`); queries never load them."""

LEMMA_PREFIX = ">"
"""Starts the link term from a word as printed to its lemma's stem (``>de:starb>de:sterb``)."""

_CJK = (
    "\u1100-\u11ff\u3005\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f"
)
CJK_RUN = re.compile(f"[{_CJK}]+")
_CJK_OR_OTHER = re.compile(f"[{_CJK}]+|[^{_CJK}]+")

# Arabic: harakat and tatweel go; alef with hamza or madda -> alef; alef maqsura -> yeh; teh marbuta -> heh.
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_ARABIC_LETTERS = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
                                 "\u0649": "\u064a", "\u0629": "\u0647"})
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و")
_ARABIC_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")
_SECOND_STEMS = frozenset({"ar", "tr"})
_TURKISH_CAPITALS = str.maketrans({"I": "ı", "İ": "i"})


def script_of(word: str) -> str:
    """The script of a word's first letter: latin, cyrillic, greek, arabic, cjk or other."""
    for char in word:
        code = ord(char)
        if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
            if char.isalpha():
                return "latin"
        elif 0x0400 <= code <= 0x052F:
            return "cyrillic"
        elif 0x0370 <= code <= 0x03FF or 0x1F00 <= code <= 0x1FFF:
            return "greek"
        elif 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            return "arabic"
        elif CJK_RUN.match(char):
            return "cjk"
        elif char.isalpha():
            return "other"
    return "other"


def arabic_normalise(word: str) -> str:
    return _ARABIC_MARKS.sub("", word).translate(_ARABIC_LETTERS)


def arabic_stem(word: str) -> str:
    """Light stemming of a normalised Arabic word: one article/conjunction prefix
    and one suffix, keeping at least two letters (as Lucene's ArabicStemmer).

    Snowball's Arabic stemmer left the conjunction and article on forms such as
    والانتخابات (and the elections) while stripping them from others, so the
    forms of one word did not meet; this rule set is small and has no such gap.
    """
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2 + (prefix != "و"):
            word = word[len(prefix):]
            break
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def cjk_grams(run: str) -> tuple[tuple[int, str], ...]:
    """(offset, term) of a CJK run's bigrams and characters; the run takes
    ``max(1, len(run) - 1)`` positions, each character sharing its bigram's
    (the last one the last bigram's) so that a phrase of bigrams is consecutive."""
    if len(run) == 1:
        return ((0, run),)
    last = len(run) - 2
    grams = [(i, run[i : i + 2]) for i in range(len(run) - 1)]
    grams += [(min(i, last), char) for i, char in enumerate(run)]
    return tuple(grams)


Entry = str | tuple[tuple[tuple[int, str], ...], int]
"""A word's analysis: its one term (``""``: none) at the word's position, or
(offset, term) pairs and how many positions the word takes."""


class LanguageAnalysis:
    """Turns the words the tokenizer finds into terms, for one language (``None``:
    the default analysis); each distinct word is analysed once (up to ``CACHE_SIZE``)."""

    CACHE_SIZE = 100_000

    def __init__(self, code: str | None) -> None:
        self.code = code
        self.script = SCRIPTS.get(code, "latin") if code else None
        algorithm = STEMMERS.get(code or "")
        self._stem = Stemmer.Stemmer(algorithm).stemWord if algorithm else None
        self.entries: dict[str, Entry] = {}

    def lower(self, word: str) -> str:
        """The word as printed, lowercased by the language's rules (NFKC, joiners removed)."""
        if self.code == "tr":
            word = word.translate(_TURKISH_CAPITALS)
        word = word.lower()
        if not word.isascii():
            word = unicodedata.normalize("NFKC", word).replace("\u200c", "").replace("\u200d", "")
        return word

    def term(self, word: str) -> str:
        """The term a (non-CJK) word is indexed and searched as."""
        if self.code is None or script_of(word) != self.script:
            return default_term(word)
        return f"{self.code}{STEM_SEPARATOR}{self._stemmed(self.lower(word))}"

    def _stemmed(self, lowered: str) -> str:
        if self.code == "ar":
            return arabic_stem(arabic_normalise(lowered))
        if self.code == "ru":
            lowered = lowered.replace("ё", "е")
        stem = fold(self._stem(lowered) if lowered.isalpha() else lowered)
        return stem.replace("ı", "i") if self.code == "tr" else stem

    def second_term(self, word: str) -> str | None:
        """A second stem where one stemmer misses many forms (``tr~secim``), at the same position.

        Measured on the dev half of the treebank queries (how often the query
        and a relevant article's form meet): Turkish Snowball alone 0.70, its
        first five letters alone 0.84 (the fixed-prefix stemming found best
        for Turkish retrieval in the literature), both 0.91; Arabic light
        stemming 0.57, Snowball 0.60, both 0.64.
        """
        if self.code not in _SECOND_STEMS or script_of(word) != self.script:
            return None
        lowered = self.lower(word)
        if self.code == "tr":
            second = fold(lowered).replace("ı", "i")[:5]
        else:
            second = self._stem(lowered)
        return f"{self.code}{SECOND_SEPARATOR}{second}"

    def exact_term(self, word: str) -> str | None:
        """The as-printed term (``=de:wahlen``) indexed beside the stem in stemmed languages."""
        if self.code is None or script_of(word) != self.script:
            return None
        return f"{EXACT_PREFIX}{self.code}{STEM_SEPARATOR}{self.lower(word)}"

    def word_terms(self, word: str) -> list[str]:
        """A (non-CJK) word's terms that need no dictionary: its term, then in
        stemmed languages its second stem and its exact form; what searching uses."""
        term = self.term(word)
        if not term:
            return []
        return [term, *(t for t in (self.second_term(word), self.exact_term(word)) if t)]

    def lemma_terms(self, word: str, term: str) -> list[str]:
        """The stem of the word's dictionary lemma and the link from the printed
        form to it, where that stem is not ``term`` (the word's own stem).

        Snowball joins the regular forms of a word; the lemma joins the irregular
        ones it cannot (strong verbs, broken plurals) and is indexed beside it, so
        a form the dictionary does not know, or gets wrong, keeps its stem.
        """
        if self.code not in LEMMATIZED or script_of(word) != self.script:
            return []
        lemma = _lemmatize()(word, lang=self.code)
        stem = f"{self.code}{STEM_SEPARATOR}{self._stemmed(self.lower(lemma))}"
        if stem == term:
            return []
        return [stem, f"{self.link_prefix(word)}{stem}"]

    def link_prefix(self, word: str) -> str:
        """How the link terms of a word as printed start (``>de:starb>``)."""
        return f"{LEMMA_PREFIX}{self.code}{STEM_SEPARATOR}{self.lower(word)}{LEMMA_PREFIX}"

    def entry(self, word: str) -> Entry:
        """The terms of one tokenizer match, with their offsets (cached)."""
        found = self.entries.get(word)
        if found is not None:
            return found
        if word.isascii() or not CJK_RUN.search(word):
            terms = self.word_terms(word)
            if len(terms) > 1:
                terms += self.lemma_terms(word, terms[0])
            found = (tuple((0, t) for t in terms), 1) if len(terms) > 1 else "".join(terms)
        else:
            found = self._mixed(word)
        if len(self.entries) >= self.CACHE_SIZE:
            self.entries.clear()  # cheaper than LRU bookkeeping; refills with the common words
        self.entries[word] = found
        return found

    def _mixed(self, word: str) -> Entry:
        """A word with CJK runs: bigrams for those, ordinary terms for the parts between."""
        items: list[tuple[int, str]] = []
        width = 0
        for part in _CJK_OR_OTHER.findall(unicodedata.normalize("NFKC", word)):
            if CJK_RUN.match(part):
                items += [(width + offset, term) for offset, term in cjk_grams(part)]
                width += max(1, len(part) - 1)
            else:
                term = self.term(part)
                if term:
                    items.append((width, term))
                width += 1
        return tuple(items), width

    def query_terms(self, word: str) -> list[str]:
        """The terms a query word must match at consecutive positions: its term,
        or the bigrams of its CJK runs (a single character stands for itself).
        Never the lemma: that would load the dictionary in every search."""
        if word.isascii() or not CJK_RUN.search(word):
            return self.word_terms(word)[:1]
        items, width = self.entry(word)
        by_position: dict[int, str] = {}
        for offset, term in items:
            by_position.setdefault(offset, term)  # the stem or bigram (listed first)
        return [by_position[p] for p in sorted(by_position)]


@functools.cache
def _lemmatize():
    """simplemma's lemmatizer, imported when first indexing (~0.1 s) so searching never pays for it.

    Its memory-frugal tables (``low_memory``: the compressed stream and a sparse
    index instead of a dict per language) give the same lemmas: indexing the
    3,719 treebank articles in six languages peaked at 213 MB RSS with them,
    625 MB with the dict tables, 129 MB without lemmas (benchmarks/README.md)."""
    import simplemma

    return functools.partial(simplemma.lemmatize, low_memory=True)


def default_term(word: str) -> str:
    """Folded and lowercased; plain ASCII words stemmed as English (porter2)."""
    folded = fold(word).lower()
    return _english(folded) if folded.isascii() and folded.isalpha() else folded


_english = Stemmer.Stemmer("english").stemWord


@functools.cache
def for_language(code: str | None) -> LanguageAnalysis:
    """The analysis of articles in language ``code`` (the default one for codes without a stemmer)."""
    return LanguageAnalysis(code) if code in STEMMERS else _default()


@functools.cache
def _default() -> LanguageAnalysis:
    return LanguageAnalysis(None)
