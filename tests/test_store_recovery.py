"""The index follows the archive: a killed run's uncommitted articles are indexed by the next run."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from newscrawler.items import ArticleItem
from newscrawler.pipelines.store import StoragePipeline
from search.archive import Archive
from search.datadir import DataDir
from search.index import open_searcher
from search.lookup import lookup
from search.indexwriter.segmentworker import SegmentWorker
from tests.searchhelpers import counted


def article(number: int) -> ArticleItem:
    url = f"https://news.example/story-{number}.html"
    return ArticleItem(
        url=url, source="example", id=url, urls=[url], title=f"Story {number}",
        body=f"Paragraph of story {number} about harbour dredging.", content_hash=str(number), story=url,
        published="2025-02-06T20:09:00+05:30", first_seen="2025-02-06T15:00:00+00:00", language="en",
    )


def test_index_catches_up_with_the_archive_tail(tmp_path):
    pipeline = StoragePipeline(tmp_path, batch_size=100)
    pipeline.open_spider()
    pipeline.store(article(1))
    pipeline.close_spider()

    # What a run killed after archiving and before committing the index leaves behind.
    Archive(DataDir(tmp_path).archive).append(article(2).to_record())
    assert lookup(tmp_path, "https://news.example/story-2.html") is None

    pipeline = StoragePipeline(tmp_path, batch_size=100)
    pipeline.open_spider()
    pipeline.close_spider()
    assert lookup(tmp_path, "https://news.example/story-1.html")["title"] == "Story 1"
    assert lookup(tmp_path, "https://news.example/story-2.html")["title"] == "Story 2"
    synced = json.loads(DataDir(tmp_path).index_synced.read_text())["archive_size"]
    assert synced == DataDir(tmp_path).archive.stat().st_size


def test_index_is_rebuilt_when_it_is_damaged(tmp_path):
    pipeline = StoragePipeline(tmp_path, batch_size=100)
    pipeline.open_spider()
    pipeline.store(article(1))
    pipeline.close_spider()
    for segment in (tmp_path / "index").glob("*.seg"):
        segment.write_bytes(b"garbage")
    for toc in (tmp_path / "index").glob("*.toc"):
        toc.write_bytes(b"garbage")

    pipeline = StoragePipeline(tmp_path, batch_size=100)
    pipeline.open_spider()
    pipeline.close_spider()
    assert lookup(tmp_path, "https://news.example/story-1.html")["title"] == "Story 1"


@pytest.mark.e2e  # starts the helper process
def test_a_batch_indexed_with_the_helper_process_is_whole_and_synced(tmp_path, monkeypatch):
    calls = Counter()
    monkeypatch.setattr(SegmentWorker, "send", counted(SegmentWorker.send, calls, "send"))
    pipeline = StoragePipeline(tmp_path, batch_size=1000, helper=True)
    pipeline.open_spider()
    for number in range(250):  # past HELPER_AFTER, so the helper indexes every other article
        pipeline.store(article(number))
    pipeline.store(article(7))  # a second version within the batch commits first
    pipeline.close_spider()
    assert calls["send"] >= 1
    with open_searcher(tmp_path) as searcher:
        ids = [fields["id"] for fields in searcher.documents()]
    assert sorted(ids) == sorted(article(number).id for number in range(250))
    synced = json.loads(DataDir(tmp_path).index_synced.read_text())["archive_size"]
    assert synced == DataDir(tmp_path).archive.stat().st_size
    assert [p.name for p in (tmp_path / "index").iterdir() if p.is_dir()] == []
