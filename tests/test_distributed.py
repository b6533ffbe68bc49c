"""Crawl nodes and one store on a real redis-server: sharing, politeness, exit statuses and faults.

Each test uses its own Redis database of one server (started for this module,
AOF on, no snapshots), and slow loopback sites on 127.0.0.2... so that several
nodes really work at the same time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.slowsite import slow_sites
from tests.cronhelpers import archive_ids, archive_lines, repeated_copies, start_crawl, wait_for
from tests.helpers import REPO_ROOT, article_count, crawl
from tests.redishelpers import free_port, redis_server

pytestmark = pytest.mark.e2e
redis_py = pytest.importorskip("redis", reason="the redis extra is not installed (make install installs it)")

NODE = {
    "NEWS_REDIS_IDLE_EXIT": "1.5",
    "NEWS_REDIS_LEASE_TIMEOUT": "2",
    "EXTRACTION_WORKERS": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
}


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server


def db_url(server, db: int) -> str:
    return server.url.rsplit("/", 1)[0] + f"/{db}"


def db_client(server, db: int):
    return redis_py.Redis.from_url(db_url(server, db))


def start_node(data_dir: Path, url: str, sites, **settings: str) -> subprocess.Popen:
    urls = ",".join(site.url for site in sites)
    return start_crawl(data_dir, f"url={urls}", settings={**NODE, "NEWS_REDIS_URL": url, **settings})


def wait_for_a_node(server, db: int) -> None:
    """A store started with --until-idle before any node joined could take the crawl for over."""
    client = db_client(server, db)
    wait_for(lambda: client.zcard("newscrawler:nodes") > 0, timeout=60)


def store_reading(server, db: int) -> bool:
    """The store is up: it has made its consumer group on the article stream."""
    client = db_client(server, db)
    return client.exists("newscrawler:items") and bool(client.xinfo_groups("newscrawler:items"))


def start_store(data_dir: Path, url: str, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "search.cli", "ingest", "--redis", url, "--data", str(data_dir), *args]
    return subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def finish(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)


def page_counts(sites) -> Counter[str]:
    return Counter({site.url + path.lstrip("/"): count for site in sites for path, count in site.pages_fetched().items()})


def articles_of(sites) -> set[str]:
    return {site.url + path.lstrip("/") for site in sites for path in site.pages_fetched() if path.startswith("/news/")}


def test_two_nodes_share_one_frontier_and_one_store_keeps_each_article_once(redis, tmp_path):
    url = db_url(redis, 1)
    with slow_sites(hosts=3, articles=6, delay=0.15, crawl_delays={0: 0.4}) as sites:
        nodes = [start_node(tmp_path / f"node{n}", url, sites) for n in range(2)]
        wait_for_a_node(redis, 1)
        store = start_store(tmp_path / "store", url, "--until-idle", "2")
        results = [finish(node) for node in nodes]
        store_status, store_out, store_err = finish(store)
        assert [status for status, _, _ in results] == [0, 0], [err[-2000:] for _, _, err in results]
        assert store_status == 0, store_err[-2000:]

        fetched = page_counts(sites)
        assert len(fetched) == 3 * 7 and set(fetched.values()) == {1}, fetched  # every page once, over both nodes
        assert [site.requests["/robots.txt"] for site in sites] == [1, 1, 1]  # robots.txt answers shared
        assert max(site.max_in_flight for site in sites) <= 2  # CONCURRENT_REQUESTS_PER_DOMAIN over all nodes
        # Crawl-delay 0.4 s over all nodes (less the time a node takes from taking a request to sending it).
        delayed = sorted(when for path, when in sites[0].arrived if path != "/robots.txt")
        assert sites[0].max_in_flight == 1 and min(b - a for a, b in zip(delayed, delayed[1:])) >= 0.3
        ids = archive_ids(tmp_path / "store")
        assert len(ids) == len(set(ids)) == 18 and not repeated_copies(tmp_path / "store")
        assert article_count(tmp_path / "store") == 18
        assert "ingest: 18 articles stored" in store_out
        assert all(record["warc_file"] for record in archive_lines(tmp_path / "store"))  # the store keeps the WARC

        # The next run (a new round): start pages again, stored articles not fetched again by any node.
        again = start_node(tmp_path / "node2", url, sites)
        wait_for_a_node(redis, 1)
        store = start_store(tmp_path / "store", url, "--until-idle", "2")
        assert finish(again)[0] == 0
        assert finish(store)[0] == 0
        refetched = page_counts(sites) - fetched
        assert set(refetched) == {site.url for site in sites}, refetched
        assert article_count(tmp_path / "store") == 18


def test_unusable_redis_is_one_line_and_exit_2_before_any_fetch(redis, tmp_path):
    with redis_server(tmp_path / "locked", password="right-password") as locked, \
            slow_sites(hosts=1, articles=1, delay=0) as sites:
        wrong_password = locked.url.replace("right-password", "wrong-password")
        cases = {
            "http://127.0.0.1:6379/0": "not a Redis URL",
            wrong_password: "refused the password",
            f"redis://127.0.0.1:{free_port()}/0": "cannot reach Redis",
        }
        for url, message in cases.items():
            result = crawl(tmp_path / "node", f"url={sites[0].url}", settings={**NODE, "NEWS_REDIS_URL": url})
            assert result.returncode == 2, (url, result.stderr[-1500:])
            errors = [line for line in result.stderr.splitlines() if "error" in line.lower()]
            assert len(errors) == 1 and message in errors[0] and "Traceback" not in result.stderr, result.stderr
            assert "wrong-password" not in result.stderr
        status, _, err = finish(start_store(tmp_path / "store", wrong_password))
        assert status == 2 and len(err.strip().splitlines()) == 1 and "refused the password" in err
        assert not sites[0].requests


def test_a_second_store_on_one_data_directory_exits_3(redis, tmp_path):
    url = db_url(redis, 2)
    first = start_store(tmp_path / "store", url)
    wait_for(lambda: (tmp_path / "store" / "crawl.lock").exists() and (tmp_path / "store" / "crawl.lock").stat().st_size)
    status, _, err = finish(start_store(tmp_path / "store", url))
    assert status == 3 and "not starting" in err and len(err.strip().splitlines()) == 1, err
    first.send_signal(signal.SIGTERM)
    assert finish(first)[0] == 0


def test_killed_node_and_killed_store_lose_nothing_and_store_nothing_twice(redis, tmp_path):
    url = db_url(redis, 3)
    client = db_client(redis, 3)
    with slow_sites(hosts=2, articles=8, delay=1.0) as sites:
        doomed = start_node(tmp_path / "node0", url, sites, CONCURRENT_REQUESTS="4")
        # Kill it while it holds leases on article pages (home pages done, articles in flight).
        wait_for(lambda: len(articles_of(sites)) >= 2, timeout=60)
        kill(doomed)
        survivor = start_node(tmp_path / "node1", url, sites)
        status, _, err = finish(survivor)
        assert status == 0, err[-2000:]
        requeued = int(client.get("newscrawler:requeued") or 0)
        assert requeued >= 1  # the dead node's leases went back to the queue...
        assert len(articles_of(sites)) == 16  # ...and were fetched by the other node

    # The store, killed mid-way through the stream, then restarted: every article exactly once.
    store = start_store(tmp_path / "store", url)
    wait_for(lambda: len(archive_ids(tmp_path / "store")) >= 3, timeout=60, interval=0.005)
    kill(store)
    assert client.xlen("newscrawler:items") > 0, "the store was killed too late to test anything"
    status, _, err = finish(start_store(tmp_path / "store", url, "--until-idle", "1"))
    assert status == 0, err[-2000:]
    ids = archive_ids(tmp_path / "store")
    assert len(set(ids)) == 16 and not repeated_copies(tmp_path / "store"), Counter(ids).most_common(3)
    assert article_count(tmp_path / "store") == 16


def test_redis_restart_mid_crawl_is_waited_out_with_one_line_each(redis, tmp_path):
    url = db_url(redis, 4)
    with slow_sites(hosts=2, articles=8, delay=0.4) as sites:
        node = start_node(tmp_path / "node", url, sites)
        wait_for_a_node(redis, 4)
        store = start_store(tmp_path / "store", url, "--until-idle", "2")
        wait_for(lambda: store_reading(redis, 4) and len(articles_of(sites)) >= 3, timeout=60)
        redis.stop()
        time.sleep(1.5)
        redis.start()
        node_status, _, node_err = finish(node)
        store_status, _, store_err = finish(store)
        assert node_status == 0 and store_status == 0, (node_err[-2000:], store_err[-2000:])
        for err in (node_err, store_err):
            assert "Traceback" not in err
            assert sum("unreachable" in line for line in err.splitlines()) == 1, err[-3000:]
            assert sum("is back after" in line for line in err.splitlines()) == 1, err[-3000:]
        assert len(articles_of(sites)) == 16
    ids = archive_ids(tmp_path / "store")
    assert len(ids) == len(set(ids)) == 16
