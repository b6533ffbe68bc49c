"""Storage pipeline: append each article to the archive, then to the search index.

The archive (JSON Lines, fsynced per article) is the source of truth; the Whoosh
index is committed in batches and at spider close, and ``index-synced.json``
records how much of the archive the last commit covered. If a run was killed
in between, the next run re-indexes the archive's tail (or rebuilds the whole
index when it cannot be opened or the archive is not the one it was built from).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newscrawler.datafiles import atomic_write_text, data_dir_from_settings
from newscrawler.items import ArticleItem
from search.archive import Archive
from search.datadir import archive_path
from search.index import ArticleIndexWriter, IndexCorruptError, rebuild_index

SYNC_FILE = "index-synced.json"


class StoragePipeline:
    """One Whoosh writer for the whole crawl; commits every ``INDEX_BATCH_SIZE`` articles."""

    def __init__(self, data_dir: Path, batch_size: int, stats: Any = None, helper: bool = False) -> None:
        self.data_dir = data_dir
        self.batch_size = max(1, batch_size)
        self.helper = helper
        self.stats = stats
        self.archive = Archive(archive_path(data_dir))
        self.writer: ArticleIndexWriter | None = None
        self.uncommitted = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoragePipeline:
        settings = crawler.settings
        return cls(data_dir_from_settings(settings), settings.getint("INDEX_BATCH_SIZE"), crawler.stats,
                   helper=settings.getbool("INDEX_HELPER"))

    def open_spider(self) -> None:
        synced, size = self._synced_size(), self.archive.size()
        if synced is None or synced > size:
            self._rebuild()
        try:
            self.writer = ArticleIndexWriter(self.data_dir, batch_size=self.batch_size, helper=self.helper)
        except IndexCorruptError:
            self._rebuild()
            self.writer = ArticleIndexWriter(self.data_dir, batch_size=self.batch_size, helper=self.helper)
        if synced is not None and synced < size:
            self._catch_up(synced)

    def _rebuild(self) -> None:
        count = rebuild_index(self.data_dir, helper=self.helper)
        self._count("index_rebuilt")
        self._write_synced()
        if self.stats is not None:
            self.stats.set_value("newscrawler/store/index_rebuilt_articles", count)

    def _catch_up(self, synced: int) -> None:
        """Index what a killed run archived after its last commit."""
        for record in self.archive.iter_from(synced):
            self.writer.add(record)
            self._count("index_caught_up")
        self.writer.commit()
        self._write_synced()

    def close_spider(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self._write_synced()

    def process_item(self, item: ArticleItem) -> ArticleItem:
        record = item.to_record()
        self.archive.append(record)
        self.writer.add(record)
        self._count("articles")
        self.uncommitted += 1
        if self.uncommitted >= self.batch_size:
            self.commit()
        return item

    def commit(self) -> None:
        """Make every archived article searchable now (and record how far the index covers the archive)."""
        if self.writer is not None and self.uncommitted:
            self.writer.commit()
            self._write_synced()

    def _synced_size(self) -> int | None:
        try:
            return json.loads((self.data_dir / SYNC_FILE).read_text(encoding="utf-8"))["archive_size"]
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None if self.archive.size() else 0

    def _write_synced(self) -> None:
        self.uncommitted = 0
        atomic_write_text(self.data_dir / SYNC_FILE, json.dumps({"archive_size": self.archive.size()}))

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawler/store/{what}")
