"""``newssearch reextract``: a change to cleaning reaches exactly the stored articles it affects."""

from __future__ import annotations

import json
import shutil

import pytest

from newscrawler.pipelines import clean
from search.archive import Archive
from search.cli import main
from search.datadir import DataDir
from tests.helpers import newssearch

MARK = "monsoon"


def latest(data_dir) -> dict[str, dict]:
    return {record["id"]: record for record in Archive(DataDir(data_dir).archive).iter_latest()}


def test_selection_by_source_and_date():
    from datetime import datetime

    from newscrawler.reextract import Selection

    record = {"id": "a", "source": "Example", "published": "2026-11-20T10:00:00+05:30", "first_seen": "2026-11-21T00:00:00+00:00"}
    assert Selection().wants(record)
    assert Selection(source="Example", since=datetime(2026, 11, 20, 4, 30)).wants(record)
    assert not Selection(since=datetime(2026, 11, 20, 4, 31)).wants(record)
    assert not Selection(source="Other").wants(record)


@pytest.mark.e2e
def test_reextract_after_a_cleaning_change_updates_exactly_the_affected_articles(demo_crawl, tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    shutil.copytree(demo_crawl[0], data)
    before = latest(data)
    lines_before = DataDir(data).archive.read_bytes()

    # Nothing changed in the code: nothing is rewritten.
    assert main(["reextract", "--data", str(data)]) == 0
    assert "pages read: 43, changed: 0, unchanged: 43, failed: 0" in capsys.readouterr().out
    assert DataDir(data).archive.read_bytes() == lines_before

    # A deliberate change: cleaning now also drops every paragraph mentioning the monsoon.
    original = clean.clean_paragraphs
    monkeypatch.setattr(clean, "clean_paragraphs", lambda paragraphs, title=None: [
        p for p in original(paragraphs, title=title) if MARK not in p.lower()])
    affected = {id for id, r in before.items()
                if any(MARK in p.lower() for p in r["body"].split("\n\n"))
                and not all(MARK in p.lower() for p in r["body"].split("\n\n"))}
    emptied = {id for id, r in before.items() if all(MARK in p.lower() for p in r["body"].split("\n\n"))}
    assert affected, "the demo site mentions the monsoon"

    assert main(["reextract", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"changed: {len(affected)}, unchanged: {43 - len(affected) - len(emptied)}, failed: {len(emptied)}" in out

    after = latest(data)
    assert after.keys() == before.keys()
    for id, record in after.items():
        old = before[id]
        if id not in affected:
            assert record == old
            continue
        assert MARK not in record["body"].lower() and record["body"] != old["body"]
        assert record["content_hash"] != old["content_hash"]
        assert {k: record[k] for k in ("url", "urls", "first_seen", "crawled", "warc_file", "warc_offset")} == \
            {k: old[k] for k in ("url", "urls", "first_seen", "crawled", "warc_file", "warc_offset")}
        assert record["updated"] and record["extractor"]
    # The index follows the archive.
    some = sorted(affected)[0]
    shown = newssearch(data, "show", after[some]["url"], "--json")
    assert json.loads(shown.stdout)["body"] == after[some]["body"]
    hits = newssearch(data, f"body:{MARK}", "--json", "--limit", "100").json_lines()
    assert not {hit["url"] for hit in hits} & {after[id]["url"] for id in affected}
