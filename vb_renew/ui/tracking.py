"""OrderTracker: every order the app follows, polled in one place; the pages subscribe to it.

The app follows each slip order it knows of (placed on S9, resent or found by ``GET /orders`` at start) from the
moment it is known until it is extended or lapsed, whether or not its page is on screen, so the end is noticed
wherever the user is. One :class:`OrderTracker` does it for all of them:

- per order, a single-shot QTimer on the UI thread schedules the next poll as
  :class:`~vb_renew.core.poller.OrderWatcher` says (the server's hint, long poll + ETag, full-jitter backoff on
  errors); the request runs on the tracker's :class:`~vb_renew.ui.tasks.TaskRunner`, and the watcher allows
  one request in flight per order;
- it says what happened by signal, with :class:`~vb_renew.core.data.Order` values: a newer order, its polls
  failing or answering again, its end;
- the ids of the orders it saw open are kept in :class:`~vb_renew.core.poller.WatchedOrders` (added when
  followed, dropped when ended), so an order that ends while the app is closed is announced on the next start.

The views only read it: the waiting page (S10–S12), the slip view, the main window's banner. :meth:`stop` then
:meth:`shutdown` on quit (:meth:`stop` cuts the polls in flight: a long poll held by any server ends at once).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from vb_renew.core.errors import ApiError
from vb_renew.core.poller import OrderWatcher, PollPolicy
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import error_text

if TYPE_CHECKING:
    from vb_renew.core.api import ApiClient, OrderPoll
    from vb_renew.core.data import Order
    from vb_renew.core.poller import WatchedOrders

log = logging.getLogger(__name__)

ClientFactory = Callable[[], "ApiClient"]


@dataclass(eq=False)
class _Followed:
    """One order's polling: its watcher, whose clients ask, its timer, and what was said about it."""

    watcher: OrderWatcher
    client_factory: ClientFactory
    timer: QTimer
    running: bool = True  # False once final, or when the server says it does not know the order
    ended: bool = False  # ``ended`` was emitted (or the order was final when first followed)
    offline_text: str | None = None  # None: the last request answered


class OrderTracker(QObject):
    """Follows orders on the backend until each is extended or lapsed; views subscribe to its signals.

    Signals:
        ``changed(object)``: an order's newer :class:`~vb_renew.core.data.Order`: a poll's answer, one learnt
            elsewhere (:meth:`set_order`), or an order followed from now on (:meth:`watch`).
        ``offline(str, bool, str)``: an order's polls failed (its id, True, the text to show: ``""`` when the
            server cannot be reached and the tracker keeps trying, else the error's message for the user),
            or answered again (its id, False, ``""``).
        ``ended(object)``: the order reached a final state (extended or lapsed): once per order, and again on
            :meth:`announce`.
        ``forgotten(str)``: the order is no longer followed (:meth:`forget`).

    Use: ``OrderTracker(policy, watched=WatchedOrders(folder), parent=...)``; ``watch(order, client_factory)``
    for each order to follow; ``stop()`` then ``shutdown()`` on quit.
    """

    changed = Signal(object)
    offline = Signal(str, bool, str)
    ended = Signal(object)
    forgotten = Signal(str)

    def __init__(self, policy: PollPolicy | None = None, *, watched: WatchedOrders | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.policy = policy or PollPolicy()
        self.watched = watched
        # Polls hold a long poll for up to ~20 s: their own threads, so they never queue the UI's work.
        self.runner = TaskRunner(self)
        self._disk = TaskRunner(self, max_threads=1)  # WatchedOrders' file: one change at a time, in order
        self._followed: dict[str, _Followed] = {}  # newest first
        self._stopped = False
        # The clients of the polls in flight (workers add and remove them): stop() cuts them, so that a long
        # poll held by a remote server does not hold the app's quit for its 20 s.
        self._in_flight: set[ApiClient] = set()
        self._in_flight_lock = threading.Lock()

    # -- following ----------------------------------------------------------------------------------

    def watch(self, order: Order, client_factory: ClientFactory) -> bool:
        """Follow ``order`` from now on, asking with ``client_factory``'s clients; True if it was not followed.

        An order already followed is only given to :meth:`set_order`. A final order is not polled, and its end
        is not announced unless :meth:`announce` asks (it ended before the app knew it).
        """
        if self._stopped:
            return False
        if order.id in self._followed:
            self.set_order(order)
            return False
        timer = QTimer(self)
        timer.setSingleShot(True)
        watcher = OrderWatcher(order.id, order, policy=self.policy)
        followed = _Followed(watcher, client_factory, timer, running=not watcher.done, ended=watcher.done)
        timer.timeout.connect(partial(self._poll, order.id))
        self._followed = {order.id: followed, **self._followed}
        if order.open:
            self._remember(order.id)
        self.changed.emit(order)
        self._schedule(order.id)
        return True

    def set_order(self, order: Order) -> bool:
        """An order learnt elsewhere (the slip view's payment): taken if newer; True if it changed."""
        followed = self._followed.get(order.id)
        if followed is None or not followed.watcher.set_order(order):
            return False
        self._changed(followed)
        # Its hint (e.g. the time to the payment's confirmation) replaces the old one.
        self._schedule(order.id)
        return True

    def announce(self, order_id: str) -> None:
        """Say (``ended``) that a final order ended: for one that ended while the app was closed."""
        followed = self._followed.get(order_id)
        if followed is not None and followed.watcher.done:
            self._end(followed)

    def forget(self, order_id: str) -> None:
        """Follow the order no more (an answer still on its way is dropped)."""
        followed = self._followed.pop(order_id, None)
        if followed is None:
            return
        followed.timer.stop()
        followed.timer.deleteLater()
        self.forgotten.emit(order_id)

    def stop(self) -> None:
        """On quit: send nothing more, drop every answer still on its way, and cut the polls in flight."""
        self._stopped = True
        for followed in self._followed.values():
            followed.timer.stop()
        with self._in_flight_lock:
            in_flight = list(self._in_flight)
        for client in in_flight:
            client.abort()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """:meth:`stop` (which cuts a held long poll), then wait for the workers."""
        self.stop()
        polls_done = self.runner.shutdown(timeout_ms)
        return self._disk.shutdown(timeout_ms, finish_queued=True) and polls_done  # the file as last said

    # -- what it knows ------------------------------------------------------------------------------

    def __contains__(self, order_id: object) -> bool:
        return order_id in self._followed

    def order(self, order_id: str) -> Order | None:
        followed = self._followed.get(order_id)
        return followed.watcher.order if followed is not None else None

    def orders(self) -> list[Order]:
        """Every order followed, the newest followed first."""
        return [f.watcher.order for f in self._followed.values() if f.watcher.order is not None]

    def client_factory(self, order_id: str) -> ClientFactory | None:
        followed = self._followed.get(order_id)
        return followed.client_factory if followed is not None else None

    def watcher(self, order_id: str) -> OrderWatcher | None:
        """The order's polling state (requests made, the one outstanding, failures)."""
        followed = self._followed.get(order_id)
        return followed.watcher if followed is not None else None

    def polling(self, order_id: str) -> bool:
        """Whether the order is still asked about (not final, not refused, the tracker not stopped)."""
        followed = self._followed.get(order_id)
        return followed is not None and followed.running and not self._stopped

    def done(self, order_id: str) -> bool:
        """Whether the order is final: nothing more will happen to it."""
        followed = self._followed.get(order_id)
        return followed is not None and followed.watcher.done

    def offline_text(self, order_id: str) -> str | None:
        """None while the order's polls answer; else what ``offline`` said (``""``: cannot reach the server)."""
        followed = self._followed.get(order_id)
        return followed.offline_text if followed is not None else None

    # -- polling --------------------------------------------------------------------------------------

    def _schedule(self, order_id: str) -> None:
        followed = self._followed.get(order_id)
        if followed is None or self._stopped or not followed.running or followed.watcher.outstanding is not None:
            return
        followed.timer.start(max(0, int(followed.watcher.next_delay() * 1000)))

    def _poll(self, order_id: str) -> None:
        followed = self._followed.get(order_id)
        if followed is None or self._stopped or not followed.running:
            return
        request = followed.watcher.next_request()  # None while one is outstanding: one in flight per order
        if request is None:
            return
        factory = followed.client_factory

        def work() -> OrderPoll:
            client = factory()
            with self._in_flight_lock:
                self._in_flight.add(client)
            if self._stopped:  # stopped while this job waited for a thread: stop() did not see it
                client.abort()
            try:
                return request.send(client)
            finally:
                with self._in_flight_lock:
                    self._in_flight.discard(client)
                client.close()

        self.runner.submit(work, partial(self._answered, followed), partial(self._failed, followed))

    def _current(self, followed: _Followed) -> bool:
        """Whether an answer for ``followed`` is still wanted (not stopped, not forgotten meanwhile)."""
        return not self._stopped and self._followed.get(followed.watcher.order_id) is followed

    def _answered(self, followed: _Followed, answer: OrderPoll) -> None:
        if not self._current(followed):
            return
        changed = followed.watcher.on_answer(answer)
        self._set_offline(followed, None)
        if changed:
            self._changed(followed)
        self._schedule(followed.watcher.order_id)

    def _failed(self, followed: _Followed, error: Exception) -> None:
        if not self._current(followed):
            return
        watcher = followed.watcher
        watcher.on_error(error)
        log.info("polling order %s failed (%d in a row): %r", watcher.order_id, watcher.failures, error)
        if isinstance(error, ApiError) and error.code == "order.not_found":
            followed.running = False  # asking again would get the same answer
            self._set_offline(followed, error_text(error))
            return
        self._set_offline(followed, "" if isinstance(error, ApiError) and error.transient else error_text(error))
        self._schedule(watcher.order_id)

    def _set_offline(self, followed: _Followed, text: str | None) -> None:
        if followed.offline_text == text:
            return
        followed.offline_text = text
        self.offline.emit(followed.watcher.order_id, text is not None, text or "")

    # -- telling ----------------------------------------------------------------------------------------

    def _changed(self, followed: _Followed) -> None:
        order = followed.watcher.order
        if order is None:
            return
        if followed.watcher.done:  # nothing more will happen to it: asked about no more
            followed.running = False
            followed.timer.stop()
        self.changed.emit(order)
        if followed.watcher.done and not followed.ended:
            self._end(followed)

    def _end(self, followed: _Followed) -> None:
        order = followed.watcher.order
        if order is None:
            return
        followed.ended = True
        self._forget_on_disk(order.id)
        self.ended.emit(order)

    def _remember(self, order_id: str) -> None:
        watched = self.watched
        if watched is not None:
            self._disk.submit(lambda: watched.add(order_id), None,
                              lambda error: log.warning("could not remember order %s: %r", order_id, error))

    def _forget_on_disk(self, order_id: str) -> None:
        watched = self.watched
        if watched is not None:
            self._disk.submit(lambda: watched.forget(order_id), None,
                              lambda error: log.warning("could not forget order %s: %r", order_id, error))
