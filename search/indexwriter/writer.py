"""Writing and rebuilding the index in the data directory: the index writer's one entry point.

Whoosh leaves two gaps we close here: it does not fsync commits (we do, and the
archive can rebuild the index after a crash) and its write lock lives inside the
index directory, which a rebuild replaces; so writers also hold ``index.lock``
in the data directory for as long as they are open.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from whoosh.index import EmptyIndexError, Index, IndexVersionError

from search.archive import Archive
from search.datadir import DataDir
from search.durable import ensure_private_dir, fsync_path
from search.index import (
    FORMAT_FILE,
    ArchiveMissingError,
    IndexCorruptError,
    IndexLockedError,
    IndexOutdatedError,
    IndexTooNewError,
    check_format,
    open_storage,
)
from search.indexwriter.batches import BatchWriter
from search.schema import SCHEMA_VERSION, build_schema

logger = logging.getLogger(__name__)


def _acquire_lock(data_dir: DataDir) -> IO[bytes]:
    ensure_private_dir(data_dir.root)
    fd = os.open(data_dir.index_lock, os.O_RDWR | os.O_CREAT, 0o600)
    handle = os.fdopen(fd, "r+b")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        raise IndexLockedError(
            f"another crawl or reindex is writing the index in {data_dir}; try again when it ends"
        ) from exc
    return handle


def _create_index(path: Path) -> Index:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    (path / FORMAT_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION}) + "\n")
    return open_storage(path).create_index(build_schema())


def _make_durable(path: Path) -> None:
    """Owner-only permissions and fsync for every index file, then the directory."""
    os.chmod(path, 0o700)
    for entry in path.iterdir():
        if entry.is_file():
            os.chmod(entry, 0o600)
            fsync_path(entry)
    fsync_path(path)


def _open_for_writing(path: Path) -> Index:
    if not path.exists():
        return _create_index(path)
    check_format(path)
    try:
        return open_storage(path).open_index()
    except EmptyIndexError:
        return open_storage(path).create_index(build_schema())
    except IndexVersionError as exc:
        raise IndexTooNewError(
            f"the index at {path} was written by a newer version of Whoosh; upgrade newscrawler"
        ) from exc
    except Exception as exc:
        raise IndexCorruptError(f"the index at {path} is damaged; run `newssearch reindex`") from exc


class ArticleIndexWriter:
    """Adds or replaces articles (keyed on ``id``), committing every ``batch_size`` of them.

    With ``helper``, large batches are indexed on two cores (see :mod:`search.indexwriter.batches`).
    Only one writer may be open per data directory: a second one raises
    :class:`IndexLockedError` instead of waiting.
    """

    def __init__(self, data_dir: Path, batch_size: int = 500, *, helper: bool = False) -> None:
        self.data_dir = DataDir(data_dir)
        self._lock = _acquire_lock(self.data_dir)
        try:
            try:
                self._index = _open_for_writing(self.data_dir.index)
            except IndexOutdatedError:
                if not self.data_dir.archive.is_file():
                    raise
                _rebuild(self.data_dir, helper)  # an upgrade: the archive has every article
                self._index = _open_for_writing(self.data_dir.index)
            path = self.data_dir.index
            self._batches = BatchWriter(self._index, path, batch_size, helper=helper,
                                        on_commit=lambda: _make_durable(path))
        except BaseException:  # damage can surface while the batches read the index, too
            self._lock.close()
            raise

    def add(self, record: dict) -> None:
        """Index one record, replacing any earlier version with the same id."""
        self._batches.add(record)

    def commit(self) -> None:
        """Make everything added so far searchable and durable."""
        self._batches.commit()

    def close(self) -> None:
        """Commit and give up the write lock."""
        self._release(self._batches.close)

    def abandon(self) -> None:
        """Give up the write lock without committing: what was added since the last
        commit is lost here (the archive has it)."""
        self._release(self._batches.discard)

    def _release(self, finish_batches: Callable[[], None]) -> None:
        if self._lock.closed:
            return
        try:
            finish_batches()
        finally:
            self._index.close()
            self._lock.close()

    def __enter__(self) -> ArticleIndexWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


REBUILD_BATCH = 2000
"""Articles per commit when building a whole index: bounds memory, and larger
segments than a crawl's mean fewer merges."""


def build_index(path: Path, records: Iterable[dict], *, helper: bool = False) -> int:
    """Write ``records`` (distinct ids) into a new index at ``path``; return the count."""
    ix = _create_index(path)
    count = 0
    batches = BatchWriter(ix, path, REBUILD_BATCH, helper=helper, on_commit=lambda: None)
    try:
        for record in records:
            batches.add(record)
            count += 1
    finally:
        batches.close()
        ix.close()
    _make_durable(path)
    return count


def rebuild_index(data_dir: Path, *, helper: bool = False) -> int:
    """Replace the index with one built from the archive; return the number of articles.

    The new index is built beside the old one and swapped in by renames, so a
    rebuild that fails or is killed leaves the old index as it was.
    """
    data_dir = DataDir(data_dir)
    if not data_dir.archive.is_file():
        # Rebuilding from nothing would throw the current index away.
        raise ArchiveMissingError(f"no archive at {data_dir.archive}; nothing to rebuild from")
    lock = _acquire_lock(data_dir)
    try:
        return _rebuild(data_dir, helper)
    finally:
        lock.close()


def _rebuild(data_dir: DataDir, helper: bool) -> int:
    """The work of :func:`rebuild_index`; the caller holds the lock."""
    target = data_dir.index
    fresh = target.with_name(target.name + ".new")
    stale = target.with_name(target.name + ".old")
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    archive = Archive(data_dir.archive)
    count = build_index(fresh, archive.iter_latest(), helper=helper)
    if archive.damage_report():
        logger.warning(archive.damage_report())
    if target.exists():
        target.rename(stale)
    fresh.rename(target)
    shutil.rmtree(stale, ignore_errors=True)
    return count
