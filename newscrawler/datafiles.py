"""Small file helpers shared by the components that write into the data directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

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
