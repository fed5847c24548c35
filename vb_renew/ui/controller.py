"""Connects the main window to the backend.

The window is on screen first; then, on a worker thread, the embedded backend
starts (or a remote one is used), the installed product signs in, and the
licence is read. The licence shown follows the backend by a timer, one request
in flight at a time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from vb_renew import paths
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import tr_text

log = logging.getLogger(__name__)

REFRESH_MS = 3000
STARTUP_TIMEOUT_S = 20


@dataclass
class Options:
    server_url: str | None = None  # None: start the embedded backend
    sim_token: str | None = None
    scenario: str | None = None
    seconds_per_day: float | None = None


class AppController(QObject):
    """Starts the backend beside the window and keeps the window's licence current.

    Signals: ``connected(object)`` with the ProductSession, ``licenceChanged(object)`` with the
    LicenceView, ``connectionFailed(str)`` with a message for the user.
    """

    connected = Signal(object)
    licenceChanged = Signal(object)
    connectionFailed = Signal(str)

    def __init__(self, window: MainWindow, options: Options, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.options = options
        self.runner = TaskRunner(self)
        self.session = None
        self.view = None
        self.server = None  # the embedded backend, when we started one
        self._refreshing = False
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    # -- start-up --------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        self.window.home.set_connection_message(QCoreApplication.translate("MainWindow", "サーバーに接続しています…"))
        self.runner.submit(self._connect, self._on_connected, self._on_connect_failed)

    def _connect(self) -> tuple[Any, Any]:
        """Worker thread: the embedded backend (if ours), then sign in and read the licence."""
        from vb_renew.core.session import read_licence, sign_in_installed_product

        url, sim_token = self.options.server_url, self.options.sim_token
        if url is None:
            from vb_renew.server.embedded import EmbeddedServer

            options = {}
            if self.options.scenario:
                options["scenario"] = self.options.scenario
            if self.options.seconds_per_day is not None:
                options["seconds_per_day"] = self.options.seconds_per_day
            server = EmbeddedServer(paths.get().ensure().database, sim_token, **options)
            self.server = server
            server.start()
            if not server.wait_ready(STARTUP_TIMEOUT_S):
                raise RuntimeError("the embedded backend did not come up")
            url, sim_token = server.url, server.sim_token
        session = sign_in_installed_product(url, sim_token)
        return session, read_licence(session)

    def _on_connected(self, result: tuple[Any, Any]) -> None:
        self.session, view = result
        self.window.home.set_connection_message("")
        self.connected.emit(self.session)
        self._show(view)
        self._timer.start()

    def _on_connect_failed(self, error: Exception) -> None:
        log.error("could not reach the backend: %r", error)
        text = getattr(error, "text", None)
        message = tr_text(text, **getattr(error, "text_values", {})) if text is not None else getattr(
            error, "server_message", None) or QCoreApplication.translate(
            "MainWindow", "サーバーを起動できませんでした。アプリを再起動してください。")
        self.window.home.set_connection_message(message)
        self.connectionFailed.emit(message)

    # -- following the licence -------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        if self.session is None or self._refreshing:
            return  # one request in flight at a time
        from vb_renew.core.session import read_licence

        self._refreshing = True
        session = self.session
        self.runner.submit(lambda: read_licence(session), self._on_refreshed, self._on_refresh_failed)

    def _on_refreshed(self, view: Any) -> None:
        self._refreshing = False
        self.window.home.set_connection_message("")
        self._show(view)

    def _on_refresh_failed(self, error: Exception) -> None:
        self._refreshing = False
        text = getattr(error, "text", None)
        if text is not None:
            self.window.home.set_connection_message(tr_text(text, **getattr(error, "text_values", {})))

    def _show(self, view: Any) -> None:
        if view == self.view:
            return
        self.view = view
        self.window.header.set_product_name(view.licence.get("product_name") or self.window.header.title.text())
        self.window.home.show_licence(view.licence, view.today)
        self.window.account_info.show_licence(view.licence, self.session.email if self.session else None)
        self.licenceChanged.emit(view)

    # -- shutdown --------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop polling, wait for workers, stop the embedded backend."""
        self._timer.stop()
        self.runner.shutdown()
        if self.server is not None:
            self.server.stop()
            self.server = None
