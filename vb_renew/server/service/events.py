"""The order life cycle: every state change, and the scheduled events that drive a slip order.

An order moves only through :mod:`vb_renew.rules.lifecycle`'s table: :meth:`LifeCycle.transition`
takes the next state from it. A slip order moves by a chain of scheduled events (``events.kind``
is an :class:`OrderEvent`), each run exactly once in the transaction that marks it done; QA's
payment and a card's charge move it at once. Every change bumps the order's ``version`` and, once
committed, tells the listeners (the long polls, and the clock, which runs only while some order is open unless the
world's ``clock_run`` setting says otherwise). The world's settings (:mod:`.settings`) say whether the simulated
customer pays on their own and what an expired licence's new term counts from.

Also what the clock may do: go forward only within the world's days (:meth:`LifeCycle.can_reach`), and back only
where the history allows (:meth:`LifeCycle.check_clock_move`).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.rules import extension, lifecycle, slips
from vb_renew.rules.lifecycle import OrderEvent, OrderState
from vb_renew.rules.payment import PaidAt
from vb_renew.server import store
from vb_renew.server.clock import JST, in_range, iso, parse_instant
from vb_renew.server.errors import ApiError
from vb_renew.server.service.retention import ERASED

if TYPE_CHECKING:
    from vb_renew.server.service.mails import Mails
    from vb_renew.server.service.settings import Settings
    from vb_renew.server.service.world import World

log = logging.getLogger("vb_renew.server")

# 409 sim.clock_before_history (told in the request's language, as errors.MESSAGES).
CLOCK_BEFORE_HISTORY = QT_TRANSLATE_NOOP(
    "ServerErrors", "シミュレーションの時刻は、記録済みの最後の出来事（{latest}）より前には戻せません。")

# The simulated customer pays the slip: (conn, order id, place, amount, when, event); payments.Payments.pay_slip.
PaySlip = Callable[[sqlite3.Connection, str, PaidAt, int, datetime, OrderEvent], None]


class LifeCycle:
    """State changes by the table, the schedule, and the runner of due events."""

    def __init__(self, world: World, mails: Mails, settings: Settings) -> None:
        self.world = world
        self.mails = mails
        self.settings = settings
        self.pay_slip: PaySlip | None = None  # set by the service: the payments module pays for the customer
        # One runner at a time (the app's background runner or a QA clock call), so the call that moved the
        # clock runs, and lists, every event it passed.
        self.running = threading.RLock()

    def transition(self, conn: sqlite3.Connection, order_id: str, event: OrderEvent, at: str) -> None:
        """Move the order by ``event`` to the state the life cycle's table names (a pair it lacks: RuleError)."""
        state = lifecycle.next_state(store.order(conn, order_id)["state"], event)
        store.set_order_state(conn, order_id, state, at)
        self.world.db.after_commit(lambda: self.world.order_changed(order_id))
        # What can no longer happen is not kept waiting: the simulated customer's payment of a slip paid by hand,
        # the lapse of a paid slip. The clock's next event is then one that does something.
        dead = [kind for kind in OrderEvent if not lifecycle.may_still_happen(state, kind)]
        if store.drop_events(conn, order_id, dead, at):
            self.world.db.after_commit(self.world.schedule_changed)

    def schedule(self, conn: sqlite3.Connection, order_id: str, kind: OrderEvent, due: datetime) -> None:
        store.add_event(conn, order_id, kind, iso(due))
        self.world.db.after_commit(self.world.schedule_changed)

    def extend(self, conn: sqlite3.Connection, order_id: str, when: datetime) -> None:
        """Extend every licence of the order, once: guarded by the order's state in this transaction."""
        if not lifecycle.allows(store.order(conn, order_id)["state"], OrderEvent.EXTEND):
            return
        confirmed_on = when.date()
        for item in store.order_items(conn, order_id):
            licence = store.licence(conn, item["serial"])
            new = extension.new_expiry(date.fromisoformat(licence["expiry"]), item["years"], confirmed_on,
                                       self.settings.expired_base())
            store.extend_licence(conn, item["serial"], new.isoformat(), item["product"], item["upgrade"])
            store.set_item_new_expiry(conn, order_id, item["position"], new.isoformat())
        self.transition(conn, order_id, OrderEvent.EXTEND, iso(when))
        self.mails.send(conn, order_id, "renewal_complete", iso(when))

    # --- the scheduled events ----------------------------------------------------------------------

    def next_event_due(self) -> datetime | None:
        due = store.next_due(self.world.db)
        if not due:
            return None
        try:
            return parse_instant(due)
        except ValueError:  # a corrupt row: due at once, so that running it marks it failed (and reports it once)
            return datetime.min.replace(tzinfo=timezone.utc)

    def can_reach(self, target: datetime) -> bool:
        """Whether the clock may go to ``target``: within the world's days, and no slip mailed on the way would
        have its deadline (or the lapse the day after it) outside them."""
        if not in_range(target):
            return False
        for due in store.pending_events(self.world.db, OrderEvent.SLIP_MAILED, iso(target)):
            deadline = slips.slip_deadline(parse_instant(due).date())
            if not in_range(deadline + timedelta(days=1)):
                return False
        return True

    def check_clock_move(self, target: datetime, field: str, erase_after_days: float | None = None) -> None:
        """Refuse (409) a move of the clock to ``target`` that leaves the world's days (:meth:`can_reach`) or goes
        back before something the world has recorded: history is not rewritten. ``erase_after_days``: customer
        details erased that long after their order closed count as recorded then."""
        if not self.can_reach(target):
            raise ApiError(409, "sim.clock_out_of_range", field=field)
        latest = self.last_recorded(erase_after_days)
        if latest is not None and iso(target) < iso(latest):
            shown = iso(latest)
            raise ApiError(409, "sim.clock_before_history", CLOCK_BEFORE_HISTORY, values={"latest": shown}, field=field,
                           details=[{"code": "sim.last_recorded", "message": shown, "field": field}])

    def last_recorded(self, erase_after_days: float | None = None) -> datetime | None:
        """The latest instant the world has recorded (:func:`store.last_recorded`), or None for a world with no
        history yet."""
        recorded = store.last_recorded(self.world.db)
        found = [parse_instant(recorded)] if recorded else []
        erased = store.last_closed_and_erased(self.world.db, ERASED) if erase_after_days is not None else None
        if erased:
            found.append(parse_instant(erased) + timedelta(days=erase_after_days or 0))
        return max(found, default=None)

    def customer_catches_up(self, conn: sqlite3.Connection) -> None:
        """The simulated customer now pays on their own: each slip already delivered, and not yet due to be paid
        by them, is paid after the scenario's delay from now."""
        behaviour = self.settings.customer()
        now = self.world.clock.now()
        for order_id in store.orders_in_state(conn, OrderState.SLIP_DELIVERED):
            if not store.has_pending_event(conn, order_id, OrderEvent.CUSTOMER_PAYS):
                delay = self.world.rng(order_id, "customer_pays").randint(behaviour.delay_first, behaviour.delay_last)
                self.schedule(conn, order_id, OrderEvent.CUSTOMER_PAYS, now + timedelta(days=delay))

    def run_due_events(self, limit: int = 10000) -> list[dict[str, Any]]:
        """Run, in order, every event the clock has passed; each in its own transaction, exactly once."""
        ran: list[dict[str, Any]] = []
        with self.running:
            for _ in range(limit):
                if not self._run_next(ran):
                    break
        return ran

    def _run_next(self, ran: list[dict[str, Any]]) -> bool:
        """Run the first event due, if any, in its own transaction; False when none is due."""
        now = iso(self.world.clock.now())
        event: sqlite3.Row | None = None
        try:
            with self.world.db.transaction() as conn:
                event = store.take_due_event(conn, now)
                if event is None:
                    return False
                applied = self._run_event(conn, event)
        except Exception as exc:  # noqa: BLE001 - one failing event must not stop (or loop) the runner
            if event is None:
                raise
            # Rolled back: the order stays as it was. The event is marked failed, so it is never run again.
            failure = f"{type(exc).__name__}: {exc}"[:500]
            with self.world.db.transaction() as conn:
                store.fail_event(conn, event["id"], now, failure)
            log.error("event %s (%s of order %s, due %s) failed and will not be retried: %s", event["id"],
                      event["kind"], event["order_id"], event["due_at"], failure.replace("\n", " "))
            applied = False
        ran.append({"order_id": event["order_id"], "kind": event["kind"], "due_at": event["due_at"],
                    "applied": applied})
        return True

    def _run_event(self, conn: sqlite3.Connection, row: sqlite3.Row) -> bool:
        order_id, kind = row["order_id"], row["kind"]
        when = parse_instant(row["due_at"])
        at = iso(when)
        order = store.order(conn, order_id)
        if order is None:
            return False
        try:
            event = OrderEvent(kind)
        except ValueError:  # a kind this version does not know
            return False
        if not lifecycle.allows(order["state"], event):  # the order has moved on (paid, lapsed...): nothing to do
            return False
        if event is OrderEvent.SLIP_MAILED:
            issued_on = when.date()
            deadline = slips.slip_deadline(issued_on)
            seq = int(order["number"].rsplit("-", 1)[-1])
            barcode = slips.barcode_number(seq, order["total"], deadline, 0)
            store.add_slip(conn, order_id, "S" + order["number"][3:], barcode, order["total"], issued_on.isoformat(),
                           deadline.isoformat())
            self.transition(conn, order_id, event, at)
            # The slip lapses at the end of its deadline day [pub].
            lapse = datetime.combine(deadline + timedelta(days=1), datetime.min.time(), tzinfo=JST)
            self.schedule(conn, order_id, OrderEvent.SLIP_LAPSE, lapse)
            return True
        if event is OrderEvent.SLIP_DELIVERED:
            store.slip_delivered(conn, order_id, when.date().isoformat())
            self.transition(conn, order_id, event, at)
            behaviour = self.settings.customer()
            if behaviour.pays:
                delay = self.world.rng(order_id, "customer_pays").randint(behaviour.delay_first, behaviour.delay_last)
                self.schedule(conn, order_id, OrderEvent.CUSTOMER_PAYS, when + timedelta(days=delay))
            return True
        if event is OrderEvent.CUSTOMER_PAYS:
            assert self.pay_slip is not None
            behaviour = self.settings.customer()
            if not behaviour.pays:  # QA has since said the customer never pays on their own
                return False
            slip = store.slip(conn, order_id)
            try:
                self.pay_slip(conn, order_id, PaidAt(behaviour.place), slip["amount"], when, event)
            except ApiError:
                return False
            return True
        if event is OrderEvent.PAYMENT_CONFIRMED:
            store.payment_confirmed(conn, order_id, when.date().isoformat())
            self.transition(conn, order_id, event, at)
            self.schedule(conn, order_id, OrderEvent.EXTEND, when)
            return True
        if event is OrderEvent.EXTEND:
            self.extend(conn, order_id, when)
            return True
        if event is OrderEvent.SLIP_LAPSE:
            self.transition(conn, order_id, event, at)
            return True
        return False  # never scheduled (a slip paid by hand, a card charged): not the runner's
