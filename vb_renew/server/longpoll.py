"""Long polls: ``GET /orders/{id}?since=V&wait=S`` held until the order changes, and answered together when it does.

A held poll parks on an :class:`asyncio.Event` of its order, set when a transaction that changed the order
commits (``Service.order_listeners``, from any thread). What a change costs is what every held poll does when
it wakes, so at scale (hundreds of clients on one order) the waiters share one answer: the first wake reads the
order once (in the thread pool) and serialises it once, and every waiter of that order sends the same bytes. No
waiter reads the database on waking; each read it once when its request arrived (the ownership check, and
whether it must wait at all).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool


def call_in_loop(loop: asyncio.AbstractEventLoop | None, fn: Callable[..., None], *args: object) -> None:
    """Run ``fn`` on ``loop`` from any thread: now if already on it, else at its next turn; not if it is gone."""
    if loop is None or loop.is_closed():
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        fn(*args)
    else:
        loop.call_soon_threadsafe(fn, *args)


def json_body(view: dict[str, Any]) -> bytes:
    """The view as Starlette's ``JSONResponse`` renders it (compact UTF-8), so both paths send the same bytes."""
    return json.dumps(view, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Answer:
    """An order's view at one version, serialised once for every poll it answers."""

    version: int
    poll_after: int
    body: bytes

    @classmethod
    def of(cls, view: dict[str, Any]) -> Answer:
        return cls(int(view["version"]), int(view["poll_after_seconds"]), json_body(view))

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


@dataclass(frozen=True)
class Known:
    """The newest answer of an order, while no change has been notified since it was read, and whose it is."""

    answer: Answer
    account_id: int | None


class OrderNotifier:
    """Wakes the long polls of an order when a committed transaction changed it (``notify``: any thread).

    ``load(order_id)`` is the order's view as it is now and its account (blocking: it runs in the thread pool),
    read once per change that has waiters. Each held poll waits on a future of its own (so a poll that times out
    or is cut cancels nothing but itself); the one read resolves them all. The read is kept until the next
    change is notified, so a client polling again at once with the version it just got is parked without a
    read of its own.
    """

    def __init__(self, load: Callable[[str], tuple[dict[str, Any], int | None]]) -> None:
        self.load = load
        self.loop: asyncio.AbstractEventLoop | None = None
        self._waiters: dict[str, set[asyncio.Future[Answer | None]]] = {}  # order id -> its held polls
        self._known: dict[str, Known] = {}  # order id -> its newest answer, until the next change
        self._changes: dict[str, int] = {}  # order id -> changes notified (a read is kept only if none came since)
        self._changes_polled: set[str] = set()  # the orders long polls have waited on (read again on each change)
        self.closing = False

    def release_all(self) -> None:
        """Shutdown begins: every held long poll answers now with the order as it is (on the server's loop)."""
        self.closing = True
        for waiters in self._waiters.values():
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)  # None: each reads the order itself
        self._waiters.clear()

    def notify(self, order_id: str) -> None:
        call_in_loop(self.loop, self._fire, order_id)

    def _fire(self, order_id: str) -> None:
        self._known.pop(order_id, None)
        self._changes[order_id] = self._changes.get(order_id, 0) + 1
        waiters = self._waiters.pop(order_id, None)
        if waiters:
            asyncio.ensure_future(self._answer(order_id, waiters))
        elif order_id in self._changes_polled:
            # Nobody waits right now (one transaction may notify twice: the polls woken by the first are being
            # answered), but clients poll this order: read it once, so that their next polls park without a read.
            asyncio.ensure_future(self._answer(order_id, set()))

    async def _answer(self, order_id: str, waiters: set[asyncio.Future[Answer | None]]) -> None:
        """Read the order once, and answer every poll this change woke (with None, if the read failed: the order
        vanished with a new world, and each poll's own read says so)."""
        changes = self._changes.get(order_id)
        try:
            view, account_id = await run_in_threadpool(self.load, order_id)
            answer: Answer | None = Answer.of(view)
        except Exception:
            answer = None
        if answer is not None and self._changes.get(order_id) == changes:
            self._known[order_id] = Known(answer, account_id)
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(answer)

    def _forget(self, order_id: str, waiter: asyncio.Future[Answer | None]) -> None:
        waiters = self._waiters.get(order_id)
        if waiters is not None:
            waiters.discard(waiter)
            if not waiters:
                del self._waiters[order_id]

    async def wait_for_change(self, order_id: str, since: int, wait: float, version: Callable[[], int],
                              account_id: int | None) -> Answer | None:
        """The order's answer once its version differs from ``since``; None when the caller should read the order
        itself: it had already changed, ``wait`` seconds passed, the server is closing, or the shared read
        failed. ``version()`` (blocking: the thread pool) reads the order's version, and raises for an order that
        is not the caller's (``account_id``): it is not called when the newest answer already says both."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while not self.closing:
            # Listen before reading: a change committed while the version is read (in a worker thread) answers it.
            waiter: asyncio.Future[Answer | None] = loop.create_future()
            self._waiters.setdefault(order_id, set()).add(waiter)
            self._changes_polled.add(order_id)
            known = self._known.get(order_id)
            try:
                if (known is None or account_id is None or known.account_id != account_id
                        or known.answer.version != since):
                    if await run_in_threadpool(version) != since:
                        return None
                async with asyncio.timeout_at(deadline):
                    answer = await waiter
            except TimeoutError:
                return None
            finally:
                self._forget(order_id, waiter)
            if answer is None or answer.version != since:
                return answer
            # A change that left the version as it was: wait again.
        return None
