"""Extension: the end-of-run summary, per source, printed and saved as ``last-crawl.json``.

A cron job's mail should say in a few lines what the run did; ``newssearch
stats`` reads the JSON for the last crawl time. Counts come from the
``newscrawler/source/<name>/...`` stats the middlewares keep, plus what became
of each item (new, updated, duplicate), known from the item's own timestamps.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawler.cputime import WALL_PREFIX, stage_stats
from newscrawler.middlewares.sourcestats import PREFIX
from search.datadir import data_dir_from_settings
from search.durable import atomic_write_text

COLUMNS = ("fetched", "not_modified", "new", "updated", "duplicates", "errors", "blocked", "empty")
HEADINGS = ("fetched", "304", "new", "updated", "dupes", "errors", "blocked", "empty")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _when(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


class CrawlSummary:
    """Count per source, then print a table and write ``last-crawl.json`` when the spider closes."""

    def __init__(self, path: Path, stats: Any, out: TextIO | None = None) -> None:
        self.path = path
        self.stats = stats
        self.out = out
        self.started = datetime.now(timezone.utc)
        self.timer = time.monotonic()  # elapsed time survives a clock set during the run
        self.items: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
        # A new article stored again this run (more URLs of it found) is still one new article.
        self.stored_new: set[str | None] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlSummary:
        settings = crawler.settings
        if not settings.getbool("CRAWL_SUMMARY_ENABLED"):
            raise NotConfigured
        out = sys.stdout if settings.getbool("CRAWL_SUMMARY_PRINT") else None
        extension = cls(data_dir_from_settings(settings).last_crawl, crawler.stats, out)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.started = datetime.now(timezone.utc)
        self.timer = time.monotonic()

    def item_scraped(self, item: Any) -> None:
        """New if first stored in this run, updated if its text was re-fetched now, else more URLs of a duplicate.

        The dedupe pipeline says which (``outcome``); without it, the item's times are compared
        with the start of the run."""
        first_seen, crawled = _when(getattr(item, "first_seen", None)), _when(getattr(item, "crawled", None))
        article_id, outcome = getattr(item, "id", None), getattr(item, "outcome", None)
        if article_id in self.stored_new:
            what = "duplicates"
        elif outcome:
            what = {"new": "new", "updated": "updated"}.get(outcome, "duplicates")
            if what == "new":
                self.stored_new.add(article_id)
        elif first_seen and first_seen >= self.started:
            what = "new"
            self.stored_new.add(article_id)
        elif crawled and crawled >= self.started:
            what = "updated"
        else:
            what = "duplicates"
        self.items[getattr(item, "source", "unknown")][what] += 1

    def item_dropped(self, item: Any) -> None:
        """Only the dedupe pipeline drops an item it has hashed: a copy of something stored."""
        if getattr(item, "content_hash", None):
            self.items[getattr(item, "source", "unknown")]["duplicates"] += 1

    def spider_closed(self, reason: str) -> None:
        summary = self.summary(reason, datetime.now(timezone.utc))
        if self.out is not None:  # first: the table is printed even when the disk is full
            self.out.write(format_table(summary))
            self.out.flush()
        atomic_write_text(self.path, json.dumps(summary, indent=2, sort_keys=True) + "\n")

    def summary(self, reason: str, finished: datetime) -> dict:
        sources: defaultdict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
        for key, value in self.stats.get_stats().items():
            if key.startswith(PREFIX) and isinstance(value, int):
                name, _, what = key[len(PREFIX):].rpartition("/")
                sources[name][what] = sources[name].get(what, 0) + value
        for name, counts in self.items.items():
            sources[name].update(counts)
        totals: dict[str, int] = defaultdict(int)
        for counts in sources.values():
            for what, value in counts.items():
                totals[what] += value
        return {
            "started": self.started.isoformat(),
            "finished": finished.isoformat(),
            "elapsed_seconds": round(time.monotonic() - self.timer, 3),
            "finish_reason": reason,
            "sources": {name: sources[name] for name in sorted(sources)},
            "totals": dict(totals),
            "cpu_seconds": stage_stats(self.stats.get_stats()),
            "wall_seconds": stage_stats(self.stats.get_stats(), WALL_PREFIX),
        }


def format_table(summary: dict) -> str:
    """A plain-text table for people and cron mail: one row per source, then the totals."""
    rows = [(_CONTROL.sub("?", name), counts) for name, counts in summary["sources"].items()]
    rows.append(("TOTAL", summary["totals"]))
    width = max(len("source"), *(len(name) for name, _ in rows))
    lines = [f"crawl {summary['finish_reason']} in {summary['elapsed_seconds']:.1f}s"]
    lines.append("  ".join(["source".ljust(width), *(heading.rjust(7) for heading in HEADINGS)]))
    for name, counts in rows:
        lines.append("  ".join([name.ljust(width), *(str(counts.get(what, 0)).rjust(7) for what in COLUMNS)]))
    return "\n".join(lines) + "\n"
