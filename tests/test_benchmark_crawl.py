"""The crawl-throughput benchmark's site builder, process-tree sampler and stage timers."""

from __future__ import annotations

import os
import re
from pathlib import Path

from scrapy.statscollectors import MemoryStatsCollector

from benchmarks.crawlsite import Page, build_site, copy_path, unique_copy
from benchmarks.proctree import TreeSampler
from newscrawler.cputime import WALL_PREFIX, cpu_stage, stage_stats

ORIGINAL = "https://news.example.com/2025/02/06/rain-lashes-city.html"
PAGE = Page(
    html=f"""<html><head><title>Rain lashes city</title>
<link rel="canonical" href="{ORIGINAL}"><meta property="og:url" content="{ORIGINAL}">
<meta property="og:title" content="Rain lashes city">
<script type="application/ld+json">{{"@type": "NewsArticle", "url": "{ORIGINAL}",
 "headline": "Rain lashes city", "articleBody": "First sentence. Second sentence."}}</script>
</head><body><h1>Rain lashes city</h1><p>Heavy rain fell.</p><p class="x">Roads were shut.</p></body></html>""",
    url=ORIGINAL,
)


def test_a_copy_is_a_page_of_its_own():
    copy = unique_copy(PAGE, "http://127.0.0.2:8000/c/rain-7.html", "uq7z")
    assert ORIGINAL not in copy and 'rel="canonical"' not in copy and "og:url" not in copy
    assert re.findall(r"<p[^>]*>uq7z ", copy) == ["<p>uq7z ", '<p class="x">uq7z ']
    assert "<title>uq7z Rain" in copy and "<h1>uq7z Rain" in copy and 'content="uq7z Rain' in copy
    assert '"headline": "uq7z Rain' in copy and "First sentence. uq7z Second" in copy


def test_copy_paths_keep_the_original_shape_and_differ():
    assert copy_path(ORIGINAL, 3) == "/2025/02/06/rain-lashes-city-3.html"
    assert copy_path("https://x.example/", 4) == "/story-4.html"
    assert copy_path(ORIGINAL, 3) != copy_path(ORIGINAL, 23)


def test_site_spreads_unique_pages_over_hosts_with_sitemaps(tmp_path: Path):
    sitemaps = build_site([PAGE], tmp_path, count=5, hosts=2, port=8000)
    assert sitemaps == ["http://127.0.0.2:8000/sitemap.xml", "http://127.0.0.3:8000/sitemap.xml"]
    pages = sorted(tmp_path.rglob("*.html"))
    assert len(pages) == 5 and len({p.read_text() for p in pages}) == 5
    assert (tmp_path / "1" / "sitemap.xml").read_text().count("<loc>http://127.0.0.3:8000/") == 2
    assert "Sitemap: http://127.0.0.2:8000/sitemap.xml" in (tmp_path / "0" / "robots.txt").read_text()


def test_tree_sampler_sees_this_process():
    sampler = TreeSampler(os.getpid())
    sum(range(200_000))
    sampler.sample()
    assert sampler.peak_rss > 10 * 1024 * 1024
    assert sampler.cpu_of(os.getpid()) > 0


def test_stage_timers_add_cpu_and_wall_seconds():
    stats = MemoryStatsCollector.__new__(MemoryStatsCollector)
    stats._stats = {}
    for _ in range(2):
        with cpu_stage(stats, "cleaning"):
            sum(range(100_000))
    assert stage_stats(stats.get_stats())["cleaning"] > 0
    assert stage_stats(stats.get_stats(), WALL_PREFIX)["cleaning"] >= stage_stats(stats.get_stats())["cleaning"] / 2
    with cpu_stage(None, "cleaning"):  # components built without a crawler have no stats
        pass
