"""Damaged files of the data directory: moved aside with one warning line, then made again.

The archive is the source of truth; every other file is derived from it (the
index, the dedupe registry, the near-duplicate index) or is a cache that may
start afresh (fetch state, site templates). A derived file that cannot be read
is therefore never a reason to stop a cron crawl: it is renamed to
``NAME.damaged-YYYYmmddTHHMMSS`` for a person to look at, and its owner builds
it again.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from search.datadir import move_aside
from search.filecheck import sqlite_damage

logger = logging.getLogger(__name__)


def set_aside(path: Path, damage: BaseException | str, then: str) -> Path:
    """Move a damaged file aside and say so in one warning line; ``then`` says what happens
    instead, e.g. "rebuilt from the archive". The traceback, if any, goes to DEBUG."""
    aside = move_aside(path)
    reason = damage if isinstance(damage, str) else f"{type(damage).__name__}: {damage}"
    logger.warning("%(name)s is damaged (%(reason)s); moved aside as %(aside)s and %(then)s",
                   {"name": path.name, "reason": reason, "aside": aside.name, "then": then})
    if isinstance(damage, BaseException):
        logger.debug("damage found in %(path)s", {"path": path}, exc_info=damage)
    return aside


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
