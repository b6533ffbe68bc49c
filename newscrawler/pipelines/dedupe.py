"""Dedupe pipeline: one article per URL identity and per text, one story per syndicated text.

Decisions are made against what is already stored (the dedupe registry and the
near-duplicate index, both kept in the data directory) and against articles of
this run still on their way to storage. State is written only once an item has
passed every pipeline (``item_scraped``), so a crash never marks an article as
known that the archive does not hold.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem

from newscrawler.clock import Clock, clock_from_settings, utc_now
from newscrawler.damage import set_aside
from newscrawler.dedupe.fingerprint import content_hash, normalize_text
from newscrawler.cputime import cpu_stage
from newscrawler.dedupe.near import NearDuplicateIndex, NearIndexError
from newscrawler.dedupe.registry import DedupeRegistry
from newscrawler.extensions.disk_guard import stop_if_no_space
from newscrawler.items import ArticleItem
from search.archive import Archive
from search.catchup import catch_up
from search.datadir import DataDir, data_dir_from_settings
from search.urls import article_identity, clean_url, normalize_url, same_site

logger = logging.getLogger(__name__)

# A near-duplicate this close, with the same headline on the same site, is one article
# rendered by two templates (desktop/mobile, print, a section mirror), not a second copy.
SAME_ARTICLE_SIMILARITY = 0.9


class DedupePipeline:
    """Give each item its identity, URLs and story; drop what would change nothing."""

    def __init__(self, data_dir: Path, stats: Any = None, signals: Any = None, clock: Clock = time.time) -> None:
        self.data_dir = DataDir(data_dir)
        self.stats = stats
        self.signals = signals
        self.clock = clock
        self.state: DedupeRegistry | None = None
        self.near: NearDuplicateIndex | None = None
        self.near_lost = False
        self.in_flight: dict[str, dict] = {}
        self.behind = False
        """Set once an article may be archived without being registered: the registry then keeps
        its earlier mark, and the next run applies the archive's tail again from there."""
        self.archive = Archive(self.data_dir.archive)  # read only: the storage pipeline writes it
        self.group_commits = False
        """Commit the registry once per event-loop turn (in a crawl) rather than once per article."""
        self.commit_due = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        pipeline = cls(data_dir_from_settings(crawler.settings), crawler.stats, crawler.signals,
                       clock_from_settings(crawler.settings))
        pipeline.group_commits = True
        crawler.signals.connect(pipeline.item_stored, signal=signals.item_scraped)
        crawler.signals.connect(pipeline.item_abandoned, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_failed, signal=signals.item_error)
        return pipeline

    def open_spider(self) -> None:
        with stop_if_no_space(self.signals, self.data_dir):
            self._open()

    def _open(self) -> None:
        self.state = DedupeRegistry(self.data_dir.dedupe_registry)
        near_path = self.data_dir.near_duplicates
        try:
            self.near = NearDuplicateIndex.open(near_path)
            # Gone while the registry covers articles (deleted, or set aside by `newssearch doctor`).
            self.near_lost = not near_path.exists() and self.state.applied() > 0
        except NearIndexError as exc:
            set_aside(near_path, exc, "rebuilt from the archive")
            self.near = NearDuplicateIndex(near_path)
            self.near_lost = True
        catch_up(self.archive, self)

    def close_spider(self) -> None:
        """Save the near-duplicate index with the registry's mark: both then cover the same archive bytes."""
        if self.state is None:
            return
        try:
            if not self.in_flight:
                self._mark_synced()
            if self.near is not None:
                self.near.save(covers=self.state.applied())
        finally:
            self.state.close()
            self.state = None  # a commit still scheduled finds nothing to do

    def process_item(self, item: ArticleItem) -> ArticleItem:
        with cpu_stage(self.stats, "dedupe"):
            return self._dedupe(item)

    def _dedupe(self, item: ArticleItem) -> ArticleItem:
        links = _links_of(item)
        item.content_hash = content_hash(item.body)
        known = self._article_for_keys(links.keys())
        if known is not None:
            return self._known_article(item, known, links)
        same_text = self._article_for_hash(item.content_hash)
        if same_text is not None:
            self._count("exact_duplicate")
            return self._with_more_urls(same_text, links)
        return self._new_article(item, links)

    def item_stored(self, item: Any) -> None:
        """Record an article in the state once the storage pipeline has written it."""
        if not isinstance(item, ArticleItem) or self.state is None:
            return
        with cpu_stage(self.stats, "dedupe"):
            self._save_state(item)

    def _save_state(self, item: ArticleItem) -> None:
        record = item.to_record()
        self.in_flight.pop(record["id"], None)
        try:
            self.state.save(record, _keys_of(record))
        except BaseException:
            self.behind = True
            raise
        if not self.in_flight:
            # Items pass the pipelines concurrently: only with none between here and the
            # archive does "state covers the archive up to its size" hold.
            self._mark_synced()
        if self.group_commits:
            self._commit_soon()
        else:
            self.state.commit()

    def _commit_soon(self) -> None:
        """One commit (one fsync) for the articles stored in the same turn of the event loop.

        The storage pipeline releases the articles of one archive fsync together; the
        registry follows the archive, so a crash before this commit loses rows and the
        mark covering them alike, and the next run registers them again from the archive.
        """
        if self.commit_due:
            return
        self.commit_due = True
        asyncio.get_running_loop().call_soon(self._commit_now)

    def _commit_now(self) -> None:
        self.commit_due = False
        if self.state is None:
            return
        try:
            with cpu_stage(self.stats, "dedupe"):
                self.state.commit()
        except Exception:
            self.behind = True  # the next run registers the archive's tail again
            logger.error("the dedupe registry could not be saved", exc_info=True)

    def item_abandoned(self, item: Any) -> None:
        """An item dropped or failed after this pipeline will never be stored."""
        if isinstance(item, ArticleItem) and item.id:
            self.in_flight.pop(item.id, None)

    def text_changed(self, item: ArticleItem) -> None:
        """Re-extraction changed a stored article's text: a new hash, and its story looked up again."""
        item.content_hash = content_hash(item.body)
        self.near.remove(item.id)
        match = self.near.match(item.body)
        similar = self._record(match[0]) if match else None
        item.story = similar["story"] if similar else item.id
        self.near.add(item.id, item.body)
        self.in_flight[item.id] = item.to_record()

    def item_failed(self, item: Any) -> None:
        """A later pipeline failed on the item: it may or may not have reached the archive."""
        if isinstance(item, ArticleItem) and item.id:
            self.behind = True
        self.item_abandoned(item)

    def _mark_synced(self) -> None:
        if not self.behind:
            self.state.mark_applied(self.archive.size())

    def _known_article(self, item: ArticleItem, stored: dict, links: dict[str, str]) -> ArticleItem:
        if stored["content_hash"] == item.content_hash:
            return self._with_more_urls(stored, links)
        self._count("updated")
        item.id, item.url = stored["id"], stored["url"]
        item.urls = _merge(stored, links)
        item.story = stored["story"]
        item.first_seen = stored["first_seen"]
        item.updated = item.updated or utc_now(self.clock).isoformat()
        item.outcome = "updated"
        self.near.remove(item.id)
        self.near.add(item.id, item.body)
        self.in_flight[item.id] = item.to_record()
        return item

    def _with_more_urls(self, stored: dict, links: dict[str, str]) -> ArticleItem:
        """The text is already stored: only new URLs of it are worth a write."""
        if links.keys() <= _keys_of(stored):
            self._count("unchanged")
            raise DropItem(f"already stored, unchanged: {stored['id']}", log_level="DEBUG")
        record = dict(stored, urls=_merge(stored, links))
        self.in_flight[record["id"]] = record
        item = item_from_record(record)
        item.outcome = "duplicate"
        return item

    def _new_article(self, item: ArticleItem, links: dict[str, str]) -> ArticleItem:
        item.id = article_identity(item.url, item.canonical_url, item.og_url)
        item.url = links.get(item.id) or clean_url(item.url)
        item.urls = list(dict.fromkeys([item.url, *links.values()]))
        item.first_seen = item.crawled or utc_now(self.clock).isoformat()
        match = self.near.match(item.body)
        similar = self._record(match[0]) if match else None
        if similar and match[1] >= SAME_ARTICLE_SIMILARITY and _same_headline_same_site(similar, item):
            self._count("same_article_other_template")
            return self._with_more_urls(similar, links)
        item.story = similar["story"] if similar else item.id
        self._count("near_duplicate" if similar else "new")
        item.outcome = "new"
        self.near.add(item.id, item.body)
        self.in_flight[item.id] = item.to_record()
        return item

    def _article_for_keys(self, keys: Iterable[str]) -> dict | None:
        keys = set(keys)
        for record in self.in_flight.values():
            if keys & _keys_of(record):
                return record
        found = self.state.article_for_urls(sorted(keys))
        return self.state.record(found) if found else None

    def _article_for_hash(self, digest: str) -> dict | None:
        for record in self.in_flight.values():
            if record["content_hash"] == digest:
                return record
        found = self.state.article_for_hash(digest)
        return self.state.record(found) if found else None

    def _record(self, article_id: str) -> dict | None:
        return self.in_flight.get(article_id) or self.state.record(article_id)

    # The registry and near-duplicate index as a follower of the archive (search.catchup).

    def applied(self) -> int | None:
        """The registry's mark, or the near-duplicate index's when that is behind.

        The registry commits its mark as articles are stored; the near-duplicate index is
        saved when the run ends, so a killed run leaves it behind, and the older mark is the
        one to catch up from (registering an article again changes nothing).
        """
        if self.near_lost or self.near.covers is None:
            return None
        return min(self.state.applied(), self.near.covers)

    def rebuild(self) -> None:
        self._count("state_rebuilt")
        self._register(self.archive.iter_latest())

    def apply(self, records: Iterable[dict]) -> None:
        """Register what a killed run archived after the registry's last commit."""
        self._count("state_caught_up")
        self._register(records)

    def mark(self, size: int) -> None:
        self.state.mark_applied(size)
        self.state.commit()

    def _register(self, records: Iterable[dict]) -> None:
        for record in records:
            self.state.save(record, _keys_of(record))
            self.near.remove(record["id"])
            self.near.add(record["id"], record["body"])
        if self.archive.damage_report():
            logger.warning(self.archive.damage_report())

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawler/dedupe/{what}")


def _same_headline_same_site(stored: dict, item: ArticleItem) -> bool:
    return same_site(stored["url"], item.url) and normalize_text(stored["title"] or "") == normalize_text(item.title or "")


def _links_of(item: ArticleItem) -> dict[str, str]:
    """The page's URLs worth remembering: identity key -> URL a reader can open.

    The page URL and its trusted canonical/og:url, minus tracking parameters.
    """
    links = {}
    for url in (item.url, item.canonical_url, item.og_url):
        if not url:
            continue
        try:
            readable = clean_url(url)
            links.setdefault(normalize_url(readable), readable)
        except ValueError:
            continue
    identity = article_identity(item.url, item.canonical_url, item.og_url)
    links.setdefault(identity, identity)
    return links


def _keys_of(record: dict) -> set[str]:
    """Identity keys of a stored article: its id and every URL it was reached by, normalised."""
    return {record["id"], *(normalize_url(url) for url in record["urls"])}


def _merge(stored: dict, links: dict[str, str]) -> list[str]:
    """Keep the stored URLs in order and append the new ones."""
    known = _keys_of(stored)
    return list(stored["urls"]) + [url for key, url in links.items() if key not in known]


def item_from_record(record: dict) -> ArticleItem:
    """The item of a stored article, to pass it through pipelines again."""
    names = {field.name for field in fields(ArticleItem)}
    return ArticleItem(**{key: value for key, value in record.items() if key in names})
