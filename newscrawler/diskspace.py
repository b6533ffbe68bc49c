"""Telling a full disk apart from other write errors, and how much room is left.

A full disk reaches the crawl in several shapes, one per kind of writer: ``OSError``
ENOSPC from plain file writes (archive, index segments, WARC files, JSON files),
EDQUOT under a disk quota, EFBIG past a file-size limit (``RLIMIT_FSIZE``; the crawl
ignores SIGXFSZ so the write fails instead of killing the process), and
``sqlite3.OperationalError`` "database or disk is full" (SQLITE_FULL; "disk I/O
error" when SQLite cannot grow the WAL index) from the state databases. Any of them means the same to a cron user: free space, run again.
"""

from __future__ import annotations

import errno
import os
import re
import resource
import sqlite3
from pathlib import Path

NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
SQLITE_NO_SPACE = frozenset({13, 4874})
"""SQLITE_FULL, and SQLITE_IOERR_SHMSIZE: the WAL index (``-shm``) could not be grown."""
SQLITE_IOERR_WRITE = 778
"""What SQLite makes of EFBIG: a failed write, told apart from a bad disk by the limit in force."""
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "m": 1000**2, "mb": 1000**2, "g": 1000**3, "gb": 1000**3,
          "kib": 1024, "mib": 1024**2, "gib": 1024**3}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*")


def no_space_error(exc: BaseException | None) -> BaseException | None:
    """The out-of-space error in ``exc`` or the exceptions it was raised from, if any."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in NO_SPACE_ERRNOS:
            return exc
        if isinstance(exc, sqlite3.Error):
            code = getattr(exc, "sqlite_errorcode", None)
            if code in SQLITE_NO_SPACE:
                return exc
            if code == SQLITE_IOERR_WRITE and _file_size_limited():
                return OSError(errno.EFBIG, "File too large")
        exc = exc.__cause__ or exc.__context__
    return None


def _file_size_limited() -> bool:
    return resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY


def free_bytes(path: Path) -> int:
    """Bytes an unprivileged writer may still use on the file system holding ``path``
    (or its nearest existing parent). One ``statvfs`` call, a microsecond or two."""
    path = Path(path).absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    info = os.statvfs(path)
    return info.f_bavail * info.f_frsize


def parse_size(value: object) -> int:
    """Bytes from a setting: an integer, or a number with a unit (``200MB``, ``1.5GB``, ``512KiB``)."""
    if isinstance(value, (int, float)):
        return int(value)
    match = _SIZE.fullmatch(str(value).lower())
    if not match or match.group(2) not in _UNITS:
        raise ValueError(f"not a size: {value!r} (write e.g. 200MB, 1GB or a number of bytes)")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def human_size(size: int) -> str:
    """``209715200`` -> ``"210 MB"``: sizes in messages, in the units people type."""
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} bytes"
