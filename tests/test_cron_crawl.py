"""Cron-grade crawling end to end: real `scrapy crawl news` runs against loopback sites, requests counted at the server."""

from __future__ import annotations

import json
import os
import signal
import stat
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.cronhelpers import (
    TODAY, Reply, archive_ids, build_site, listing, page, repeated_copies, serve_routes, sitemap, start_args,
    start_crawl, wait_for,
)
from newscrawler.warc.locations import opener
from newscrawler.warc.reader import ReadReport, iter_responses
from search.datadir import DataDir
from tests.helpers import article_count, crawl

pytestmark = pytest.mark.e2e  # real crawls, servers or CLI runs in subprocesses


def article_downloads(requests) -> list[str]:
    return sorted(r.path for r in requests if r.path.startswith("/articles/") and r.status == 200)


def summary(data_dir: Path) -> dict:
    return json.loads((data_dir / "last-crawl.json").read_text())


def test_reruns_fetch_only_what_changed(tmp_path, site_server):
    root, data = tmp_path / "site", tmp_path / "data"
    build_site(root, 6)
    site = site_server(root)

    first = crawl(data, start_args(site))
    assert first.returncode == 0, first.stderr[-3000:]
    assert len(set(archive_ids(data))) == 6
    assert summary(data)["totals"]["new"] == 6
    assert "TOTAL" in first.stdout
    # Where the crawl's time went, per stage (benchmarks/crawl.py reads these).
    stages = {"parsing", "extraction", "cleaning", "dedupe", "archive", "index", "incremental"}
    assert stages <= summary(data)["cpu_seconds"].keys()
    assert all(seconds >= 0 for seconds in summary(data)["cpu_seconds"].values())
    assert summary(data)["wall_seconds"]["archive"] > 0

    seen = len(site.requests)
    second = crawl(data, start_args(site))
    assert second.returncode == 0, second.stderr[-3000:]
    rerun = site.requests[seen:]
    assert article_downloads(rerun) == []
    assert {r.path for r in rerun if r.status == 304} >= {"/", "/section/world.html", "/sitemap.xml"}
    assert summary(data)["totals"]["new"] == 0 and summary(data)["totals"]["not_modified"] >= 3

    build_site(root, 7, in_sitemap_only=(7,))
    seen = len(site.requests)
    third = crawl(data, start_args(site))
    assert third.returncode == 0, third.stderr[-3000:]
    assert article_downloads(site.requests[seen:]) == ["/articles/story-7.html"]
    assert len(archive_ids(data)) == len(set(archive_ids(data))) == 7
    assert summary(data)["totals"]["new"] == 1

    time.sleep(1)  # the sitemap's new lastmod must be later than the first download, to the second
    (root / "articles" / "story-2.html").write_bytes(page("Story number 2 of the day, updated", 99))
    changed = [(f"{{{{BASE_URL}}}}articles/story-{n}.html", TODAY) for n in range(1, 8)]
    changed[1] = (changed[1][0], datetime.now(timezone.utc).isoformat(timespec="seconds"))
    (root / "sitemap.xml").write_bytes(sitemap(changed))
    seen = len(site.requests)
    fourth = crawl(data, start_args(site))
    assert fourth.returncode == 0, fourth.stderr[-3000:]
    assert article_downloads(site.requests[seen:]) == ["/articles/story-2.html"]
    assert summary(data)["totals"]["updated"] == 1
    assert len(set(archive_ids(data))) == 7


def test_data_directory_is_owner_only(tmp_path, site_server):
    root, data = tmp_path / "site", tmp_path / "data"
    build_site(root, 2)
    site = site_server(root)
    done = crawl(data, start_args(site))
    assert done.returncode == 0, done.stderr[-3000:]
    paths = [data, *data.rglob("*")]
    assert len(paths) > 4
    loose = [str(p.relative_to(data)) for p in paths if stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert loose == []


# About five seconds for a 30-article site: time to act while the crawl runs.
SLOW = {"DOWNLOAD_DELAY": "0.15", "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "RANDOMIZE_DOWNLOAD_DELAY": "False"}


def test_overlapping_run_is_refused_without_touching_anything(tmp_path, site_server):
    root, data = tmp_path / "site", tmp_path / "data"
    build_site(root, 30)
    site = site_server(root)
    running = start_crawl(data, start_args(site), settings=SLOW)
    try:
        wait_for(lambda: (data / "crawl.lock").exists() and (data / "crawl.lock").read_text().startswith("pid"))
        lock = data / "crawl.lock"
        before = (lock.read_text(), lock.stat().st_mtime_ns)
        started = time.monotonic()
        second = crawl(data, start_args(site))
        assert second.returncode == 3
        assert time.monotonic() - started < 15
        assert "another crawl" in second.stderr and f"pid {running.pid}" in second.stderr
        assert "Traceback" not in second.stderr
        assert (lock.read_text(), lock.stat().st_mtime_ns) == before
    finally:
        running.send_signal(signal.SIGTERM)
        running.communicate(timeout=60)


def test_sigterm_stops_cleanly_and_the_next_run_completes(tmp_path, site_server):
    root, data = tmp_path / "site", tmp_path / "data"
    build_site(root, 30)
    site = site_server(root)
    running = start_crawl(data, start_args(site), settings=SLOW)
    wait_for(lambda: len(article_downloads(site.requests)) >= 8)  # mid-download, whatever extraction's pace
    running.send_signal(signal.SIGTERM)
    out, err = running.communicate(timeout=60)
    assert running.returncode == 4, err[-3000:]
    assert "Traceback" not in err
    stored = set(archive_ids(data))
    assert 8 <= len(stored) <= len(article_downloads(site.requests)) < 30  # in-flight items were finished
    assert article_count(data) == len(stored)  # the index was committed on the way out
    assert warc_damage(data) == (len(stored), 0)  # WARC files closed cleanly, one response per article

    rerun = crawl(data, start_args(site))
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert len(set(archive_ids(data))) == 30 and repeated_copies(data) == []
    assert article_count(data) == 30


def test_sigkill_mid_crawl_then_rerun_stores_every_article_once(tmp_path, site_server):
    root, data = tmp_path / "site", tmp_path / "data"
    build_site(root, 30)
    site = site_server(root)
    running = start_crawl(data, start_args(site), settings=SLOW)
    wait_for(lambda: len(archive_ids(data)) >= 4)
    os.killpg(running.pid, signal.SIGKILL)  # the crawl and its extraction workers, mid-write
    running.communicate(timeout=30)
    assert len(set(archive_ids(data))) < 30

    rerun = crawl(data, start_args(site))
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert "taking over the lock" in rerun.stderr
    assert warc_damage(data)[1] <= 1  # at most the record the kill cut short
    assert len(set(archive_ids(data))) == 30 and repeated_copies(data) == []
    assert article_count(data) == 30


def test_redirects_and_links_to_other_private_hosts_are_refused(tmp_path):
    """127.0.0.2 stands for any private address: allowed by domain, refused by address; it must see nothing."""
    with serve_routes({"/": Reply(body=page("Secret", 1))}, host="127.0.0.2") as private:
        routes = {
            "/robots.txt": Reply(body=b"User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"}),
            "/go": Reply(302, b"", {"Location": private.base_url + "redirected"}),
            "/story.html": Reply(body=page("A public story", 2, links=(private.base_url + "linked",))),
        }
        routes["/"] = Reply(body=listing("Home", ["/go", "/story.html", private.base_url + "direct"]))
        with serve_routes(routes) as site:
            sources = tmp_path / "sources.toml"
            sources.write_text(
                f'[[source]]\nname = "site"\nstart_urls = ["{site.base_url}"]\n'
                f'allowed_domains = ["127.0.0.1", "127.0.0.2"]\n'
            )
            data = tmp_path / "data"
            done = crawl(data, f"sources={sources}")
            assert done.returncode == 0, done.stderr[-3000:]
            assert "/story.html" in site.paths() and "/go" in site.paths()
            assert private.seen == []
            assert "non-public address 127.0.0.2" in done.stderr


def test_ctrl_c_to_the_whole_process_group_finishes_items_in_flight(tmp_path, site_server):
    root, data = tmp_path / "site", tmp_path / "data"
    build_site(root, 30)
    site = site_server(root)
    # Slower than SLOW: the signal must come once the extraction worker runs, yet before the downloads end.
    # Workers start on demand: a Ctrl-C during a worker's start-up breaks the pool, which the
    # extraction pipeline replaces once.
    # 1 s a page: the 30 downloads take 30 s, far longer than the first two articles take to be
    # stored even on a loaded machine (at 0.3 s, a busy CI runner finished them all first).
    running = start_crawl(data, start_args(site), settings={**SLOW, "DOWNLOAD_DELAY": "1.0"})
    wait_for(lambda: len(archive_ids(data)) >= 2)
    os.killpg(running.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    try:
        _, err = running.communicate(timeout=20)
    finally:
        if running.poll() is None:
            os.killpg(running.pid, signal.SIGKILL)
            running.communicate()
    assert running.returncode == 4
    assert "Error processing" not in err
    assert len(article_downloads(site.requests)) < 30


def test_crawl_delay_holds_even_with_autothrottle(tmp_path):
    """robots.txt asks for 0.6 s between requests; AutoThrottle on a fast loopback site must not undercut it."""
    routes = {
        "/robots.txt": Reply(body=b"User-agent: *\nCrawl-delay: 0.6\n", headers={"Content-Type": "text/plain"}),
        "/": Reply(body=listing("Home", [f"/story-{n}.html" for n in range(1, 5)])),
        **{f"/story-{n}.html": Reply(body=page(f"Delayed story {n}", n)) for n in range(1, 5)},
    }
    with serve_routes(routes) as site:
        done = crawl(tmp_path / "data", f"url={site.base_url}",
                     settings={"AUTOTHROTTLE_ENABLED": "True", "AUTOTHROTTLE_START_DELAY": "0", "DOWNLOAD_DELAY": "0"})
        assert done.returncode == 0, done.stderr[-3000:]
        pages = [seen.time for seen in site.seen if seen.path != "/robots.txt"]
    assert len(pages) == 5
    gaps = [later - earlier for earlier, later in zip(pages, pages[1:])]
    assert min(gaps) >= 0.55, gaps


def test_resolver_refuses_a_name_resolving_to_a_private_address_at_connect_time(tmp_path):
    """With the scheduling-time guard off, the resolver alone must keep `localhost` (loopback) unreached."""
    with serve_routes({"/": Reply(body=page("Behind the name", 3))}) as private:
        port = private.base_url.rsplit(":", 1)[1].rstrip("/")
        routes = {
            "/robots.txt": Reply(body=b"User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"}),
            "/": Reply(body=listing("Home", [f"http://localhost:{port}/", "/story.html"])),
            "/story.html": Reply(body=page("A public story", 2)),
        }
        with serve_routes(routes) as site:
            sources = tmp_path / "sources.toml"
            sources.write_text(
                f'[[source]]\nname = "site"\nstart_urls = ["{site.base_url}"]\nallowed_domains = ["127.0.0.1", "localhost"]\n'
            )
            done = crawl(tmp_path / "data", f"sources={sources}", settings={"NETWORK_GUARD_ENABLED": "False"})
            assert done.returncode == 0, done.stderr[-3000:]
            assert "/story.html" in site.paths()
            assert private.seen == []
            assert "refused localhost: resolves to non-public address 127.0.0.1" in done.stderr


def test_unusable_data_directory_is_one_line_and_status_2(tmp_path):
    (tmp_path / "a-file").write_text("not a directory")
    done = crawl(tmp_path / "a-file" / "data", "url=http://127.0.0.1:9/")
    assert done.returncode == 2
    assert "cannot lock" in done.stderr and "Traceback" not in done.stderr


def warc_damage(data: Path) -> tuple[int, int]:
    """(responses read, damaged records) over every WARC file of the data directory."""
    report = ReadReport()
    for path in sorted(DataDir(data).warc.glob("*.warc.gz")):
        for _ in iter_responses(opener(str(path)), path.name, report=report):
            pass
    return report.responses, report.damaged
