"""A crawlable news site built from real pages, served on many loopback hosts.

Each page of the site is a copy of a real page made a page of its own, so the
crawler has to store every copy: its own URL (the original's canonical link and
og:url removed, the original URL replaced by the copy's), and a token of its own
in every paragraph (after every `<p>` and `<br>`), the title, the headline and the JSON-LD headline and body, so
that neither exact nor near-duplicate detection folds copies together.

``python -m benchmarks.crawlsite DIR HOSTS`` serves ``DIR/<n>/`` on 127.0.0.<n+2>
with Twisted's static file server and prints one base URL per line.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_CANONICAL = re.compile(r"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", re.I)
_OG_URL = re.compile(r"<meta\b[^>]*\b(?:property|name)\s*=\s*[\"']og:url[\"'][^>]*>", re.I)
_TITLE_META = re.compile(r"(<meta\b[^>]*\b(?:property|name)\s*=\s*[\"'](?:og|twitter):title[\"'][^>]*\bcontent\s*=\s*[\"'])", re.I)
_TEXT_OPENERS = re.compile(r"(<(?:p|h1|title|br)\b[^>]*>)", re.I)
_JSONLD_TEXT = re.compile(r"(\"(?:headline|articleBody)\"\s*:\s*\")")
_JSONLD_SENTENCE = re.compile(r"(\"articleBody\"\s*:\s*\")((?:[^\"\\]|\\.)*)")
_SLUG_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Page:
    """One real page to copy: its HTML and the URL it was published at."""

    html: str
    url: str


def copy_path(original_url: str, number: int) -> str:
    """A site path shaped like the original's (dated folders, slug), made unique by ``number``."""
    parts = [part for part in urlsplit(original_url).path.split("/") if part]
    if parts:
        parts[-1] = parts[-1].rsplit(".", 1)[0]
    segments = [slug for part in parts if (slug := _SLUG_CHARS.sub("-", part).strip("-"))] or ["story"]
    return "/" + "/".join([*segments[:-1], f"{segments[-1][:80]}-{number}.html"])


def unique_copy(page: Page, new_url: str, token: str) -> str:
    """The page as published at ``new_url``, with ``token`` in every paragraph and title."""
    html = _CANONICAL.sub("", page.html)
    html = _OG_URL.sub("", html)
    if page.url:
        html = html.replace(page.url, new_url)
    html = _TEXT_OPENERS.sub(lambda m: f"{m.group(1)}{token} ", html)
    html = _TITLE_META.sub(lambda m: f"{m.group(1)}{token} ", html)
    html = _JSONLD_SENTENCE.sub(lambda m: m.group(1) + m.group(2).replace(". ", f". {token} "), html)
    return _JSONLD_TEXT.sub(lambda m: f"{m.group(1)}{token} ", html)


def build_site(pages: list[Page], root: Path, count: int, hosts: int, port: int) -> list[str]:
    """Write ``count`` copies spread over ``hosts`` host folders; return each host's sitemap URL."""
    urls: list[list[str]] = [[] for _ in range(hosts)]
    for number in range(count):
        page = pages[number % len(pages)]
        host = number % hosts
        base = f"http://127.0.0.{host + 2}:{port}"
        path = copy_path(page.url, number)
        url = base + path
        target = root / str(host) / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(unique_copy(page, url, f"uq{number:05d}z"), encoding="utf-8")
        urls[host].append(url)
    sitemaps = []
    for host, host_urls in enumerate(urls):
        base = f"http://127.0.0.{host + 2}:{port}"
        locs = "".join(f"<url><loc>{url}</loc></url>\n" for url in host_urls)
        (root / str(host) / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{locs}</urlset>\n',
            encoding="utf-8",
        )
        (root / str(host) / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n")
        sitemaps.append(f"{base}/sitemap.xml")
    return sitemaps


def serve(root: Path, hosts: int, port: int) -> None:
    """Serve each host folder on its own loopback address until killed."""
    from twisted.internet import reactor
    from twisted.web.server import Site
    from twisted.web.static import File

    for host in range(hosts):
        resource = File(str(root / str(host)), defaultType="text/html")
        resource.contentTypes[".xml"] = "application/xml"
        reactor.listenTCP(port, Site(resource), interface=f"127.0.0.{host + 2}")
    print("serving", flush=True)
    reactor.run()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
