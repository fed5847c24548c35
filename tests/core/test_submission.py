"""Submitting an order (vb_renew.core.submission) in plain pytest, against the real backend over HTTP.

The backend runs in this process on loopback (QA mode: scenarios and fault injection); every test loads
a scenario, so no test sees another's orders.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from vb_renew.core import submission
from vb_renew.core.api import API, ApiClient
from vb_renew.core.backoff import Backoff
from vb_renew.core.data import Order
from vb_renew.core.errors import ApiError
from vb_renew.core.flow import Choice, Draft
from vb_renew.core.pending import PendingOrders
from vb_renew.core.session import ProductSession, sign_in_installed_product
from vb_renew.core.submission import Conflict, Placed, Reconciled, Reconciliation, Refused, Submission, Transient
from vb_renew.rules.payment import PaymentMethod

SCENARIO = "vb_cloud_in_term"
ORDERS = f"{API}/orders"
CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
            "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
            "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}
CARD = {"number": "4242424242424242", "expiry_month": "12", "expiry_year": "2035", "security_code": "123",
        "holder": "TARO YAMADA"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from vb_renew.server.embedded import EmbeddedServer

    backend = EmbeddedServer(tmp_path_factory.mktemp("submission") / "backend.sqlite3",
                             sim_token=secrets.token_urlsafe(16), scenario=SCENARIO, seconds_per_day=None)
    backend.start()
    if not backend.wait_ready(20):
        pytest.fail("the embedded backend did not start")
    yield backend
    backend.stop()


@pytest.fixture
def sim(server: object) -> Iterator[ApiClient]:
    client = ApiClient(server.url, sim_token=server.sim_token)
    client.sim_load_scenario(SCENARIO, seconds_per_day=None)  # a fresh world, the clock standing still; no faults
    yield client
    client.sim_clear_faults()
    client.close()


@pytest.fixture
def session(server: object, sim: ApiClient) -> ProductSession:
    return sign_in_installed_product(server.url, server.sim_token)


@pytest.fixture
def pending(tmp_path: Path) -> PendingOrders:
    return PendingOrders(tmp_path)


def draft(serial: str, *, upgrade: bool = False, **customer: str) -> Draft:
    choice = Choice(serial, "ts_premium" if upgrade else "vb_cloud", 1, 0, upgrade)
    return Draft(renewable_serials=(serial,), selected_serials=(serial,), choices=(choice,),
                 customer={**CUSTOMER, **customer}, card=dict(CARD) if upgrade else {}, agreed_licence=True)


def orders_of(session: ProductSession) -> list[Order]:
    client = session.client()
    try:
        return client.orders()
    finally:
        client.close()


def started(pending: PendingOrders, application: Draft) -> Submission:
    sub = Submission(pending, Backoff(base=0.01, cap=0.01, retries=3))
    sub.start(application)
    return sub


# -- the outcomes --------------------------------------------------------------------------------------


def test_placed_clears_the_pending_order_and_a_repeat_is_replayed(session, pending) -> None:
    sub = started(pending, draft(session.serial))
    first = sub.job(session.client)()
    assert isinstance(first, Placed) and not first.replayed
    assert pending.load() is None
    again = sub.job(session.client)()  # the same key and body: the server's first answer, no second order
    assert again == Placed(first.order, replayed=True)
    assert [o.id for o in orders_of(session)] == [first.order.id]


def test_a_lost_answer_is_resent_once_with_the_same_key(session, sim, pending) -> None:
    sim.sim_add_fault(path=ORDERS, method="POST", kind="drop_response", mode="once")
    sub = started(pending, draft(session.serial))
    lost = sub.job(session.client)()
    assert isinstance(lost, Transient)
    assert pending.load() == (sub.key, sub.body)  # kept: a restart would resend it with the same key
    assert sub.retry_delay(lost) is not None and sub.attempt == 1
    resent = sub.job(session.client)()
    assert isinstance(resent, Placed) and resent.replayed  # the order was stored; its answer is replayed
    assert pending.load() is None
    assert [o.id for o in orders_of(session)] == [resent.order.id]


def test_transient_failures_then_success(session, sim, pending) -> None:
    sim.sim_add_fault(path=ORDERS, method="POST", kind="status", status=503, retry_after=0, mode="every_nth", n=1)
    sub = started(pending, draft(session.serial))
    outcomes = []
    for _ in range(2):
        outcomes.append(sub.job(session.client)())
        assert sub.retry_delay(outcomes[-1]) is not None
    sim.sim_clear_faults()
    placed = sub.job(session.client)()
    assert all(isinstance(o, Transient) and o.error.status == 503 for o in outcomes)
    assert isinstance(placed, Placed) and not placed.replayed  # the handler never ran before
    assert sub.attempt == 2 and pending.load() is None
    assert len(orders_of(session)) == 1


def test_the_automatic_resends_end_and_only_a_transient_failure_is_resent(session, sim, pending) -> None:
    sim.sim_add_fault(path=ORDERS, method="POST", kind="status", status=503, mode="every_nth", n=1)
    sub = started(pending, draft(session.serial))
    delays = []
    while (delay := sub.retry_delay(sub.job(session.client)())) is not None:
        delays.append(delay)
    assert len(delays) == sub.backoff.retries
    assert pending.load() is not None  # 「再試行」 or the next start sends it again
    assert sub.again() and sub.attempt == 0
    assert sub.retry_delay(Refused(ApiError("customer.postal_code.format", status=422))) is None


def test_a_refused_field_clears_the_pending_order(session, pending) -> None:
    sub = started(pending, draft(session.serial, postal_code="ABC"))
    refused = sub.job(session.client)()
    assert isinstance(refused, Refused), refused
    assert refused.error.status == 422
    assert refused.form_field == refused.field and refused.field.startswith("customer.postal_code")
    assert refused.code
    assert sub.retry_delay(refused) is None
    assert pending.load() is None
    assert orders_of(session) == []


def test_another_body_under_the_same_key_is_refused_and_a_changed_draft_gets_a_new_key(session, pending) -> None:
    application = draft(session.serial)
    sub = started(pending, application)
    key = sub.key
    assert sub.start(replace(application, idempotency_key=key)).idempotency_key == key  # same body: same key
    changed = sub.start(replace(application, idempotency_key=key, customer={**CUSTOMER, "building": "2F"}))
    assert changed.idempotency_key != key
    placed = submission.send(session.client, pending, key, application.order_body())
    reused = submission.send(session.client, pending, key, changed.order_body())  # the old key, by hand
    assert isinstance(placed, Placed)
    assert isinstance(reused, Refused) and reused.code == "idempotency.key_reused" and reused.form_field is None
    assert pending.load() is None


def test_an_open_order_is_a_conflict_that_clears_the_pending_order(session, pending) -> None:
    first = submission.send(session.client, pending, str(uuid.uuid4()), draft(session.serial).order_body())
    assert isinstance(first, Placed)
    conflict = started(pending, draft(session.serial)).job(session.client)()  # a new key, the serial still open
    assert isinstance(conflict, Conflict) and conflict.error.status == 409
    assert conflict.field and conflict.field.endswith(".serial")
    assert pending.load() is None


def test_a_card_order_is_never_written_to_disk(session, sim, pending) -> None:
    sim.sim_add_fault(path=ORDERS, method="POST", kind="drop_response", mode="once")
    sub = started(pending, draft(session.serial, upgrade=True))
    lost = sub.job(session.client)()
    assert isinstance(lost, Transient)
    assert not pending.path.exists()  # resent from memory only
    placed = sub.job(session.client)()
    assert isinstance(placed, Placed) and placed.replayed
    assert placed.order.payment_method is PaymentMethod.CREDIT_CARD
    assert not pending.path.exists()
    assert CARD["number"] not in repr(orders_of(session))


# -- at start: the pending order of an earlier run ------------------------------------------------------


def test_nothing_pending_sends_nothing(session, pending) -> None:
    assert submission.resend_pending(session.client, pending) is None


def test_a_pending_order_whose_answer_was_lost_is_replayed_at_start(session, pending) -> None:
    key, body = str(uuid.uuid4()), draft(session.serial).order_body()
    first = submission.send(session.client, pending, key, body)
    pending.save(key, body)  # as if the app had died before reading the answer
    resent = submission.resend_pending(session.client, pending)
    assert isinstance(resent, Placed) and resent.replayed and resent.order.id == first.order.id
    assert pending.load() is None


def test_a_pending_order_refused_at_start_follows_the_open_order_of_its_serial(session, pending) -> None:
    """A stale pending order (its key forgotten by the server, its serial ordered meanwhile under another key):
    the 409 is matched with the serial's open order, which is followed; the file is cleared, never resent."""
    placed = submission.send(session.client, pending, str(uuid.uuid4()), draft(session.serial).order_body())
    assert isinstance(placed, Placed)
    pending.save(str(uuid.uuid4()), draft(session.serial).order_body())
    outcome = submission.resend_pending(session.client, pending)
    assert isinstance(outcome, Reconciled) and isinstance(outcome.refusal, Conflict)
    assert outcome.reason is Reconciliation.FOLLOW and not outcome.dropped
    assert outcome.order.id == placed.order.id and outcome.order.open
    assert pending.load() is None
    assert submission.resend_pending(session.client, pending) is None
    assert [o.id for o in orders_of(session)] == [placed.order.id]


def advance_until(session: ProductSession, sim: ApiClient, order_id: str, state: str) -> Order:
    """Run the simulated world one event at a time until the order reaches ``state``."""
    for _ in range(20):
        client = session.client()
        try:
            order = client.poll_order(order_id).order
        finally:
            client.close()
        if order.state == state:
            return order
        sim.sim_advance(to_next_event=True)
    pytest.fail(f"order {order_id} never reached {state}")


def test_a_pending_order_whose_serials_open_order_has_closed_is_dropped_with_a_notice(session, sim, pending) -> None:
    """The serial's order (three years) was paid and the licence extended since: the resend is refused (too
    early now), no order of its serial is open any more, so the pending order is dropped (the UI tells the user
    why), never resent."""
    three_years = draft(session.serial).order_body()
    three_years["items"][0]["years"] = 3
    placed = submission.send(session.client, pending, str(uuid.uuid4()), three_years)
    assert isinstance(placed, Placed)
    order_id = placed.order.id
    delivered = advance_until(session, sim, order_id, "slip_delivered")
    sim.sim_pay(order_id, "convenience_store", delivered.total)
    advance_until(session, sim, order_id, "extended")
    key, body = str(uuid.uuid4()), draft(session.serial).order_body()
    pending.save(key, body)
    outcome = submission.resend_pending(session.client, pending)
    assert isinstance(outcome, Reconciled) and isinstance(outcome.refusal, Refused)
    assert outcome.refusal.code == "renewal.too_early"
    assert outcome.reason is Reconciliation.CLOSED and outcome.dropped and outcome.order is None
    assert pending.load() is None
    assert [o.id for o in orders_of(session)] == [order_id]


def test_a_pending_order_refused_for_a_field_with_no_open_order_is_dropped(session, pending) -> None:
    pending.save(str(uuid.uuid4()), draft(session.serial, postal_code="ABC").order_body())
    outcome = submission.resend_pending(session.client, pending)
    assert isinstance(outcome, Reconciled) and isinstance(outcome.refusal, Refused)
    assert outcome.refusal.field == "customer.postal_code"
    assert outcome.reason is Reconciliation.CLOSED and outcome.dropped
    assert pending.load() is None


def test_a_pending_order_whose_reconciling_fails_for_now_is_kept(session, sim, pending) -> None:
    placed = submission.send(session.client, pending, str(uuid.uuid4()), draft(session.serial).order_body())
    assert isinstance(placed, Placed)
    key, body = str(uuid.uuid4()), draft(session.serial).order_body()
    pending.save(key, body)
    sim.sim_add_fault(path=f"{API}/licences/{session.serial}", method="GET", kind="status", status=503,
                      mode="every_nth", n=1)
    outcome = submission.resend_pending(session.client, pending)
    assert isinstance(outcome, Transient) and outcome.error.status == 503
    assert pending.load() == (key, body)  # matched at the next start
    sim.sim_clear_faults()
    outcome = submission.resend_pending(session.client, pending)
    assert isinstance(outcome, Reconciled) and outcome.order.id == placed.order.id
    assert pending.load() is None


def test_a_pending_order_that_fails_for_now_is_kept_for_the_next_start(session, sim, pending) -> None:
    sim.sim_add_fault(path=ORDERS, method="POST", kind="reset", mode="once")
    key, body = str(uuid.uuid4()), draft(session.serial).order_body()
    pending.save(key, body)
    outcome = submission.resend_pending(session.client, pending)
    assert isinstance(outcome, Transient) and outcome.error.code == "network.offline"
    assert pending.load() == (key, body)
    assert isinstance(submission.resend_pending(session.client, pending), Placed)
    assert pending.load() is None


# -- a pending order older than the server's memory of its key ------------------------------------------

DAY_LATER = 25 * 3600.0  # past the server's 24 h


def test_an_expired_pending_order_whose_first_send_arrived_and_ended_is_never_sent_again(
        session, sim, pending) -> None:
    """The first send arrived, was paid and extended the licence, but its answer was lost; the app next starts
    a day later, when the server may have forgotten the key. Sending the body again could renew twice: it is
    dropped with a notice instead, and there is still exactly one order."""
    key, body = str(uuid.uuid4()), draft(session.serial).order_body()
    pending.save(key, body)
    first = submission.send(session.client, pending, key, body)
    assert isinstance(first, Placed)
    pending.save(key, body)  # as if the answer had been lost: the file is still there
    delivered = advance_until(session, sim, first.order.id, "slip_delivered")
    sim.sim_pay(first.order.id, "convenience_store", delivered.total)
    advance_until(session, sim, first.order.id, "extended")

    outcome = submission.resend_pending(session.client, pending, now=pending_saved_at(pending) + DAY_LATER)

    assert isinstance(outcome, Reconciled) and isinstance(outcome.refusal, submission.Expired)
    assert outcome.reason is Reconciliation.EXPIRED and outcome.dropped
    assert pending.load() is None
    assert [o.id for o in orders_of(session)] == [first.order.id]


def test_an_expired_pending_order_follows_the_open_order_of_its_serial(session, pending) -> None:
    key, body = str(uuid.uuid4()), draft(session.serial).order_body()
    placed = submission.send(session.client, pending, key, body)
    pending.save(key, body)

    outcome = submission.resend_pending(session.client, pending, now=pending_saved_at(pending) + DAY_LATER)

    assert isinstance(outcome, Reconciled) and outcome.reason is Reconciliation.FOLLOW
    assert outcome.order is not None and outcome.order.id == placed.order.id
    assert [o.id for o in orders_of(session)] == [placed.order.id]


def test_a_pending_order_within_the_keys_lifetime_is_still_resent(session, pending) -> None:
    key, body = str(uuid.uuid4()), draft(session.serial).order_body()
    pending.save(key, body)
    outcome = submission.resend_pending(session.client, pending, now=pending_saved_at(pending) + 3600)
    assert isinstance(outcome, Placed) and not outcome.replayed


def test_resaving_a_key_keeps_when_it_was_first_kept(tmp_path: Path) -> None:
    pending = PendingOrders(tmp_path)
    pending.save("k1", {"items": [1]})
    first = pending_saved_at(pending)
    pending.save("k1", {"items": [1]})
    assert pending_saved_at(pending) == first
    assert pending.resendable(now=first + 60) and not pending.resendable(now=first + DAY_LATER)
    pending.save("k2", {"items": [2]})  # another application: its own time
    assert pending_saved_at(pending) >= first


def test_a_pending_file_of_an_older_version_is_never_resent_blindly(tmp_path: Path) -> None:
    pending = PendingOrders(tmp_path)
    pending.path.write_text('{"idempotency_key": "k", "body": {"items": []}}', encoding="utf-8")
    assert pending.load() == ("k", {"items": []}) and not pending.resendable()


def pending_saved_at(pending: PendingOrders) -> float:
    import json

    return json.loads(pending.path.read_text(encoding="utf-8"))["saved_at"]
