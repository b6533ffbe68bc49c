"""Tell feeds, sitemaps and HTML pages apart by their content, and list the links they announce.

The decision never relies on the URL's spelling: a feed at ``/news`` or a sitemap
at ``/index.php?x=y`` is recognised by its root element.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree


class ContentFormat(enum.Enum):
    """What a response is, read from its content: a page, a feed, a sitemap or something else."""

    HTML = "html"
    RSS = "rss"
    ATOM = "atom"
    SITEMAP = "sitemap"
    SITEMAP_INDEX = "sitemapindex"
    OTHER = "other"


@dataclass(frozen=True)
class Entry:
    """A link announced by a feed or sitemap, with the date it gives (raw text) if any."""

    url: str
    date: str | None = None


_XML_ROOTS = {
    "rss": ContentFormat.RSS,
    "rdf": ContentFormat.RSS,
    "feed": ContentFormat.ATOM,
    "urlset": ContentFormat.SITEMAP,
    "sitemapindex": ContentFormat.SITEMAP_INDEX,
}
_ROOT_TAG = re.compile(rb"<\s*(?:[\w.-]+:)?([A-Za-z][\w.-]*)")
_SKIPPABLE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)*", re.S | re.I)


def detect_format(body: bytes, content_type: str = "") -> ContentFormat:
    """Classify a response body by its first element; the content type only breaks ties."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    start = _SKIPPABLE.match(head)
    match = _ROOT_TAG.match(head, start.end() if start else 0)
    if match:
        root = match.group(1).decode("ascii", "replace").lower()
        if root in _XML_ROOTS:
            return _XML_ROOTS[root]
        if root in ("html", "head", "body", "meta", "title", "div", "p"):
            return ContentFormat.HTML
    content_type = content_type.lower()
    if "html" in content_type:
        return ContentFormat.HTML
    return ContentFormat.OTHER


def _parse_xml(body: bytes) -> etree._Element | None:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(body.lstrip(b"\xef\xbb\xbf"), parser=parser)
    except etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str | None:
    """Text of the first descendant named ``names[0]``, else ``names[1]``..., in that order of preference."""
    found = {}
    for child in element.iter():
        name = _local(child.tag)
        if name in names and name not in found and child.text and child.text.strip():
            found[name] = child.text.strip()
    return next((found[name] for name in names if name in found), None)


def feed_entries(body: bytes, base_url: str) -> list[Entry]:
    """Article links of an RSS 1/2 or Atom feed, with their publication or update date."""
    root = _parse_xml(body)
    if root is None:
        return []
    entries = []
    for item in root.iter():
        name = _local(item.tag)
        if name == "item":
            link = _child_text(item, "link") or _rss_permalink(item)
            date = _child_text(item, "updated", "pubDate", "date")
        elif name == "entry":
            link = _atom_link(item)
            date = _child_text(item, "updated", "published")
        else:
            continue
        if link:
            entries.append(Entry(urljoin(base_url, link), date))
    return entries


def _rss_permalink(item: etree._Element) -> str | None:
    for child in item:
        if _local(child.tag) == "guid" and child.get("isPermaLink", "true") != "false" and child.text:
            return child.text.strip()
    return None


def _atom_link(entry: etree._Element) -> str | None:
    links = [child for child in entry if _local(child.tag) == "link" and child.get("href")]
    for link in links:
        if link.get("rel", "alternate") == "alternate":
            return link.get("href")
    return links[0].get("href") if links else None


def sitemap_entries(body: bytes, base_url: str) -> list[Entry]:
    """``<loc>`` of a sitemap or sitemap index, with lastmod (it announces updates) or the news publication date."""
    root = _parse_xml(body)
    if root is None:
        return []
    entries = []
    for element in root:
        if _local(element.tag) not in ("url", "sitemap"):
            continue
        loc = _child_text(element, "loc")
        if loc:
            date = _child_text(element, "lastmod", "publication_date")
            entries.append(Entry(urljoin(base_url, loc), date))
    return entries
