"""Answer requests for archived pages (``-a warc=``, ``-a ccnews=``) from the archive, never the network.

First in the chain: the response is built from the WARC record the request
carries, so robots.txt, the network guard, delays and retries (all about
talking to a live site) never see it; the response middlewares and everything
after them (spider, pipelines, summary) treat it like any fetched page.
"""

from __future__ import annotations

import ipaddress

from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawler.warc.reader import ArchivedResponse
from newscrawler.warc.writer import WIRE_ONLY_HEADERS

ARCHIVED_META = "news_archived"
"""Request meta key holding the :class:`ArchivedResponse` to answer with."""
REPLAYED_FLAG = "archived"
"""Response flag: read from an archive, so not a fetch to remember for conditional requests."""


class WarcReplayMiddleware:
    """Turn a request carrying an archived response into that response."""

    def process_request(self, request: Request) -> HtmlResponse | None:
        archived: ArchivedResponse | None = request.meta.pop(ARCHIVED_META, None)
        if archived is None:
            return None
        headers = [(name, value) for name, value in archived.headers if name.lower() not in WIRE_ONLY_HEADERS]
        return HtmlResponse(
            url=request.url, status=archived.status, headers=headers, body=archived.body, request=request,
            flags=[REPLAYED_FLAG], ip_address=_ip(archived.ip_address),
        )


def _ip(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value) if value else None
    except ValueError:
        return None
