"""When and how to ask the backend about an order again: the polling policy, without Qt or threads.

The contract (``docs/api.md``, Orders): every order answer carries the server's hint of when to ask
next (``poll_after_seconds`` / ``X-Poll-After``: the real seconds until the order's next scheduled
event, 1..60); ``GET /orders/{id}?since=<version>&wait=<s>`` is a long poll that answers as soon as
the order changes; ``If-None-Match`` turns an unchanged answer into a bodiless ``304``.

The policy, in words:

- After an answer, the next request goes out no sooner than the server's hint (clamped to
  ``[min_interval, max_interval]``; ``default_interval`` when an answer had none).
- That request is a long poll (``since`` = the version we hold, ``wait`` = ``long_poll_wait``) and
  conditional (``If-None-Match`` = the ETag we hold), so a change that lands while it is held is seen
  at once and an unchanged answer costs no body. Without a known version it is a plain (conditional)
  GET. So one cycle is *hint idle + at most wait held*: a week of nothing costs a handful of requests.
  The first request after a failure is a quick conditional GET (no hold), so recovery shows at once.
- After a failure: full-jitter exponential backoff (:attr:`PollPolicy.order_backoff`),
  capped at ``backoff_cap``, never sooner than the error's ``Retry-After``, never sooner than
  ``min_interval`` (a full-jitter draw can be ~0: a dead server is not asked in a tight loop).
- ``extended`` and ``lapsed`` (any closed order) are final: no request is handed out any more.
- One request at a time: :meth:`OrderWatcher.next_request` refuses (returns ``None``) while one is
  outstanding. The UI keeps one in flight per order; this object makes a second one impossible.

:class:`WatchedOrders` remembers, in the data folder, the orders this app saw open, so that an
order that was extended (or lapsed) while the app was closed is announced on the next start.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vb_renew.core.backoff import Backoff
from vb_renew.core.errors import ApiError
from vb_renew.core.files import write_atomically

if TYPE_CHECKING:  # the controller builds a PollPolicy on the UI thread: no requests imported for it
    from vb_renew.core.api import OrderPoll
    from vb_renew.core.data import Order

MAX_SERVER_WAIT = 30.0  # the server holds a long poll at most this long (docs/api.md)


def is_final(order: Order | None) -> bool:
    """Nothing more will happen to this order: extended, lapsed (or any order the server says is closed)."""
    return order is not None and (order.final or not order.open)


@dataclass(frozen=True)
class PollPolicy:
    """How often the app asks the backend, in real seconds: its orders, its licence, connecting at start.

    The defaults are the product's; the app's start-up builds them and hands them to the controller,
    which passes them on to every waiting page. Tests pass quicker numbers.
    """

    long_poll_wait: float = 20.0  # 0: conditional GETs only. Kept under 30 (the server's maximum).
    default_interval: float = 5.0  # an answer without a hint
    min_interval: float = 1.0  # never ask sooner than this, hint or not
    max_interval: float = 300.0  # a hint beyond this is read as this
    backoff_base: float = 1.0  # also the first bound of the retries when connecting at start
    backoff_cap: float = 60.0
    reconnect_cap: float = 30.0  # connecting at start: full-jitter backoff from backoff_base up to this
    licence_refresh: float = 5.0  # the licence and the simulated today are read again this often

    def __post_init__(self) -> None:
        if not 0 <= self.long_poll_wait <= MAX_SERVER_WAIT:
            raise ValueError("long_poll_wait must be within 0..30 seconds")
        if not 0 < self.min_interval <= self.default_interval <= self.max_interval:
            raise ValueError("need 0 < min_interval <= default_interval <= max_interval")
        if self.backoff_base <= 0 or self.backoff_cap < self.backoff_base or self.reconnect_cap < self.backoff_base:
            raise ValueError("need 0 < backoff_base <= backoff_cap and reconnect_cap")
        if self.licence_refresh <= 0:
            raise ValueError("licence_refresh must be positive")

    @property
    def order_backoff(self) -> Backoff:
        """An order's polls after a failure: never sooner than ``min_interval``, no end."""
        return Backoff(base=self.backoff_base, cap=self.backoff_cap, floor=self.min_interval)

    @property
    def reconnect_backoff(self) -> Backoff:
        """Connecting at start, until it works."""
        return Backoff(base=self.backoff_base, cap=self.reconnect_cap)

    def interval(self, hint: float) -> float:
        """The wait before the next request after an answer that hinted ``hint`` seconds."""
        return min(max(hint, self.min_interval), self.max_interval)


@dataclass(frozen=True)
class PollRequest:
    """One request to make: ``ApiClient.poll_order(order_id, etag=etag, since=since, wait=wait)``."""

    order_id: str
    etag: str | None
    since: int | None
    wait: float

    @property
    def long_poll(self) -> bool:
        return self.since is not None and self.wait > 0

    def send(self, client: Any) -> OrderPoll:
        """Make the request with an :class:`~vb_renew.core.api.ApiClient` (blocking: a worker thread)."""
        return client.poll_order(self.order_id, etag=self.etag, since=self.since, wait=self.wait)


class OrderWatcher:
    """The polling state of one order. The UI drives it::

        request = watcher.next_request()          # None: final, or one is already out
        ... on a worker: answer = request.send(client)
        watcher.on_answer(answer)  /  watcher.on_error(error)
        timer.start(watcher.next_delay() * 1000)   # then next_request() again

    ``order`` is the last full order seen; ``failures`` the consecutive failures; ``offline`` is
    true after a failure until the next answer.
    """

    def __init__(self, order_id: str, order: Order | None = None, *, etag: str | None = None,
                 policy: PollPolicy | None = None, rng: random.Random | None = None) -> None:
        self.order_id = order_id
        self.policy = policy or PollPolicy()
        self.rng = rng
        self.order: Order | None = order
        self.etag = etag or (f'"{order.version}"' if order is not None else None)
        self.hint: float | None = None  # the last answer's poll_after; None: ask at once (first request)
        self.failures = 0
        self.last_error: ApiError | Exception | None = None
        self.outstanding: PollRequest | None = None
        self.requests_made = 0

    # -- state ---------------------------------------------------------------------------------

    @property
    def version(self) -> int | None:
        return None if self.order is None else self.order.version

    @property
    def done(self) -> bool:
        return is_final(self.order)

    @property
    def offline(self) -> bool:
        return self.failures > 0

    @staticmethod
    def is_final(order: Order | None) -> bool:
        return is_final(order)

    # -- the cycle -----------------------------------------------------------------------------

    def next_request(self) -> PollRequest | None:
        """The request to send now, marked outstanding; ``None`` if one is outstanding or the order is final."""
        if self.outstanding is not None or self.done:
            return None
        version = self.version
        # After a failure, a quick conditional GET first: the page learns at once that the server is back
        # (a long poll would keep the offline banner up for its whole wait). Long polls resume after it.
        wait = self.policy.long_poll_wait if version is not None and not self.failures else 0.0
        request = PollRequest(self.order_id, self.etag, version if wait > 0 else None, wait)
        self.outstanding = request
        self.requests_made += 1
        return request

    def on_answer(self, answer: OrderPoll) -> bool:
        """The outstanding request answered; True when the order changed (a new full order arrived)."""
        self.outstanding = None
        self.failures = 0
        self.last_error = None
        self.hint = answer.poll_after
        if answer.etag:
            self.etag = answer.etag
        if answer.order is None:
            return False
        if self.order is not None and answer.order.version < self.order.version:
            # A poll sent before the order was learnt elsewhere (the pay's answer) came back with an older
            # version: keep the newer one, and ask again from it.
            self.etag = f'"{self.order.version}"'
            self.hint = 0.0
            return False
        changed = self.order is None or answer.order != self.order
        self.order = answer.order
        if answer.etag is None:
            self.etag = f'"{self.order.version}"'
        if self.hint is None:
            self.hint = self.order.poll_after_seconds
        return changed

    def on_error(self, error: Exception) -> None:
        """The outstanding request failed (any exception: an ApiError says whether and when to retry)."""
        self.outstanding = None
        self.failures += 1
        self.last_error = error

    def cancel(self) -> None:
        """The UI dropped the outstanding request (the page stopped): a later start may ask again."""
        self.outstanding = None

    def set_order(self, order: Order) -> bool:
        """An order learnt elsewhere (e.g. the answer to paying the slip): kept if newer; True if it changed."""
        old = self.version
        if old is not None and order.version < old:
            return False
        changed = self.order != order
        self.order = order
        self.etag = f'"{order.version}"'
        self.hint = order.poll_after_seconds
        return changed

    def next_delay(self) -> float:
        """Seconds from now (just after an answer or a failure) until the next request."""
        p = self.policy
        if self.failures:
            delay = p.order_backoff.delay(self.failures - 1, retry_after=getattr(self.last_error, "retry_after", None),
                                          rng=self.rng)
            assert delay is not None  # polls retry without end
            return delay
        if self.hint is None:
            return 0.0 if self.requests_made == 0 else p.default_interval
        return p.interval(self.hint)


# --- remembering the orders we saw open ---------------------------------------------------------------

WATCHED_FILE = "watched-orders.json"


class WatchedOrders:
    """The ids of the orders this app saw open, in the data folder (call off the UI thread: disk).

    On start, an order in this list that the server now reports final changed while the app was
    closed: the app announces it, then :meth:`forget` s it.
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / WATCHED_FILE

    def load(self) -> set[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {str(i) for i in data.get("orders", [])}
        except FileNotFoundError:
            return set()
        except (ValueError, TypeError, AttributeError):
            return set()

    def _write(self, ids: Iterable[str]) -> None:
        # A crash leaves the old list or the new one.
        write_atomically(self.path, json.dumps({"orders": sorted(set(ids))}))

    def add(self, *order_ids: str) -> None:
        ids = self.load()
        if not set(order_ids) <= ids:
            self._write(ids | set(order_ids))

    def forget(self, *order_ids: str) -> None:
        ids = self.load()
        if ids & set(order_ids):
            self._write(ids - set(order_ids))


def sort_start_orders(orders: Iterable[Order], watched: set[str]) -> tuple[list[Order], list[Order]]:
    """From ``GET /orders`` on start: (the open orders, the watched orders that became final meanwhile)."""
    open_orders: list[Order] = []
    finished: list[Order] = []
    for order in orders:
        if not is_final(order):
            open_orders.append(order)
        elif order.id in watched:
            finished.append(order)
    return open_orders, finished
