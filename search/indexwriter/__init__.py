"""The index's write path, fenced: everything that writes Whoosh's on-disk format.

Whoosh's own writer was too slow for a crawler committing every thousand
articles, so segments are written here through Whoosh's private names
(codec tables, segment writer internals; pinned to Whoosh-Reloaded 2.7.5, see
tests/test_dependencies.py). Nothing outside this package touches them: the
rest of the project writes the index only through this interface.

- :class:`ArticleIndexWriter`: add or replace records, commit, close (``writer``);
- :func:`rebuild_index`: the index again from the archive (``writer``);
- :func:`build_index`: a new index from records at a path (``writer``).

Inside: ``writer`` opens, locks and makes commits durable; ``batches`` turns
records into one segment per batch, on two cores with ``segmentworker``;
``segmentwriter`` writes and merges segments; ``postings`` writes their
posting lists.
"""

from search.indexwriter.writer import ArticleIndexWriter, build_index, rebuild_index

__all__ = ["ArticleIndexWriter", "build_index", "rebuild_index"]
