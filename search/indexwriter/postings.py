"""Writing a segment's postings term by term instead of posting by posting.

Whoosh sends every posting of a new segment through a sorting pool as a tuple
and writes it with several Python calls; merging segments reads every posting
back one at a time through a matcher and pools it again. At the crawler's batch
sizes that was four fifths of indexing time. Here a batch's postings are grouped
by term as they arrive, segments being merged are read a whole posting list at a
time, and the sorted streams of terms are merged and written one term at a time,
in Whoosh's own block format (``whoosh.codec.whoosh3``), so Whoosh reads the
segments exactly as it reads its own.
"""

from __future__ import annotations

import heapq
import io
import pickle
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain, groupby
from hashlib import md5
from operator import itemgetter, sub
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.fields import Schema
from whoosh.filedb.filetables import _lengths as _ENTRY_LENGTHS
from whoosh.filedb.filetables import md5_hash
from whoosh.system import _INT_SIZE, _LONG_SIZE, pack_int, pack_long, pack_ushort, unpack_int, unpack_long, unpack_ushort
from whoosh.util.numeric import length_to_byte

_TERM_INFO = W3TermInfo._struct
"""Flags (inlined), total weight, document frequency, min/max length bytes,
max weight, first and last document: the head of Whoosh's term info record."""

Key = tuple[str, bytes]
"""(field name, term bytes): the order Whoosh keeps terms in."""
Postings = tuple[Sequence[int], Sequence[float], Sequence[Any]]
"""Document numbers (ascending), weights and encoded values of one term."""


class PostingTable:
    """The postings of the documents added to a segment writer, grouped by field and term.

    Stands in for Whoosh's sorting pool: document numbers only grow while a
    segment is written, so each term's postings are already in order and only
    the terms need sorting, once, when writing.
    """

    def __init__(self) -> None:
        self._fields: dict[str, dict[bytes, list[tuple[int, float, bytes]]]] = {}

    def add_field(self, fieldname: str, docnum: int, items: Iterable[tuple[bytes, int, float, bytes]]) -> int:
        """Add one field's ``(term, frequency, weight, value)`` items; return its length in words."""
        terms = self._fields.setdefault(fieldname, {})
        length = 0
        for tbytes, freq, weight, vbytes in items:
            length += freq
            postings = terms.get(tbytes)
            if postings is None:
                terms[tbytes] = [(docnum, weight, vbytes)]
            else:
                postings.append((docnum, weight, vbytes))
        return length

    def cleanup(self) -> None:
        self._fields.clear()

    def terms(self) -> Iterator[tuple[Key, Postings]]:
        for fieldname in sorted(self._fields):
            terms = self._fields[fieldname]
            for tbytes in sorted(terms):
                ids, weights, values = zip(*terms[tbytes])
                yield (fieldname, tbytes), (ids, weights, values)


class MergedSegment:
    """A segment being merged into the one being written: its terms in order,
    each with its postings renumbered for the new segment (deleted documents left out).

    Whoosh stores the term table in key order and the posting lists one after
    another in the same order, so both are read front to back through windows
    of ``WINDOW`` bytes: memory stays flat however large the segment.
    """

    WINDOW = 1 << 22

    def __init__(self, reader: Any, schema: Schema, basedoc: int, docmap: dict[int, int] | None) -> None:
        self.reader = reader
        self._schema = schema
        self._basedoc = basedoc
        self._docmap = docmap
        self._postings_file = _Window(reader._terms._postfile, self.WINDOW)

    def terms(self) -> Iterator[tuple[Key, Postings]]:
        terms = self.reader._terms
        table = terms._tindex
        entries = _Window(table.dbfile, self.WINDOW)
        fieldnames = terms._fieldunmap
        formats = {name: self._schema[name].format.fixed_value_size() for name in fieldnames if name in self._schema}
        position = table.startofdata
        while position < table.endofdata:
            keylen, datalen = _ENTRY_LENGTHS.unpack(entries.read(position, _ENTRY_LENGTHS.size))
            entry = entries.read(position + _ENTRY_LENGTHS.size, keylen + datalen)
            position += _ENTRY_LENGTHS.size + keylen + datalen
            fieldname = fieldnames[unpack_ushort(entry[:2])[0]]
            if fieldname not in formats:
                continue
            postings = self._renumber(self._postings(entry[keylen:], formats[fieldname]))
            if postings[0]:
                yield (fieldname, entry[2:keylen]), postings

    def _postings(self, info: bytes, fixedsize: int | None) -> Postings:
        if info[0]:  # inlined in the term table
            return pickle.loads(info[_TERM_INFO.size :])
        ids: list[int] = []
        weights: list[float] = []
        values: list[Any] = []
        position = unpack_long(info[_TERM_INFO.size : _TERM_INFO.size + _LONG_SIZE])[0] + len(WHOOSH3_HEADER_MAGIC)
        read = self._postings_file.read
        while True:
            length = unpack_int(read(position, _INT_SIZE))[0]
            count, ids_part, weights_part, values_part = _decode_block(read(position + _INT_SIZE, abs(length)))
            ids.extend(accumulate(ids_part))
            if weights_part is None or isinstance(weights_part, float):
                weights.extend([1.0 if weights_part is None else weights_part] * count)
            else:
                weights.extend(weights_part)
            if fixedsize is None or fixedsize < 0:
                values.extend(values_part)
            elif fixedsize == 0:
                values.extend([b""] * count)
            else:
                values.extend(values_part[i : i + fixedsize] for i in range(0, len(values_part), fixedsize))
            if length < 0:  # Whoosh marks the last block of a term with a negative length
                return ids, weights, values
            position += _INT_SIZE + length

    def _renumber(self, postings: Postings) -> Postings:
        ids, weights, values = postings
        if self._docmap is None:
            return (list(map(self._basedoc.__add__, ids)) if self._basedoc else ids), weights, values
        docmap = self._docmap
        kept = [i for i, n in enumerate(ids) if n in docmap]
        return [docmap[ids[i]] for i in kept], [weights[i] for i in kept], [values[i] for i in kept]

    def close(self) -> None:
        self.reader.close()


class _Window:
    """Reads of a Whoosh ``StructFile`` that mostly move forward, served from a
    buffer of at least ``size`` bytes."""

    def __init__(self, file: Any, size: int) -> None:
        self._file = file
        self._size = size
        self._buffer = b""
        self._start = 0

    def read(self, position: int, length: int) -> bytes:
        offset = position - self._start
        if offset < 0 or offset + length > len(self._buffer):
            self._buffer = self._file.get(position, max(length, self._size))
            self._start, offset = position, 0
        return self._buffer[offset : offset + length]


def _numbered(stream: Iterator[tuple[Key, Postings]], number: int) -> Iterator[tuple[Key, int, Postings]]:
    """Items that sort by term, then by stream, never by postings."""
    for key, postings in stream:
        yield key, number, postings


def _decode_block(chunk: bytes) -> tuple[int, Any, Any, Any]:
    """A block's posting count and its (delta-coded ids, weights, values) as Whoosh pickled them."""
    stream = io.BytesIO(chunk)
    count, _last_id, _max_weight, compression, _min_length, _max_length = pickle.load(stream)
    data = chunk[stream.tell() :]
    if compression:
        data = zlib.decompress(data)
    ids, weights, values = pickle.loads(data)
    return count, ids, weights, values


class TermWriter:
    """Writes merged term streams into a Whoosh ``W3FieldWriter``'s term table and postings file.

    ``lengths`` maps each scorable field to its per-document lengths in the new
    segment. Posting lists shorter than ``inline_limit`` go into the term table;
    longer ones are cut into blocks of ``block_limit``, compressed (zlib
    ``compression``) only when a block has at least ``min_compressed`` postings:
    smaller ones barely shrink and every reader would pay to decompress them.
    """

    def __init__(
        self,
        fieldwriter: Any,
        schema: Schema,
        lengths: dict[str, list[int]],
        *,
        block_limit: int,
        compression: int,
        inline_limit: int,
        min_compressed: int,
    ) -> None:
        self._terms = _TermTable(fieldwriter._tindex)
        self._fieldmap = fieldwriter._fieldmap
        self._postfile = fieldwriter._postfile
        self._schema = schema
        self._lengths = lengths
        self._block_limit = block_limit
        self._compression = compression
        self._inline_limit = inline_limit
        self._min_compressed = min_compressed
        self._field_info: dict[str, tuple[bytes, int | None, list[int] | None]] = {}

    def write(self, streams: list[Iterator[tuple[Key, Postings]]]) -> None:
        """Write the union of sorted term streams; a term in several streams gets
        their postings in stream order (so document numbers must ascend across streams)."""
        if len(streams) == 1:
            for (fieldname, tbytes), (ids, weights, values) in streams[0]:
                self._write_term(fieldname, tbytes, ids, weights, values)
            return
        numbered = [_numbered(stream, number) for number, stream in enumerate(streams)]
        for (fieldname, tbytes), group in groupby(heapq.merge(*numbered), key=itemgetter(0)):
            parts = [postings for _, _, postings in group]
            if len(parts) == 1:
                ids, weights, values = parts[0]
            else:
                ids = list(chain.from_iterable(part[0] for part in parts))
                weights = list(chain.from_iterable(part[1] for part in parts))
                values = list(chain.from_iterable(part[2] for part in parts))
            self._write_term(fieldname, tbytes, ids, weights, values)

    def _field(self, fieldname: str) -> tuple[bytes, int | None, list[int] | None]:
        """A field's term-key prefix, fixed value size and document lengths."""
        known = self._field_info.get(fieldname)
        if known is None:
            prefix = pack_ushort(self._fieldmap.setdefault(fieldname, len(self._fieldmap)))
            known = (prefix, self._schema[fieldname].format.fixed_value_size(), self._lengths.get(fieldname))
            self._field_info[fieldname] = known
        return known

    def _write_term(self, fieldname: str, tbytes: bytes, ids: list[int], weights: list, values: list) -> None:
        prefix, fixedsize, lengths = self._field(fieldname)
        weights = array("f", weights)  # as Whoosh keeps them (float32)
        count = len(ids)
        if count < self._inline_limit:
            minlength, maxlength = _length_range(lengths, ids)
            # Value-less postings need b"" each: a reader's ListMatcher would
            # otherwise hand merges "" where bytes are expected.
            kept = tuple(values) if fixedsize != 0 else (b"",) * count
            pointer = pickle.dumps((tuple(ids), tuple(weights), kept), 2)
        else:
            start = self._postfile.tell()
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
            limit = self._block_limit
            ranges = [
                self._write_block(ids[begin : begin + limit], weights[begin : begin + limit],
                                  values[begin : begin + limit], fixedsize, lengths, last=begin + limit >= count)
                for begin in range(0, count, limit)
            ]
            minlength = min((low for low, _ in ranges if low is not None), default=None)
            maxlength = max(high for _, high in ranges)
            pointer = pack_long(start) + pack_int(self._postfile.tell() - start)
        header = _TERM_INFO.pack(
            count < self._inline_limit, sum(weights), count, length_to_byte(minlength),
            length_to_byte(maxlength), max(weights), ids[0], ids[-1],
        )
        self._terms.add(prefix + tbytes, header + pointer)

    def _write_block(self, ids: list[int], weights: array, values: list, fixedsize: int | None,
                     lengths: list[int] | None, last: bool) -> tuple[int | None, int]:
        """Write one block of a posting list; return its shortest and longest field length."""
        count = len(ids)
        deltas = tuple(map(sub, ids, [0, *ids[:-1]]))
        if weights.count(1.0) == count:
            packed_weights = None
        elif weights.count(weights[0]) == count:
            packed_weights = weights[0]
        else:
            packed_weights = tuple(weights)
        if fixedsize is None or fixedsize < 0:
            packed_values = tuple(values)
        elif fixedsize == 0:
            packed_values = None
        else:
            packed_values = b"".join(values)
        data = pickle.dumps((deltas, packed_weights, packed_values), 2)
        compression = self._compression if count >= self._min_compressed else 0
        if compression:
            data = zlib.compress(data, compression)
        minlength, maxlength = _length_range(lengths, ids)
        info = pickle.dumps(
            (count, ids[-1], max(weights), compression, length_to_byte(minlength), length_to_byte(maxlength)), 2
        )
        size = len(info) + len(data)
        self._postfile.write(pack_int(-size if last else size) + info + data)
        return minlength, maxlength


class _TermTable:
    """Appends entries to a Whoosh ``OrderedHashWriter`` (keys already in order)
    with the bytes and bookkeeping of its ``add``, minus the per-call checks."""

    def __init__(self, table: Any) -> None:
        if table.hashfn is not md5_hash:
            raise ValueError("term tables are written with Whoosh's MD5 hash")
        self._table = table
        self._file = table.dbfile.file
        self._positions = table.index
        self._buckets = table.buckets

    def add(self, key: bytes, value: bytes) -> None:
        position = self._file.tell()
        self._positions.append(position)
        self._file.write(_ENTRY_LENGTHS.pack(len(key), len(value)) + key + value)
        hashed = int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")
        self._buckets[hashed & 255].append((hashed, position))
        self._table.lastkey = key


def _length_range(lengths: list[int] | None, ids: list[int]) -> tuple[int | None, int]:
    """Shortest and longest non-empty field length among ``ids`` (None, 0 when none)."""
    if lengths is None:
        return None, 0
    found = [length for length in map(lengths.__getitem__, ids) if length]
    if not found:
        return None, 0
    return min(found), max(found)
