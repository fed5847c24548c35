"""The new expiry: nothing of the remaining term is lost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vb_renew.rules.dates import add_years
from vb_renew.rules.errors import RuleError
from vb_renew.rules.extension import ExpiredBase, new_expiry

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
years = st.sampled_from([1, 2, 3])


@pytest.mark.parametrize(("old", "n", "confirmed", "expected"), [
    (date(2026, 6, 15), 1, date(2026, 5, 1), date(2027, 6, 15)),
    (date(2026, 6, 15), 3, date(2026, 6, 15), date(2029, 6, 15)),  # confirmed on the last day: still in term
    (date(2024, 2, 29), 1, date(2024, 2, 1), date(2025, 2, 28)),
    (date(2024, 2, 29), 2, date(2024, 2, 29), date(2026, 2, 28)),
    (date(2026, 6, 15), 1, date(2026, 6, 16), date(2027, 6, 16)),  # the day after: counts from confirmation
    (date(2026, 6, 15), 2, date(2027, 2, 28), date(2029, 2, 28)),
])
def test_new_expiry(old: date, n: int, confirmed: date, expected: date) -> None:
    assert new_expiry(old, n, confirmed) == expected


def test_expired_base_is_a_setting() -> None:
    old, confirmed = date(2026, 6, 15), date(2026, 9, 1)
    assert new_expiry(old, 1, confirmed, ExpiredBase.CONFIRMATION_DATE) == date(2027, 9, 1)
    assert new_expiry(old, 1, confirmed, ExpiredBase.OLD_EXPIRY) == date(2027, 6, 15)
    assert new_expiry(old, 1, confirmed, "old_expiry") == date(2027, 6, 15)
    # in term the setting does not matter
    assert new_expiry(old, 1, date(2026, 6, 1), ExpiredBase.OLD_EXPIRY) == date(2027, 6, 15)


@pytest.mark.parametrize("n", [0, -1, True])
def test_invalid_years(n: int) -> None:
    with pytest.raises(RuleError) as caught:
        new_expiry(date(2026, 6, 15), n, date(2026, 6, 1))
    assert caught.value.first.code == "catalogue.invalid_years"


@given(dates, years, st.integers(min_value=0, max_value=1200))
def test_in_term_no_remaining_day_is_lost(old: date, n: int, days_left: int) -> None:
    confirmed = old - timedelta(days=days_left)
    new = new_expiry(old, n, confirmed)
    bought = add_years(old, n) - old
    assert new >= add_years(old, n)
    assert new - confirmed >= (old - confirmed) + bought
    # a 1-3 year span holds at most one 29 February, and clamping 29 February never loses a whole year's day
    assert 365 * n <= (new - old).days <= 365 * n + 1


@given(dates, years, st.integers(min_value=1, max_value=2000), st.sampled_from(list(ExpiredBase)))
def test_expired_gets_the_full_term_from_its_base(old: date, n: int, days_late: int, base: ExpiredBase) -> None:
    confirmed = old + timedelta(days=days_late)
    new = new_expiry(old, n, confirmed, base)
    start = confirmed if base is ExpiredBase.CONFIRMATION_DATE else old
    assert new == add_years(start, n)
    if base is ExpiredBase.CONFIRMATION_DATE:
        assert 365 * n <= (new - confirmed).days <= 365 * n + 1
