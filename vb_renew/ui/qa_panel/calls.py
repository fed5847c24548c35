"""ApiCallLog: every API request the app makes, brought to the UI thread for the QA panel's event log.

It listens to the client core's announcements (:func:`vb_renew.core.api.add_call_listener`) from the start, so the
log has the calls made before the panel was first opened; the listener is added on a worker, where the client core
is imported anyway (importing ``requests`` on the UI thread would freeze the window for a moment).
"""

from __future__ import annotations

import sys
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from shiboken6 import isValid

if TYPE_CHECKING:
    from vb_renew.core.api import ApiCall
    from vb_renew.ui.tasks import TaskRunner

LIMIT = 1000  # the latest calls kept (at one clock read a second, a quarter of an hour of them)


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
    _received = Signal(object)  # from the thread that made the request: queued to the UI thread

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.calls: deque[ApiCall] = deque(maxlen=LIMIT)
        self._received.connect(self._add)
        self._closed = False
        runner.submit(self._subscribe)

    def _subscribe(self) -> None:
        """Worker thread."""
        from vb_renew.core.api import add_call_listener

        if not self._closed:
            add_call_listener(self._listen)

    def _listen(self, call: ApiCall) -> None:
        """Any thread: hand the call to the UI thread."""
        if self._closed or not isValid(self):
            self._unsubscribe()
            return
        self._received.emit(call)

    @Slot(object)
    def _add(self, call: ApiCall) -> None:
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
        self._closed = True
        self._unsubscribe()

    def _unsubscribe(self) -> None:
        api = sys.modules.get("vb_renew.core.api")  # never imported: never subscribed
        if api is not None:
            api.remove_call_listener(self._listen)
