"""Slow loopback news sites for the distributed crawl: many hosts, a fixed delay per response.

Each host is a server on its own loopback address (127.0.0.2, 127.0.0.3, ...), so
Scrapy and the frontier see distinct hosts, as on the web. Every answer waits
``delay`` seconds first, standing in for a remote server; the sites count every
request per path and the most requests any host had in flight at once, so a run
can check "fetched once" and "politeness over all nodes" from the server side.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VOCABULARY = (
    "harbour council budget river election farmers monsoon railway minister court school hospital market "
    "festival drought bridge airport village factory students teachers police weather cricket museum forest "
    "coastline parliament tariffs exports rainfall highway tunnel satellite vaccine library reservoir "
    "pension transit housing wages ferry orchard vineyard startup battery solar turbine clinic nurses "
    "archive theatre stadium lottery customs refinery glacier pilgrims tourism fishermen textile bakery "
    "dockyard lighthouse courthouse mayor senator ministry union strike inflation interest lender"
).split()


def article_html(host: int, number: int) -> bytes:
    """A plain article page whose wording is its own (no two pages are near-duplicates)."""
    pick = random.Random(host * 100_003 + number)
    title = f"Host {host} story {number}: {' '.join(pick.sample(VOCABULARY, 4))}"
    paragraphs = "".join(
        "<p>" + " ".join(pick.choice(VOCABULARY) for _ in range(40)).capitalize() + ".</p>" for _ in range(6)
    )
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
        f'<meta property="og:type" content="article"></head><body><article><h1>{title}</h1>'
        f'<p class=byline>By Staff Reporter</p><time datetime="2026-11-20T10:00:00+00:00">20 Nov 2026</time>'
        f"{paragraphs}</article></body></html>"
    ).encode()


def home_html(articles: int) -> bytes:
    links = "".join(f'<li><a href="/news/{n}.html">Story {n}</a></li>' for n in range(articles))
    return f"<!doctype html><html lang=en><head><title>Home</title></head><body><h1>Latest</h1><ul>{links}</ul></body></html>".encode()


def _robots(crawl_delay: float | None) -> bytes:
    return b"User-agent: *\nAllow: /\n" + (f"Crawl-delay: {crawl_delay}\n".encode() if crawl_delay else b"")


class SlowHost:
    """One site: ``/``, ``/robots.txt`` and ``/news/<n>.html``, each answered after ``delay`` seconds."""

    def __init__(self, number: int, articles: int, delay: float, robots: bytes) -> None:
        self.number = number
        self.requests: Counter[str] = Counter()
        self.arrived: list[tuple[str, float]] = []
        """(path, monotonic time the request came in) for every request."""
        self.served: list[tuple[str, float]] = []
        """(path, monotonic time the answer was sent) for every request."""
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        pages = {"/": home_html(articles), "/robots.txt": robots}
        pages.update({f"/news/{n}.html": article_html(number, n) for n in range(articles)})
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                with owner.lock:
                    owner.arrived.append((self.path, time.monotonic()))
                    owner.requests[self.path] += 1
                    owner.in_flight += 1
                    owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
                try:
                    time.sleep(delay)
                    body = pages.get(self.path)
                    kind = "text/plain" if self.path == "/robots.txt" else "text/html; charset=utf-8"
                    self.send_response(200 if body is not None else 404)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body or b"")))
                    self.end_headers()
                    self.wfile.write(body or b"")
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with owner.lock:
                        owner.in_flight -= 1
                        owner.served.append((self.path, time.monotonic()))

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        self.server = Server((f"127.0.0.{number}", 0), Handler)
        self.url = f"http://127.0.0.{number}:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def pages_fetched(self) -> Counter[str]:
        """Requests per page, robots.txt left out."""
        return Counter({path: count for path, count in self.requests.items() if path != "/robots.txt"})


@contextmanager
def slow_sites(hosts: int, articles: int, delay: float, crawl_delays: dict[int, float] | None = None,
               ) -> Iterator[list[SlowHost]]:
    """``hosts`` sites on 127.0.0.2 ... with ``articles`` articles each; ``crawl_delays``: site index ->
    the Crawl-delay its robots.txt asks for."""
    sites = [SlowHost(2 + n, articles, delay, _robots((crawl_delays or {}).get(n))) for n in range(hosts)]
    for site in sites:
        site.thread.start()
    try:
        yield sites
    finally:
        for site in sites:
            site.server.shutdown()
            site.server.server_close()
