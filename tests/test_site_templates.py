"""Lines a site repeats on every article are learnt as its template and kept out of bodies, across runs."""

from __future__ import annotations

import html

import pytest

from search.archive import Archive
from search.datadir import DataDir
from tests.helpers import crawl

pytestmark = pytest.mark.e2e  # real crawls, servers or CLI runs in subprocesses

SITE_LINE = "The Harbour Gazette is published from Kochi and Alappuzha by the Harbour Media Trust."
TOPICS = ["dredging", "ferry fares", "fishing ban", "container traffic", "coastal road", "port wages",
          "cruise season", "boat race"]


def article_page(number: int) -> str:
    topic = TOPICS[number]
    paragraphs = [
        f"Kochi: Officials met on day {number} to discuss {topic} at the port, and promised a decision "
        f"on the {topic} question before the end of the month after hearing traders and unions.",
        f"The debate over {topic} has run for several seasons, with workers saying that delays cost "
        f"them wages while the port trust argues that money for {topic} must come from the state.",
        f"A report on {topic} prepared by engineers in story {number} will be placed before the council, "
        "which meets next week in the old municipal hall near the boat jetty.",
        SITE_LINE,
    ]
    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return (f"<html lang='en'><head><title>Port talks on {topic}</title>"
            "<meta property='og:type' content='article'></head>"
            f"<body><article><h1>Port talks on {topic}</h1>{body}</article></body></html>")


def bodies(data) -> list[str]:
    return [record["body"] for record in Archive(DataDir(data).archive).iter_latest()]


def test_site_template_line_is_learnt_and_removed(tmp_path, site_server):
    root = tmp_path / "site"
    root.mkdir()
    for number in range(5):
        (root / f"story-{number}.html").write_text(article_page(number))
    site = site_server(root)
    data = tmp_path / "data"
    urls = ",".join(f"{site.base_url}story-{number}.html" for number in range(5))
    done = crawl(data, f"url={urls}", settings={"DEPTH_LIMIT": "1", "TEMPLATE_MIN_PAGES": "3"})
    assert done.returncode == 0, done.stderr[-3000:]
    first_run = bodies(data)
    assert len(first_run) == 5
    # Until the line has been seen on three pages it cannot be told from article text.
    assert sum(SITE_LINE in body for body in first_run) <= 2
    assert all("Kochi: Officials met" in body for body in first_run)
    assert (data / "templates.json").exists()

    for number in range(5, 8):
        (root / f"story-{number}.html").write_text(article_page(number))
    urls = ",".join(f"{site.base_url}story-{number}.html" for number in range(5, 8))
    done = crawl(data, f"url={urls}", settings={"DEPTH_LIMIT": "1", "TEMPLATE_MIN_PAGES": "3"})
    assert done.returncode == 0, done.stderr[-3000:]
    new_bodies = [body for body in bodies(data) if "day 5" in body or "day 6" in body or "day 7" in body]
    assert len(new_bodies) == 3
    assert not any(SITE_LINE in body for body in new_bodies)
