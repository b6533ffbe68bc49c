"""What the SQLite files of the data directory share: WAL journal, schema, commit and close.

The dedupe registry (``state.sqlite``) and the fetch state (``fetch-state.sqlite``)
differ only in their tables and in how much a power cut may cost them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


class SqliteFile:
    """Base of a component that keeps one SQLite file open in ``db`` for a whole run."""

    db: sqlite3.Connection

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()


def wal_setup(schema: str, synchronous: str) -> Callable[[sqlite3.Connection], None]:
    """The set-up of a new or reopened file: WAL journal, ``synchronous`` level, ``schema``."""

    def setup(db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={synchronous}")
        db.executescript(schema)

    return setup
