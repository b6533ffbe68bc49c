"""Write the demo site: every page, feed and sitemap, the static assets, and EXPECTED.json.

Output is deterministic (no clocks, sorted everything), so the committed site can
be checked against a fresh build. EXPECTED.json tells tests what a correct crawl
indexes (each article once, the syndicated pair as one story) and what it must not.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from newscrawler.demo import BASE_URL_PLACEHOLDER
from newscrawler.demo.sitegen import feeds, pages
from newscrawler.demo.sitegen.content import AGENCIES, SECTIONS, Story, load_stories

HOME_PAGE_SIZE = 10
SECTION_PAGE_SIZE = 3
FEATURED_COUNT = 4
TRENDING_COUNT = 5
FEED_SIZE = 20
NEWS_SITEMAP_SIZE = 15
TAG_PAGE_MIN = 2
"""Tags on fewer stories get no listing page (keeps the site small)."""

REVIEW_PATH = "/nation/2025/06/the-week-in-review.html"
REVIEW_TITLE = "The Week In Review: An Early Monsoon, A Private Rocket And A Last-Over Final"
REVIEW_DATE = "Jun 7, 2025, 6:00 PM IST"
PRIVATE_PATH = "/private/embargoed-budget-draft.html"
DISALLOWED = ("/private/", "/search/")
RSS_PATH = "/feeds/latest.xml"
ATOM_PATH = "/feeds/metro.xml"
SITEMAP_INDEX_PATH = "/sitemap_index.xml"
SITEMAP_PATH = "/sitemaps/articles.xml"
NEWS_SITEMAP_PATH = "/sitemaps/news.xml"

STYLESHEET = """body{font-family:Georgia,serif;margin:0 auto;max-width:60rem;padding:0 1rem;color:#222}
a{color:#0b4f8a}.menu{display:flex;gap:1rem;list-style:none;padding:0}
.story-content-expanded{border-top:1px solid #ccc}.story-tags a{margin-right:.5rem}
.cards{list-style:none;padding:0}.card,.teaser{margin:1rem 0}.site-footer,#colophon{font-size:.85rem;color:#555}
"""
SECTION_COLOURS = {
    "nation": "#b5452b", "business": "#2b6cb5", "science": "#5b2bb5", "world": "#2b8f6c",
    "hindi": "#c78a12", "cities": "#1f7a8c", "sports": "#3a7d2c",
}


def svg(label: str, colour: str, width: int, height: int) -> str:
    """A flat placeholder image: the demo needs image URLs that exist, not photographs."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="100%" height="100%" fill="{colour}"/><text x="50%" y="55%" fill="#fff" font-size="{height // 5}" '
        f'text-anchor="middle" font-family="sans-serif">{label}</text></svg>\n'
    )


def paged(stories: Sequence[Story], size: int) -> list[Sequence[Story]]:
    return [stories[start : start + size] for start in range(0, len(stories), size)] or [[]]


def page_path(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


class SiteWriter:
    """Collects files by URL path, remembering which are listings, then writes them out."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.listings: list[str] = []

    def add(self, path: str, text: str, listing: bool = False) -> None:
        if path in self.files:
            raise ValueError(f"two pages at {path}")
        self.files[path] = text
        if listing:
            self.listings.append(path)

    def write(self, out: Path) -> None:
        for path, text in sorted(self.files.items()):
            target = out / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")


def stories_by_tag(stories: Sequence[Story]) -> dict[str, list[Story]]:
    """Tags that get a listing page, with their stories."""
    by_tag: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        for tag in story.tags:
            by_tag[tag].append(story)
    return {tag: tagged for tag, tagged in sorted(by_tag.items()) if len(tagged) >= TAG_PAGE_MIN}


def _articles(site: SiteWriter, stories: Sequence[Story]) -> None:
    metro = [story for story in stories if story.template == "metro"]
    linked_tags = stories_by_tag(stories).keys()
    for index, story in enumerate(stories):
        if story.template == "ledger":
            featured = [stories[(index + step) % len(stories)] for step in range(1, FEATURED_COUNT + 1)]
            site.add(story.path, pages.ledger_article(story, featured, linked_tags))
            if story.amp_path:
                site.add(story.amp_path, pages.ledger_article(story, featured, linked_tags, amp=True))
        else:
            same_section = [other for other in stories if other.section == story.section]
            also_read = same_section[(same_section.index(story) + 1) % len(same_section)]
            trending = [other for other in metro if other is not story][:TRENDING_COUNT]
            site.add(story.path, pages.metro_article(story, also_read, trending, linked_tags))


def _paged_listing(site: SiteWriter, template: str, base: str, heading: str, stories: Sequence[Story],
                   size: int, extra: str = "") -> None:
    chunks = paged(stories, size)
    for number, chunk in enumerate(chunks, 1):
        title = heading if number == 1 else f"{heading}: page {number}"
        nav = pages.pagination(base, number, len(chunks))
        site.add(page_path(base, number), pages.listing(template, title, chunk, nav, extra if number == 1 else ""),
                 listing=True)


def _listings(site: SiteWriter, stories: Sequence[Story]) -> None:
    picks = (f'<section class="editors-picks"><h2>Editor\'s picks</h2><ul><li><a href="{REVIEW_PATH}">'
             f'{REVIEW_TITLE}</a></li><li><a href="{PRIVATE_PATH}">Staff preview: budget draft</a></li></ul></section>')
    _paged_listing(site, "ledger", "/", "Top Stories", stories, HOME_PAGE_SIZE, picks)
    for section, (name, template) in SECTIONS.items():
        in_section = [story for story in stories if story.section == section]
        _paged_listing(site, template, f"/{section}/", name, in_section, SECTION_PAGE_SIZE)
    by_author: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        for author in story.authors:
            if author not in AGENCIES:
                by_author[author].append(story)
    for tag, tagged in stories_by_tag(stories).items():
        site.add(pages.tag_path(tag), pages.listing("ledger", f"Tagged: {tag}", tagged), listing=True)
    for author, written in sorted(by_author.items()):
        site.add(pages.author_path(author), pages.listing("ledger", f"Stories by {author}", written), listing=True)
    week = [story for story in stories if "2025-05-31" <= story.published.date().isoformat() <= "2025-06-07"]
    site.add(REVIEW_PATH, pages.week_in_review(REVIEW_PATH, REVIEW_TITLE, REVIEW_DATE, week), listing=True)


def _machine_files(site: SiteWriter, stories: Sequence[Story]) -> None:
    fronts = ["/", *(f"/{section}/" for section in SECTIONS)]
    site.add("/robots.txt", feeds.robots_txt(DISALLOWED, SITEMAP_INDEX_PATH))
    site.add(SITEMAP_INDEX_PATH, feeds.sitemap_index([SITEMAP_PATH, NEWS_SITEMAP_PATH]))
    site.add(SITEMAP_PATH, feeds.sitemap(stories, fronts))
    site.add(NEWS_SITEMAP_PATH, feeds.news_sitemap(stories[:NEWS_SITEMAP_SIZE]))
    site.add(RSS_PATH, feeds.rss(stories[:FEED_SIZE], RSS_PATH))
    site.add(ATOM_PATH, feeds.atom([story for story in stories if story.template == "metro"], ATOM_PATH))
    site.add(PRIVATE_PATH, pages.private_page())
    site.add("/static/site.css", STYLESHEET)
    site.add("/static/img/logo.svg", svg("Meridian Ledger", "#111", 320, 80))
    site.add("/static/img/author.svg", svg("ML", "#777", 64, 64))
    for section, colour in SECTION_COLOURS.items():
        site.add(f"/static/img/{section}.svg", svg(section.title(), colour, 640, 360))


def expected(site: SiteWriter, stories: Sequence[Story]) -> dict:
    """What a correct crawl of the site yields; read by tests, never by product code."""
    by_story: dict[str, list[str]] = defaultdict(list)
    for story in stories:
        by_story[story.story_id].append(story.path)
    return {
        "about": "Ground truth for crawling the demo site. Paths are relative to the server's base URL; "
                 f"served pages have {BASE_URL_PLACEHOLDER} replaced by it.",
        "articles": [
            {
                "path": story.path,
                "aliases": [story.amp_path] if story.amp_path else [],
                "story": story.story_id,
                "title": story.title,
                "description": story.summary,
                "authors": list(story.authors),
                "published": story.published.isoformat(),
                "language": story.lang,
                "section": story.section,
                "template": story.template,
                "jsonld": "jsonld" in story.features,
                "canonical": "canonical" in story.features,
                "og": "og" in story.features,
                "tags": list(story.tags),
                "body": story.body,
            }
            for story in stories
        ],
        "syndicated": sorted(sorted(paths) for paths in by_story.values() if len(paths) > 1),
        "listings": sorted(site.listings),
        "never_fetch": [PRIVATE_PATH],
        "template_lines": [pages.METRO_DESK_LINE],
        "disallowed_prefixes": list(DISALLOWED),
        "feeds": [RSS_PATH, ATOM_PATH],
        "sitemaps": [SITEMAP_INDEX_PATH, SITEMAP_PATH, NEWS_SITEMAP_PATH],
        "robots": "/robots.txt",
    }


def build(out: Path) -> dict:
    """Rebuild the site in ``out`` (replacing an earlier build there) and return EXPECTED."""
    if out.exists() and any(out.iterdir()) and not (out / "EXPECTED.json").is_file():
        raise ValueError(f"refusing to replace {out}: it does not hold a demo site build")
    stories = load_stories()
    site = SiteWriter()
    _articles(site, stories)
    _listings(site, stories)
    _machine_files(site, stories)
    truth = expected(site, stories)
    if out.exists():
        shutil.rmtree(out)
    site.write(out)
    text = json.dumps(truth, ensure_ascii=False, indent=1) + "\n"
    (out / "EXPECTED.json").write_text(text, encoding="utf-8", newline="\n")
    return truth
