"""A helper process that writes segments for the writer: part of a batch, or a merge.

Indexing is pure Python, so one process indexes on one core. While the writer
indexes its share of a batch, the helper indexes the documents sent to it into
a separate segment, which the writer commits with its own; and when a size tier
is full, the helper merges it in the background while the writer goes on. The
helper never commits, holds no lock (the writer holds them) and ignores
Ctrl-C, which the writer handles. If it fails or dies, the writer is handed its
documents back to index itself.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from search.index import open_storage
from search.indexwriter.segmentwriter import ArticleSegmentWriter, merge_into, new_writer

_writer: ArticleSegmentWriter | None = None
"""In the helper process: the segment being written for the current batch."""


def _start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _add(index_path: str, documents: list[dict]) -> None:
    global _writer
    if _writer is None:
        _writer = new_writer(open_storage(index_path).open_index(), locked=False)
    for document in documents:
        _writer.add_document(**document)


def _finish():
    global _writer
    writer, _writer = _writer, None
    return writer._finalize_segment()


def _merge(index_path: str, segments: list):
    writer = new_writer(open_storage(index_path).open_index(), locked=False)
    merge_into(writer, segments)
    return writer._finalize_segment()


class SegmentWorker:
    """The writer's side: send documents during a batch, then collect the segment."""

    def __init__(self, index_path: Path) -> None:
        self._index_path = str(index_path)
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: list[Future] = []
        self._sent: list[dict] = []

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_start)
        return self._pool

    def _submit(self, function: Callable, *args: object) -> Future:
        try:
            return self._started().submit(function, *args)
        except Exception as exc:  # the helper died since the last job (BrokenProcessPool)
            failed: Future = Future()
            failed.set_exception(exc)
            return failed

    def send(self, documents: list[dict]) -> None:
        """Index ``documents`` in the helper (started on first use)."""
        self._sent.extend(documents)
        self._jobs.append(self._submit(_add, self._index_path, documents))

    def merge(self, segments: list) -> Future:
        """Merge ``segments`` (with their deletions as they are now) into a new
        segment in the background; the future's result is that segment."""
        return self._submit(_merge, self._index_path, segments)

    def finish(self) -> None:
        """Have the helper write its segment of this batch (collect it with :meth:`collect`)."""
        if self._jobs:
            self._jobs.append(self._submit(_finish))

    def collect(self) -> tuple[list, list[dict]]:
        """The helper's segment of this batch (none if nothing was sent), and the
        documents the writer must index itself because the helper failed."""
        if not self._jobs:
            return [], []
        sent, jobs = self._sent, self._jobs
        self._sent, self._jobs = [], []
        try:
            return [job.result() for job in jobs][-1:], []
        except Exception:  # a dead helper (BrokenProcessPool) or an error in it
            self.reset()
            return [], sent

    def reset(self) -> None:
        """Give up on the helper after a failure; the next job starts a new one."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
