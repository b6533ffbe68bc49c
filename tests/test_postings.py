"""The bulk postings writer (search.indexwriter.postings) and the helper process against Whoosh's own writer.

Both index the same articles; every term of every field must then read back
with the same documents, weights, positions and statistics, whether the
articles went in as one segment or through many small commits, tiered merges,
replaced versions, a helper process's segments and its background merges.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from benchmarks.search_corpus import articles
from search.datadir import DataDir
from search.documents import to_document
from search.indexwriter import ArticleIndexWriter, batches
from search.indexwriter.segmentworker import SegmentWorker
from search.indexwriter.segmentwriter import MERGE_FANOUT, new_writer
from search.schema import build_schema
from search.segments import IndexCodec
from tests.searchhelpers import counted


def postings_by_article(ix) -> dict:
    """Every term's postings keyed by article id, and its document frequency and weight."""
    found = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {n: fields["id"] for n, fields in reader.iter_docs()}
        for fieldname, tbytes in reader.all_terms():
            matcher = reader.postings(fieldname, tbytes)
            entries = {}
            while matcher.is_active():
                # Value-less postings read back as None from blocks and b"" when inlined
                entries[ids[matcher.id()]] = (matcher.weight(), matcher.value() or b"")
                matcher.next()
            if entries:
                found[fieldname, tbytes] = (entries, reader.doc_frequency(fieldname, tbytes),
                                            reader.frequency(fieldname, tbytes))
    return found


def whoosh_reference(path, records) -> dict:
    path.mkdir()
    ix = FileStorage(str(path), supports_mmap=False).create_index(build_schema())
    writer = SegmentWriter(ix, codec=W3Codec())
    for record in records:
        writer.add_document(**to_document(record))
    writer.commit()
    return postings_by_article(ix)


def ours(data_dir, records, batch_size: int) -> dict:
    with ArticleIndexWriter(data_dir, batch_size=batch_size) as writer:
        for record in records:
            writer.add(record)
    ix = FileStorage(str(DataDir(data_dir).index), supports_mmap=False).open_index()
    return postings_by_article(ix)


def test_one_segment_reads_back_as_whooshs_own(tmp_path):
    records = list(articles(120))
    assert ours(tmp_path / "ours", records, batch_size=500) == whoosh_reference(tmp_path / "whoosh", records)


def test_merged_segments_with_replaced_articles_read_back_as_one_whoosh_segment(tmp_path):
    records = list(articles(150))
    changed = [dict(r, title=r["title"] + " updated", body=r["body"][: len(r["body"]) // 2]) for r in records[::7]]
    latest = {r["id"]: r for r in records + changed}
    reference = whoosh_reference(tmp_path / "whoosh", latest.values())
    data_dir = tmp_path / "ours"
    # Batches of 5 fill the smallest tier, which is merged; the changed
    # articles delete their first versions in segments that are merged later.
    with ArticleIndexWriter(data_dir, batch_size=5) as writer:
        for record in records + changed:
            writer.add(record)
    ix = FileStorage(str(DataDir(data_dir).index), supports_mmap=False).open_index()
    assert 1 < len(ix._segments()) < MERGE_FANOUT * 2
    assert isinstance(ix._segments()[0].codec(), IndexCodec)
    # Whoosh counts deleted documents in term statistics until their segment is merged away.
    assert {key: value[0] for key, value in postings_by_article(ix).items()} == {
        key: value[0] for key, value in reference.items()
    }
    writer = new_writer(ix)
    writer.commit(optimize=True)
    assert len(ix._segments()) == 1
    assert postings_by_article(ix) == reference


@pytest.mark.e2e  # starts the helper process
def test_helper_segments_and_background_merges_read_back_as_one_whoosh_segment(tmp_path, monkeypatch):
    # Small numbers so a 15-article batch goes half to the helper and tiers fill
    # (and are merged by the helper, in the background) within 170 articles.
    monkeypatch.setattr(batches, "HELPER_AFTER", 3)
    monkeypatch.setattr(batches, "HELPER_CHUNK", 4)
    calls = Counter()
    for name in ("send", "merge"):
        monkeypatch.setattr(SegmentWorker, name, counted(getattr(SegmentWorker, name), calls, name))
    records = list(articles(150))
    changed = [dict(r, title=r["title"] + " updated", body=r["body"][: len(r["body"]) // 2]) for r in records[::7]]
    latest = {r["id"]: r for r in records + changed}
    reference = whoosh_reference(tmp_path / "whoosh", latest.values())
    data_dir = tmp_path / "ours"
    with ArticleIndexWriter(data_dir, batch_size=15, helper=True) as writer:
        for record in records + changed:
            writer.add(record)
    assert calls["send"] > 10 and calls["merge"] >= 1
    ix = FileStorage(str(DataDir(data_dir).index), supports_mmap=False).open_index()
    assert {key: value[0] for key, value in postings_by_article(ix).items()} == {
        key: value[0] for key, value in reference.items()
    }
    assert [p.name for p in DataDir(data_dir).index.iterdir() if p.is_dir()] == []
    new_writer(ix).commit(optimize=True)
    assert postings_by_article(ix) == reference


@pytest.mark.e2e  # starts the helper process
def test_a_killed_helper_loses_no_article(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "HELPER_AFTER", 3)
    monkeypatch.setattr(batches, "HELPER_CHUNK", 4)
    records = list(articles(40))
    with ArticleIndexWriter(tmp_path, batch_size=40, helper=True) as writer:
        for record in records[:30]:
            writer.add(record)
        helper = writer._batches._helper._pool
        for pid in list(helper._processes):
            os.kill(pid, signal.SIGKILL)
        for record in records[30:]:
            writer.add(record)
    ix = FileStorage(str(DataDir(tmp_path).index), supports_mmap=False).open_index()
    with ix.searcher() as searcher:
        ids = [fields["id"] for fields in searcher.documents()]
    assert sorted(ids) == sorted(r["id"] for r in records)



def test_articles_in_every_language_read_back_as_whooshs_own(tmp_path):
    from tests.multilingual import records as multilingual

    records = multilingual() + list(articles(30))
    assert ours(tmp_path / "ours", records, batch_size=7) == whoosh_reference(tmp_path / "whoosh", records)
