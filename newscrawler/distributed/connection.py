"""Connections to the shared Redis server: checked once at start, patient while running.

At start a wrong URL, a wrong password or a server that does not answer is one
line and exit status 2, before anything is fetched. While running, a lost
connection (Redis restarted, network blip) is waited out: every command retries
with backoff, and the process logs one line when Redis goes away and one when it
is back, instead of a traceback per request.
"""

from __future__ import annotations

import functools
import logging
import socket
import threading
import time
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import AuthenticationError, AuthorizationError, ResponseError
from redis.retry import Retry

logger = logging.getLogger(__name__)

T = TypeVar("T")
CHECK_TIMEOUT = 5.0
"""Seconds the start-up check waits for the server before calling it unreachable."""


class RedisUnusable(Exception):
    """NEWS_REDIS_URL / --redis cannot be used; the message says why and what to do."""


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def check(url: str) -> None:
    """Raise RedisUnusable unless the URL parses, the server answers and accepts the password."""
    shown = redact(url)
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise RedisUnusable(f"{shown} is not a Redis URL; write redis://[:PASSWORD@]HOST:PORT/DB")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT, socket_timeout=CHECK_TIMEOUT)
        client.ping()
        client.close()
    except (AuthenticationError, AuthorizationError, ResponseError) as exc:
        if urlsplit(url).password is None and (isinstance(exc, AuthenticationError) or "NOAUTH" in str(exc)):
            raise RedisUnusable(f"Redis at {shown} needs a password: redis://:PASSWORD@HOST:PORT/DB") from None
        if isinstance(exc, (AuthenticationError, AuthorizationError)):
            raise RedisUnusable(f"Redis at {shown} refused the password; check the password in the URL") from None
        raise RedisUnusable(f"Redis at {shown} refused the connection: {exc}") from None
    except redis.ConnectionError as exc:
        raise RedisUnusable(f"cannot reach Redis at {shown} ({exc}); is redis-server running there?") from None
    except ValueError as exc:
        raise RedisUnusable(f"{shown} is not a usable Redis URL: {exc}") from None


class Outage:
    """Shared by every connection of one client: logs the start and the end of an outage, once each."""

    def __init__(self, url: str, max_wait: float) -> None:
        self.url = redact(url)
        self.max_wait = max_wait
        self.since: float | None = None
        self.lock = threading.Lock()

    def failed(self, error: Exception) -> None:
        with self.lock:
            if self.since is None:
                self.since = time.monotonic()
                logger.warning("Redis at %(url)s unreachable (%(error)s); waiting for it to come back",
                               {"url": self.url, "error": error})
                logger.debug("Redis error", exc_info=error)
            elif self.max_wait and time.monotonic() - self.since > self.max_wait:
                raise error

    def recovered(self) -> None:
        with self.lock:
            if self.since is not None:
                logger.warning("Redis at %(url)s is back after %(seconds).1f s; going on",
                               {"url": self.url, "seconds": time.monotonic() - self.since})
                self.since = None


class PatientRetry(Retry):
    """Retry connection errors forever (or ``max_wait`` seconds) and report the outage through Outage."""

    def __init__(self, outage: Outage) -> None:
        super().__init__(ExponentialBackoff(cap=2.0, base=0.05), retries=-1,
                         supported_errors=(redis.ConnectionError, redis.TimeoutError, socket.timeout))
        self.outage = outage

    def __deepcopy__(self, memo: dict) -> PatientRetry:
        """redis-py copies the retry into each connection; the outage state must stay shared."""
        return self

    def call_with_retry(self, do: Callable[[], T], fail: Callable[..., Any], is_retryable: Any = None,
                        with_failure_count: bool = False) -> T:
        failed = False

        def on_failure(error: Exception, *count: int) -> None:
            nonlocal failed
            if isinstance(error, (AuthenticationError, AuthorizationError)):
                raise error
            failed = True
            self.outage.failed(error)
            fail(error, *count)

        result = super().call_with_retry(do, on_failure, is_retryable, with_failure_count)
        if failed:
            self.outage.recovered()
        return result


@functools.cache
def connect(url: str, max_wait: float = 0.0) -> redis.Redis:
    """The process's client for a crawl node or store: waits out outages (``max_wait`` 0 = for ever).

    One client (a thread-safe connection pool) per process, so an outage is one pair of log lines.
    """
    retry = PatientRetry(Outage(url, max_wait))
    return redis.Redis.from_url(url, retry=retry, socket_connect_timeout=CHECK_TIMEOUT, health_check_interval=30)
