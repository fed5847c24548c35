"""The order tracker against the real backend over HTTP on loopback: one object follows every order.

The world is the default scenario pinned to a known day (2026-11-26, 10:00 JST), the simulated clock standing
still and a customer who never pays by himself: the tests move time and pay through ``/sim``. The tracker runs
with the tests' quick policy and long polls held one second, so a test never waits long for a held poll.
Assertions are on what the tracker says (its signals, with typed orders and real dates) and on what it keeps.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from vb_renew.core.api import API, ApiClient
from vb_renew.core.data import Order
from vb_renew.core.poller import PollPolicy, WatchedOrders
from vb_renew.core.session import ProductSession, sign_in_installed_product
from vb_renew.rules.lifecycle import OrderState
from vb_renew.ui.tracking import OrderTracker

SCENARIO = "vb_cloud_in_term"
START = date(2026, 11, 26)  # the pinned simulated today; the installed licence expires on 2027-09-26
TIMEOUT = 15_000
CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
            "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
            "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}


@pytest.fixture
def session(backend: object, sim: ApiClient) -> ProductSession:
    sim.sim_load_scenario(SCENARIO, start=START.isoformat(), seconds_per_day=None, customer_pays=False)
    return sign_in_installed_product(backend.url, backend.sim_token)


@pytest.fixture
def policy(poll_policy: PollPolicy) -> PollPolicy:
    return replace(poll_policy, long_poll_wait=1.0)


@pytest.fixture
def watched(tmp_path: Path) -> WatchedOrders:
    return WatchedOrders(tmp_path)


@pytest.fixture
def tracker(qtbot, policy: PollPolicy, watched: WatchedOrders) -> Iterator[OrderTracker]:
    tracker = OrderTracker(policy, watched=watched)
    yield tracker
    assert tracker.shutdown()  # joined: a held long poll ends within its one second


def place_slip_order(session: ProductSession) -> Order:
    client = session.client()
    try:
        body = {"items": [{"serial": session.serial, "product": "vb_cloud", "years": 1}],
                "payment_method": "slip", "customer": CUSTOMER, "card": None}
        return client.create_order(body, str(uuid.uuid4()))
    finally:
        client.close()


def wait_state(qtbot, tracker: OrderTracker, order_id: str, state: OrderState) -> Order:
    """The order as the tracker holds it, once it holds it in ``state``."""
    qtbot.waitUntil(lambda: tracker.order(order_id).state is state, timeout=TIMEOUT)
    return tracker.order(order_id)


def advance_to(qtbot, tracker: OrderTracker, sim: ApiClient, order_id: str, state: OrderState) -> Order:
    """Move the simulated clock event by event until the tracker has seen the order in ``state``."""
    for _ in range(10):
        order = tracker.order(order_id)
        if order is not None and order.state is state:
            return order
        version = order.version if order is not None else -1
        sim.sim_advance(to_next_event=True)
        qtbot.waitUntil(lambda v=version: tracker.order(order_id).version > v, timeout=TIMEOUT)
    raise AssertionError(f"order {order_id} never reached {state}")


# --- following --------------------------------------------------------------------------------------


def test_a_followed_order_is_polled_and_each_change_comes_as_a_typed_order(qtbot, tracker, session, sim,
                                                                         watched) -> None:
    order = place_slip_order(session)
    with qtbot.waitSignal(tracker.changed, timeout=TIMEOUT) as first:
        assert tracker.watch(order, session.client)
    assert first.args == [order]  # said at once: the banner and the pages show it before any answer
    assert tracker.polling(order.id) and order.id in tracker
    assert tracker.orders() == [order]
    assert not tracker.watch(order, session.client)  # followed once
    qtbot.waitUntil(lambda: order.id in watched.load(), timeout=TIMEOUT)  # remembered for the next start
    qtbot.waitUntil(lambda: tracker.watcher(order.id).outstanding is not None, timeout=TIMEOUT)  # a long poll

    in_flight: list[int] = []
    sim.sim_advance(to_next_event=True)  # the slip is mailed the next day

    def mailed() -> bool:
        in_flight.append(tracker.runner.busy)
        found = tracker.order(order.id)
        return found is not None and found.state is OrderState.SLIP_MAILED

    qtbot.waitUntil(mailed, timeout=TIMEOUT)
    assert max(in_flight) <= 1  # one request in flight for the order, never more
    seen = tracker.order(order.id)
    assert seen.reached()[OrderState.APPLIED].date() == START
    assert seen.reached()[OrderState.SLIP_MAILED].date() == date(2026, 11, 27)
    assert seen.slip is not None and seen.slip.issued_on == date(2026, 11, 27)
    assert seen.slip.deadline == date(2027, 1, 27)  # two months to pay [seed]
    assert tracker.offline_text(order.id) is None


def test_an_order_ends_once_and_is_forgotten_on_disk(qtbot, tracker, session, sim, watched) -> None:
    order = place_slip_order(session)
    ended: list[Order] = []
    tracker.ended.connect(ended.append)
    tracker.watch(order, session.client)
    qtbot.waitUntil(lambda: order.id in watched.load(), timeout=TIMEOUT)
    delivered = advance_to(qtbot, tracker, sim, order.id, OrderState.SLIP_DELIVERED)
    assert delivered.slip is not None and delivered.slip.delivered_on is not None
    sim.sim_pay(order.id, "post_office", delivered.total)
    wait_state(qtbot, tracker, order.id, OrderState.PAID)
    assert ended == []

    extended = advance_to(qtbot, tracker, sim, order.id, OrderState.EXTENDED)
    qtbot.waitUntil(lambda: len(ended) == 1, timeout=TIMEOUT)
    assert ended == [extended]
    assert extended.new_expiry == date(2028, 9, 26)  # in term: the old expiry (2027-09-26) plus the year
    assert not tracker.polling(order.id) and tracker.done(order.id)
    qtbot.waitUntil(lambda: order.id not in watched.load(), timeout=TIMEOUT)
    requests = tracker.watcher(order.id).requests_made
    qtbot.wait(300)  # more than the quick policy's longest idle wait: a final order is not asked about
    assert tracker.watcher(order.id).requests_made == requests
    assert ended == [extended]  # said once

    tracker.announce(order.id)  # on request, again (an order that ended while the app was closed)
    assert ended == [extended, extended]


def test_an_order_already_final_is_announced_only_on_request(qtbot, policy, tracker, session, sim, tmp_path) -> None:
    order = place_slip_order(session)
    first = OrderTracker(policy, watched=WatchedOrders(tmp_path / "first"))  # the app's previous run
    try:
        first.watch(order, session.client)
        advance_to(qtbot, first, sim, order.id, OrderState.SLIP_DELIVERED)
        sim.sim_pay(order.id, "convenience_store", order.total)
        extended = advance_to(qtbot, first, sim, order.id, OrderState.EXTENDED)
    finally:
        assert first.shutdown()

    ended: list[Order] = []
    tracker.ended.connect(ended.append)
    tracker.watch(extended, session.client)
    assert not tracker.polling(order.id) and tracker.done(order.id)
    assert tracker.watcher(order.id).requests_made == 0
    assert ended == []
    tracker.announce(order.id)
    assert ended == [extended]


def test_an_order_learnt_elsewhere_is_taken_only_if_newer(qtbot, tracker, session, sim) -> None:
    order = place_slip_order(session)
    tracker.watch(order, session.client)
    mailed = advance_to(qtbot, tracker, sim, order.id, OrderState.SLIP_MAILED)
    changed: list[Order] = []
    tracker.changed.connect(changed.append)
    assert not tracker.set_order(order)  # an older version: ignored
    assert tracker.order(order.id) == mailed and changed == []
    delivered = advance_to(qtbot, tracker, sim, order.id, OrderState.SLIP_DELIVERED)
    paid = sim.sim_pay(order.id, "post_office", delivered.total)  # what the slip view's payment answers
    assert tracker.set_order(paid)  # before the event loop runs again: no poll can have brought it yet
    assert tracker.order(order.id) == paid and changed[-1] == paid
    assert paid.payment is not None and paid.payment.paid_on == delivered.slip.delivered_on


# --- the backend going away --------------------------------------------------------------------------


def test_offline_while_the_server_fails_then_back_by_itself(qtbot, tracker, session, sim) -> None:
    order = place_slip_order(session)
    tracker.watch(order, session.client)
    watcher = tracker.watcher(order.id)
    qtbot.waitUntil(lambda: watcher.requests_made >= 1 and watcher.outstanding is not None, timeout=TIMEOUT)

    sim.sim_add_fault(path=f"{API}/orders", mode="every_nth", n=1, kind="status", status=503, retry_after=1)
    with qtbot.waitSignal(tracker.offline, timeout=TIMEOUT) as went:
        sim.sim_advance(to_next_event=True)  # ends the held long poll; the next request meets the fault
    assert went.args == [order.id, True, ""]  # "" : cannot reach the server, trying again
    assert tracker.offline_text(order.id) == ""
    assert watcher.failures >= 1 and tracker.polling(order.id)

    with qtbot.waitSignal(tracker.offline, timeout=TIMEOUT) as back:
        sim.sim_clear_faults()
    assert back.args == [order.id, False, ""]
    assert tracker.offline_text(order.id) is None
    wait_state(qtbot, tracker, order.id, OrderState.SLIP_MAILED)  # and it follows the order again


def test_an_order_the_server_does_not_know_is_no_longer_asked_about(qtbot, tracker, session) -> None:
    order = replace(place_slip_order(session), id="00000000-0000-4000-8000-000000000000")
    with qtbot.waitSignal(tracker.offline, timeout=TIMEOUT) as refused:
        tracker.watch(order, session.client)
    order_id, offline, text = refused.args
    assert (order_id, offline) == (order.id, True)
    assert text  # the server's message, for the user
    assert not tracker.polling(order.id)
    requests = tracker.watcher(order.id).requests_made
    qtbot.wait(300)
    assert tracker.watcher(order.id).requests_made == requests


def test_the_waiting_page_shows_what_the_tracker_says(qtbot, tracker, session, sim) -> None:
    """The page polls nothing: it renders the tracker's order and its offline news."""
    from vb_renew.ui.tasks import TaskRunner
    from vb_renew.ui.waiting import WaitingPage

    order = place_slip_order(session)
    tracker.watch(order, session.client)
    runner = TaskRunner()
    page = WaitingPage(tracker, order.id, runner)
    qtbot.addWidget(page)
    try:
        assert page.order == order and page.timeline.date_text(OrderState.APPLIED) == "2026/11/26"
        assert page.status_title.text() == "お申し込みを受け付けました"
        sim.sim_advance(to_next_event=True)
        qtbot.waitUntil(lambda: page.order.state is OrderState.SLIP_MAILED, timeout=TIMEOUT)
        assert page.timeline.date_text(OrderState.SLIP_MAILED) == "2026/11/27"
        assert "2027/01/27" in page.timeline.date_text(OrderState.PAID)  # the slip's deadline, planned

        gone = replace(order, id="00000000-0000-4000-8000-000000000001")  # an order the server does not know
        tracker.watch(gone, session.client)
        lost = WaitingPage(tracker, gone.id, runner)
        qtbot.addWidget(lost)
        qtbot.waitUntil(lambda: lost.offline, timeout=TIMEOUT)
        assert lost.offline_banner.text() == tracker.offline_text(gone.id) != ""  # the server's message
        assert not page.offline  # news of one order is not shown on another's page
    finally:
        runner.shutdown()


# --- forgetting and stopping ------------------------------------------------------------------------------


def test_a_forgotten_order_is_dropped_even_with_an_answer_on_its_way(qtbot, tracker, session, sim) -> None:
    order = place_slip_order(session)
    tracker.watch(order, session.client)
    qtbot.waitUntil(lambda: tracker.watcher(order.id).outstanding is not None, timeout=TIMEOUT)  # a poll is held
    changed: list[Order] = []
    tracker.changed.connect(changed.append)
    with qtbot.waitSignal(tracker.forgotten, timeout=TIMEOUT) as forgotten:
        tracker.forget(order.id)
    assert forgotten.args == [order.id]
    sim.sim_advance(to_next_event=True)  # the held poll answers with the mailed slip
    qtbot.waitUntil(lambda: tracker.runner.busy == 0, timeout=TIMEOUT)
    assert changed == [] and order.id not in tracker and tracker.orders() == []


def test_shutdown_sends_nothing_more_and_joins_its_workers(qtbot, policy, session, sim, tmp_path) -> None:
    tracker = OrderTracker(policy, watched=WatchedOrders(tmp_path))
    order = place_slip_order(session)
    tracker.watch(order, session.client)
    qtbot.waitUntil(lambda: tracker.watcher(order.id).outstanding is not None, timeout=TIMEOUT)
    changed: list[Order] = []
    tracker.changed.connect(changed.append)
    tracker.stop()
    assert not tracker.polling(order.id)
    assert not tracker.watch(replace(order, id=str(uuid.uuid4())), session.client)  # nothing new once stopped
    sim.sim_advance(to_next_event=True)  # the held poll answers with the mailed slip
    assert tracker.shutdown()  # ... and is joined
    qtbot.wait(50)  # a queued answer would arrive now
    assert changed == []  # no answer is read after stop()


def test_a_long_poll_held_by_a_server_that_stays_up_does_not_hold_the_quit(qtbot, policy, session, tmp_path) -> None:
    # As on a shared QA server (--server): the product holds each poll up to 20 s, and quitting cuts it.
    tracker = OrderTracker(replace(policy, long_poll_wait=20.0), watched=WatchedOrders(tmp_path))
    order = place_slip_order(session)
    tracker.watch(order, session.client)
    qtbot.waitUntil(lambda: tracker.watcher(order.id).outstanding is not None, timeout=TIMEOUT)
    qtbot.wait(300)  # the request reaches the server, which holds it: the order does not change
    assert tracker.watcher(order.id).outstanding is not None
    assert tracker.shutdown(timeout_ms=5000)  # joined within the quit's wait, not after the poll's 20 s
