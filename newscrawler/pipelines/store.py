"""Storage pipeline: append each article to the archive, then to the search index.

The archive (JSON Lines, fsynced per article) is the source of truth; the Whoosh
index is committed in batches and at spider close, and its mark
(``index-synced.json``) records how much of the archive the last commit
covered. A run killed in between is caught up at the next start
(:mod:`search.catchup`): the archive's tail is indexed, or the whole index
rebuilt when it cannot be opened or the archive is not the one it was built from.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newscrawler.cputime import cpu_stage
from newscrawler.items import ArticleItem
from search.archive import Archive
from search.catchup import MarkFile, catch_up
from search.datadir import DataDir, data_dir_from_settings
from search.index import IndexCorruptError
from search.indexwriter import ArticleIndexWriter, rebuild_index


class StoragePipeline:
    """One Whoosh writer for the whole crawl; commits every ``INDEX_BATCH_SIZE`` articles."""

    def __init__(self, data_dir: Path, batch_size: int, stats: Any = None, helper: bool = False) -> None:
        self.data_dir = DataDir(data_dir)
        self.batch_size = max(1, batch_size)
        self.helper = helper
        self.stats = stats
        self.archive = Archive(self.data_dir.archive)
        self.synced = MarkFile(self.data_dir.index_synced)
        self.writer: ArticleIndexWriter | None = None
        self.uncommitted = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoragePipeline:
        settings = crawler.settings
        return cls(data_dir_from_settings(settings), settings.getint("INDEX_BATCH_SIZE"), crawler.stats,
                   helper=settings.getbool("INDEX_HELPER"))

    def open_spider(self) -> None:
        catch_up(self.archive, self)
        if self.writer is None:
            self.writer = self._open_writer()

    def close_spider(self) -> None:
        if self.writer is not None:
            with cpu_stage(self.stats, "index"):
                self.writer.close()
                self.mark(self.archive.size())

    def process_item(self, item: ArticleItem) -> ArticleItem:
        record = item.to_record()
        with cpu_stage(self.stats, "archive"):
            self.archive.append(record)
        with cpu_stage(self.stats, "index"):
            self.writer.add(record)
            self._count("articles")
            self.uncommitted += 1
            if self.uncommitted >= self.batch_size:
                self.writer.commit()
                self.mark(self.archive.size())
        return item

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
        self.writer.commit()

    def mark(self, size: int) -> None:
        self.uncommitted = 0
        self.synced.write(size)

    def _open_writer(self) -> ArticleIndexWriter:
        try:
            return ArticleIndexWriter(self.data_dir, batch_size=self.batch_size, helper=self.helper)
        except IndexCorruptError:
            self.rebuild()
            return ArticleIndexWriter(self.data_dir, batch_size=self.batch_size, helper=self.helper)

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawler/store/{what}")
