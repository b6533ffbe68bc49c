"""``newssearch export``: every matching article, with all its fields, as JSON Lines, CSV or Parquet.

Records are written as they are read from the index, so memory stays flat in
the number of articles. Field names and values are those of ``show --json``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from search.documents import ARTICLE_FIELDS
from search.output import clean, to_json

FORMATS = ("jsonl", "csv", "parquet")
LIST_SEPARATOR = "; "
"""How a CSV cell joins a list (URLs, authors): one row per article, readable in a spreadsheet."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ValueError):
    """An export we cannot write; the message says what to do."""


def format_for(path: str | None, explicit: str | None) -> str:
    """The format asked for, else the one the output file's extension names, else JSON Lines."""
    if explicit:
        return explicit
    suffix = (path or "").rsplit(".", 1)[-1].lower() if path and "." in path else ""
    return suffix if suffix in FORMATS else "jsonl"


def write(records: Iterable[dict], fmt: str, out: BinaryIO, *, bom: bool = False) -> int:
    """Write ``records`` to ``out`` in ``fmt``; return how many were written."""
    if fmt == "parquet":
        try:
            from search.parquet import write_parquet
        except ImportError:
            raise ExportError(
                "Parquet export needs pyarrow: pip install 'newscrawler[parquet]'"
            ) from None
        return write_parquet(records, out)
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="", write_through=False)
    try:
        return (_write_csv if fmt == "csv" else _write_jsonl)(records, text)
    finally:
        text.flush()
        text.detach()


def _write_jsonl(records: Iterable[dict], out: io.TextIOWrapper) -> int:
    count = 0
    for count, record in enumerate(records, start=1):
        out.write(to_json(record) + "\n")
    return count


def csv_cell(value: object) -> str:
    """A value as spreadsheet text: lists joined, control characters removed, and nothing
    a spreadsheet would run as a formula (a leading ``=``, ``+``, ``-``, ``@`` gets a ``'``
    before it, as OWASP advises)."""
    if value is None:
        return ""
    text = clean(LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value), one_line=False)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _write_csv(records: Iterable[dict], out: io.TextIOWrapper) -> int:
    writer = csv.writer(out)
    writer.writerow(ARTICLE_FIELDS)
    count = 0
    for count, record in enumerate(records, start=1):
        writer.writerow([csv_cell(record.get(name)) for name in ARTICLE_FIELDS])
    return count
