"""Bytes to text for fetched pages: the declared charset first, detection last.

Order follows what browsers trust: the HTTP header, then a byte-order mark, then a
``<meta charset>``/``http-equiv`` declaration in the first bytes, then statistical
detection. A declared charset is only used if it decodes the bytes without errors,
and a declared single-byte Western charset loses to UTF-8 when the bytes are valid
UTF-8 with multi-byte characters (servers often send "iso-8859-1" for UTF-8 pages;
valid UTF-8 by accident is vanishingly rare in real cp1252 text). Never raises.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: these labels mean windows-1252 in practice; ascii/latin-1 pages use its extra characters.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
_META_WINDOW = 4096
_SINGLE_BYTE_WESTERN = {"cp1252", "iso8859-15", "mac-roman"}


def _codec(label: str | None) -> str | None:
    """Python codec name for a charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _strict(raw: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(raw: bytes, content_type: str | None = None) -> str:
    """Decode a page body; ``content_type`` is the HTTP Content-Type header if known."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec, errors="replace")
    declared = []
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        declared.append(match.group(1))
    if match := _META_CHARSET.search(raw[:_META_WINDOW]):
        declared.append(match.group(1).decode("ascii", "ignore"))
    as_utf8 = _strict(raw, "utf-8")
    for label in declared:
        codec = _codec(label)
        if codec in _SINGLE_BYTE_WESTERN and as_utf8 is not None and not raw.isascii():
            return as_utf8
        if (text := _strict(raw, codec)) is not None:
            return text
    if as_utf8 is not None:
        return as_utf8
    best = from_bytes(raw[:200_000]).best()
    codec = _codec(best.encoding) if best is not None else None
    return raw.decode(codec or "utf-8", errors="replace")
