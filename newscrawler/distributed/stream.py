"""Articles from the crawl nodes to the one store, through a Redis stream with a consumer group.

Nodes append each extracted, cleaned article (``XADD``), with the response it
came in for the store's WARC files; the store reads them in
the group ``store`` and acknowledges an entry only after the article is in the
archive (or found to be a duplicate), then deletes it. Entries the store read
and did not acknowledge (it was killed) are read again first when it restarts;
the dedupe state then recognises what the archive already holds, so nothing is
lost and nothing is stored twice.
"""

from __future__ import annotations

import base64
import dataclasses
import ipaddress
import json
from typing import Any

import redis
from scrapy_redis.pipelines import RedisPipeline
from scrapy.http import Headers, Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newscrawler.distributed.connection import connect
from newscrawler.items import ArticleItem

GROUP = "store"
CONSUMER = "store"
"""One consumer name: the single writer that restarts finds its own unacknowledged entries."""
FIELD = b"article"


def stream_key(prefix: str) -> str:
    return f"{prefix}:items"


class StreamPipeline(RedisPipeline):
    """The node's last pipeline: hand the article to the store (in place of dedupe, WARC and storage)."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> StreamPipeline:
        settings = crawler.settings
        client = connect(settings.get("NEWS_REDIS_URL"), settings.getfloat("NEWS_REDIS_MAX_WAIT"))
        return cls(client, key=stream_key(settings.get("NEWS_REDIS_PREFIX")), serialize_func=encode_article)

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        """In a thread, as scrapy-redis does: a Redis outage must not stop the reactor."""
        return await maybe_deferred_to_future(deferToThread(self._process_item, item, None))

    def _process_item(self, item: ArticleItem, spider: Any) -> ArticleItem:
        self.server.xadd(self.key, {FIELD: self.serialize(item)})
        item.response = None
        return item


def encode_article(item: ArticleItem) -> bytes:
    """The item as JSON; its response (for the store's WARC files) as the parts a WARC record needs."""
    fields = {field.name: getattr(item, field.name) for field in dataclasses.fields(item) if field.name != "response"}
    response = item.response
    if isinstance(response, Response):
        request = response.request
        fields["response"] = {
            "url": response.url, "status": response.status, "headers": _headers(response.headers),
            "body": base64.b64encode(response.body).decode("ascii"),
            "ip_address": str(response.ip_address) if response.ip_address else None,
            "method": request.method if request is not None else "GET",
            "request_headers": _headers(request.headers) if request is not None else [],
        }
    return json.dumps(fields, ensure_ascii=False).encode()


def decode_article(data: bytes) -> ArticleItem:
    fields = json.loads(data)
    sent = fields.pop("response", None)
    item = ArticleItem(**fields)
    if sent:
        request = Request(sent["url"], method=sent["method"], headers=_header_pairs(sent["request_headers"]))
        item.response = Response(sent["url"], status=sent["status"], headers=_header_pairs(sent["headers"]),
                                 body=base64.b64decode(sent["body"]), request=request,
                                 ip_address=ipaddress.ip_address(sent["ip_address"]) if sent["ip_address"] else None)
    return item


def _headers(headers: Headers) -> list[list[str]]:
    return [[name.decode("latin-1"), value.decode("latin-1")] for name, values in headers.items() for value in values]


def _header_pairs(pairs: list[list[str]]) -> Headers:
    headers = Headers()
    for name, value in pairs:
        headers.appendlist(name, value)
    return headers


class ArticleStream:
    """The store's side: read entries not yet acknowledged, then new ones; acknowledge when stored."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.client = client
        self.key = stream_key(prefix)
        try:
            client.xgroup_create(self.key, GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self.backlog = True
        """Start with what a previous store read and never acknowledged."""

    def read(self, count: int, block_ms: int) -> list[tuple[bytes, ArticleItem]]:
        """Up to ``count`` entries, waiting up to ``block_ms`` for new ones."""
        if self.backlog:
            entries = self._read("0", count, None)
            if entries:
                return entries
            self.backlog = False
        return self._read(">", count, block_ms)

    def _read(self, start: str, count: int, block_ms: int | None) -> list[tuple[bytes, ArticleItem]]:
        answer = self.client.xreadgroup(GROUP, CONSUMER, {self.key: start}, count=count, block=block_ms)
        entries = [(entry_id, fields) for _, stream in answer or [] for entry_id, fields in stream]
        # An entry acknowledged and deleted comes back empty if the store died between the two.
        self.acknowledge([entry_id for entry_id, fields in entries if not fields])
        return [(entry_id, _article(fields)) for entry_id, fields in entries if fields]

    def acknowledge(self, entry_ids: list[bytes]) -> None:
        if entry_ids:
            with self.client.pipeline() as pipe:
                pipe.xack(self.key, GROUP, *entry_ids)
                pipe.xdel(self.key, *entry_ids)
                pipe.execute()

    def waiting(self) -> int:
        return int(self.client.xlen(self.key))


def _article(fields: dict[bytes, bytes]) -> ArticleItem:
    return decode_article(fields[FIELD])


