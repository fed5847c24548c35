"""The renewal wizard's flow: which step comes next, and why. No Qt.

The UI asks :func:`next_step` / :func:`previous_step` and shows the page;
every branch lives here so that it is tested in plain pytest.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Any

from vb_renew.core.data import Order
from vb_renew.rules.payment import PaymentMethod


class Step(IntEnum):
    """Wizard pages; the numbers are the spec's screen ids where one exists."""

    SERIALS = 4  # S4 シリアル番号の選択
    PRODUCT = 5  # S5 製品と年数
    PAYMENT = 6  # S6 お支払方法とお客さま情報 (振込用紙)
    CARD = 60  # S6 for an upgrade: the simulated credit card
    CONFIRM = 7  # S7 お申し込み内容の確認
    COMPLETE = 9  # S9 お申し込み完了


@dataclass(frozen=True)
class Choice:
    """What the customer chose for one serial on S5."""

    serial: str
    product: str
    years: int
    price: int
    upgrade: bool


@dataclass(frozen=True)
class Draft:
    """The application as the wizard builds it, step by step."""

    renewable_serials: tuple[str, ...] = ()
    selected_serials: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    customer: dict[str, str] = field(default_factory=dict)
    card: dict[str, str] = field(default_factory=dict)
    agreed_licence: bool = False
    idempotency_key: str | None = None
    order: Order | None = None  # once placed

    @property
    def is_upgrade(self) -> bool:
        return any(choice.upgrade for choice in self.choices)

    @property
    def payment_method(self) -> PaymentMethod:
        # An upgrade made on the web is paid by credit card [seed]; otherwise the slip.
        return PaymentMethod.CREDIT_CARD if self.is_upgrade else PaymentMethod.SLIP

    @property
    def total(self) -> int:
        return sum(choice.price for choice in self.choices)

    def choose(self, choice: Choice) -> Draft:
        """Record the choice for one serial, replacing an earlier one for the same serial."""
        kept = tuple(c for c in self.choices if c.serial != choice.serial)
        order = {serial: i for i, serial in enumerate(self.selected_serials)}
        return replace(self, choices=tuple(sorted((*kept, choice), key=lambda c: order.get(c.serial, 99))),
                       idempotency_key=None)

    def with_key(self) -> Draft:
        """The idempotency key of this application: made once, then kept across retries and restarts."""
        return self if self.idempotency_key else replace(self, idempotency_key=str(uuid.uuid4()))

    def order_body(self) -> dict[str, Any]:
        """The body of ``POST /orders`` for this draft."""
        body: dict[str, Any] = {
            "items": [{"serial": c.serial, "product": c.product, "years": c.years} for c in self.choices],
            "payment_method": str(self.payment_method),
            "customer": dict(self.customer),
        }
        body["card"] = card_body(self.card) if self.payment_method is PaymentMethod.CREDIT_CARD else None
        return body


CARD_INTEGERS = ("expiry_month", "expiry_year")  # the API takes these as JSON integers, never as strings


def card_body(card: dict[str, str]) -> dict[str, Any]:
    """The card as the API takes it: the form's text, with the expiry month and year as integers."""
    body: dict[str, Any] = dict(card)
    for key in CARD_INTEGERS:
        value = str(body.get(key, "")).strip()
        if value.isdecimal():
            body[key] = int(value)
    return body


def first_step(draft: Draft) -> Step:
    """S4 only when there is something to choose [seed: skipped otherwise]."""
    return Step.SERIALS if len(draft.renewable_serials) > 1 else Step.PRODUCT


def next_step(current: Step, draft: Draft) -> Step:
    """The page after ``current`` for this draft."""
    if current is Step.SERIALS:
        return Step.PRODUCT
    if current is Step.PRODUCT:
        return Step.CARD if draft.is_upgrade else Step.PAYMENT
    if current in (Step.PAYMENT, Step.CARD):
        return Step.CONFIRM
    if current is Step.CONFIRM:
        return Step.COMPLETE
    raise ValueError(f"no step after {current!r}")


def previous_step(current: Step, draft: Draft) -> Step | None:
    """Where Back goes, or None where going back is not allowed (the order is placed)."""
    if current is Step.PRODUCT:
        return Step.SERIALS if len(draft.renewable_serials) > 1 else None
    if current in (Step.PAYMENT, Step.CARD):
        return Step.PRODUCT
    if current is Step.CONFIRM:
        return Step.CARD if draft.is_upgrade else Step.PAYMENT
    return None


def steps_for(draft: Draft) -> list[Step]:
    """The pages this draft goes through, in order: the step indicator shows them."""
    steps = [first_step(draft)]
    while steps[-1] is not Step.COMPLETE:
        steps.append(next_step(steps[-1], draft))
    return steps
