"""Archives as a source: ``-a warc=`` and ``-a ccnews=`` through the real crawl, over loopback."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
from datetime import date, datetime, timezone

import pytest

from newscrawler.sources import Source
from newscrawler.warc import ccnews
from newscrawler.warc.progress import ReadProgress
from newscrawler.warc.replay import ArchiveInput, HostFilter
from search.datadir import DataDir
from tests.cronhelpers import Reply, archive_lines, page, serve_routes
from tests.helpers import crawl
from tests.warchelpers import ranged, stalled, write_warc

FETCHED = datetime(2026, 11, 30, 12, 5, tzinfo=timezone.utc)
MONTH = "crawl-data/CC-NEWS/2026/11"


def pages(host: str, first: int, count: int) -> list[tuple[str, bytes]]:
    return [(f"https://{host}/news/story-{n}.html", page(f"{host} story number {n}", n)) for n in range(first, first + count)]


def undated(url: str, number: int) -> tuple[str, bytes]:
    html = page(f"Undated story {number}", number).replace(b'<time datetime="2026-11-20T10:00:00+00:00">20 Nov 2026</time>', b"")
    return url, html


def listing(*lines: str) -> bytes:
    return gzip.compress("\n".join(lines).encode() + b"\n")


# --- fast: the parts without a crawl ---

def test_ccnews_days_and_listing():
    assert ccnews.parse_days("2026-11-29..2026-12-01") == [date(2026, 11, 29), date(2026, 11, 30), date(2026, 12, 1)]
    assert ccnews.parse_days("yesterday..today", today=date(2026, 12, 1)) == [date(2026, 11, 30), date(2026, 12, 1)]
    for bad in ("2026-13-01", "2026-12-02..2026-12-01", "soon"):
        with pytest.raises(ccnews.DaysError):
            ccnews.parse_days(bad)
    assert ccnews.listing_paths(ccnews.parse_days("2026-11-30..2026-12-01")) == [
        "crawl-data/CC-NEWS/2026/11/warc.paths.gz", "crawl-data/CC-NEWS/2026/12/warc.paths.gz"]


def test_listing_garbage_lines_are_one_log_line_each(caplog):
    raw = listing(f"{MONTH}/CC-NEWS-20261130180000-00002.warc.gz", "<html>oops</html>",
                  f"{MONTH}/CC-NEWS-20261129060000-00000.warc.gz", "", "\x00\x01binary",
                  f"{MONTH}/CC-NEWS-20261130060000-00001.warc.gz")
    found = ccnews.files_of_days(raw, [date(2026, 11, 30)], "warc.paths.gz")
    assert found == [f"{MONTH}/CC-NEWS-20261130060000-00001.warc.gz", f"{MONTH}/CC-NEWS-20261130180000-00002.warc.gz"]
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 2


def test_a_half_read_file_is_resumed_from_its_first_unfinished_record_and_a_read_file_skipped(tmp_path):
    path = write_warc(tmp_path / "in.warc.gz", pages("news-a.example", 0, 6), FETCHED)

    def reader(progress: ReadProgress) -> ArchiveInput:
        return ArchiveInput(locations=[str(path)], hosts=HostFilter([Source("A", (), ("news-a.example",))]),
                            progress=progress)

    async def take(archive_input: ArchiveInput, count: int) -> list:
        taken = []
        async for request in archive_input.requests(callback=None):
            taken.append(request)
            if len(taken) == count:
                break
        return taken

    progress_file = tmp_path / "progress.json"
    first = reader(ReadProgress(progress_file))
    taken = asyncio.run(take(first, 4))
    for request in taken[:2] + taken[3:]:  # the third page is still in the pipelines when the run is killed
        first.progress.finished_record(*request.meta["news_archive_input"])
    first.close("shutdown")  # stopped: the third page never left the pipelines

    again = asyncio.run(take(reader(ReadProgress(progress_file)), 10))
    assert [r.url for r in again] == [url for url, _ in pages("news-a.example", 2, 4)]
    assert [r.cb_kwargs["source"].name for r in again] == ["A"] * 4

    # A crawl that finishes has handled every request, even one dropped before the pipelines: the file is done.
    finishing = reader(ReadProgress(progress_file))
    asyncio.run(take(finishing, 10))
    finishing.close("finished")
    assert asyncio.run(take(reader(ReadProgress(progress_file)), 10)) == []


# --- real crawls over loopback ---

@pytest.mark.e2e
def test_ccnews_tree_then_a_cron_rerun_reads_only_the_new_file(tmp_path, caplog):
    tree, data = tmp_path / "tree", tmp_path / "data"
    first_file = f"{MONTH}/CC-NEWS-20261130120000-00001.warc.gz"
    second_file = f"{MONTH}/CC-NEWS-20261130180000-00002.warc.gz"
    other_day = f"{MONTH}/CC-NEWS-20261129120000-00000.warc.gz"
    write_warc(tree / first_file, pages("news-a.example", 0, 4) + [undated("https://www.news-a.example/undated.html", 9)]
               + pages("elsewhere.example", 0, 3), FETCHED)
    routes = {f"/{MONTH}/warc.paths.gz": Reply(200, listing(other_day, "this is not a path", first_file)),
              f"/{first_file}": ranged(tree / first_file)}
    with serve_routes(routes) as server:
        args = ("ccnews=2026-11-30", "domains=news-a.example")
        settings = {"CCNEWS_BASE_URL": server.base_url}
        first = crawl(data, *args, settings=settings)
        assert first.returncode == 0, first.stderr[-3000:]
        records = {r["url"]: r for r in archive_lines(data)}
        assert sorted(records) == sorted([u for u, _ in pages("news-a.example", 0, 4)] + ["https://www.news-a.example/undated.html"])
        assert records["https://www.news-a.example/undated.html"]["published"] == FETCHED.isoformat()
        assert records["https://news-a.example/news/story-0.html"]["published"].startswith("2026-11-20T10:00")
        assert {r["source"] for r in records.values()} == {"news-a.example", "www.news-a.example"}
        assert first.stderr.count("is not a CC-NEWS file path") == 1
        assert f"/{other_day}" not in server.paths()

        write_warc(tree / second_file, pages("news-a.example", 4, 3), datetime(2026, 11, 30, 18, 5, tzinfo=timezone.utc))
        routes[f"/{MONTH}/warc.paths.gz"] = Reply(200, listing(first_file, second_file))
        routes[f"/{second_file}"] = ranged(tree / second_file)
        seen_before = len(server.seen)
        rerun = crawl(data, *args, settings=settings)
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        assert [s.path for s in server.seen[seen_before:]] == [f"/{MONTH}/warc.paths.gz", f"/{second_file}"]
        assert len({r["id"] for r in archive_lines(data)}) == 8


@pytest.mark.e2e
def test_unreadable_archives_are_one_line_each_and_only_nothing_read_fails(tmp_path):
    data = tmp_path / "data"
    good = write_warc(tmp_path / "good.warc.gz", pages("news-a.example", 0, 2), FETCHED)
    not_warc = tmp_path / "page.warc.gz"
    not_warc.write_bytes(page("just a page"))
    routes = {"/good.warc.gz": ranged(good), "/stalled.warc.gz": stalled(6)}
    with serve_routes(routes) as server:
        base = server.base_url
        mixed = crawl(data, f"warc={base}missing.warc.gz,{base}stalled.warc.gz,{not_warc},{base}good.warc.gz",
                      "domains=*", settings={"DOWNLOAD_TIMEOUT": "2"})
        assert mixed.returncode == 0, mixed.stderr[-3000:]
        assert "Traceback" not in mixed.stderr
        assert mixed.stderr.count("HTTP 404") == 1 and mixed.stderr.count("timed out") == 1
        assert mixed.stderr.count("not a readable WARC file") == 1
        assert len(archive_lines(data)) == 2
        before = DataDir(data).archive.read_bytes()

        failed = crawl(data, f"warc={base}missing.warc.gz,{not_warc}", "domains=*")
        assert failed.returncode == 1
        assert "no archive file could be read" in failed.stderr
        assert DataDir(data).archive.read_bytes() == before
        progress = json.loads((data / "archive-inputs.json").read_text())
        assert not progress["files"][f"{base}missing.warc.gz"]["done"]


@pytest.mark.e2e
def test_archive_arguments_are_checked_before_anything_starts(tmp_path):
    data = tmp_path / "data"
    for args in (("ccnews=2026-13-40",), ("warc=",), ("warc=x.warc.gz", "url=https://a.example/"), ("domains=a.example",)):
        done = crawl(data, *args)
        assert done.returncode == 2, (args, done.stderr[-2000:])
        assert [line for line in done.stderr.splitlines() if "error" in line.lower()] == \
            [done.stderr.strip().splitlines()[-1]]
        assert done.stderr.strip().splitlines()[-1].startswith("scrapy crawl news: error: -a ")
    assert not DataDir(data).archive.exists()
