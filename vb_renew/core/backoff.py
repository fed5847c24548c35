"""Retry delays: exponential backoff with full jitter, capped.

Full jitter (a uniform draw between 0 and the exponential bound) spreads the
retries of many clients that failed together, so they do not return together.
"""

from __future__ import annotations

import random


def full_jitter(attempt: int, *, base: float = 1.0, cap: float = 30.0, rng: random.Random | None = None) -> float:
    """Seconds to wait before retry number ``attempt`` (0 for the first retry)."""
    bound = min(cap, base * (2 ** max(attempt, 0)))
    return (rng or random).uniform(0, bound)


def retry_delay(attempt: int, *, retry_after: float | None = None, base: float = 1.0, cap: float = 30.0,
                rng: random.Random | None = None) -> float:
    """The backoff delay, but never sooner than the server's ``Retry-After`` when it sent one."""
    delay = full_jitter(attempt, base=base, cap=cap, rng=rng)
    return max(delay, retry_after) if retry_after is not None else delay
