"""Month arithmetic: clamped to month ends, reversible where the calendar allows."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vb_renew.rules.dates import add_months, add_years

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2400, 12, 31))
months = st.integers(min_value=-1200, max_value=1200)


@pytest.mark.parametrize(("start", "n", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 5, 31), 1, date(2026, 6, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 1, 15), -1, date(2025, 12, 15)),
    (date(2027, 5, 31), -39, date(2024, 2, 29)),
    (date(2026, 8, 10), 0, date(2026, 8, 10)),
    (date(2026, 8, 10), -24, date(2024, 8, 10)),
])
def test_add_months(start: date, n: int, expected: date) -> None:
    assert add_months(start, n) == expected


@pytest.mark.parametrize(("start", "n", "expected"), [
    (date(2024, 2, 29), 1, date(2025, 2, 28)),
    (date(2024, 2, 29), 4, date(2028, 2, 29)),
    (date(2024, 2, 29), -1, date(2023, 2, 28)),
    (date(2025, 2, 28), 1, date(2026, 2, 28)),
    (date(2026, 12, 31), 3, date(2029, 12, 31)),
])
def test_add_years(start: date, n: int, expected: date) -> None:
    assert add_years(start, n) == expected


def test_out_of_calendar_range_is_an_error() -> None:
    with pytest.raises(ValueError):
        add_years(date(9999, 6, 1), 1)


@given(dates, months)
def test_lands_in_the_right_month_on_the_closest_day(d: date, n: int) -> None:
    result = add_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    assert result.day == min(d.day, calendar.monthrange(result.year, result.month)[1])


@given(dates, months)
def test_going_back_returns_at_most_three_days_early(d: date, n: int) -> None:
    back = add_months(add_months(d, n), -n)
    assert d - timedelta(days=3) <= back <= d
    if d.day <= 28:
        assert back == d


@given(dates, dates, months)
def test_order_is_kept(a: date, b: date, n: int) -> None:
    if a <= b:
        assert add_months(a, n) <= add_months(b, n)


@given(dates, st.integers(min_value=-100, max_value=100), st.integers(min_value=-100, max_value=100))
def test_steps_compose_for_days_every_month_has(d: date, m: int, k: int) -> None:
    d = d.replace(day=min(d.day, 28))
    assert add_months(add_months(d, m), k) == add_months(d, m + k)
    assert add_years(d, m) == add_months(d, 12 * m)
