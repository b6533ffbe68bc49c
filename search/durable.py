"""Writing files of the data directory so that a crash leaves the old or the new version, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def ensure_private_dir(path: Path) -> Path:
    """Create the directory owner-only: the index's table of contents is a pickle."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def atomic_write_text(path: Path, text: str) -> None:
    """Replace a whole text file durably."""
    atomic_write(path, lambda handle: handle.write(text.encode("utf-8")))


def atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Replace a whole file with what ``write`` writes to the handle it is given:
    a temporary file, fsynced and renamed over ``path``, then the directory fsynced."""
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_path(path.parent)


def fsync_path(path: Path) -> None:
    """Flush a file, or a directory (making renames and new files in it durable), to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_job(fd: int) -> Callable[[], None]:
    """A job that makes what was written to ``fd`` so far durable, through a descriptor of its own,
    so it may run in another thread while the caller writes on (group commit)."""
    duplicate = os.dup(fd)

    def sync() -> None:
        try:
            os.fsync(duplicate)
        finally:
            os.close(duplicate)

    return sync
