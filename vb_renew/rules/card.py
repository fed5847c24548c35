"""The simulated credit card's rules: the number (length, Luhn), the expiry, the security code, the holder,
and the test cards the simulated card processor knows [sim].

Pure: the backend checks an order's card with these, and the wizard's card form checks each field as it is
typed (``vb_renew.ui.wizard.cardcheck`` turns a problem into its translated message). A field's problem is
one of :data:`PROBLEMS`; the processor's answer is an error code of the API (docs/api.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

FIELDS: tuple[str, ...] = ("number", "expiry_month", "expiry_year", "security_code", "holder")
# What can be wrong with a field, as (field, problem) pairs.
PROBLEMS: tuple[tuple[str, str], ...] = (
    ("number", "required"), ("number", "format"), ("number", "checksum"),
    ("expiry_month", "required"), ("expiry_year", "required"), ("expiry_year", "expired"),
    ("security_code", "required"), ("security_code", "format"),
    ("holder", "required"), ("holder", "format"),
)
NUMBER_LENGTHS = range(13, 20)
SECURITY_CODE_LENGTHS = (3, 4)
HOLDER_PUNCTUATION = " .-'"

# The test cards [sim]: the simulated card processor knows only these numbers (docs/api.md).
ACCEPTED = "4242424242424242"
DECLINED = "4000000000000002"
BAD_SECURITY_CODE = "4000000000000127"
REFUSALS: Mapping[str, str] = {DECLINED: "payment.card_declined", BAD_SECURITY_CODE: "payment.card_security_code"}
UNKNOWN_CARD = "payment.card_unknown_test_card"


def digits_of(number: str) -> str:
    """The card number without the spaces and hyphens people type between groups."""
    return "".join(number.split()).replace("-", "")


def grouped(number: str) -> str:
    """The number in groups of four, as printed on a card: ``4242 4242 4242 4242``."""
    digits = digits_of(number)
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def last4(number: str) -> str:
    return digits_of(number)[-4:]


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


def security_code_ok(code: str) -> bool:
    return code.isascii() and code.isdigit() and len(code) in SECURITY_CODE_LENGTHS


def expired(year: int, month: int, today: date) -> bool:
    """A card is good to the end of its expiry month."""
    return (year, month) < (today.year, today.month)


def full_year(year: int) -> int:
    """A two-digit year as printed on a card (``30``) is 2030."""
    return year + 2000 if year < 100 else year


def processor_answer(number: str) -> str | None:
    """What the simulated processor answers a charge on ``number``: None (accepted) or the refusal's code."""
    digits = digits_of(number)
    if digits == ACCEPTED:
        return None
    return REFUSALS.get(digits, UNKNOWN_CARD)


def field_problem(field: str, values: Mapping[str, str], today: date | None = None) -> str | None:
    """The first problem of one card field as typed (some depend on another: the year on the month), or None."""
    value = (values.get(field) or "").strip()
    if field == "number":
        digits = digits_of(value)
        if not digits:
            return "required"
        if not (digits.isascii() and digits.isdigit() and len(digits) in NUMBER_LENGTHS):
            return "format"
        return None if luhn_ok(digits) else "checksum"
    if field == "expiry_month":
        return None if value else "required"
    if field == "expiry_year":
        if not value:
            return "required"
        month = (values.get("expiry_month") or "").strip()
        if today is not None and month and expired(int(value), int(month), today):
            return "expired"
        return None
    if field == "security_code":
        if not value:
            return "required"
        return None if security_code_ok(value) else "format"
    if field == "holder":
        if not value:
            return "required"
        if not all(char.isascii() and (char.isalpha() or char in HOLDER_PUNCTUATION) for char in value):
            return "format"
        return None
    raise KeyError(field)
