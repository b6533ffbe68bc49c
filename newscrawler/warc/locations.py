"""Opening a WARC file at a byte offset, on disk or over http(s), as a stream read piece by piece.

A remote file is never downloaded first: records are parsed as bytes arrive, and
a resumed or re-synchronised read asks the server for the rest with a ``Range``
request (a server that ignores it is read up to the offset and the bytes dropped).
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from newscrawler.warc.reader import Opener, WarcFileError

_SKIP_CHUNK = 1024 * 1024


def is_remote(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def opener(location: str, timeout: float = 60.0, user_agent: str = "newscrawler") -> Opener:
    """A function opening ``location`` (a path or an http(s) URL) at a byte offset."""
    if is_remote(location):
        return lambda offset: _open_remote(location, offset, timeout, user_agent)
    path = Path(location)
    return lambda offset: _open_local(path, offset)


def _open_local(path: Path, offset: int) -> BinaryIO:
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise WarcFileError(f"cannot open {path}: {exc.strerror or exc}") from exc
    handle.seek(offset)
    return handle


def _open_remote(url: str, offset: int, timeout: float, user_agent: str) -> BinaryIO:
    headers = {"User-Agent": user_agent, "Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 (http(s) only, checked above)
    except urllib.error.HTTPError as exc:
        if exc.code == 416:  # nothing after the offset: the file ends there
            return _Empty()
        raise WarcFileError(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise WarcFileError(f"cannot fetch {url}: {reason}") from exc
    stream = _RemoteStream(response, url)
    if offset and response.status != 206:
        _discard(stream, offset)
    return stream


class _RemoteStream:
    """A response body whose read errors (a stalled or dropped connection) end the file, not one record."""

    def __init__(self, response: BinaryIO, url: str) -> None:
        self.response, self.url = response, url

    def read(self, size: int = -1) -> bytes:
        try:
            return self.response.read(size)
        except (OSError, http.client.HTTPException) as exc:
            raise WarcFileError(f"reading {self.url} failed: {exc or type(exc).__name__}") from exc

    def close(self) -> None:
        self.response.close()


def _discard(stream: BinaryIO, count: int) -> None:
    """Read and drop ``count`` bytes: the server sent the whole file, we wanted its tail."""
    while count > 0:
        chunk = stream.read(min(count, _SKIP_CHUNK))
        if not chunk:
            return
        count -= len(chunk)


class _Empty:
    def read(self, size: int = -1) -> bytes:
        return b""

    def close(self) -> None:
        pass
