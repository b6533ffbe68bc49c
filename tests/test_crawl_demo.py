"""The bundled demo site crawled for real: every article once, no listing page, each start-URL kind."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from search.archive import Archive
from newscrawler.warc.locations import opener
from newscrawler.warc.reader import read_response_at
from search.datadir import DataDir
from search.urls import clean_url
from tests.helpers import DEMO_SITE, article_count, crawl, newssearch

pytestmark = pytest.mark.e2e  # real crawls, servers or CLI runs in subprocesses

EXPECTED = json.loads((DEMO_SITE / "EXPECTED.json").read_text(encoding="utf-8"))
ARTICLE_PATHS = {article["path"] for article in EXPECTED["articles"]}


def stored_records(data_dir) -> list[dict]:
    return list(Archive(DataDir(data_dir).archive).iter_latest())


def stored_paths(data_dir, base_url: str) -> set[str]:
    """Every URL path stored on any article (each article keeps all its URLs)."""
    root = base_url.rstrip("/")
    return {url.removeprefix(root) for record in stored_records(data_dir) for url in record["urls"]}


def test_demo_crawl_stores_every_article_once_and_no_listing(demo_crawl):
    data, site, result = demo_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    records = stored_records(data)
    assert article_count(data) == len(records) == len(EXPECTED["articles"])
    paths = stored_paths(data, site.base_url)
    assert ARTICLE_PATHS <= paths
    assert not paths & set(EXPECTED["listings"])
    canonical_paths = [record["url"].removeprefix(site.base_url.rstrip("/")) for record in records]
    assert sorted(canonical_paths) == sorted(ARTICLE_PATHS)


def test_demo_crawl_respects_robots_txt(demo_crawl):
    _, site, _ = demo_crawl
    requested = {request.path for request in site.requests}
    assert "/robots.txt" in requested
    assert not requested & set(EXPECTED["never_fetch"])


def test_syndicated_story_keeps_two_articles_under_one_story(demo_crawl):
    data, site, _ = demo_crawl
    root = site.base_url.rstrip("/")
    for pair in EXPECTED["syndicated"]:
        stories = {json.loads(newssearch(data, "show", root + path, "--json").stdout)["story"] for path in pair}
        assert len(stories) == 1


def test_aliases_reach_the_same_article(demo_crawl):
    data, site, _ = demo_crawl
    root = site.base_url.rstrip("/")
    for article in EXPECTED["articles"]:
        for alias in article["aliases"]:
            shown = newssearch(data, "show", root + alias, "--json")
            assert shown.returncode == 0, shown.stderr
            assert json.loads(shown.stdout)["url"] == root + article["path"]


def test_stored_metadata_matches_the_demo_ground_truth(demo_crawl):
    """Every field exact. A standfirst equal to the meta description may open the body:
    on real pages (the extraction benchmark) that paragraph is usually article text,
    so cleaning keeps it unless the body restates it."""
    data, site, _ = demo_crawl
    root = site.base_url.rstrip("/")
    by_url = {record["url"]: record for record in stored_records(data)}
    wrong = []
    for article in EXPECTED["articles"]:
        record = dict(by_url[root + article["path"]])
        record["body"] = record["body"].removeprefix(article["description"] + "\n\n")
        for line in EXPECTED["template_lines"]:  # see the test below
            record["body"] = record["body"].removesuffix("\n\n" + line)
        for field in ("title", "authors", "published", "language", "body"):
            if record[field] != article[field]:
                wrong.append((article["path"], field, record[field]))
    assert wrong == []


def test_site_template_line_is_learnt_on_the_demo_site(demo_crawl):
    """The Metro template prints one desk line in every article body; once three pages
    of the site have shown it, it is site template and stays out of the stored bodies."""
    data, _, _ = demo_crawl
    bodies = [record["body"] for record in stored_records(data)]
    pages = [_page_text(article["path"]) for article in EXPECTED["articles"]]
    for line in EXPECTED["template_lines"]:
        assert sum(line in page for page in pages) >= 10
        assert sum(line in body for body in bodies) <= 2


def _page_text(path: str) -> str:
    file = DEMO_SITE / path.lstrip("/")
    return html.unescape((file / "index.html" if path.endswith("/") else file).read_text(encoding="utf-8"))


def test_hindi_article_is_found_by_a_devanagari_word(demo_crawl):
    data, site, _ = demo_crawl
    hindi = next(article for article in EXPECTED["articles"] if article["language"] == "hi")
    word = max(re.findall(r"[\u0900-\u097F]+", hindi["title"]), key=len)
    found = newssearch(data, word, "--json", "--lang", "hi")
    assert found.returncode == 0, found.stderr
    assert site.base_url.rstrip("/") + hindi["path"] in [hit["url"] for hit in found.json_lines()]


def test_search_json_lines_have_the_documented_fields(demo_crawl):
    data, _, _ = demo_crawl
    hits = newssearch(data, "monsoon", "--json", "--limit", "3").json_lines()
    assert 1 <= len(hits) <= 3
    for hit in hits:
        assert {"url", "title", "source", "published", "authors", "language", "score", "snippet"} <= set(hit)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", hit["published"])


def test_recrawl_changes_nothing(demo_crawl, tmp_path):
    data, site, _ = demo_crawl
    archive = DataDir(data).archive
    before = archive.read_bytes()
    again = crawl(data, f"url={site.base_url}")
    assert again.returncode == 0, again.stderr[-3000:]
    assert archive.read_bytes() == before
    assert article_count(data) == len(EXPECTED["articles"])


def _links_in(site, path: str, tag: str) -> set[str]:
    """The article paths a feed or sitemap lists, read with a regex, independent of the crawler."""
    with urlopen(site.base_url.rstrip("/") + path) as response:
        text = response.read().decode("utf-8")
    root = site.base_url.rstrip("/")
    if tag == "href":
        found = re.findall(r'<link[^>]*href="([^"]+)"', text)
    else:
        found = re.findall(rf"<{tag}>\s*([^<\s]+)\s*</{tag}>", text)
    return {urlsplit(url).path for url in found if url.startswith(root)} & ARTICLE_PATHS


@pytest.mark.parametrize(
    ("start", "depth", "listed"),
    [
        ("/feeds/latest.xml", 1, ("/feeds/latest.xml", "link")),
        ("/feeds/metro.xml", 1, ("/feeds/metro.xml", "href")),
        ("/sitemaps/news.xml", 1, ("/sitemaps/news.xml", "loc")),
        ("/sitemap_index.xml", 2, ("/sitemaps/articles.xml", "loc")),
    ],
)
def test_feed_and_sitemap_start_urls(site_server, tmp_path, start, depth, listed):
    site = site_server(DEMO_SITE)
    data = tmp_path / "data"
    done = crawl(data, f"url={site.base_url.rstrip('/')}{start}", settings={"DEPTH_LIMIT": str(depth)})
    assert done.returncode == 0, done.stderr[-3000:]
    expected = _links_in(site, *listed)
    assert expected
    assert {r["url"].removeprefix(site.base_url.rstrip("/")) for r in stored_records(data)} == expected


@pytest.mark.parametrize("kind", ["article", "section"])
def test_article_and_section_start_urls(site_server, tmp_path, kind):
    site = site_server(DEMO_SITE)
    data = tmp_path / "data"
    article = EXPECTED["articles"][0]["path"]
    start = article if kind == "article" else "/" + EXPECTED["articles"][0]["section"] + "/"
    done = crawl(data, f"url={site.base_url.rstrip('/')}{start}", settings={"DEPTH_LIMIT": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    paths = {r["url"].removeprefix(site.base_url.rstrip("/")) for r in stored_records(data)}
    assert paths and paths <= ARTICLE_PATHS
    if kind == "article":
        assert article in paths
    else:
        assert start not in paths


def test_every_stored_article_points_at_its_response_in_a_warc_file(demo_crawl):
    data, _, _ = demo_crawl
    records = stored_records(data)
    for record in records:
        path = DataDir(data).warc / record["warc_file"]
        response = read_response_at(opener(str(path)), path.name, record["warc_offset"], 10 * 1024 * 1024)
        assert response.status == 200 and b"<html" in response.body.lower()
        assert clean_url(response.url) in record["urls"]  # the URL as fetched, tracking parameters and all
        assert response.ip_address == "127.0.0.1" and response.date is not None
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in DataDir(data).warc.iterdir())
