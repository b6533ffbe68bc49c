"""Parsing ``--since``/``--until`` values into naive UTC bounds (how the index stores dates).

A bare date means the whole day in the user's local time zone, so
``--since 2025-02-01 --until 2025-02-06`` includes all of the 6th. Relative forms:
``7d``, ``24h``, ``30m``, ``2w`` (back from now), ``today``, ``yesterday``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class DateError(ValueError):
    """A date the user typed that we cannot read; the message says what is accepted."""


def _to_utc_naive(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the user's local zone
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _day_bound(day: date, end: bool) -> datetime:
    moment = datetime.combine(day, time.max if end else time.min)
    return _to_utc_naive(moment)


def parse_bound(text: str, *, end: bool, now: datetime | None = None) -> datetime:
    """The UTC instant a ``--since`` (``end=False``) or ``--until`` (``end=True``) value means."""
    value = text.strip().lower()
    now = now or datetime.now(timezone.utc)
    today = now.astimezone().date()
    if value in ("today", "yesterday"):
        return _day_bound(today - timedelta(days=value == "yesterday"), end)
    match = _RELATIVE.match(value)
    if match:
        amount, unit = int(match.group(1)), _UNITS[match.group(2)]
        return _to_utc_naive(now - timedelta(**{unit: amount}))
    try:
        if len(value) == 10:
            return _day_bound(date.fromisoformat(value), end)
        return _to_utc_naive(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise DateError(
            f"cannot read date {text!r}; use YYYY-MM-DD, an ISO datetime, "
            "7d, 24h, today or yesterday"
        ) from None
