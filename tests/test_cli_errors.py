"""Every way `newssearch` can be misused or find a broken index: one line on stderr, exit 2."""

from __future__ import annotations

import json

import pytest

from search.indexwriter import ArticleIndexWriter
from tests.helpers import newssearch
from tests.searchhelpers import build, sample_records

pytestmark = pytest.mark.e2e  # real crawls, servers or CLI runs in subprocesses


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return build(tmp_path_factory.mktemp("errors-data"), sample_records())


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("newssearch: ") and result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (['"defence minister'], "unbalanced quote"),
        (["(defence OR rajnath"], "unbalanced parenthesis"),
        (["colour:red"], "unknown field 'colour'"),
        ([" "], "empty query"),
        (["--since", "last tuesday", "x"], "cannot read date 'last tuesday'"),
        (["--until", "2025-13-01", "x"], "cannot read date '2025-13-01'"),
        (["--since", "2025-02-07", "--until", "2025-02-06", "x"], "--since is later than --until"),
        (["--limit", "ten", "x"], "not a number: 'ten'"),
        (["--sort", "size", "x"], "invalid choice: 'size'"),
        (["--jsn", "x"], "unknown option --jsn"),
        ([], "required: query"),
        (["show"], "required: url"),
    ],
)
def test_bad_input(data, args, fragment):
    assert_one_line_error(newssearch(data, *args), fragment)


def test_missing_index(tmp_path):
    assert_one_line_error(newssearch(tmp_path, "rajnath"), f"no index at {tmp_path}; run `scrapy crawl news` first")


def test_missing_index_named_by_environment(tmp_path):
    result = newssearch(None, "stats", env={"NEWS_DATA": str(tmp_path / "nothing")})
    assert_one_line_error(result, f"no index at {tmp_path / 'nothing'}")


def test_empty_index(tmp_path):
    ArticleIndexWriter(tmp_path).close()
    assert_one_line_error(newssearch(tmp_path, "rajnath"), "is empty; run `scrapy crawl news` first")
    stats = newssearch(tmp_path, "stats", "--json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["articles"] == 0


def test_corrupt_segment(tmp_path):
    build(tmp_path, sample_records())
    for segment in (tmp_path / "index").glob("*.seg"):
        segment.write_bytes(b"\0" * 100)
    for args in (["rajnath"], ["show", "https://etv.example/national/rajnath-hegseth"], ["stats"]):
        assert_one_line_error(newssearch(tmp_path, *args), "is damaged; run `newssearch reindex`")


def test_corrupt_table_of_contents(tmp_path):
    build(tmp_path, sample_records())
    for toc in (tmp_path / "index").glob("*.toc"):
        toc.write_bytes(toc.read_bytes()[:40])
    assert_one_line_error(newssearch(tmp_path, "rajnath"), "is damaged")


def test_index_from_a_newer_version(tmp_path):
    build(tmp_path, sample_records())
    (tmp_path / "index" / "newssearch.json").write_text('{"schema": 99}\n')
    assert_one_line_error(newssearch(tmp_path, "rajnath"), "written by a newer version")


def test_reindex_without_archive_keeps_the_index(tmp_path):
    build(tmp_path, sample_records())
    (tmp_path / "archive.jsonl").unlink()
    assert_one_line_error(newssearch(tmp_path, "reindex"), "no archive at")
    assert newssearch(tmp_path, "rajnath").returncode == 0


def test_reindex_while_a_crawl_writes(tmp_path):
    build(tmp_path, sample_records())
    with ArticleIndexWriter(tmp_path):
        assert_one_line_error(newssearch(tmp_path, "reindex"), "another crawl or reindex")


def test_index_from_an_older_version_is_rebuilt_from_the_archive_once(tmp_path):
    build(tmp_path, sample_records())
    version_file = tmp_path / "index" / "newssearch.json"
    current = version_file.read_text()
    version_file.write_text('{"schema": 1}\n')
    result = newssearch(tmp_path, "--json", "rajnath")
    assert result.returncode == 0 and result.stderr == ""
    assert len(result.stdout.splitlines()) == 1
    assert version_file.read_text() == current  # rebuilt at the current version: never again


def test_index_from_an_older_version_without_archive(tmp_path):
    build(tmp_path, sample_records())
    (tmp_path / "archive.jsonl").unlink()
    (tmp_path / "index" / "newssearch.json").write_text('{"schema": 1}\n')
    assert_one_line_error(newssearch(tmp_path, "rajnath"), "older version of newscrawler; run `newssearch reindex`")
