"""`newssearch show / stats / reindex / similar` and help texts, through the real CLI."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

import pytest

from search.cli import COMMANDS
from search.record import SHOWN_FIELDS
from tests.helpers import newssearch
from tests.searchhelpers import build, json_lines, record, sample_records

pytestmark = pytest.mark.e2e  # real crawls, servers or CLI runs in subprocesses

ETV = "https://etv.example/national/rajnath-hegseth"
WIRE = "https://wire.example/2025/02/06/rajnath-talks"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return build(tmp_path_factory.mktemp("commands-data"), sample_records())


@pytest.mark.parametrize(
    "typed",
    [ETV, "HTTPS://ETV.EXAMPLE/national/rajnath-hegseth", ETV + "/", ETV + "#comments",
     "https://etv.example:443/national/rajnath-hegseth", "https://etv.example/amp/rajnath-hegseth",
     ETV + "?utm_source=twitter&utm_medium=social"],
)
def test_show_json_finds_the_article_by_any_of_its_urls(data, typed):
    result = newssearch(data, "show", typed, "--json")
    assert result.returncode == 0, result.stderr
    (article,) = json_lines(result.stdout)
    archived = next(r for r in sample_records() if r["id"] == ETV)
    assert article == {**{name: archived[name] for name in SHOWN_FIELDS}, "also": [WIRE]}


def test_show_for_people_prints_the_whole_body(data):
    result = newssearch(data, "show", WIRE)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "Rajnath Singh and Hegseth talk defence ties",
        "Wire News · 2025-02-06 16:00 · PTI",
        WIRE,
        "",
        "Defence Minister Rajnath Singh spoke with Pete Hegseth about defence ties on Thursday.",
        "",
        f"also at: {ETV}",
    ]


def test_data_directory_from_environment(data):
    result = newssearch(None, "--json", "wickets", env={"NEWS_DATA": str(data)})
    assert result.returncode == 0
    assert json_lines(result.stdout)[0]["url"] == "https://sport.example/cricket/chase"


def test_show_unknown_url_exits_1(data):
    result = newssearch(data, "show", "https://nowhere.example/x")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "newssearch: no article with URL https://nowhere.example/x in the index\n"


def test_stats_json(tmp_path):
    now = datetime.now(timezone.utc)
    data = build(tmp_path, sample_records(now))
    (data / "last-crawl.json").write_text(json.dumps({"finished": "2025-03-01T10:00:00+00:00", "articles": 6}))
    result = newssearch(data, "stats", "--json")
    assert result.returncode == 0, result.stderr
    (stats,) = json_lines(result.stdout)
    assert stats["articles"] == 6
    assert stats["stories"] == 5
    assert stats["sources"]["ETV Bharat"] == 1 and sum(stats["sources"].values()) == 6
    assert stats["languages"] == {"en": 5, "hi": 1}
    assert len(stats["per_day"]) == 30
    assert sum(stats["per_day"].values()) == 1  # only the fresh article is recent
    assert stats["last_crawl"] == {"finished": "2025-03-01T10:00:00+00:00", "articles": 6}
    assert stats["index_bytes"] > 0


def test_stats_for_people(data):
    result = newssearch(data, "stats")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == ["articles: 6", "stories:  5"]
    assert "  hi: 1" in lines


def test_reindex_rebuilds_from_the_archive(tmp_path):
    data = build(tmp_path, sample_records())
    shutil.rmtree(data / "index")
    assert newssearch(data, "rajnath").returncode == 2
    result = newssearch(data, "reindex")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "indexed 6 articles from the archive\n"
    assert newssearch(data, "--json", "hegseth").stdout.count("\n") == 1


def test_reindex_shows_a_progress_bar_on_a_terminal(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    from tests.helpers import REPO_ROOT as ROOT

    data = build(tmp_path, sample_records())
    controller, terminal = pty.openpty()
    with os.fdopen(controller, "rb", buffering=0) as screen:
        done = subprocess.run([sys.executable, "-m", "search", "--data", str(data), "reindex"],
                              stdout=subprocess.PIPE, stderr=terminal, cwd=ROOT, timeout=60)
        os.close(terminal)
        shown = b""
        try:
            while chunk := screen.read(4096):
                shown += chunk
        except OSError:  # the terminal's other end is closed: all was read
            pass
    assert done.returncode == 0
    assert b"indexing the archive" in shown and b"6/6" in shown
    assert done.stdout == b"indexed 6 articles from the archive\n"


def test_similar_finds_other_stories_on_the_subject(tmp_path):
    data = build(tmp_path, [
        record("https://s.example/1", "Monsoon floods Kerala", "Heavy monsoon rain floods villages in Kerala rivers", story="a"),
        record("https://s.example/2", "Monsoon floods copy", "Heavy monsoon rain floods villages in Kerala rivers", story="a"),
        record("https://s.example/3", "Kerala rivers rise", "Monsoon rain makes Kerala rivers rise and floods villages"),
        record("https://s.example/4", "Cricket final", "A late boundary won the cricket match at Lord's"),
    ])
    result = newssearch(data, "similar", "https://s.example/1", "--json")
    assert result.returncode == 0, result.stderr
    assert [hit["url"] for hit in json_lines(result.stdout)] == ["https://s.example/3"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = newssearch(None, command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: newssearch {command}")
    description = result.stdout.split("\n\n")[1]
    assert len(description) > 20


def test_top_level_help_lists_every_command():
    result = newssearch(None, "--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


def test_console_script_is_installed(data):
    exe = shutil.which("newssearch") or str(__import__("pathlib").Path(__import__("sys").executable).parent / "newssearch")
    import subprocess

    result = subprocess.run([exe, "--data", str(data), "--json", "wickets"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert json_lines(result.stdout)[0]["url"] == "https://sport.example/cricket/chase"


def test_a_reader_that_goes_away_is_not_a_damaged_index(data):
    """`newssearch QUERY | head -1`: the closed pipe ends the search quietly, with status 0."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "search", "--data", str(data), "monsoon OR wickets OR rajnath"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as reader:
        reader.stdout.close()  # what `head` does once it has its line
        err = reader.stderr.read().decode()
    assert reader.returncode == 0, err
    assert "damaged" not in err


def test_stats_do_not_count_replaced_versions(tmp_path):
    """An updated article leaves a deleted old version in the index until segments merge."""
    first = record("https://u.example/1", "First", "text", story="s", source="Alpha")
    build(tmp_path, [first, record("https://u.example/2", "Second", "text", story="s", source="Beta")])
    build(tmp_path, [dict(first, title="First again", source="Gamma")])
    (stats,) = json_lines(newssearch(tmp_path, "stats", "--json").stdout)
    assert stats["articles"] == 2
    assert stats["stories"] == 1
    assert stats["sources"] == {"Beta": 1, "Gamma": 1}
