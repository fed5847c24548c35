"""Sending the wizard's order (S7): the core decides, this runs the sends and reports.

:class:`~vb_renew.core.submission.Submission` owns the idempotency key, the pending-order file and
whether (and when) a failed send goes again. :class:`OrderSender` runs each send on the
:class:`~vb_renew.ui.tasks.TaskRunner` and keeps the timer of the automatic resends, so the wait
stays off the worker and the UI thread never waits; the wizard only shows what it reports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from vb_renew.core.api import ApiClient
from vb_renew.core.flow import Draft
from vb_renew.core.pending import PendingOrders
from vb_renew.core.submission import Outcome, Placed, Submission
from vb_renew.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class OrderSender(QObject):
    """One application's sends, as the wizard sees them.

    Signals:
        ``sending(int)``: a send goes out; the automatic resends before it (0: the first send).
        ``placed(object)``: the :class:`~vb_renew.core.data.Order` the server placed.
        ``failed(object)``: no automatic resend follows: the send's :class:`~vb_renew.core.submission.Outcome`
        (``Refused``, ``Conflict`` or ``Transient``), or the exception that was not the server's answer
        (the disk, a sign-in).

    ``busy`` is true from a send until it is placed or has failed, the automatic resends included.
    """

    sending = Signal(int)
    placed = Signal(object)
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, pending: PendingOrders, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.submission = Submission(pending)  # the key, the pending file and the automatic resends
        self.busy = False
        self._client_factory: Callable[[], ApiClient] | None = None
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._send)

    def reset(self) -> None:
        """A new application, or the user left: answers on their way are dropped, no resend follows, no key."""
        self._generation += 1
        self._timer.stop()
        self.busy = False
        self.submission.reset()

    def send(self, draft: Draft, client_factory: Callable[[], ApiClient]) -> Draft:
        """Send ``draft``; returns it with its key (kept while its body is the one keyed, else a new one)."""
        draft = self.submission.start(draft)
        self._client_factory = client_factory
        self._send()
        return draft

    def again(self) -> bool:
        """「再試行」: the same body under the same key; False when there is nothing to send again."""
        if not self.submission.again():
            return False
        self._send()
        return True

    @Slot()
    def _send(self) -> None:
        if self._client_factory is None:
            return
        self.busy = True
        self.sending.emit(self.submission.attempt)
        generation = self._generation
        self.runner.submit(self.submission.job(self._client_factory),
                           lambda outcome: self._sent(generation, outcome),
                           lambda error: self._failed(generation, error))

    def _sent(self, generation: int, outcome: Outcome) -> None:
        if generation != self._generation:
            return
        if isinstance(outcome, Placed):
            self.busy = False
            self.placed.emit(outcome.order)
            return
        delay = self.submission.retry_delay(outcome)
        if delay is not None:
            self._timer.start(int(delay * 1000))  # core decided; the wait stays off the worker
            return
        self._failed(generation, outcome)

    def _failed(self, generation: int, failure: Outcome | Exception) -> None:
        if generation != self._generation:
            return
        self.busy = False
        log.warning("order submission failed: %r", failure)
        self.failed.emit(failure)
