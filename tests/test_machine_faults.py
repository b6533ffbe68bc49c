"""Faults of the machine, for real: a full disk, a file-size limit, low free space.

Each fault ends the crawl with one line and its own exit status, never a
traceback; the next normal run then ends with every article of the site once
and `newssearch` finds them.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import time

import pytest

from newscrawler.diskspace import free_bytes
from tests.cronhelpers import archive_ids, archive_lines, build_site, repeated_copies, start_args
from tests.faulthelpers import file_size_limit, fill, read_only, resize, small_filesystem
from tests.helpers import article_count, crawl, newssearch

ARTICLES = 12
NO_ROOM = re.compile(
    r"scrapy crawl news: error: (no space left on device|file size limit exceeded) at (?P<where>\S+); "
    r"(?P<stored>\d+) articles stored this run; free space and run again"
)


@pytest.fixture
def site(tmp_path, site_server):
    root = tmp_path / "site"
    build_site(root, ARTICLES)
    return site_server(root)


def stopped_for_space(done, data) -> int:
    """Assert the one-line report of a crawl stopped for lack of space; return the articles it stored."""
    assert done.returncode == 5, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("scrapy crawl news: error:")]
    assert len(lines) == 1, done.stderr[-3000:]
    report = NO_ROOM.fullmatch(lines[0])
    assert report, lines[0]
    assert report["where"].startswith(str(data))
    assert "TOTAL" in done.stdout  # the summary table is printed all the same
    return int(report["stored"])


def complete(data) -> None:
    """Every article of the site stored once, all of them found."""
    assert len(set(archive_ids(data))) == ARTICLES
    assert repeated_copies(data) == []
    assert article_count(data) == ARTICLES
    hits = newssearch(data, "Story number 11 of the day", "--json")
    assert hits.returncode == 0 and hits.json_lines()[0]["title"] == "Story number 11 of the day"


def next_run_completes(data, site) -> None:
    again = crawl(data, start_args(site))
    assert again.returncode == 0, again.stderr[-3000:]
    assert "Traceback" not in again.stderr
    complete(data)


@pytest.mark.e2e
def test_full_disk_stops_cleanly_and_the_next_run_completes(tmp_path, site):
    with small_filesystem(tmp_path / "disk", "1m") as disk:
        data = disk / "data"
        filler = fill(disk, leave=120_000)
        full = crawl(data, start_args(site), settings={"MIN_FREE_SPACE": "0"})
        stored = stopped_for_space(full, data)
        assert stored == len(archive_lines(data)) < ARTICLES
        filler.unlink()
        resize(disk, "300m")  # MIN_FREE_SPACE (200 MB by default) is now met
        next_run_completes(data, site)


@pytest.mark.e2e
def test_file_size_limit_is_reported_like_a_full_disk(tmp_path, site):
    data = tmp_path / "data"
    limited = crawl(data, start_args(site), preexec_fn=file_size_limit(40_000))
    assert "file size limit exceeded" in limited.stderr
    stopped_for_space(limited, data)
    next_run_completes(data, site)


@pytest.mark.e2e
def test_min_free_space_stops_before_fetching_articles(tmp_path, site):
    data = tmp_path / "data"
    data.mkdir()
    wanted = free_bytes(data) + 10**9
    done = crawl(data, start_args(site), settings={"MIN_FREE_SPACE": str(wanted)})
    assert done.returncode == 5, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert re.search(
        rf"scrapy crawl news: error: only [\d.]+ [GMk]B free at {re.escape(str(data))} \(MIN_FREE_SPACE is [\d.]+ [GMk]B\); "
        r"0 articles stored this run; free space and run again", done.stderr)
    assert not [r.path for r in site.requests if r.path.startswith("/articles/")]


@pytest.fixture(scope="module")
def crawled_site(tmp_path_factory):
    """The small site crawled once; tests damage copies of its data directory."""
    from newscrawler.demo.server import serve_site

    root = tmp_path_factory.mktemp("site")
    build_site(root, ARTICLES)
    with serve_site(root) as served:
        data = tmp_path_factory.mktemp("crawled") / "data"
        done = crawl(data, start_args(served))
        assert done.returncode == 0, done.stderr[-3000:]
        yield served, data


def damage(path, size: int = 4096) -> None:
    """Random bytes over the first block and a block in the middle of a file, as a bad
    sector or a stray write would leave it (a file's own headers included)."""
    data = bytearray(path.read_bytes())
    noise = random.Random(path.name)
    for start in (0, len(data) // 2):
        end = min(len(data), start + size)
        data[start:end] = noise.randbytes(end - start)
    path.write_bytes(bytes(data))


def largest_segment(data):
    return max((p for p in (data / "index").iterdir() if p.suffix != ".json"), key=lambda p: p.stat().st_size)


DERIVED = {
    "state.sqlite": lambda data: data / "state.sqlite",
    "fetch-state.sqlite": lambda data: data / "fetch-state.sqlite",
    "templates.json": lambda data: data / "templates.json",
    "near-duplicates": lambda data: data / "near-duplicates",
    "index segment": largest_segment,
}


def damaged_copy(tmp_path, crawled_site):
    """A copy of the crawled data directory with every derived file damaged."""
    data = tmp_path / "data"
    shutil.copytree(crawled_site[1], data)
    for locate in DERIVED.values():
        damage(locate(data))
    return data


@pytest.mark.e2e
def test_damaged_derived_files_are_set_aside_and_rebuilt(tmp_path, crawled_site):
    """Every derived file damaged at once (one crawl for all): one warning line each, then a complete run."""
    site, _ = crawled_site
    data = damaged_copy(tmp_path, crawled_site)
    done = crawl(data, start_args(site))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "is damaged" in line]
    named = sorted(re.search(r"WARNING: (\S+) is damaged", line)[1] for line in warnings)
    assert named == sorted(["state.sqlite", "fetch-state.sqlite", "templates.json", "near-duplicates", "index"])
    for line in warnings:
        aside = re.search(r"moved aside as (\S+) and", line)[1]
        assert re.fullmatch(r".+\.damaged-\d{8}T\d{6}", aside) and (data / aside).exists()
    complete(data)


@pytest.mark.e2e
def test_doctor_names_every_damaged_file_and_repairs_them(tmp_path, crawled_site):
    site, _ = crawled_site
    data = damaged_copy(tmp_path, crawled_site)
    lines = (data / "archive.jsonl").read_bytes().splitlines(keepends=True)
    lines[3] = b'{"id": "overwritten\x00\x00\n'
    (data / "archive.jsonl").write_bytes(b"".join(lines))
    (data / "warc").mkdir(exist_ok=True)
    for warc in (data / "warc").glob("*.warc.gz"):
        damage(warc)

    checked = newssearch(data, "doctor")
    assert checked.returncode == 1, checked.stderr
    report = dict(line.split(": ", 1) for line in checked.stdout.splitlines())
    assert report["archive.jsonl"] == f"ok ({ARTICLES - 1} articles; 1 damaged line skipped by every reader (line 4))"
    for name in ("state.sqlite", "near-duplicates", "fetch-state.sqlite", "templates.json", "index"):
        assert report[name].startswith("damaged (") and "would be" in report[name], report[name]
    assert report["index"].endswith("would be rebuilt from the archive (--repair)")
    assert report["state.sqlite"].endswith("would be rebuilt from the archive by the next crawl (--repair)")
    assert all(report[name].startswith("kept as it is (damaged: ") for name in report if name.startswith("warc/"))
    assert [p.name for p in data.iterdir() if ".damaged-" in p.name] == []  # looking changes nothing

    repaired = newssearch(data, "doctor", "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "Traceback" not in repaired.stderr
    assert article_count(data) == ARTICLES - 1  # the index, rebuilt now
    again = newssearch(data, "doctor")
    assert again.returncode == 0 and "would be" not in again.stdout, again.stdout
    assert len([p for p in data.iterdir() if ".damaged-" in p.name]) >= 5
    next_run_completes(data, site)  # and the crawl rebuilds the files set aside


def run_refused(data, site) -> str:
    """A crawl refused before fetching anything: exit 2, one line, no request made, nothing changed."""
    before = sorted((p.name, p.stat().st_mtime_ns) for p in data.iterdir())
    seen = len(site.requests)
    done = crawl(data, start_args(site))
    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if "error" in line.lower() and "INFO" not in line]
    assert len(lines) == 1 and lines[0].startswith("scrapy crawl news: error: "), done.stderr[-3000:]
    assert len(site.requests) == seen
    assert sorted((p.name, p.stat().st_mtime_ns) for p in data.iterdir()) == before
    return lines[0]


@pytest.mark.e2e
def test_read_only_or_foreign_data_directory_is_refused_before_fetching(tmp_path, crawled_site):
    site, crawled = crawled_site
    data = tmp_path / "data"
    shutil.copytree(crawled, data)
    with read_only(data):
        assert "is on a read-only file system" in run_refused(data, site)
    os.chown(data / "archive.jsonl", 4242, 4242)
    assert f"{data / 'archive.jsonl'} belongs to uid 4242" in run_refused(data, site)
    os.chown(data / "archive.jsonl", os.geteuid(), os.getegid())
    next_run_completes(data, site)


@pytest.mark.e2e
def test_a_clock_set_back_a_day_fetches_nothing_twice_and_ages_stay_sane(tmp_path, crawled_site):
    site, crawled = crawled_site
    data = tmp_path / "data"
    shutil.copytree(crawled, data)
    first_seen = {r["id"]: r["first_seen"] for r in archive_lines(data)}
    seen = len(site.requests)
    behind = crawl(data, start_args(site), settings={"NEWS_CLOCK": "tests.clocks.day_behind"})
    assert behind.returncode == 0, behind.stderr[-3000:]
    assert "the clock is 24.0 hours behind the fetch state" in behind.stderr
    assert [r.path for r in site.requests[seen:] if r.path.startswith("/articles/") and r.status == 200] == []
    summary = json.loads((data / "last-crawl.json").read_text())
    assert summary["totals"].get("new", 0) == 0 and summary["elapsed_seconds"] >= 0
    with sqlite3.connect(data / "fetch-state.sqlite") as db:
        latest = db.execute("SELECT max(max(fetched), max(checked)) FROM fetches").fetchone()[0]
    assert latest <= time.time() - 86400 + 600  # no time left ahead of the clock: no negative age
    seen = len(site.requests)
    again = crawl(data, start_args(site))  # the clock right again
    assert again.returncode == 0, again.stderr[-3000:]
    assert [r.path for r in site.requests[seen:] if r.path.startswith("/articles/") and r.status == 200] == []
    assert {r["id"]: r["first_seen"] for r in archive_lines(data)} == first_seen
    complete(data)


NO_FLOCK = '''
import errno, fcntl

def flock(fd, operation):
    raise OSError(errno.ENOLCK, "No locks available")

fcntl.flock = flock
'''


@pytest.mark.e2e
def test_a_file_system_without_flock_is_refused_before_fetching(tmp_path, crawled_site, monkeypatch):
    """No file system here lacks flock, so the crawl process is given a flock that answers as
    such a file system does (ENOLCK); the rest of the run is real."""
    site, crawled = crawled_site
    data = tmp_path / "data"
    shutil.copytree(crawled, data)
    (tmp_path / "no-flock").mkdir()
    (tmp_path / "no-flock" / "sitecustomize.py").write_text(NO_FLOCK)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "no-flock"))
    line = run_refused(data, site)
    assert line.endswith("No locks available; the data directory must be on a file system with flock (a local disk)")
