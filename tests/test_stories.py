"""One wire story on three sites: three articles, one story; different stories stay apart."""

from __future__ import annotations

import html
import json

import pytest

from newscrawler.demo.server import serve_site
from search.datadir import DataDir
from tests.helpers import crawl, newssearch

pytestmark = pytest.mark.e2e  # real crawls, servers or CLI runs in subprocesses

WIRE = [
    "Defence Minister Rajnath Singh and his Australian counterpart Richard Marles on Tuesday agreed to expand "
    "joint naval exercises in the Indian Ocean and to share more maritime surveillance data, officials said.",
    "The two ministers met in Canberra for the annual defence dialogue, where they reviewed a logistics "
    "agreement signed three years ago and discussed building patrol vessels together in Indian shipyards.",
    "Singh said the partnership had grown into one of the most important in the region, and that both "
    "navies would hold their largest exercise yet off the coast of Western Australia later this year.",
    "Marles said Australia wanted Indian companies to bid for maintenance work on its submarine fleet, "
    "a proposal that officials from both sides described as a significant step for the industrial partnership.",
    "The ministers also agreed to set up a working group on defence research, with a first meeting planned "
    "in New Delhi in the spring, and to increase the number of officers attending each other's staff colleges.",
]
OTHER_STORY = [
    "Defence Minister Rajnath Singh on Friday inaugurated a new helicopter maintenance hangar at the air force "
    "station in Bengaluru, saying repair work that once took months abroad could now be finished at home.",
    "The hangar can service six helicopters at a time and will employ about 400 technicians, most of them "
    "trained at the state-run aircraft maker's school in the city, Singh told an audience of engineers.",
    "Australian and Indian officials attending an unrelated conference in the city toured the facility "
    "later in the day, and Richard Marles's office said it would study the model for its own fleet.",
    "The minister said the government would open three more such hangars over the next two years, in "
    "Nashik, Kanpur and Guwahati, as part of a plan to keep more maintenance spending within the country.",
]


def page(title: str, paragraphs: list[str], template: str) -> str:
    body = "\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    if template == "a":
        return (f"<html lang='en'><head><title>{html.escape(title)} | Alpha News</title>"
                "<meta property='og:type' content='article'></head><body><nav><a href='/'>Home</a></nav>"
                f"<article><h1>{html.escape(title)}</h1><p class='by'>By Staff</p>{body}</article>"
                "<footer>Copyright 2025 Alpha News</footer></body></html>")
    return (f"<html><head><title>{html.escape(title)} - Beta Daily</title></head><body>"
            f"<div id='main'><h2 class='headline'>{html.escape(title)}</h2><div class='story'>{body}</div></div>"
            "<div class='foot'>All rights reserved.</div></body></html>")


@pytest.fixture
def three_sites(tmp_path):
    roots = {name: tmp_path / name for name in ("alpha", "beta", "gamma")}
    for root in roots.values():
        root.mkdir()
    (roots["alpha"] / "marles.html").write_text(page("India, Australia To Expand Naval Exercises", WIRE, "a"))
    # Trimmed copy with its own headline.
    (roots["beta"] / "canberra-talks.html").write_text(page("Singh, Marles Hold Talks In Canberra", WIRE[:-1], "b"))
    # Same names and topic, another story.
    (roots["beta"] / "hangar.html").write_text(page("Rajnath Singh Opens Helicopter Hangar", OTHER_STORY, "b"))
    changed_first = ["CANBERRA: India and Australia will expand joint naval exercises and share more maritime "
                     "surveillance data, their defence ministers said on Tuesday after talks.", *WIRE[1:]]
    (roots["gamma"] / "story.html").write_text(page("Naval Drills To Grow, Say Ministers", changed_first, "b"))
    with serve_site(roots["alpha"], host="127.0.0.1") as alpha, serve_site(roots["beta"], host="127.0.0.2") as beta, \
            serve_site(roots["gamma"], host="127.0.0.3") as gamma:
        urls = {
            "alpha": alpha.base_url + "marles.html",
            "alpha_tracked": alpha.base_url + "marles.html?utm_source=twitter&utm_medium=social",
            "beta": beta.base_url + "canberra-talks.html",
            "hangar": beta.base_url + "hangar.html",
            "gamma": gamma.base_url + "story.html",
        }
        yield roots, urls, tmp_path / "data"


def show(data, url) -> dict:
    shown = newssearch(data, "show", url, "--json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def test_syndicated_copies_share_one_story_and_search_collapses_them(three_sites):
    roots, urls, data = three_sites
    done = crawl(data, "url=" + ",".join(urls.values()), settings={"DEPTH_LIMIT": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    stats = json.loads(newssearch(data, "stats", "--json").stdout)
    assert (stats["articles"], stats["stories"]) == (4, 2)

    alpha = show(data, urls["alpha"])
    assert show(data, urls["alpha_tracked"])["id"] == alpha["id"]
    assert sorted(alpha["also"]) == sorted([urls["beta"], urls["gamma"]])
    assert show(data, urls["hangar"])["story"] != alpha["story"]

    hits = newssearch(data, "naval exercises Marles", "--json").json_lines()
    story_hits = [hit for hit in hits if hit["url"] in (urls["alpha"], urls["beta"], urls["gamma"])]
    assert len(story_hits) == 1
    assert len(story_hits[0]["also"]) == 2


def test_changed_article_is_updated_in_place_and_unchanged_rerun_writes_nothing(three_sites):
    roots, urls, data = three_sites
    assert crawl(data, f"url={urls['alpha']}", settings={"DEPTH_LIMIT": "1"}).returncode == 0
    first = show(data, urls["alpha"])

    archive = DataDir(data).archive
    before = archive.read_bytes()
    assert crawl(data, f"url={urls['alpha']}", settings={"DEPTH_LIMIT": "1"}).returncode == 0
    assert archive.read_bytes() == before

    correction = WIRE[:2] + ["Singh said the partnership was now among the closest India had with any country."] + WIRE[3:]
    (roots["alpha"] / "marles.html").write_text(page("India, Australia To Expand Naval Exercises", correction, "a"))
    done = crawl(data, f"url={urls['alpha']}", settings={"DEPTH_LIMIT": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    updated = show(data, urls["alpha"])
    assert json.loads(newssearch(data, "stats", "--json").stdout)["articles"] == 1
    assert "among the closest" in updated["body"]
    assert updated["id"] == first["id"] and updated["first_seen"] == first["first_seen"]
    assert updated["updated"]
