"""Cleaning pipeline: boilerplate the extractor kept, repeated paragraphs, and site template lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import DropItem

from newscrawler.cputime import cpu_stage
from newscrawler.damage import set_aside
from newscrawler.extraction.cleaning import SiteTemplateLines, clean_paragraphs
from newscrawler.items import ArticleItem
from newscrawler.settings import TEMPLATE_MIN_PAGES
from search.datadir import data_dir_from_settings
from search.durable import atomic_write_text


class CleaningPipeline:
    """Per page: drop captions, bylines, share/app lines, paragraphs shown twice.

    Across pages: lines that repeat on several pages of one site (its template)
    are learnt, kept between runs in ``templates.json``, and removed.
    """

    def __init__(self, templates_path: Path, min_pages: int, stats: Any = None) -> None:
        self.templates_path = templates_path
        self.min_pages = min_pages
        self.stats = stats
        self.templates = SiteTemplateLines(min_pages=min_pages)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleaningPipeline:
        return cls.in_data_dir(data_dir_from_settings(crawler.settings), crawler.settings.getint("TEMPLATE_MIN_PAGES"),
                               crawler.stats)

    @classmethod
    def in_data_dir(cls, data_dir: DataDir, min_pages: int = TEMPLATE_MIN_PAGES, stats: Any = None) -> CleaningPipeline:
        return cls(data_dir.site_templates, min_pages, stats)

    def open_spider(self) -> None:
        try:
            self.templates = SiteTemplateLines.from_dict(json.loads(self.templates_path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return
        except (ValueError, TypeError, AttributeError, KeyError) as exc:  # not the JSON we wrote
            set_aside(self.templates_path, exc, "relearnt from the pages")

    def close_spider(self) -> None:
        atomic_write_text(self.templates_path, json.dumps(self.templates.to_dict()))

    def process_item(self, item: ArticleItem) -> ArticleItem:
        with cpu_stage(self.stats, "cleaning"):
            return self._clean(item)

    def _clean(self, item: ArticleItem) -> ArticleItem:
        site = urlsplit(item.url).hostname or item.source
        paragraphs = item.body.split("\n\n")
        self.templates.observe(site, item.url, paragraphs)
        kept = self.templates.strip(site, paragraphs)
        if len(kept) < len(paragraphs) and self.stats is not None:
            self.stats.inc_value("newscrawler/clean/template_lines", len(paragraphs) - len(kept))
        paragraphs = clean_paragraphs(kept, title=item.title)
        if not paragraphs:
            if self.stats is not None:
                self.stats.inc_value("newscrawler/clean/empty_after_cleaning")
            raise DropItem(f"nothing left after removing boilerplate: {item.url}", log_level="INFO")
        item.body = "\n\n".join(paragraphs)
        return item
