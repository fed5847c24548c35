"""QaContext: what the QA panel's sections share: the app's connection and orders, the simulation client, the
panel's worker threads, and the news one section gives the others (the clock moved, a world was loaded)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from vb_renew.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from datetime import datetime

    from vb_renew.core.api import ApiClient
    from vb_renew.ui.controller import AppController
    from vb_renew.ui.qa_panel.calls import ApiCallLog


class QaContext(QObject):
    """The panel's link to the app.

    Signals:
        ``readyChanged(bool)``: the app is connected (the simulation API can be asked) or not.
        ``nowChanged(object)``: the simulated clock's ``now`` (a ``datetime``), as the main window shows it.
        ``clockMoved(object)``: the panel moved the clock (a :class:`~vb_renew.core.data.Clock`).
        ``worldLoaded(object)``: the panel loaded a world (a :class:`~vb_renew.core.data.World`).

    Every request of :meth:`sim` runs on the panel's own worker threads, with a client of its own holding the
    simulation token (the product's session's: the embedded backend's, or ``--sim-token``).
    """

    readyChanged = Signal(bool)
    nowChanged = Signal(object)
    clockMoved = Signal(object)
    worldLoaded = Signal(object)

    def __init__(self, controller: AppController, calls: ApiCallLog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.connection = controller.connection
        self.tracker = controller.tracker
        self.calls = calls
        self.runner = TaskRunner(self)
        self.now: datetime | None = None
        self.connection.connected.connect(self._connected)
        self.connection.clockChanged.connect(self._now)

    def ready(self) -> bool:
        """Connected: the backend's address and the simulation token are known."""
        return self.connection.session is not None

    def base_url(self) -> str | None:
        return self.connection.base_url()

    def sim_token(self) -> str | None:
        session = self.connection.session
        return session.sim_token if session is not None else self.connection.backend.options.sim_token

    def serial(self) -> str | None:
        """The serial of the product installed on this (simulated) PC."""
        session = self.connection.session
        return session.serial if session is not None else None

    def sim(self, job: Callable[[ApiClient], Any], on_done: Callable[[Any], None],
            on_failed: Callable[[Exception], None]) -> None:
        """Run ``job(client)`` on a worker with a simulation client; the outcome comes back on the UI thread."""
        base_url, token = self.base_url(), self.sim_token()
        if base_url is None:
            return

        def work() -> Any:
            from vb_renew.core.api import ApiClient  # on the worker: requests stays off the UI thread

            client = ApiClient(base_url, sim_token=token)
            try:
                return job(client)
            finally:
                client.close()

        self.runner.submit(work, on_done, on_failed)

    # -- news from one section to the app and the others --------------------------------------------------

    def clock_moved(self, clock: object) -> None:
        """The panel moved the clock: the main window's clock and the licence are read again at once (the orders
        followed are long-polled: their changes arrive by themselves)."""
        self.connection.read_clock()
        self.connection.refresh()
        self.clockMoved.emit(clock)

    def world_loaded(self, world: object) -> None:
        """A new world: the orders followed belonged to the old one; the app signs in to the new one."""
        self.controller.forget_all_orders()
        self.connection.start()
        self.worldLoaded.emit(world)

    def shutdown(self) -> None:
        self.runner.shutdown()

    @Slot(object)
    def _connected(self, _session: object) -> None:
        self.readyChanged.emit(True)

    @Slot(object)
    def _now(self, now: datetime) -> None:
        self.now = now
        self.nowChanged.emit(now)
