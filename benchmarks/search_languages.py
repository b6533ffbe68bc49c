"""Multilingual relevance: does a word find the article whose headline holds it in another form?

The corpus is Universal Dependencies treebanks (CoNLL-U files in a directory,
one per language; the PUD ones are news sentences, the same 1,000 in each
language), so the queries come from human annotation, not from our analyzers:

- languages that inflect (de, fr, es, ru, tr, ar): a content word of an
  article's headline (its first sentence) is queried as *another* form of the
  same lemma found elsewhere in the treebank (``Wahl`` -> ``Wahlen``);
- Japanese and Chinese: a headline word (the annotators' segmentation), which
  in the text is glued to its neighbours;
- Korean: a headline noun without the particle it carries (``미국에서`` -> ``미국``).

Relevant articles are those holding the lemma (Korean, CJK: the word) by the
annotation; only lemmas in at most ``MAX_RELEVANT`` articles are queried, so
every relevant article fits in the top 10 and recall@10 measures analysis, not
ranking. Articles alternate between a dev half and a held-out half; queries
from each are reported apart. All languages share one index, as in a crawl.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("ja", "zh", "ko", "de", "fr", "es", "ru", "tr", "ar")
CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
MAX_RELEVANT = 10
_CJK_WORD = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,}$")


@dataclass
class Article:
    language: str
    number: int
    sentences: list[str] = field(default_factory=list)
    keys: list[set[str]] = field(default_factory=list)
    """Per sentence: the lemmas (CJK, Korean: words) it holds, for relevance."""
    candidates: list[tuple[str, str]] = field(default_factory=list)
    """Headline (key, as printed) pairs a query may be made from."""

    @property
    def url(self) -> str:
        return f"https://{self.language}.treebank.example/{self.number}"

    def record(self) -> dict:
        title, body = self.sentences[0], " ".join(self.sentences[1:])
        published = "2025-01-01T00:00:00+00:00"
        return {"id": self.url, "url": self.url, "urls": [self.url], "canonical_url": self.url, "title": title,
                "body": body, "authors": [], "published": published, "updated": None, "language": self.language,
                "description": None, "image": None, "content_hash": None, "story": None,
                "first_seen": published, "crawled": published, "source": f"treebank-{self.language}"}


@dataclass
class Query:
    language: str
    text: str
    relevant: frozenset[str]
    held_out: bool
    printed: str
    """The headline word the query was made from."""
    key: str


def _sentences(path: Path) -> Iterator[tuple[str, str, list[list[str]]]]:
    """(document id, text, token rows) of each sentence of a CoNLL-U file."""
    doc, sent, text, rows = "", "", "", []
    for line in path.open(encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# newdoc id = "):
            doc = line.split("= ", 1)[1]
        elif line.startswith("# sent_id = "):
            sent = line.split("= ", 1)[1]
        elif line.startswith("# text = "):
            text = line.split("= ", 1)[1]
        elif line and not line.startswith("#"):
            rows.append(line.split("\t"))
        elif not line and rows:
            # PUD numbers sentences by article: n01001011 is sentence 11 of article n01001.
            yield (sent[:6] if re.match(r"^[nw]\d{8}$", sent) else doc), text, rows
            rows = []


def _key(language: str, row: list[str]) -> str | None:
    """What makes a word relevant: its lemma, or (CJK) the word, or (Korean) its stem."""
    form, lemma, upos = row[1], row[2], row[3]
    if upos not in CONTENT:
        return None
    if language in ("ja", "zh"):
        return form if _CJK_WORD.match(form) else None
    if language == "ko":
        stem = form if lemma == "_" else lemma
        return stem if _CJK_WORD.match(stem) else None
    return lemma.lower() if len(form) >= 3 and form.isalpha() else None


def load(directory: Path) -> tuple[list[Article], list[Query]]:
    """Articles and queries of every language with a CoNLL-U file in ``directory``."""
    articles: list[Article] = []
    queries: list[Query] = []
    for language in LANGUAGES:
        files = sorted(directory.glob(f"{language}_*.conllu"))
        if not files:
            continue
        own: dict[str, Article] = {}
        forms: dict[str, set[str]] = defaultdict(set)
        for path in files:
            for doc, text, rows in _sentences(path):
                article = own.setdefault(doc, Article(language, len(articles) + len(own)))
                words = [row for row in rows if "-" not in row[0] and "." not in row[0]]
                keys = {_key(language, row) for row in words} - {None}
                if not article.sentences:
                    article.candidates = [(k, row[1]) for row in words if (k := _key(language, row))]
                article.sentences.append(text)
                article.keys.append(keys)
                for row in words:
                    if (k := _key(language, row)) is not None:
                        forms[k].add(row[1])
        articles += own.values()
        queries += _queries(language, list(own.values()), forms)
    return articles, queries


def _queries(language: str, articles: list[Article], forms: dict[str, set[str]]) -> list[Query]:
    holders: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for keys in article.keys:
            for key in keys:
                holders[key].add(article.url)
    queries = []
    for index, article in enumerate(articles):
        for key, printed in article.candidates:
            if len(holders[key]) > MAX_RELEVANT:
                continue
            if language in ("ja", "zh", "ko"):
                text = key  # the word itself (Korean: without its particle)
                if language == "ko" and key == printed:
                    continue  # no particle to take off
            else:
                others = sorted(f for f in forms[key] if f.lower() != printed.lower() and f.isalpha())
                if not others:
                    continue
                text = others[0]
            queries.append(Query(language, text, frozenset(holders[key]), index % 2 == 1, printed, key))
            break  # one query per article
    return queries


# ---- running --------------------------------------------------------------------------------

def build_fts(path: Path, articles: list[Article], tokenizer: str) -> sqlite3.Connection:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute(f"CREATE VIRTUAL TABLE fts USING fts5(url UNINDEXED, title, body, tokenize={tokenizer!r})")
    with db:
        db.executemany("INSERT INTO fts VALUES (?, ?, ?)",
                       [(a.url, a.sentences[0], " ".join(a.sentences[1:])) for a in articles])
    return db


def fts_top(db: sqlite3.Connection, text: str) -> list[str]:
    phrase = '"' + text.replace('"', '""') + '"'
    try:
        rows = db.execute("SELECT url FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 0, 3.0, 1.0) LIMIT 10",
                          [phrase]).fetchall()
    except sqlite3.OperationalError:
        return []
    return [row[0] for row in rows]


def recall(found: list[str], relevant: frozenset[str]) -> float:
    return len(relevant.intersection(found[:10])) / len(relevant)


def measure(directory: Path, work: Path) -> list[tuple[str, ...]]:
    """Rows of the per-language table: queries, recall@10 of newssearch (all, dev, held-out)
    and of FTS5 unicode61 and trigram (all queries), and newssearch's p95 query time."""
    from search.index import open_searcher
    from search.indexwriter import ArticleIndexWriter
    from search.query import SearchRequest, execute

    articles, queries = load(directory)
    work.mkdir(parents=True, exist_ok=True)
    data = work / "newssearch"
    shutil.rmtree(data, ignore_errors=True)
    with ArticleIndexWriter(data) as writer:
        for article in articles:
            writer.add(article.record())
    engines = {
        "unicode61": build_fts(work / "unicode61.sqlite", articles, "unicode61 remove_diacritics 2"),
        "trigram": build_fts(work / "trigram.sqlite", articles, "trigram"),
    }
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    times: dict[str, list[float]] = defaultdict(list)
    with open_searcher(data) as searcher:
        for q in queries:
            start = time.perf_counter()
            outcome = execute(searcher, SearchRequest(text=q.text, limit=10))
            times[q.language].append((time.perf_counter() - start) * 1000)
            top = [outcome.results[n]["url"] for n in outcome.picks] if outcome.results is not None else []
            scores[q.language, "held-out" if q.held_out else "dev"].append(recall(top, q.relevant))
            for name, db in engines.items():
                scores[q.language, name].append(recall(fts_top(db, q.text), q.relevant))
    rows = []
    for language in LANGUAGES:
        dev, held = scores[language, "dev"], scores[language, "held-out"]
        if not dev and not held:
            continue
        rows.append((language, f"{len(dev)} + {len(held)}", _mean(dev + held), _mean(dev), _mean(held),
                     _mean(scores[language, "unicode61"]), _mean(scores[language, "trigram"]),
                     f"{_p95(times[language]):.1f}"))
    return rows


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95) - 1)]


def _mean(values: list[float]) -> str:
    return f"{sum(values) / len(values):.2f}" if values else "-"


HEADER = ("language", "queries (dev + held-out)", "newssearch recall@10", "dev", "held-out",
          "FTS5 unicode61", "FTS5 trigram", "newssearch p95 ms")


def dump_queries(directory: Path, out: Path) -> None:
    """Write the generated queries (for reading them, not for the measure)."""
    _, queries = load(directory)
    out.write_text("\n".join(json.dumps({"lang": q.language, "query": q.text, "relevant": sorted(q.relevant),
                                         "held_out": q.held_out, "headline_word": q.printed}, ensure_ascii=False) for q in queries) + "\n")
