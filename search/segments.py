"""The codec every segment of the index is written with.

Whoosh pickles a segment's codec into the index's table of contents, so
``search.segments.IndexCodec`` is a name stored in every index on disk: it
stays here, importable by readers, whatever moves around it. Segments are
written by :mod:`search.indexwriter`.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec


class IndexCodec(W3Codec):
    """Whoosh's codec (pickled into each segment by name) with the settings
    :class:`search.indexwriter.postings.TermWriter` writes postings with."""

    INLINE_LIMIT = 4
    MIN_COMPRESSED = 8
    COMPRESSION = 1
    """zlib level of posting blocks: level 3 (Whoosh's) took a sixth of merge time
    for 2% smaller blocks than level 1."""

    def __init__(self) -> None:
        super().__init__(compression=self.COMPRESSION, inlinelimit=self.INLINE_LIMIT)
