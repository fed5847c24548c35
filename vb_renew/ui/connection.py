"""Connection: the app's link to its backend, from start to quit. It renders nothing; it says what happened.

The window is on screen first; then, on a worker, the backend the start-up module hands in
(:class:`~vb_renew.core.backend.ProductBackend`) opens the installed product's session: the embedded backend
starts (or ``--server`` is used) and the product signs in; the licence is read. A failure is said and retried by
itself with full-jitter backoff (``PollPolicy.reconnect_backoff``), except a data file the backend refuses:
waiting will not help, so it is handed on (``dataFileFailed``) and nothing is retried until :meth:`start` is
called again. Once connected:

- the licence is read again by a timer, one request in flight (``PollPolicy.licence_refresh``; the simulated
  today moves fast), and whenever :meth:`refresh` is asked; an expired product token is renewed by signing in
  again (tokens last hours, the app may run for days);
- the simulated clock (``/health``'s ``now``) is read every second while it runs (every ten seconds while it
  stands still), one request in flight, and whenever :meth:`read_clock` is asked: the main window shows it;
- the orders to follow are found once (:func:`~vb_renew.core.start_orders.find_start_orders`: the pending order
  resent, every open order, those that ended while the app was closed).

All of its I/O goes through its :class:`~vb_renew.ui.tasks.TaskRunner` and the client core. The controller
turns its signals into what the window shows.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from vb_renew.core.backend import EmbeddedStartError, ProductBackend
from vb_renew.core.poller import PollPolicy
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import error_text

if TYPE_CHECKING:

    from vb_renew.core.api import ApiClient
    from vb_renew.core.credentials import CredentialStore
    from vb_renew.core.data import Health, Order
    from vb_renew.core.pending import PendingOrders
    from vb_renew.core.poller import WatchedOrders
    from vb_renew.core.session import LicenceView, ProductSession
    from vb_renew.core.start_orders import StartOrders

log = logging.getLogger(__name__)

TOKEN_REJECTED = {"auth.token_expired", "auth.invalid_token"}
CLOCK_READ_MS = 1000  # the main window shows the simulated minute; a day may pass in seconds
CLOCK_STILL_READ_MS = 10000  # while the clock stands still (no open order): only QA moves it, and says so


class Connection(QObject):
    """Opens the installed product's session on its backend and keeps its licence current.

    Signals:
        ``connected(object)``: the :class:`~vb_renew.core.session.ProductSession`, once signed in.
        ``licenceChanged(object)``: a :class:`~vb_renew.core.session.LicenceView` other than the last one.
        ``statusChanged(str)``: what the main screen's connection banner says (``""``: nothing to say).
        ``connectionFailed(str)``: connecting failed and is retried by itself; the message for the user.
        ``dataFileFailed(object)``: the backend refused its data file (a
            :class:`~vb_renew.core.datafiles.DataFileError`); no retry.
        ``ordersFound(object)``: the :class:`~vb_renew.core.start_orders.StartOrders` found once connected.
        ``clockChanged(object)``: the simulated clock's ``now`` (an aware ``datetime``), at each read.

    ``pending`` holds the order being sent (resent at start), ``watched`` the orders seen open (announced at start
    if they ended meanwhile), ``credentials`` the keyring with a saved account login (whose orders are followed
    too; None: the default store). ``policy`` says how often it asks.
    """

    connected = Signal(object)
    licenceChanged = Signal(object)
    statusChanged = Signal(str)
    connectionFailed = Signal(str)
    dataFileFailed = Signal(object)
    ordersFound = Signal(object)
    clockChanged = Signal(object)

    def __init__(self, backend: ProductBackend, policy: PollPolicy | None = None, *,
                 pending: PendingOrders | None = None, watched: WatchedOrders | None = None,
                 credentials: CredentialStore | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.policy = policy or PollPolicy()
        self.pending = pending
        self.watched = watched
        self.credentials = credentials
        self.runner = TaskRunner(self)
        self.session: ProductSession | None = None
        self.view: LicenceView | None = None
        self._refreshing = False
        self._signing_in = False
        self._attempts = 0
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._connect)
        self._timer = QTimer(self)
        self._timer.setInterval(int(self.policy.licence_refresh * 1000))
        self._timer.timeout.connect(self.refresh)
        self._reading_clock = False
        self._read_clock_again = False  # asked while a reading was out (read_clock)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_READ_MS)
        self._clock_timer.timeout.connect(self.read_clock)

    # -- what it knows ---------------------------------------------------------

    @property
    def server(self) -> Any:
        """The embedded backend, when this app started one (None with ``--server``, or until it is up)."""
        return self.backend.server

    @property
    def retrying(self) -> bool:
        """Whether a reconnect is scheduled (connecting failed, and waiting may help)."""
        return self._retry.isActive()

    @property
    def refreshing(self) -> bool:
        """Whether a licence read is in flight."""
        return self._refreshing

    def base_url(self) -> str | None:
        """Where the backend is: the session's, else ``--server`` (None before the embedded one is up)."""
        return self.session.base_url if self.session is not None else self.backend.options.server_url

    def client(self) -> ApiClient:
        """A client with the current product token (a worker's own; tokens are renewed when they expire)."""
        return self.session.client()

    # -- connecting --------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        self.statusChanged.emit(QCoreApplication.translate("MainWindow", "サーバーに接続しています…"))
        self._connect()

    @Slot()
    def _connect(self) -> None:
        backend = self.backend

        def connect() -> tuple[ProductSession, LicenceView]:
            session = backend.open()
            return session, _read_licence(session)

        self.runner.submit(connect, self._connected, self._connect_failed)

    def _connected(self, result: tuple[ProductSession, LicenceView]) -> None:
        self.session, view = result
        self._attempts = 0
        self.statusChanged.emit("")
        self.connected.emit(self.session)
        self._show(view)
        self._timer.start()
        self._clock_timer.start()
        self.read_clock()
        self._find_orders()

    def _connect_failed(self, error: Exception) -> None:
        from vb_renew.core.datafiles import DataFileError

        if isinstance(error, DataFileError):  # the backend refused its data file: no retry, say which and why
            self.dataFileFailed.emit(error)
            return
        log.warning("could not reach the backend (attempt %d): %r", self._attempts + 1, error)
        if isinstance(error, EmbeddedStartError):
            message = QCoreApplication.translate(
                "MainWindow", "サーバーを起動できませんでした。自動的に再試行します。")
        else:
            message = error_text(error, retrying=True)
        self.statusChanged.emit(message)
        self.connectionFailed.emit(message)
        # Try again by itself: the embedded server may be slow to start, a shared one may be down.
        delay = self.policy.reconnect_backoff.delay(self._attempts, retry_after=getattr(error, "retry_after", None))
        assert delay is not None  # connecting retries without end
        self._attempts += 1
        self._retry.start(int(delay * 1000))

    def _find_orders(self) -> None:
        """Once connected: the pending order resent, then the orders to follow (the client core decides)."""
        session, pending, watched, store = self.session, self.pending, self.watched, self.credentials

        def find() -> StartOrders:
            from vb_renew.core.account import session_from_saved
            from vb_renew.core.start_orders import find_start_orders

            return find_start_orders(session.client, pending, watched,
                                     partial(session_from_saved, session.base_url, store))

        self.runner.submit(find, self._orders_found,
                           lambda error: log.warning("could not find the orders to follow: %r", error))

    def _orders_found(self, found: StartOrders) -> None:
        if found.placed:
            self.refresh()  # the licence now names its open order
        self.ordersFound.emit(found)

    # -- following the licence -------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        if self.session is None or self._refreshing:
            return  # one request in flight at a time
        self._refreshing = True
        self.runner.submit(partial(_read_licence, self.session), self._refreshed, self._refresh_failed)

    def order_ended(self, order: Order) -> None:
        """An order the app followed ended: show what it did to the licence at once, then read the licence again."""
        if self.view is not None:
            from vb_renew.core.session import with_order

            self._show(with_order(self.view, order))
        self.refresh()

    def _refreshed(self, view: LicenceView) -> None:
        self._refreshing = False
        self.statusChanged.emit("")
        self._show(view)

    def _refresh_failed(self, error: Exception) -> None:
        self._refreshing = False
        if getattr(error, "code", None) in TOKEN_REJECTED:
            self._sign_in_again()
            return
        self.statusChanged.emit(error_text(error, retrying=True))

    def _sign_in_again(self) -> None:
        """The product's token expired (tokens last hours; the app may run for days): sign in again."""
        if self._signing_in or self.session is None:
            return
        self._signing_in = True
        self.runner.submit(self.backend.open, self._signed_in_again, self._sign_in_failed)

    def _signed_in_again(self, session: ProductSession) -> None:
        self._signing_in = False
        self.session = session
        self.refresh()

    def _sign_in_failed(self, error: Exception) -> None:
        self._signing_in = False
        self.statusChanged.emit(error_text(error, retrying=True))

    def _show(self, view: LicenceView) -> None:
        if view == self.view:
            return
        self.view = view
        self.licenceChanged.emit(view)

    # -- the simulated clock ------------------------------------------------------

    @Slot()
    def read_clock(self) -> None:
        """Read the simulated clock now (one request in flight); ``clockChanged`` says it. Asked while a reading
        is out, it reads again once that one is back: its answer may be from before what the ask is about."""
        if self.session is None:
            return
        if self._reading_clock:
            self._read_clock_again = True
            return
        self._reading_clock = True
        self.runner.submit(partial(_read_now, self.session), self._clock_read, self._clock_failed)

    def _clock_read(self, health: Health) -> None:
        self._reading_clock = False
        if self._read_clock_again:
            self._read_clock_again = False
            self.read_clock()
        # A clock that stands still is read seldom (idle cost); an order placed or a QA action reads it at once.
        self._clock_timer.setInterval(CLOCK_READ_MS if health.clock_running else CLOCK_STILL_READ_MS)
        self.clockChanged.emit(health.now)

    def _clock_failed(self, error: Exception) -> None:
        self._reading_clock = self._read_clock_again = False  # the licence's refresh says what is wrong; the
        # clock shows its last reading
        log.debug("could not read the simulated clock: %r", error)

    # -- shutdown --------------------------------------------------------------

    def shutdown(self) -> None:
        """Ask nothing more, wait for the workers, then stop the embedded backend (if this app started one)."""
        self._timer.stop()
        self._clock_timer.stop()
        self._retry.stop()
        self.runner.shutdown()
        self.backend.close()


def _read_licence(session: ProductSession) -> LicenceView:
    """Worker thread (the client core is imported there, off the UI thread)."""
    from vb_renew.core.session import read_licence

    return read_licence(session)


def _read_now(session: ProductSession) -> Health:
    """Worker thread: the simulated clock's now, and whether it runs, from ``/health``."""
    client = session.client()
    try:
        return client.health()
    finally:
        client.close()
