"""Test helpers: WARC files of news pages written with warcio (as other archives are), served with Range."""

from __future__ import annotations

import io
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.cronhelpers import Reply

HTML = [("Content-Type", "text/html; charset=utf-8")]


def write_warc(path: Path, pages: list[tuple[str, bytes]], fetched: datetime) -> Path:
    """A gzip WARC as crawlers write it: per page a request and a response, plus an image and a 404."""
    path.parent.mkdir(parents=True, exist_ok=True)
    date = fetched.strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        extra = [("https://img.example/logo.png", b"\x89PNG....", "image/png", "200 OK"),
                 ("https://news-a.example/gone.html", b"<html>gone</html>", "text/html", "404 Not Found")]
        for url, body in pages + [(u, b) for u, b, _, _ in extra]:
            content_type, status = next(((t, s) for u, _, t, s in extra if u == url), ("text/html; charset=utf-8", "200 OK"))
            parts = urlsplit(url)
            request = StatusAndHeaders(f"GET {parts.path or '/'} HTTP/1.1", [("Host", parts.netloc)], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request,
                                                          warc_headers_dict={"WARC-Date": date}))
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                          warc_headers_dict={"WARC-Date": date}))
    return path


def ranged(path: Path):
    """A route serving a file with ``Range: bytes=N-`` support, as object stores do."""
    def reply(_path: str, headers: dict[str, str]) -> Reply:
        data = path.read_bytes()
        wanted = headers.get("Range", "")
        if wanted.startswith("bytes="):
            start = int(wanted[6:].split("-", 1)[0])
            return Reply(206, data[start:], {"Content-Type": "application/octet-stream",
                                             "Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"})
        return Reply(200, data, {"Content-Type": "application/octet-stream"})
    return reply


def stalled(seconds: float):
    """A route whose server accepts the request, then says nothing for ``seconds``."""
    def reply(_path: str, _headers: dict[str, str]) -> Reply:
        time.sleep(seconds)
        return Reply(200, b"", {"Content-Type": "application/octet-stream"})
    return reply
