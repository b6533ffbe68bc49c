"""Group commit: articles arriving together share one fsync, and none is passed on before its bytes are durable."""

from __future__ import annotations

import asyncio
import errno
import json
import os

from newscrawler.groupcommit import GroupCommit
from newscrawler.pipelines.store import StoragePipeline
from search.archive import Archive
from search.datadir import DataDir
from tests.test_store_recovery import article


def test_articles_stored_together_share_fsyncs_and_the_index_covers_them(tmp_path, monkeypatch):
    fsynced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (fsynced.append(fd), real_fsync(fd)))
    pipeline = StoragePipeline(tmp_path, batch_size=100)
    pipeline.open_spider()

    async def store_all() -> list[ArticleItem]:
        return await asyncio.gather(*(pipeline.process_item(article(n)) for n in range(20)))

    stored = asyncio.run(store_all())
    assert [item.url for item in stored] == [article(n).url for n in range(20)]
    assert 1 <= pipeline.group.syncs <= 2 and len(fsynced) == pipeline.group.syncs  # not one per article
    assert pipeline.durable == pipeline.covered == DataDir(tmp_path).archive.stat().st_size
    pipeline.close_spider()
    assert json.loads(DataDir(tmp_path).index_synced.read_text())["archive_size"] == pipeline.durable


def test_a_failed_fsync_fails_every_waiting_article_and_cuts_their_lines_off(tmp_path, monkeypatch):
    pipeline = StoragePipeline(tmp_path, batch_size=100)
    pipeline.open_spider()
    asyncio.run(pipeline.process_item(article(1)))
    durable = pipeline.durable

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)

    async def store_more() -> list:
        return await asyncio.gather(*(pipeline.process_item(article(n)) for n in (2, 3, 4)), return_exceptions=True)

    outcomes = asyncio.run(store_more())
    assert all(isinstance(outcome, OSError) for outcome in outcomes)
    assert DataDir(tmp_path).archive.stat().st_size == durable
    assert [record["url"] for record in Archive(DataDir(tmp_path).archive).iter_latest()] == [article(1).url]
    monkeypatch.undo()
    pipeline.close_spider()


def test_a_writer_waits_for_an_fsync_that_began_after_its_write():
    started: list[int] = []

    async def run() -> None:
        release = asyncio.Event()
        loop = asyncio.get_running_loop()

        def prepare():
            written = len(started)
            started.append(written)
            return lambda: asyncio.run_coroutine_threadsafe(release.wait(), loop).result()

        group = GroupCommit(prepare)
        first = asyncio.ensure_future(group.durable())
        await asyncio.sleep(0)
        second = asyncio.ensure_future(group.durable())  # written while the first fsync runs
        await asyncio.sleep(0.05)
        assert not first.done() and not second.done()
        release.set()
        await asyncio.wait_for(asyncio.gather(first, second), 5)
        assert group.syncs == 2  # the second writer needed a second fsync

    asyncio.run(run())
