"""The shared frontier: per-host request queues with a global politeness limit and leases.

Why not scrapy-redis's queue as it is: its ``pop`` removes a request for good, so
a node that dies loses what it had taken, and it knows nothing of hosts, so two
nodes may hit one site with twice the allowed concurrency. Here, in Redis:

- ``q:<host>`` (sorted set): the host's waiting requests, by priority then arrival;
- ``hosts`` (sorted set): hosts that may be fetched from now, scored by the time
  their next request is allowed (Crawl-delay / DOWNLOAD_DELAY, global), and only
  while fewer than their limit are in flight over all nodes (``inflight``);
- ``leases`` + ``node-leases:<node>``: what each node took and has not finished;
  the host's slot is given back as soon as the download ends, the lease once
  the response is fully processed (links queued, article sent to the store).
  A node renews its heartbeat in ``nodes``; when it stops (SIGKILL, lost machine)
  for the lease timeout, any node puts its leases back in the queue.

Every change is one Lua script, so nodes never see half an update, and times
come from the Redis server's clock, so machines need not agree on the time.
Keys are prefixed (NEWS_REDIS_PREFIX), so one server can hold several crawls.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis

PRIORITY_STEP = 1e10
"""Queue score = -priority * PRIORITY_STEP + arrival number: priority first, then first come first served."""

_COMMON = """
local p = ARGV[1]
local default_limit = tonumber(ARGV[2])
local default_delay = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function limits(host)
  local v = redis.call('HGET', p .. ':limits', host)
  if v then
    local limit, delay = string.match(v, '(%d+) (%d+)')
    return tonumber(limit), math.max(tonumber(delay), default_delay)
  end
  return default_limit, default_delay
end

-- The host may be fetched from again: back in 'hosts' unless it is at its limit or has nothing queued.
local function offer(host)
  local inflight = tonumber(redis.call('HGET', p .. ':inflight', host) or '0')
  local limit = limits(host)
  if inflight < limit and redis.call('ZCARD', p .. ':q:' .. host) > 0 then
    local next_ok = tonumber(redis.call('HGET', p .. ':next', host) or '0')
    redis.call('ZADD', p .. ':hosts', 'NX', math.max(now, next_ok), host)
  end
end

local function release(host)
  if redis.call('HINCRBY', p .. ':inflight', host, -1) <= 0 then
    redis.call('HDEL', p .. ':inflight', host)
  end
  offer(host)
end

-- A lease's host slot is released when its download ends, the lease itself when all its work is done.
local function end_download(id)
  local lease = redis.call('HGET', p .. ':leases', id)
  if not lease then return nil end
  local host, score, member, released = cmsgpack.unpack(lease)
  if released == 0 then
    redis.call('HSET', p .. ':leases', id, cmsgpack.pack(host, score, member, 1))
    if redis.call('HEXISTS', p .. ':limits', host) == 1 then
      -- A Crawl-delay counts from the end of the last download, whichever node made it.
      local _, delay = limits(host)
      local next_ok = tonumber(redis.call('HGET', p .. ':next', host) or '0')
      redis.call('HSET', p .. ':next', host, math.max(next_ok, now + delay))
    end
    release(host)
  end
  return host, score, member
end

local function requeue_node(node)
  local moved = 0
  for _, id in ipairs(redis.call('SMEMBERS', p .. ':node-leases:' .. node)) do
    local host, score, member = end_download(id)
    if host then
      redis.call('HDEL', p .. ':leases', id)
      redis.call('ZADD', p .. ':q:' .. host, score, member)
      redis.call('INCR', p .. ':queued')
      offer(host)
      moved = moved + 1
    end
  end
  redis.call('DEL', p .. ':node-leases:' .. node)
  redis.call('ZREM', p .. ':nodes', node)
  if moved > 0 then
    redis.call('INCRBY', p .. ':requeued', moved)
    redis.call('SET', p .. ':activity', now)
  end
  return moved
end
"""

_PUSH = _COMMON + """
local host, member, priority, fingerprint = ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7]
if fingerprint ~= '' and redis.call('SADD', p .. ':seen', fingerprint) == 0 then return 0 end
local seq = redis.call('INCR', p .. ':seq')
redis.call('ZADD', p .. ':q:' .. host, -priority * %(step)d + seq, member)
redis.call('INCR', p .. ':queued')
redis.call('SET', p .. ':activity', now)
offer(host)
return 1
""" % {"step": PRIORITY_STEP}

_POP = _COMMON + """
local node = ARGV[4]
for _ = 1, 8 do
  local ready = redis.call('ZRANGEBYSCORE', p .. ':hosts', '-inf', now, 'LIMIT', 0, 1)
  if #ready == 0 then return false end
  local host = ready[1]
  redis.call('ZREM', p .. ':hosts', host)
  local got = redis.call('ZPOPMIN', p .. ':q:' .. host)
  if #got > 0 then
    redis.call('DECR', p .. ':queued')
    redis.call('HINCRBY', p .. ':inflight', host, 1)
    local _, delay = limits(host)
    redis.call('HSET', p .. ':next', host, now + delay)
    offer(host)
    local id = tostring(redis.call('INCR', p .. ':lease-seq'))
    redis.call('HSET', p .. ':leases', id, cmsgpack.pack(host, got[2], got[1], 0))
    redis.call('SADD', p .. ':node-leases:' .. node, id)
    redis.call('SET', p .. ':activity', now)
    return {id, got[1]}
  end
end
return false
"""

_ACK = _COMMON + """
local node = ARGV[4]
local done = 0
for i = 5, #ARGV do
  if end_download(ARGV[i]) then
    redis.call('HDEL', p .. ':leases', ARGV[i])
    redis.call('SREM', p .. ':node-leases:' .. node, ARGV[i])
    done = done + 1
  end
end
redis.call('SET', p .. ':activity', now)
return done
"""

_DOWNLOADED = _COMMON + """
end_download(ARGV[4])
"""

_LIMIT = _COMMON + """
local host, limit, delay = ARGV[4], ARGV[5], tonumber(ARGV[6])
redis.call('HSET', p .. ':limits', host, limit .. ' ' .. delay)
-- Learnt while a request to the host is about to go out: the next one waits the delay from now.
redis.call('HSET', p .. ':next', host, now + delay)
redis.call('ZADD', p .. ':hosts', 'XX', now + delay, host)
"""

_HEARTBEAT = _COMMON + """
redis.call('ZADD', p .. ':nodes', now + tonumber(ARGV[5]), ARGV[4])
"""

_SWEEP = _COMMON + """
local moved = 0
for _, node in ipairs(redis.call('ZRANGEBYSCORE', p .. ':nodes', '-inf', now)) do
  moved = moved + requeue_node(node)
end
return moved
"""

_LEAVE = _COMMON + """
return requeue_node(ARGV[4])
"""

_IDLE_FOR = _COMMON + """
if tonumber(redis.call('GET', p .. ':queued') or '0') > 0 or redis.call('HLEN', p .. ':leases') > 0 then
  return -1
end
local last = tonumber(redis.call('GET', p .. ':activity') or '0')
return now - last
"""

_JOIN = _COMMON + """
local node, lease_ms, idle_ms = ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local fresh = 0
local last = tonumber(redis.call('GET', p .. ':activity') or '0')
if tonumber(redis.call('GET', p .. ':queued') or '0') <= 0 and redis.call('HLEN', p .. ':leases') == 0
   and now - last >= idle_ms then
  redis.call('DEL', p .. ':seen', p .. ':queued')
  redis.call('INCR', p .. ':round')
  fresh = 1
end
redis.call('SET', p .. ':activity', now)
redis.call('ZADD', p .. ':nodes', now + lease_ms, node)
return fresh
"""


@dataclass(frozen=True)
class Politeness:
    """Per-host limits over all nodes: requests in flight, and milliseconds between requests."""

    concurrency: int
    delay_ms: int


class Frontier:
    """The shared queue and leases of one crawl (one key prefix) on one Redis server."""

    def __init__(self, client: redis.Redis, prefix: str, politeness: Politeness) -> None:
        self.client = client
        self.prefix = prefix
        self.politeness = politeness
        self._push = client.register_script(_PUSH)
        self._pop = client.register_script(_POP)
        self._ack = client.register_script(_ACK)
        self._downloaded = client.register_script(_DOWNLOADED)
        self._limit = client.register_script(_LIMIT)
        self._heartbeat = client.register_script(_HEARTBEAT)
        self._sweep = client.register_script(_SWEEP)
        self._leave = client.register_script(_LEAVE)
        self._idle_for = client.register_script(_IDLE_FOR)
        self._join = client.register_script(_JOIN)

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def _args(self, *more: object) -> list[object]:
        return [self.prefix, self.politeness.concurrency, self.politeness.delay_ms, *more]

    def join(self, node: str, lease_seconds: float, idle_seconds: float) -> bool:
        """Register a node; start a new round (empty seen-filter) when the last one is over. True if new."""
        return bool(self._join(args=self._args(node, int(lease_seconds * 1000), int(idle_seconds * 1000))))

    def push(self, host: str, payload: bytes, priority: int, fingerprint: bytes = b"") -> bool:
        """Queue a request unless its fingerprint was seen this round (one step: a node killed
        between "seen" and "queued" would lose the request). True if queued."""
        return bool(self._push(args=self._args(host, payload, priority, fingerprint)))

    def pop(self, node: str) -> tuple[str, bytes] | None:
        """A request some host may be sent now, leased to ``node``: (lease id, payload), or None."""
        got = self._pop(args=self._args(node))
        return (got[0].decode(), got[1]) if got else None

    def downloaded(self, lease_id: str) -> None:
        """The lease's download ended: its host may take another request (the lease stays until ``ack``)."""
        self._downloaded(args=self._args(lease_id))

    def ack(self, node: str, lease_ids: list[str]) -> int:
        """Finished requests, links queued and items sent: forget their leases. One requeued counts 0."""
        return int(self._ack(args=self._args(node, *lease_ids))) if lease_ids else 0

    def heartbeat(self, node: str, lease_seconds: float) -> None:
        self._heartbeat(args=self._args(node, int(lease_seconds * 1000)))

    def requeue_dead(self) -> int:
        """Put back the leases of nodes whose heartbeat stopped; how many requests moved."""
        return int(self._sweep(args=self._args()))

    def leave(self, node: str) -> int:
        """A node closing: what it still holds goes back to the queue."""
        return int(self._leave(args=self._args(node)))

    def idle_seconds(self) -> float:
        """How long nothing was queued nor in flight anywhere; -1 while work remains."""
        value = int(self._idle_for(args=self._args()))
        return value / 1000 if value >= 0 else -1.0

    def live_nodes(self) -> int:
        """Nodes whose heartbeat has not expired (by the server's clock)."""
        seconds, micros = self.client.time()
        return int(self.client.zcount(self.key("nodes"), seconds * 1000 + micros // 1000, "+inf"))

    def queued(self) -> int:
        return int(self.client.get(self.key("queued")) or 0)

    def in_flight(self) -> int:
        return int(self.client.hlen(self.key("leases")))

    def requeued(self) -> int:
        return int(self.client.get(self.key("requeued")) or 0)

    def limit_host(self, host: str, politeness: Politeness) -> None:
        """A host's own limits (robots.txt Crawl-delay), for every node."""
        self._limit(args=self._args(host, politeness.concurrency, politeness.delay_ms))
