"""`newssearch export`: every matching article in full, read back and compared with `show --json`."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from search.archive import Archive
from search.datadir import DataDir
from search.export import LIST_SEPARATOR
from search.indexwriter import ArticleIndexWriter
from tests.helpers import newssearch
from tests.searchhelpers import build, json_lines, record, sample_records

pytestmark = pytest.mark.e2e  # real crawls, servers or CLI runs in subprocesses

pq = pytest.importorskip("pyarrow.parquet", reason="the parquet extra is not installed (make install adds it)")

ETV = "https://etv.example/national/rajnath-hegseth"
WIRE = "https://wire.example/2025/02/06/rajnath-talks"
FORMULA = "https://formula.example/cells"
HOSTILE = "https://odd.example/control"
TIMES = ("published", "updated", "first_seen", "crawled")


def _records() -> list[dict]:
    return [
        *sample_records(),
        record(FORMULA, "=HYPERLINK(\"http://evil.example\",\"click\")", "-1 is a number; +2 too.",
               authors=["@handle", "Second, Author"], published="2025-02-08T07:00:00+00:00", source="Formula Site"),
    ]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    data_dir = build(tmp_path_factory.mktemp("export-data"), _records())
    # An updated article leaves its old version deleted in a segment: export must skip it.
    updated = {**next(r for r in _records() if r["id"] == WIRE), "title": "Rajnath Singh and Hegseth talk (updated)"}
    with Archive(DataDir(data_dir).archive) as archive:
        archive.append(updated)
    with ArticleIndexWriter(data_dir) as writer:
        writer.add(updated)
    return data_dir


@pytest.fixture(scope="module")
def shown(data):
    """`show URL --json` of every article, by id."""
    articles = {}
    for rec in _records():
        result = newssearch(data, "show", rec["id"], "--json")
        assert result.returncode == 0, result.stderr
        (article,) = json_lines(result.stdout)
        articles[article["id"]] = article
    return articles


def export(data, *args: str) -> str:
    result = newssearch(data, "export", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_jsonl_reads_back_equal_to_show_json_for_every_article(data, shown):
    exported = json_lines(export(data))
    assert len(exported) == len(shown)  # the deleted old version is not exported
    assert {article["id"]: article for article in exported} == shown
    assert next(a for a in exported if a["id"] == WIRE)["title"].endswith("(updated)")
    assert all(list(article) == list(shown[article["id"]]) for article in exported)


def test_parquet_reads_back_equal_to_show_json_with_typed_columns(data, shown, tmp_path):
    out = tmp_path / "articles.parquet"
    result = newssearch(data, "export", "--out", str(out))  # format from the extension
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"exported {len(shown)} articles to {out}\n"
    table = pq.read_table(out)
    assert str(table.schema.field("published").type) == "timestamp[us, tz=UTC]"
    assert str(table.schema.field("authors").type) == "list<element: string>"
    rows = table.to_pylist()
    assert len(rows) == len(shown)
    for row in rows:
        expected = shown[row["id"]]
        assert list(row) == list(expected)
        for name, value in row.items():
            if name in TIMES:  # the same instant (the column is in UTC)
                want = expected[name] and datetime.fromisoformat(expected[name])
                assert value == want, (row["id"], name)
            else:
                assert value == expected[name], (row["id"], name)


def test_csv_one_row_per_article_read_back_by_the_csv_module(data, shown):
    rows = list(csv.DictReader(io.StringIO(export(data, "--format", "csv"), newline="")))
    assert len(rows) == len(shown)
    for row in rows:
        expected = shown[row["id"]]
        assert list(row) == list(expected)
        if row["id"] in (FORMULA, HOSTILE):
            continue  # their cells are made safe: see the next test
        assert row["title"] == expected["title"]
        assert row["body"] == expected["body"]  # paragraphs and all, in one cell
        assert row["authors"] == LIST_SEPARATOR.join(expected["authors"])
        assert row["urls"].split(LIST_SEPARATOR) == expected["urls"]
        assert (row["also"].split(LIST_SEPARATOR) if row["also"] else []) == expected["also"]
        assert row["published"] == (expected["published"] or "")
        assert row["story"] == (expected["story"] or "")


def test_csv_cells_are_safe_in_a_spreadsheet(data):
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(export(data, "--format", "csv"), newline=""))}
    formula = rows[FORMULA]
    assert formula["title"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"  # text, not a formula
    assert formula["body"] == "'-1 is a number; +2 too."
    assert formula["authors"] == "'@handle; Second, Author"
    hostile = rows[HOSTILE]
    assert hostile["title"] == "Hostile[31m title reversed"  # control and bidi characters removed
    assert "\x1b" not in hostile["body"] and "\x07" not in hostile["body"]


def test_csv_bom_for_spreadsheets(data, tmp_path):
    out = tmp_path / "articles.csv"
    assert newssearch(data, "export", "--bom", "--out", str(out)).returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,url,")
    assert "राजनाथ सिंह" in raw.decode("utf-8-sig")
    assert not export(data, "--format", "csv").startswith("\ufeff")


def test_query_and_filters_select_articles_without_collapsing_stories(data):
    both = json_lines(export(data, "defence"))
    assert {a["id"] for a in both} == {ETV, WIRE}  # export gives every copy, search one per story
    assert [a["id"] for a in json_lines(export(data, "defence", "--source", "Wire News"))] == [WIRE]
    hindi = json_lines(export(data, "--lang", "hi"))
    assert [a["language"] for a in hindi] == ["hi"]
    dated = json_lines(export(data, "--since", "2025-02-07", "--until", "2025-02-08"))
    assert {a["id"] for a in dated} == {"https://hindi.example/desh/rajnath", FORMULA}
    assert json_lines(export(data, "nosuchwordanywhere")) == []


def test_interrupted_or_failed_export_leaves_no_file(data, tmp_path):
    out = tmp_path / "missing-dir" / "articles.jsonl"
    result = newssearch(data, "export", "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith("newssearch: cannot write ") and result.stderr.count("\n") == 1
    assert not out.parent.exists()
    ok = tmp_path / "articles.jsonl"
    assert newssearch(data, "export", "--out", str(ok)).returncode == 0
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["articles.jsonl"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "argument --format: invalid choice"),
        (["--since", "someday"], "cannot read date"),
        (['"unbalanced'], "unbalanced quote"),
        (["--wat"], "unknown option --wat"),
    ],
)
def test_bad_export_input_is_one_line_and_status_2(data, args, message):
    result = newssearch(data, "export", *args)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_json_lines_are_one_object_per_line_even_with_hostile_text(data):
    lines = export(data, "gadget").splitlines()
    assert len(lines) == 1
    assert "\x1b" not in lines[0] and "\\u001b" in lines[0]
    assert json.loads(lines[0])["title"] == "Hostile\x1b[31m title\u202e reversed"
