"""DNS resolver that will not hand the downloader a private address for an untrusted host name.

The network guard middleware checks a host's addresses when a request is
scheduled; a DNS server can answer differently a moment later, when the
download connects (DNS rebinding). This resolver (setting TWISTED_DNS_RESOLVER)
checks the address actually used for the connection. Trusted: the hosts of the
configured start URLs and NETWORK_GUARD_TRUSTED_HOSTS.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from newscrawler.middlewares.network_guard import is_public

logger = logging.getLogger(__name__)


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, failing lookups that land on non-public addresses."""

    def __init__(
        self,
        reactor: Any,
        cache_size: int,
        timeout: float,
        trusted_hosts: Iterable[str] = (),
        source_hosts: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.trusted_hosts = {host.lower() for host in trusted_hosts}
        self.source_hosts = source_hosts

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        """``crawler`` is the CrawlerProcess here (Scrapy builds resolvers before any crawler)."""
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0

        def source_hosts() -> Iterable[str]:
            for running in getattr(crawler, "crawlers", ()):
                for source in getattr(running.spider, "sources", ()):
                    yield from (urlsplit(url).hostname or "" for url in source.start_urls)

        return cls(reactor, cache_size, settings.getfloat("DNS_TIMEOUT"),
                   settings.getlist("NETWORK_GUARD_TRUSTED_HOSTS"), source_hosts)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802 - Twisted's name
        return super().getHostByName(name, timeout).addCallback(self._checked, name)

    def _checked(self, address: str, name: str) -> str:
        if is_public(ipaddress.ip_address(address)) or self._trusted(name):
            return address
        # Twisted replaces this error's text with a generic "no results": say it in the log.
        logger.warning("refused %(name)s: resolves to non-public address %(address)s", {"name": name, "address": address})
        raise DNSLookupError(f"{name} resolves to non-public address {address}: refused")

    def _trusted(self, name: str) -> bool:
        name = name.lower()
        return name in self.trusted_hosts or name in {host.lower() for host in self.source_hosts()}
