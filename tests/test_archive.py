"""The append-only archive: durable lines, latest version wins, torn lines ignored."""

from __future__ import annotations

import json
import stat

from search.archive import Archive


def rec(id_, **fields):
    return {"id": id_, "title": id_, **fields}


def test_appends_one_line_per_record_with_owner_only_permissions(tmp_path):
    path = tmp_path / "data" / "archive.jsonl"
    with Archive(path) as archive:
        archive.append(rec("a", title="राजनाथ"))
        archive.append_many([rec("b"), rec("c")])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b", "c"]
    assert "राजनाथ" in lines[0]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_latest_version_of_each_record_wins(tmp_path):
    path = tmp_path / "archive.jsonl"
    with Archive(path) as archive:
        archive.append_many([rec("a", title="old"), rec("b")])
    with Archive(path) as archive:  # a later run appends to the same file
        archive.append(rec("a", title="new"))
    assert [(r["id"], r["title"]) for r in Archive(path).iter_latest()] == [("b", "b"), ("a", "new")]


def test_torn_last_line_is_ignored_and_the_next_append_is_intact(tmp_path):
    path = tmp_path / "archive.jsonl"
    with Archive(path) as archive:
        archive.append(rec("a"))
    with open(path, "ab") as handle:
        handle.write(b'{"id": "b", "title": "half')  # a run killed mid-write
    archive = Archive(path)
    assert [r["id"] for r in archive.iter_latest()] == ["a"]
    assert archive.damaged_lines == [2]
    archive.append(rec("c"))
    archive.close()
    assert [r["id"] for r in Archive(path).iter_latest()] == ["a", "c"]


def test_missing_archive_yields_nothing(tmp_path):
    assert list(Archive(tmp_path / "none.jsonl").iter_latest()) == []


def test_record_without_id_is_refused(tmp_path):
    import pytest

    with pytest.raises(ValueError):
        Archive(tmp_path / "a.jsonl").append({"title": "no id"})


def test_damaged_lines_in_the_middle_are_skipped_and_numbered(tmp_path):
    path = tmp_path / "archive.jsonl"
    with Archive(path) as archive:
        for name in "abcde":
            archive.append(rec(name))
    lines = path.read_bytes().splitlines(keepends=True)
    lines[1] = b"\x00\x17garbage" + lines[1][9:]  # bytes overwritten on disk
    lines[3] = lines[3][:5] + b"\n"
    path.write_bytes(b"".join(lines))
    archive = Archive(path)
    assert [r["id"] for r in archive.iter_latest()] == ["a", "c", "e"]
    assert archive.damaged_lines == [2, 4]
    assert archive.damage_report() == f"{path}: skipped 2 damaged lines (2, 4)"
    size_after_two = len(lines[0]) + len(lines[1])
    assert [r["id"] for r in archive.iter_from(size_after_two)] == ["c", "e"]
    assert archive.damaged_lines == [4]
