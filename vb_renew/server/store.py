"""The backend's SQL, one function per question or change, over :mod:`vb_renew.server.db`.

The service modules ask here and never write SQL themselves. Every function takes ``sql``: a
:class:`~vb_renew.server.db.Database` for a read outside a change (each statement under the
database's lock), or the connection of the transaction in progress.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vb_renew.rules.lifecycle import is_final
from vb_renew.server.db import ALL_TABLES, Database

Sql = sqlite3.Connection | Database
Row = sqlite3.Row


def _all(sql: Sql, statement: str, params: tuple = ()) -> list[Row]:
    return sql.query(statement, params) if isinstance(sql, Database) else sql.execute(statement, params).fetchall()


def _one(sql: Sql, statement: str, params: tuple = ()) -> Row | None:
    return sql.query_one(statement, params) if isinstance(sql, Database) else sql.execute(statement,
                                                                                        params).fetchone()


# --- settings and the world --------------------------------------------------------------------------

def meta(sql: Sql, key: str) -> str | None:
    row = _one(sql, "SELECT value FROM meta WHERE key = ?", (key,))
    return row["value"] if row else None


def wipe(conn: sqlite3.Connection, settings: Mapping[str, str]) -> None:
    """Empty every table and write the new world's settings."""
    for table in ALL_TABLES:
        conn.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", list(settings.items()))


def add_account(conn: sqlite3.Connection, email: str, password_hash: str, display_name: str | None) -> int:
    return int(conn.execute("INSERT INTO accounts (email, password_hash, display_name) VALUES (?, ?, ?)",
                            (email, password_hash, display_name)).lastrowid)


def add_licence(conn: sqlite3.Connection, serial: str, account_id: int, product: str, expiry: str,
                auto_renew: bool, kind: str, upgraded: bool, installed: bool, secret: str | None) -> None:
    conn.execute("INSERT INTO licences (serial, account_id, product, expiry, auto_renew, kind, upgraded,"
                 " installed, installation_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (serial, account_id, product, expiry, int(auto_renew), kind, int(upgraded), int(installed), secret))


def first_installation(sql: Sql) -> Row | None:
    return _one(sql, "SELECT serial, installation_secret FROM licences WHERE installed = 1 ORDER BY serial LIMIT 1")


def set_meta(conn: sqlite3.Connection, values: Mapping[str, str]) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(values.items()))


def next_order_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'order.seq'").fetchone()
    seq = int(row[0]) + 1 if row else 1
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('order.seq', ?)", (str(seq),))
    return seq


# --- accounts and tokens -----------------------------------------------------------------------------

def account_by_email(sql: Sql, email: str) -> Row | None:
    return _one(sql, "SELECT id, email, password_hash FROM accounts WHERE email = ?", (email,))


def installed_licence(sql: Sql, serial: str) -> Row | None:
    return _one(sql, "SELECT l.serial, l.installation_secret, l.account_id, a.email FROM licences l "
                     "LEFT JOIN accounts a ON a.id = l.account_id WHERE l.serial = ? AND l.installed = 1", (serial,))


def add_token(conn: sqlite3.Connection, token_hash: str, account_id: int | None, serial: str | None, route: str,
              expires_at: float, forget_before: float) -> None:
    conn.execute("INSERT INTO tokens (token_hash, account_id, serial, route, expires_at) VALUES (?, ?, ?, ?, ?)",
                 (token_hash, account_id, serial, route, expires_at))
    conn.execute("DELETE FROM tokens WHERE expires_at < ?", (forget_before,))


def replace_password_hash(conn: sqlite3.Connection, account_id: int, old_hash: str, new_hash: str) -> None:
    conn.execute("UPDATE accounts SET password_hash = ? WHERE id = ? AND password_hash = ?",
                 (new_hash, account_id, old_hash))


def remove_token(conn: sqlite3.Connection, token_hash: str) -> None:
    conn.execute("DELETE FROM tokens WHERE token_hash = ?", (token_hash,))


def token(sql: Sql, token_hash: str) -> Row | None:
    return _one(sql, "SELECT t.account_id, t.serial, t.route, t.expires_at, a.email FROM tokens t "
                     "LEFT JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?", (token_hash,))


# --- licences ----------------------------------------------------------------------------------------

def account_licences(sql: Sql, account_id: int) -> list[Row]:
    return _all(sql, "SELECT * FROM licences WHERE account_id IS ? ORDER BY serial", (account_id,))


def licence(sql: Sql, serial: str) -> Row | None:
    return _one(sql, "SELECT * FROM licences WHERE serial = ?", (serial,))


def extend_licence(conn: sqlite3.Connection, serial: str, expiry: str, product: str, upgrade: bool) -> None:
    conn.execute("UPDATE licences SET expiry = ?, product = ?, upgraded = upgraded OR ? WHERE serial = ?",
                 (expiry, product, upgrade, serial))


def open_order_of(sql: Sql, serial: str) -> str | None:
    """The serial's open order, if any (at most one: ``open_orders`` is keyed by serial)."""
    row = _one(sql, "SELECT order_id FROM open_orders WHERE serial = ?", (serial,))
    return row["order_id"] if row else None


# --- orders ------------------------------------------------------------------------------------------

class OpenOrderExists(Exception):
    """An order's serial already has an open order: the ``open_orders`` key refused the new one."""

    def __init__(self, serial: str) -> None:
        super().__init__(serial)
        self.serial = serial


def order(sql: Sql, order_id: str) -> Row | None:
    return _one(sql, "SELECT * FROM orders WHERE id = ?", (order_id,))


def order_with_email(sql: Sql, order_id: str) -> Row:
    return _one(sql, "SELECT o.*, a.email FROM orders o JOIN accounts a ON a.id = o.account_id WHERE o.id = ?",
                (order_id,))


def order_number(sql: Sql, order_id: str) -> str | None:
    row = _one(sql, "SELECT number FROM orders WHERE id = ?", (order_id,))
    return row["number"] if row else None


def order_owner(sql: Sql, order_id: str) -> Row | None:
    return _one(sql, "SELECT id, account_id, version FROM orders WHERE id = ?", (order_id,))


def account_order_ids(sql: Sql, account_id: int) -> list[str]:
    return [r["id"] for r in _all(sql, "SELECT id FROM orders WHERE account_id IS ? ORDER BY created_at DESC, "
                                       "number DESC", (account_id,))]


def order_items(sql: Sql, order_id: str) -> list[Row]:
    return _all(sql, "SELECT * FROM order_items WHERE order_id = ? ORDER BY position", (order_id,))


def order_parts(sql: Sql, order_id: str) -> dict[str, Any]:
    """Everything an order's view shows: the order, its items, slip, payment and timeline."""
    return {"order": order(sql, order_id), "items": order_items(sql, order_id),
            "slip": _one(sql, "SELECT * FROM slips WHERE order_id = ?", (order_id,)),
            "payment": _one(sql, "SELECT * FROM payments WHERE order_id = ?", (order_id,)),
            "timeline": _all(sql, "SELECT state, at FROM order_timeline WHERE order_id = ? ORDER BY id",
                             (order_id,))}


def add_order(conn: sqlite3.Connection, order_id: str, number: str, account_id: int, state: str, method: str,
              total: int, customer: Mapping[str, str], card_last4: str | None, at: str,
              items: Sequence[Mapping[str, Any]], *, language: str = "ja") -> None:
    """A new order; ``language``: the customer's, in which its mails are written."""
    conn.execute("INSERT INTO orders (id, number, account_id, state, version, payment_method, total, customer,"
                 " card_last4, created_at, updated_at, language) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
                 (order_id, number, account_id, state, method, total, json.dumps(customer, ensure_ascii=False),
                  card_last4, at, at, language))
    conn.executemany("INSERT INTO order_items (order_id, position, serial, product, old_product, years, price,"
                     " upgrade, old_expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(order_id, pos, i["serial"], i["product"], i["old_product"], i["years"], i["price"],
                       int(i["upgrade"]), i["old_expiry"]) for pos, i in enumerate(items)])
    if not is_final(state):
        for item in items:
            try:
                conn.execute("INSERT INTO open_orders (serial, order_id) VALUES (?, ?)", (item["serial"], order_id))
            except sqlite3.IntegrityError as error:
                if "open_orders.serial" not in str(error):
                    raise
                raise OpenOrderExists(item["serial"]) from error
    add_timeline(conn, order_id, state, at)


def add_timeline(conn: sqlite3.Connection, order_id: str, state: str, at: str) -> None:
    conn.execute("INSERT INTO order_timeline (order_id, state, at) VALUES (?, ?, ?)", (order_id, state, at))


def set_order_state(conn: sqlite3.Connection, order_id: str, state: str, at: str) -> None:
    """The new state, a new version (the ETag) and a line in the timeline; a final state frees its serials."""
    conn.execute("UPDATE orders SET state = ?, version = version + 1, updated_at = ? WHERE id = ?",
                 (state, at, order_id))
    if is_final(state):
        conn.execute("DELETE FROM open_orders WHERE order_id = ?", (order_id,))
    add_timeline(conn, order_id, state, at)


def has_open_order(sql: Sql) -> bool:
    """Whether some order is still under way (any account's)."""
    return _one(sql, "SELECT EXISTS (SELECT 1 FROM open_orders) AS open")["open"] == 1


def orders_in_state(sql: Sql, state: str) -> list[str]:
    return [r["id"] for r in _all(sql, "SELECT id FROM orders WHERE state = ? ORDER BY number", (state,))]


def last_recorded(sql: Sql) -> str | None:
    """The latest instant the world has recorded: an order's application or last change, a timeline entry, a
    payment, a mail (every event that changed something is on its order's timeline)."""
    row = _one(sql, "SELECT MAX(at) AS at FROM (SELECT MAX(created_at) AS at FROM orders"
                    " UNION ALL SELECT MAX(updated_at) FROM orders UNION ALL SELECT MAX(at) FROM order_timeline"
                    " UNION ALL SELECT MAX(paid_at) FROM payments UNION ALL SELECT MAX(sent_at) FROM mails)")
    return row["at"] if row else None


def last_closed_and_erased(sql: Sql, erased: str) -> str | None:
    """When the last order whose customer details were erased closed."""
    row = _one(sql, "SELECT MAX(updated_at) AS at FROM orders WHERE customer = ?", (erased,))
    return row["at"] if row else None


def order_last_change(sql: Sql, order_id: str) -> str | None:
    row = _one(sql, "SELECT MAX(at) AS at FROM order_timeline WHERE order_id = ?", (order_id,))
    return row["at"] if row else None


def set_item_new_expiry(conn: sqlite3.Connection, order_id: str, position: int, expiry: str) -> None:
    conn.execute("UPDATE order_items SET new_expiry = ? WHERE order_id = ? AND position = ?",
                 (expiry, order_id, position))


# --- idempotency -------------------------------------------------------------------------------------

def stored_answer(sql: Sql, account_id: int | None, key: str, after: float) -> Row | None:
    return _one(sql, "SELECT * FROM idempotency WHERE account_id IS ? AND key = ? AND created_at > ?",
                (account_id, key, after))


def store_answer(conn: sqlite3.Connection, account_id: int, key: str, fingerprint: str, answer: Mapping[str, Any],
                 now: float, forget_before: float) -> None:
    conn.execute("DELETE FROM idempotency WHERE created_at < ?", (forget_before,))
    conn.execute("INSERT OR REPLACE INTO idempotency (account_id, key, request_hash, status, response, created_at)"
                 " VALUES (?, ?, ?, 201, ?, ?)", (account_id, key, fingerprint, json.dumps(answer, ensure_ascii=False),
                                                   now))


# --- slips and payments ------------------------------------------------------------------------------

def slip(sql: Sql, order_id: str) -> Row | None:
    return _one(sql, "SELECT * FROM slips WHERE order_id = ?", (order_id,))


def add_slip(conn: sqlite3.Connection, order_id: str, number: str, barcode: str, amount: int, issued_on: str,
             deadline: str) -> None:
    conn.execute("INSERT INTO slips (order_id, number, barcode_number, amount, issued_on, deadline)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (order_id, number, barcode, amount, issued_on, deadline))


def slip_delivered(conn: sqlite3.Connection, order_id: str, on: str) -> None:
    conn.execute("UPDATE slips SET delivered_on = ? WHERE order_id = ?", (on, order_id))


def add_payment(conn: sqlite3.Connection, order_id: str, place: str, amount: int, paid_on: str, paid_at: str,
                confirmed_on: str | None = None) -> None:
    conn.execute("INSERT INTO payments (order_id, place, amount, paid_on, paid_at, confirmed_on)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (order_id, place, amount, paid_on, paid_at, confirmed_on))


def payment_confirmed(conn: sqlite3.Connection, order_id: str, on: str) -> None:
    conn.execute("UPDATE payments SET confirmed_on = ? WHERE order_id = ?", (on, order_id))


# --- scheduled events --------------------------------------------------------------------------------

def add_event(conn: sqlite3.Connection, order_id: str, kind: str, due_at: str) -> None:
    conn.execute("INSERT INTO events (order_id, kind, due_at) VALUES (?, ?, ?)", (order_id, kind, due_at))


def drop_events(conn: sqlite3.Connection, order_id: str, kinds: Iterable[str], now: str) -> int:
    """The order's events of ``kinds`` not yet run: done without running (they can no longer apply); how many."""
    kinds = list(kinds)
    if not kinds:
        return 0
    marks = ", ".join("?" * len(kinds))
    return conn.execute(f"UPDATE events SET done = 1, ran_at = ? WHERE order_id = ? AND done = 0 AND kind IN ({marks})",
                        (now, order_id, *kinds)).rowcount


def next_due(sql: Sql, order_id: str | None = None) -> str | None:
    """When the next event not yet run is due (of one order, or of any)."""
    if order_id is None:
        row = _one(sql, "SELECT MIN(due_at) AS due FROM events WHERE done = 0")
    else:
        row = _one(sql, "SELECT MIN(due_at) AS due FROM events WHERE order_id = ? AND done = 0", (order_id,))
    return row["due"] if row and row["due"] else None


def has_pending_event(sql: Sql, order_id: str, kind: str) -> bool:
    return _one(sql, "SELECT EXISTS (SELECT 1 FROM events WHERE order_id = ? AND kind = ? AND done = 0) AS pending",
                (order_id, kind))["pending"] == 1


def pending_events(sql: Sql, kind: str, until: str) -> list[str]:
    """When each event of ``kind`` not yet run is due, up to ``until``."""
    rows = _all(sql, "SELECT due_at FROM events WHERE done = 0 AND kind = ? AND due_at <= ? ORDER BY due_at",
                (kind, until))
    return [row["due_at"] for row in rows]


def fail_event(conn: sqlite3.Connection, event_id: int, now: str, failure: str) -> None:
    """The event could not run: done (never taken again), with why."""
    conn.execute("UPDATE events SET done = 1, ran_at = ?, failed = ? WHERE id = ?", (now, failure, event_id))


def take_due_event(conn: sqlite3.Connection, now: str) -> Row | None:
    """The first event due by ``now``, marked done in this transaction (so it runs exactly once)."""
    event = conn.execute("SELECT * FROM events WHERE done = 0 AND due_at <= ? ORDER BY due_at, id LIMIT 1",
                         (now,)).fetchone()
    if event is not None:
        conn.execute("UPDATE events SET done = 1, ran_at = ? WHERE id = ?", (now, event["id"]))
    return event


# --- mails -------------------------------------------------------------------------------------------

def add_mail(conn: sqlite3.Connection, account_id: int, to_addr: str, subject: str, body: str, sent_at: str,
             order_id: str, kind: str) -> None:
    conn.execute("INSERT INTO mails (account_id, to_addr, subject, body, sent_at, order_id, kind)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?)", (account_id, to_addr, subject, body, sent_at, order_id, kind))


def mails(sql: Sql, account_id: int | None = None, *, every: bool = False) -> list[Row]:
    """Every mail sent (``every``), or one account's."""
    if every:
        return _all(sql, "SELECT * FROM mails ORDER BY id")
    return _all(sql, "SELECT * FROM mails WHERE account_id = ? ORDER BY id", (account_id,))
