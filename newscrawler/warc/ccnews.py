"""Common Crawl's news archive (CC-NEWS): which WARC files hold the pages fetched on given days.

Each month has a listing, ``crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz``, one path
per line, of files named ``CC-NEWS-YYYYMMDDHHMMSS-NNNNN.warc.gz`` after the time
they were started; a new file appears every few hours. Days are picked by that
time stamp, files come out oldest first, as a cron run following the archive
wants them.
"""

from __future__ import annotations

import gzip
import io
import logging
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import BinaryIO

logger = logging.getLogger(__name__)

LISTING = "crawl-data/CC-NEWS/{year:04d}/{month:02d}/warc.paths.gz"
FILE_PATH = re.compile(r"crawl-data/CC-NEWS/(\d{4})/(\d{2})/CC-NEWS-(\d{8})\d{6}-\d{5}\.warc\.gz")
MAX_LISTING_BYTES = 16 * 1024 * 1024
"""A month lists a few hundred paths (~30 KB); far more is not a listing."""


class DaysError(ValueError):
    """``-a ccnews=`` is not a day or a range of days; the message says what is expected."""


def parse_days(text: str, today: date | None = None) -> list[date]:
    """``YYYY-MM-DD``, ``today``, ``yesterday``, or ``FIRST..LAST`` of those (UTC days, both included)."""
    today = today or datetime.now(timezone.utc).date()
    first_text, _, last_text = text.strip().partition("..")
    first = _day(first_text, today)
    last = _day(last_text, today) if last_text else first
    if last < first:
        raise DaysError(f"-a ccnews={text}: the range ends before it starts")
    if (last - first).days > 366:
        raise DaysError(f"-a ccnews={text}: more than a year of days; split the range")
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _day(text: str, today: date) -> date:
    words = {"today": today, "yesterday": today - timedelta(days=1)}
    if text.strip().lower() in words:
        return words[text.strip().lower()]
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DaysError(f"-a ccnews: {text!r} is not a day; use YYYY-MM-DD, today, yesterday or FIRST..LAST") from None


def listing_paths(days: list[date]) -> list[str]:
    """The monthly listings covering ``days``, in order."""
    months = dict.fromkeys((day.year, day.month) for day in days)
    return [LISTING.format(year=year, month=month) for year, month in months]


def files_of_days(listing: bytes, days: list[date], name: str) -> list[str]:
    """Paths of the files started on ``days``, oldest first; each garbage line is logged once and skipped."""
    wanted = {day.strftime("%Y%m%d") for day in days}
    paths = []
    for number, raw in enumerate(_lines(listing, name), start=1):
        line = raw.strip()
        if not line:
            continue
        match = FILE_PATH.fullmatch(line)
        if match is None:
            logger.warning("%(name)s line %(number)d is not a CC-NEWS file path; skipped: %(line)r",
                           {"name": name, "number": number, "line": line[:100]})
            continue
        if match.group(3) in wanted:
            paths.append(line)
    return sorted(dict.fromkeys(paths), key=lambda path: path.rsplit("/", 1)[1])


def _lines(listing: bytes, name: str) -> list[str]:
    """The listing's lines; it may come gzipped (as stored) or already decoded by a proxy."""
    data = listing
    if listing[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(listing)) as unzipped:
            data = unzipped.read(MAX_LISTING_BYTES + 1)
        if len(data) > MAX_LISTING_BYTES:
            raise ValueError(f"{name} unpacks to more than {MAX_LISTING_BYTES} bytes; not a listing")
    return data.decode("utf-8", errors="replace").splitlines()


def read_listing(open_stream: Callable[[], BinaryIO]) -> bytes:
    """A listing's bytes, at most a bounded amount."""
    stream = open_stream()
    try:
        data = stream.read(MAX_LISTING_BYTES + 1)
    finally:
        stream.close()
    if len(data) > MAX_LISTING_BYTES:
        raise ValueError(f"more than {MAX_LISTING_BYTES} bytes; not a listing")
    return data
