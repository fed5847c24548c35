"""Keeping the wizard's draft on disk as the user types: a debounced write, on a worker.

What a draft holds, when it is worth keeping, and the file are :mod:`vb_renew.core.draft`'s; this only
decides when to write. A change restarts a short timer; when it fires, the wizard's state is read (on the UI
thread: no disk) and written by the :class:`~vb_renew.ui.tasks.TaskRunner`. Writes carry the store's
sequence number, so one that a busy pool runs late never overwrites a newer one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Slot

from vb_renew.core.draft import DraftStore, FormDraft
from vb_renew.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

# What to write: the serials' draft, or None to remove it; None (no tuple) when there is nothing to write.
DraftState = tuple[tuple[str, ...], FormDraft | None] | None


class DraftKeeper(QObject):
    """Writes ``read()``'s draft a moment after the last change (:meth:`changed`)."""

    DELAY_MS = 500  # [sim] a pause in typing; a window closed sooner is caught by flush()

    def __init__(self, runner: TaskRunner, store: DraftStore, read: Callable[[], DraftState],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.store = store
        self._read = read
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self._write)

    @Slot()
    def changed(self) -> None:
        """The user changed something the draft holds: write it once they pause."""
        self._timer.start()

    @property
    def waiting(self) -> bool:
        """A change is not written yet."""
        return self._timer.isActive()

    def stop(self) -> None:
        """Forget the change not written yet (a new application starts)."""
        self._timer.stop()

    def discard(self, serials: Iterable[str]) -> None:
        """Remove the serials' draft (the order was placed, or the user chose to discard it)."""
        self._timer.stop()
        serials, store = tuple(serials), self.store
        ticket = store.ticket()
        self.runner.submit(lambda: store.put(serials, None, ticket), None, self._failed)

    @Slot()
    def flush(self) -> None:
        """The app is closing: the draft is written now, on this thread (one small file), whether or not a change
        is still waiting for its timer or its worker (a worker queued behind others would be dropped on quit)."""
        self._timer.stop()
        state = self._read()
        if state is None:
            return
        try:
            self.store.put(state[0], state[1], self.store.ticket())
        except OSError as error:
            self._failed(error)

    @Slot()
    def _write(self) -> None:
        state = self._read()
        if state is None:
            return
        serials, draft = state
        store, ticket = self.store, self.store.ticket()
        self.runner.submit(lambda: store.put(serials, draft, ticket), None, self._failed)

    def _failed(self, error: Exception) -> None:
        # The draft is a convenience: the form on screen is still there; say it in the log only.
        log.warning("the draft could not be written: %r", error)
