"""Downloader middleware: never fetch from private, loopback, link-local or metadata addresses.

A news page, a sitemap or a redirect can point the crawler at ``169.254.169.254``
or at a host whose DNS name resolves into the local network (SSRF). Every
request, redirects included, is checked on the addresses its host resolves
to, not on the URL's spelling; hosts of configured sources are trusted as
given, so a demo site on 127.0.0.1 still works. Only http and https are fetched.

The addresses are checked when the request is scheduled; a DNS server
answering differently a moment later (rebinding) is caught by the resolver in
``newscrawler.middlewares.resolver``, which checks again where the download connects.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached

from newscrawler.middlewares.sourcestats import count_for_source

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: IPAddress) -> bool:
    """True for addresses on the public internet; private, loopback, link-local, reserved... are not."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class NetworkGuardMiddleware:
    """Refuse non-http(s) URLs and hosts resolving to non-public addresses, unless the host is trusted."""

    def __init__(self, trusted_hosts: Iterable[str] = (), schemes: Iterable[str] = ("http", "https"), stats: Any = None):
        self.trusted_hosts = {host.lower() for host in trusted_hosts}
        self.schemes = frozenset(schemes)
        self.stats = stats
        self._resolved: dict[str, list[IPAddress]] = {}
        self._warned: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> NetworkGuardMiddleware:
        settings = crawler.settings
        if not settings.getbool("NETWORK_GUARD_ENABLED"):
            raise NotConfigured
        middleware = cls(settings.getlist("NETWORK_GUARD_TRUSTED_HOSTS"), stats=crawler.stats)
        crawler.signals.connect(middleware.trust_sources, signal=signals.spider_opened)
        return middleware

    def trust_sources(self, spider: Any) -> None:
        """The hosts of the configured start URLs are the user's choice, private or not."""
        for source in getattr(spider, "sources", ()):
            for url in source.start_urls:
                host = urlsplit(url).hostname
                if host:
                    self.trusted_hosts.add(host.lower())

    async def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in self.schemes:
            self._refuse(request, f"scheme {parts.scheme!r} is not fetched")
        host = (parts.hostname or "").lower()
        if not host:
            self._refuse(request, "no host")
        if host in self.trusted_hosts:
            return
        addresses = await self._addresses(host, parts.port or (443 if parts.scheme == "https" else 80))
        if not addresses:
            self._refuse(request, f"{host} does not resolve")
        private = [str(address) for address in addresses if not is_public(address)]
        if private:
            self._refuse(request, f"{host} resolves to non-public address {', '.join(private)}")

    async def _addresses(self, host: str, port: int) -> list[IPAddress]:
        if host not in self._resolved:
            try:
                self._resolved[host] = [ipaddress.ip_address(host.strip("[]"))]
            except ValueError:
                self._resolved[host] = await _resolve(host, port)
        return self._resolved[host]

    def _refuse(self, request: Request, why: str) -> None:
        host = urlparse_cached(request).hostname or request.url
        if host not in self._warned:
            self._warned.add(host)
            logger.warning("refused %(url)s: %(why)s", {"url": request.url, "why": why})
        if self.stats is not None:
            self.stats.inc_value("newscrawler/network_guard/refused")
        count_for_source(self.stats, request, "refused")
        raise IgnoreRequest(f"network guard: {why}")


async def _resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses of ``host``; an empty list when it does not resolve."""
    try:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a non-asyncio Twisted reactor: resolve in place (cached per host)
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        else:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    addresses = []
    for info in infos:
        try:
            addresses.append(ipaddress.ip_address(info[4][0].split("%", 1)[0]))
        except ValueError:
            continue
    return addresses
