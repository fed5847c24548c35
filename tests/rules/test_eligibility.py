"""Renewal windows, the account listing and the licence state, at their boundaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vb_renew.rules.catalogue import load_catalogue
from vb_renew.rules.eligibility import (
    LicenceState,
    licence_state,
    listed_in_account,
    renewal_status,
)
from vb_renew.rules.slips import load_simulation

DAY = timedelta(days=1)
VB_CLOUD_PRODUCTS = ["vb_cloud", "vb_cloud_dls"]
TS_PRODUCTS = ["ts_standard", "ts_premium"]


@pytest.mark.parametrize("key", VB_CLOUD_PRODUCTS)
@pytest.mark.parametrize(("expiry", "first_day"), [
    (date(2029, 6, 15), date(2026, 3, 15)),
    (date(2027, 5, 31), date(2024, 2, 29)),  # 39 months back lands on a leap day
    (date(2028, 5, 31), date(2025, 2, 28)),  # ... or on a common February's end
])
def test_window_opens_39_months_before_expiry(key: str, expiry: date, first_day: date) -> None:
    opening = renewal_status(key, expiry, first_day)
    assert opening.renewable and opening.refusal is None
    assert opening.window_start == first_day

    before = renewal_status(key, expiry, first_day - DAY)
    assert not before.renewable
    assert before.refusal is not None and before.refusal.code == "renewal.too_early"
    assert before.refusal.message == f"{first_day:%Y/%m/%d}から契約更新のお手続きができます。"
    assert before.refusal.text.source == "{date}から契約更新のお手続きができます。"  # untranslated, for Qt
    assert before.refusal.text.context == "Rules"


@pytest.mark.parametrize("key", VB_CLOUD_PRODUCTS)
@pytest.mark.parametrize(("expiry", "last_day"), [
    (date(2026, 6, 15), date(2028, 6, 15)),
    (date(2024, 2, 29), date(2026, 2, 28)),  # a leap-day expiry: 2 years later is 28 February
    (date(2025, 12, 31), date(2027, 12, 31)),
])
def test_window_closes_2_years_after_expiry(key: str, expiry: date, last_day: date) -> None:
    closing = renewal_status(key, expiry, last_day)
    assert closing.renewable and closing.window_end == last_day

    after = renewal_status(key, expiry, last_day + DAY)
    assert not after.renewable
    assert after.refusal is not None and after.refusal.code == "renewal.expired_over_2_years"
    assert "新しく" in after.refusal.message and "購入" in after.refusal.message


def test_renewable_on_the_expiry_day_and_the_day_after() -> None:
    expiry = date(2026, 4, 30)
    assert renewal_status("vb_cloud", expiry, expiry).renewable
    assert renewal_status("vb_cloud", expiry, expiry + DAY).renewable


@pytest.mark.parametrize("key", TS_PRODUCTS)
@pytest.mark.parametrize("today", [date(2016, 1, 1), date(2026, 4, 1), date(2036, 4, 2), date(2046, 1, 1)])
def test_total_security_is_always_renewable(key: str, today: date) -> None:
    status = renewal_status(key, date(2026, 4, 1), today)  # up to 20 years expired, or 10 years early
    assert status.renewable and status.refusal is None
    assert status.window_start is None and status.window_end is None


def test_accepts_a_product_or_its_key() -> None:
    product = load_catalogue().product("vb_cloud")
    args = (date(2026, 5, 1), date(2029, 1, 1))
    assert renewal_status(product, *args) == renewal_status("vb_cloud", *args)


@pytest.mark.parametrize(("expiry", "last_listed"), [
    (date(2026, 6, 15), date(2027, 6, 15)),
    (date(2024, 2, 29), date(2025, 2, 28)),
    (date(2026, 1, 31), date(2027, 1, 31)),
])
def test_the_serial_leaves_the_account_a_year_after_expiry(expiry: date, last_listed: date) -> None:
    assert listed_in_account(expiry, expiry - timedelta(days=800))
    assert listed_in_account(expiry, last_listed)
    assert not listed_in_account(expiry, last_listed + DAY)
    assert renewal_status("vb_cloud", expiry, last_listed).listed_in_account
    unlisted = renewal_status("vb_cloud", expiry, last_listed + DAY)
    assert unlisted.renewable and not unlisted.listed_in_account  # only the product route reaches it [seed]
    ts = renewal_status("ts_standard", expiry, last_listed + timedelta(days=3000))
    assert ts.renewable and not ts.listed_in_account


@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=-2000, max_value=2000))
def test_renewable_exactly_inside_the_window(expiry: date, offset: int) -> None:
    today = expiry + timedelta(days=offset)
    status = renewal_status("vb_cloud", expiry, today)
    assert status.window_start is not None and status.window_end is not None
    assert status.renewable == (status.window_start <= today <= status.window_end)
    assert (status.refusal is None) == status.renewable
    # 39 months is 1184-1188 days; 2 years is 730-731 days
    assert 1184 <= (expiry - status.window_start).days <= 1188
    assert (status.window_end - expiry).days in (730, 731)


@pytest.mark.parametrize(("today", "state"), [
    (date(2026, 3, 1), LicenceState.IN_TERM),      # 31 days left
    (date(2026, 3, 2), LicenceState.EXPIRING_SOON),  # 30 days left
    (date(2026, 4, 1), LicenceState.EXPIRING_SOON),  # the expiry day still protects
    (date(2026, 4, 2), LicenceState.EXPIRED),
    (date(2030, 1, 1), LicenceState.EXPIRED),
])
def test_licence_state(today: date, state: LicenceState) -> None:
    assert licence_state(date(2026, 4, 1), today, soon_days=30) == state


def test_licence_state_reads_the_soon_days_from_the_simulation_settings() -> None:
    soon = load_simulation().expiring_soon_days
    expiry = date(2026, 4, 1)
    assert licence_state(expiry, expiry - timedelta(days=soon)) == LicenceState.EXPIRING_SOON
    assert licence_state(expiry, expiry - timedelta(days=soon + 1)) == LicenceState.IN_TERM
    assert licence_state(expiry, expiry - timedelta(days=10), soon_days=5) == LicenceState.IN_TERM
