"""The title and body field: indexed in the article's language, searched by the words as typed.

A document gives the field ``(language, text)`` (and the text alone to store);
:meth:`LanguageText.index` analyses it with :func:`search.languages.for_language`.
The field's own analyzer only splits words: the query parser hands those, as
typed, to :mod:`search.querylang`, which analyses them for every language the
query may be in.
"""

from __future__ import annotations

from whoosh.analysis import RegexTokenizer
from whoosh.fields import TEXT

from search.analysis import encode_positions, word_pattern
from search.languages import for_language


def term_positions(text: str, language: str | None) -> dict[str, list[int]]:
    """Every term of ``text`` analysed in ``language``, with the positions it occurs at."""
    analysis = for_language(language)
    cached = analysis.entries
    found: dict[str, list[int]] = {}
    position = 0
    for word in word_pattern().findall(text):
        entry = cached.get(word) or analysis.entry(word)
        if entry.__class__ is str:
            if entry:
                if entry in found:
                    found[entry].append(position)
                else:
                    found[entry] = [position]
            position += 1
            continue
        items, width = entry
        for offset, term in items:
            if term in found:
                found[term].append(position + offset)
            else:
                found[term] = [position + offset]
        position += width
    return found


class LanguageText(TEXT):
    """A stored, phrase-searchable text field analysed in each document's language."""

    def __init__(self) -> None:
        super().__init__(analyzer=RegexTokenizer(word_pattern()), stored=True)

    def index(self, value, **kwargs):
        language, text = value if isinstance(value, tuple) else (None, value)
        boost = self.format.field_boost
        return [
            (term.encode(), len(positions), len(positions) * boost, encode_positions(positions))
            for term, positions in term_positions(text, language).items()
        ]
