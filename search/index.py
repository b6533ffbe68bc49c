"""Opening the Whoosh index in the data directory for searching, with one-line errors for users.

Writing (and rebuilding) is :mod:`search.indexwriter`'s; both check the
index's format file (``newssearch.json``) through :func:`check_format`.
"""

from __future__ import annotations

import json
import pickle
import struct
import zlib
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, Index, IndexVersionError
from whoosh.searching import Searcher

from search.datadir import DataDir
from search.schema import SCHEMA_VERSION

FORMAT_FILE = "newssearch.json"
READ_ERRORS = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError)
"""What reading a damaged index (or one whose files a commit just removed) raises."""


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


def check_format(path: Path) -> None:
    """Refuse an index written with another schema version (``IndexOutdatedError``: rebuild it)."""
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
    path = DataDir(data_dir).index
    if not path.is_dir():
        raise IndexMissingError(f"no index at {data_dir}; run `scrapy crawl news` first")
    check_format(path)
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
            f"the index at {DataDir(data_dir).index} is damaged; run `newssearch reindex`"
        ) from exc
