"""The orders the app follows from its start (vb_renew.core.start_orders), in plain pytest against the real backend.

The backend runs in this process on loopback (QA mode: scenarios and fault injection); every test loads a
scenario, so no test sees another's orders. The pending order and the watched orders are files in the test's
own folder; the saved account login is in the tests' in-memory keyring.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from vb_renew.core.account import AccountSession, log_in, save_token, session_from_saved
from vb_renew.core.api import API, ApiClient
from vb_renew.core.data import Order
from vb_renew.core.pending import PendingOrders
from vb_renew.core.poller import WatchedOrders
from vb_renew.core.session import ProductSession, sign_in_installed_product
from vb_renew.core.start_orders import StartOrders, find_start_orders
from vb_renew.core.submission import Placed, Reconciliation, Transient
from vb_renew.rules.lifecycle import OrderState

ORDERS = f"{API}/orders"
CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
            "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
            "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from vb_renew.server.embedded import EmbeddedServer

    backend = EmbeddedServer(tmp_path_factory.mktemp("start-orders") / "backend.sqlite3",
                             sim_token=secrets.token_urlsafe(16), scenario="vb_cloud_in_term", seconds_per_day=None)
    backend.start()
    if not backend.wait_ready(20):
        pytest.fail("the embedded backend did not start")
    yield backend
    backend.stop()


@pytest.fixture
def sim(server: object) -> Iterator[ApiClient]:
    client = ApiClient(server.url, sim_token=server.sim_token)
    yield client
    client.sim_clear_faults()
    client.close()


@pytest.fixture
def world(server: object, sim: ApiClient):
    """``world(scenario)``: a fresh world, the clock standing still, signed in as the installed product."""
    def load(scenario: str = "vb_cloud_in_term") -> ProductSession:
        sim.sim_load_scenario(scenario, seconds_per_day=None)
        return sign_in_installed_product(server.url, server.sim_token)

    return load


@pytest.fixture
def pending(tmp_path: Path) -> PendingOrders:
    return PendingOrders(tmp_path)


@pytest.fixture
def watched(tmp_path: Path) -> WatchedOrders:
    return WatchedOrders(tmp_path)


def slip_body(serial: str, **customer: str) -> dict:
    return {"items": [{"serial": serial, "product": "vb_cloud", "years": 1}], "payment_method": "slip",
            "customer": {**CUSTOMER, **customer}, "card": None}


def place(session: ProductSession | AccountSession, serial: str, **customer: str) -> Order:
    client = session.client()
    try:
        return client.create_order(slip_body(serial, **customer), str(uuid.uuid4()))
    finally:
        client.close()


def serials(session: ProductSession) -> list[str]:
    """The account's serials, this PC's first."""
    client = session.client()
    try:
        return sorted((lic.serial for lic in client.licences()), key=lambda s: s != session.serial)
    finally:
        client.close()


def extend(session: ProductSession, sim: ApiClient, order: Order) -> None:
    """Pay the order's slip and run the simulated world until the licence is extended."""
    client = session.client()
    try:
        for _ in range(20):
            current = client.poll_order(order.id).order
            if current.state is OrderState.EXTENDED:
                return
            if current.state is OrderState.SLIP_DELIVERED:
                sim.sim_pay(order.id, "convenience_store", current.total)
            else:
                sim.sim_advance(to_next_event=True)
    finally:
        client.close()
    pytest.fail(f"order {order.id} was never extended")


def ids(orders: tuple[Order, ...]) -> list[str]:
    return [o.id for o in orders]


def test_nothing_to_pick_up(world, pending, watched) -> None:
    session = world()
    found = find_start_orders(session.client, pending, watched, partial(session_from_saved, session.base_url))
    assert found == StartOrders()
    assert found.to_show is None and not found.placed and found.dropped is None


def test_open_orders_are_followed_and_one_that_ended_meanwhile_is_shown(world, sim, pending, watched) -> None:
    session = world("two_serials")
    this_pc, other = serials(session)
    ended = place(session, this_pc)
    watched.add(ended.id)  # an earlier run saw it open
    extend(session, sim, ended)
    still_open = place(session, other)

    found = find_start_orders(session.client, pending, watched)
    assert ids(found.open) == [still_open.id]
    assert ids(found.finished) == [ended.id] and found.finished[0].state is OrderState.EXTENDED
    assert found.to_show.id == ended.id
    assert found.client_factory(still_open) is None  # followed with the product's clients

    nobody_watched = find_start_orders(session.client, pending, WatchedOrders(pending.path.parent / "elsewhere"))
    assert ids(nobody_watched.open) == [still_open.id]
    assert nobody_watched.finished == () and nobody_watched.to_show is None  # ended long ago: old news


def test_a_pending_order_whose_answer_never_came_is_placed_and_followed(world, pending, watched) -> None:
    session = world()
    pending.save(str(uuid.uuid4()), slip_body(session.serial))

    found = find_start_orders(session.client, pending, watched)
    assert isinstance(found.resent, Placed) and found.placed
    assert ids(found.open) == [found.resent.order.id]  # listed once, although resent and listed
    assert found.to_show is None  # an open order: the main screen stays
    assert pending.load() is None


def test_a_stale_pending_order_is_matched_with_the_open_order_of_its_serial_which_is_shown(
        world, pending, watched) -> None:
    session = world()
    placed = place(session, session.serial)
    pending.save(str(uuid.uuid4()), slip_body(session.serial))  # its key long forgotten by the server

    found = find_start_orders(session.client, pending, watched)
    assert found.resent.reason is Reconciliation.FOLLOW and not found.placed and found.dropped is None
    assert ids(found.open) == [placed.id]
    assert found.to_show.id == placed.id
    assert pending.load() is None


def test_a_pending_order_refused_with_nothing_open_is_dropped(world, pending, watched) -> None:
    session = world()
    pending.save(str(uuid.uuid4()), slip_body(session.serial, postal_code="ABC"))

    found = find_start_orders(session.client, pending, watched)
    assert found.dropped is Reconciliation.CLOSED
    assert found.open == () and found.to_show is None
    assert pending.load() is None


def test_a_pending_order_that_fails_for_now_is_kept_and_the_orders_are_still_found(
        world, sim, pending, watched) -> None:
    session = world("two_serials")
    this_pc, other = serials(session)
    placed = place(session, this_pc)
    key, body = str(uuid.uuid4()), slip_body(other)
    pending.save(key, body)
    sim.sim_add_fault(path=ORDERS, method="POST", kind="status", status=503, mode="every_nth", n=1)

    found = find_start_orders(session.client, pending, watched)
    assert isinstance(found.resent, Transient) and not found.placed
    assert ids(found.open) == [placed.id]
    assert pending.load() == (key, body)  # sent again at the next start


def test_the_resent_order_is_followed_even_when_the_orders_cannot_be_listed(world, sim, pending, watched) -> None:
    session = world()
    pending.save(str(uuid.uuid4()), slip_body(session.serial))
    sim.sim_add_fault(path=ORDERS, method="GET", kind="status", status=503, mode="every_nth", n=1)

    found = find_start_orders(session.client, pending, watched)
    assert isinstance(found.resent, Placed)
    assert ids(found.open) == [found.resent.order.id]
    assert found.account is None


def test_the_saved_account_logins_orders_are_followed_with_its_token(world, server, pending, watched) -> None:
    session = world()
    own = place(session, session.serial)
    hanako = log_in(server.url, "hanako@example.jp", "hanako-pass-5678")
    save_token(hanako.email, hanako.token)  # what 「ログイン情報を保存」 does
    hers = place(hanako, next(lic.serial for lic in hanako.licences() if lic.renewable), email=hanako.email)

    found = find_start_orders(session.client, pending, watched, partial(session_from_saved, server.url))
    assert ids(found.open) == [own.id, hers.id]
    assert found.account.email == hanako.email and found.account_orders == {hers.id}
    assert found.client_factory(own) is None
    client = found.client_factory(hers)()
    try:
        assert client.poll_order(hers.id).order.id == hers.id  # the product's token cannot read it; hers can
    finally:
        client.close()


def test_a_saved_login_that_no_longer_signs_in_adds_nothing(world, server, pending, watched) -> None:
    session = world()
    own = place(session, session.serial)

    found = find_start_orders(session.client, pending, watched,
                              lambda: AccountSession(server.url, "no-longer-valid", "hanako@example.jp"))
    assert ids(found.open) == [own.id]
    assert found.account is None and found.account_orders == frozenset()


# --- what 「今すぐ更新」 opens -----------------------------------------------------------------------------

def test_renewing_opens_this_pcs_serial_first_then_the_accounts_renewable_ones(world) -> None:
    from vb_renew.core.session import serials_to_renew

    session = world("three_serials")
    client = session.client()
    licences = {lic.serial: lic for lic in client.licences()}
    client.close()
    others = [s for s, lic in licences.items() if s != session.serial and lic.renewable]
    assert others, "the scenario has other renewable licences"

    assert serials_to_renew(session) == [session.serial, *others]

    place(session, others[0])  # a serial with an open order is not offered again
    assert serials_to_renew(session) == [session.serial, *others[1:]]


def test_this_pcs_serial_is_offered_even_when_it_cannot_be_renewed(world) -> None:
    from vb_renew.core.session import serials_to_renew

    session = world("vb_cloud_in_term")
    place(session, session.serial)  # its open order makes it not renewable now: the wizard says why
    assert serials_to_renew(session) == [session.serial]


# --- S1's new date, from the order that extended it ----------------------------------------------------

def test_the_extended_order_gives_s1_what_reading_the_licence_again_gives(world, sim: ApiClient) -> None:
    from dataclasses import replace

    from vb_renew.core.session import read_licence, with_order

    session = world("vb_cloud_in_term")
    before = read_licence(session)
    order = place(session, session.serial)
    assert with_order(before, order) == before  # an open order changes nothing on S1
    client = session.client()
    while not (current := client.poll_order(order.id).order).final:  # the scenario's customer pays the slip
        sim.sim_advance(to_next_event=True)
    client.close()
    assert current.state is OrderState.EXTENDED

    after = read_licence(session)
    shown = with_order(replace(before, today=after.today), current)

    assert shown.licence.expiry == current.new_expiry
    assert shown == after
