"""Reading a file of the data directory through, to tell whether it is damaged.

Format checks only (SQLite's own check, JSON, zip and gzip checksums): each says
what is wrong in a few words, or None. Used by the crawl when it opens a file
and by ``newssearch doctor``, which reads every file.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import zipfile
import zlib
from pathlib import Path


def sqlite_damage(path: Path) -> str | None:
    """SQLite's ``PRAGMA quick_check`` (every page's structure; ~0.3 s for 80 MB)."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = [row[0] for row in db.execute("PRAGMA quick_check")]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if verdict == ["ok"] else "; ".join(verdict[:3])


def json_damage(path: Path) -> str | None:
    """A JSON object that parses."""
    if not path.exists():
        return None
    try:
        if not isinstance(json.loads(path.read_text(encoding="utf-8")), dict):
            return "not a JSON object"
    except ValueError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def zip_damage(path: Path) -> str | None:
    """Every member of a zip file (a NumPy ``.npz``) against its CRC."""
    if not path.exists():
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        return f"{type(exc).__name__}: {exc}"
    return f"bad checksum in {bad}" if bad else None


def gzip_damage(path: Path) -> str | None:
    """Every gzip member of a file (a WARC file) against its CRC."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
    except (OSError, EOFError, zlib.error) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None
