"""The order polling policy (vb_renew.core.poller): plain Python, no Qt, no network."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vb_renew.core.api import OrderPoll
from vb_renew.core.data import Order
from vb_renew.core.errors import ApiError
from vb_renew.core.poller import (
    OrderWatcher,
    PollPolicy,
    WatchedOrders,
    is_final,
    sort_start_orders,
)
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.payment import PaymentMethod


def order(version: int = 1, state: str = "applied", poll_after: int = 5, order_id: str = "ord_1") -> Order:
    return Order(id=order_id, number="R0000001", version=version, state=OrderState(state),
                 open=state not in ("extended", "lapsed"), payment_method=PaymentMethod.SLIP, total=5280,
                 items=(), customer=None, card_last4=None, slip=None, payment=None, expected_confirmation=None,
                 timeline=(), created_at=datetime(2027, 1, 4, 10, tzinfo=timezone(timedelta(hours=9))),
                 poll_after_seconds=float(poll_after))


def offline() -> ApiError:
    return ApiError("network.offline")


# -- the requests -----------------------------------------------------------------------------------

def test_a_known_version_is_long_polled_and_conditional() -> None:
    watcher = OrderWatcher("ord_1", order(version=3), policy=PollPolicy(long_poll_wait=20))
    request = watcher.next_request()
    assert request is not None and request.long_poll
    assert (request.since, request.wait, request.etag) == (3, 20, '"3"')


def test_without_a_version_the_first_request_is_a_plain_get() -> None:
    request = OrderWatcher("ord_1").next_request()
    assert request is not None and not request.long_poll
    assert (request.since, request.wait, request.etag) == (None, 0.0, None)


def test_long_polling_off_gives_conditional_gets() -> None:
    watcher = OrderWatcher("ord_1", order(version=2), policy=PollPolicy(long_poll_wait=0))
    request = watcher.next_request()
    assert (request.since, request.wait, request.etag) == (None, 0.0, '"2"')


def test_the_etag_and_version_follow_the_answers() -> None:
    watcher = OrderWatcher("ord_1", order(version=1))
    watcher.next_request()
    assert watcher.on_answer(OrderPoll(order(version=2, state="slip_mailed"), '"2"', 7.0)) is True
    request = watcher.next_request()
    assert (request.since, request.etag) == (2, '"2"')
    assert watcher.on_answer(OrderPoll(None, '"2"', 7.0)) is False  # 304: unchanged
    assert watcher.order.state is OrderState.SLIP_MAILED


def test_the_first_request_goes_at_once_then_the_server_decides() -> None:
    watcher = OrderWatcher("ord_1", order())
    assert watcher.next_delay() == 0.0
    watcher.next_request()
    watcher.on_answer(OrderPoll(None, '"1"', 42.0))
    assert watcher.next_delay() == 42.0


# -- one request at a time ----------------------------------------------------------------------------

def test_no_second_request_while_one_is_outstanding() -> None:
    watcher = OrderWatcher("ord_1", order())
    first = watcher.next_request()
    assert first is not None
    assert watcher.next_request() is None
    assert watcher.next_request() is None
    watcher.on_answer(OrderPoll(None, '"1"', 5.0))
    assert watcher.next_request() is not None


def test_a_failure_also_frees_the_slot_and_so_does_cancel() -> None:
    watcher = OrderWatcher("ord_1", order())
    watcher.next_request()
    watcher.on_error(offline())
    assert watcher.next_request() is not None
    watcher.cancel()
    assert watcher.next_request() is not None
    assert watcher.requests_made == 3


# -- the server's hint ----------------------------------------------------------------------------------

@given(st.floats(min_value=0, max_value=10_000, allow_nan=False))
def test_never_sooner_than_the_hint(hint: float) -> None:
    policy = PollPolicy(min_interval=1.0, max_interval=300.0)
    watcher = OrderWatcher("ord_1", order(), policy=policy)
    watcher.next_request()
    watcher.on_answer(OrderPoll(None, '"1"', hint))
    delay = watcher.next_delay()
    assert delay >= min(hint, policy.max_interval)
    assert policy.min_interval <= delay <= policy.max_interval


def test_an_answer_without_a_hint_waits_the_default() -> None:
    watcher = OrderWatcher("ord_1", order(), policy=PollPolicy(default_interval=5.0))
    watcher.next_request()
    watcher.on_answer(OrderPoll(None, None, None))
    assert watcher.next_delay() == 5.0


def test_a_full_order_without_header_hint_uses_its_poll_after_seconds() -> None:
    watcher = OrderWatcher("ord_1", order())
    watcher.next_request()
    watcher.on_answer(OrderPoll(order(version=2, poll_after=17), None, None))
    assert watcher.next_delay() == 17.0
    assert watcher.etag == '"2"'


# -- backoff on errors -----------------------------------------------------------------------------------

@given(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=2**32))
def test_backoff_stays_within_full_jitter_bounds(failures: int, seed: int) -> None:
    policy = PollPolicy(backoff_base=1.0, backoff_cap=60.0, min_interval=1.0)
    watcher = OrderWatcher("ord_1", order(), policy=policy, rng=random.Random(seed))
    for _ in range(failures):
        watcher.next_request()
        watcher.on_error(offline())
    delay = watcher.next_delay()
    bound = min(policy.backoff_cap, policy.backoff_base * 2 ** (failures - 1))
    assert policy.min_interval <= delay <= max(bound, policy.min_interval)
    assert watcher.offline


def test_backoff_grows_then_is_capped() -> None:
    policy = PollPolicy(backoff_cap=60.0)

    def mean_delay(failures: int) -> float:
        rng = random.Random(failures)
        total = 0.0
        for _ in range(500):
            watcher = OrderWatcher("ord_1", order(), policy=policy, rng=rng)
            for _ in range(failures):
                watcher.next_request()
                watcher.on_error(offline())
            total += watcher.next_delay()
        return total / 500

    assert mean_delay(2) < mean_delay(4) < mean_delay(6)
    assert abs(mean_delay(20) - 30.0) < 4.0  # uniform(0, 60) once capped


def test_retry_after_is_a_floor_after_an_error() -> None:
    watcher = OrderWatcher("ord_1", order(), rng=random.Random(3))
    watcher.next_request()
    watcher.on_error(ApiError("service.unavailable", status=503, retry_after=25.0))
    assert watcher.next_delay() >= 25.0


def test_after_a_failure_a_quick_get_then_long_polls_again() -> None:
    watcher = OrderWatcher("ord_1", order(version=2), policy=PollPolicy(long_poll_wait=20))
    watcher.next_request()
    watcher.on_error(offline())
    probe = watcher.next_request()
    assert not probe.long_poll and probe.etag == '"2"'  # answers at once (304) when the server is back
    watcher.on_answer(OrderPoll(None, '"2"', 5.0))
    assert watcher.next_request().long_poll


def test_an_answer_ends_the_backoff() -> None:
    watcher = OrderWatcher("ord_1", order(), rng=random.Random(3))
    for _ in range(6):
        watcher.next_request()
        watcher.on_error(offline())
    watcher.next_request()
    watcher.on_answer(OrderPoll(None, '"1"', 5.0))
    assert not watcher.offline and watcher.failures == 0
    assert watcher.next_delay() == 5.0


# -- final states --------------------------------------------------------------------------------------

@pytest.mark.parametrize("state,final", [("applied", False), ("slip_mailed", False), ("slip_delivered", False),
                                         ("paid", False), ("confirmed", False), ("extended", True),
                                         ("lapsed", True)])
def test_extended_and_lapsed_are_final(state: str, final: bool) -> None:
    assert is_final(order(state=state)) is final
    assert OrderWatcher.is_final(order(state=state)) is final


def test_no_request_once_final() -> None:
    watcher = OrderWatcher("ord_1", order())
    watcher.next_request()
    watcher.on_answer(OrderPoll(order(version=6, state="extended"), '"6"', 60.0))
    assert watcher.done
    assert watcher.next_request() is None


def test_an_older_order_from_elsewhere_is_ignored() -> None:
    watcher = OrderWatcher("ord_1", order(version=4, state="paid"))
    assert watcher.set_order(order(version=3, state="slip_delivered")) is False
    assert watcher.order.state is OrderState.PAID
    assert watcher.set_order(order(version=5, state="confirmed", poll_after=2)) is True
    assert watcher.etag == '"5"' and watcher.hint == 2.0


def test_an_older_answer_does_not_undo_an_order_learnt_meanwhile() -> None:
    # A long poll is out at version 4 (delivered); paying answers with the extended order (6). The poll then
    # returns version 5 (paid), the pay's first change: the app keeps showing the extended order.
    watcher = OrderWatcher("ord_1", order(version=4, state="slip_delivered"))
    request = watcher.next_request()
    assert watcher.set_order(order(version=6, state="extended")) is True
    assert watcher.on_answer(OrderPoll(order(version=5, state="paid", poll_after=60), '"5"', 60.0)) is False
    assert watcher.order.state is OrderState.EXTENDED and watcher.done
    assert watcher.etag == '"6"' and request.since == 4


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        PollPolicy(long_poll_wait=31)
    with pytest.raises(ValueError):
        PollPolicy(min_interval=0)
    with pytest.raises(ValueError):
        PollPolicy(backoff_base=2.0, reconnect_cap=1.0)
    with pytest.raises(ValueError):
        PollPolicy(licence_refresh=0)


# -- a simulated run: the hint bounds the number of requests -----------------------------------------------

def test_a_quiet_hour_costs_few_requests() -> None:
    """Drive the watcher with a fake clock against a server that never changes and hints 60 s: every
    cycle is the hint plus a long poll held for its full wait."""
    policy = PollPolicy(long_poll_wait=20)
    watcher = OrderWatcher("ord_1", order(), policy=policy)
    now, sent = 0.0, []
    while now < 3600:
        now += watcher.next_delay()
        request = watcher.next_request()
        sent.append(now)
        now += request.wait
        watcher.on_answer(OrderPoll(None, '"1"', 60.0))
    gaps = [b - a for a, b in pairwise(sent)]
    assert all(gap >= 60.0 for gap in gaps)
    assert len(sent) <= 1 + 3600 / 80


# -- remembering orders ------------------------------------------------------------------------------------

def test_watched_orders_survive_and_find_what_ended(tmp_path) -> None:
    store = WatchedOrders(tmp_path)
    assert store.load() == set()
    store.add("ord_1", "ord_2")
    assert WatchedOrders(tmp_path).load() == {"ord_1", "ord_2"}
    orders = [order(state="extended", order_id="ord_1"), order(state="paid", order_id="ord_3"),
              order(state="lapsed", order_id="ord_9")]
    open_orders, finished = sort_start_orders(orders, store.load())
    assert [o.id for o in open_orders] == ["ord_3"]
    assert [o.id for o in finished] == ["ord_1"]  # ord_9 ended long ago: not announced again
    store.forget("ord_1")
    assert store.load() == {"ord_2"}
    store.path.write_text("{not json", encoding="utf-8")
    assert store.load() == set()
