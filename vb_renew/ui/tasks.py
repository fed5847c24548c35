"""Blocking work (network, disk, keyring) off the UI thread.

``TaskRunner.submit(fn, on_done, on_failed)`` runs ``fn`` on a worker thread and
calls back on the UI thread through a queued signal. Callbacks of a runner that
was shut down are dropped, so a closing window is never called back.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a result from a worker back to the runner's (UI) thread.

    Signals: ``finished(job_id, ok, result)``.
    """

    finished = Signal(int, bool, object)


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.job_id = job_id
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result, ok = self.fn(), True
        except Exception as exc:  # every failure goes back to the UI as a value
            result, ok = exc, False
        self.relay.finished.emit(self.job_id, ok, result)


class TaskRunner(QObject):
    """A thread pool whose results arrive on the UI thread."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[_Job, Callable[[Any], None] | None, Callable[[Exception], None] | None]] = {}
        self._closed = False

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_failed: Callable[[Exception], None] | None = None) -> int:
        if self._closed:
            return 0
        job_id = next(self._ids)
        job = _Job(job_id, fn, self._relay)
        job.setAutoDelete(False)  # Python keeps it until its result is delivered
        self._pending[job_id] = (job, on_done, on_failed)
        self._pool.start(job)
        return job_id

    @property
    def busy(self) -> int:
        return len(self._pending)

    @Slot(int, bool, object)
    def _finished(self, job_id: int, ok: bool, result: object) -> None:
        _, on_done, on_failed = self._pending.pop(job_id, (None, None, None))
        if self._closed:
            return
        if ok and on_done is not None:
            on_done(result)
        elif not ok:
            if on_failed is not None:
                on_failed(result)  # type: ignore[arg-type]
            else:
                log.error("background task failed: %r", result)

    def shutdown(self, timeout_ms: int = 5000, *, finish_queued: bool = False) -> bool:
        """Drop queued jobs (or, with ``finish_queued``, let them run) and wait for the running ones; no
        callback runs afterwards. False if they did not finish within ``timeout_ms``."""
        self._closed = True
        if not finish_queued:
            self._pool.clear()
        return self._pool.waitForDone(timeout_ms)
