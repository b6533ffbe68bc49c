"""Reading HTTP responses out of WARC files that may be damaged, huge or hostile.

warcio parses the records (see benchmarks/README.md for why warcio and not
FastWARC). What it leaves to us, and what this module adds:

- a record cut short (a killed writer, a wrong ``Content-Length``) comes back
  from warcio as if whole; we compare what was read with what was declared and
  skip it;
- a record warcio cannot parse ends its iterator; we log one line and carry on
  at the next gzip member (one member per record is how WARC files are written),
  unless the very first record failed: then the file is not a WARC file;
- a body (or a gzip bomb inside one) larger than ``max_body`` is skipped after
  reading ``max_body`` bytes, so memory stays bounded whatever a record claims.

Records are read from ``open_at(offset)``, a function opening the file at a byte
offset, so the same code reads local files and remote ones and resumes both.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

logger = logging.getLogger(__name__)

GZIP_MEMBER_START = b"\x1f\x8b\x08"
RESYNC_WINDOW = 64 * 1024 * 1024
"""How far past a damaged record to look for the next one before giving up on the file."""
_PROBE = 4096
"""Compressed bytes enough to see whether a gzip member starts with a WARC header."""
_READ_ERRORS = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError)

Opener = Callable[[int], BinaryIO]
"""Opens the WARC file positioned at a byte offset."""


class WarcFileError(Exception):
    """The file as a whole cannot be read (not a WARC file, unreachable)."""


@dataclass(frozen=True)
class ArchivedResponse:
    """One HTTP response record: enough to hand to the pipelines, and where it lies in its file."""

    url: str
    offset: int
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: datetime | None = None
    ip_address: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    """The record's WARC header fields (``WARC-Date``, extension fields ...)."""

    @property
    def content_type(self) -> str:
        return next((value for name, value in self.headers if name.lower() == "content-type"), "")


@dataclass
class ReadReport:
    """What a pass over one file found, for the run's summary and exit status."""

    records: int = 0
    responses: int = 0
    damaged: int = 0
    too_large: int = 0
    last_damaged: int = -1
    """Offset of the last record reported damaged: a parse failure right after it is the same damage."""


class _QuietIterator(ArchiveIterator):
    """warcio writes a three-line warning to stderr for a record followed by stray bytes (a wrong
    Content-Length); we count it (``err_count``) and log one line instead."""

    INC_RECORD = ""


class _Positioned:
    """A stream opened at ``base`` that tells file offsets, so warcio's record offsets are the file's."""

    def __init__(self, stream: BinaryIO, base: int) -> None:
        self.stream, self.position = stream, base

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position


def iter_responses(open_at: Opener, name: str, start: int = 0, max_body: int = 10 * 1024 * 1024,
                   report: ReadReport | None = None) -> Iterator[ArchivedResponse]:
    """Yield the response records of one WARC file from byte ``start`` on, skipping damaged ones.

    Raises :class:`WarcFileError` when the first record read cannot be parsed.
    """
    report = report if report is not None else ReadReport()
    offset: int | None = start
    while offset is not None:
        stream = open_at(offset)
        iterator = _QuietIterator(_Positioned(stream, offset))
        current = offset
        damaged_before = report.damaged
        try:
            for record in iterator:
                current = iterator.offset
                if record.format != "warc":  # warcio takes any line of five words for an ARC header
                    raise ArchiveLoadFailed(f"not a WARC record: {record.rec_headers.protocol or 'no version'}")
                report.records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                response = _response(record, iterator, current, name, max_body, report)
                if response is not None:
                    report.responses += 1
                    yield response
            return
        except _READ_ERRORS as exc:
            if report.records == 0:
                raise WarcFileError(f"{name} is not a readable WARC file ({_reason(exc)})") from exc
            already_reported = report.damaged > damaged_before and current == report.last_damaged
            report.damaged += 0 if already_reported else 1
            if not already_reported:
                logger.warning("%(name)s: damaged record after offset %(offset)d (%(error)s); skipping to the next one",
                               {"name": name, "offset": current, "error": _reason(exc)})
            offset = next_member(open_at, current + 1)
        finally:
            stream.close()


def read_response_at(open_at: Opener, name: str, offset: int, max_body: int) -> ArchivedResponse:
    """The response record starting at ``offset`` (an archive record's pointer)."""
    report = ReadReport()
    for response in iter_responses(open_at, name, offset, max_body, report):
        if response.offset == offset:
            return response
        break
    raise WarcFileError(f"{name}: no readable response record at offset {offset}")


def _response(record, iterator: _QuietIterator, offset: int, name: str, max_body: int,
              report: ReadReport) -> ArchivedResponse | None:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    body = _read_up_to(record.content_stream(), max_body + 1)
    if len(body) > max_body:
        report.too_large += 1
        logger.warning("%(name)s: record at offset %(offset)d (%(url)s) is larger than %(max)d bytes; skipped",
                       {"name": name, "offset": offset, "url": url, "max": max_body})
        return None
    short = getattr(record.raw_stream, "limit", 0) > 0
    stray_before = iterator.err_count
    iterator.read_to_end()
    if short or iterator.err_count > stray_before:
        report.damaged += 1
        report.last_damaged = offset
        logger.warning("%(name)s: record at offset %(offset)d (%(url)s) does not match its Content-Length; skipped",
                       {"name": name, "offset": offset, "url": url})
        return None
    http = record.http_headers
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError):
        status = 0
    fields = dict(record.rec_headers.headers)
    return ArchivedResponse(
        url=url, offset=offset, status=status, headers=list(http.headers), body=body,
        date=_date(fields.get("WARC-Date")), ip_address=fields.get("WARC-IP-Address"), fields=fields,
    )


def _read_up_to(stream: BinaryIO, limit: int) -> bytes:
    """Read until ``limit`` bytes or the end: one ``read`` may return less."""
    parts, size = [], 0
    while size < limit:
        chunk = stream.read(min(limit - size, 1024 * 1024))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def next_member(open_at: Opener, start: int, window: int = RESYNC_WINDOW) -> int | None:
    """Offset of the next gzip member holding a WARC record at or after ``start``, if any within ``window``."""
    stream = open_at(start)
    try:
        data, base = b"", start  # base: the file offset of data[0]
        while True:
            chunk = stream.read(1024 * 1024)
            data += chunk
            position = data.find(GZIP_MEMBER_START)
            while position >= 0:
                if _starts_warc_record(data[position:position + _PROBE]):
                    return base + position
                position = data.find(GZIP_MEMBER_START, position + 1)
            if not chunk or base + len(data) - start >= window:
                return None
            # Keep a tail: a member header cut by the chunk boundary is found in the next round.
            base += max(0, len(data) - _PROBE)
            data = data[-_PROBE:]
    finally:
        stream.close()


def _starts_warc_record(data: bytes) -> bool:
    try:
        head = zlib.decompressobj(31).decompress(data, 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:120] + "...") if len(text) > 120 else text or type(exc).__name__
