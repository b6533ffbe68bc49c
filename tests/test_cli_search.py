"""`newssearch QUERY` end to end: a real index on disk, the real CLI in a subprocess."""

from __future__ import annotations

import pytest

from tests.helpers import newssearch
from tests.searchhelpers import build, json_lines, record, sample_records

pytestmark = pytest.mark.e2e  # real crawls, servers or CLI runs in subprocesses

ETV = "https://etv.example/national/rajnath-hegseth"
WIRE = "https://wire.example/2025/02/06/rajnath-talks"
HINDI = "https://hindi.example/desh/rajnath"
SPORT = "https://sport.example/cricket/chase"
FRESH = "https://fresh.example/today/undated"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return build(tmp_path_factory.mktemp("search-data"), sample_records())


def search_json(data, *args):
    result = newssearch(data, "--json", *args)
    assert result.returncode == 0, result.stderr
    hits = json_lines(result.stdout)
    assert result.stderr.startswith("no articles match") if not hits else result.stderr == ""
    return hits


def urls(hits):
    return [hit["url"] for hit in hits]


def test_json_lines_shape_and_own_offset(data):
    (hit,) = search_json(data, "--source", "etv bharat", "hegseth")
    assert list(hit) == ["url", "title", "source", "published", "authors", "language", "score",
                         "snippet", "story", "also"]
    assert hit["url"] == ETV
    assert hit["published"] == "2025-02-06T20:09:00+05:30"
    assert hit["authors"] == ["PTI"]
    assert hit["language"] == "en"
    assert isinstance(hit["score"], float) and hit["score"] > 0
    assert "Hegseth" in hit["snippet"]
    assert hit["story"] == "story-1"
    assert hit["also"] == [WIRE]


def test_one_hit_per_story_with_the_other_copies_in_also(data):
    hits = search_json(data, "defence")
    assert len(hits) == 1
    assert set(urls(hits) + hits[0]["also"]) == {ETV, WIRE}


def test_title_matches_rank_above_body_matches(data):
    extra = build(data.parent / "ranking", [
        record("https://a.example/body", "Weather report", "A long note that mentions turbines once among other words."),
        record("https://a.example/title", "Turbines", "Nothing else here at all, just filler words to pad it."),
    ])
    assert urls(search_json(extra, "turbines")) == ["https://a.example/title", "https://a.example/body"]


def test_devanagari_words_are_found_whole(data):
    assert urls(search_json(data, "राजनाथ")) == [HINDI]
    assert urls(search_json(data, "सिंह")) == [HINDI]
    assert search_json(data, "राज") == []  # a part of a word is not a word


def test_stemming_finds_other_forms(data):
    assert urls(search_json(data, "runs")) == [SPORT]
    assert urls(search_json(data, "ran")) == []  # porter2 stems, it does not lemmatise


def test_phrase_must_match_in_order(data):
    assert urls(search_json(data, '"quick runs"')) == [SPORT]
    assert search_json(data, '"runs quick"') == []
    assert urls(search_json(data, '"between the wickets"')) == [SPORT]  # stop words kept


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:wickets", [SPORT]),
        ("body:captain", [SPORT]),
        ("author:doe", [SPORT]),
        ('author:"jane doe"', [SPORT]),
        ('source:"hindi news"', [HINDI]),
        ("lang:hi", [HINDI]),
        ("url:cricket", [SPORT]),
        ("url:amp", [ETV]),
        ("monsoon OR wickets", None),
        ("rajnath -hegseth", []),
        ("captain NOT fielding", []),
        ("wick*", [SPORT]),
        ("wickts~", [SPORT]),
        ("(monsoon OR captain) AND coast", [FRESH]),
    ],
)
def test_query_syntax(data, query, expected):
    found = urls(search_json(data, query))
    if expected is None:
        assert sorted(found) == sorted([FRESH, SPORT])
    else:
        assert found == expected


def test_command_line_filters(data):
    assert urls(search_json(data, "--lang", "hi", "सिंह OR rajnath")) == [HINDI]
    assert urls(search_json(data, "--author", "Jane Doe", "the")) == [SPORT]
    assert urls(search_json(data, "--source", "Sports Daily", "the")) == [SPORT]
    assert search_json(data, "--source", "Nowhere", "the") == []


def test_date_filters_include_whole_days(data):
    assert urls(search_json(data, "--since", "2025-02-07", "--until", "2025-02-07", "राजनाथ")) == [HINDI]
    on_the_6th = search_json(data, "--since", "2025-02-06", "--until", "2025-02-06", "rajnath OR राजनाथ")
    assert len(on_the_6th) == 1 and on_the_6th[0]["url"] in (ETV, WIRE)
    assert urls(search_json(data, "--until", "2025-01-15", "the")) == [SPORT]
    assert search_json(data, "--until", "2025-01-14", "the") == []
    assert urls(search_json(data, "--since", "2025-01-15T13:59:00+00:00", "--until", "2025-01-15T14:00:00Z", "the")) == [SPORT]


def test_relative_dates_use_first_seen_when_undated(data):
    assert urls(search_json(data, "--since", "24h", "the OR rajnath")) == [FRESH]
    assert urls(search_json(data, "--since", "7d", "monsoon")) == [FRESH]
    assert urls(search_json(data, "--since", "yesterday", "monsoon")) == [FRESH]
    assert search_json(data, "--until", "2d", "monsoon") == []
    assert urls(search_json(data, "--since", "30m", "--until", "5m", "monsoon")) == []


def test_sort_by_date_both_ways_and_newest_story_member(data):
    query = "rajnath OR राजनाथ OR wickets"
    oldest_first = urls(search_json(data, "--sort", "date", query))
    assert oldest_first == [SPORT, ETV, HINDI]
    newest_first = urls(search_json(data, "--sort", "-date", query))
    assert newest_first == [HINDI, WIRE, SPORT]
    assert all(hit["score"] is None for hit in search_json(data, "--sort", "-date", query))


def test_limit_and_offset_page_through_stories(data):
    query = "rajnath OR राजनाथ OR wickets"
    everything = urls(search_json(data, "--sort", "date", query))
    assert urls(search_json(data, "--sort", "date", "--limit", "2", query)) == everything[:2]
    assert urls(search_json(data, "--sort", "date", "--limit", "2", "--offset", "2", query)) == everything[2:]


def test_people_output_lines(data):
    result = newssearch(data, "--source", "Sports Daily", "runs")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "1. Running between the wickets wins the chase",
        f"   Sports Daily · 2025-01-15 14:00 · {SPORT}",
        "   The batters kept running hard and scored quick runs. The captain praised the fielding.",
        "",
    ]


def test_people_output_names_other_sources(data):
    result = newssearch(data, "hegseth")
    assert "   also at 1 other source" in result.stdout.splitlines()


def test_control_and_bidi_characters_never_reach_the_terminal(data):
    for args in (["gadget"], ["--json", "gadget"], ["show", "https://odd.example/control"]):
        out = newssearch(data, *args).stdout
        assert "Hostile" in out and "reversed" in out
        assert not any(ch in out for ch in "\x1b\x07\u202e"), args


def test_json_keeps_unsafe_characters_escaped(data):
    (hit,) = search_json(data, "gadget")
    assert hit["title"] == "Hostile\x1b[31m title\u202e reversed"


def test_nothing_found_suggests_a_spelling(data):
    result = newssearch(data, "hegsth")
    assert result.returncode == 0
    assert result.stdout == "no articles match 'hegsth'; did you mean: hegseth\n"
    as_json = newssearch(data, "--json", "hegsth")
    assert as_json.stdout == "" and "did you mean: hegseth" in as_json.stderr


def test_a_query_that_is_a_command_name(data):
    extra = build(data.parent / "words", [record("https://b.example/x", "The show must go on", "stats and show")])
    for args in (["--", "show"], ["search", "show"], ["search", "stats"]):
        result = newssearch(extra, "--json", *args)
        assert urls(json_lines(result.stdout)) == ["https://b.example/x"], args


def test_updated_article_replaces_the_old_version(tmp_path):
    old = record("https://c.example/a", "Old headline zebra", "first text")
    new = dict(old, title="New headline yak", body="second text")
    build(tmp_path, [old])
    build(tmp_path, [new])
    assert search_json(tmp_path, "zebra") == []
    assert urls(search_json(tmp_path, "yak")) == ["https://c.example/a"]


def test_terminal_output_is_coloured_and_still_safe(data):
    """On a TTY, rich colours the matched words; hostile characters are still removed."""
    import os
    import pty
    import subprocess
    import sys

    from tests.helpers import REPO_ROOT

    leader, follower = pty.openpty()
    env = {**os.environ, "TZ": "UTC", "TERM": "xterm-256color", "COLUMNS": "200"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "search", "--data", str(data), "gadget OR wickets"],
                            stdout=follower, stderr=follower, cwd=REPO_ROOT, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    out = b"".join(chunks).decode()
    assert proc.returncode == 0
    assert "\x1b[" in out  # colour codes from rich
    assert "Hostile" in out and "\x07" not in out and "\u202e" not in out and "\x1b[31m" not in out
    assert "\x1b[2J" not in out
