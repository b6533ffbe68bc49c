"""Clocks for the NEWS_CLOCK setting in tests: the system clock moved between runs."""

from __future__ import annotations

import time

DAY = 86400.0


def day_behind() -> float:
    """The clock set back a day."""
    return time.time() - DAY
