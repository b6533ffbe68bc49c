"""A static file server for loopback only: serves the demo site (or any directory) to the crawler.

Why not ``python -m http.server``: the demo needs what real news sites send
(feed and sitemap content types, ETag/Last-Modified with 304 answers), absolute
URLs that carry the port chosen at serve time (the ``{{BASE_URL}}`` placeholder
in .html/.xml/.txt files is replaced on the fly), a log of every request so
tests can count fetches, and a guarantee that it never listens beyond 127.0.0.0/8.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import ipaddress
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from newscrawler.demo import BASE_URL_PLACEHOLDER, SITE_DIR

TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
}
"""Types whose files get the base-URL placeholder replaced."""

OTHER_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
    ".gz": "application/gzip",
}

FEED_TYPES = {b"rss": "application/rss+xml; charset=utf-8", b"feed": "application/atom+xml; charset=utf-8"}
"""XML root element -> feed content type; other XML (sitemaps) stays application/xml."""


class ServedRequest(NamedTuple):
    """One answered request, as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    status: int


def loopback_address(host: str) -> str:
    """Return ``host`` as a loopback IP literal, or raise ValueError.

    Only literals and "localhost" are accepted, so checking never needs DNS.
    """
    literal = "127.0.0.1" if host == "localhost" else host
    try:
        address = ipaddress.ip_address(literal.strip("[]"))
    except ValueError:
        raise ValueError(f"refusing to serve on {host!r}: give a loopback IP such as 127.0.0.1") from None
    if not address.is_loopback:
        raise ValueError(f"refusing to serve on {host!r}: only loopback addresses (127.0.0.0/8, ::1) are allowed")
    return str(address)


def _root_element(body: bytes) -> bytes:
    """Name of the first element of an XML document (prolog, comments and namespace prefix skipped)."""
    position = 0
    while True:
        start = body.find(b"<", position)
        if start < 0 or start + 1 >= len(body):
            return b""
        if body[start + 1 : start + 2] not in (b"?", b"!"):
            name = body[start + 1 :].split(None, 1)[0].split(b">", 1)[0].rstrip(b"/")
            return name.rsplit(b":", 1)[-1]
        position = start + 1


def content_type(path: Path, body: bytes) -> str:
    """Content-Type for a served file; XML feeds are told apart from sitemaps by their root element."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return FEED_TYPES.get(_root_element(body), TEXT_TYPES[".xml"])
    return TEXT_TYPES.get(suffix) or OTHER_TYPES.get(suffix, "application/octet-stream")


class _Handler(BaseHTTPRequestHandler):
    """GET/HEAD of files below the server's root; everything else is the stock 501."""

    server: _SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "newscrawler-demo"

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        url_path = urlsplit(self.path).path
        target = self.server.resolve(url_path)
        if target is None:
            self._send_plain(HTTPStatus.NOT_FOUND, b"404 Not Found\n", send_body)
            return
        if target.is_dir():
            if not url_path.endswith("/"):
                self._redirect(url_path + "/")
                return
            target = target / "index.html"
            if not target.is_file():
                self._send_plain(HTTPStatus.NOT_FOUND, b"404 Not Found\n", send_body)
                return
        body = target.read_bytes()
        if target.suffix.lower() in TEXT_TYPES:
            body = body.replace(BASE_URL_PLACEHOLDER.encode(), self.server.base_url.encode())
        # The ETag hashes the bytes as served: the same file gives other bytes on another port.
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        modified = int(target.stat().st_mtime)
        if self._not_modified(etag, modified):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._send_validators(etag, modified)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type(target, body))
        self.send_header("Content-Length", str(len(body)))
        self._send_validators(etag, modified)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_validators(self, etag: str, modified: int) -> None:
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(modified, usegmt=True))

    def _not_modified(self, etag: str, modified: int) -> bool:
        """RFC 9110: If-None-Match wins over If-Modified-Since when both are sent."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = email.utils.parsedate_to_datetime(if_modified_since).timestamp()
            except (TypeError, ValueError):
                return False
            return modified <= since
        return False

    def _redirect(self, location: str) -> None:
        query = urlsplit(self.path).query
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location + ("?" + query if query else ""))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_plain(self, status: HTTPStatus, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.record(
            ServedRequest(self.command or "", self.path or "", dict(self.headers or {}), int(code))
        )
        super().log_request(code, size)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        if self.server.verbose:
            super().log_message(format, *args)


class _SiteServer(ThreadingHTTPServer):
    """Holds the site root, the base URL and the request log shared by handler threads."""

    daemon_threads = True

    def __init__(self, root: Path, address: tuple[str, int], verbose: bool) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)
        self.root = root.resolve()
        self.verbose = verbose
        self._log: list[ServedRequest] = []
        self._lock = threading.Lock()
        host, port = self.server_address[:2]
        self.base_url = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def resolve(self, url_path: str) -> Path | None:
        """Map a URL path to a file or directory under the root; None if missing or outside it."""
        parts = [part for part in unquote(url_path).split("/") if part]
        if any(part in (".", "..") or "\\" in part or "\x00" in part for part in parts):
            return None
        candidate = self.root.joinpath(*parts)
        try:
            resolved = candidate.resolve()
        except OSError:
            return None
        if not resolved.is_relative_to(self.root) or not resolved.exists():
            return None
        return resolved

    def record(self, entry: ServedRequest) -> None:
        with self._lock:
            self._log.append(entry)

    def snapshot(self) -> list[ServedRequest]:
        with self._lock:
            return list(self._log)


class StaticSite:
    """A running loopback server for one directory; use ``serve_site`` to get one that stops itself."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0, verbose: bool = False) -> None:
        if not Path(root).is_dir():
            raise ValueError(f"not a directory: {root}")
        self._server = _SiteServer(Path(root), (loopback_address(host), port), verbose)
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-site", daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/``, with the trailing slash."""
        return self._server.base_url

    @property
    def requests(self) -> list[ServedRequest]:
        """A copy of the requests answered so far, oldest first."""
        return self._server.snapshot()

    def stop(self) -> None:
        """Stop serving and free the port; safe to call twice."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()

    def __enter__(self) -> StaticSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@contextmanager
def serve_site(root: Path, host: str = "127.0.0.1", port: int = 0, verbose: bool = False) -> Iterator[StaticSite]:
    """Serve ``root`` on a loopback address while the block runs (port 0 picks a free port)."""
    site = StaticSite(root, host, port, verbose)
    try:
        yield site
    finally:
        site.stop()


def main(argv: list[str] | None = None) -> int:
    """CLI: serve a directory until killed; the first stdout line is the base URL."""
    parser = argparse.ArgumentParser(
        prog="python -m newscrawler.demo.server",
        description="Serve a static site on loopback only, replacing {{BASE_URL}} in .html/.xml/.txt files.",
    )
    parser.add_argument("root", nargs="?", type=Path, default=SITE_DIR, help="directory to serve (default: the demo site)")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default: 0, a free one)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    try:
        site = StaticSite(args.root, args.host, args.port, args.verbose)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(site.base_url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
