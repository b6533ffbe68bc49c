"""Where newscrawler keeps its data: one directory shared by the crawler and the CLI."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA_DIR = "data"
ENV_VAR = "NEWS_DATA"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory: an explicit value, else $NEWS_DATA, else ./data."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DATA_DIR)


def index_dir(data_dir: Path) -> Path:
    """The Whoosh index lives in its own sub-directory."""
    return data_dir / "index"


def archive_path(data_dir: Path) -> Path:
    """Append-only JSON Lines archive from which the index can be rebuilt."""
    return data_dir / "archive.jsonl"


def state_path(data_dir: Path) -> Path:
    """SQLite database of crawl and de-duplication state."""
    return data_dir / "state.sqlite"


def warc_dir(data_dir: Path) -> Path:
    """Gzip WARC files of the fetched pages, re-read by ``newssearch reextract``."""
    return data_dir / "warc"


def archive_inputs_path(data_dir: Path) -> Path:
    """How far each ``-a warc=`` / ``-a ccnews=`` input file has been read (resuming runs)."""
    return data_dir / "archive-inputs.json"
