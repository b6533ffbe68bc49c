"""Archived pages as a crawl's input: ``-a warc=PATH_OR_URL[,...]`` and ``-a ccnews=DAYS``.

Files are read one after the other, in a thread (a slow server never blocks
the crawl), record by record; each HTML response of a wanted host becomes a
request that :class:`~newscrawler.middlewares.warc_replay.WarcReplayMiddleware`
answers from the record, so the page takes the live crawl's way through the
spider and the pipelines. Memory stays bounded: Scrapy pulls the next request
only when the downloader and the pipelines have room.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from newscrawler.middlewares.warc_replay import ARCHIVED_META
from newscrawler.sources import Source
from newscrawler.warc import ccnews
from newscrawler.warc.locations import opener
from newscrawler.warc.progress import ReadProgress
from newscrawler.warc.reader import ArchivedResponse, ReadReport, WarcFileError, iter_responses

logger = logging.getLogger(__name__)

INPUT_META = "news_archive_input"
"""Request meta: (location, offset) of the record, to mark it done when its page leaves the pipelines."""
ARCHIVED_DATE_META = "news_archived_date"
"""Request meta: the record's WARC-Date, when the page was fetched (and its date if it shows none)."""
STATS = "newscrawler/archive_input"


class HostFilter:
    """Which archived pages to keep, and under which source: configured sources, ``-a domains=``, or all (``*``)."""

    def __init__(self, sources: list[Source], domains: str | None = None) -> None:
        self.sources = sources
        self.everything = (domains or "").strip() == "*"
        self.domains = tuple(d.strip().lower().lstrip(".") for d in (domains or "").split(",") if d.strip() and d.strip() != "*")

    def source_for(self, url: str) -> Source | None:
        host = (urlsplit(url).hostname or "").lower()
        if not host:
            return None
        for source in self.sources:
            if _within(host, source.allowed_domains):
                return source
        if self.everything or _within(host, self.domains):
            return Source(name=host, start_urls=(), allowed_domains=(host,))
        return None


def _within(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


@dataclass
class ArchiveInput:
    """The archive files of one run and how far each has been read."""

    locations: list[str] = field(default_factory=list)
    """Paths or URLs given with ``-a warc=``, read in this order."""
    days: list = field(default_factory=list)
    """Days given with ``-a ccnews=``; their files are listed when the crawl starts."""
    ccnews_base: str = ""
    hosts: HostFilter = field(default_factory=lambda: HostFilter([]))
    progress: ReadProgress | None = None
    max_body: int = 10 * 1024 * 1024
    timeout: float = 60.0
    user_agent: str = "newscrawler"
    stats: Any = None
    """The crawl's stats collector, set when the crawl starts."""

    async def requests(self, callback: Callable) -> AsyncIterator[scrapy.Request]:
        """One request per wanted response, file after file, skipping what earlier runs finished."""
        locations = self.locations + await asyncio.to_thread(self._ccnews_files)
        if self.days and not locations:
            logger.info("no CC-NEWS files listed for %(days)s yet", {"days": _days_text(self.days)})
        for location in locations:
            state = self.progress.of(location)
            if state.done:
                self._count("files_skipped_done")
                continue
            records = self._records(location, state.resume_at, state.done_through)
            while True:
                try:
                    archived = await asyncio.to_thread(next, records, None)
                except WarcFileError as exc:
                    self._count("files_failed")
                    logger.warning("%(error)s; going on with the next file", {"error": exc})
                    break
                if archived is None:
                    self._count("files_read")
                    self.progress.finished_file(location)
                    break
                request = self._request(location, archived, callback)
                self.progress.read(location, archived.offset, pending=request is not None)
                if request is not None:
                    yield request

    def finished(self, response: Response | None) -> None:
        """A page from an archive left the pipelines (stored, dropped or failed)."""
        where = response.meta.get(INPUT_META) if response is not None else None
        if where is not None and self.progress is not None:
            self.progress.finished_record(*where)

    def close(self, reason: str = "finished") -> None:
        """Save how far each file was read. A crawl that finished has handled every request it was
        given, also any a middleware dropped before it reached the pipelines; a stopped one has not."""
        if self.progress is not None:
            if reason == "finished":
                self.progress.settle()
            self.progress.save(force=True)

    def _records(self, location: str, start: int, done_through: int) -> Iterator[ArchivedResponse]:
        report = ReadReport()
        for archived in iter_responses(opener(location, self.timeout, self.user_agent), location, start,
                                       self.max_body, report):
            self._count("records")
            if archived.offset > done_through:
                yield archived

    def _request(self, location: str, archived: ArchivedResponse, callback: Callable) -> scrapy.Request | None:
        if archived.status != 200 or "html" not in archived.content_type.lower():
            return None
        source = self.hosts.source_for(archived.url)
        if source is None:
            return None
        try:
            request = scrapy.Request(
                archived.url, callback=callback, cb_kwargs={"source": source}, dont_filter=True,
                meta={ARCHIVED_META: archived, INPUT_META: (location, archived.offset), ARCHIVED_DATE_META: archived.date},
            )
        except ValueError:  # not an http(s) URL Scrapy can represent
            return None
        self._count("pages")
        return request

    def _ccnews_files(self) -> list[str]:
        if not self.days:
            return []
        base = self.ccnews_base.rstrip("/") + "/"
        files: list[str] = []
        for path in ccnews.listing_paths(self.days):
            url = base + path
            try:
                listing = ccnews.read_listing(lambda: opener(url, self.timeout, self.user_agent)(0))
                files += [base + name for name in ccnews.files_of_days(listing, self.days, url)]
            except (WarcFileError, ValueError, OSError, EOFError) as exc:
                self._count("listings_failed")
                logger.warning("cannot read the CC-NEWS listing %(url)s (%(error)s); its files are skipped",
                               {"url": url, "error": exc})
        return files

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"{STATS}/{what}")


def _days_text(days: list) -> str:
    return str(days[0]) if len(days) == 1 else f"{days[0]}..{days[-1]}"


class ArchiveArgsError(ValueError):
    """``-a warc=`` / ``-a ccnews=`` / ``-a domains=`` cannot be used as given; the message says why."""


def wants_archive(spider_args: dict) -> bool:
    """Does this run read archives instead of crawling live sites?"""
    return spider_args.get("warc") is not None or spider_args.get("ccnews") is not None


def parse_archive_args(warc: str | None, days: str | None, url: str | None = None) -> tuple[list[str], list]:
    """The WARC locations and CC-NEWS days asked for; :class:`ArchiveArgsError` for a bad command line."""
    if url:
        raise ArchiveArgsError("-a url= crawls live sites, -a warc= and -a ccnews= read archives; give one or the other")
    locations = [part.strip() for part in (warc or "").split(",") if part.strip()]
    if warc is not None and not locations:
        raise ArchiveArgsError("-a warc= needs a path or an http(s) URL of a WARC file (several with commas)")
    try:
        return locations, ccnews.parse_days(days) if days is not None else []
    except ccnews.DaysError as exc:
        raise ArchiveArgsError(str(exc)) from None


def archive_input_from_crawler(crawler: Any, warc: str | None, days: str | None, domains: str | None,
                               sources: list[Source], progress_file: Path) -> ArchiveInput:
    """Settings turned into an :class:`ArchiveInput` for this crawl."""
    settings = crawler.settings
    locations, day_list = parse_archive_args(warc, days)
    return ArchiveInput(
        locations=locations, days=day_list, ccnews_base=settings.get("CCNEWS_BASE_URL"),
        hosts=HostFilter(sources, domains), progress=ReadProgress(progress_file),
        max_body=settings.getint("DOWNLOAD_MAXSIZE"), timeout=settings.getfloat("DOWNLOAD_TIMEOUT"),
        user_agent=settings.get("USER_AGENT"),
    )
