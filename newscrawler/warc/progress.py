"""How far each WARC input has been read, so a re-run skips finished files and resumes a half-read one.

A record counts as done once its page has left the pipelines (stored, dropped
or failed) or was never sent to them (another host, not HTML). Pages pass the
pipelines concurrently, so a file's resume point is its earliest record not yet
done: a killed run re-reads a few pages at most, and de-duplication makes that
harmless. The state is one small JSON file, rewritten atomically.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from search.durable import atomic_write_text

SAVE_EVERY_SECONDS = 5.0


@dataclass
class FileProgress:
    done: bool = False
    resume_at: int = 0
    """Offset of a record start to reopen the file at."""
    done_through: int = -1
    """Records starting at or before this offset are done (``resume_at`` itself may be)."""
    pending: set[int] = field(default_factory=set)
    """Records handed to the pipelines and not finished (this run only)."""
    last_read: int = -1
    fully_read: bool = False


class ReadProgress:
    """Per input location (path or URL): done, or where to resume."""

    def __init__(self, path: Path, clock=time.monotonic) -> None:
        self.path = path
        self.clock = clock
        self.files: dict[str, FileProgress] = {}
        self._saved_at = 0.0
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            stored = {}
        for location, entry in (stored.get("files") or {}).items() if isinstance(stored, dict) else ():
            try:
                self.files[location] = FileProgress(bool(entry["done"]), int(entry["resume_at"]), int(entry["done_through"]))
            except (KeyError, TypeError, ValueError):
                continue

    def of(self, location: str) -> FileProgress:
        return self.files.setdefault(location, FileProgress())

    def read(self, location: str, offset: int, pending: bool) -> None:
        """A record was read; ``pending`` when its page went to the pipelines."""
        progress = self.of(location)
        progress.last_read = offset
        if pending:
            progress.pending.add(offset)
        self._advance(progress)

    def finished_record(self, location: str, offset: int) -> None:
        progress = self.of(location)
        progress.pending.discard(offset)
        self._advance(progress)

    def finished_file(self, location: str) -> None:
        """Every record was read; the file is done once its pages are."""
        progress = self.of(location)
        progress.fully_read = True
        self._advance(progress)
        self.save(force=True)

    def settle(self) -> None:
        """The crawl ended normally: nothing is in the pipelines any more."""
        for progress in self.files.values():
            progress.pending.clear()
            self._advance(progress)

    def _advance(self, progress: FileProgress) -> None:
        if progress.pending:
            earliest = min(progress.pending)
            progress.resume_at, progress.done_through = earliest, earliest - 1
        elif progress.fully_read:
            progress.done = True
        elif progress.last_read >= 0:
            progress.resume_at = progress.done_through = progress.last_read
        self.save()

    def save(self, force: bool = False) -> None:
        now = self.clock()
        if not force and now - self._saved_at < SAVE_EVERY_SECONDS:
            return
        self._saved_at = now
        files = {location: {"done": p.done, "resume_at": p.resume_at, "done_through": p.done_through}
                 for location, p in self.files.items()}
        atomic_write_text(self.path, json.dumps({"files": files}, indent=1))
