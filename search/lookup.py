"""Finding one article by any of its URLs, as typed or pasted by a user."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from whoosh import query as wq
from whoosh.searching import Searcher

from search.documents import to_record
from search.index import open_searcher

_DEFAULT_PORTS = {"http": 80, "https": 443}


def url_candidates(url: str) -> list[str]:
    """The URL as given, as the crawler normalises it (tracking parameters, AMP
    forms ...), and lightly normalised: lower-case scheme and host, no default
    port, no fragment, with and without a trailing slash."""
    url = url.strip()
    candidates = [url, *_crawler_forms(url)]
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return candidates
    if not parts.scheme or not parts.netloc:
        return candidates
    host = (parts.hostname or "").lower()
    if port and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    path = parts.path or "/"
    base = urlunsplit((parts.scheme.lower(), host, path, parts.query, ""))
    candidates.append(base)
    if path.endswith("/") and path != "/":
        candidates.append(urlunsplit((parts.scheme.lower(), host, path.rstrip("/"), parts.query, "")))
    elif not path.endswith("/"):
        candidates.append(urlunsplit((parts.scheme.lower(), host, path + "/", parts.query, "")))
    if path == "/":
        candidates.append(urlunsplit((parts.scheme.lower(), host, "", parts.query, "")))
    return list(dict.fromkeys(candidates))


def _crawler_forms(url: str) -> list[str]:
    """The identity the crawler stored ``url`` under (imported here: courlan costs ~80 ms at start)."""
    from search.urls import article_identity, normalize_url

    try:
        return [normalize_url(url), article_identity(url, None, None)]
    except ValueError:
        return []


def find_docnum(searcher: Searcher, url: str) -> int | None:
    """The document number of the article known by ``url``, or None."""
    for candidate in url_candidates(url):
        for docnum in searcher.docs_for_query(wq.Term("urlkey", candidate)):
            return docnum
    return None


def lookup(data_dir: Path, url: str) -> dict | None:
    """The stored record of the article known by ``url``, or None (for the crawler and scripts)."""
    with open_searcher(data_dir) as searcher:
        docnum = find_docnum(searcher, url)
        return None if docnum is None else to_record(searcher.stored_fields(docnum))
