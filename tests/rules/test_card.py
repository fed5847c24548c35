"""The simulated card's rules: number, expiry, security code, holder, and the test cards' outcomes."""

from __future__ import annotations

from datetime import date

import pytest

from vb_renew.rules import card

TODAY = date(2026, 6, 15)
GOOD = {"number": "4242 4242 4242 4242", "expiry_month": "6", "expiry_year": "2026", "security_code": "123",
        "holder": "TARO YAMADA"}


def test_a_good_card_has_no_problem() -> None:
    assert [card.field_problem(f, GOOD, TODAY) for f in card.FIELDS] == [None] * len(card.FIELDS)


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("number", "", "required"),
    ("number", " - ", "required"),
    ("number", "4242 4242 424", "format"),  # 11 digits
    ("number", "4" * 20, "format"),
    ("number", "4242-4242-4242-424x", "format"),
    ("number", "４２４２４２４２４２４２４２４２", "format"),  # full-width digits are not ASCII
    ("number", "4242 4242 4242 4241", "checksum"),
    ("number", "4000-0000-0000-0002", None),  # hyphens are dropped
    ("expiry_month", "", "required"),
    ("expiry_year", "", "required"),
    ("expiry_year", "2026", None),  # good to the end of its month
    ("security_code", "", "required"),
    ("security_code", "12", "format"),
    ("security_code", "12345", "format"),
    ("security_code", "１２３", "format"),
    ("security_code", "1234", None),
    ("holder", "", "required"),
    ("holder", "山田 太郎", "format"),
    ("holder", "J. O'NEIL-SMITH", None),
])
def test_field_problems(field: str, value: str, problem: str | None) -> None:
    assert card.field_problem(field, {**GOOD, field: value}, TODAY) == problem
    assert (field, problem) in card.PROBLEMS or problem is None


def test_the_year_is_checked_with_the_month() -> None:
    assert card.field_problem("expiry_year", {**GOOD, "expiry_month": "5"}, TODAY) == "expired"
    assert card.field_problem("expiry_year", {**GOOD, "expiry_month": "5"}) is None  # no today: not checked
    assert card.field_problem("expiry_year", {**GOOD, "expiry_month": ""}, TODAY) is None
    assert card.expired(2026, 5, TODAY) and not card.expired(2026, 6, TODAY) and not card.expired(2027, 1, TODAY)


def test_an_unknown_field_is_an_error() -> None:
    with pytest.raises(KeyError):
        card.field_problem("pin", GOOD, TODAY)


def test_luhn_and_the_number_helpers() -> None:
    assert card.luhn_ok("4242424242424242") and card.luhn_ok("4000000000000002") and card.luhn_ok("4000000000000127")
    assert not card.luhn_ok("4242424242424241")
    assert not card.luhn_ok("42a2")
    assert card.digits_of(" 4242-4242 4242\t4242 ") == "4242424242424242"
    assert card.grouped("4242424242424242") == "4242 4242 4242 4242"
    assert card.last4("4242 4242 4242 4242") == "4242"
    assert card.full_year(30) == 2030 and card.full_year(2030) == 2030
    assert card.security_code_ok("123") and not card.security_code_ok("12a")


def test_the_test_cards_and_what_the_processor_answers() -> None:
    assert card.processor_answer("4242 4242 4242 4242") is None
    assert card.processor_answer("4000000000000002") == "payment.card_declined"
    assert card.processor_answer("4000-0000-0000-0127") == "payment.card_security_code"
    assert card.processor_answer("5555555555554444") == "payment.card_unknown_test_card"
    assert all(card.luhn_ok(n) for n in (card.ACCEPTED, card.DECLINED, card.BAD_SECURITY_CODE))
