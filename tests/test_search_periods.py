"""Date ranges as calendar terms: fewest terms, only partial edge days checked exactly."""

from __future__ import annotations

from datetime import datetime

from search.periods import cover, period_terms


def test_each_article_has_year_month_and_day_terms():
    assert period_terms(datetime(2025, 2, 6, 14, 39)) == "2025 2025-02 2025-02-06"


def test_whole_year_is_one_term():
    assert cover(datetime(2025, 1, 1), datetime(2025, 12, 31, 23, 59, 59, 999999)).terms == ["2025"]


def test_whole_months_and_days_with_partial_edges():
    result = cover(datetime(2025, 1, 30, 18, 30), datetime(2025, 3, 2, 18, 29, 59, 999999))
    assert result.terms == ["2025-01-30", "2025-01-31", "2025-02", "2025-03-01", "2025-03-02"]
    assert result.edges == ["2025-01-30", "2025-03-02"]


def test_partial_last_day_still_uses_the_month_term():
    result = cover(datetime(2025, 6, 1, 8), datetime(2025, 6, 30, 23, 59, 59))
    assert result.terms == ["2025-06"] and result.edges == ["2025-06-01", "2025-06-30"]


def test_range_inside_one_day():
    result = cover(datetime(2025, 2, 6, 10), datetime(2025, 2, 6, 11))
    assert result.terms == ["2025-02-06"] and result.edges == ["2025-02-06"]


def test_range_across_years():
    result = cover(datetime(2024, 12, 31), datetime(2026, 1, 1, 23, 59, 59, 999999))
    assert result.terms == ["2024-12-31", "2025", "2026-01-01"] and result.edges == []
