"""Client-side checks of the simulated credit card (no Qt): shape, Luhn and expiry.

The card processor is simulated by the backend and knows only its test numbers
[sim]; these checks only catch typing mistakes before the order is sent, as a
real payment page does. Messages name the field they are about.
"""

from __future__ import annotations

from datetime import date

from vb_renew.i18n import QT_TRANSLATE_NOOP, Text

CARD_FIELDS: tuple[str, ...] = ("number", "expiry_month", "expiry_year", "security_code", "holder")

# The backend's test numbers [sim] (docs/api.md, vb_renew/server/service.py): shown on the card page.
TEST_CARD_ACCEPTED = "4242 4242 4242 4242"
TEST_CARD_DECLINED = "4000 0000 0000 0002"
TEST_CARD_BAD_SECURITY_CODE = "4000 0000 0000 0127"

_MESSAGES: dict[tuple[str, str], Text] = {
    ("number", "required"): QT_TRANSLATE_NOOP("CardForm", "カード番号を入力してください。"),
    ("number", "format"): QT_TRANSLATE_NOOP("CardForm", "カード番号は13〜19桁の数字で入力してください。"),
    ("number", "checksum"): QT_TRANSLATE_NOOP(
        "CardForm", "カード番号が正しくありません。入力内容をご確認ください。"),
    ("expiry_month", "required"): QT_TRANSLATE_NOOP("CardForm", "有効期限（月）を選択してください。"),
    ("expiry_year", "required"): QT_TRANSLATE_NOOP("CardForm", "有効期限（年）を選択してください。"),
    ("expiry_year", "expired"): QT_TRANSLATE_NOOP("CardForm", "有効期限が過ぎたカードはご利用いただけません。"),
    ("security_code", "required"): QT_TRANSLATE_NOOP("CardForm", "セキュリティコードを入力してください。"),
    ("security_code", "format"): QT_TRANSLATE_NOOP(
        "CardForm", "セキュリティコードは3桁または4桁の数字で入力してください。"),
    ("holder", "required"): QT_TRANSLATE_NOOP("CardForm", "カード名義を入力してください。"),
    ("holder", "format"): QT_TRANSLATE_NOOP(
        "CardForm", "カード名義は半角英字で入力してください（例: TARO YAMADA）。"),
}


def digits_of(number: str) -> str:
    """The card number without the spaces and hyphens people type between groups."""
    return "".join(number.split()).replace("-", "")


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check every card number carries."""
    if not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char)
        if i % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def check_card_field(field: str, values: dict[str, str], today: date | None = None) -> Text | None:
    """The first problem of one card field (some depend on another: the year on the month), or None."""
    value = (values.get(field) or "").strip()
    if field == "number":
        digits = digits_of(value)
        if not digits:
            return _MESSAGES[("number", "required")]
        if not (digits.isascii() and digits.isdigit() and 13 <= len(digits) <= 19):
            return _MESSAGES[("number", "format")]
        if not luhn_ok(digits):
            return _MESSAGES[("number", "checksum")]
        return None
    if field == "expiry_month":
        return None if value else _MESSAGES[("expiry_month", "required")]
    if field == "expiry_year":
        if not value:
            return _MESSAGES[("expiry_year", "required")]
        month = (values.get("expiry_month") or "").strip()
        if today is not None and month and (int(value), int(month)) < (today.year, today.month):
            return _MESSAGES[("expiry_year", "expired")]
        return None
    if field == "security_code":
        if not value:
            return _MESSAGES[("security_code", "required")]
        if not (value.isascii() and value.isdigit() and len(value) in (3, 4)):
            return _MESSAGES[("security_code", "format")]
        return None
    if field == "holder":
        if not value:
            return _MESSAGES[("holder", "required")]
        if not all(char.isascii() and (char.isalpha() or char in " .-'") for char in value):
            return _MESSAGES[("holder", "format")]
        return None
    raise KeyError(field)


def last4(number: str) -> str:
    return digits_of(number)[-4:]
