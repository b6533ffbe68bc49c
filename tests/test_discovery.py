"""Feeds, sitemaps and HTML are told apart by content, never by the URL's spelling."""

from __future__ import annotations

import pytest

from newscrawler.discovery import ContentFormat, detect_format, feed_entries, sitemap_entries

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment before the root -->
<rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>https://n.example/a.html</link><pubDate>Thu, 06 Feb 2025 14:39:00 GMT</pubDate></item>
<item><title>B</title><guid>https://n.example/b.html</guid></item>
<item><title>C</title><guid isPermaLink="false">tag:n.example,1</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>A</title><link rel="alternate" href="/a.html"/><link rel="edit" href="/edit/a"/>
<updated>2025-02-06T20:09:00+05:30</updated></entry>
<entry><title>B</title><link href="https://n.example/b.html"/></entry>
</feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://n.example/a.html</loc><news:news><news:publication><news:name>N</news:name>
<news:language>en</news:language></news:publication><news:publication_date>2025-02-06T20:09:00+05:30</news:publication_date>
<news:title>A</news:title></news:news></url>
<url><loc>https://n.example/b.html</loc><lastmod>2025-02-01</lastmod></url>
<url><loc>https://n.example/c.html</loc><news:news><news:publication_date>2025-01-01</news:publication_date></news:news>
<lastmod>2025-03-01T10:00:00Z</lastmod></url>
</urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://n.example/sitemap-news.xml</loc></sitemap><sitemap><loc>/sitemap-2.xml</loc></sitemap>
</sitemapindex>"""


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (RSS, "text/html", ContentFormat.RSS),  # servers often mislabel feeds
        (ATOM, "application/octet-stream", ContentFormat.ATOM),
        (NEWS_SITEMAP, "text/xml", ContentFormat.SITEMAP),
        (INDEX, "", ContentFormat.SITEMAP_INDEX),
        (b"\xef\xbb\xbf<!DOCTYPE html><html><body>x</body></html>", "", ContentFormat.HTML),
        (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'></rdf:RDF>", "", ContentFormat.RSS),
        (b"just text", "text/html; charset=utf-8", ContentFormat.HTML),
        (b"\x89PNG\r\n\x1a\n", "image/png", ContentFormat.OTHER),
    ],
)
def test_detect_format_reads_the_root_element(body, content_type, kind):
    assert detect_format(body, content_type) is kind


def test_rss_entries_use_link_or_permalink_guid():
    entries = feed_entries(RSS, "https://n.example/feed")
    assert [e.url for e in entries] == ["https://n.example/a.html", "https://n.example/b.html"]
    assert entries[0].date == "Thu, 06 Feb 2025 14:39:00 GMT"


def test_atom_entries_prefer_alternate_links_and_resolve_relative_ones():
    entries = feed_entries(ATOM, "https://n.example/feeds/atom")
    assert [e.url for e in entries] == ["https://n.example/a.html", "https://n.example/b.html"]
    assert entries[0].date == "2025-02-06T20:09:00+05:30"


def test_news_sitemap_gives_publication_dates_and_index_gives_sitemaps():
    entries = sitemap_entries(NEWS_SITEMAP, "https://n.example/sitemap.xml")
    assert [(e.url, e.date) for e in entries] == [
        ("https://n.example/a.html", "2025-02-06T20:09:00+05:30"),
        ("https://n.example/b.html", "2025-02-01"),
        ("https://n.example/c.html", "2025-03-01T10:00:00Z"),  # lastmod announces an update
    ]
    assert [e.url for e in sitemap_entries(INDEX, "https://n.example/robots.txt")] == [
        "https://n.example/sitemap-news.xml",
        "https://n.example/sitemap-2.xml",
    ]


def test_broken_xml_gives_no_entries_instead_of_failing():
    assert feed_entries(b"<rss><channel><item><link>", "https://n.example/") == []
    assert sitemap_entries(b"\x00\x01garbage", "https://n.example/") == []
