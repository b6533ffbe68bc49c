"""ArticleIndexWriter, rebuild_index and open_index_readonly on real on-disk indexes."""

from __future__ import annotations

import stat

import pytest

from search.archive import Archive
from search.datadir import DataDir
from search.index import (
    IndexCorruptError,
    IndexLockedError,
    IndexMissingError,
    open_index_readonly,
    open_searcher,
)
from search.indexwriter import ArticleIndexWriter, rebuild_index
from tests.searchhelpers import build, record, sample_records


def doc_count(data_dir):
    with open_searcher(data_dir) as searcher:
        return searcher.doc_count()


def test_index_is_owner_only(tmp_path):
    build(tmp_path, sample_records())
    assert stat.S_IMODE(DataDir(tmp_path).index.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in DataDir(tmp_path).index.iterdir()} == {0o600}


def test_commits_every_batch_so_searchers_see_articles_during_a_crawl(tmp_path):
    writer = ArticleIndexWriter(tmp_path, batch_size=2)
    writer.add(record("https://x.example/1", "one", "one"))
    writer.add(record("https://x.example/2", "two", "two"))
    writer.add(record("https://x.example/3", "three", "three"))
    assert doc_count(tmp_path) == 2
    writer.close()
    assert doc_count(tmp_path) == 3


def test_same_id_replaces_instead_of_duplicating(tmp_path):
    first = record("https://x.example/1", "one", "one")
    with ArticleIndexWriter(tmp_path) as writer:
        writer.add(first)
        writer.add(dict(first, title="uno"))
    with ArticleIndexWriter(tmp_path) as writer:
        writer.add(dict(first, title="eins"))
    with open_searcher(tmp_path) as searcher:
        assert [fields["title"] for fields in searcher.documents()] == ["eins"]


def test_only_one_writer_at_a_time(tmp_path):
    build(tmp_path, sample_records())
    with ArticleIndexWriter(tmp_path):
        with pytest.raises(IndexLockedError, match="another crawl or reindex"):
            ArticleIndexWriter(tmp_path)
        with pytest.raises(IndexLockedError):
            rebuild_index(tmp_path)
    ArticleIndexWriter(tmp_path).close()  # free again once closed


def test_missing_index_is_reported(tmp_path):
    with pytest.raises(IndexMissingError, match="run `scrapy crawl news` first"):
        open_index_readonly(tmp_path)


def test_crawler_recovers_from_a_damaged_index_by_rebuilding(tmp_path):
    records = sample_records()
    build(tmp_path, records)
    for toc in DataDir(tmp_path).index.glob("*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(IndexCorruptError):
        ArticleIndexWriter(tmp_path)
    assert rebuild_index(tmp_path) == len(records)
    with ArticleIndexWriter(tmp_path) as writer:  # usable again, lock released
        writer.add(record("https://x.example/new", "new", "new"))
    assert doc_count(tmp_path) == len(records) + 1
    assert not DataDir(tmp_path).index.with_name("index.new").exists()
    assert not DataDir(tmp_path).index.with_name("index.old").exists()


def test_rebuild_uses_the_latest_version_of_each_article(tmp_path):
    with Archive(DataDir(tmp_path).archive) as archive:
        archive.append(record("https://x.example/1", "old", "text"))
        archive.append(record("https://x.example/1", "new", "text"))
    assert rebuild_index(tmp_path) == 1
    with open_searcher(tmp_path) as searcher:
        assert [fields["title"] for fields in searcher.documents()] == ["new"]


def test_lookup_by_any_url(tmp_path):
    from search.lookup import lookup

    build(tmp_path, sample_records())
    found = lookup(tmp_path, "https://ETV.example/amp/rajnath-hegseth/")
    assert found["id"] == "https://etv.example/national/rajnath-hegseth"
    assert found["authors"] == ["PTI"]
    assert lookup(tmp_path, "https://etv.example/other") is None


def test_index_from_an_older_version_is_rebuilt_by_the_next_writer(tmp_path):
    from search.index import FORMAT_FILE, IndexOutdatedError
    from search.schema import SCHEMA_VERSION

    build(tmp_path, sample_records())
    (DataDir(tmp_path).index / FORMAT_FILE).write_text(f'{{"schema": {SCHEMA_VERSION - 1}}}')
    with pytest.raises(IndexOutdatedError, match="run `newssearch reindex`"):
        open_index_readonly(tmp_path)
    with ArticleIndexWriter(tmp_path) as writer:
        writer.add(record("https://x.example/new", "new", "new"))
    assert doc_count(tmp_path) == len(sample_records()) + 1


def test_many_small_commits_keep_few_segments_and_no_duplicates(tmp_path):
    from collections import Counter

    from search.index import open_index_readonly
    from search.indexwriter.segmentwriter import MERGE_FANOUT, size_tier

    with ArticleIndexWriter(tmp_path, batch_size=3) as writer:
        for number in range(300):
            # Every tenth article comes back changed: replaced, never duplicated.
            url = f"https://x.example/{number - number % 10 if number % 10 == 9 else number}"
            writer.add(record(url, f"title {number}", f"harbour story number {number}"))
    with open_searcher(tmp_path) as searcher:
        ids = [fields["id"] for fields in searcher.documents()]
        assert len(ids) == len(set(ids)) == 270
    segments = open_index_readonly(tmp_path)._segments()
    tiers = Counter(size_tier(segment) for segment in segments)
    assert all(count < MERGE_FANOUT for count in tiers.values())
