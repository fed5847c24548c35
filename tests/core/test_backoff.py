from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from vb_renew.core.backoff import ORDER_SUBMIT, Backoff, full_jitter, retry_delay
from vb_renew.core.poller import PollPolicy


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=2**32))
def test_a_delay_stays_between_zero_and_the_capped_exponential_bound(attempt: int, seed: int) -> None:
    delay = full_jitter(attempt, base=1.0, cap=30.0, rng=random.Random(seed))
    assert 0 <= delay <= min(30.0, 2**attempt)


def test_delays_grow_then_stop_at_the_cap() -> None:
    rng = random.Random(7)
    means = [sum(full_jitter(a, rng=rng) for _ in range(2000)) / 2000 for a in range(8)]
    assert means[0] < means[2] < means[4]
    assert abs(means[7] - 15.0) < 1.5  # uniform(0, 30) once capped


def test_the_servers_retry_after_is_a_floor() -> None:
    assert retry_delay(0, retry_after=12.0, rng=random.Random(1)) >= 12.0


@given(st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=2**32))
def test_a_backoff_waits_within_its_bounds_and_never_under_its_floor(attempt: int, seed: int) -> None:
    backoff = Backoff(base=1.0, cap=4.0, floor=0.5)
    delay = backoff.delay(attempt, rng=random.Random(seed))
    assert delay is not None and 0.5 <= delay <= min(4.0, 2**attempt)


def test_a_backoff_gives_up_after_its_retries() -> None:
    backoff = Backoff(retries=3)
    assert [backoff.delay(a, rng=random.Random(a)) is None for a in range(5)] == [False, False, False, True, True]
    assert Backoff(retries=0).delay(0) is None


def test_retry_after_is_a_floor_cut_at_its_cap() -> None:
    assert Backoff(cap=1.0).delay(0, retry_after=12.0) >= 12.0
    assert Backoff(cap=1.0, retry_after_cap=5.0).delay(0, retry_after=12.0) == 5.0


def test_the_apps_retries_are_backoffs() -> None:
    policy = PollPolicy(backoff_base=0.5, backoff_cap=8.0, reconnect_cap=2.0, min_interval=1.0)
    assert policy.order_backoff == Backoff(base=0.5, cap=8.0, floor=1.0)
    assert policy.reconnect_backoff == Backoff(base=0.5, cap=2.0)
    assert ORDER_SUBMIT.retries == 3 and ORDER_SUBMIT.floor > 0
