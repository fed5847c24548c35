"""Dates and prices as the UI's language writes them: the one place the UI picks a format by its language.

Japanese: 2027/10/02 where the product writes dates that way (the main screen's 「有効期限:2027/10/02」 [seed]),
2027年10月2日 in prose, 「5,280円（税込）」; English: "Oct 2, 2027" for both kinds of date, "¥5,280 (incl. tax)".
The formats themselves are the rules' (:mod:`vb_renew.rules.formatting`, pure Python).

The language is the one the app started in (:func:`vb_renew.ui.app.install_translators` sets it with the
translators): the formats and the captions always agree. The slip (``vb_renew.ui.slip``) does not come here: it is
a Japanese paper form and writes Japanese in every language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vb_renew.rules.formatting import english_date, slash_date, written_date, yen, yen_price
from vb_renew.translations import LANGUAGES, SOURCE_LANGUAGE

if TYPE_CHECKING:
    from datetime import datetime

_language = SOURCE_LANGUAGE


def use_language(language: str) -> None:
    """Write dates and prices in ``language`` from now on (the app's start, a test)."""
    global _language
    _language = language if language in LANGUAGES else SOURCE_LANGUAGE


def language() -> str:
    """The UI's language: ``ja`` or ``en``."""
    return _language


def short_date(value: object) -> str:
    """A date in a caption or a table: ``2027/10/02``; ``Oct 2, 2027``. ``""`` for nothing."""
    return english_date(value) if _language == "en" else slash_date(value)


def long_date(value: object) -> str:
    """A date in prose: ``2027年10月2日``; ``Oct 2, 2027``. ``""`` for nothing."""
    return written_date(value, _language)


def date_time(value: datetime | None) -> str:
    """An instant in prose, to the minute as it was sent (Japan time): ``2026年11月26日 10:00``;
    ``Nov 26, 2026 10:00``. ``""`` for nothing."""
    return "" if value is None else f"{long_date(value)} {value:%H:%M}"


def price(amount: int) -> str:
    """A price with tax: ``5,280円（税込）``; ``¥5,280 (incl. tax)``."""
    return yen_price(amount, _language)


def amount(value: int) -> str:
    """An amount of yen: ``5,280円``; ``¥5,280``."""
    return yen(value, _language)
