"""Whether the crawl can use its data directory at all, checked before anything is fetched."""

from __future__ import annotations

import errno
import os
import pwd
import tempfile
from pathlib import Path

from newscrawler.diskspace import NO_SPACE_ERRNOS


def unusable_data_dir(path: Path) -> str | None:
    """Why a crawl could not write in ``path``, checked before it fetches anything; None when it can.

    Owned by another user, read-only (file system, permissions, immutable flag), or holding
    files this user cannot write: any of them would otherwise fail at the first write, with
    a page already fetched and a traceback. A directory yet to be made is created later.
    """
    path = Path(path)
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
