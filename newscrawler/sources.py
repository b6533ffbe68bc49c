"""What to crawl: sources from a TOML file or from URLs given on the command line."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class SourceError(ValueError):
    """A sources file or URL list the crawler cannot use; the message says how to fix it."""


@dataclass(frozen=True)
class Source:
    name: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...] = field(default_factory=tuple)
    timezone: str | None = None
    language: str | None = None


def sources_from_urls(urls: str) -> list[Source]:
    """One source per host for ``-a url=URL[,URL...]``; the host is the source's name."""
    by_host: dict[str, list[str]] = {}
    for url in (part.strip() for part in urls.split(",")):
        if not url:
            continue
        by_host.setdefault(_host_of(url), []).append(url)
    if not by_host:
        raise SourceError("-a url= was given no URL; pass -a url=https://example.com/news")
    return [Source(name=host, start_urls=tuple(found), allowed_domains=(host,)) for host, found in by_host.items()]


def load_sources(path: str | Path) -> list[Source]:
    """Read ``[[source]]`` tables from a TOML file (see the README for the format)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(f"sources file {path} not found; create it or pass -a url=URL") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(f"cannot read sources file {path}: {exc}") from None
    tables = data.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise SourceError(f"{path} lists no [[source]]; add one or pass -a url=URL")
    return [_source_from_table(table, path, number) for number, table in enumerate(tables, 1)]


def _source_from_table(table: dict, path: Path, number: int) -> Source:
    where = f"{path}: source #{number}"
    urls = table.get("start_urls") or ([table["url"]] if "url" in table else [])
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise SourceError(f"{where} needs start_urls = [\"https://...\"]")
    hosts = [_host_of(url, where) for url in urls]
    domains = table.get("allowed_domains") or sorted(set(hosts))
    timezone = table.get("timezone")
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SourceError(f"{where}: unknown timezone {timezone!r}; use an IANA name like 'Asia/Kolkata'") from None
    return Source(
        name=str(table.get("name") or hosts[0]),
        start_urls=tuple(urls),
        allowed_domains=tuple(domains),
        timezone=timezone,
        language=table.get("language"),
    )


def _host_of(url: str, where: str = "-a url=") -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError(f"{where}: {url!r} is not an http(s) URL; give a full URL like https://example.com/")
    return parts.hostname


def resolve_sources(url: str | None, sources_path: str | None, default_path: str | Path) -> list[Source]:
    """``-a url=`` wins over ``-a sources=``, which wins over the NEWS_SOURCES setting."""
    if url:
        return sources_from_urls(url)
    return load_sources(sources_path or default_path)
