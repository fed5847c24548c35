"""The card form's messages: the rules (:mod:`vb_renew.rules.card`) name a field's problem, this says it.

The captions stay literal here so ``pyside6-lupdate`` finds them (tests/test_captions.py). The card
processor is simulated by the backend and knows only its test numbers [sim]; these checks only catch
typing mistakes before the order is sent, as a real payment page does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from vb_renew.i18n import QT_TRANSLATE_NOOP, Text
from vb_renew.rules import card

CARD_FIELDS = card.FIELDS

# The backend's test numbers, grouped as on a card: shown on the card page.
TEST_CARD_ACCEPTED = card.grouped(card.ACCEPTED)
TEST_CARD_DECLINED = card.grouped(card.DECLINED)
TEST_CARD_BAD_SECURITY_CODE = card.grouped(card.BAD_SECURITY_CODE)

MESSAGES: dict[tuple[str, str], Text] = {
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

digits_of = card.digits_of
luhn_ok = card.luhn_ok
last4 = card.last4


def check_card_field(field: str, values: Mapping[str, str], today: date | None = None) -> Text | None:
    """The message of one card field's first problem (:func:`vb_renew.rules.card.field_problem`), or None."""
    problem = card.field_problem(field, values, today)
    return None if problem is None else MESSAGES[(field, problem)]
