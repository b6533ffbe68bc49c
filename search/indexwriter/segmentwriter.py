"""Whoosh segments as this project writes them: segment writer and merge policy.

The crawler commits every thousand articles or so, and with Whoosh's defaults
each commit cost more than the articles in it. :class:`ArticleSegmentWriter`
hands postings to :mod:`search.indexwriter.postings` instead of Whoosh's pool and copies
merged segments' stored fields leanly; :func:`full_tier` picks segments to
merge by size tier (merged here by :func:`merge_tiers`, or by a helper process,
see :mod:`search.indexwriter.batches`); the codec is :class:`search.segments.IndexCodec`.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable

from whoosh.columns import TranslatingColumnReader
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, Index
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from search.indexwriter.postings import MergedSegment, PostingTable, TermWriter
from search.segments import IndexCodec

MERGE_FANOUT = 20
"""Segments of one size tier that make a merge. With 10, each article was
rewritten ~1.7 times on the way to 100k and the build ended waiting for a
68,000-article merge; with 20, once (~330 -> ~480 docs/s at 100k in one run),
with 8-15 segments at 100k and query p95s still under 35 ms."""


class ArticleSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with its postings pooled and written by
    :mod:`search.indexwriter.postings`; the postings of segments given to :meth:`add_reader`
    are read when the new segment is written."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pool = PostingTable()
        self._merged: list[MergedSegment] = []

    def add_document(self, **fields) -> None:
        """Whoosh's ``add_document`` for schemas without term vectors, spelling
        fields or boosts, handing the table each field's postings in one call."""
        self._check_state()
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, names)
        perdoc = self.perdocwriter
        perdoc.start_doc(self.docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = self.schema[name]
                length = 0
                if field.indexed:
                    length = self.pool.add_field(name, self.docnum, field.index(value))
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def add_reader(self, reader) -> None:
        self._check_state()
        basedoc = self.docnum
        fieldnames = set(self.schema.names()) | {
            name for name in reader.indexed_field_names() if name in self.schema
        }
        docmap = self.write_per_doc(fieldnames, reader)
        # Merge policies close their readers on return; the postings are read later.
        own = SegmentReader(self.storage, self.schema, reader.segment())
        self._merged.append(MergedSegment(own, self.schema, basedoc, docmap))
        self._added = True

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            writer = TermWriter(
                self.fieldwriter, self.schema, _field_lengths(lengths, self.schema),
                block_limit=self.codec._blocklimit, compression=self.codec._compression,
                inline_limit=IndexCodec.INLINE_LIMIT, min_compressed=IndexCodec.MIN_COMPRESSED,
            )
            writer.write([self.pool.terms(), *(segment.terms() for segment in self._merged)])
            self.fieldwriter.close()
        finally:
            lengths.close()

    def write_segment(self, *, merge: bool = True) -> list:
        """Write this writer's segment, after merging a full tier into it if ``merge``;
        return the index's segments with it, for :meth:`commit_segments`.

        Writing and committing are apart so that segments other processes write
        meanwhile are waited for only after this one is written."""
        self._check_state()
        segments = self._merge_segments(merge_tiers if merge else _no_merge, None, None)
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        return segments

    def commit_segments(self, segments: list, *, busy_since: float | None = None) -> None:
        """Commit ``segments`` as the index's segments. Files of segments left out are
        removed, except those changed since ``busy_since`` (a time): a helper may still
        be writing a segment there."""
        TOC(self.schema, segments, self.generation).write(self.storage, self.indexname)
        _remove_unused_files(self.storage, self.indexname, self.generation, segments, busy_since)
        self._finish()

    def write_per_doc(self, fieldnames, reader):
        """Whoosh's, but visiting per document only what there is to copy (stored
        values, lengths of scorable fields, columns), not every field of the schema."""
        schema = self.schema
        docmap = {} if reader.has_deletions() else None
        scorable = [name for name in schema.scorable_names() if name in fieldnames]
        columns = {}
        for name in fieldnames:
            column_type = schema[name].column_type
            if column_type and reader.has_column(name):
                column = reader.column_reader(name, column_type)
                columns[name] = column.raw_column() if isinstance(column, TranslatingColumnReader) else column
        perdoc = self.perdocwriter
        for docnum, stored in reader.iter_docs():
            if docmap is not None:
                docmap[docnum] = self.docnum
            perdoc.start_doc(self.docnum)
            for name, value in stored.items():
                if name in schema and name not in scorable:
                    perdoc.add_field(name, schema[name], value, 0)
            for name in scorable:
                perdoc.add_field(name, schema[name], stored.get(name), reader.doc_field_length(docnum, name))
            for name, column in columns.items():
                perdoc.add_column_value(name, schema[name].column_type, column[docnum])
            perdoc.finish_doc()
            self.docnum += 1
        return docmap

    def _finish(self) -> None:
        # Whoosh also removes the temporary folder here, but every writer of an
        # index shares it by name, and a helper process may be using it (its
        # files are removed by whoever made them), so the folder is left.
        if self._searcher is not None:
            self._searcher._orig_close()
            self._searcher = None
        if self.writelock:
            self.writelock.release()
        self.is_closed = True

    def _close_segment(self) -> None:
        super()._close_segment()
        for segment in self._merged:
            segment.close()
        self._merged.clear()


def _remove_unused_files(storage: FileStorage, indexname: str, generation: int, segments: list,
                         busy_since: float | None) -> None:
    """Whoosh's ``clean_files``: remove older tables of contents and the files of
    segments not in ``segments``, except files changed since ``busy_since``."""
    kept = {segment.segment_id() for segment in segments}
    toc_name, segment_name = TOC._pattern(indexname), TOC._segment_pattern(indexname)
    for name in list(storage):
        toc = toc_name.match(name)
        segment = segment_name.match(name)
        unused = (toc and int(toc.group(1)) != generation) or (segment and segment.group(1) not in kept)
        if unused and not (busy_since is not None and storage.file_modified(name) >= busy_since):
            with contextlib.suppress(OSError):
                storage.delete_file(name)


def _field_lengths(reader, schema) -> dict[str, list[int]]:
    """Every scorable field's length in each document of the segment being written."""
    count = reader.doc_count_all()
    return {
        name: [reader.doc_field_length(n, name) for n in range(count)]
        for name in schema.scorable_names()
    }


def size_tier(segment) -> int:
    """0 for 1..MERGE_FANOUT-1 articles, 1 up to MERGE_FANOUT**2 - 1, and so on."""
    return int(math.log(max(segment.doc_count(), 1), MERGE_FANOUT))


def full_tier(segments: list) -> list:
    """Merge policy: the segments of the smallest size tier (a power of
    ``MERGE_FANOUT`` articles) in which ``MERGE_FANOUT`` have piled up, if any.

    Whoosh's default re-merges every small segment every few commits; with the
    crawler committing every few hundred articles that was half of indexing
    time. Here each article is rewritten about once per tier and an index keeps
    fewer than ``MERGE_FANOUT`` segments per tier.
    """
    tiers: dict[int, list] = {}
    for segment in segments:
        tiers.setdefault(size_tier(segment), []).append(segment)
    return next((tiers[tier] for tier in sorted(tiers) if len(tiers[tier]) >= MERGE_FANOUT), [])


def merge_tiers(writer: SegmentWriter, segments: list) -> list:
    """Whoosh merge policy function for :func:`full_tier`: merge it into the writer's segment."""
    full = full_tier(segments)
    merge_into(writer, full)
    return without(segments, full)


def without(segments: list, removed: list) -> list:
    names = {segment.segment_id() for segment in removed}
    return [segment for segment in segments if segment.segment_id() not in names]


def _no_merge(writer: SegmentWriter, segments: list) -> list:
    return segments


def merge_into(writer: SegmentWriter, segments: list) -> None:
    """Add the documents of ``segments`` (less deleted ones) to ``writer``."""
    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()


def delete_ids(storage: FileStorage, schema, segment, ids: Iterable[str]) -> None:
    """Mark the documents with these ``id`` values deleted in ``segment``
    (committed with the segment list that includes it)."""
    reader = SegmentReader(storage, schema, segment)
    try:
        for article_id in ids:
            if ("id", article_id) in reader:
                for docnum in reader.postings("id", article_id).all_ids():
                    segment.delete_document(docnum)
    finally:
        reader.close()


def new_writer(index: Index, *, locked: bool = True) -> ArticleSegmentWriter:
    """A writer for one new segment; ``locked=False`` for a helper process
    writing a segment that another process's writer commits."""
    return ArticleSegmentWriter(index, _lk=locked, codec=IndexCodec())
