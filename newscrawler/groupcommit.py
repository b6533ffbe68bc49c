"""Group commit: many appends, one fsync, off the crawl's event loop.

Every stored article is written to files that must be on disk before the crawl
moves on (WARC capture before the archive points at it, the archive before the
article counts as stored). One fsync per article in the crawl's only thread held
that thread for several times the CPU those stages use (``benchmarks/README.md``,
crawl throughput). Here the bytes are still written in the loop thread, in
order, and each writer then waits; one fsync at a time runs in a thread and
releases every writer whose bytes were written before it started. An article is
passed on only once its bytes are durable, as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

Synced = TypeVar("Synced")


class GroupCommit(Generic[Synced]):
    """Coalesce the durability waits of one file (or file set).

    ``prepare`` runs in the loop thread and returns the job that makes everything
    written so far durable (it must not share state the loop thread changes, e.g.
    it syncs a duplicate of the file descriptor); the job runs in a thread and its
    result goes to ``synced``. When a job fails, ``failed`` runs in the loop thread
    (to cut off the bytes that are not durable) and every writer still waiting,
    whether its fsync had started or not, gets the error.
    """

    def __init__(self, prepare: Callable[[], Callable[[], Synced]], synced: Callable[[Synced], None] | None = None,
                 failed: Callable[[BaseException], None] | None = None) -> None:
        self.prepare = prepare
        self.synced = synced
        self.failed = failed
        self.waiting: list[asyncio.Future] = []
        self.running = False
        self.syncs = 0
        """fsyncs done: with the writes they covered, how many articles each fsync carried."""

    async def durable(self) -> None:
        """Return once an fsync that began after this call's caller wrote its bytes has ended."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.waiting.append(future)
        if not self.running:
            self._start(loop)
        await future

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        batch, self.waiting = self.waiting, []
        self.running = True
        try:
            job = self.prepare()
        except BaseException as exc:  # noqa: BLE001 - handed to every waiting writer
            self._finish(batch, exc)
            return
        loop.run_in_executor(None, job).add_done_callback(lambda done: self._ended(loop, batch, done))

    def _ended(self, loop: asyncio.AbstractEventLoop, batch: list[asyncio.Future], done: asyncio.Future) -> None:
        error = done.exception()
        if error is None:
            self.syncs += 1
            if self.synced is not None:
                self.synced(done.result())
        self._finish(batch, error)
        if self.waiting:
            self._start(loop)

    def _finish(self, batch: list[asyncio.Future], error: BaseException | None) -> None:
        self.running = False
        if error is not None:
            # The bytes written after the failed fsync began are cut off with the rest.
            batch, self.waiting = batch + self.waiting, []
            if self.failed is not None:
                self.failed(error)
        for future in batch:
            if future.done():
                continue
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error)
