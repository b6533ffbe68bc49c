"""The page this project started from: body twice, boilerplate, date only in text, two URLs."""

from __future__ import annotations

import json

import pytest

from tests.helpers import FIXTURES, article_count, crawl, newssearch
from tests.seedpages import page_with_json_ld, page_with_text_only, read_seed

SEED = FIXTURES / "seed-page.txt"
"""The visible text of the page this project started from (a copy kept with the tests)."""
pytestmark = pytest.mark.e2e


@pytest.fixture
def seed_site(tmp_path, site_server):
    story = read_seed(SEED)
    root = tmp_path / "site"
    (root / "india").mkdir(parents=True)
    (root / "mirror" / "2025" / "02").mkdir(parents=True)
    site = site_server(root)
    url_a = site.base_url + "india/rajnath-singh-hegseth-phone-talks.html"
    url_b = site.base_url + "mirror/2025/02/defence-minister-talks.html"
    (root / "india" / "rajnath-singh-hegseth-phone-talks.html").write_text(page_with_json_ld(story, url_a), encoding="utf-8")
    (root / "mirror" / "2025" / "02" / "defence-minister-talks.html").write_text(page_with_text_only(story), encoding="utf-8")
    return story, url_a, url_b, tmp_path / "data"


def test_seed_story_is_stored_once_and_clean(seed_site):
    story, url_a, url_b, data = seed_site
    done = crawl(data, f"url={url_a},{url_b}")
    assert done.returncode == 0, done.stderr[-3000:]
    assert article_count(data) == 1

    for url in (url_a, url_b):
        shown = newssearch(data, "show", url, "--json")
        assert shown.returncode == 0, shown.stderr
        article = json.loads(shown.stdout)
        body = article["body"]
        for paragraph in story.paragraphs:
            assert body.count(paragraph) == 1, paragraph[:60]
        for line in story.boilerplate:
            assert line not in body, line
        assert story.byline not in body and story.dateline not in body
        assert article["title"] == story.title
        assert article["authors"] == ["PTI"]
        assert article["published"] == "2025-02-06T20:09:00+05:30"

    again = crawl(data, f"url={url_a},{url_b}")
    assert again.returncode == 0, again.stderr[-3000:]
    assert article_count(data) == 1


@pytest.mark.parametrize("template", ["json_ld", "text_only"])
def test_each_seed_template_alone_gives_the_right_article(template, tmp_path, site_server):
    story = read_seed(SEED)
    root = tmp_path / "site"
    root.mkdir()
    site = site_server(root)
    url = site.base_url + "story.html"
    page = page_with_json_ld(story, url) if template == "json_ld" else page_with_text_only(story)
    (root / "story.html").write_text(page, encoding="utf-8")
    data = tmp_path / "data"
    done = crawl(data, f"url={url}")
    assert done.returncode == 0, done.stderr[-3000:]
    article = json.loads(newssearch(data, "show", url, "--json").stdout)
    assert article["body"].split("\n\n") == story.paragraphs
    assert article["published"] == "2025-02-06T20:09:00+05:30"
    assert article["authors"] == ["PTI"]
