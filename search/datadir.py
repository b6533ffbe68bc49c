"""Where newscrawler keeps its data: one directory shared by the crawler and the CLI.

:class:`DataDir` names every file in it, so a file's name is written down once.
Only the archive is the source of truth; everything else is derived from it
(index, dedupe registry, near-duplicate index), a cache (fetch state, site
templates) or a note about the last run (summary, locks, catch-up marker).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

DEFAULT_DATA_DIR = "data"
ENV_VAR = "NEWS_DATA"
"""The environment variable, and the Scrapy setting of the same name, that name the directory."""


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> DataDir:
    """The data directory: an explicit value, else $NEWS_DATA, else ./data."""
    if explicit:
        return DataDir(explicit)
    return DataDir(os.environ.get(ENV_VAR) or DEFAULT_DATA_DIR)


def data_dir_from_settings(settings: Any) -> DataDir:
    """The crawler's data directory: Scrapy setting NEWS_DATA, else $NEWS_DATA, else ./data."""
    return resolve_data_dir(settings.get(ENV_VAR))


@dataclass(frozen=True, init=False)
class DataDir:
    """The files of one data directory, each with the module that writes it.

    Usable wherever a path is (``os.fspath``, ``str``), so functions that take the
    data directory as a path take this too.
    """

    root: Path

    def __init__(self, root: str | os.PathLike[str]) -> None:
        object.__setattr__(self, "root", Path(root))

    def __fspath__(self) -> str:
        return os.fspath(self.root)

    def __str__(self) -> str:
        return str(self.root)

    @property
    def archive(self) -> Path:
        """Append-only JSON Lines archive of every stored article (search.archive)."""
        return self.root / "archive.jsonl"

    @property
    def index(self) -> Path:
        """The Whoosh index directory (search.index); rebuilt beside it as ``index.new``."""
        return self.root / "index"

    @property
    def index_lock(self) -> Path:
        """``flock`` held by the one open index writer (search.index)."""
        return self.root / "index.lock"

    @property
    def index_synced(self) -> Path:
        """How many bytes of the archive the index's last commit covered: its catch-up mark (search.catchup)."""
        return self.root / "index-synced.json"

    @property
    def dedupe_registry(self) -> Path:
        """SQLite registry of stored URLs, texts and stories (newscrawler.dedupe.registry)."""
        return self.root / "state.sqlite"

    @property
    def near_duplicates(self) -> Path:
        """Near-duplicate (MinHash LSH) index of stored texts (newscrawler.dedupe.near)."""
        return self.root / "near-duplicates"

    @property
    def fetch_state(self) -> Path:
        """SQLite cache of validators and listing bodies per URL (newscrawler.fetchstate)."""
        return self.root / "fetch-state.sqlite"

    @property
    def site_templates(self) -> Path:
        """Template lines learnt per site (newscrawler.pipelines.clean)."""
        return self.root / "templates.json"

    @property
    def last_crawl(self) -> Path:
        """The last run's summary (newscrawler.extensions.summary; read by ``newssearch stats``)."""
        return self.root / "last-crawl.json"

    @property
    def warc(self) -> Path:
        """Gzip WARC files of the fetched pages, re-read by ``newssearch reextract`` (newscrawler.warc)."""
        return self.root / "warc"

    @property
    def crawl_lock(self) -> Path:
        """``flock`` held for a whole crawl: one crawl per data directory (newscrawler.crawllock)."""
        return self.root / "crawl.lock"

    @property
    def archive_inputs(self) -> Path:
        """How far each ``-a warc=`` / ``-a ccnews=`` input file has been read (newscrawler.warc.progress)."""
        return self.root / "archive-inputs.json"

SQLITE_COMPANIONS = ("-wal", "-shm")
"""Files SQLite keeps beside a database in WAL mode: they belong to it, damaged or not."""


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged file or directory to ``NAME.damaged-YYYYmmddTHHMMSS`` (UTC), its SQLite
    companions with it, and return the new path: kept for a person to look at, out of the way
    of a rebuild."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S")
    suffix = f".damaged-{stamp}"
    number = 1
    while path.with_name(path.name + suffix).exists():
        number += 1
        suffix = f".damaged-{stamp}-{number}"
    target = path.with_name(path.name + suffix)
    path.rename(target)
    for companion in SQLITE_COMPANIONS:
        beside = path.with_name(path.name + companion)
        if beside.exists():
            beside.rename(beside.with_name(beside.name + suffix))
    return target
