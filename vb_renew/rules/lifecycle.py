"""An order's life cycle: its states, the events that move it, and the one table of allowed moves.

Everyone who needs a state reads it from here: the backend's event runner (which moves an order only
along :data:`TRANSITIONS`), the API model's ``state`` enum, the client's "is this order closed?" and the
waiting page's timeline. Nobody else spells a state.

A slip order (振込用紙) goes down :data:`MAIN_PATH`::

    applied -(slip_mailed)-> slip_mailed -(slip_delivered)-> slip_delivered
      -(customer_pays | slip_paid)-> paid -(payment_confirmed)-> confirmed -(extend)-> extended

and lapses if the slip's deadline passes before it is paid::

    applied | slip_mailed | slip_delivered -(slip_lapse)-> lapsed

A card order is charged when it is applied, then confirmed and extended in the same transaction::

    applied -(card_charged)-> paid -(payment_confirmed)-> confirmed -(extend)-> extended

The values are those the API and the database already use: a state is the order's ``state`` in JSON,
and an event the backend schedules (``slip_mailed``, ``slip_delivered``, ``customer_pays``,
``payment_confirmed``, ``extend``, ``slip_lapse``) is stored as its ``kind``.
"""

from __future__ import annotations

from enum import StrEnum

from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.rules.errors import RuleError, Violation


class OrderState(StrEnum):
    APPLIED = "applied"  # the order is taken (お申し込み完了)
    SLIP_MAILED = "slip_mailed"  # the slip is on its way
    SLIP_DELIVERED = "slip_delivered"  # the slip is in the customer's hands: it can be paid
    PAID = "paid"  # paid at a store or post office, or charged to a card
    CONFIRMED = "confirmed"  # the payment is confirmed (入金確認)
    EXTENDED = "extended"  # the licences' expiry moved: the order is done
    LAPSED = "lapsed"  # the slip's deadline passed unpaid: the order is void


class OrderEvent(StrEnum):
    SLIP_MAILED = "slip_mailed"  # the slip is printed and posted (scheduled)
    SLIP_DELIVERED = "slip_delivered"  # the slip reaches the customer (scheduled)
    CUSTOMER_PAYS = "customer_pays"  # the scenario's simulated customer pays the slip (scheduled)
    SLIP_PAID = "slip_paid"  # the slip is paid by hand (QA: POST /sim/orders/{id}/pay)
    CARD_CHARGED = "card_charged"  # a card order is charged when it is applied
    PAYMENT_CONFIRMED = "payment_confirmed"  # the payment is confirmed (scheduled for a slip)
    EXTEND = "extend"  # the licences are extended (scheduled at confirmation)
    SLIP_LAPSE = "slip_lapse"  # the end of the slip's deadline day (scheduled when it is mailed)


TRANSITIONS: dict[tuple[OrderState, OrderEvent], OrderState] = {
    (OrderState.APPLIED, OrderEvent.SLIP_MAILED): OrderState.SLIP_MAILED,
    (OrderState.SLIP_MAILED, OrderEvent.SLIP_DELIVERED): OrderState.SLIP_DELIVERED,
    (OrderState.SLIP_DELIVERED, OrderEvent.CUSTOMER_PAYS): OrderState.PAID,
    (OrderState.SLIP_DELIVERED, OrderEvent.SLIP_PAID): OrderState.PAID,
    (OrderState.APPLIED, OrderEvent.CARD_CHARGED): OrderState.PAID,
    (OrderState.PAID, OrderEvent.PAYMENT_CONFIRMED): OrderState.CONFIRMED,
    (OrderState.CONFIRMED, OrderEvent.EXTEND): OrderState.EXTENDED,
    (OrderState.APPLIED, OrderEvent.SLIP_LAPSE): OrderState.LAPSED,
    (OrderState.SLIP_MAILED, OrderEvent.SLIP_LAPSE): OrderState.LAPSED,
    (OrderState.SLIP_DELIVERED, OrderEvent.SLIP_LAPSE): OrderState.LAPSED,
}

INITIAL_STATE = OrderState.APPLIED
# A slip order's way from application to extension, in order: the waiting page's timeline.
MAIN_PATH: tuple[OrderState, ...] = (OrderState.APPLIED, OrderState.SLIP_MAILED, OrderState.SLIP_DELIVERED,
                                     OrderState.PAID, OrderState.CONFIRMED, OrderState.EXTENDED)
# Nothing more happens to an order in these states: no event leaves them.
FINAL_STATES: frozenset[OrderState] = frozenset(
    state for state in OrderState if not any(source is state for source, _event in TRANSITIONS))
# Still under way (the API's ``open``; a licence with an open order takes no other), in declaration order.
OPEN_STATES: tuple[OrderState, ...] = tuple(state for state in OrderState if state not in FINAL_STATES)

TRANSITION_REFUSED = QT_TRANSLATE_NOOP("Rules", "お申し込みの状態（{state}）では、{event} は起こりません。")


def allows(state: str, event: str) -> bool:
    """Whether ``event`` may happen to an order in ``state`` (plain strings from JSON or SQL are fine)."""
    return (state, event) in TRANSITIONS


def next_state(state: str, event: str) -> OrderState:
    """The state an order in ``state`` reaches by ``event``; a pair the table lacks is a :class:`RuleError`."""
    try:
        return TRANSITIONS[(state, event)]  # a plain string finds its StrEnum member: same value, same hash
    except KeyError:
        raise RuleError(Violation("order.transition_refused", TRANSITION_REFUSED, "state",
                                  (("state", str(state)), ("event", str(event))))) from None


def reachable(state: OrderState) -> frozenset[OrderState]:
    """The states an order in ``state`` may still reach through the table, ``state`` included."""
    reached, todo = {state}, [state]
    while todo:
        here = todo.pop()
        for (source, _event), target in TRANSITIONS.items():
            if source is here and target not in reached:
                reached.add(target)
                todo.append(target)
    return frozenset(reached)


def _still_possible() -> dict[OrderState, frozenset[OrderEvent]]:
    """For each state, the events that may happen to an order in it: now, or in a state it may still reach."""
    return {start: frozenset(event for (source, event) in TRANSITIONS if source in reachable(start))
            for start in OrderState}


STILL_POSSIBLE: dict[OrderState, frozenset[OrderEvent]] = _still_possible()


def may_still_happen(state: str, event: str) -> bool:
    """Whether ``event`` may yet happen to an order in ``state`` (now, or once it has moved on): a scheduled
    event for which this is false can never apply, e.g. the simulated customer's payment of a slip already paid."""
    return event in STILL_POSSIBLE.get(state, frozenset())  # type: ignore[arg-type]


def is_final(state: str | None) -> bool:
    """Nothing more will happen to an order in ``state`` (extended or lapsed)."""
    return state in FINAL_STATES
