"""Money and dates, written the one way the product writes them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from vb_renew.rules.formatting import japanese_date, parse_day, slash_date, yen_amount


@pytest.mark.parametrize(("amount", "text"), [(0, "0"), (980, "980"), (5280, "5,280"), (1234567, "1,234,567")])
def test_yen_amounts_are_grouped_by_thousands(amount: int, text: str) -> None:
    assert yen_amount(amount) == text


@pytest.mark.parametrize(("value", "day"), [
    ("2027-09-26", date(2027, 9, 26)),
    ("2027-09-26T10:00:00+09:00", date(2027, 9, 26)),  # an instant: its day as sent
    (date(2027, 9, 26), date(2027, 9, 26)),
    (datetime(2027, 9, 26, 23, 59), date(2027, 9, 26)),
    (None, None), ("", None), ("soon", None), ("2027-02-30", None),
])
def test_the_apis_dates_are_read_once_here(value: object, day: date | None) -> None:
    assert parse_day(value) == day


def test_dates_are_printed_with_slashes() -> None:
    assert slash_date("2027-09-26") == "2027/09/26"
    assert slash_date("2027-09-26T00:00:00Z") == "2027/09/26"
    assert slash_date(date(2028, 2, 29)) == "2028/02/29"
    assert slash_date(None) == slash_date("") == ""
    assert slash_date("未定") == "未定"  # not a date: shown as it is


@pytest.mark.parametrize(("value", "text"), [
    ("2028-10-02", "2028年10月2日"),  # no leading zeros in prose
    ("2027-12-31", "2027年12月31日"),
    (date(2028, 2, 29), "2028年2月29日"),
    (datetime(2027, 1, 5, 23, 59), "2027年1月5日"),
    ("2026-11-26T10:00:00+09:00", "2026年11月26日"),  # an instant: its day as sent (the service sends Japan time)
])
def test_dates_are_written_in_japanese(value: object, text: str) -> None:
    assert japanese_date(value) == text


def test_a_japanese_date_of_nothing_is_empty_and_of_text_is_the_text() -> None:
    assert japanese_date(None) == japanese_date("") == ""
    assert japanese_date("未定") == "未定"
    assert japanese_date("2027-02-30") == "2027-02-30"  # not a real day: shown as it came, never guessed
