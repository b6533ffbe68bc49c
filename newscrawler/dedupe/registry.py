"""The dedupe registry in SQLite: which URLs and texts are already stored, under which article and story.

It is derived data: the archive is the source of truth, and the dedupe
pipeline brings this database up to date from it (``search.catchup``) after a
crash, or when the file is lost; :meth:`DedupeRegistry.applied` is its mark.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from newscrawler.damage import open_sqlite
from newscrawler.sqlitefile import SqliteFile, wal_setup
from search.durable import ensure_private_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    story TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles(content_hash);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    article_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

APPLIED_KEY = "archive_size"


class DedupeRegistry(SqliteFile):
    """Look-ups the dedupe pipeline needs, backed by one SQLite file in the data directory."""

    def __init__(self, path: Path) -> None:
        ensure_private_dir(path.parent)
        self.path = path
        # A damaged file is replaced by an empty one, which covers no archive: the dedupe
        # pipeline then rebuilds it from the archive.
        self.db, self.replaced = open_sqlite(path, _setup, "rebuilt from the archive")

    def article_for_urls(self, urls: Iterable[str]) -> str | None:
        for url in urls:
            row = self.db.execute("SELECT article_id FROM urls WHERE url = ?", (url,)).fetchone()
            if row:
                return row[0]
        return None

    def article_for_hash(self, content_hash: str) -> str | None:
        row = self.db.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,)).fetchone()
        return row[0] if row else None

    def record(self, article_id: str) -> dict | None:
        row = self.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def save(self, record: dict, keys: Iterable[str]) -> None:
        """Remember a stored article under its identity keys (not committed until ``commit``)."""
        self.db.execute(
            "INSERT OR REPLACE INTO articles (id, content_hash, story, record) VALUES (?, ?, ?, ?)",
            (record["id"], record["content_hash"], record["story"], json.dumps(record, ensure_ascii=False)),
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO urls (url, article_id) VALUES (?, ?)",
            [(key, record["id"]) for key in keys],
        )

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def applied(self) -> int:
        """Bytes of the archive this registry covers (0 for a new one)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (APPLIED_KEY,)).fetchone()
        return int(row[0]) if row else 0

    def mark_applied(self, size: int) -> None:
        """Remember that the first ``size`` bytes of the archive are in (committed with the rest)."""
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (APPLIED_KEY, str(size)))


_setup = wal_setup(SCHEMA, "FULL")
