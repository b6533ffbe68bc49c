"""Parquet export with proper types: timestamps in UTC, lists as list columns (pyarrow, optional)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from itertools import islice
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from search.documents import ARTICLE_FIELDS

TIMES = ("published", "updated", "first_seen", "crawled")
LISTS = ("urls", "authors", "also")
ROWS_PER_GROUP = 2000
"""Articles held in memory at once (a row group): a few MB of text."""

SCHEMA = pa.schema([
    pa.field(
        name,
        pa.timestamp("us", tz="UTC") if name in TIMES else pa.list_(pa.string()) if name in LISTS else pa.string(),
    )
    for name in ARTICLE_FIELDS
])


def _instant(value: str | None) -> datetime | None:
    """An ISO time as an aware UTC datetime; the article's own offset is not kept (the
    column has one zone), the instant is."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _row(record: dict) -> dict:
    row = {name: record.get(name) for name in ARTICLE_FIELDS}
    for name in TIMES:
        row[name] = _instant(row[name])
    return row


def _groups(records: Iterable[dict]) -> Iterator[list[dict]]:
    rows = (_row(record) for record in records)
    while group := list(islice(rows, ROWS_PER_GROUP)):
        yield group


def write_parquet(records: Iterable[dict], out: BinaryIO) -> int:
    """Write ``records`` as one Parquet file (zstd), one row group per ``ROWS_PER_GROUP``."""
    count = 0
    with pq.ParquetWriter(out, SCHEMA, compression="zstd") as writer:
        for group in _groups(records):
            writer.write_batch(pa.RecordBatch.from_pylist(group, schema=SCHEMA))
            count += len(group)
    return count
