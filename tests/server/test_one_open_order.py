"""One open order per serial, held by the database: racing orders, the renewal window, the migration.

The races run many clients at once against the real server on loopback (threads released together by a
barrier), each with its own Idempotency-Key, and count what the backend stored afterwards.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from server_api import CARD_OK, CUSTOMER, START, Api, error_code

from vb_renew.rules.dates import add_months
from vb_renew.server import db as db_module
from vb_renew.server import store
from vb_renew.server.clock import SimClock
from vb_renew.server.db import Database
from vb_renew.server.errors import ApiError
from vb_renew.server.models import OrderIn
from vb_renew.server.service import Principal, Service

SERIAL = "VB5C-TARO-0001-0001-0001"  # expires 10 months after START in vb_cloud_in_term
WINDOW_MONTHS = 39  # VB Cloud: renewable from 39 months before the end of term [seed]
ROUNDS = 3


def race(client: Api, bodies: list[dict[str, Any]]) -> list[requests.Response]:
    """Send every body at the same moment, each from its own thread and connection, with its own key."""
    barrier = threading.Barrier(len(bodies))
    answers: list[requests.Response | None] = [None] * len(bodies)
    headers = {"Authorization": f"Bearer {client.token}"}

    def send(index: int) -> None:
        barrier.wait(30)
        answers[index] = requests.post(client.base + "/orders", json=bodies[index], timeout=60,
                                       headers={**headers, "Idempotency-Key": str(uuid.uuid4())})

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert all(answer is not None for answer in answers), "a client got no answer"
    return answers  # type: ignore[return-value]


def body(method: str, years: int) -> dict[str, Any]:
    return {"items": [{"serial": SERIAL, "product": "vb_cloud", "years": years}], "payment_method": method,
            "customer": CUSTOMER, "card": CARD_OK if method == "credit_card" else None}


def outcomes(answers: list[requests.Response]) -> Counter[tuple[int, str | None]]:
    return Counter((a.status_code, error_code(a) if a.status_code >= 400 else None) for a in answers)


@pytest.mark.slow
def test_racing_slip_orders_make_one_open_order(api: Api) -> None:
    for _round in range(ROUNDS):
        api.load("vb_cloud_in_term")
        taro = api.login()
        answers = race(taro, [body("slip", 1)] * 200)
        assert outcomes(answers) == {(201, None): 1, (409, "order.already_open"): 199}
        orders = taro.ok(taro.get("/orders"))["orders"]
        assert len(orders) == 1 and orders[0]["open"]
        assert taro.ok(taro.get(f"/licences/{SERIAL}"))["open_order"] == orders[0]["id"]


@pytest.mark.slow
def test_racing_card_orders_charge_once(api: Api) -> None:
    """Three years on a licence 10 months from its end: once renewed, the next is 46 months early."""
    for _round in range(ROUNDS):
        api.load("vb_cloud_in_term")
        taro = api.login()
        old_expiry = taro.ok(taro.get(f"/licences/{SERIAL}"))["expiry"]
        answers = race(taro, [body("credit_card", 3)] * 50)
        assert outcomes(answers) == {(201, None): 1, (422, "renewal.too_early"): 49}
        orders = taro.ok(taro.get("/orders"))["orders"]
        assert len(orders) == 1 and orders[0]["state"] == "extended"
        assert orders[0]["payment"]["place"] == "credit_card"
        licence = taro.ok(taro.get(f"/licences/{SERIAL}"))
        assert licence["expiry"] == orders[0]["items"][0]["new_expiry"]
        assert orders[0]["items"][0]["old_expiry"] == old_expiry and licence["open_order"] is None


@pytest.mark.slow
def test_card_renewals_racing_near_the_window_never_pass_it(api: Api) -> None:
    """Mixed terms race: each renewal that goes through starts from the expiry the one before it left, and that
    expiry was inside the 39-month window on the day; every other client is refused, never charged."""
    today = date.fromisoformat(START)
    for _round in range(ROUNDS):
        api.load("vb_cloud_in_term")
        taro = api.login()
        first_expiry = taro.ok(taro.get(f"/licences/{SERIAL}"))["expiry"]
        answers = race(taro, [body("credit_card", 1 + i % 3) for i in range(45)])
        assert all(a.status_code in (201, 422) for a in answers), outcomes(answers)
        assert {error_code(a) for a in answers if a.status_code == 422} <= {"renewal.too_early"}
        orders = sorted(taro.ok(taro.get("/orders"))["orders"], key=lambda o: o["number"])
        assert len(orders) == sum(a.status_code == 201 for a in answers) >= 1
        expiry = first_expiry
        for order in orders:
            item = order["items"][0]
            assert order["state"] == "extended" and order["payment"]["place"] == "credit_card"
            assert item["old_expiry"] == expiry
            assert date.fromisoformat(item["old_expiry"]) <= add_months(today, WINDOW_MONTHS)
            expiry = item["new_expiry"]
        assert taro.ok(taro.get(f"/licences/{SERIAL}"))["expiry"] == expiry


def test_same_key_still_replays_after_the_race_fix(api: Api) -> None:
    taro = api.login()
    key = str(uuid.uuid4())
    first = taro.order(body("slip", 1)["items"], key=key)
    again = taro.order(body("slip", 1)["items"], key=key)
    other = taro.order(body("slip", 1)["items"])
    assert first.status_code == again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert first.json() == again.json()
    assert other.status_code == 409 and error_code(other) == "order.already_open"
    assert len(taro.ok(taro.get("/orders"))["orders"]) == 1


def test_a_refused_key_becomes_409_not_a_fault(tmp_path: Path) -> None:
    """Were the open-order check to miss a concurrent order, the database's key refuses it: still a 409."""
    database = Database(tmp_path / "backend.sqlite3")
    service = Service(database, SimClock(database))
    service.load_scenario("vb_cloud_in_term", start=date.fromisoformat(START), seconds_per_day=None)
    taro = Principal(store.account_by_email(database, "taro@example.jp")["id"], "taro@example.jp", "account")
    # The service takes a body the request model has validated, as the route passes it.
    status, first, _replayed = service.create_order(taro, str(uuid.uuid4()), OrderIn.model_validate(body("slip", 1)))
    assert status == 201
    service.licences_.open_order_of = lambda serial: None  # type: ignore[method-assign]  # the check misses it
    with pytest.raises(ApiError) as refused:
        service.create_order(taro, str(uuid.uuid4()), OrderIn.model_validate(body("slip", 2)))
    assert refused.value.status == 409 and refused.value.code == "order.already_open"
    assert store.account_order_ids(database, taro.account_id) == [first["id"]]
    database.close()


def test_an_old_database_gains_the_constraint(tmp_path: Path) -> None:
    """A schema-1 database with open orders (two for one serial, left by an old race) migrates: the oldest
    holds the serial, a final state frees it, and a second open order is refused by the database."""
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(db_module.MIGRATIONS[0] + "PRAGMA user_version = 1;")
    old.execute("INSERT INTO accounts (id, email, password_hash) VALUES (1, 'taro@example.jp', 'x')")
    for serial in (SERIAL, "VB5C-TARO-0001-0001-0002"):
        old.execute("INSERT INTO licences (serial, account_id, product, expiry) VALUES (?, 1, 'vb_cloud', ?)",
                    (serial, "2027-09-26"))
    for order_id, state, created, serial in (("ord_old", "slip_delivered", "2026-11-01", SERIAL),
                                             ("ord_race", "applied", "2026-11-02", SERIAL),
                                             ("ord_done", "extended", "2026-10-01", "VB5C-TARO-0001-0001-0002")):
        old.execute("INSERT INTO orders (id, number, account_id, state, version, payment_method, total, customer,"
                    " created_at, updated_at) VALUES (?, ?, 1, ?, 1, 'slip', 5280, '{}', ?, ?)",
                    (order_id, "VB-" + order_id, state, created, created))
        old.execute("INSERT INTO order_items (order_id, position, serial, product, old_product, years, price,"
                    " upgrade, old_expiry) VALUES (?, 0, ?, 'vb_cloud', 'vb_cloud', 1, 5280, 0, '2027-09-26')",
                    (order_id, serial))
    old.commit()
    old.close()

    database = Database(path)
    assert database.version == db_module.SCHEMA_VERSION >= 2
    assert [tuple(r) for r in database.query("SELECT serial, order_id FROM open_orders")] == [(SERIAL, "ord_old")]
    assert store.open_order_of(database, SERIAL) == "ord_old"
    assert store.open_order_of(database, "VB5C-TARO-0001-0001-0002") is None
    item = {"serial": SERIAL, "product": "vb_cloud", "old_product": "vb_cloud", "years": 1, "price": 5280,
            "upgrade": False, "old_expiry": "2027-09-26"}
    with pytest.raises(store.OpenOrderExists), database.transaction() as conn:
        store.add_order(conn, "ord_new", "VB-new", 1, "applied", "slip", 5280, {}, None, "2026-11-26", [item])
    with database.transaction() as conn:
        store.set_order_state(conn, "ord_old", "lapsed", "2026-11-26")
    assert store.open_order_of(database, SERIAL) is None
    with database.transaction() as conn:
        store.add_order(conn, "ord_new", "VB-new", 1, "applied", "slip", 5280, {}, None, "2026-11-26", [item])
    assert store.open_order_of(database, SERIAL) == "ord_new"
    database.close()
