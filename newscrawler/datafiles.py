"""Small file helpers shared by the components that write into the data directory."""

from __future__ import annotations

import errno
import os
import pwd
import tempfile
from pathlib import Path
from typing import Any

from newscrawler.diskspace import NO_SPACE_ERRNOS
from search.datadir import resolve_data_dir


def data_dir_from_settings(settings: Any) -> Path:
    """The data directory: Scrapy setting NEWS_DATA (which defaults to $NEWS_DATA, then ./data)."""
    return resolve_data_dir(settings.get("NEWS_DATA"))


def ensure_private_dir(path: Path) -> Path:
    """Create the directory owner-only: the index's table of contents is a pickle."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def atomic_write_text(path: Path, text: str) -> None:
    """Write a whole file so that a crash leaves the old or the new version, never half of one."""
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def unusable_data_dir(path: Path) -> str | None:
    """Why a crawl could not write in ``path``, checked before it fetches anything; None when it can.

    Owned by another user, read-only (file system, permissions, immutable flag), or holding
    files this user cannot write: any of them would otherwise fail at the first write, with
    a page already fetched and a traceback. A directory yet to be made is created later.
    """
    if not path.is_dir():
        return None
    me = os.geteuid()
    for entry in (path, *sorted(path.iterdir())):
        owner = entry.lstat().st_uid
        if owner != me:
            return (f"{entry} belongs to {_user(owner)}, not to the user running the crawl ({_user(me)}); "
                    "run the crawl as that user, or give it the directory")
    try:
        fd, probe = tempfile.mkstemp(dir=path, prefix=".write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        if exc.errno in NO_SPACE_ERRNOS:
            return None  # a full disk has its own report and exit status
        if exc.errno == errno.EROFS:
            return f"the data directory {path} is on a read-only file system; mount it read-write or use another one"
        return f"cannot write in the data directory {path} ({exc.strerror}); make it writable for this user"
    for entry in path.iterdir():
        if entry.is_file() and not os.access(entry, os.W_OK):
            return f"cannot write {entry}; make it writable for this user"
    return None


def _user(uid: int) -> str:
    try:
        return f"uid {uid} ({pwd.getpwuid(uid).pw_name})"
    except KeyError:
        return f"uid {uid}"
