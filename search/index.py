"""Opening, writing and rebuilding the Whoosh index in the data directory.

Whoosh leaves two gaps we close here: it does not fsync commits (we do, and the
archive can rebuild the index after a crash) and its write lock lives inside the
index directory, which a rebuild replaces; so writers also hold ``index.lock``
in the data directory for as long as they are open.

Writing goes through a slightly faster Whoosh segment writer (see
:class:`IndexCodec`, :class:`_SegmentWriter` and :func:`merge_tiers`): the
crawler commits every few hundred articles, and with Whoosh's defaults each
commit cost more than the articles in it.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, Index, IndexVersionError
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from search.archive import Archive
from search.datadir import archive_path, index_dir
from search.documents import to_document
from search.postings import MergedSegment, PostingTable, TermWriter
from search.schema import SCHEMA_VERSION, build_schema

FORMAT_FILE = "newssearch.json"
LOCK_FILE = "index.lock"


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


def _storage(path: Path) -> FileStorage:
    # mmap makes a 100k-article index cost ~1.5 GB RSS and 600 ms to open.
    return FileStorage(str(path), supports_mmap=False)


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
        return _storage(path).open_index()
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
    return _storage(path).create_index(build_schema())


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


class IndexCodec(W3Codec):
    """Whoosh's codec (pickled into each segment by name) with the settings
    :class:`search.postings.TermWriter` writes postings with."""

    INLINE_LIMIT = 4
    MIN_COMPRESSED = 8

    def __init__(self) -> None:
        super().__init__(inlinelimit=self.INLINE_LIMIT)


class _SegmentWriter(SegmentWriter):
    """Whoosh's segment writer with its postings pooled and written by
    :mod:`search.postings`; the postings of segments given to :meth:`add_reader`
    are read when the new segment is written."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pool = PostingTable()
        self._merged: list[MergedSegment] = []

    def add_document(self, **fields) -> None:
        """Whoosh's ``add_document`` for schemas without term vectors, spelling
        fields or boosts, handing the table each field's postings in one call."""
        self._check_state()
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, names)
        perdoc = self.perdocwriter
        perdoc.start_doc(self.docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = self.schema[name]
                length = 0
                if field.indexed:
                    length = self.pool.add_field(name, self.docnum, field.index(value))
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def add_reader(self, reader) -> None:
        self._check_state()
        basedoc = self.docnum
        fieldnames = set(self.schema.names()) | {
            name for name in reader.indexed_field_names() if name in self.schema
        }
        docmap = self.write_per_doc(fieldnames, reader)
        # Merge policies close their readers on return; the postings are read later.
        own = SegmentReader(self.storage, self.schema, reader.segment())
        self._merged.append(MergedSegment(own, self.schema, basedoc, docmap))
        self._added = True

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            writer = TermWriter(
                self.fieldwriter, self.schema, _field_lengths(lengths, self.schema),
                block_limit=self.codec._blocklimit, compression=self.codec._compression,
                inline_limit=IndexCodec.INLINE_LIMIT, min_compressed=IndexCodec.MIN_COMPRESSED,
            )
            writer.write([self.pool.terms(), *(segment.terms() for segment in self._merged)])
            self.fieldwriter.close()
        finally:
            lengths.close()

    def _close_segment(self) -> None:
        super()._close_segment()
        for segment in self._merged:
            segment.close()
        self._merged.clear()


def _field_lengths(reader, schema) -> dict[str, list[int]]:
    """Every scorable field's length in each document of the segment being written."""
    count = reader.doc_count_all()
    return {
        name: [reader.doc_field_length(n, name) for n in range(count)]
        for name in schema.scorable_names()
    }


MERGE_FANOUT = 10


def _tier(segment) -> int:
    return int(math.log(max(segment.doc_count(), 1), MERGE_FANOUT))


def merge_tiers(writer: SegmentWriter, segments: list) -> list:
    """Merge policy: when ``MERGE_FANOUT`` segments of one size tier (a power of
    ``MERGE_FANOUT`` articles) have piled up, merge them into the new segment.

    Whoosh's default re-merges every small segment every few commits; with the
    crawler committing every 200 articles that was half of indexing time. Here
    each article is rewritten about once per tier (twice up to 100k articles)
    and an index keeps fewer than ``MERGE_FANOUT`` segments per tier.
    """
    tiers: dict[int, list] = {}
    for segment in segments:
        tiers.setdefault(_tier(segment), []).append(segment)
    full = next((tier for tier in sorted(tiers) if len(tiers[tier]) >= MERGE_FANOUT), None)
    if full is None:
        return segments
    for segment in tiers[full]:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if _tier(segment) != full]


def _writer(index: Index, limitmb: int) -> SegmentWriter:
    return _SegmentWriter(index, limitmb=limitmb, codec=IndexCodec())


def _open_for_writing(path: Path) -> Index:
    if not path.exists():
        return _create_index(path)
    _check_format(path)
    try:
        return _storage(path).open_index()
    except EmptyIndexError:
        return _storage(path).create_index(build_schema())
    except IndexVersionError as exc:
        raise IndexTooNewError(
            f"the index at {path} was written by a newer version of Whoosh; upgrade newscrawler"
        ) from exc
    except Exception as exc:
        raise IndexCorruptError(f"the index at {path} is damaged; run `newssearch reindex`") from exc


class ArticleIndexWriter:
    """Adds or replaces articles (keyed on ``id``), committing every ``batch_size`` of them.

    Only one writer may be open per data directory: a second one raises
    :class:`IndexLockedError` instead of waiting.
    """

    def __init__(self, data_dir: Path, batch_size: int = 500) -> None:
        self.data_dir = Path(data_dir)
        self.batch_size = batch_size
        self._lock = _acquire_lock(self.data_dir)
        try:
            try:
                self._index = _open_for_writing(index_dir(self.data_dir))
            except IndexOutdatedError:
                if not archive_path(self.data_dir).is_file():
                    raise
                _rebuild(self.data_dir)  # an upgrade: the archive has every article
                self._index = _open_for_writing(index_dir(self.data_dir))
        except BaseException:
            self._lock.close()
            raise
        self._writer = None
        self._batch_ids: set[str] = set()

    def add(self, record: dict) -> None:
        """Index one record, replacing any earlier version with the same id."""
        if record["id"] in self._batch_ids:
            # Whoosh replaces only committed documents: a second version within one
            # batch would otherwise sit beside the first.
            self.commit()
        if self._writer is None:
            self._writer = _writer(self._index, limitmb=128)
        self._writer.update_document(**to_document(record))
        self._batch_ids.add(record["id"])
        if len(self._batch_ids) >= self.batch_size:
            self.commit()

    def commit(self) -> None:
        """Make everything added so far searchable and durable."""
        if self._writer is not None:
            self._writer.commit(mergetype=merge_tiers)
            self._writer = None
            self._batch_ids.clear()
            _make_durable(index_dir(self.data_dir))

    def close(self) -> None:
        """Commit and give up the write lock."""
        if self._lock.closed:
            return
        try:
            self.commit()
        finally:
            self._index.close()
            self._lock.close()

    def __enter__(self) -> ArticleIndexWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def build_index(path: Path, records: Iterable[dict]) -> int:
    """Write ``records`` into a new index at ``path`` in one commit; return the count."""
    ix = _create_index(path)
    count = 0
    with _writer(ix, limitmb=256) as writer:
        for record in records:
            writer.add_document(**to_document(record))
            count += 1
    ix.close()
    _make_durable(path)
    return count


def rebuild_index(data_dir: Path) -> int:
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
        return _rebuild(data_dir)
    finally:
        lock.close()


def _rebuild(data_dir: Path) -> int:
    """The work of :func:`rebuild_index`; the caller holds the lock."""
    target = index_dir(data_dir)
    fresh = target.with_name(target.name + ".new")
    stale = target.with_name(target.name + ".old")
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    count = build_index(fresh, Archive(archive_path(data_dir)).iter_latest())
    if target.exists():
        target.rename(stale)
    fresh.rename(target)
    shutil.rmtree(stale, ignore_errors=True)
    return count
