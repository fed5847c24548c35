"""Payments: the simulated card processor (an order's card) and a slip paid at a store or post office.

A slip is paid by QA (``POST /sim/orders/{id}/pay``, also the slip view's pay buttons) or by the scenario's simulated
customer. QA may say on which day it was paid (``on``: from the day the slip arrived to its deadline, not after the
simulated today) and on which day the payment is confirmed (``confirm_on``: within the seed's window for the place,
:func:`vb_renew.rules.slips.expected_confirmation_window`); else it is paid now and the confirmation day is drawn.
The numbers of the payment desk [sim] and what a wrong amount does are ``payment_desk`` in
``resources/simulation.json``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.resources import resource_path
from vb_renew.rules import card as card_rules
from vb_renew.rules import lifecycle, slips
from vb_renew.rules.catalogue import read_json, tagged
from vb_renew.rules.lifecycle import OrderEvent, OrderState
from vb_renew.rules.payment import PaidAt, PaymentMethod
from vb_renew.server import store
from vb_renew.server.clock import JST, iso, parse_instant
from vb_renew.server.errors import ApiError
from vb_renew.server.language import Message

if TYPE_CHECKING:
    from vb_renew.server.models import CardIn
    from vb_renew.server.service.events import LifeCycle
    from vb_renew.server.service.world import World

# What an amount other than the slip's does at a place (payment_desk.wrong_amount): the one outcome there is.
REFUSED = "refused"
# The messages of the refusals about the day chosen (told in the request's language, as errors.MESSAGES).
PAID_ON_FUTURE = QT_TRANSLATE_NOOP("ServerErrors", "お支払い日（{on}）がシミュレーションの今日（{today}）より後です。")
PAID_BEFORE_DELIVERY = QT_TRANSLATE_NOOP("ServerErrors",
                                         "振込用紙が届いたのは{delivered}です。それより前の日にはお支払いできません。")
PAID_AFTER_DEADLINE = QT_TRANSLATE_NOOP("ServerErrors", "振込用紙の支払期限（{deadline}）より後の日にはお支払いできません。")
CONFIRM_ON_OUTSIDE = QT_TRANSLATE_NOOP("ServerErrors", "入金確認日は{earliest}から{latest}までの日付を指定してください。")
AMOUNT_EXPECTED = QT_TRANSLATE_NOOP("ServerErrors", "振込用紙の金額: {amount}円")


@dataclass(frozen=True)
class PaymentDesk:
    """``payment_desk`` in ``resources/simulation.json``."""

    paid_at_time: time  # a payment on an earlier day is recorded at this time of that day [sim]
    same_day_confirmation_after: timedelta  # a same-day confirmation comes this much later, that day [sim]
    wrong_amount: dict[PaidAt, str]  # by place: "refused" [pub]


@lru_cache(maxsize=8)
def _read_desk(path: Path) -> PaymentDesk:
    raw = read_json(path)["payment_desk"]
    wrong = {PaidAt(place): tagged(node, f"payment_desk.wrong_amount.{place}")[0]
             for place, node in raw["wrong_amount"].items()}
    if set(wrong) != set(PaidAt) or set(wrong.values()) != {REFUSED}:
        raise ValueError(f"payment_desk.wrong_amount: one of {[REFUSED]} for each of {sorted(PaidAt)}, got {wrong}")
    hours = tagged(raw["same_day_confirmation_after_hours"], "payment_desk.same_day_confirmation_after_hours")[0]
    return PaymentDesk(time.fromisoformat(tagged(raw["paid_at_time"], "payment_desk.paid_at_time")[0]),
                       timedelta(hours=float(hours)), wrong)


def load_payment_desk(path: str | Path | None = None) -> PaymentDesk:
    """The desk in ``path`` (default ``resources/simulation.json``), read once per path."""
    return _read_desk(Path(path or resource_path("simulation.json")).resolve())


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

    def pay(self, order_id: str, place: str, amount: int, on: date | None = None,
            confirm_on: date | None = None) -> None:
        """The customer pays the slip at a store or post office (QA action): now, or on the day ``on``; confirmed on
        ``confirm_on``, or on a day drawn within the place's window."""
        with self.world.db.transaction() as conn:
            self.pay_slip(conn, order_id, PaidAt(place), amount, self.world.clock.now(), OrderEvent.SLIP_PAID,
                          on=on, confirm_on=confirm_on)

    def pay_slip(self, conn: sqlite3.Connection, order_id: str, place: PaidAt, amount: int, when: datetime,
                 event: OrderEvent, *, on: date | None = None, confirm_on: date | None = None) -> None:
        """Pay the slip (``event``: QA's payment or the simulated customer's) at ``when``, or on the day ``on`` (then
        ``when`` is the simulated now); a refusal says why not.

        The checks, in order: the order (404) and its state (409), the day (409), the amount (422), the day of the
        confirmation (422).
        """
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
        deadline = date.fromisoformat(slip["deadline"])
        if on is not None:
            when = self._paid_at(conn, order_id, slip, on, when)
        elif when.date() > deadline:
            raise ApiError(409, "payment.slip_lapsed")
        if isinstance(amount, bool) or amount != slip["amount"]:
            # Every place refuses it (payment_desk.wrong_amount): a hand-corrected slip is refused [pub].
            raise ApiError(422, "payment.amount_mismatch", field="amount",
                           details=[{"code": "payment.amount_expected", "field": "amount",
                                     "message": Message(AMOUNT_EXPECTED, {"amount": slip["amount"]})}])
        paid_on = when.date()
        if confirm_on is not None:
            earliest, latest = slips.expected_confirmation_window(place, paid_on)
            if not earliest <= confirm_on <= latest:
                raise ApiError(422, "payment.confirm_on_outside_window", field="confirm_on",
                               message_text=CONFIRM_ON_OUTSIDE,
                               values={"earliest": earliest.isoformat(), "latest": latest.isoformat()})
            days = (confirm_on - paid_on).days
        else:
            days = slips.confirmation_days(place, self.world.rng(order_id, "confirmation"))
        store.add_payment(conn, order_id, str(place), amount, paid_on.isoformat(), iso(when))
        self.life.transition(conn, order_id, event, iso(when))
        self.life.schedule(conn, order_id, OrderEvent.PAYMENT_CONFIRMED, confirmation_due(when, days))

    def _paid_at(self, conn: sqlite3.Connection, order_id: str, slip: sqlite3.Row, on: date,
                 now: datetime) -> datetime:
        """The instant of a payment on the day ``on``: now if that is today, else the desk's time of that day, never
        before the order's last change (the slip's delivery) nor after now. 409 for a day it cannot be."""
        today = now.date()
        delivered = date.fromisoformat(slip["delivered_on"])
        deadline = date.fromisoformat(slip["deadline"])
        if on > today:
            raise ApiError(409, "payment.paid_on_future", field="on",
                           message_text=PAID_ON_FUTURE, values={"on": on.isoformat(), "today": today.isoformat()})
        if on < delivered:
            raise ApiError(409, "payment.slip_not_delivered", field="on",
                           message_text=PAID_BEFORE_DELIVERY, values={"delivered": delivered.isoformat()})
        if on > deadline:
            raise ApiError(409, "payment.slip_lapsed", field="on",
                           message_text=PAID_AFTER_DEADLINE, values={"deadline": deadline.isoformat()})
        if on == today:
            return now
        instant = datetime.combine(on, load_payment_desk().paid_at_time, tzinfo=JST)
        last_change = store.order_last_change(conn, order_id)
        if last_change:
            instant = max(instant, parse_instant(last_change))
        return min(instant, now)


def confirmation_due(paid: datetime, days: int) -> datetime:
    """When a payment made at ``paid`` is confirmed, ``days`` days later: at the same time of day, or, the same day,
    a few hours later but before that day ends."""
    if days:
        return paid + timedelta(days=days)
    end_of_day = datetime.combine(paid.date(), time(23, 59, 59), tzinfo=paid.tzinfo)
    return min(paid + load_payment_desk().same_day_confirmation_after, end_of_day)
