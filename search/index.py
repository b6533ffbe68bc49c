"""Opening, writing and rebuilding the Whoosh index in the data directory.

Whoosh leaves two gaps we close here: it does not fsync commits (we do, and the
archive can rebuild the index after a crash) and its write lock lives inside the
index directory, which a rebuild replaces; so writers also hold ``index.lock``
in the data directory for as long as they are open.

Segments are written by :mod:`search.segments`, in batches by :mod:`search.batches`.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, Index, IndexVersionError
from whoosh.searching import Searcher

from search.archive import Archive
from search.datadir import archive_path, index_dir
from search.schema import SCHEMA_VERSION, build_schema

logger = logging.getLogger(__name__)

FORMAT_FILE = "newssearch.json"
LOCK_FILE = "index.lock"


def open_storage(path: Path | str) -> FileStorage:
    """The index directory as Whoosh storage, read without mmap: mmap makes a
    100k-article index cost ~1.5 GB RSS and 600 ms to open."""
    return FileStorage(str(path), supports_mmap=False)


class SearchIndexError(Exception):
    """Base of index problems; ``str()`` is a one-line message for users."""


class IndexMissingError(SearchIndexError):
    pass


class IndexCorruptError(SearchIndexError):
    pass


class IndexTooNewError(SearchIndexError):
    pass


class IndexLockedError(SearchIndexError):
    pass


class IndexEmptyError(SearchIndexError):
    pass


class IndexOutdatedError(SearchIndexError):
    pass


class ArchiveMissingError(SearchIndexError):
    pass


def _check_format(path: Path) -> None:
    try:
        version = json.loads((path / FORMAT_FILE).read_text())["schema"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"the index at {path} is damaged; run `newssearch reindex`") from exc
    if version > SCHEMA_VERSION:
        raise IndexTooNewError(
            f"the index at {path} was written by a newer version of newscrawler; upgrade it"
        )
    if version < SCHEMA_VERSION:
        raise IndexOutdatedError(
            f"the index at {path} was written by an older version of newscrawler; "
            "run `newssearch reindex`"
        )


def open_index_readonly(data_dir: Path) -> Index:
    """Open the index for searching, with user-facing errors for every way it can fail."""
    path = index_dir(data_dir)
    if not path.is_dir():
        raise IndexMissingError(f"no index at {data_dir}; run `scrapy crawl news` first")
    _check_format(path)
    try:
        return open_storage(path).open_index()
    except EmptyIndexError as exc:
        raise IndexMissingError(f"no index at {data_dir}; run `scrapy crawl news` first") from exc
    except IndexVersionError as exc:
        raise IndexTooNewError(
            f"the index at {path} was written by a newer version of Whoosh; upgrade newscrawler"
        ) from exc
    except Exception as exc:  # unpickling a damaged TOC can raise almost anything
        raise IndexCorruptError(f"the index at {path} is damaged; run `newssearch reindex`") from exc


def open_searcher(data_dir: Path) -> Searcher:
    """A searcher over the index; raises the errors of :func:`open_index_readonly`."""
    ix = open_index_readonly(data_dir)
    try:
        return ix.searcher()
    except Exception as exc:  # a missing or truncated segment file
        raise IndexCorruptError(
            f"the index at {index_dir(data_dir)} is damaged; run `newssearch reindex`"
        ) from exc


def _acquire_lock(data_dir: Path) -> IO[bytes]:
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
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
            fd = os.open(entry, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_for_writing(path: Path) -> Index:
    if not path.exists():
        return _create_index(path)
    _check_format(path)
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

    With ``helper``, large batches are indexed on two cores (see :mod:`search.batches`).
    Only one writer may be open per data directory: a second one raises
    :class:`IndexLockedError` instead of waiting.
    """

    def __init__(self, data_dir: Path, batch_size: int = 500, *, helper: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self._lock = _acquire_lock(self.data_dir)
        try:
            try:
                self._index = _open_for_writing(index_dir(self.data_dir))
            except IndexOutdatedError:
                if not archive_path(self.data_dir).is_file():
                    raise
                _rebuild(self.data_dir, helper)  # an upgrade: the archive has every article
                self._index = _open_for_writing(index_dir(self.data_dir))
            from search.batches import BatchWriter  # writing only: keeps `newssearch` start fast

            path = index_dir(self.data_dir)
            self._batches = BatchWriter(self._index, path, batch_size, helper=helper,
                                        on_commit=lambda: _make_durable(path))
        except BaseException:
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
    from search.batches import BatchWriter  # writing only: keeps `newssearch` start fast

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
    data_dir = Path(data_dir)
    if not archive_path(data_dir).is_file():
        # Rebuilding from nothing would throw the current index away.
        raise ArchiveMissingError(f"no archive at {archive_path(data_dir)}; nothing to rebuild from")
    lock = _acquire_lock(data_dir)
    try:
        return _rebuild(data_dir, helper)
    finally:
        lock.close()


def _rebuild(data_dir: Path, helper: bool) -> int:
    """The work of :func:`rebuild_index`; the caller holds the lock."""
    target = index_dir(data_dir)
    fresh = target.with_name(target.name + ".new")
    stale = target.with_name(target.name + ".old")
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    archive = Archive(archive_path(data_dir))
    count = build_index(fresh, archive.iter_latest(), helper=helper)
    if archive.damage_report():
        logger.warning(archive.damage_report())
    if target.exists():
        target.rename(stale)
    fresh.rename(target)
    shutil.rmtree(stale, ignore_errors=True)
    return count
