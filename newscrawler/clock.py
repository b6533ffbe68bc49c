"""The crawl's clock, injectable: the ``NEWS_CLOCK`` setting names a zero-argument callable
giving epoch seconds (default ``time.time``).

Everything that stamps or ages what the data directory keeps (fetch and check times,
``first_seen``, ``crawled``) reads this clock, so a system clock set back or forward
between runs can be reproduced by pointing the setting at another callable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from scrapy.utils.misc import load_object

Clock = Callable[[], float]


def clock_from_settings(settings: Any) -> Clock:
    return load_object(settings.get("NEWS_CLOCK") or "time.time")


def utc_now(clock: Clock) -> datetime:
    return datetime.fromtimestamp(clock(), timezone.utc)
