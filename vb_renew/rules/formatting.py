"""How the product writes money and dates, and reading the dates the API sends: the one place for both.

Pure: no Qt. Each language writes them its own way: Japanese 「5,280円（税込）」 and 2027/09/26 (or 2027年9月26日 in
prose), English "¥5,280 (incl. tax)" and "Sep 26, 2027". The UI picks by its language (``vb_renew.ui.formats``);
the service's messages and mails by the request's (``vb_renew.server.language``).
``datetime`` is imported inside the functions: the main screen uses this module before its first paint,
when nothing has a date to show yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date


def yen_amount(amount: int) -> str:
    """``5280`` -> ``5,280``: an amount of yen in figures, grouped by thousands."""
    return f"{amount:,}"


def yen_price(amount: int, language: str) -> str:
    """A price with tax, as the product's pages write it [seed: 税込]: ``5,280円（税込）``; in English
    ``¥5,280 (incl. tax)``."""
    if language == "en":
        return f"¥{yen_amount(amount)} (incl. tax)"
    return f"{yen_amount(amount)}円（税込）"


def yen(amount: int, language: str) -> str:
    """An amount of yen: ``5,280円``; in English ``¥5,280``."""
    return f"¥{yen_amount(amount)}" if language == "en" else f"{yen_amount(amount)}円"


def parse_day(value: object) -> date | None:
    """The day of an ISO date or instant from the API (``2027-09-26``, ``2027-09-26T10:00:00+09:00``, a
    ``date``); ``None`` for nothing or something that is not one."""
    from datetime import date, datetime

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def slash_date(value: object) -> str:
    """``2027-09-26`` (or a ``date``) -> ``2027/09/26``, as the product prints dates (the main screen's
    「有効期限:YYYY/MM/DD」 link [seed]); ``""`` for nothing, and
    text that is not a date as it is."""
    day = parse_day(value)
    if day is None:
        return "" if not value else str(value)
    return day.strftime("%Y/%m/%d")


def japanese_date(value: object) -> str:
    """``2028-10-02`` (or a ``date``, or an instant: its day as sent) -> ``2028年10月2日``, as Japanese prose and
    the mails write a date; ``""`` for nothing, and text that is not a date as it is."""
    day = parse_day(value)
    if day is None:
        return "" if not value else str(value)
    return f"{day.year}年{day.month}月{day.day}日"


# The months as English prose abbreviates them (not the locale module's: it follows the machine's locale).
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def english_date(value: object) -> str:
    """``2028-10-02`` (or a ``date``, or an instant: its day as sent) -> ``Oct 2, 2028``, as English prose and the
    mails write a date; ``""`` for nothing, and text that is not a date as it is."""
    day = parse_day(value)
    if day is None:
        return "" if not value else str(value)
    return f"{ENGLISH_MONTHS[day.month - 1]} {day.day}, {day.year}"


def written_date(day: object, language: str) -> str:
    """A day (a ``date``, an ISO date or instant: its day as sent) as prose in ``language`` writes it:
    2028年10月2日, Oct 2, 2028 (the backend's mails and messages, the UI's sentences)."""
    return english_date(day) if language == "en" else japanese_date(day)
