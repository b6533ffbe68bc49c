"""Bringing a store derived from the archive up to date: one rule for the index and the dedupe registry.

The archive is appended and fsynced first; the stores derived from it (the
search index, the dedupe registry with its near-duplicate index) are written
after, and a killed run can leave them behind. Each remembers how many bytes of
the archive it has applied (its *mark*), and at the start of a run:

- as many as the archive holds: nothing to do;
- fewer: it applies the records appended since, in order (later lines win);
- unknown, or more than the archive holds (it was replaced or truncated): it is
  rebuilt from the whole archive.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from search.archive import Archive
from search.durable import atomic_write_text


class Outcome(enum.Enum):
    CURRENT = "current"
    CAUGHT_UP = "caught_up"
    REBUILT = "rebuilt"


class Follower(Protocol):
    """A store derived from the archive."""

    def applied(self) -> int | None:
        """Bytes of the archive applied so far; None when unknown (lost or unreadable)."""

    def rebuild(self) -> None:
        """Derive the whole store from the archive again."""

    def apply(self, records: Iterator[dict]) -> None:
        """Apply records appended to the archive since the mark, in order."""

    def mark(self, size: int) -> None:
        """Remember that the first ``size`` bytes of the archive are applied."""


def catch_up(archive: Archive, follower: Follower) -> Outcome:
    """Make ``follower`` cover the whole archive; say what it took."""
    size, applied = archive.size(), follower.applied()
    if applied is None and size == 0:
        applied = 0  # nothing to derive from: an empty store is current
    if applied == size:
        return Outcome.CURRENT
    if applied is None or applied > size:
        follower.rebuild()
        outcome = Outcome.REBUILT
    else:
        follower.apply(archive.iter_from(applied))
        outcome = Outcome.CAUGHT_UP
    follower.mark(size)
    return outcome


class MarkFile:
    """A mark kept in a small JSON file of its own (the index's: ``index-synced.json``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> int | None:
        try:
            size = json.loads(self.path.read_text(encoding="utf-8"))["archive_size"]
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None
        return size if isinstance(size, int) else None

    def write(self, size: int) -> None:
        atomic_write_text(self.path, json.dumps({"archive_size": size}))
