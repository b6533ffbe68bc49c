"""Rotating gzip WARC/1.1 files: one request/response exchange at a time, durable before it is pointed at.

warcio's writer does the record format (one gzip member per record, block and
payload digests, ``WARC-Date`` with microseconds for 1.1); this module adds what
a crawl needs around it: a warcinfo record opening each file, rotation at a size,
the pointer (file name, offset) of each response, and an fsync before that
pointer is used (:meth:`RotatingWarcWriter.write`, or :meth:`~RotatingWarcWriter.append`
then a group fsync by :meth:`~RotatingWarcWriter.syncer`), so an archive line
never points at bytes a crash lost.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from search.durable import fsync_job

WARC_VERSION = "WARC/1.1"
SUFFIX = ".warc.gz"
# Hop-by-hop and encoding headers describe bytes on the wire; the record holds the decoded body.
WIRE_ONLY_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length", "connection"})
# warcio compresses at level 9: 4.3 ms a 190 KB page; level 6 took 2.8 ms for files 0.5% larger.
# On the dev pages (184 KB), level 6 against 3 against 1: 3.7 / 1.65 / 1.33 ms a page, files
# 19.6% / 22.1% / 23.6% of the page: level 3 halves the crawl's WARC CPU for files 13% larger.
GZIP_LEVEL = 3


@dataclass(frozen=True)
class Exchange:
    """One fetched page as the crawler saw it: what was asked and what came back."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched: datetime
    ip_address: str | None = None
    request_body: bytes = b""
    extra_headers: tuple[tuple[str, str], ...] = ()
    """Extension fields for the response record (e.g. the source's time zone, for re-extraction)."""


class _GzipMember:
    """One gzip member per record, as warcio's own wrapper writes it, at ``GZIP_LEVEL``."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)

    def write(self, data: bytes) -> None:
        self.out.write(self.compressor.compress(data))

    def flush(self) -> None:
        self.out.write(self.compressor.flush())
        self.out.flush()


class _GzipWarcWriter(WARCWriter):
    """warcio's writer with each record compressed by ``_GzipMember`` (its own level is fixed)."""

    def write_record(self, record, params=None) -> None:  # noqa: ANN001 - warcio's signature
        self._write_warc_record(_GzipMember(self.out), record)


@dataclass(frozen=True)
class WarcPointer:
    file: str
    """File name inside the WARC directory."""
    offset: int
    """Where the response record's gzip member starts."""


class RotatingWarcWriter:
    """Append exchanges to ``DIR/PREFIX-TIMESTAMP-SERIAL.warc.gz``, starting a new file past ``max_size`` bytes."""

    def __init__(self, directory: Path, max_size: int, prefix: str = "newscrawler", software: str = "newscrawler") -> None:
        self.directory = Path(directory)
        self.max_size = max(1, max_size)
        self.prefix = prefix
        self.software = software
        self._file: IO[bytes] | None = None
        self._name = ""
        self._writer: _GzipWarcWriter | None = None
        self._serial = 0
        self.files_written: list[str] = []
        self._unsynced = False
        """Records appended since the last :meth:`syncer` job was made."""
        self._lost: OSError | None = None
        """Why such records in a file closed since are not on disk (its closing fsync failed)."""

    def write(self, exchange: Exchange) -> WarcPointer:
        """Write the response and its request; return where the response starts, once both are on disk."""
        pointer = self.append(exchange)
        os.fsync(self._file.fileno())
        self._unsynced = False
        return pointer

    def append(self, exchange: Exchange) -> WarcPointer:
        """Write the response and its request, not yet durable (see :meth:`syncer`); return where the response starts."""
        if self._file is None or self._file.tell() >= self.max_size:
            self._rotate()
        offset = self._file.tell()
        response = self._response_record(exchange)
        self._writer.write_record(response)
        self._writer.write_record(self._request_record(exchange, response.rec_headers.get_header("WARC-Record-ID")))
        self._file.flush()
        self._unsynced = True
        return WarcPointer(self._name, offset)

    def syncer(self) -> Callable[[], None]:
        """A job making every record appended so far durable; it holds a descriptor of its own, so it
        may run in another thread while appends go on (a file is fsynced before rotation closes it).

        Raises when records appended since the last job sat in a file whose closing fsync failed:
        they are not durable, whatever the current file's fsync would say.
        """
        lost, self._lost, self._unsynced = self._lost, None, False
        if lost is not None:
            raise lost
        if self._file is None:
            return lambda: None
        return fsync_job(self._file.fileno())

    def close(self) -> None:
        """Close the current file, its records made durable first."""
        if self._file is not None:
            try:
                self._file.flush()
                os.fsync(self._file.fileno())
            except OSError as exc:
                if self._unsynced:
                    self._lost = exc
                raise
            finally:
                self._file.close()
                self._file = None

    def _rotate(self) -> None:
        self.close()
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        while True:
            self._serial += 1
            name = f"{self.prefix}-{stamp}-{os.getpid()}-{self._serial:05d}{SUFFIX}"
            try:
                fd = os.open(self.directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                break
            except FileExistsError:
                continue
        self._file, self._name = os.fdopen(fd, "wb"), name
        self._writer = _GzipWarcWriter(self._file, gzip=False, warc_version=WARC_VERSION)
        info = {"software": self.software, "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"}
        self._writer.write_record(self._writer.create_warcinfo_record(name, info))
        self.files_written.append(name)

    def _response_record(self, exchange: Exchange):
        headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in WIRE_ONLY_HEADERS]
        headers.append(("Content-Length", str(len(exchange.body))))
        http = StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(), headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": _warc_date(exchange.fetched)}
        if exchange.ip_address:
            warc_headers["WARC-IP-Address"] = exchange.ip_address
        warc_headers.update(exchange.extra_headers)
        return self._writer.create_warc_record(
            exchange.url, "response", payload=io.BytesIO(exchange.body), http_headers=http,
            warc_headers_dict=warc_headers,
        )

    def _request_record(self, exchange: Exchange, response_id: str):
        http = StatusAndHeaders(f"{exchange.method} {_request_target(exchange.url)} HTTP/1.1",
                                list(exchange.request_headers), is_http_request=True)
        return self._writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(exchange.request_body), http_headers=http,
            warc_headers_dict={"WARC-Date": _warc_date(exchange.fetched), "WARC-Concurrent-To": response_id},
        )


def _warc_date(moment: datetime) -> str:
    """WARC/1.1 dates: UTC, microseconds allowed."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
