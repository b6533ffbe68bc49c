"""Time per crawl stage, as Scrapy stats ``newscrawler/cpu/<stage>`` and ``newscrawler/wall/<stage>`` (seconds).

A crawl is CPU-bound once the network is fast, and the question is always which
stage eats the cores, or blocks the reactor. Each stage adds the CPU time of the
calling thread (``time.thread_time``, ~1 µs a call: waiting for fsync or sockets
and other threads' work are not counted) and the wall time it held that thread
(waits included); ``last-crawl.json`` reports the totals.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PREFIX = "newscrawler/cpu/"
WALL_PREFIX = "newscrawler/wall/"


@contextmanager
def cpu_stage(stats: Any, stage: str) -> Iterator[None]:
    """Add the CPU time of the ``with`` block to the stage's stat (no-op without stats)."""
    if stats is None:
        yield
        return
    started, started_wall = time.thread_time(), time.perf_counter()
    try:
        yield
    finally:
        stats.inc_value(PREFIX + stage, time.thread_time() - started, start=0.0)
        stats.inc_value(WALL_PREFIX + stage, time.perf_counter() - started_wall, start=0.0)


def add_cpu(stats: Any, stage: str, seconds: float) -> None:
    """Add CPU seconds measured elsewhere (in a worker process) to the stage's stat."""
    if stats is not None:
        stats.inc_value(PREFIX + stage, seconds, start=0.0)


def stage_stats(stats: dict[str, Any], prefix: str = PREFIX) -> dict[str, float]:
    """The stages' CPU (or, with WALL_PREFIX, wall) seconds out of a crawl's stats, rounded for reports."""
    return {key[len(prefix):]: round(value, 3) for key, value in stats.items() if key.startswith(prefix)}
