"""The demo site and its loopback server: what `make demo` and the crawl tests stand on.

Real HTTP on 127.0.0.1 throughout; the site is checked as served (placeholders
replaced), against its own EXPECTED.json and against a fresh build from sources.
"""

from __future__ import annotations

import email.utils
import filecmp
import http.client
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import lxml.html
import pytest

from newscrawler.demo import BASE_URL_PLACEHOLDER, SITE_DIR
from newscrawler.demo.__main__ import MARKER, prepare_data_dir
from newscrawler.demo.server import StaticSite, serve_site
from newscrawler.demo.sitegen.build import build

EXPECTED = json.loads((SITE_DIR / "EXPECTED.json").read_text(encoding="utf-8"))
ARTICLES = EXPECTED["articles"]
ARTICLE_PATHS = {article["path"] for article in ARTICLES}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
REPO_ROOT = Path(__file__).resolve().parents[1]


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(base_url: str, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> Response:
    """One raw HTTP request (no redirect following, no path normalisation)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        answer = connection.getresponse()
        return Response(answer.status, answer.headers, answer.read())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site():
    with serve_site(SITE_DIR) as running:
        yield running


def test_committed_site_matches_a_fresh_build(tmp_path):
    build(tmp_path / "site")
    comparison = filecmp.dircmp(SITE_DIR, tmp_path / "site")
    stale = []

    def walk(node: filecmp.dircmp, prefix: str) -> None:
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        stale.extend(prefix + name for name in node.left_only + node.right_only + mismatch + errors)
        for name, child in node.subdirs.items():
            walk(child, f"{prefix}{name}/")

    walk(comparison, "")
    assert not stale, f"site is stale, run `python -m newscrawler.demo.sitegen`: {stale[:5]}"


def test_site_is_small():
    total = sum(path.stat().st_size for path in SITE_DIR.rglob("*") if path.is_file())
    assert total < 1_000_000


def test_expected_describes_a_varied_site():
    assert len(ARTICLES) >= 40
    assert len({article["section"] for article in ARTICLES}) >= 3
    assert {article["template"] for article in ARTICLES} == {"ledger", "metro"}
    for flag in ("jsonld", "canonical", "og"):
        assert {article[flag] for article in ARTICLES} == {True, False}, flag
    assert len({article["published"][-6:] for article in ARTICLES}) >= 3
    assert len({article["published"][:10] for article in ARTICLES}) >= 20
    for article in ARTICLES:
        assert 4 <= len(article["body"].split("\n\n")) <= 10, article["path"]
        assert re.fullmatch(r"2025-\d\d-\d\dT\d\d:\d\d:00[+-]\d\d:\d\d", article["published"])
    hindi = [article for article in ARTICLES if article["language"] == "hi"]
    assert hindi and all(re.search("[\u0900-\u097f]{4}", article["body"]) for article in hindi)
    assert not set(EXPECTED["listings"]) & ARTICLE_PATHS


def test_syndicated_pair_is_one_wire_story_on_two_templates():
    [pair] = EXPECTED["syndicated"]
    first, second = sorted((a for a in ARTICLES if a["path"] in pair), key=lambda a: a["published"])
    assert first["story"] == second["story"]
    assert first["template"] != second["template"] and first["title"] != second["title"]
    assert "(PTI)" in first["body"] and first["authors"] == second["authors"] == ["PTI"]
    original, copy = first["body"].split("\n\n"), second["body"].split("\n\n")
    assert copy[:-1] == original[:-1]
    assert original[-1].startswith(copy[-1]) and len(copy[-1]) < len(original[-1])


def test_every_expected_page_is_served_with_absolute_urls(site):
    paths = [p for a in ARTICLES for p in [a["path"], *a["aliases"]]]
    paths += EXPECTED["listings"] + EXPECTED["feeds"] + EXPECTED["sitemaps"] + [EXPECTED["robots"]]
    for path in paths:
        answer = request(site.base_url, path)
        assert answer.status == 200, path
        assert BASE_URL_PLACEHOLDER not in answer.text, path
        if path.endswith((".html", "/")):
            assert answer.headers["Content-Type"] == "text/html; charset=utf-8", path
    for path in EXPECTED["never_fetch"]:
        assert (SITE_DIR / path.lstrip("/")).is_file()


def _document(site: StaticSite, path: str) -> lxml.html.HtmlElement:
    answer = request(site.base_url, path)
    assert answer.status == 200, path
    return lxml.html.fromstring(answer.body)


def test_internal_links_all_resolve_and_reach_the_private_page(site):
    pages = [p for a in ARTICLES for p in [a["path"], *a["aliases"]]] + EXPECTED["listings"]
    linked = set()
    for path in pages:
        for href in _document(site, path).xpath("//a/@href | //link/@href"):
            if href.startswith(site.base_url):
                href = "/" + href.removeprefix(site.base_url)
            if href.startswith("/"):
                linked.add(urlsplit(href).path)
    for path in sorted(linked):
        assert request(site.base_url, path, "HEAD").status == 200, path
    assert set(EXPECTED["never_fetch"]) <= linked
    assert {alias for a in ARTICLES for alias in a["aliases"]} <= linked
    assert set(EXPECTED["listings"]) - {"/"} <= linked


def test_article_pages_declare_what_expected_says(site):
    for article in ARTICLES:
        page = _document(site, article["path"])
        assert page.findtext(".//h1").strip() == article["title"]
        canonical = page.xpath("//link[@rel='canonical']/@href")
        assert canonical == ([site.base_url + article["path"].lstrip("/")] if article["canonical"] else [])
        assert bool(page.xpath("//meta[@property='og:title']")) == article["og"]
        scripts = page.xpath("//script[@type='application/ld+json']/text()")
        assert bool(scripts) == article["jsonld"]
        if scripts:
            data = json.loads(scripts[0])
            news = next(n for n in data.get("@graph", [data]) if n["@type"] == "NewsArticle")
            assert news["headline"] == article["title"]
            assert news["datePublished"] == article["published"]
            assert [author["name"] for author in news["author"]] == article["authors"]
        paragraphs = [p.text_content() for p in page.xpath("//p")]
        times = 2 if article["template"] == "ledger" else 1
        for paragraph in article["body"].split("\n\n"):
            assert paragraphs.count(paragraph) == times, (article["path"], paragraph[:40])


def test_ledger_pages_have_the_seed_boilerplate_and_text_only_dates(site):
    plain = [a for a in ARTICLES if a["template"] == "ledger" and not (a["jsonld"] or a["og"] or a["canonical"])]
    assert plain
    for article in plain:
        page = _document(site, article["path"])
        text = page.text_content()
        for boilerplate in ("(ANI)", "By ", "Published : ", "For All Latest Updates", "TAGGED:",
                            "Quick Links / Policies", "Get Us On", "please reach us at", "Featured", "Copyright ©"):
            assert boilerplate in text, (article["path"], boilerplate)
        assert page.xpath("//img[@alt='author img']")
        assert not page.xpath("//meta[@property or @name='date'] | //time | //script[@type='application/ld+json']")


def test_robots_txt_disallows_the_private_page_and_names_the_sitemap(site):
    answer = request(site.base_url, "/robots.txt")
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert f"Sitemap: {site.base_url}sitemap_index.xml" in answer.text.splitlines()
    robots = RobotFileParser()
    robots.parse(answer.text.splitlines())
    for path in EXPECTED["never_fetch"]:
        assert not robots.can_fetch("newscrawler", site.base_url + path.lstrip("/"))
    for path in ARTICLE_PATHS:
        assert robots.can_fetch("newscrawler", site.base_url + path.lstrip("/"))


def _xml(site: StaticSite, url: str, content_type: str) -> ET.Element:
    assert url.startswith(site.base_url), url
    answer = request(site.base_url, "/" + url.removeprefix(site.base_url))
    assert answer.status == 200, url
    assert answer.headers["Content-Type"] == f"{content_type}; charset=utf-8"
    return ET.fromstring(answer.body)


def _served_path(site: StaticSite, url: str) -> str:
    assert url.startswith(site.base_url), url
    return "/" + urlsplit(url).path.removeprefix("/")


def test_sitemaps_list_every_article_and_only_existing_pages(site):
    index = _xml(site, site.base_url + "sitemap_index.xml", "application/xml")
    sitemap_urls = [loc.text for loc in index.iter(f"{SITEMAP_NS}loc")]
    assert len(sitemap_urls) == 2
    listed, news_items = set(), 0
    for sitemap_url in sitemap_urls:
        urlset = _xml(site, sitemap_url, "application/xml")
        for url in urlset.iter(f"{SITEMAP_NS}url"):
            path = _served_path(site, url.findtext(f"{SITEMAP_NS}loc"))
            assert request(site.base_url, path, "HEAD").status == 200, path
            listed.add(path)
            news = url.find(f"{NEWS_NS}news")
            if news is not None:
                news_items += 1
                assert news.findtext(f"{NEWS_NS}publication/{NEWS_NS}language") in ("en", "hi")
                assert news.findtext(f"{NEWS_NS}publication_date")[-6] in "+-"
    assert ARTICLE_PATHS <= listed
    assert news_items >= 10
    assert not listed & set(EXPECTED["never_fetch"])


def test_feeds_are_rss_and_atom_pointing_at_articles(site):
    rss = _xml(site, site.base_url + "feeds/latest.xml", "application/rss+xml")
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    items = rss.findall("channel/item")
    assert len(items) >= 10
    for item in items:
        assert _served_path(site, item.findtext("link")) in ARTICLE_PATHS
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).utcoffset() is not None
    atom = _xml(site, site.base_url + "feeds/metro.xml", "application/atom+xml")
    assert atom.tag == f"{ATOM_NS}feed"
    entries = atom.findall(f"{ATOM_NS}entry")
    assert entries
    for entry in entries:
        assert _served_path(site, entry.find(f"{ATOM_NS}link").get("href")) in ARTICLE_PATHS


def test_conditional_requests_get_304(site):
    first = request(site.base_url, "/nation/")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status == 200 and etag and modified

    cached = request(site.base_url, "/nation/", headers={"If-None-Match": etag})
    assert (cached.status, cached.body, cached.headers["ETag"]) == (304, b"", etag)
    assert request(site.base_url, "/nation/", headers={"If-Modified-Since": modified}).status == 304
    assert request(site.base_url, "/nation/", headers={"If-None-Match": '"other", ' + etag}).status == 304
    assert request(site.base_url, "/nation/", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110)
    both = {"If-None-Match": '"other"', "If-Modified-Since": modified}
    assert request(site.base_url, "/nation/", headers=both).status == 200


def test_etag_follows_the_served_bytes(tmp_path):
    (tmp_path / "index.html").write_text(f"<a href='{BASE_URL_PLACEHOLDER}x'>x</a>", encoding="utf-8")
    with serve_site(tmp_path) as one, serve_site(tmp_path) as two:
        first, second = request(one.base_url, "/"), request(two.base_url, "/")
    assert first.text == f"<a href='{one.base_url}x'>x</a>"
    assert first.headers["ETag"] != second.headers["ETag"]
    assert int(first.headers["Content-Length"]) == len(first.body)


def test_request_log_records_every_answer(tmp_path):
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    (tmp_path / "section").mkdir()
    with serve_site(tmp_path) as running:
        assert request(running.base_url, "/", headers={"X-Probe": "1"}).status == 200
        head = request(running.base_url, "/index.html", "HEAD")
        assert (head.status, head.body, head.headers["Content-Length"]) == (200, b"", "4")
        assert request(running.base_url, "/missing.html").status == 404
        assert request(running.base_url, "/section").headers["Location"] == "/section/"
        assert request(running.base_url, "/section/").status == 404
        log = running.requests
    assert [(e.method, e.path, e.status) for e in log] == [
        ("GET", "/", 200), ("HEAD", "/index.html", 200), ("GET", "/missing.html", 404),
        ("GET", "/section", 301), ("GET", "/section/", 404),
    ]
    assert log[0].headers["X-Probe"] == "1"


def test_nothing_outside_the_root_is_served(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    with serve_site(root) as running:
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/link.txt"):
            assert request(running.base_url, path).status == 404, path


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "10.0.0.1", "example.com", ""])
def test_refuses_to_bind_beyond_loopback(host):
    with pytest.raises(ValueError, match="refusing"):
        StaticSite(SITE_DIR, host=host)


def test_localhost_means_ipv4_loopback():
    with serve_site(SITE_DIR, host="localhost") as running:
        assert running.base_url.startswith("http://127.0.0.1:")


@pytest.mark.e2e
def test_cli_prints_its_url_first_and_serves_until_killed():
    process = subprocess.Popen(
        [sys.executable, "-m", "newscrawler.demo.server", str(SITE_DIR), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT,
    )
    try:
        base_url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", base_url)
        assert request(base_url, "/robots.txt").status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.stderr.read() == ""


@pytest.mark.e2e
def test_cli_rejects_a_public_host_in_one_line():
    done = subprocess.run([sys.executable, "-m", "newscrawler.demo.server", "--host", "0.0.0.0"],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=30)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "loopback" in done.stderr


@pytest.mark.e2e
def test_demo_wipes_only_its_own_data_dir(tmp_path):
    own = tmp_path / "demo"
    prepare_data_dir(own)
    (own / "index").mkdir()
    prepare_data_dir(own)
    assert sorted(p.name for p in own.iterdir()) == [MARKER]

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "newscrawler.demo", "--data", str(foreign)],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=30)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "refusing to wipe" in done.stderr
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"
