"""`newssearch serve`'s application in-process: the JSON API against the CLI's own output,
the pages' escaping, read-only behaviour and reading while a crawl writes the index."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from starlette.testclient import TestClient

from search.coverage import bucket_size
from search.indexwriter import ArticleIndexWriter
from search.web.app import LOOPBACK_HOSTS, create_app
from tests.helpers import newssearch
from tests.searchhelpers import build, json_lines, record
from tests.webhelpers import HOSTILE_URL, MONSOON_SOURCES, web_records

WIRE = "https://wire.example/2025/02/06/rajnath-talks"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return build(tmp_path_factory.mktemp("web-data"), web_records())


def client_for(data_dir) -> TestClient:
    return TestClient(create_app(data_dir, allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1:8080")


@pytest.fixture(scope="module")
def client(data):
    with client_for(data) as client:
        yield client


def cli_json(data, *args):
    result = newssearch(data, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json_lines(result.stdout)


@pytest.mark.e2e  # compares with the real CLI in a subprocess
def test_api_search_gives_the_cli_json_hits(client, data):
    response = client.get("/api/search", params={"q": "defence OR monsoon", "lang": "en", "sort": "-date"})
    assert response.status_code == 200
    body = response.json()
    assert body["hits"] == cli_json(data, "defence OR monsoon", "--lang", "en", "--sort", "-date")
    assert list(body["hits"][0]) == ["url", "title", "source", "published", "authors", "language", "score",
                                     "snippet", "story", "also"]
    assert body["more"] is True and body["page"] == 1


@pytest.mark.e2e  # compares with the real CLI in a subprocess
def test_api_search_pages_like_cli_offset(client, data):
    second = client.get("/api/search", params={"q": "monsoon", "page": "2"}).json()
    assert second["hits"] == cli_json(data, "monsoon", "--offset", "10")
    first = client.get("/api/search", params={"q": "monsoon"}).json()
    assert not {h["url"] for h in first["hits"]} & {h["url"] for h in second["hits"]}
    third = client.get("/api/search", params={"q": "monsoon", "page": "3"}).json()
    assert len(third["hits"]) == 5 and third["more"] is False  # 24 monsoon reports and a bulletin


@pytest.mark.e2e  # compares with the real CLI in a subprocess
def test_api_article_is_show_json(client, data):
    response = client.get("/api/article", params={"url": WIRE + "?utm_source=x"})
    assert response.status_code == 200
    assert [response.json()] == cli_json(data, "show", WIRE)
    missing = client.get("/api/article", params={"url": "https://nowhere.example/"})
    assert missing.status_code == 404
    assert missing.json() == {"error": "no article with URL https://nowhere.example/ in the index"}


@pytest.mark.e2e  # compares with the real CLI in a subprocess
def test_api_stats_is_stats_json(client, data):
    assert [client.get("/api/stats").json()] == cli_json(data, "stats")


@pytest.mark.e2e  # compares with the real CLI in a subprocess
def test_api_histogram_counts_every_match_per_day_and_source(client, data):
    june = {"since": "2025-06-01", "until": "2025-06-30"}
    body = client.get("/api/histogram", params={"q": "monsoon", "lang": "en", **june}).json()
    exported = json_lines(newssearch(data, "export", "monsoon", "--lang", "en", "--since", june["since"],
                                     "--until", june["until"]).stdout)
    assert body["articles"] == len(exported) == 18
    assert body["interval"] == "day"
    assert body["periods"][0] == "2025-06-01" and body["periods"][-1] == "2025-06-12"
    assert len(body["periods"]) == 12  # every day, none skipped
    assert [s["source"] for s in body["series"]] == sorted(MONSOON_SOURCES)  # 6 each: ties by name
    per_day = [sum(s["counts"][i] for s in body["series"]) for i in range(12)]
    expected = [0] * 12
    for article in exported:
        expected[int(article["published"][8:10]) - 1] += 1
    assert per_day == expected


def test_api_histogram_groups_sources_beyond_the_top_ones(client):
    body = client.get("/api/histogram").json()  # no query: every article
    names = [s["source"] for s in body["series"]]
    assert names[-1] == "other sources" and len(names) == 7
    assert sum(sum(s["counts"]) for s in body["series"]) == body["articles"] == len(web_records())
    # January 2025 to today (an undated article counts when first seen): weeks, not 700 thin days.
    assert body["interval"] == "week"
    weeks = [date.fromisoformat(p) for p in body["periods"]]
    assert all(w.weekday() == 0 for w in weeks)
    assert all((b - a).days == 7 for a, b in zip(weeks, weeks[1:]))
    assert weeks[0] <= date(2025, 1, 15) < weeks[1] and weeks[-1] <= date.today()


@pytest.mark.parametrize(("first", "last", "interval"), [
    (date(2025, 1, 1), date(2025, 1, 1), "day"), (date(2025, 1, 1), date(2025, 7, 3), "day"),
    (date(2025, 1, 1), date(2025, 7, 4), "week"), (date(2025, 1, 1), date(2028, 1, 10), "month"),
])
def test_long_spans_are_counted_in_weeks_or_months(first, last, interval):
    assert bucket_size(first, last) == interval


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"q": '"unbalanced'}, 400, "unbalanced quote"),
        ({"q": "x", "since": "someday"}, 400, "cannot read date"),
        ({"q": "x", "page": "0"}, 400, "page must be a number"),
        ({"q": "x", "sort": "best"}, 400, "unknown sort"),
        ({"q": "nosuchfield:x"}, 400, "unknown field"),
        ({}, 400, "empty query"),
    ],
)
def test_api_bad_input_is_a_400_with_one_message(client, params, status, message):
    response = client.get("/api/search", params=params)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_page_state_lives_in_the_url_with_the_cli_names(client):
    html = client.get("/", params={"q": "monsoon", "lang": "en", "source": "Hill Post", "sort": "-date",
                                   "since": "2025-06-02", "until": "2025-06-30", "page": "1"}).text
    assert 'value="monsoon"' in html and 'value="2025-06-02"' in html
    assert re.search(r'<option value="Hill Post" selected>', html)
    assert re.search(r'<option value="en" selected>', html)
    assert re.search(r'<option value="-date" selected>', html)
    titles = re.findall(r'class="title" href="[^"]+">([^<]+)</a>', html)
    assert titles and all(t.startswith("Monsoon report") for t in titles)
    assert 'data-query="q=monsoon&amp;lang=en&amp;since=2025-06-02&amp;until=2025-06-30&amp;source=Hill+Post&amp;sort=-date"' in html


def test_page_shows_snippet_highlight_and_other_copies(client):
    html = client.get("/", params={"q": "hegseth"}).text
    assert "<mark>Hegseth</mark>" in html
    assert "also at 1 other source" in html
    copies = re.findall(r'href="/article\?url=([^"]+)"', html)
    assert sorted(copies) == ["https%3A%2F%2Fetv.example%2Fnational%2Frajnath-hegseth",
                              "https%3A%2F%2Fwire.example%2F2025%2F02%2F06%2Frajnath-talks"]


def test_hostile_article_is_text_everywhere(client):
    pages = [client.get("/", params={"q": "gadget"}), client.get("/article", params={"url": HOSTILE_URL}),
             client.get("/stats")]
    for response in pages:
        assert response.status_code == 200
        html = response.text
        assert "<script>alert" not in html and "<script>document" not in html
        assert "<img src=x" not in html and "<b>" not in html
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", html)
    article = pages[1].text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt; gadget[31m" in article
    assert "&#39; onmouseover=&#39;alert(2)&#39; &#34;&gt;&lt;b&gt;bold&lt;/b&gt; gadget &amp;amp; more" in article
    assert "&lt;b&gt;Eve&lt;/b&gt;, Mallory[2J" in article
    assert "Hostile &lt;Site&gt;" in pages[2].text


def test_only_web_links_are_links(client):
    html = client.get("/article", params={"url": "https://js.example/post"}).text
    assert 'href="javascript:' not in html and "javascript:alert(3)" in html
    html = client.get("/article", params={"url": WIRE}).text
    assert f'<a id="original" href="{WIRE}" rel="noopener noreferrer nofollow">' in html


def test_read_only_and_locked_down(client):
    assert client.post("/api/search", data={"q": "x"}).status_code == 405
    assert client.post("/").status_code == 405
    response = client.get("/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r'(src|href)="(https?:)?//', response.text)  # nothing from another server
    assert client.get("/static/chart.js").headers["content-type"].startswith("text/javascript")


def test_requests_for_another_host_name_are_refused(client):
    # A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) must not read the archive.
    assert client.get("/api/stats", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/api/stats", headers={"host": "localhost:8080"}).status_code == 200


def test_no_index_is_a_page_not_a_crash(tmp_path):
    with client_for(tmp_path) as client:
        page = client.get("/", params={"q": "x"})
        assert page.status_code == 503 and "no index at" in page.text
        assert client.get("/api/stats").status_code == 503


def test_new_articles_appear_after_a_commit_without_restarting(tmp_path):
    data_dir = build(tmp_path / "live", [record("https://a.example/1", "First kiwi", "kiwi")])
    with client_for(data_dir) as client:
        assert len(client.get("/api/search", params={"q": "kiwi"}).json()["hits"]) == 1
        assert client.get("/api/histogram", params={"q": "kiwi"}).json()["articles"] == 1
        with ArticleIndexWriter(data_dir) as writer:
            writer.add(record("https://b.example/2", "Second kiwi", "kiwi", source="Other"))
        assert len(client.get("/api/search", params={"q": "kiwi"}).json()["hits"]) == 2
        chart = client.get("/api/histogram", params={"q": "kiwi"}).json()  # columns kept per index version
        assert chart["articles"] == 2 and {s["source"] for s in chart["series"]} >= {"Other"}


def test_reading_while_a_crawl_writes_and_merges_never_fails(tmp_path):
    data_dir = build(tmp_path / "busy", [record("https://a.example/0", "Papaya 0", "papaya fruit")])
    done = threading.Event()
    written = []

    def crawl():
        try:
            with ArticleIndexWriter(data_dir, batch_size=3) as writer:  # frequent commits and merges
                for n in range(1, 120):
                    writer.add(record(f"https://a.example/{n}", f"Papaya {n}", f"papaya fruit number {n}"))
                    written.append(n)
        finally:
            done.set()

    with client_for(data_dir) as client:
        thread = threading.Thread(target=crawl)
        thread.start()
        seen = []
        while not done.is_set():
            for path in ("/api/search?q=papaya", "/api/histogram?q=papaya", "/api/stats", "/?q=papaya"):
                response = client.get(path)
                assert response.status_code == 200, response.text
            seen.append(client.get("/api/stats").json()["articles"])
        thread.join()
        assert client.get("/api/stats").json()["articles"] == 120
    assert seen == sorted(seen)  # never goes back
