"""Helpers for the cron and hostile-input tests: a scriptable loopback server and crawl runs.

The demo server serves files; hostile behaviour (bombs, Retry-After, redirect
loops, wrong charsets) needs answers chosen per path, hence this small server.
It binds loopback addresses only and logs every request so tests can count.
"""

from __future__ import annotations

import ipaddress
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.helpers import FAST_CRAWL, REPO_ROOT


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})


Route = Reply | Callable[[str, dict[str, str]], Reply]
"""A fixed reply, or a function of (path with query, request headers) giving one."""


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    status: int
    time: float = field(default_factory=time.monotonic)


class RouteServer:
    """Answer GETs from a {path: Route} table (``{{BASE}}`` in bodies becomes the base URL); 404 otherwise."""

    def __init__(self, routes: dict[str, Route], host: str = "127.0.0.1") -> None:
        assert ipaddress.ip_address(host).is_loopback, "tests only ever talk to loopback"
        self.routes = routes
        self.seen: list[Seen] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                route = owner.routes.get(self.path) or owner.routes.get(self.path.split("?", 1)[0])
                headers = dict(self.headers)
                reply = route(self.path, headers) if callable(route) else route or Reply(404, b"not found")
                body = reply.body.replace(b"{{BASE}}", owner.base_url.rstrip("/").encode())
                owner.seen.append(Seen(self.path, headers, reply.status))
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value.replace("{{BASE}}", owner.base_url.rstrip("/")))
                    if "Content-Length" not in reply.headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if reply.status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                """A crawler hanging up on an oversized body is expected here, not worth a traceback."""

        self.server = Server((host, 0), Handler)
        self.base_url = f"http://{host}:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def paths(self) -> list[str]:
        return [seen.path for seen in self.seen]


@contextmanager
def serve_routes(routes: dict[str, Route], host: str = "127.0.0.1") -> Iterator[RouteServer]:
    server = RouteServer(routes, host)
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


TODAY = datetime.now(timezone.utc).strftime("%Y-%m-%d")

WORDS = (
    "council budget river harbour election farmers monsoon railway minister court school hospital market "
    "festival drought bridge airport village factory students teachers police weather cricket museum forest "
    "coastline election-day parliament tariffs exports rainfall highway tunnel satellite vaccine library"
).split()


def page(title: str, number: int = 0, links: tuple[str, ...] = ()) -> bytes:
    """A plain news article page; ``number`` varies the wording so pages are not near-duplicates."""
    paragraphs = []
    for n in range(6):
        words = [WORDS[(number * 7 + n * 3 + k * k) % len(WORDS)] for k in range(14)]
        paragraphs.append(
            f"<p>{title} ({n + 1}): officials said the {words[0]} and the {words[1]} plans would change after the "
            f"{words[2]} review, while residents near the {words[3]} asked about the {words[4]}, "
            f"the {words[5]}, the {words[6]} and the {words[7]} before the {words[8]} vote on {words[9]}.</p>"
        )
    anchors = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
        f'<meta property="og:type" content="article"></head><body><ul>{anchors}</ul>'
        f"<article><h1>{title}</h1><p class=byline>By Staff Reporter</p>"
        f'<time datetime="2026-11-20T10:00:00+00:00">20 Nov 2026</time>{"".join(paragraphs)}</article></body></html>'
    ).encode()


def listing(title: str, links: list[str]) -> bytes:
    """A section page: a list of headlines linking to articles."""
    items = "".join(f'<li><a href="{link}">Headline {n}: {link}</a></li>' for n, link in enumerate(links))
    return f"<!doctype html><html lang=en><head><title>{title}</title></head><body><h1>{title}</h1><ul>{items}</ul></body></html>".encode()


def sitemap(entries: list[tuple[str, str]]) -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>" for loc, lastmod in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def build_site(root: Path, articles: int, in_sitemap_only: tuple[int, ...] = ()) -> None:
    """Home and one section page link the articles; the sitemap lists them all with today's lastmod."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "section").mkdir(exist_ok=True)
    linked = [f"/articles/story-{n}.html" for n in range(1, articles + 1) if n not in in_sitemap_only]
    (root / "index.html").write_bytes(listing("Front page", ["/section/world.html", *linked[:3]]))
    (root / "section" / "world.html").write_bytes(listing("World", linked))
    for n in range(1, articles + 1):
        (root / "articles" / f"story-{n}.html").write_bytes(page(f"Story number {n} of the day", n))
    entries = [("{{BASE_URL}}" + f"articles/story-{n}.html", TODAY) for n in range(1, articles + 1)]
    (root / "sitemap.xml").write_bytes(sitemap(entries))
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")


def start_args(site) -> str:
    return f"url={site.base_url},{site.base_url}sitemap.xml"


def crawl_command(data_dir: Path, *spider_args: str, settings: dict[str, str] | None = None) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "news"]
    for arg in spider_args:
        command += ["-a", arg]
    for name, value in {**FAST_CRAWL, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    return command


def start_crawl(data_dir: Path, *spider_args: str, settings: dict[str, str] | None = None) -> subprocess.Popen:
    """Start `scrapy crawl news` without waiting (for lock and signal tests)."""
    env = {**os.environ, "NEWS_DATA": str(data_dir)}
    return subprocess.Popen(
        crawl_command(data_dir, *spider_args, settings=settings), cwd=REPO_ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def wait_for(condition: Callable[[], bool], timeout: float = 30, interval: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(interval)


def archive_lines(data_dir: Path) -> list[dict]:
    """Every complete record line of the archive, in order (a torn last line is skipped)."""
    path = data_dir / "archive.jsonl"
    if not path.exists():
        return []
    records = []
    for line in path.read_bytes().splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def archive_ids(data_dir: Path) -> list[str]:
    """The article id of every archive line (an article written again shows up again)."""
    return [record["id"] for record in archive_lines(data_dir)]


def repeated_copies(data_dir: Path) -> list[str]:
    """Articles written to the archive again with unchanged text: the "stored twice" a crash must not cause.

    A later line with other text or more URLs is a legitimate new version that supersedes the earlier one.
    """
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    repeated = []
    for record in archive_lines(data_dir):
        key = (record["id"], record["content_hash"], tuple(sorted(record["urls"])))
        if key in seen:
            repeated.append(record["id"])
        seen.add(key)
    return repeated
