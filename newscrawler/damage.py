"""Damaged files of the data directory: moved aside with one warning line, then made again.

The archive is the source of truth; every other file is derived from it (the
index, the de-duplication state, the near-duplicate index) or is a cache that
may start afresh (fetch state, site templates). A derived file that cannot be
read is therefore never a reason to stop a cron crawl: it is renamed to
``NAME.damaged-YYYYmmddTHHMMSS`` for a person to look at, and its owner builds
it again.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from newscrawler.diskspace import no_space_error
from search.datadir import move_aside

logger = logging.getLogger(__name__)

SQLITE_COMPANIONS = ("-wal", "-shm")


def set_aside(path: Path, damage: BaseException | str, then: str) -> Path:
    """Move a damaged file (with its SQLite companions) aside and say so in one warning line;
    ``then`` says what happens instead, e.g. "rebuilt from the archive"."""
    aside = move_aside(path)
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(aside.with_name(path.name + suffix + aside.name[len(path.name):]))
    reason = damage if isinstance(damage, str) else f"{type(damage).__name__}: {damage}"
    logger.warning("%(name)s is damaged (%(reason)s); moved aside as %(aside)s and %(then)s",
                   {"name": path.name, "reason": reason, "aside": aside.name, "then": then})
    if isinstance(damage, BaseException):
        logger.debug("damage found in %(path)s", {"path": path}, exc_info=damage)
    return aside


def sqlite_damage(path: Path) -> str | None:
    """What is wrong with a SQLite file (``PRAGMA quick_check``), or None when it reads well."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = [row[0] for row in db.execute("PRAGMA quick_check")]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        if no_space_error(exc):
            raise
        return str(exc)
    return None if verdict == ["ok"] else "; ".join(verdict[:3])


def open_sqlite(path: Path, setup: Callable[[sqlite3.Connection], None], then: str) -> tuple[sqlite3.Connection, bool]:
    """Open a SQLite file of the data directory, checked; a damaged one is set aside and a new
    one created. Returns the connection and whether the file was new because of damage."""
    damage = sqlite_damage(path)
    if damage:
        set_aside(path, damage, then)
    db = sqlite3.connect(path)
    try:
        path.chmod(0o600)
        setup(db)
    except BaseException:
        db.close()
        raise
    return db, bool(damage)
