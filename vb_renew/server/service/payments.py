"""Payments: the simulated card processor (an order's card) and a slip paid at a store or post office."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from vb_renew.rules import card as card_rules
from vb_renew.rules import lifecycle, slips
from vb_renew.rules.lifecycle import OrderEvent, OrderState
from vb_renew.rules.payment import PaidAt, PaymentMethod
from vb_renew.server import store
from vb_renew.server.clock import iso
from vb_renew.server.errors import ApiError

if TYPE_CHECKING:
    from vb_renew.server.models import CardIn
    from vb_renew.server.service.events import LifeCycle
    from vb_renew.server.service.world import World

SAME_DAY_CONFIRMATION_AFTER = timedelta(hours=3)  # [sim] "same day" confirmation comes a few hours later


def check_card(card: CardIn | None, today: date) -> str:
    """The simulated card processor: test numbers only (:mod:`vb_renew.rules.card`); returns the last 4 digits.

    The card's fields are valid already (:class:`~vb_renew.server.models.CardIn`); what is left needs the
    simulated today (the expiry) or is the processor's answer.
    """
    if card is None:
        raise ApiError(422, "payment.card_required", field="card")
    number = card_rules.digits_of(card.number)
    if card_rules.expired(card_rules.full_year(card.expiry_year), card.expiry_month, today):
        raise ApiError(422, "payment.card_expired", field="card.expiry_year")
    refused = card_rules.processor_answer(number)
    if refused is not None:
        field = "card.security_code" if refused == "payment.card_security_code" else "card.number"
        raise ApiError(422, refused, field=field)
    return card_rules.last4(number)


class Payments:
    """Paying an order's slip; the life cycle moves the order."""

    def __init__(self, world: World, life: LifeCycle) -> None:
        self.world = world
        self.life = life

    def charge_card(self, conn: sqlite3.Connection, order_id: str, total: int, now: datetime) -> None:
        """A card order is charged at once: paid, confirmed and extended in its own transaction."""
        at, today = iso(now), now.date().isoformat()
        store.add_payment(conn, order_id, str(PaymentMethod.CREDIT_CARD), total, today, at, confirmed_on=today)
        self.life.transition(conn, order_id, OrderEvent.CARD_CHARGED, at)
        self.life.transition(conn, order_id, OrderEvent.PAYMENT_CONFIRMED, at)
        self.life.extend(conn, order_id, now)

    def pay(self, order_id: str, place: str, amount: int, at: datetime | None = None) -> None:
        """The customer pays the slip at a store or post office (QA action)."""
        when = at or self.world.clock.now()
        with self.world.db.transaction() as conn:
            self.pay_slip(conn, order_id, PaidAt(place), amount, when, OrderEvent.SLIP_PAID)

    def pay_slip(self, conn: sqlite3.Connection, order_id: str, place: PaidAt, amount: int, when: datetime,
                 event: OrderEvent) -> None:
        """Pay the slip (``event``: QA's payment or the simulated customer's); a refusal says why not now."""
        order = store.order(conn, order_id)
        if order is None:
            raise ApiError(404, "order.not_found")
        if order["payment_method"] != PaymentMethod.SLIP:
            raise ApiError(409, "payment.not_a_slip_order")
        state = order["state"]
        if not lifecycle.allows(state, event):
            if state == OrderState.LAPSED:
                raise ApiError(409, "payment.slip_lapsed")
            if state in (OrderState.APPLIED, OrderState.SLIP_MAILED):
                raise ApiError(409, "payment.slip_not_delivered")
            raise ApiError(409, "payment.already_paid")
        slip = store.slip(conn, order_id)
        if when.date() > date.fromisoformat(slip["deadline"]):
            raise ApiError(409, "payment.slip_lapsed")
        if isinstance(amount, bool) or amount != slip["amount"]:
            raise ApiError(422, "payment.amount_mismatch", field="amount",
                           details=[{"code": "payment.amount_expected", "message": f"振込用紙の金額: {slip['amount']}円",
                                     "field": "amount"}])
        store.add_payment(conn, order_id, str(place), amount, when.date().isoformat(), iso(when))
        self.life.transition(conn, order_id, event, iso(when))
        days = slips.confirmation_days(place, self.world.rng(order_id, "confirmation"))
        due = when + (timedelta(days=days) if days else SAME_DAY_CONFIRMATION_AFTER)
        self.life.schedule(conn, order_id, OrderEvent.PAYMENT_CONFIRMED, due)
