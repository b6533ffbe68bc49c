"""Adding articles to an index in batches, one commit per batch, on two cores.

Each batch becomes one new segment (two with the helper process), committed
with the tiered merge policy of :mod:`search.indexwriter.segmentwriter`. With a helper
(:class:`~search.indexwriter.segmentworker.SegmentWorker`), the first ``HELPER_AFTER``
articles of a batch are indexed here and after that every other one goes to the
helper, so small batches (most cron runs) never start a process; and a full
tier is merged by the helper in the background while batches go on here (all
their articles indexed here meanwhile), replacing its segments at the first
commit after it is done.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import Index

from search.documents import to_document
from search.indexwriter.segmentworker import SegmentWorker
from search.indexwriter.segmentwriter import ArticleSegmentWriter, delete_ids, full_tier, new_writer, without

HELPER_AFTER = 100
HELPER_CHUNK = 100
"""Documents per message to the helper: few messages, yet it starts early."""


@dataclass
class _Merge:
    """A tier the helper is merging, and the articles indexed since it started
    (their older versions in the merged segment must be deleted)."""

    job: Future
    sources: list
    ids: set[str] = field(default_factory=set)
    started: float = field(default_factory=lambda: time.time() - 60)  # file times may be coarse


def _indexed_ids(index: Index) -> set[int]:
    """Hashes of the ids in the index (deleted ones too until merged away).

    Replacing an article means deleting its earlier version, a term lookup in
    every segment: ~0.2 ms an article at 100k. Nearly every article a crawl
    stores is new, and this set (~50 bytes an article) says which are not.
    """
    with index.reader() as reader:
        return {hash(term) for leaf, _ in reader.leaf_readers() for term in leaf.lexicon("id")}


class BatchWriter:
    """Adds or replaces records (keyed on ``id``), committing every ``batch_size``
    of them and calling ``on_commit`` after each commit."""

    def __init__(self, index: Index, index_path: Path, batch_size: int, *, helper: bool,
                 on_commit: Callable[[], None]) -> None:
        self._index = index
        self.batch_size = batch_size
        self._helper = SegmentWorker(index_path) if helper else None
        self._on_commit = on_commit
        self._writer: ArticleSegmentWriter | None = None
        self._batch_ids: set[str] = set()
        self._outgoing: list[dict] = []
        self._merge: _Merge | None = None
        self._indexed = _indexed_ids(index)

    def add(self, record: dict) -> None:
        """Index one record, replacing any earlier version with the same id."""
        if record["id"] in self._batch_ids:
            # Whoosh replaces only committed documents: a second version within one
            # batch would otherwise sit beside the first.
            self.commit()
        if self._writer is None:
            self._writer = new_writer(self._index)
        document = to_document(record)
        self._batch_ids.add(record["id"])
        if self._merge is not None:
            self._merge.ids.add(record["id"])
        key = hash(record["id"].encode())
        if key in self._indexed:  # an earlier version may be in the index: delete it
            self._writer.delete_by_term("id", record["id"])
        self._indexed.add(key)
        if self._helper_takes(len(self._batch_ids)):
            self._outgoing.append(document)
            if len(self._outgoing) >= HELPER_CHUNK:
                self._send()
        else:
            self._writer.add_document(**document)
        if len(self._batch_ids) >= self.batch_size:
            self.commit()

    def _helper_takes(self, number: int) -> bool:
        return self._helper is not None and self._merge is None and number > HELPER_AFTER and number % 2 == 1

    def _send(self) -> None:
        self._helper.send(self._outgoing)
        self._outgoing = []

    def commit(self, *, wait: bool = False) -> None:
        """Make everything added so far searchable; with ``wait`` (when closing),
        also the merge the helper is doing, and start no other."""
        if self._writer is None:
            if not (wait and self._merge is not None):
                return
            self._writer = new_writer(self._index)
        if self._outgoing:
            self._send()
        if self._helper is not None:
            self._helper.finish()
        segments = self._writer.write_segment(merge=self._helper is None)
        returned: list[dict] = []
        if self._helper is not None:
            new, returned = self._helper.collect()
            segments = self._settle_merge(segments + new, wait)
            if not wait and self._merge is None and (full := full_tier(segments)):
                self._merge = _Merge(self._helper.merge(full), full)
        self._commit(self._writer, segments)
        self._writer = None
        self._batch_ids.clear()
        if returned:
            # The helper failed: index its documents here (their old versions are already deleted).
            writer = new_writer(self._index)
            for document in returned:
                writer.add_document(**document)
            self._commit(writer, writer.write_segment(merge=self._helper is None))
        self._on_commit()

    def _commit(self, writer: ArticleSegmentWriter, segments: list) -> None:
        writer.commit_segments(segments, busy_since=self._merge.started if self._merge else None)

    def _settle_merge(self, segments: list, wait: bool) -> list:
        """Swap a finished merge's segment in for its sources."""
        merge = self._merge
        if merge is None or not (wait or merge.job.done()):
            return segments
        self._merge = None
        try:
            merged = merge.job.result()
        except Exception:  # the helper failed: the tier stays as it was and is merged later
            self._helper.reset()
            return segments
        delete_ids(self._index.storage, self._index.schema, merged, merge.ids)
        return without(segments, merge.sources) + [merged]

    def close(self) -> None:
        """Commit (waiting for a merge in progress), then stop the helper process
        and remove the index's temporary folder that writers share."""
        try:
            self.commit(wait=True)
        finally:
            self.discard()

    def discard(self) -> None:
        """Stop without committing (after a failed write: the archive still has every
        article, and the next run indexes what is not committed)."""
        if self._helper is not None:
            self._helper.close()
            self._helper = None
        self._index.storage.temp_storage(f"{self._index.indexname}.tmp").destroy()
