"""The index schema: how the record's fields (``search.record``) are searched, sorted and stored.

A record is indexed as one document. Fields users can name in a query are
``title``, ``body``, ``authors`` (alias ``author``), ``source``, ``language``
(alias ``lang``) and ``urls`` (alias ``url``). ``date`` is the publication time
(or, failing that, the time first seen) as naive UTC microseconds in a column,
for sorting and for the exact edges of date ranges;
the published string with its own offset is stored apart to be printed back.
``period`` holds the date's UTC year, month and day as words for fast ranges
(see :mod:`search.periods`). ``storykey`` is the story id, or the article's own id when it has no story, so
collapsing and counting stories need no special case for lone articles;
``storyhash`` is a 64-bit hash of it in a fixed-width column, which collapsing
reads per hit without loading a variable-width column's offsets first.
"""

from __future__ import annotations

from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, Schema

from search.analysis import WordsText, word_analyzer
from search.fields import LanguageText
from search.record import STORED_ONLY

SCHEMA_VERSION = 6
"""Bump when documents must be re-indexed. A lower number is rebuilt from the
archive by the next writer (or `newssearch reindex`); a higher one was written
by a newer release and is refused rather than misread. 2: period, storyhash;
3: analyzers and positions format that index without tokens; 4: date and
storyhash as columns only (nothing queried their index terms, 19 per article);
5: titles and bodies analysed in the article's language (stems, CJK bigrams);
6: dictionary lemmas' stems beside the stems (ar, de, es, fr, ru, tr)."""

TITLE_BOOST = 3.0
DEFAULT_FIELDS = ("title", "body")
FIELD_ALIASES = {"authors": ["author"], "language": ["lang"], "urls": ["url"]}
QUERY_FIELDS = frozenset({"title", "body", "authors", "source", "language", "urls"})
"""Fields a query may name (after aliases); any other ``name:`` is an error."""



def build_schema() -> Schema:
    """A fresh schema; its analyzers are pickled into the index with it."""
    exact = IDTokenizer() | LowercaseFilter()
    return Schema(
        id=ID(unique=True, stored=True),
        urlkey=KEYWORD(scorable=False),
        urls=WordsText(word_analyzer()),
        title=LanguageText(),
        body=LanguageText(),
        authors=WordsText(word_analyzer()),
        source=ID(stored=True, sortable=True, analyzer=exact),
        language=ID(stored=True, sortable=True, analyzer=exact),
        storykey=ID(),
        storyhash=COLUMN(NumericColumn("q")),
        date=COLUMN(NumericColumn("q")),
        period=KEYWORD(),
        **{name: STORED() for name in STORED_ONLY},
    )
