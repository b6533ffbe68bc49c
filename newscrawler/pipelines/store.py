"""Storage pipeline: append each article to the archive, then to the search index.

The archive (JSON Lines, fsynced per article) is the source of truth; the Whoosh
index is committed in batches and at spider close, and ``index-synced.json``
records how much of the archive the last commit covered. If a run was killed
in between, the next run re-indexes the archive's tail (or rebuilds the whole
index when it cannot be opened or the archive is not the one it was built from).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from newscrawler.damage import set_aside
from newscrawler.datafiles import atomic_write_text, data_dir_from_settings
from newscrawler.diskspace import no_space_error
from newscrawler.extensions.disk_guard import no_space_left, stop_if_no_space
from newscrawler.items import ArticleItem
from search.archive import Archive
from search.datadir import archive_path, index_dir
from search.index import ArticleIndexWriter, IndexLockedError, IndexTooNewError, rebuild_index

SYNC_FILE = "index-synced.json"
NOT_DAMAGE = (IndexLockedError, IndexTooNewError)
"""Index errors that say nothing about the index's files: never a reason to rebuild it."""

logger = logging.getLogger(__name__)


class StoragePipeline:
    """One Whoosh writer for the whole crawl; commits every ``INDEX_BATCH_SIZE`` articles."""

    def __init__(self, data_dir: Path, batch_size: int, stats: Any = None, helper: bool = False,
                 signals: Any = None) -> None:
        self.data_dir = data_dir
        self.batch_size = max(1, batch_size)
        self.helper = helper
        self.stats = stats
        self.signals = signals
        self.archive = Archive(archive_path(data_dir))
        self.writer: ArticleIndexWriter | None = None
        self.uncommitted = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoragePipeline:
        settings = crawler.settings
        return cls(data_dir_from_settings(settings), settings.getint("INDEX_BATCH_SIZE"), crawler.stats,
                   helper=settings.getbool("INDEX_HELPER"), signals=crawler.signals)

    def open_spider(self) -> None:
        with stop_if_no_space(self.signals, self.data_dir):
            self._open()

    def _open(self) -> None:
        synced, size = self._synced_size(), self.archive.size()
        if synced is None or synced > size:
            self._rebuild()
        try:
            self.writer = self._open_writer()
        except Exception as exc:
            if isinstance(exc, NOT_DAMAGE) or no_space_error(exc):
                raise
            self._heal(exc)
            return
        if synced is not None and synced < size:
            self._catch_up(synced)

    def _open_writer(self) -> ArticleIndexWriter:
        return ArticleIndexWriter(self.data_dir, batch_size=self.batch_size, helper=self.helper)

    def _rebuild(self) -> None:
        count = rebuild_index(self.data_dir, helper=self.helper)
        self._count("index_rebuilt")
        self._write_synced()
        if self.stats is not None:
            self.stats.set_value("newscrawler/store/index_rebuilt_articles", count)

    def _heal(self, damage: BaseException) -> None:
        """The index cannot be read or written: keep it aside, rebuild it from the archive, go on."""
        set_aside(index_dir(self.data_dir), damage, "rebuilt from the archive")
        self._rebuild()
        self.writer = self._open_writer()

    def _catch_up(self, synced: int) -> None:
        """Index what a killed run archived after its last commit."""
        try:
            for record in self.archive.iter_from(synced):
                self.writer.add(record)
                self._count("index_caught_up")
            if self.archive.damage_report():
                logger.warning(self.archive.damage_report())
            self.writer.commit()
            self._write_synced()
        except Exception as exc:
            self._index_failed(exc)

    def close_spider(self) -> None:
        try:
            self._commit_and_close()
        except Exception as exc:
            self._index_failed(exc)
            self._commit_and_close()  # the index rebuilt after damage, if it was
        self.archive.close()

    def _commit_and_close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self._write_synced()
            self.writer = None

    def process_item(self, item: ArticleItem) -> ArticleItem:
        """Archive, then index; once archived, the article is stored whatever the index does."""
        record = item.to_record()
        self.archive.append(record)
        self._count("articles")
        if self.writer is None:
            return item
        try:
            self.writer.add(record)
            self.uncommitted += 1
            if self.uncommitted >= self.batch_size:
                self.writer.commit()
                self._write_synced()
        except Exception as exc:
            self._index_failed(exc)
        return item

    def _index_failed(self, error: Exception) -> None:
        """Stop writing the index: rebuild it if damaged, leave it behind the archive if the disk is full
        (``index-synced.json`` keeps naming the last commit, so the next run indexes the rest)."""
        writer, self.writer = self.writer, None
        try:
            if writer is not None:
                writer.abandon()
        except Exception:
            logger.debug("closing the failed index writer failed too", exc_info=True)
        if no_space_error(error) is None:
            self._heal(error)
            return
        logger.debug("index write failed for lack of space", exc_info=error)
        if self.signals is not None:
            self.signals.send_catch_log(no_space_left, error=no_space_error(error), path=index_dir(self.data_dir))

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
