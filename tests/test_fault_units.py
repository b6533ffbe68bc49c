"""Machine faults, component by component: a full disk for real (a small tmpfs: the archive stays
whole, the index catches up later), and a clock set back between runs."""

from __future__ import annotations

import errno
import json
import sqlite3

import pytest

from newscrawler.diskspace import free_bytes, human_size, no_space_error, parse_size
from newscrawler.pipelines.store import StoragePipeline
from search.archive import Archive
from search.datadir import DataDir
from search.lookup import lookup
from tests.faulthelpers import fill, small_filesystem
from tests.test_store_recovery import article


def test_no_space_errors_are_told_apart_from_other_errors():
    assert no_space_error(OSError(errno.ENOSPC, "No space left on device"))
    assert no_space_error(OSError(errno.EDQUOT, "Disk quota exceeded"))
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("writing a segment failed") from inner
    except RuntimeError as outer:
        assert no_space_error(outer).errno == errno.ENOSPC
    assert no_space_error(OSError(errno.EACCES, "Permission denied")) is None
    assert no_space_error(sqlite3.OperationalError("no such table: x")) is None
    assert no_space_error(ValueError("bad")) is None


def test_sizes_in_settings_and_messages():
    assert parse_size("200MB") == 200_000_000
    assert parse_size("1.5 GB") == 1_500_000_000
    assert parse_size("512KiB") == 524_288
    assert parse_size(1234) == parse_size("1234") == 1234
    with pytest.raises(ValueError):
        parse_size("lots")
    assert human_size(200_000_000) == "200 MB"


def test_a_failed_append_leaves_no_half_line(tmp_path):
    with small_filesystem(tmp_path / "disk", "64k") as disk:
        archive = Archive(DataDir(disk).archive)
        archive.append(article(1).to_record())
        fill(disk, leave=0)
        big = dict(article(2).to_record(), body="harbour dredging " * 4000)
        with pytest.raises(OSError) as failure:
            archive.append(big)
        assert no_space_error(failure.value)
        (disk / "filler").unlink()
        archive.append(article(3).to_record())
        archive.close()
        lines = DataDir(disk).archive.read_bytes().splitlines()
        assert [json.loads(line)["title"] for line in lines] == ["Story 1", "Story 3"]


def test_an_article_archived_when_the_index_cannot_be_written_is_indexed_by_the_next_run(tmp_path):
    with small_filesystem(tmp_path / "disk", "2m") as disk:
        stored = StoragePipeline(disk, batch_size=1)
        stored.open_spider()
        stored.store(article(1))
        synced = json.loads(DataDir(disk).index_synced.read_text())["archive_size"]
        filler = fill(disk, leave=2_000)  # an archive line fits, an index segment does not
        stored.store(article(2))
        assert stored.writer is None  # no more index writes this run
        stored.close_spider()
        assert json.loads(DataDir(disk).index_synced.read_text())["archive_size"] == synced
        assert [r["title"] for r in Archive(DataDir(disk).archive).iter_latest()] == ["Story 1", "Story 2"]
        filler.unlink()
        assert free_bytes(disk) > 1_000_000
        again = StoragePipeline(disk, batch_size=10)
        again.open_spider()
        again.close_spider()
        assert lookup(disk, "https://news.example/story-2.html")["title"] == "Story 2"


def test_times_ahead_of_a_clock_set_back_count_as_now(tmp_path):
    from newscrawler.fetchstate import FetchState

    state = FetchState(tmp_path / "fetch-state.sqlite")
    now = 1_800_000_000.0
    state.record_fetch("https://news.example/a", etag=None, last_modified=None, body_hash="h", content_type=None,
                       body=b"", now=now, listed_date=None)
    state.record_fetch("https://news.example/b", etag=None, last_modified=None, body_hash="h", content_type=None,
                       body=b"", now=now - 3 * 86400, listed_date=None)
    state.bring_back_from_the_future(now - 86400)  # the clock set back a day
    assert state.get("https://news.example/a").checked == state.get("https://news.example/a").fetched == now - 86400
    assert state.get("https://news.example/b").checked == now - 3 * 86400  # older times stay
    state.close()


def test_the_summary_takes_the_dedupe_verdict_not_times_of_another_run(tmp_path):
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from newscrawler.extensions.summary import CrawlSummary

    summary = CrawlSummary(tmp_path / "last-crawl.json", MemoryStatsCollector(get_crawler()))
    ahead = "2099-01-01T00:00:00+00:00"  # stamped by an earlier run, before the clock was set back
    more_urls = article(1)
    more_urls.first_seen = more_urls.crawled = ahead
    more_urls.outcome = "duplicate"
    fresh = article(2)
    fresh.outcome = "new"
    summary.item_scraped(more_urls)
    summary.item_scraped(fresh)
    summary.spider_closed("finished")
    totals = json.loads((tmp_path / "last-crawl.json").read_text())["totals"]
    assert (totals["new"], totals["duplicates"]) == (1, 1)
