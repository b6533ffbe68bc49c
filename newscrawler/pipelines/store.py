"""Storage pipeline: append each article to the archive, then to the search index.

The archive (JSON Lines, fsynced before an article counts as stored, one fsync
for the articles that arrived meanwhile) is the source of truth; the Whoosh
index is committed in batches and at spider close, and its mark
(``index-synced.json``) records how much of the archive the last commit
covered. A run killed in between is caught up at the next start
(:mod:`search.catchup`): the archive's tail is indexed, or the whole index
rebuilt when it cannot be opened or the archive is not the one it was built from.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newscrawler.cputime import cpu_stage
from newscrawler.damage import set_aside
from newscrawler.diskspace import no_space_error
from newscrawler.extensions.disk_guard import no_space_left, stop_if_no_space
from newscrawler.groupcommit import GroupCommit
from newscrawler.items import ArticleItem
from search.archive import Archive
from search.catchup import MarkFile, catch_up
from search.datadir import DataDir, data_dir_from_settings
from search.index import IndexLockedError, IndexTooNewError
from search.indexwriter import ArticleIndexWriter, rebuild_index

NOT_DAMAGE = (IndexLockedError, IndexTooNewError)
"""Index errors that say nothing about the index's files: never a reason to rebuild it."""

logger = logging.getLogger(__name__)


class StoragePipeline:
    """One Whoosh writer for the whole crawl; commits every ``INDEX_BATCH_SIZE`` articles."""

    def __init__(self, data_dir: Path, batch_size: int, stats: Any = None, helper: bool = False,
                 signals: Any = None) -> None:
        self.data_dir = DataDir(data_dir)
        self.batch_size = max(1, batch_size)
        self.helper = helper
        self.stats = stats
        self.signals = signals
        self.archive = Archive(self.data_dir.archive)
        self.synced = MarkFile(self.data_dir.index_synced)
        self.writer: ArticleIndexWriter | None = None
        self.uncommitted = 0
        self.durable = 0
        """Archive bytes known to be on disk."""
        self.covered = 0
        """Archive bytes whose records are all in the index (committed or not)."""
        self.group = GroupCommit(self.archive.syncer, self._synced, self._sync_failed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoragePipeline:
        settings = crawler.settings
        return cls(data_dir_from_settings(settings), settings.getint("INDEX_BATCH_SIZE"), crawler.stats,
                   helper=settings.getbool("INDEX_HELPER"), signals=crawler.signals)

    def open_spider(self) -> None:
        self.durable = self.covered = self.archive.size()
        with stop_if_no_space(self.signals, self.data_dir):
            try:
                catch_up(self.archive, self)
                if self.writer is None:
                    self.writer = self._open_writer()
            except Exception as exc:
                if isinstance(exc, NOT_DAMAGE) or no_space_error(exc):
                    raise
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
            with cpu_stage(self.stats, "index"):
                self.writer.close()
                self.mark(self.archive.size())
            self.writer = None

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        """Archive, then index; once archived (its bytes fsynced with the group's), the article is stored
        whatever the index does."""
        record = item.to_record()
        with cpu_stage(self.stats, "archive"):
            end = self.archive.write([record])
        await self.group.durable()
        self._stored(record, end)
        return item

    def store(self, item: ArticleItem) -> ArticleItem:
        """:meth:`process_item` for callers outside the crawl's event loop: one fsync per call."""
        record = item.to_record()
        with cpu_stage(self.stats, "archive"):
            self.archive.append(record)
        self.durable = self.archive.size()
        self._stored(record, self.durable)
        return item

    def _stored(self, record: dict, end: int) -> None:
        """Index an archived record; ``end`` is where it ends in the archive: records reach here in
        archive order, so the index then covers the archive up to there."""
        self._count("articles")
        if self.writer is None:
            return
        try:
            with cpu_stage(self.stats, "index"):
                self.writer.add(record)
                self.covered = end
                self.uncommitted += 1
                if self.uncommitted >= self.batch_size:
                    self.commit()
        except Exception as exc:
            self._index_failed(exc)

    def _synced(self, size: int) -> None:
        self.durable = max(self.durable, size)

    def _sync_failed(self, error: BaseException) -> None:
        """The lines written since the last good fsync may be lost: cut them off; their items fail."""
        self.archive.cut_back(self.durable)

    def commit(self) -> None:
        """Make every archived article searchable now (and mark how far the index covers the archive)."""
        if self.writer is not None and self.uncommitted:
            self.writer.commit()
            self.mark(self.covered)

    def _index_failed(self, error: Exception) -> None:
        """Stop writing the index: rebuild it if damaged, leave it behind the archive if the disk is full
        (its mark keeps naming the last commit, so the next run indexes the rest)."""
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
            self.signals.send_catch_log(no_space_left, error=no_space_error(error), path=self.data_dir.index)

    def _heal(self, damage: BaseException) -> None:
        """The index cannot be read or written: keep it aside, rebuild it from the archive, go on."""
        set_aside(self.data_dir.index, damage, "rebuilt from the archive")
        self.rebuild()
        self.mark(self.archive.size())
        self.writer = self._open_writer()

    # The index as a follower of the archive (search.catchup).

    def applied(self) -> int | None:
        return self.synced.read()

    def rebuild(self) -> None:
        count = rebuild_index(self.data_dir, helper=self.helper)
        self._count("index_rebuilt")
        if self.stats is not None:
            self.stats.set_value("newscrawler/store/index_rebuilt_articles", count)

    def apply(self, records: Iterator[dict]) -> None:
        """Index what a killed run archived after its last commit."""
        self.writer = self._open_writer()
        for record in records:
            self.writer.add(record)
            self._count("index_caught_up")
        if self.archive.damage_report():
            logger.warning(self.archive.damage_report())
        self.writer.commit()

    def mark(self, size: int) -> None:
        self.uncommitted = 0
        self.covered = size
        self.synced.write(size)

    def _open_writer(self) -> ArticleIndexWriter:
        return ArticleIndexWriter(self.data_dir, batch_size=self.batch_size, helper=self.helper)

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawler/store/{what}")
