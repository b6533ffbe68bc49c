"""The fetch state (validators, page kinds, listing bodies) in Redis, shared by every crawl node.

Same interface as the SQLite ``FetchState``: a node asks with the validators
another node got, replays a listing another node stored, and skips an article
any node already handed to the store. One hash per URL; it outlives crawl
rounds, as the SQLite file outlives runs.
"""

from __future__ import annotations

import zlib
from typing import Any

import redis

from newscrawler.distributed.connection import connect
from newscrawler.fetchstate import ARTICLE, UNKNOWN, Fetch

FIELDS = ("kind", "etag", "last_modified", "body_hash", "content_type", "fetched", "checked", "listed_date")

_RECORD_FETCH = """
-- KEYS[1] the URL's hash; ARGV: kind if unknown, the article kind, body, n, n field/value pairs, fields to drop.
local key, article = KEYS[1], ARGV[2]
local kind = redis.call('HGET', key, 'kind') or ARGV[1]
local n = tonumber(ARGV[4])
local set = {'kind', kind}
for i = 5, 4 + 2 * n do set[#set + 1] = ARGV[i] end
redis.call('HSET', key, unpack(set))
for i = 5 + 2 * n, #ARGV do redis.call('HDEL', key, ARGV[i]) end
if kind == article then redis.call('HDEL', key, 'body') else redis.call('HSET', key, 'body', ARGV[3]) end
"""
"""One round trip per fetched page where reading the kind first took two (every page is fetched once)."""


class RedisFetchState:
    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self._record_fetch = client.register_script(_RECORD_FETCH)

    @classmethod
    def from_settings(cls, settings: Any) -> RedisFetchState:
        client = connect(settings.get("NEWS_REDIS_URL"), settings.getfloat("NEWS_REDIS_MAX_WAIT"))
        return cls(client, settings.get("NEWS_REDIS_PREFIX"))

    def _key(self, url: str) -> str:
        return f"{self.prefix}:fetch:{url}"

    def get(self, url: str) -> Fetch | None:
        values = dict(zip(FIELDS, self.client.hmget(self._key(url), FIELDS)))
        if values["fetched"] is None:
            return None
        text = {name: value.decode() if value is not None else None for name, value in values.items()}
        return Fetch(url=url, kind=text["kind"] or UNKNOWN, etag=text["etag"], last_modified=text["last_modified"],
                     body_hash=text["body_hash"], content_type=text["content_type"], fetched=float(text["fetched"]),
                     checked=float(text["checked"]), listed_date=text["listed_date"])

    def body(self, url: str) -> bytes | None:
        stored = self.client.hget(self._key(url), "body")
        return zlib.decompress(stored) if stored is not None else None

    def record_fetch(self, url: str, *, etag: str | None, last_modified: str | None, body_hash: str,
                     content_type: str | None, body: bytes, now: float, listed_date: str | None) -> None:
        values = {"etag": etag, "last_modified": last_modified, "body_hash": body_hash,
                  "content_type": content_type, "fetched": now, "checked": now, "listed_date": listed_date}
        kept = [item for name, value in values.items() if value is not None for item in (name, value)]
        # A validator the server no longer sends must go; a listed date is kept until a new one comes.
        gone = [name for name, value in values.items() if value is None and name != "listed_date"]
        # The body of a listing page, for 304 replays, compressed as the SQLite fetch state does.
        self._record_fetch(keys=[self._key(url)],
                           args=[UNKNOWN, ARTICLE, zlib.compress(body, 1), len(kept) // 2, *kept, *gone])

    def record_check(self, url: str, now: float, listed_date: str | None) -> None:
        key = self._key(url)
        if self.client.exists(key):
            self.client.hset(key, mapping={"checked": now, **({"listed_date": listed_date} if listed_date else {})})

    def set_kind(self, url: str, kind: str, now: float) -> None:
        key = self._key(url)
        with self.client.pipeline() as pipe:
            pipe.hsetnx(key, "fetched", now)
            pipe.hsetnx(key, "checked", now)
            pipe.hset(key, "kind", kind)
            if kind == ARTICLE:
                pipe.hdel(key, "body")
            pipe.execute()

    def bring_back_from_the_future(self, now: float) -> None:
        """Not done here: the shared state's times come from every node's clock, and one node's clock
        set back says nothing about the others'."""

    def commit(self) -> None:
        """Every write is already on the server."""

    def close(self) -> None:
        """The connection is the process's, shared with the scheduler."""
