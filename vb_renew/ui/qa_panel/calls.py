"""ApiCallLog: every API request the app makes, brought to the UI thread for the QA panel's event log.

The calls are announced by the client core (:func:`vb_renew.core.api.add_call_listener`) on the thread that made
each request. They reach the UI thread through one relay for the whole process, which is never deleted: a QObject
must outlive every emit that another thread may be making on it, while the logs that receive its signal may be
deleted at any time (Qt disconnects a receiver safely, from any thread). Emitting on a log itself raced its
deletion with a window closing and crashed the process.

The listener is added on a worker, where the client core is imported anyway (importing ``requests`` on the UI
thread would freeze the window for a moment), and from the start, so the log has the calls made before the panel
was first opened.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from vb_renew.core.api import ApiCall
    from vb_renew.ui.tasks import TaskRunner

LIMIT = 1000  # the latest calls kept (at one clock read a second, a quarter of an hour of them)


class _Relay(QObject):
    """Signals: ``received(object)``: an :class:`~vb_renew.core.api.ApiCall`, emitted on the thread that made it."""

    received = Signal(object)


_relay: _Relay | None = None  # made on the UI thread by the first log; kept until the process ends
_subscribing = threading.Lock()
_subscribed = False


def _process_relay() -> _Relay:
    """UI thread."""
    global _relay
    if _relay is None:
        _relay = _Relay()  # no parent: nothing deletes it while a request may still be announced on it
    return _relay


def _subscribe(relay: _Relay) -> None:
    """Worker thread: announce every call of the process on ``relay``, once."""
    global _subscribed
    from vb_renew.core.api import add_call_listener

    with _subscribing:
        if not _subscribed:
            add_call_listener(relay.received.emit)
            _subscribed = True


class ApiCallLog(QObject):
    """The latest :data:`LIMIT` API calls, on the UI thread.

    Signals:
        ``added(object)``: an :class:`~vb_renew.core.api.ApiCall`, in the order they ended (a call announced again
            with the same ``id``, an answer that could not be read, replaces the first in :attr:`calls`).
        ``cleared()``: :meth:`clear` emptied it.

    Use: ``ApiCallLog(runner, parent)``; :meth:`close` on quit.
    """

    added = Signal(object)
    cleared = Signal()

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.calls: deque[ApiCall] = deque(maxlen=LIMIT)
        self._closed = False
        relay = _process_relay()
        relay.received.connect(self._add)  # queued from other threads; cut by Qt when this log is deleted
        runner.submit(lambda: _subscribe(relay))

    @Slot(object)
    def _add(self, call: ApiCall) -> None:
        if self._closed:  # queued before close()
            return
        for back in range(1, min(len(self.calls), 50) + 1):  # announced again: right after, on its thread
            if self.calls[-back].id == call.id:
                self.calls[-back] = call
                break
        else:
            self.calls.append(call)
        self.added.emit(call)

    def clear(self) -> None:
        self.calls.clear()
        self.cleared.emit()

    def close(self) -> None:
        """Listen no more."""
        if not self._closed:
            self._closed = True
            _process_relay().received.disconnect(self._add)
