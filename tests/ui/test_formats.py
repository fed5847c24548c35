"""Dates and prices follow the UI's language (vb_renew.ui.formats, on the rules' formats): Japanese 2026/12/31 or
2026年12月31日 and 「5,280円（税込）」, English "Dec 31, 2026" and "¥5,280 (incl. tax)"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from vb_renew.rules.formatting import yen, yen_price
from vb_renew.server.clock import JST
from vb_renew.ui import formats

DAY = date(2026, 12, 31)
INSTANT = datetime(2026, 11, 26, 10, 5, tzinfo=JST)


@pytest.fixture
def language() -> Iterator[None]:
    yield
    formats.use_language("ja")


def test_japanese_writes_slash_dates_japanese_prose_dates_and_yen_with_tax(language) -> None:
    formats.use_language("ja")
    assert formats.language() == "ja"
    assert formats.short_date(DAY) == "2026/12/31" and formats.short_date("2026-12-31") == "2026/12/31"
    assert formats.long_date(DAY) == "2026年12月31日"
    assert formats.date_time(INSTANT) == "2026年11月26日 10:05"
    assert formats.price(5280) == "5,280円（税込）" and formats.amount(12320) == "12,320円"


def test_english_writes_month_day_year_and_yen_before_the_figure(language) -> None:
    formats.use_language("en")
    assert formats.language() == "en"
    assert formats.short_date(DAY) == formats.long_date(DAY) == "Dec 31, 2026"
    assert formats.short_date("2027-01-02") == "Jan 2, 2027"
    assert formats.date_time(INSTANT) == "Nov 26, 2026 10:05"
    assert formats.price(5280) == "¥5,280 (incl. tax)" and formats.amount(12320) == "¥12,320"


def test_nothing_and_an_unknown_language(language) -> None:
    formats.use_language("fr")  # not one the app speaks: the source language
    assert formats.language() == "ja"
    assert formats.short_date(None) == formats.long_date(None) == formats.date_time(None) == ""


def test_the_rules_write_prices_in_either_language() -> None:
    assert yen_price(1_234_567, "ja") == "1,234,567円（税込）" and yen_price(0, "en") == "¥0 (incl. tax)"
    assert yen(5280, "ja") == "5,280円" and yen(5280, "en") == "¥5,280"

