"""The simulated renewal service: accounts, licences, orders, slips, payments, mails, scheduled events.

Plain Python over :class:`~vb_renew.server.db.Database`: no HTTP here (the app maps
:class:`ApiError` to answers). Every rule comes from :mod:`vb_renew.rules`. Every
state change is one transaction; an order's change bumps its ``version`` and, once
committed, tells the listeners (the long-polls) through ``order_listeners``.

The order life cycle is :mod:`vb_renew.rules.lifecycle`'s table: a slip order moves by a chain
of scheduled events (``events.kind`` is an :class:`OrderEvent`), each run exactly once in the
transaction that marks it done; QA's payment and a card's charge move it at once. Every state
change goes through :meth:`Service._transition`, which takes the next state from the table.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from vb_renew.rules import eligibility, extension, lifecycle, slips, upgrades
from vb_renew.rules.catalogue import Catalogue, load_catalogue
from vb_renew.rules.errors import Violation
from vb_renew.rules.lifecycle import OPEN_STATES, OrderEvent, OrderState
from vb_renew.rules.payment import PaidAt, PaymentMethod
from vb_renew.server import scenarios
from vb_renew.server.clock import JST, SimClock, iso, parse_instant
from vb_renew.server.db import ALL_TABLES, Database
from vb_renew.server.errors import ApiError, dumps

SLIP_MAILED_AFTER = timedelta(days=1)  # [sim] the slip is printed and posted the day after the application
SAME_DAY_CONFIRMATION_AFTER = timedelta(hours=3)  # [sim] "same day" confirmation comes a few hours later
DEFAULT_TOKEN_TTL = 12 * 3600.0  # real seconds (docs/api.md)
IDEMPOTENCY_TTL = 24 * 3600.0  # real seconds (docs/api.md)
# An Idempotency-Key: 1 to 255 printable ASCII characters, no surrounding spaces (as the document says).
IDEMPOTENCY_KEY = re.compile(r"[!-~]([ -~]{0,253}[!-~])?")

# Test cards [sim]: the simulated card processor knows only these numbers.
CARD_ACCEPTED = "4242424242424242"
CARD_RESULTS = {"4000000000000002": "payment.card_declined", "4000000000000127": "payment.card_security_code"}

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


# --- passwords ---------------------------------------------------------------------------------------

def hash_password(password: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash (standard library), self-describing so parameters can change later."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r),
                                p=int(p), dklen=len(digest_hex) // 2)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


_DUMMY_HASH = hash_password("timing-equaliser")


# --- who is asking -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Principal:
    """The holder of a bearer token: an account, reached by login or by the installed product."""

    account_id: int | None
    email: str | None
    route: str  # "account" | "product"
    serial: str | None = None  # the product route's own serial


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Service:
    """The domain. Thread-safe through the database's lock; the app calls it from its event loop."""

    def __init__(self, db: Database, clock: SimClock, *, token_ttl: float = DEFAULT_TOKEN_TTL,
                 real_time: Callable[[], float] = time.time, catalogue: Catalogue | None = None,
                 expired_base: extension.ExpiredBase = extension.ExpiredBase.CONFIRMATION_DATE) -> None:
        self.db = db
        self.clock = clock
        self.token_ttl = token_ttl
        self.real_time = real_time
        self.catalogue = catalogue or load_catalogue()
        self.expired_base = expired_base
        self.order_listeners: list[Callable[[str], None]] = []  # told after commit: order id changed
        self.schedule_listeners: list[Callable[[], None]] = []  # told after commit: events were added
        self._in_flight: set[tuple[int | None, str]] = set()
        self._in_flight_lock = threading.Lock()

    # --- settings kept in meta ---------------------------------------------------------------------

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.query_one("SELECT value FROM meta WHERE key = ?", (key,))
        return row["value"] if row else default

    @property
    def seed(self) -> int:
        return int(self.meta("scenario.seed", "0") or 0)

    @property
    def scenario_name(self) -> str | None:
        return self.meta("scenario.name")

    @property
    def customer(self) -> scenarios.CustomerBehaviour:
        raw = self.meta("scenario.customer")
        return scenarios.CustomerBehaviour.from_json(json.loads(raw) if raw else None)

    def is_seeded(self) -> bool:
        return self.scenario_name is not None

    def rng(self, order_id: str, purpose: str) -> random.Random:
        """One reproducible stream per order and purpose: the same seed replays the same world.

        Keyed by the order's number (its sequence), not its random id, so a replay draws the same days.
        """
        row = self.db.query_one("SELECT number FROM orders WHERE id = ?", (order_id,))
        return random.Random(f"{self.seed}:{row['number'] if row else order_id}:{purpose}")

    # --- scenarios ---------------------------------------------------------------------------------

    def load_scenario(self, name: str, *, seed: int | None = None, start: date | None = None,
                      seconds_per_day: float | None | type[...] = ..., customer_pays: bool | None = None) -> dict:
        """Wipe everything and write the scenario's world; the clock starts at the scenario's today."""
        try:
            data = scenarios.read_scenario(name)
        except KeyError:
            raise ApiError(422, "sim.unknown_scenario", field="name") from None
        seed = int(data.get("seed", 1)) if seed is None else int(seed)
        now = scenarios.start_instant(data, start)
        today = now.date()
        if seconds_per_day is ...:
            clock_raw = data.get("clock") or {}
            seconds_per_day = clock_raw["seconds_per_day"] if "seconds_per_day" in clock_raw else \
                slips.load_simulation().seconds_per_day
        behaviour = scenarios.CustomerBehaviour.from_json(data.get("customer"))
        if customer_pays is not None:
            behaviour = scenarios.CustomerBehaviour(customer_pays, behaviour.place, behaviour.delay_first,
                                                    behaviour.delay_last)
        accounts = [(raw, hash_password(str(raw["password"]))) for raw in data.get("accounts", [])]
        with self.db.transaction() as conn:
            for table in ALL_TABLES:
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [
                ("scenario.name", name), ("scenario.seed", str(seed)),
                ("scenario.customer", json.dumps(behaviour.to_json())), ("order.seq", "0")])
            for raw, password_hash in accounts:
                account_id = conn.execute(
                    "INSERT INTO accounts (email, password_hash, display_name) VALUES (?, ?, ?)",
                    (raw["email"], password_hash, raw.get("display_name"))).lastrowid
                for lic in raw.get("licences", []):
                    expiry = scenarios.offset_date(today, lic["expiry"])
                    conn.execute(
                        "INSERT INTO licences (serial, account_id, product, expiry, auto_renew, kind, upgraded,"
                        " installed, installation_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (lic["serial"], account_id, lic["product"], expiry.isoformat(),
                         int(bool(lic.get("auto_renew"))), lic.get("kind", upgrades.LicenceKind.PAID),
                         int(bool(lic.get("upgraded"))),
                         int(bool(lic.get("installed"))), scenarios.installation_secret(lic)))
            self.clock.set(now, seconds_per_day)
            self.db.after_commit(self.clock.reload)
            self.db.after_commit(self._schedule_changed)
        return {"name": name, "seed": seed, "now": iso(now), "seconds_per_day": seconds_per_day}

    def installation(self) -> dict[str, Any] | None:
        row = self.db.query_one("SELECT serial, installation_secret FROM licences WHERE installed = 1 "
                                "ORDER BY serial LIMIT 1")
        return {"serial": row["serial"], "installation_secret": row["installation_secret"]} if row else None

    # --- authentication ----------------------------------------------------------------------------

    def _issue_token(self, conn: sqlite3.Connection, account_id: int | None, route: str,
                     serial: str | None) -> tuple[str, float]:
        token = secrets.token_urlsafe(32)
        expires = self.real_time() + self.token_ttl
        conn.execute("INSERT INTO tokens (token_hash, account_id, serial, route, expires_at) VALUES (?, ?, ?, ?, ?)",
                     (_token_hash(token), account_id, serial, route, expires))
        conn.execute("DELETE FROM tokens WHERE expires_at < ?", (self.real_time() - 86400.0,))
        return token, expires

    def _token_answer(self, token: str, expires: float, email: str | None) -> dict[str, Any]:
        return {"token": token, "expires_at": datetime.fromtimestamp(expires, JST).replace(microsecond=0).isoformat(),
                "account": {"email": email}}

    def check_password(self, email: str, password: str) -> sqlite3.Row:
        row = self.db.query_one("SELECT id, email, password_hash FROM accounts WHERE email = ?", (email.strip(),))
        ok = verify_password(password, row["password_hash"] if row else _DUMMY_HASH)
        if not row or not ok:
            raise ApiError(401, "auth.bad_credentials")
        return row

    def login(self, account: sqlite3.Row) -> dict[str, Any]:
        with self.db.transaction() as conn:
            token, expires = self._issue_token(conn, account["id"], "account", None)
        return self._token_answer(token, expires, account["email"])

    def login_product(self, serial: str, secret: str) -> dict[str, Any]:
        row = self.db.query_one(
            "SELECT l.serial, l.installation_secret, l.account_id, a.email FROM licences l "
            "LEFT JOIN accounts a ON a.id = l.account_id WHERE l.serial = ? AND l.installed = 1", (serial.strip(),))
        # As bytes: compare_digest takes ASCII text only, and a secret sent may be any text.
        if not row or not row["installation_secret"] or not hmac.compare_digest(
                row["installation_secret"].encode(), secret.encode("utf-8", "surrogatepass")):
            raise ApiError(401, "auth.bad_installation")
        with self.db.transaction() as conn:
            token, expires = self._issue_token(conn, row["account_id"], "product", row["serial"])
        return self._token_answer(token, expires, row["email"])

    def authenticate(self, token: str | None) -> Principal:
        if not token:
            raise ApiError(401, "auth.required", headers={"WWW-Authenticate": "Bearer"})
        row = self.db.query_one(
            "SELECT t.account_id, t.serial, t.route, t.expires_at, a.email FROM tokens t "
            "LEFT JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?", (_token_hash(token),))
        if not row:
            raise ApiError(401, "auth.invalid_token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if row["expires_at"] <= self.real_time():
            raise ApiError(401, "auth.token_expired", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return Principal(row["account_id"], row["email"], row["route"], row["serial"])

    # --- licences ----------------------------------------------------------------------------------

    def _visible_rows(self, who: Principal, today: date) -> list[sqlite3.Row]:
        """The account route sees listed licences; the product route also its own, whatever its age [seed]."""
        rows = self.db.query("SELECT * FROM licences WHERE account_id IS ? ORDER BY serial", (who.account_id,)) \
            if who.account_id is not None else []
        seen = [r for r in rows if eligibility.listed_in_account(date.fromisoformat(r["expiry"]), today)
                or (who.route == "product" and r["serial"] == who.serial)]
        if who.route == "product" and who.serial and all(r["serial"] != who.serial for r in seen):
            own = self.db.query_one("SELECT * FROM licences WHERE serial = ?", (who.serial,))
            if own:
                seen.insert(0, own)
        return seen

    def _licence_row(self, who: Principal, serial: str, today: date, field: str | None = None) -> sqlite3.Row:
        for row in self._visible_rows(who, today):
            if row["serial"] == serial:
                return row
        raise ApiError(404, "licence.not_found", field=field)

    def _open_order_of(self, serial: str) -> str | None:
        row = self.db.query_one(
            "SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.serial = ? AND o.state IN "
            f"({','.join('?' * len(OPEN_STATES))}) ORDER BY o.created_at DESC LIMIT 1", (serial, *OPEN_STATES))
        return row["id"] if row else None

    def _status(self, row: sqlite3.Row, today: date) -> eligibility.RenewalStatus:
        expiry = date.fromisoformat(row["expiry"])
        if row["product"] not in self.catalogue.products:  # Password Manager etc.: held, not renewed here
            return eligibility.RenewalStatus(False, eligibility.listed_in_account(expiry, today), None, None,
                                             None)
        return eligibility.renewal_status(self.catalogue.product(row["product"]), expiry, today)

    def licence_view(self, row: sqlite3.Row, today: date) -> dict[str, Any]:
        expiry = date.fromisoformat(row["expiry"])
        status = self._status(row, today)
        return {
            "serial": row["serial"], "product": row["product"], "product_name": self.catalogue.name(row["product"]),
            "expiry": row["expiry"], "auto_renew": bool(row["auto_renew"]), "installed": bool(row["installed"]),
            "listed_in_account": status.listed_in_account,
            "state": str(eligibility.licence_state(expiry, today)),
            "renewable": status.renewable,
            "refusal": _refusal(status.refusal),
            "open_order": self._open_order_of(row["serial"]),
        }

    def licences(self, who: Principal) -> list[dict[str, Any]]:
        today = self.clock.today()
        return [self.licence_view(r, today) for r in self._visible_rows(who, today)]

    def licence(self, who: Principal, serial: str) -> dict[str, Any]:
        today = self.clock.today()
        return self.licence_view(self._licence_row(who, serial, today), today)

    def _held(self, row: sqlite3.Row) -> upgrades.HeldLicence:
        kind = row["kind"] if row["kind"] in set(upgrades.LicenceKind) else upgrades.LicenceKind.PAID
        return upgrades.HeldLicence(serial=row["serial"], product=row["product"],
                                    expiry=date.fromisoformat(row["expiry"]), kind=upgrades.LicenceKind(kind),
                                    auto_renew=bool(row["auto_renew"]), upgraded=bool(row["upgraded"]))

    def _account_held(self, account_id: int | None) -> list[upgrades.HeldLicence]:
        if account_id is None:
            return []
        return [self._held(r) for r in self.db.query("SELECT * FROM licences WHERE account_id = ?", (account_id,))]

    # --- renewal options ---------------------------------------------------------------------------

    def renewal_options(self, who: Principal, serials: Sequence[str]) -> dict[str, Any]:
        today = self.clock.today()
        held = self._account_held(who.account_id)
        items = []
        for index, serial in enumerate(serials):
            row = self._licence_row(who, serial, today, field=f"serials[{index}]")
            status = self._status(row, today)
            options = []
            if row["product"] in self.catalogue.products:
                for product in self.catalogue.offered_for(row["product"]):
                    refusal = upgrades.upgrade_refusal(self._held(row), product.key, held, today, self.catalogue)
                    options.append({
                        "product": product.key, "product_name": product.name,
                        "upgrade": upgrades.is_upgrade(row["product"], product.key),
                        "payment_methods": [str(m) for m in upgrades.payment_methods(row["product"], product.key)
                                            if m in (PaymentMethod.SLIP, PaymentMethod.CREDIT_CARD)],
                        "refusal": _refusal(refusal),
                        "prices": [{"years": y, "price": self.catalogue.price(product.key, y)}
                                   for y in self.catalogue.years],
                    })
            items.append({"serial": serial, "current_product": row["product"],
                          "current_product_name": self.catalogue.name(row["product"]), "expiry": row["expiry"],
                          "renewable": status.renewable, "refusal": _refusal(status.refusal),
                          "open_order": self._open_order_of(serial), "options": options})
        return {"today": today.isoformat(), "items": items}

    # --- orders ------------------------------------------------------------------------------------

    def create_order(self, who: Principal, key: str | None, body: Mapping[str, Any],
                     before_commit: Callable[[], None] | None = None) -> tuple[int, dict[str, Any], bool]:
        """Apply, under the IETF idempotency-key semantics; returns (status, answer, replayed)."""
        if not key:
            raise ApiError(400, "idempotency.key_missing", field="Idempotency-Key")
        if len(key) > 255:
            raise ApiError(400, "idempotency.key_missing", "Idempotency-Key が長すぎます。", field="Idempotency-Key")
        if not IDEMPOTENCY_KEY.fullmatch(key):
            raise ApiError(400, "idempotency.key_missing", "Idempotency-Key の形式が正しくありません。",
                           field="Idempotency-Key")
        fingerprint = hashlib.sha256(dumps(body).encode("utf-8")).hexdigest()
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
            order_id = self._apply(who, body, key, fingerprint)
            return 201, self.order(who, order_id), False
        finally:
            with self._in_flight_lock:
                self._in_flight.discard(slot)

    def _stored_answer(self, who: Principal, key: str) -> sqlite3.Row | None:
        return self.db.query_one("SELECT * FROM idempotency WHERE account_id IS ? AND key = ? AND created_at > ?",
                                 (who.account_id, key, self.real_time() - IDEMPOTENCY_TTL))

    @staticmethod
    def _replay(stored: sqlite3.Row, fingerprint: str) -> tuple[int, dict[str, Any], bool]:
        if stored["request_hash"] != fingerprint:
            raise ApiError(422, "idempotency.key_reused", field="Idempotency-Key")
        return int(stored["status"]), json.loads(stored["response"]), True

    def _check_card(self, card: Mapping[str, Any] | None, today: date) -> str:
        """The simulated card processor: test numbers only; returns the last 4 digits kept."""
        if not card:
            raise ApiError(422, "payment.card_required", field="card")
        number = "".join(str(card.get("number") or "").split()).replace("-", "")
        try:
            month, year = int(card.get("expiry_month") or 0), int(card.get("expiry_year") or 0)
        except (TypeError, ValueError):
            raise ApiError(422, "validation.invalid", field="card.expiry_month") from None
        if year < 100:
            year += 2000
        if not 1 <= month <= 12:
            raise ApiError(422, "validation.out_of_range", field="card.expiry_month")
        if (year, month) < (today.year, today.month):
            raise ApiError(422, "payment.card_expired", field="card.expiry_year")
        code = str(card.get("security_code") or "")
        if not (code.isascii() and code.isdigit() and len(code) in (3, 4)):
            raise ApiError(422, "payment.card_security_code", field="card.security_code")
        if number in CARD_RESULTS:
            code = CARD_RESULTS[number]
            raise ApiError(422, code, field="card.security_code" if code.endswith("security_code") else "card.number")
        if number != CARD_ACCEPTED:
            raise ApiError(422, "payment.card_unknown_test_card", field="card.number")
        return number[-4:]

    def _apply(self, who: Principal, body: Mapping[str, Any], key: str, fingerprint: str) -> str:
        from vb_renew.rules import (
            customer as customer_rules,  # lands with the rules; imported when first used
        )

        if who.account_id is None:
            raise ApiError(404, "licence.not_found")
        now = self.clock.now()
        today = now.date()
        raw_items = list(body.get("items") or [])
        if not raw_items:
            raise ApiError(422, "order.no_items", field="items")
        method_raw = body.get("payment_method")
        if method_raw not in (PaymentMethod.SLIP, PaymentMethod.CREDIT_CARD):
            raise ApiError(422, "payment.method_unsupported", field="payment_method")
        method = PaymentMethod(method_raw)
        held = self._account_held(who.account_id)
        seen: set[str] = set()
        items = []
        for i, item in enumerate(raw_items):
            where = f"items[{i}]"
            serial, chosen, years = item.get("serial"), item.get("product"), item.get("years")
            if serial in seen:
                raise ApiError(422, "order.duplicate_serial", field=f"{where}.serial")
            seen.add(serial)
            row = self._licence_row(who, serial, today, field=f"{where}.serial")
            status = self._status(row, today)
            if not status.renewable:
                if status.refusal is None:
                    raise ApiError(422, "renewal.product_not_offered", field=f"{where}.serial")
                raise ApiError.from_violations(422, [status.refusal], field_prefix=f"{where}.serial")
            if chosen not in self.catalogue.product(row["product"]).offered:
                raise ApiError(422, "renewal.product_not_offered", field=f"{where}.product")
            if years not in self.catalogue.years or isinstance(years, bool):
                raise ApiError(422, "renewal.years_not_offered", field=f"{where}.years")
            upgrade = upgrades.is_upgrade(row["product"], chosen)
            if upgrade:
                refusal = upgrades.upgrade_refusal(self._held(row), chosen, held, today, self.catalogue)
                if refusal:
                    raise ApiError(422, refusal.code, refusal.message, field=f"{where}.product")
            if method not in upgrades.payment_methods(row["product"], chosen):
                code = "payment.slip_not_allowed_for_upgrade" if method is PaymentMethod.SLIP \
                    else "payment.method_not_allowed"
                raise ApiError(422, code, field="payment_method")
            if self._open_order_of(serial):
                raise ApiError(409, "order.already_open", field=f"{where}.serial")
            items.append({"serial": serial, "product": chosen, "old_product": row["product"], "years": int(years),
                          "price": self.catalogue.price(chosen, int(years)), "upgrade": upgrade,
                          "old_expiry": row["expiry"]})
        _details, violations = customer_rules.validate_customer(dict(body.get("customer") or {}))
        if violations:
            raise ApiError.from_violations(422, violations, field_prefix="customer.")
        customer = customer_rules.normalise_customer(dict(body.get("customer") or {}))
        card = body.get("card")
        last4 = None
        if method is PaymentMethod.CREDIT_CARD:
            last4 = self._check_card(card, today)
        elif card:
            raise ApiError(422, "payment.card_not_allowed", field="card")
        total = sum(i["price"] for i in items)

        order_id = "ord_" + secrets.token_hex(8)
        at = iso(now)
        with self.db.transaction() as conn:
            seq = int(conn.execute("SELECT value FROM meta WHERE key = 'order.seq'").fetchone()[0]) + 1 \
                if conn.execute("SELECT 1 FROM meta WHERE key = 'order.seq'").fetchone() else 1
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('order.seq', ?)", (str(seq),))
            number = f"VB-{today:%Y%m%d}-{seq:04d}"
            conn.execute(
                "INSERT INTO orders (id, number, account_id, state, version, payment_method, total, customer,"
                " card_last4, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
                (order_id, number, who.account_id, lifecycle.INITIAL_STATE, str(method), total,
                 json.dumps(customer, ensure_ascii=False), last4, at, at))
            conn.executemany(
                "INSERT INTO order_items (order_id, position, serial, product, old_product, years, price, upgrade,"
                " old_expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(order_id, pos, i["serial"], i["product"], i["old_product"], i["years"], i["price"],
                  int(i["upgrade"]), i["old_expiry"]) for pos, i in enumerate(items)])
            conn.execute("INSERT INTO order_timeline (order_id, state, at) VALUES (?, ?, ?)",
                         (order_id, lifecycle.INITIAL_STATE, at))
            self._mail(conn, order_id, "application_complete", at)
            if method is PaymentMethod.SLIP:
                self._schedule(conn, order_id, OrderEvent.SLIP_MAILED, now + SLIP_MAILED_AFTER)
                days = slips.delivery_days(self.rng(order_id, "delivery"))
                self._schedule(conn, order_id, OrderEvent.SLIP_DELIVERED, now + timedelta(days=days))
            else:  # the card is charged now: paid, confirmed and extended at once
                conn.execute("INSERT INTO payments (order_id, place, amount, paid_on, paid_at, confirmed_on)"
                             " VALUES (?, 'credit_card', ?, ?, ?, ?)", (order_id, total, today.isoformat(), at,
                                                                          today.isoformat()))
                self._transition(conn, order_id, OrderEvent.CARD_CHARGED, at)
                self._transition(conn, order_id, OrderEvent.PAYMENT_CONFIRMED, at)
                self._extend(conn, order_id, now)
            # The answer is stored with the order: a retry after a lost response replays it, even after a restart.
            conn.execute("DELETE FROM idempotency WHERE created_at < ?", (self.real_time() - IDEMPOTENCY_TTL,))
            answer = self._order_view(conn, order_id)
            conn.execute("INSERT OR REPLACE INTO idempotency (account_id, key, request_hash, status, response,"
                         " created_at) VALUES (?, ?, ?, 201, ?, ?)",
                         (who.account_id, key, fingerprint, json.dumps(answer, ensure_ascii=False),
                          self.real_time()))
        return order_id

    def _schedule(self, conn: sqlite3.Connection, order_id: str, kind: OrderEvent, due: datetime) -> None:
        conn.execute("INSERT INTO events (order_id, kind, due_at) VALUES (?, ?, ?)", (order_id, kind, iso(due)))
        self.db.after_commit(self._schedule_changed)

    def _schedule_changed(self) -> None:
        for listener in list(self.schedule_listeners):
            listener()

    def _transition(self, conn: sqlite3.Connection, order_id: str, event: OrderEvent, at: str) -> None:
        """Move the order by ``event`` to the state the life cycle's table names (a pair it lacks: RuleError)."""
        current = conn.execute("SELECT state FROM orders WHERE id = ?", (order_id,)).fetchone()["state"]
        state = lifecycle.next_state(current, event)
        conn.execute("UPDATE orders SET state = ?, version = version + 1, updated_at = ? WHERE id = ?",
                     (state, at, order_id))
        conn.execute("INSERT INTO order_timeline (order_id, state, at) VALUES (?, ?, ?)", (order_id, state, at))
        self.db.after_commit(lambda: self._order_changed(order_id))

    def _order_changed(self, order_id: str) -> None:
        for listener in list(self.order_listeners):
            listener(order_id)

    def _mail(self, conn: sqlite3.Connection, order_id: str, kind: str, at: str) -> None:
        order = conn.execute("SELECT o.*, a.email FROM orders o JOIN accounts a ON a.id = o.account_id "
                             "WHERE o.id = ?", (order_id,)).fetchone()
        subject, body = _mail_text(kind, order, conn.execute(
            "SELECT * FROM order_items WHERE order_id = ? ORDER BY position", (order_id,)).fetchall())
        conn.execute("INSERT INTO mails (account_id, to_addr, subject, body, sent_at, order_id, kind)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)", (order["account_id"], order["email"], subject, body, at,
                                                      order_id, kind))

    def _extend(self, conn: sqlite3.Connection, order_id: str, when: datetime) -> None:
        """Extend every licence of the order, once: guarded by the order's state in this transaction."""
        state = conn.execute("SELECT state FROM orders WHERE id = ?", (order_id,)).fetchone()["state"]
        if not lifecycle.allows(state, OrderEvent.EXTEND):
            return
        confirmed_on = when.date()
        for item in conn.execute("SELECT * FROM order_items WHERE order_id = ? ORDER BY position", (order_id,)):
            licence = conn.execute("SELECT * FROM licences WHERE serial = ?", (item["serial"],)).fetchone()
            new = extension.new_expiry(date.fromisoformat(licence["expiry"]), item["years"], confirmed_on,
                                       self.expired_base)
            conn.execute("UPDATE licences SET expiry = ?, product = ?, upgraded = upgraded OR ? WHERE serial = ?",
                         (new.isoformat(), item["product"], item["upgrade"], item["serial"]))
            conn.execute("UPDATE order_items SET new_expiry = ? WHERE order_id = ? AND position = ?",
                         (new.isoformat(), order_id, item["position"]))
        self._transition(conn, order_id, OrderEvent.EXTEND, iso(when))
        self._mail(conn, order_id, "renewal_complete", iso(when))

    # --- reading orders ----------------------------------------------------------------------------

    def _order_view(self, conn: sqlite3.Connection | Database, order_id: str) -> dict[str, Any]:
        q = conn.execute if isinstance(conn, sqlite3.Connection) else None

        def rows(sql: str, params: tuple) -> list[sqlite3.Row]:
            return q(sql, params).fetchall() if q else self.db.query(sql, params)

        order = rows("SELECT * FROM orders WHERE id = ?", (order_id,))[0]
        items = rows("SELECT * FROM order_items WHERE order_id = ? ORDER BY position", (order_id,))
        slip = next(iter(rows("SELECT * FROM slips WHERE order_id = ?", (order_id,))), None)
        payment = next(iter(rows("SELECT * FROM payments WHERE order_id = ?", (order_id,))), None)
        timeline = rows("SELECT state, at FROM order_timeline WHERE order_id = ? ORDER BY id", (order_id,))
        expected = None
        if payment is not None and payment["place"] in set(PaidAt):
            first, last = slips.expected_confirmation_window(PaidAt(payment["place"]),
                                                             date.fromisoformat(payment["paid_on"]))
            expected = {"earliest": first.isoformat(), "latest": last.isoformat()}
        return {
            "id": order["id"], "number": order["number"], "version": order["version"], "state": order["state"],
            "open": order["state"] in OPEN_STATES, "payment_method": order["payment_method"],
            "total": order["total"],
            "items": [{"serial": i["serial"], "product": i["product"],
                       "product_name": self.catalogue.name(i["product"]), "years": i["years"], "price": i["price"],
                       "upgrade": bool(i["upgrade"]), "old_expiry": i["old_expiry"], "new_expiry": i["new_expiry"]}
                      for i in items],
            "customer": json.loads(order["customer"]),
            "card_last4": order["card_last4"],
            "slip": None if slip is None else {
                "number": slip["number"], "barcode_number": slip["barcode_number"], "amount": slip["amount"],
                "issued_on": slip["issued_on"], "deadline": slip["deadline"], "reissue_count": slip["reissue_count"],
                "delivered_on": slip["delivered_on"]},
            "payment": None if payment is None else {
                "place": payment["place"], "amount": payment["amount"], "paid_on": payment["paid_on"],
                "confirmed_on": payment["confirmed_on"]},
            "expected_confirmation": expected,
            "timeline": [{"state": t["state"], "at": t["at"]} for t in timeline],
            "created_at": order["created_at"],
            "poll_after_seconds": 5,
        }

    def _own_order(self, who: Principal, order_id: str) -> sqlite3.Row:
        row = self.db.query_one("SELECT id, account_id, version FROM orders WHERE id = ?", (order_id,))
        if row is None or who.account_id is None or row["account_id"] != who.account_id:
            raise ApiError(404, "order.not_found")  # another account's order is not found, never forbidden
        return row

    def order_version(self, who: Principal, order_id: str) -> int:
        return int(self._own_order(who, order_id)["version"])

    def order(self, who: Principal, order_id: str) -> dict[str, Any]:
        self._own_order(who, order_id)
        view = self._order_view(self.db, order_id)
        view["poll_after_seconds"] = self.poll_after(order_id, view["open"])
        return view

    def orders(self, who: Principal) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT id FROM orders WHERE account_id IS ? ORDER BY created_at DESC, number DESC",
                             (who.account_id,)) if who.account_id is not None else []
        return [self.order(who, r["id"]) for r in rows]

    def poll_after(self, order_id: str, is_open: bool) -> int:
        """When the client should ask next: at this order's next event, within 1..60 real seconds."""
        if not is_open:
            return 60
        row = self.db.query_one("SELECT MIN(due_at) AS due FROM events WHERE order_id = ? AND done = 0", (order_id,))
        if not row or not row["due"]:
            return 5
        seconds = self.clock.real_seconds_until(parse_instant(row["due"]))
        if seconds is None:
            return 5
        return int(min(60, max(1, round(seconds + 0.5))))

    def mails(self, who: Principal | None) -> list[dict[str, Any]]:
        if who is None:
            rows = self.db.query("SELECT * FROM mails ORDER BY id")
        elif who.account_id is None:
            rows = []
        else:
            rows = self.db.query("SELECT * FROM mails WHERE account_id = ? ORDER BY id", (who.account_id,))
        return [{"id": r["id"], "to": r["to_addr"], "subject": r["subject"], "body": r["body"],
                 "sent_at": r["sent_at"], "order_id": r["order_id"], "kind": r["kind"]} for r in rows]

    # --- paying a slip -----------------------------------------------------------------------------

    def pay(self, order_id: str, place: str, amount: int, at: datetime | None = None) -> dict[str, Any]:
        """The customer pays the slip at a store or post office (QA action or the simulated customer)."""
        when = at or self.clock.now()
        with self.db.transaction() as conn:
            self._pay(conn, order_id, PaidAt(place), amount, when, OrderEvent.SLIP_PAID)
        return self._order_view(self.db, order_id)

    def _pay(self, conn: sqlite3.Connection, order_id: str, place: PaidAt, amount: int, when: datetime,
             event: OrderEvent) -> None:
        """Pay the slip (``event``: QA's payment or the simulated customer's); a refusal says why not now."""
        order = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
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
        slip = conn.execute("SELECT * FROM slips WHERE order_id = ?", (order_id,)).fetchone()
        if when.date() > date.fromisoformat(slip["deadline"]):
            raise ApiError(409, "payment.slip_lapsed")
        if isinstance(amount, bool) or amount != slip["amount"]:
            raise ApiError(422, "payment.amount_mismatch", field="amount",
                           details=[{"code": "payment.amount_expected", "message": f"振込用紙の金額: {slip['amount']}円",
                                     "field": "amount"}])
        conn.execute("INSERT INTO payments (order_id, place, amount, paid_on, paid_at) VALUES (?, ?, ?, ?, ?)",
                     (order_id, str(place), amount, when.date().isoformat(), iso(when)))
        self._transition(conn, order_id, event, iso(when))
        days = slips.confirmation_days(place, self.rng(order_id, "confirmation"))
        due = when + (timedelta(days=days) if days else SAME_DAY_CONFIRMATION_AFTER)
        self._schedule(conn, order_id, OrderEvent.PAYMENT_CONFIRMED, due)

    # --- the scheduled events ----------------------------------------------------------------------

    def next_event_due(self) -> datetime | None:
        row = self.db.query_one("SELECT MIN(due_at) AS due FROM events WHERE done = 0")
        return parse_instant(row["due"]) if row and row["due"] else None

    def run_due_events(self, limit: int = 10000) -> list[dict[str, Any]]:
        """Run, in order, every event the clock has passed; each in its own transaction, exactly once."""
        ran: list[dict[str, Any]] = []
        for _ in range(limit):
            now = iso(self.clock.now())
            with self.db.transaction() as conn:
                event = conn.execute("SELECT * FROM events WHERE done = 0 AND due_at <= ? ORDER BY due_at, id "
                                     "LIMIT 1", (now,)).fetchone()
                if event is None:
                    break
                conn.execute("UPDATE events SET done = 1, ran_at = ? WHERE id = ?", (now, event["id"]))
                applied = self._run_event(conn, event)
            ran.append({"order_id": event["order_id"], "kind": event["kind"], "due_at": event["due_at"],
                        "applied": applied})
        return ran

    def _run_event(self, conn: sqlite3.Connection, event: sqlite3.Row) -> bool:
        order_id, kind = event["order_id"], event["kind"]
        when = parse_instant(event["due_at"])
        at = iso(when)
        order = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
        if order is None:
            return False
        state = order["state"]
        try:
            event = OrderEvent(kind)
        except ValueError:  # a kind this version does not know
            return False
        if not lifecycle.allows(state, event):  # the order has moved on (paid, lapsed...): nothing to do
            return False
        if event is OrderEvent.SLIP_MAILED:
            issued_on = when.date()
            deadline = slips.slip_deadline(issued_on)
            seq = int(order["number"].rsplit("-", 1)[-1])
            barcode = slips.barcode_number(seq, order["total"], deadline, 0)
            conn.execute("INSERT INTO slips (order_id, number, barcode_number, amount, issued_on, deadline)"
                         " VALUES (?, ?, ?, ?, ?, ?)", (order_id, "S" + order["number"][3:], barcode, order["total"],
                                                       issued_on.isoformat(), deadline.isoformat()))
            self._transition(conn, order_id, event, at)
            # The slip lapses at the end of its deadline day [pub].
            lapse = datetime.combine(deadline + timedelta(days=1), datetime.min.time(), tzinfo=JST)
            self._schedule(conn, order_id, OrderEvent.SLIP_LAPSE, lapse)
            return True
        if event is OrderEvent.SLIP_DELIVERED:
            conn.execute("UPDATE slips SET delivered_on = ? WHERE order_id = ?", (when.date().isoformat(), order_id))
            self._transition(conn, order_id, event, at)
            behaviour = self.customer
            if behaviour.pays:
                delay = self.rng(order_id, "customer_pays").randint(behaviour.delay_first, behaviour.delay_last)
                self._schedule(conn, order_id, OrderEvent.CUSTOMER_PAYS, when + timedelta(days=delay))
            return True
        if event is OrderEvent.CUSTOMER_PAYS:
            slip = conn.execute("SELECT amount FROM slips WHERE order_id = ?", (order_id,)).fetchone()
            try:
                self._pay(conn, order_id, PaidAt(self.customer.place), slip["amount"], when, event)
            except ApiError:
                return False
            return True
        if event is OrderEvent.PAYMENT_CONFIRMED:
            conn.execute("UPDATE payments SET confirmed_on = ? WHERE order_id = ?", (when.date().isoformat(),
                                                                                    order_id))
            self._transition(conn, order_id, event, at)
            self._schedule(conn, order_id, OrderEvent.EXTEND, when)
            return True
        if event is OrderEvent.EXTEND:
            self._extend(conn, order_id, when)
            return True
        if event is OrderEvent.SLIP_LAPSE:
            self._transition(conn, order_id, event, at)
            return True
        return False  # never scheduled (a slip paid by hand, a card charged): not the runner's

    def order_account(self, order_id: str) -> int | None:
        row = self.db.query_one("SELECT account_id FROM orders WHERE id = ?", (order_id,))
        return row["account_id"] if row else None


def _refusal(violation: Violation | None) -> dict[str, str] | None:
    return None if violation is None else {"code": violation.code, "message": violation.message}


def _mail_text(kind: str, order: sqlite3.Row, items: Iterable[sqlite3.Row]) -> tuple[str, str]:
    """The wording is ours [sim]; the mails themselves are [seed, pub]."""
    catalogue = load_catalogue()
    lines = [f"・{catalogue.name(i['product'])} {i['years']}年 シリアル番号 {i['serial']}"
             + (f" 新しい有効期限 {i['new_expiry']}" if i["new_expiry"] else "") for i in items]
    if kind == "application_complete":
        subject = f"【トレンドマイクロ】お申し込み完了のお知らせ（{order['number']}）"
        intro = ("契約更新のお申し込みを承りました。\n"
                 + ("振込用紙はお申し込みから1～2週間ほどでお届けします。\n"
                    if order["payment_method"] == "slip" else ""))
    else:
        subject = f"【トレンドマイクロ】契約更新手続き完了のお知らせ（{order['number']}）"
        intro = "ご入金を確認し、契約更新の手続きが完了しました。有効期限は自動で延長されます。\n"
    body = (f"{intro}\nお申し込み番号: {order['number']}\nお支払い金額: {order['total']:,}円\n" + "\n".join(lines)
            + "\n\n（このメールは vb-renew シミュレーターが送信したものです）")
    return subject, body
