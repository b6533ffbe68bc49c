"""Machine-readable entry points of the demo site: robots.txt, sitemaps (normal and Google News), RSS, Atom.

Built with ElementTree so the XML is well-formed by construction; every URL is
absolute through the base-URL placeholder, as crawlers require.
"""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from newscrawler.demo.sitegen.content import Story
from newscrawler.demo.sitegen.metadata import METRO_NAME, SITE_NAME, absolute

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
RSS_TRACKING = "?utm_source=rss&utm_medium=feed"
"""Feed links carry tracking parameters, as on many real sites; the crawler must see through them."""

ET.register_namespace("news", NEWS_NS)
ET.register_namespace("atom", ATOM_NS)
ET.register_namespace("dc", DC_NS)


def _xml(root: ET.Element, default_namespace: str | None = None) -> str:
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode", default_namespace=default_namespace)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def robots_txt(disallowed: Sequence[str], sitemap_path: str) -> str:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed), "", f"Sitemap: {absolute(sitemap_path)}"]
    return "\n".join(lines) + "\n"


def sitemap_index(paths: Sequence[str]) -> str:
    root = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for path in paths:
        _sub(_sub(root, f"{{{SITEMAP_NS}}}sitemap"), f"{{{SITEMAP_NS}}}loc", absolute(path))
    return _xml(root, SITEMAP_NS)


def sitemap(stories: Sequence[Story], fronts: Sequence[str]) -> str:
    """Articles with their dates, then section fronts (which real sitemaps list too)."""
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for story in stories:
        url = _sub(root, f"{{{SITEMAP_NS}}}url")
        _sub(url, f"{{{SITEMAP_NS}}}loc", absolute(story.path))
        _sub(url, f"{{{SITEMAP_NS}}}lastmod", story.published.isoformat())
    for path in fronts:
        url = _sub(root, f"{{{SITEMAP_NS}}}url")
        _sub(url, f"{{{SITEMAP_NS}}}loc", absolute(path))
        _sub(url, f"{{{SITEMAP_NS}}}changefreq", "hourly")
    return _xml(root, SITEMAP_NS)


def news_sitemap(stories: Sequence[Story]) -> str:
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for story in stories:
        url = _sub(root, f"{{{SITEMAP_NS}}}url")
        _sub(url, f"{{{SITEMAP_NS}}}loc", absolute(story.path))
        news = _sub(url, f"{{{NEWS_NS}}}news")
        publication = _sub(news, f"{{{NEWS_NS}}}publication")
        _sub(publication, f"{{{NEWS_NS}}}name", SITE_NAME if story.template == "ledger" else METRO_NAME)
        _sub(publication, f"{{{NEWS_NS}}}language", story.lang)
        _sub(news, f"{{{NEWS_NS}}}publication_date", story.published.isoformat())
        _sub(news, f"{{{NEWS_NS}}}title", story.title)
    return _xml(root, SITEMAP_NS)


def rss(stories: Sequence[Story], self_path: str) -> str:
    """RSS 2.0 with RFC 822 dates in each story's own offset and tracking parameters on links."""
    root = ET.Element("rss", version="2.0")
    channel = _sub(root, "channel")
    _sub(channel, "title", f"{SITE_NAME}: latest news")
    _sub(channel, "link", absolute("/"))
    _sub(channel, "description", "The latest stories from the Meridian Ledger demo site.")
    _sub(channel, "language", "en-in")
    _sub(channel, f"{{{ATOM_NS}}}link", href=absolute(self_path), rel="self", type="application/rss+xml")
    _sub(channel, "lastBuildDate", email.utils.format_datetime(stories[0].published))
    for story in stories:
        item = _sub(channel, "item")
        _sub(item, "title", story.title)
        _sub(item, "link", absolute(story.path) + RSS_TRACKING)
        _sub(item, "guid", f"meridian-{story.serial}", isPermaLink="false")
        _sub(item, "pubDate", email.utils.format_datetime(story.published))
        _sub(item, "description", story.summary)
        for author in story.authors:
            _sub(item, f"{{{DC_NS}}}creator", author)
        for tag in story.tags:
            _sub(item, "category", tag)
    return _xml(root)


def atom(stories: Sequence[Story], self_path: str) -> str:
    """Atom 1.0; attributes stay unprefixed, so the namespace is declared by hand on the root."""
    root = ET.Element("feed", xmlns=ATOM_NS)
    _sub(root, "title", METRO_NAME)
    _sub(root, "id", "tag:meridianledger.example,2025:metro")
    _sub(root, "link", href=absolute(self_path), rel="self")
    _sub(root, "link", href=absolute("/cities/"), rel="alternate")
    _sub(root, "updated", stories[0].published.isoformat())
    for story in stories:
        entry = _sub(root, "entry")
        _sub(entry, "title", story.title)
        _sub(entry, "id", f"tag:meridianledger.example,2025:{story.serial}")
        _sub(entry, "link", href=absolute(story.path), rel="alternate", type="text/html")
        _sub(entry, "published", story.published.isoformat())
        _sub(entry, "updated", story.published.isoformat())
        for name in story.authors:
            _sub(_sub(entry, "author"), "name", name)
        _sub(entry, "summary", story.summary)
    return _xml(root)
