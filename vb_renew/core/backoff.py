"""Retry delays: exponential backoff with full jitter, capped: the one retry policy of the client.

Full jitter (a uniform draw between 0 and the exponential bound) spreads the
retries of many clients that failed together, so they do not return together.

Every retry of the app goes through a :class:`Backoff`: an order's polls and connecting at start
(their numbers are in :class:`vb_renew.core.poller.PollPolicy`), and the wizard's automatic resends
of an order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


def full_jitter(attempt: int, *, base: float = 1.0, cap: float = 30.0, rng: random.Random | None = None) -> float:
    """Seconds to wait before retry number ``attempt`` (0 for the first retry)."""
    bound = min(cap, base * (2 ** max(attempt, 0)))
    return (rng or random).uniform(0, bound)


def retry_delay(attempt: int, *, retry_after: float | None = None, base: float = 1.0, cap: float = 30.0,
                rng: random.Random | None = None) -> float:
    """The backoff delay, but never sooner than the server's ``Retry-After`` when it sent one."""
    delay = full_jitter(attempt, base=base, cap=cap, rng=rng)
    return max(delay, retry_after) if retry_after is not None else delay


@dataclass(frozen=True)
class Backoff:
    """How long to wait before each retry, and how many retries there are.

    ``base`` and ``cap`` bound the full-jitter draw; ``floor`` is the shortest wait (a draw can be ~0:
    a dead server is not asked in a tight loop); the server's ``Retry-After`` is a floor too, itself
    cut at ``retry_after_cap`` when one is set; ``retries`` is how many automatic retries there are
    (``None``: no end).
    """

    base: float = 1.0
    cap: float = 30.0
    floor: float = 0.0
    retries: int | None = None
    retry_after_cap: float | None = None

    def __post_init__(self) -> None:
        if not 0 < self.base <= self.cap or self.floor < 0 or (self.retries is not None and self.retries < 0):
            raise ValueError("need 0 < base <= cap, floor >= 0 and retries >= 0")

    def delay(self, attempt: int, *, retry_after: float | None = None,
              rng: random.Random | None = None) -> float | None:
        """Seconds before retry number ``attempt`` (0 for the first); ``None`` when the retries are used up."""
        if self.retries is not None and attempt >= self.retries:
            return None
        if retry_after is not None and self.retry_after_cap is not None:
            retry_after = min(retry_after, self.retry_after_cap)
        delay = retry_delay(attempt, retry_after=retry_after, base=self.base, cap=self.cap, rng=rng)
        return max(delay, self.floor)


# An order's automatic resends after a transient failure (core.submission; same idempotency key), then
# 「再試行」: three, quick (the customer is watching), a Retry-After honoured up to 5 s.
ORDER_SUBMIT = Backoff(base=1.0, cap=4.0, floor=0.5, retries=3, retry_after_cap=5.0)
