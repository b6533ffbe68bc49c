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
from collections.abc import Iterable, Iterator
from itertools import accumulate, groupby
from operator import itemgetter
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.fields import Schema
from whoosh.system import _INT_SIZE, pack_int, pack_long, pack_ushort, unpack_int
from whoosh.util.numeric import length_to_byte

_TERM_INFO = W3TermInfo._struct
"""Flags (inlined), total weight, document frequency, min/max length bytes,
max weight, first and last document: the head of Whoosh's term info record."""

Key = tuple[str, bytes]
"""(field name, term bytes): the order Whoosh keeps terms in."""
Postings = tuple[list[int], list[float], list[Any]]
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
    each with its postings renumbered for the new segment (deleted documents left out)."""

    def __init__(self, reader: Any, schema: Schema, basedoc: int, docmap: dict[int, int] | None) -> None:
        self.reader = reader
        self._schema = schema
        self._basedoc = basedoc
        self._docmap = docmap
        self._postfile = reader._terms._postfile

    def terms(self) -> Iterator[tuple[Key, Postings]]:
        schema = self._schema
        for (fieldname, tbytes), terminfo in self.reader._terms.items():
            if fieldname not in schema:
                continue
            postings = self._renumber(self._postings(terminfo, schema[fieldname].format.fixed_value_size()))
            if postings[0]:
                yield (fieldname, tbytes), postings

    def _postings(self, terminfo: W3TermInfo, fixedsize: int | None) -> Postings:
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return list(ids), list(weights), list(values)
        ids: list[int] = []
        weights: list[float] = []
        values: list[Any] = []
        position = terminfo.extent()[0] + len(WHOOSH3_HEADER_MAGIC)
        while True:
            length = unpack_int(self._postfile.get(position, _INT_SIZE))[0]
            chunk = self._postfile.get(position + _INT_SIZE, abs(length))
            count, ids_part, weights_part, values_part = _decode_block(chunk)
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
            base = self._basedoc
            return [n + base for n in ids], weights, values
        docmap = self._docmap
        kept = [i for i, n in enumerate(ids) if n in docmap]
        return [docmap[ids[i]] for i in kept], [weights[i] for i in kept], [values[i] for i in kept]

    def close(self) -> None:
        self.reader.close()


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
        self._tindex = fieldwriter._tindex
        self._fieldmap = fieldwriter._fieldmap
        self._postfile = fieldwriter._postfile
        self._schema = schema
        self._lengths = lengths
        self._block_limit = block_limit
        self._compression = compression
        self._inline_limit = inline_limit
        self._min_compressed = min_compressed
        self._field_info: dict[str, tuple[bytes, int | None, list[int] | None]] = {}

    def write(self, streams: Iterable[Iterator[tuple[Key, Postings]]]) -> None:
        """Write the union of sorted term streams; a term in several streams gets
        their postings in stream order (so document numbers must ascend across streams)."""
        merged = heapq.merge(*streams, key=itemgetter(0))
        for (fieldname, tbytes), group in groupby(merged, key=itemgetter(0)):
            parts = [postings for _, postings in group]
            if len(parts) == 1:
                ids, weights, values = parts[0]
            else:
                ids = [n for part in parts for n in part[0]]
                weights = [w for part in parts for w in part[1]]
                values = [v for part in parts for v in part[2]]
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
        minlength, maxlength = _length_range(lengths, ids)
        count = len(ids)
        inlined = count < self._inline_limit
        header = _TERM_INFO.pack(
            inlined, sum(weights), count, length_to_byte(minlength), length_to_byte(maxlength),
            max(weights), ids[0], ids[-1],
        )
        if inlined:
            # Value-less postings need b"" each: a reader's ListMatcher would
            # otherwise hand merges "" where bytes are expected.
            kept = tuple(values) if fixedsize != 0 else (b"",) * count
            pointer = pickle.dumps((tuple(ids), tuple(weights), kept), 2)
        else:
            start = self._postfile.tell()
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
            limit = self._block_limit
            for begin in range(0, count, limit):
                end = begin + limit
                self._write_block(ids[begin:end], weights[begin:end], values[begin:end], fixedsize,
                                  lengths, last=end >= count)
            pointer = pack_long(start) + pack_int(self._postfile.tell() - start)
        self._tindex.add(prefix + tbytes, header + pointer)

    def _write_block(self, ids: list[int], weights: array, values: list, fixedsize: int | None,
                     lengths: list[int] | None, last: bool) -> None:
        deltas = tuple(b - a for a, b in zip([0, *ids], ids))
        if all(w == 1.0 for w in weights):
            packed_weights = None
        elif all(w == weights[0] for w in weights):
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
        compression = self._compression if len(ids) >= self._min_compressed else 0
        if compression:
            data = zlib.compress(data, compression)
        minlength, maxlength = _length_range(lengths, ids)
        info = pickle.dumps(
            (len(ids), ids[-1], max(weights), compression, length_to_byte(minlength), length_to_byte(maxlength)), 2
        )
        size = len(info) + len(data)
        self._postfile.write(pack_int(-size if last else size) + info + data)


def _length_range(lengths: list[int] | None, ids: list[int]) -> tuple[int | None, int]:
    """Shortest and longest non-empty field length among ``ids`` (None, 0 when none)."""
    if lengths is None:
        return None, 0
    found = [length for length in map(lengths.__getitem__, ids) if length]
    if not found:
        return None, 0
    return min(found), max(found)
