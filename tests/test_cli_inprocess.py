"""The CLI's entry point called in this process: fast checks of routing, output and the record's keys.

The subprocess tests (test_cli_*.py, marked e2e) cover the real command; these run in the fast path.
"""

from __future__ import annotations

import json

import pytest

from search.cli import main
from search.record import ARCHIVE_FIELDS, SHOWN_FIELDS, STORED_ONLY
from search.schema import build_schema
from tests.searchhelpers import build, sample_records

WIRE = "https://wire.example/2025/02/06/rajnath-talks"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return build(tmp_path_factory.mktemp("inprocess-data"), sample_records())


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_bare_query_is_a_search(data, capsys):
    status, out, _ = run(capsys, "--data", str(data), "--json", "wickets")
    assert status == 0
    assert [json.loads(line)["url"] for line in out.splitlines()] == ["https://sport.example/cricket/chase"]


def test_show_json_prints_what_the_index_keeps_of_the_record(data, capsys):
    status, out, _ = run(capsys, "show", WIRE, "--json", "--data", str(data))
    assert status == 0
    shown = json.loads(out)
    assert list(shown) == [*SHOWN_FIELDS, "also"]
    assert shown["url"] == WIRE and shown["authors"] == ["PTI"]


def test_bad_input_is_one_line_and_status_2(data, capsys):
    status, out, err = run(capsys, "--data", str(data), "--sort", "sideways", "wickets")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("newssearch: ")


def test_the_record_and_the_schema_agree():
    schema = build_schema()
    assert "og_url" in ARCHIVE_FIELDS and "og_url" not in SHOWN_FIELDS
    assert set(STORED_ONLY) < set(SHOWN_FIELDS) <= set(ARCHIVE_FIELDS)
    for name in SHOWN_FIELDS:
        assert schema[name].stored, f"{name} is shown but the index does not store it"
