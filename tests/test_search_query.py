"""Query building pieces: dates, URLs as typed, query validation."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from search.datebounds import DateError, parse_bound
from search.index import open_searcher
from search.lookup import url_candidates
from search.query import QueryError, parse_query
from tests.searchhelpers import build, sample_records

NOW = datetime(2025, 2, 10, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    __import__("time").tzset()
    yield
    monkeypatch.undo()
    __import__("time").tzset()


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2025-02-06", False, datetime(2025, 2, 6, 0, 0)),
        ("2025-02-06", True, datetime(2025, 2, 6, 23, 59, 59, 999999)),
        ("2025-02-06T20:09:00+05:30", False, datetime(2025, 2, 6, 14, 39)),
        ("2025-02-06T20:09Z", True, datetime(2025, 2, 6, 20, 9)),
        ("7d", False, datetime(2025, 2, 3, 12, 0)),
        ("24h", False, datetime(2025, 2, 9, 12, 0)),
        ("2w", False, datetime(2025, 1, 27, 12, 0)),
        ("yesterday", False, datetime(2025, 2, 9, 0, 0)),
        ("Yesterday", True, datetime(2025, 2, 9, 23, 59, 59, 999999)),
        ("today", False, datetime(2025, 2, 10, 0, 0)),
    ],
)
def test_date_bounds_are_naive_utc(text, end, expected):
    assert parse_bound(text, end=end, now=NOW) == expected


def test_bare_dates_are_whole_local_days(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    __import__("time").tzset()
    assert parse_bound("2025-02-06", end=False, now=NOW) == datetime(2025, 2, 5, 18, 30)


@pytest.mark.parametrize("text", ["", "soon", "7x", "2025-02-30", "-3d"])
def test_unreadable_dates(text):
    with pytest.raises(DateError, match="use YYYY-MM-DD"):
        parse_bound(text, end=False, now=NOW)


def test_url_candidates_cover_what_people_paste():
    candidates = url_candidates("HTTPS://Example.COM:443/News/Story/?a=1#top")
    assert "https://example.com/News/Story/?a=1" in candidates
    assert "https://example.com/News/Story?a=1" in candidates
    assert url_candidates("not a url") == ["not a url"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    data = build(tmp_path_factory.mktemp("query-data"), sample_records())
    with open_searcher(data) as opened:
        yield opened


def test_default_fields_weigh_title_higher(searcher):
    q = parse_query(searcher, "hegseth")
    assert {(t.fieldname, t.boost) for t in q.leaves()} == {("title", 3.0), ("body", 1.0)}


@pytest.mark.parametrize(
    ("text", "message"),
    [('"open', "unbalanced quote"), ("a)", "unbalanced parenthesis"), ("kind:x", "unknown field 'kind'"), ("", "empty query")],
)
def test_malformed_queries(searcher, text, message):
    with pytest.raises(QueryError, match=message):
        parse_query(searcher, text)


def test_times_of_day_are_words_not_fields(searcher):
    assert parse_query(searcher, "10:30") is not None
