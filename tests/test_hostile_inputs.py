"""Hostile and broken sites: one crawl of a loopback site full of traps, bombs and broken pages must finish.

Every page is linked from the home page; the crawl must end normally, store the
good articles, and the server's request log shows each trap was bounded.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Callable
from datetime import datetime, timezone

import brotli
import pytest

from tests.cronhelpers import Reply, archive_ids, listing, page, serve_routes
from tests.helpers import crawl

pytestmark = pytest.mark.e2e  # real crawls, servers or CLI runs in subprocesses

MAX_SIZE = 1_000_000
THIS_YEAR = datetime.now(timezone.utc).year
HTML = {"Content-Type": "text/html; charset=utf-8"}


def calendar(path: str, headers: dict[str, str]) -> Reply:
    """An endless calendar: every month links to the next and the previous one."""
    year, month = map(int, re.findall(r"\d+", path)[:2])
    following = (year + (month == 12), month % 12 + 1)
    previous = (year - (month == 1), (month - 2) % 12 + 1)
    links = [f"/calendar/{y}/{m:02d}/" for y, m in (following, previous)]
    return Reply(body=listing(f"Events {year}-{month:02d}", links))


def deep(path: str, headers: dict[str, str]) -> Reply:
    level = int(path.rstrip("/").rsplit("/", 1)[1])
    return Reply(body=listing(f"Level {level}", [f"/deep/{level + 1}"]))


def rate_limited() -> Callable[[str, dict[str, str]], Reply]:
    calls = []

    def reply(path: str, headers: dict[str, str]) -> Reply:
        calls.append(path)
        if len(calls) == 1:
            return Reply(429, b"slow down", {"Retry-After": "1", "Content-Type": "text/plain"})
        return Reply(body=page("Rate limited story finally served", 40))

    return reply


def hostile_routes() -> dict:
    article = page("A perfectly normal story", 11)
    routes = {
        "/robots.txt": Reply(body=b"User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"}),
        "/ok.html": Reply(body=article),
        "/bomb.html": Reply(body=gzip.compress(b"<p>" + b"\0" * 30_000_000, 9), headers={**HTML, "Content-Encoding": "gzip"}),
        "/bomb-br.html": Reply(body=brotli.compress(b"<p>" + b"\0" * 30_000_000, quality=5), headers={**HTML, "Content-Encoding": "br"}),
        "/big.html": Reply(body=page("Huge page", 12) + b"<!--" + b"x" * (2 * MAX_SIZE) + b"-->"),
        "/wrong-charset.html": Reply(body=page("Caf\u00e9 owners protest", 13).decode().encode("cp1252")),
        "/bom.html": Reply(body=b"\xef\xbb\xbf" + page("Byte order mark story", 14), headers={"Content-Type": "text/html; charset=iso-8859-1"}),
        "/no-charset.html": Reply(body=page("\u0928\u0908 \u0926\u093f\u0932\u094d\u0932\u0940 story", 15), headers={"Content-Type": "text/html"}),
        "/binary.html": Reply(body=random.Random(7).randbytes(200_000)),
        "/empty.html": Reply(body=b""),
        "/truncated.html": Reply(body=page("Truncated story", 16)[:1500]),
        "/nested.html": Reply(body=b"<html><body>" + b"<div>" * 60_000 + b"deep text" + b"</div>" * 10 + b"</body></html>"),
        "/captcha.html": Reply(body=b"<html><head><title>Just a moment...</title></head><body><div class='g-recaptcha'></div></body></html>"),
        "/forbidden.html": Reply(403, b"no", HTML),
        "/loop-a": Reply(302, b"", {"Location": "/loop-b"}),
        "/loop-b": Reply(302, b"", {"Location": "/loop-a"}),
        "/calendar": calendar,
        "/deep": deep,
        "/limited.html": rate_limited(),
        "/s": Reply(body=listing("Session page", ["/ok.html"])),
        "/sitemap-bomb.xml.gz": Reply(body=gzip.compress(b"<urlset>" + b" " * 30_000_000, 9), headers={"Content-Type": "application/gzip"}),
    }
    links = [p for p in routes if p not in ("/robots.txt", "/calendar", "/deep", "/s", "/sitemap-bomb.xml.gz")]
    links += [f"/calendar/{THIS_YEAR}/06/", "/deep/1", "/s?sid=1", "/s?sid=2", "/s;jsessionid=XYZ"]
    links += ["/long?q=" + "a" * 3000, "/facets?" + "&".join(f"f{n}=v{n}" for n in range(9))]
    routes["/"] = Reply(body=listing("Hostile home", links))
    return routes


class Routes(dict):
    """Exact paths first, then the longest registered prefix (for the endless calendar and deep chain)."""

    def get(self, path, default=None):
        if path in self:
            return self[path]
        for prefix in ("/calendar", "/deep"):
            if path.startswith(prefix + "/"):
                return self[prefix]
        return default


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile-data")
    robots_down = {"/robots.txt": Reply(503, b"down", {"Content-Type": "text/plain"}), "/": Reply(body=page("Unseen", 3))}
    with serve_routes(Routes(hostile_routes())) as site, serve_routes(robots_down) as closed:
        done = crawl(
            data,
            f"url={site.base_url},{site.base_url}sitemap-bomb.xml.gz,{closed.base_url}",
            settings={"DOWNLOAD_MAXSIZE": str(MAX_SIZE), "DOWNLOAD_WARNSIZE": "0", "RETRY_TIMES": "1"},
            timeout=120,
        )
        yield done, site, closed, data


def test_the_crawl_survives_and_stores_the_good_pages(hostile_crawl):
    done, site, _, data = hostile_crawl
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Traceback" not in done.stderr
    stored = {record.rsplit("/", 1)[-1] for record in archive_ids(data)}
    assert {"ok.html", "wrong-charset.html", "bom.html", "no-charset.html", "limited.html"} <= stored
    assert not {"binary.html", "empty.html", "captcha.html", "bomb.html", "bomb-br.html", "big.html"} & stored


def test_oversized_and_bomb_responses_are_dropped_with_a_log_line(hostile_crawl):
    done, *_ = hostile_crawl
    for name in ("bomb", "bomb-br", "big"):
        assert re.search(rf"{name}\.html.*(max|size)|(max|size).*{name}\.html", done.stderr, re.I), name


def test_gzipped_sitemap_bomb_is_dropped_with_a_log_line(hostile_crawl):
    done, *_ = hostile_crawl
    assert re.search(r"sitemap-bomb\.xml\.gz.*gunzip", done.stderr)


def test_retry_after_is_waited_for(hostile_crawl):
    _, site, *_ = hostile_crawl
    tries = [seen for seen in site.seen if seen.path == "/limited.html"]
    assert [seen.status for seen in tries] == [429, 200]
    assert tries[1].time - tries[0].time >= 0.9


def test_traps_are_bounded(hostile_crawl):
    _, site, *_ = hostile_crawl
    paths = site.paths()
    years = [int(y) for y in re.findall(r"/calendar/(\d{4})/", " ".join(paths))]
    assert max(years) <= THIS_YEAR + 1
    assert max(int(p.rsplit("/", 1)[1]) for p in paths if p.startswith("/deep/")) <= 5
    assert [p for p in paths if re.match(r"/s(\?|;|$)", p)] == ["/s"]
    assert paths.count("/loop-a") <= 5
    assert not [p for p in paths if p.startswith(("/long", "/facets"))]


def test_robots_txt_5xx_means_nothing_is_fetched(hostile_crawl):
    _, _, closed, _ = hostile_crawl
    assert {seen.path for seen in closed.seen} == {"/robots.txt"}


def test_summary_counts_blocked_and_empty_pages(hostile_crawl):
    *_, data = hostile_crawl
    summary = json.loads((data / "last-crawl.json").read_text())
    site = summary["sources"]["127.0.0.1"]
    assert site["blocked"] == 3  # the captcha page, the 403 and the 429 (waited out, then retried)
    assert site["empty"] >= 1
    assert site["too_large"] == 1  # big.html; the bomb is dropped while decompressing
