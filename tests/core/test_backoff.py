from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from vb_renew.core.backoff import full_jitter, retry_delay


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
