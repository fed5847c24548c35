"""Orders: applying (under an Idempotency-Key), and reading one's own orders.

An application arrives validated (:class:`~vb_renew.server.models.OrderIn`: its types, the customer's details and
the card's fields, by the rules); what is checked here needs the world: the licences, the catalogue, the open
orders, the simulated today and the card processor.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.rules import lifecycle, slips, upgrades
from vb_renew.rules.lifecycle import OrderEvent
from vb_renew.rules.payment import PaymentMethod
from vb_renew.server import store
from vb_renew.server.clock import iso, parse_instant
from vb_renew.server.errors import ApiError, dumps
from vb_renew.server.service import payments, views
from vb_renew.translations import SOURCE_LANGUAGE

if TYPE_CHECKING:
    from vb_renew.server.models import OrderIn, OrderItemIn
    from vb_renew.server.service.auth import Principal
    from vb_renew.server.service.events import LifeCycle
    from vb_renew.server.service.licences import Licences
    from vb_renew.server.service.mails import Mails
    from vb_renew.server.service.payments import Payments
    from vb_renew.server.service.world import World

SLIP_MAILED_AFTER = timedelta(days=1)  # [sim] the slip is printed and posted the day after the application
IDEMPOTENCY_TTL = 24 * 3600.0  # real seconds (docs/api.md)
# An Idempotency-Key: 1 to 255 printable ASCII characters, no surrounding spaces (as the document says).
IDEMPOTENCY_KEY = re.compile(r"[!-~]([ -~]{0,253}[!-~])?")
KEY_TOO_LONG = QT_TRANSLATE_NOOP("ServerErrors", "Idempotency-Key が長すぎます。")
KEY_MALFORMED = QT_TRANSLATE_NOOP("ServerErrors", "Idempotency-Key の形式が正しくありません。")


class Orders:
    """Applying for a renewal and reading orders; the life cycle and payments move them on."""

    def __init__(self, world: World, licences: Licences, life: LifeCycle, pays: Payments, mails: Mails) -> None:
        self.world = world
        self.licences = licences
        self.life = life
        self.payments = pays
        self.mails = mails
        self._in_flight: set[tuple[int | None, str]] = set()
        self._in_flight_lock = threading.Lock()

    # --- applying ----------------------------------------------------------------------------------

    def create_order(self, who: Principal, key: str | None, body: OrderIn,
                     before_commit: Callable[[], None] | None = None,
                     language: str = SOURCE_LANGUAGE) -> tuple[int, dict[str, Any], bool]:
        """Apply, under the IETF idempotency-key semantics; returns (status, answer, replayed).

        ``body`` is already valid (a bad one was refused before the key was looked at). Its fingerprint is the
        body as sent, not as normalised: the same key with another spelling of the same details is another body.
        ``language``: the customer's (the request's ``Accept-Language``), kept with the order: its mails are written
        in it, when each is sent.
        """
        if not key:
            raise ApiError(400, "idempotency.key_missing", field="Idempotency-Key")
        if len(key) > 255:
            raise ApiError(400, "idempotency.key_missing", KEY_TOO_LONG, field="Idempotency-Key")
        if not IDEMPOTENCY_KEY.fullmatch(key):
            raise ApiError(400, "idempotency.key_missing", KEY_MALFORMED, field="Idempotency-Key")
        fingerprint = hashlib.sha256(dumps(body.model_dump(mode="json")).encode("utf-8")).hexdigest()
        slot = (who.account_id, key)
        stored = self._stored_answer(who, key)
        if stored:
            return self._replay(stored, fingerprint)
        with self._in_flight_lock:
            if slot in self._in_flight:
                raise ApiError(409, "idempotency.in_flight", headers={"Retry-After": "1"})
            self._in_flight.add(slot)
        try:
            stored = self._stored_answer(who, key)  # answered while we waited for the slot
            if stored:
                return self._replay(stored, fingerprint)
            if before_commit is not None:
                before_commit()
            order_id = self._apply(who, body, key, fingerprint, language)
            return 201, self.order(who, order_id), False
        finally:
            with self._in_flight_lock:
                self._in_flight.discard(slot)

    def _stored_answer(self, who: Principal, key: str) -> sqlite3.Row | None:
        return store.stored_answer(self.world.db, who.account_id, key, self.world.real_time() - IDEMPOTENCY_TTL)

    @staticmethod
    def _replay(stored: sqlite3.Row, fingerprint: str) -> tuple[int, dict[str, Any], bool]:
        if stored["request_hash"] != fingerprint:
            raise ApiError(422, "idempotency.key_reused", field="Idempotency-Key")
        return int(stored["status"]), json.loads(stored["response"]), True

    def _items(self, who: Principal, lines: Sequence[OrderItemIn], method: PaymentMethod,
               today: date) -> list[dict[str, Any]]:
        """The order's lines, each checked against the licence, the catalogue and the upgrade rules.

        Called inside the order's transaction: the reads go through the database's one connection, so they see
        the licence's expiry and open order as this transaction will write them.
        """
        catalogue = self.world.catalogue
        held: list[upgrades.HeldLicence] | None = None  # the account's licences: read for an upgrade only
        seen: set[str] = set()
        items = []
        for i, line in enumerate(lines):
            where = f"items[{i}]"
            serial, chosen, years = line.serial, line.product, line.years
            if serial in seen:
                raise ApiError(422, "order.duplicate_serial", field=f"{where}.serial")
            seen.add(serial)
            row = self.licences.row(who, serial, today, field=f"{where}.serial")
            status = self.licences.status(row, today)
            if not status.renewable:
                if status.refusal is None:
                    raise ApiError(422, "renewal.product_not_offered", field=f"{where}.serial")
                raise ApiError.from_violations(422, [status.refusal], field_prefix=f"{where}.serial")
            if chosen not in catalogue.product(row["product"]).offered:
                raise ApiError(422, "renewal.product_not_offered", field=f"{where}.product")
            if years not in catalogue.years:
                raise ApiError(422, "renewal.years_not_offered", field=f"{where}.years")
            upgrade = upgrades.is_upgrade(row["product"], chosen)
            if upgrade:
                held = self.licences.account_held(who.account_id) if held is None else held
                refusal = upgrades.upgrade_refusal(self.licences.held(row), chosen, held, today, catalogue)
                if refusal:
                    raise ApiError(422, refusal.code, refusal, field=f"{where}.product")
            if method not in upgrades.payment_methods(row["product"], chosen):
                code = "payment.slip_not_allowed_for_upgrade" if method is PaymentMethod.SLIP \
                    else "payment.method_not_allowed"
                raise ApiError(422, code, field="payment_method")
            if self.licences.open_order_of(serial):
                raise ApiError(409, "order.already_open", field=f"{where}.serial")
            items.append({"serial": serial, "product": chosen, "old_product": row["product"], "years": years,
                          "price": catalogue.price(chosen, years), "upgrade": upgrade,
                          "old_expiry": row["expiry"]})
        return items

    def _apply(self, who: Principal, body: OrderIn, key: str, fingerprint: str, language: str) -> str:
        """Check and write the order in one write transaction (``BEGIN IMMEDIATE``: writers take turns).

        The licence's eligibility, its renewal window and its open order are read in the transaction that
        inserts the order, so a concurrent order for the same serial sees this one (or this one sees it); the
        ``open_orders`` key backs the check, and a card is charged only for the order that got inserted.
        """
        if who.account_id is None:
            raise ApiError(404, "licence.not_found")
        method = PaymentMethod(body.payment_method)
        if method not in (PaymentMethod.SLIP, PaymentMethod.CREDIT_CARD):
            raise ApiError(422, "payment.method_unsupported", field="payment_method")
        order_id = "ord_" + secrets.token_hex(8)
        try:
            with self.world.db.transaction() as conn:
                self._write(conn, who, body, method, order_id, key, fingerprint, language)
        except store.OpenOrderExists as taken:  # the checks missed a concurrent order: the key did not
            position = next((i for i, line in enumerate(body.items) if line.serial == taken.serial), 0)
            raise ApiError(409, "order.already_open", field=f"items[{position}].serial") from None
        return order_id

    def _write(self, conn: sqlite3.Connection, who: Principal, body: OrderIn, method: PaymentMethod,
               order_id: str, key: str, fingerprint: str, language: str) -> None:
        """The order's checks and rows, inside :meth:`_apply`'s transaction (an ApiError rolls it all back)."""
        assert who.account_id is not None
        now = self.world.clock.now()
        today = now.date()
        items = self._items(who, body.items, method, today)
        last4 = None
        if method is PaymentMethod.CREDIT_CARD:
            last4 = payments.check_card(body.card, today)
        elif body.card is not None:
            raise ApiError(422, "payment.card_not_allowed", field="card")
        total = sum(i["price"] for i in items)

        at = iso(now)
        number = f"VB-{today:%Y%m%d}-{store.next_order_seq(conn):04d}"
        store.add_order(conn, order_id, number, who.account_id, lifecycle.INITIAL_STATE, str(method), total,
                        body.customer.details.as_dict(), last4, at, items, language=language)
        self.mails.send(conn, order_id, "application_complete", at)
        if method is PaymentMethod.SLIP:
            self.life.schedule(conn, order_id, OrderEvent.SLIP_MAILED, now + SLIP_MAILED_AFTER)
            days = slips.delivery_days(self.world.rng(order_id, "delivery"))
            self.life.schedule(conn, order_id, OrderEvent.SLIP_DELIVERED, now + timedelta(days=days))
        else:
            self.payments.charge_card(conn, order_id, total, now)
        # The answer is stored with the order: a retry after a lost response replays it, even after a restart.
        store.store_answer(conn, who.account_id, key, fingerprint, self._view(conn, order_id),
                           self.world.real_time(), forget_before=self.world.real_time() - IDEMPOTENCY_TTL)

    # --- reading -----------------------------------------------------------------------------------

    def _view(self, sql: store.Sql, order_id: str) -> dict[str, Any]:
        return views.order(store.order_parts(sql, order_id), self.world.catalogue)

    def _own_order(self, who: Principal, order_id: str) -> sqlite3.Row:
        row = store.order_owner(self.world.db, order_id)
        if row is None or who.account_id is None or row["account_id"] != who.account_id:
            raise ApiError(404, "order.not_found")  # another account's order is not found, never forbidden
        return row

    def order_version(self, who: Principal, order_id: str) -> int:
        return int(self._own_order(who, order_id)["version"])

    def order(self, who: Principal, order_id: str) -> dict[str, Any]:
        self._own_order(who, order_id)
        return self.current(order_id)

    def current(self, order_id: str) -> dict[str, Any]:
        """The order's view as it is now, with its poll hint. No ownership check: the caller made it (the long
        poll, once, when the request arrived: an order's account never changes)."""
        view = self._view(self.world.db, order_id)
        view["poll_after_seconds"] = self.poll_after(order_id, view["open"])
        return view

    def orders(self, who: Principal) -> list[dict[str, Any]]:
        ids = store.account_order_ids(self.world.db, who.account_id) if who.account_id is not None else []
        return [self.order(who, order_id) for order_id in ids]

    def order_account(self, order_id: str) -> int | None:
        row = store.order_owner(self.world.db, order_id)
        return row["account_id"] if row else None

    def poll_after(self, order_id: str, is_open: bool) -> int:
        """When the client should ask next: at this order's next event, within 1..60 real seconds.

        With nothing scheduled, or the clock standing still, only QA (or the customer paying) changes the order,
        at any moment: ask again after 1 s, with a long poll that is held until it changes. A longer hint would be
        time in which nobody asks and a change waits unseen (5 s each, twice, on the main path)."""
        if not is_open:
            return 60
        due = store.next_due(self.world.db, order_id)
        if not due:
            return 1
        seconds = self.world.clock.real_seconds_until(parse_instant(due))
        if seconds is None:
            return 1
        return int(min(60, max(1, round(seconds + 0.5))))
