"""One catch-up rule for every store derived from the archive, and the dedupe pipeline following it."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from newscrawler.items import ArticleItem
from newscrawler.pipelines.dedupe import DedupePipeline
from search.archive import Archive
from search.catchup import MarkFile, Outcome, catch_up
from search.datadir import DataDir


class Follower:
    """Records what catch_up asks of it."""

    def __init__(self, applied: int | None) -> None:
        self._applied = applied
        self.calls: list[tuple] = []

    def applied(self) -> int | None:
        return self._applied

    def rebuild(self) -> None:
        self.calls.append(("rebuild",))

    def apply(self, records) -> None:
        self.calls.append(("apply", [record["id"] for record in records]))

    def mark(self, size: int) -> None:
        self.calls.append(("mark", size))


@pytest.fixture
def archive(tmp_path):
    archive = Archive(tmp_path / "archive.jsonl")
    archive.append({"id": "a"})
    first = archive.size()
    archive.append({"id": "b"})
    return archive, first


def test_a_current_store_is_left_alone(archive):
    archive, _ = archive
    follower = Follower(archive.size())
    assert catch_up(archive, follower) is Outcome.CURRENT
    assert follower.calls == []


def test_a_store_behind_applies_the_tail_and_is_marked(archive):
    archive, first = archive
    follower = Follower(first)
    assert catch_up(archive, follower) is Outcome.CAUGHT_UP
    assert follower.calls == [("apply", ["b"]), ("mark", archive.size())]


@pytest.mark.parametrize("applied", [None, 10**9])
def test_an_unknown_or_impossible_mark_rebuilds(archive, applied):
    archive, _ = archive
    follower = Follower(applied)
    assert catch_up(archive, follower) is Outcome.REBUILT
    assert follower.calls == [("rebuild",), ("mark", archive.size())]


def test_an_empty_archive_leaves_a_store_without_a_mark_alone(tmp_path):
    follower = Follower(None)
    assert catch_up(Archive(tmp_path / "archive.jsonl"), follower) is Outcome.CURRENT


def test_a_mark_file_reads_back_and_unreadable_is_unknown(tmp_path):
    mark = MarkFile(tmp_path / "mark.json")
    assert mark.read() is None
    mark.write(123)
    assert mark.read() == 123
    mark.path.write_text("{not json")
    assert mark.read() is None


def item(number: int) -> ArticleItem:
    return ArticleItem(url=f"https://news.example/story-{number}.html", source="example", title=f"Story {number}",
                       body=f"Story {number}: the harbour board approved dredging of berth {number} on Monday.")


def stored(pipeline: DedupePipeline, article: ArticleItem) -> ArticleItem:
    """What the storage pipeline and Scrapy's item_scraped signal do after dedupe."""
    article = pipeline.process_item(article)
    Archive(pipeline.data_dir.archive).append(article.to_record())
    pipeline.item_stored(article)
    return article


def test_dedupe_registers_what_a_killed_run_archived_after_its_last_commit(tmp_path):
    pipeline = DedupePipeline(tmp_path)
    pipeline.open_spider()
    stored(pipeline, item(1))
    pipeline.close_spider()
    # A run killed between the archive append and the registry commit leaves this behind.
    orphan = DedupePipeline(tmp_path)
    orphan.open_spider()
    lost = orphan.process_item(item(2))
    Archive(DataDir(tmp_path).archive).append(lost.to_record())

    pipeline = DedupePipeline(tmp_path)
    pipeline.open_spider()
    assert pipeline.state.applied() == DataDir(tmp_path).archive.stat().st_size
    for number in (1, 2):
        with pytest.raises(DropItem, match="already stored"):
            pipeline.process_item(item(number))
    pipeline.close_spider()


def long_item(number: int, url: str) -> ArticleItem:
    """An article long enough (50+ words) for near-duplicate matching."""
    body = " ".join(f"Sentence {word} of the harbour report {number} says the dredging of berth {number} "
                    f"will take {word + 3} weeks and cost {word * 7} million." for word in range(1, 9))
    return ArticleItem(url=url, source="example", title=f"Harbour report {number}", body=body)


def test_a_killed_runs_articles_still_find_their_syndicated_copies(tmp_path):
    first = DedupePipeline(tmp_path)
    first.open_spider()
    stored(first, item(1))
    first.close_spider()  # a whole run: the near-duplicate index file now exists
    killed = DedupePipeline(tmp_path)
    killed.open_spider()
    original = stored(killed, long_item(2, "https://news.example/harbour.html"))
    # SIGKILL here: the registry committed the article, the near-duplicate index was never saved.

    pipeline = DedupePipeline(tmp_path)
    pipeline.open_spider()
    copy = long_item(2, "https://wire.example/harbour-report.html")
    copy.body = copy.body.replace("Sentence 8", "Line 8")
    copy = pipeline.process_item(copy)
    assert copy.id != original.id
    assert copy.story == original.story
    pipeline.close_spider()
