"""What the QA panel offers and sends, decided without Qt: the panel's widgets only render these.

- the clock's steps (:data:`ADVANCES`), speeds (:data:`SPEEDS`) and run modes (:data:`RUN_MODES`), the world's
  settings (:data:`CUSTOMER_PAYS`, :data:`EXPIRED_BASES`), and the instant a date and time set;
- what the payment section offers for an order (:func:`payment_offer`): whether the slip can be paid now, and if
  not why, the amount the slip asks, where it can be paid, the days it can be dated, and the days each place
  would confirm it;
- a fault as the form describes it (:class:`FaultSpec`): the fields its kind and mode need, and the body of
  ``POST /sim/faults`` (docs/api.md, Simulation control);
- the mailbox's order (:func:`newest_first`) and the event log's words for a call (:func:`call_outcome`) and its
  filters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vb_renew.i18n import QT_TRANSLATE_NOOP, Text
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.payment import PaidAt, PaymentMethod
from vb_renew.rules.slips import expected_confirmation_window

if TYPE_CHECKING:
    from vb_renew.core.api import ApiCall
    from vb_renew.core.data import Mail, Order

# -- the clock ----------------------------------------------------------------------------------------------

# The clock section's steps: the body of ``POST /sim/clock/advance``.
ADVANCES: Mapping[str, Mapping[str, Any]] = {
    "hour": {"hours": 1},
    "day": {"days": 1},
    "week": {"days": 7},
    "next_event": {"to_next_event": True},
}
# Real seconds per simulated day the clock section offers [sim]: real time, then ever faster.
SPEEDS: tuple[float, ...] = (86400.0, 3600.0, 600.0, 60.0, 10.0, 1.0)
MIN_SECONDS_PER_DAY = 0.01  # the API's floor for a running clock (docs/api.md)
# The clock's run modes (the setting ``clock_run``): while some order is open, always, never.
RUN_MODES: tuple[str, ...] = ("auto", "always", "paused")
# The world's other settings (``/sim/settings``).
CUSTOMER_PAYS: tuple[str, ...] = ("auto", "never")
EXPIRED_BASES: tuple[str, ...] = ("confirmation_date", "old_expiry")


def clock_instant(day: date, hour: int, minute: int) -> str:
    """The ``now`` of ``PUT /sim/clock`` for a day and a time in Japan: ``2026-11-26T10:00``."""
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


# -- paying a slip ------------------------------------------------------------------------------------------

NOT_A_SLIP = QT_TRANSLATE_NOOP("QaPanel", "振込用紙でのお申し込みではありません。")
NOT_DELIVERED = QT_TRANSLATE_NOOP("QaPanel", "振込用紙はまだ届いていません。時計を進めると届きます。")
ALREADY_PAID = QT_TRANSLATE_NOOP("QaPanel", "お支払い済みです。")
LAPSED = QT_TRANSLATE_NOOP("QaPanel", "お支払い期限が過ぎています。")


@dataclass(frozen=True)
class PaymentOffer:
    """What the payment section offers for one order.

    ``payable``: the backend would take a payment now (a delivered slip); else ``reason`` says why not.
    ``amount``: what the slip asks (the section prefills it; another amount is refused by the backend, which a
    QA run may want to see). ``paid_on_range``: the days a payment can be dated (from the slip's delivery to its
    deadline, never after today). ``windows``: per place, the days the confirmation may be set to (and would be
    drawn from) if paid on the day asked (today by default).
    """

    order_id: str
    number: str
    state: OrderState
    payable: bool
    reason: Text | None
    amount: int
    deadline: date | None
    places: tuple[PaidAt, ...]
    windows: Mapping[PaidAt, tuple[date, date]]
    paid_on_range: tuple[date, date] | None = None


def payment_offer(order: Order, today: date | None = None, paid_on: date | None = None) -> PaymentOffer:
    """What can be done about paying ``order``'s slip (``today``: the simulated day; ``paid_on``: the day the
    payment is to be dated, today if None)."""
    slip = order.slip
    reason: Text | None = None
    if order.payment_method is not PaymentMethod.SLIP:
        reason = NOT_A_SLIP
    elif order.state is OrderState.LAPSED:
        reason = LAPSED
    elif order.payment is not None or order.state in (OrderState.PAID, OrderState.CONFIRMED, OrderState.EXTENDED):
        reason = ALREADY_PAID
    elif order.state is not OrderState.SLIP_DELIVERED or slip is None or slip.delivered_on is None:
        reason = NOT_DELIVERED
    places = tuple(PaidAt) if reason is None else ()
    day = paid_on or today
    windows = {place: expected_confirmation_window(place, day) for place in places} if day is not None else {}
    paid_on_range = None
    if reason is None and today is not None and slip is not None and slip.delivered_on is not None:
        paid_on_range = (slip.delivered_on, min(slip.deadline, today))
    return PaymentOffer(order_id=order.id, number=order.number or order.id, state=order.state,
                        payable=reason is None, reason=reason, amount=slip.amount if slip is not None else order.total,
                        deadline=slip.deadline if slip is not None else None, places=places, windows=windows,
                        paid_on_range=paid_on_range)


# -- faults -------------------------------------------------------------------------------------------------

# Every kind and mode the backend has (docs/api.md, Simulation control).
FAULT_KINDS: tuple[str, ...] = ("latency", "status", "reset", "malformed", "hang", "drop_response")
FAULT_MODES: tuple[str, ...] = ("once", "every_nth", "probability")
FAULT_METHODS: tuple[str, ...] = ("GET", "POST", "PUT", "DELETE")
# Paths the app asks, as a fault's prefix (the form takes any other too).
FAULT_PATHS: tuple[str, ...] = ("/api/v1/licences", "/api/v1/orders", "/api/v1/health", "/api/v1/renewal-options",
                                "/api/v1/auth", "/api/v1/mails", "/api/v1")
DEFAULT_STATUS = 503
SIM_PREFIX = "/api/v1/sim"


@dataclass(frozen=True)
class FaultSpec:
    """A fault as the form describes it; :meth:`body` sends only what its kind and mode use."""

    path: str
    kind: str
    method: str | None = None  # None: every method
    mode: str = "once"
    latency_ms: int | None = None
    status: int | None = None
    retry_after: int | None = None
    n: int | None = None
    p: float | None = None
    seed: int | None = None

    def problems(self) -> list[str]:
        """The fields that are missing or wrong (the API would refuse them): empty when it can be sent."""
        wrong = []
        path = self.path.strip()
        if not path.startswith("/") or path == SIM_PREFIX or path.startswith(SIM_PREFIX + "/"):
            wrong.append("path")
        if self.kind not in FAULT_KINDS:
            wrong.append("kind")
        if self.mode not in FAULT_MODES:
            wrong.append("mode")
        if self.kind == "latency" and self.latency_ms is None:
            wrong.append("latency_ms")
        if self.mode == "every_nth" and not self.n:
            wrong.append("n")
        if self.mode == "probability" and (self.p is None or not 0 <= self.p <= 1):
            wrong.append("p")
        return wrong

    def body(self) -> dict[str, Any]:
        """``POST /sim/faults``'s body."""
        body: dict[str, Any] = {"path": self.path.strip(), "kind": self.kind, "mode": self.mode}
        if self.method:
            body["method"] = self.method
        if self.kind == "latency":
            body["latency_ms"] = self.latency_ms
        if self.kind == "status":
            body["status"] = self.status or DEFAULT_STATUS
            if self.retry_after is not None:
                body["retry_after"] = self.retry_after
        if self.mode == "every_nth":
            body["n"] = self.n
        if self.mode == "probability":
            body["p"] = self.p
            if self.seed is not None:
                body["seed"] = self.seed
        return body


def fault_fields(kind: str, mode: str) -> frozenset[str]:
    """The form's fields a fault of ``kind`` fired by ``mode`` uses (the others are disabled)."""
    used = {"path", "method", "kind", "mode"}
    if kind == "latency":
        used.add("latency_ms")
    if kind == "status":
        used |= {"status", "retry_after"}
    if mode == "every_nth":
        used.add("n")
    if mode == "probability":
        used |= {"p", "seed"}
    return frozenset(used)


# -- the mailbox and the event log --------------------------------------------------------------------------


def newest_first(mails: Iterable[Mail]) -> list[Mail]:
    """The mailbox's order: the latest mail first (by when it was sent, then by its number)."""
    return sorted(mails, key=lambda mail: (mail.sent_at, mail.id), reverse=True)


def call_outcome(call: ApiCall) -> str:
    """How a request ended, as the event log writes it: ``200``, ``503 fault.injected``, ``network.offline``."""
    parts = [str(call.status)] if call.status is not None else []
    if call.error is not None:
        parts.append(call.error)
    return " ".join(parts)


CLOCK_READS = frozenset({("GET", "/api/v1/health"), ("GET", "/api/v1/sim/clock")})


def is_clock_read(call: ApiCall) -> bool:
    """A read of the simulated clock (the main window's and the panel's, every second): hidden by default."""
    return (call.method, call.path) in CLOCK_READS


def is_simulation(call: ApiCall) -> bool:
    """A request to the simulation API (the panel's own)."""
    return call.path == SIM_PREFIX or call.path.startswith(SIM_PREFIX + "/")

