"""The append-only JSON Lines archive: the durable copy the index is rebuilt from.

Whoosh does not fsync its commits, so after a crash the index may be lost; the
archive is fsynced on every append, and an updated article is simply appended
again, the later line superseding the earlier one.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from search.durable import fsync_job


class Archive:
    """Append records to, and read the latest version of each back from, one file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self.damaged_lines: list[int] = []
        """Numbers (from 1) of the lines the last read could not decode: a run killed mid-write,
        or bytes overwritten on disk. Set once a read is complete."""

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            if os.fstat(self._fd).st_size > 0 and not _ends_with_newline(self.path):
                # A killed run left half a line: end it, so it stays one bad line
                # instead of corrupting the next record too.
                _write_all(self._fd, b"\n")
        return self._fd

    def append(self, record: dict) -> None:
        """Write one record as one line and make it durable before returning."""
        self.append_many([record])

    def append_many(self, records: Iterable[dict]) -> None:
        """Write several records with a single fsync."""
        fd = self._open()
        start = os.fstat(fd).st_size
        if self.write(records) == start:
            return
        try:
            os.fsync(fd)
        except OSError:
            self.cut_back(start)
            raise

    def write(self, records: Iterable[dict]) -> int:
        """Write records without waiting for the disk (see :meth:`syncer`); return where they end."""
        lines = b"".join(_encode(record) for record in records)
        fd = self._open()
        end = os.fstat(fd).st_size
        if not lines:
            return end
        try:
            _write_all(fd, lines)
        except OSError:
            self.cut_back(end)
            raise
        return end + len(lines)

    def syncer(self) -> Callable[[], int]:
        """A job making everything written so far durable, returning the size that is then durable.

        It holds a descriptor of its own, so it may run in another thread while writes go on.
        """
        fd = self._open()
        size, sync = os.fstat(fd).st_size, fsync_job(fd)

        def sync_and_tell() -> int:
            sync()
            return size

        return sync_and_tell

    def cut_back(self, size: int) -> None:
        """Drop what follows byte ``size``: lines a full disk took in part or that never became durable,
        so the archive never holds half a record followed by the next one."""
        with contextlib.suppress(OSError):
            os.ftruncate(self._open(), size)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def iter_latest(self) -> Iterator[dict]:
        """Yield the last version of each record by ``id``, in order of that version.

        Two passes over the file keep memory to one offset per article rather
        than every body.
        """
        yield from self.read_at(self.latest_offsets())

    def latest_offsets(self) -> list[int]:
        """Where the last version of each record starts, in file order (how many there are to read)."""
        self.damaged_lines = []
        if not self.path.exists():
            return []
        latest: dict[str, int] = {}
        for offset, record in self._scan():
            latest[record["id"]] = offset
        return sorted(latest.values())

    def read_at(self, offsets: list[int]) -> Iterator[dict]:
        """The records starting at ``offsets`` (from :meth:`latest_offsets`)."""
        if not offsets:
            return
        with open(self.path, "rb") as handle:
            for offset in offsets:
                handle.seek(offset)
                yield json.loads(handle.readline())

    def size(self) -> int:
        """Bytes written so far (0 before the first append): how far a reader has to catch up."""
        return self.path.stat().st_size if self.path.exists() else 0

    def iter_from(self, offset: int) -> Iterator[dict]:
        """Records appended after byte ``offset``, in order: what an index synced up to there lacks."""
        if self.path.exists():
            yield from (record for _, record in self._scan(offset))

    def _scan(self, start: int = 0) -> Iterator[tuple[int, dict]]:
        self.damaged_lines = []
        with open(self.path, "rb") as handle:
            handle.seek(start)
            offset, number = start, None
            for index, line in enumerate(handle):
                record = _decode(line)
                if record is None:
                    if line.strip():
                        number = number if number is not None else _lines_before(self.path, start)
                        self.damaged_lines.append(number + index + 1)
                else:
                    yield offset, record
                offset += len(line)

    def damage_report(self) -> str | None:
        """One line naming the damaged lines of the last read, or None when there were none."""
        if not self.damaged_lines:
            return None
        shown = ", ".join(map(str, self.damaged_lines[:20]))
        more = f" and {len(self.damaged_lines) - 20} more" if len(self.damaged_lines) > 20 else ""
        plural = "s" if len(self.damaged_lines) > 1 else ""
        return f"{self.path}: skipped {len(self.damaged_lines)} damaged line{plural} ({shown}{more})"


def _encode(record: dict) -> bytes:
    if not record.get("id"):
        raise ValueError("an archive record needs an 'id'")
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _decode(line: bytes) -> dict | None:
    if not line.endswith(b"\n"):
        return None  # torn last line of a killed run
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        return None
    return record


def _write_all(fd: int, data: bytes) -> None:
    """Unbuffered, so a failed write leaves nothing behind to be flushed later."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _lines_before(path: Path, offset: int) -> int:
    """Lines before byte ``offset``: only counted when a damaged line needs its number."""
    count = 0
    with open(path, "rb") as handle:
        while offset > 0:
            chunk = handle.read(min(offset, 1 << 20))
            if not chunk:
                break
            count += chunk.count(b"\n")
            offset -= len(chunk)
    return count


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"
