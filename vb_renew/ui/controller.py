"""Connects the main window to the backend.

The window is on screen first; then, on a worker thread, the embedded backend
starts (or a remote one is used), the installed product signs in, and the
licence is read. The licence shown follows the backend by a timer, one request
in flight at a time.

Orders in progress (S10–S12): every open slip order gets a
:class:`~vb_renew.ui.waiting.WaitingPage` that follows it on its own poll runner
from the moment it is known (placed on S9, or found by ``GET /orders`` on start),
whether or not it is on screen, so the extension is noticed (tray, main window's
date) wherever the user is. S1 shows 「お申し込み手続き中です」 with a link to each
page. On start the app stays on S1 for an open order (the product's main screen
comes first); an order that was extended or lapsed while the app was closed (it
is in :class:`~vb_renew.core.poller.WatchedOrders`) is announced and its page
opened directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from vb_renew import paths
from vb_renew.core.poller import PollPolicy
from vb_renew.rules.lifecycle import OrderState
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import error_text

if TYPE_CHECKING:
    from vb_renew.core.credentials import CredentialStore

log = logging.getLogger(__name__)

TOKEN_REJECTED = {"auth.token_expired", "auth.invalid_token"}


class EmbeddedStartError(RuntimeError):
    """The embedded backend did not come up in time (raised by a ``start_backend``)."""


@dataclass
class Options:
    server_url: str | None = None  # None: start the embedded backend (the controller's ``start_backend``)
    sim_token: str | None = None
    scenario: str | None = None  # seeds a new database; with ``reset`` replaces the world of an existing one
    seconds_per_day: float | None = None
    reset: bool = False
    expired_base: str | None = None  # embedded backend: confirmation_date (default) or old_expiry


class AppController(QObject):
    """Starts the backend beside the window and keeps the window's licence current.

    Signals: ``connected(object)`` with the ProductSession, ``licenceChanged(object)`` with the
    LicenceView, ``connectionFailed(str)`` with a message for the user.

    ``policy`` says how often it asks the backend: the retries when connecting, the licence's refresh
    (the simulated today moves fast; an order's change refreshes at once), and every order's polls.

    Its collaborators come from the start-up module (``vb_renew.startup``): ``start_backend(options)``, called
    on a worker when ``options.server_url`` is None, starts the embedded backend and returns it (an object with
    ``url``, ``sim_token`` and ``stop()``; an ``EmbeddedStartError`` if it does not come up); ``credentials``
    is the keyring wrapper that holds a saved account login (a new ``CredentialStore`` if None).
    """

    connected = Signal(object)
    licenceChanged = Signal(object)
    connectionFailed = Signal(str)

    def __init__(self, window: MainWindow, options: Options, parent: QObject | None = None,
                 notifier=None, policy: PollPolicy | None = None, *,
                 start_backend: Callable[[Options], Any] | None = None,
                 credentials: CredentialStore | None = None) -> None:
        super().__init__(parent)
        if options.server_url is None and start_backend is None:
            raise ValueError("no backend: give options.server_url or a start_backend")
        self.window = window
        self.options = options
        self.start_backend = start_backend
        self.credentials = credentials
        self.policy = policy or PollPolicy()
        self.runner = TaskRunner(self)
        # Order polls hold a long poll for up to ~20 s: their own threads, so they never queue the UI's work.
        self.poll_runner = TaskRunner(self)
        self.notifier = notifier  # notifier(title, message); None: the system tray (built on first use)
        self.waiting: dict[str, Any] = {}  # order id -> WaitingPage, newest first
        self.session = None
        self.view = None
        self.server = None  # the embedded backend, when start_backend started one
        self._refreshing = False
        self._signing_in = False
        self._attempts = 0
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._reconnect)
        self._timer = QTimer(self)
        self._timer.setInterval(int(self.policy.licence_refresh * 1000))
        self._timer.timeout.connect(self.refresh)
        self.wizard = None
        self.account_route = None
        self._opening_wizard = False
        window.home.accountRouteClicked.connect(self.show_account_route)
        window.account_info.renewClicked.connect(self.renew_installed_product)
        window.home.orderLinkClicked.connect(self.show_waiting)

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
            if self.server is None:
                self.server = self.start_backend(self.options)
            url, sim_token = self.server.url, self.server.sim_token
        session = sign_in_installed_product(url, sim_token)
        return session, read_licence(session)

    @Slot()
    def _reconnect(self) -> None:
        self.runner.submit(self._connect, self._on_connected, self._on_connect_failed)

    def _on_connected(self, result: tuple[Any, Any]) -> None:
        self.session, view = result
        self._attempts = 0
        self.window.home.set_connection_message("")
        self.connected.emit(self.session)
        self._show(view)
        self._timer.start()
        self._resend_pending_order()
        self._find_orders()

    def client(self):
        """A client with the current product token (a worker's own; tokens are renewed when they expire)."""
        return self.session.client()

    def _pending(self):
        from vb_renew.core.pending import PendingOrders

        return PendingOrders(paths.get().data)

    def _resend_pending_order(self) -> None:
        """An order whose answer never arrived (crash, kill, lost connection) is sent again, same key.

        ``core.submission`` decides: a transient failure keeps it for the next start; a refusal is reconciled
        with the open order of its serials (followed here) or dropped (the user is told), never sent again.
        """
        from vb_renew.core.submission import resend_pending

        session, pending = self.session, self._pending()
        self.runner.submit(lambda: resend_pending(session.client, pending), self._resent,
                           lambda error: log.warning("pending order not sent yet: %r", error))

    def _resent(self, outcome) -> None:
        from vb_renew.core.submission import Placed, Reconciled, Reconciliation

        if isinstance(outcome, Placed):
            self.refresh()
            self.watch_order(outcome.order)
        elif isinstance(outcome, Reconciled) and outcome.order is not None:
            page = self.watch_order(outcome.order)  # the order already open for its serial, found again
            if page is not None and self.window.stack.currentWidget() is self.window.home:
                self.show_waiting(str(outcome.order["id"]))
        elif isinstance(outcome, Reconciled):
            title = QCoreApplication.translate("MainWindow", "前回のお申し込みについて")
            if outcome.reason == Reconciliation.ELSEWHERE:
                message = QCoreApplication.translate(
                    "MainWindow", "前回送信できなかったお申し込みは、このシリアル番号に別のお申し込みが手続き中のため、"
                    "送信を取りやめました。")
            else:
                message = QCoreApplication.translate(
                    "MainWindow", "前回送信できなかったお申し込みは受け付けられず、手続き中のお申し込みもないため、"
                    "送信を取りやめました。必要な場合はもう一度お申し込みください。")
            self.window.home.set_connection_message(message)  # the tray may not exist: the window says it too
            self._notifier()(title, message)
        elif outcome is not None:
            log.warning("pending order not placed yet: %r", outcome)

    def _on_connect_failed(self, error: Exception) -> None:
        log.warning("could not reach the backend (attempt %d): %r", self._attempts + 1, error)
        if isinstance(error, EmbeddedStartError):
            message = QCoreApplication.translate(
                "MainWindow", "サーバーを起動できませんでした。自動的に再試行します。")
        else:
            message = error_text(error)
        self.window.home.set_connection_message(message)
        self.connectionFailed.emit(message)
        # Try again by itself: the embedded server may be slow to start, a shared one may be down.
        delay = self.policy.reconnect_backoff.delay(self._attempts, retry_after=getattr(error, "retry_after", None))
        assert delay is not None  # connecting retries without end
        self._attempts += 1
        self._retry.start(int(delay * 1000))

    # -- the renewal wizard and the account route --------------------------------

    @Slot()
    def renew_installed_product(self) -> None:
        """「今すぐ更新」 on お客さま情報: the wizard for the account's renewable serials, this PC's first."""
        if self.session is None or self._opening_wizard:
            return
        self._opening_wizard = True
        session = self.session

        def renewable_serials() -> list[str]:
            client = session.client()
            try:
                licences = client.licences()
            finally:
                client.close()
            serials = [lic["serial"] for lic in licences if lic.get("renewable") and not lic.get("open_order")]
            if session.serial not in serials:
                serials.insert(0, session.serial)  # the wizard shows why it cannot be renewed
            return sorted(serials, key=lambda s: s != session.serial)

        def opened(serials: list[str]) -> None:
            self._opening_wizard = False
            self.open_wizard(self.client, serials, session.email)

        def failed(error: Exception) -> None:
            self._opening_wizard = False
            from vb_renew.ui.messages import show_message

            show_message(self.window, "renewErrorMessage",
                         QCoreApplication.translate("MainWindow", "契約更新"), error_text(error))

        self.runner.submit(renewable_serials, opened, failed)

    def open_wizard(self, client_factory, serials: list[str], email: str | None) -> None:
        from vb_renew.ui.wizard import RenewalWizard

        if self.wizard is None:
            self.wizard = RenewalWizard(self.runner, self._pending(), self.window)
            self.wizard.cancelled.connect(self._leave_wizard)
            self.wizard.finished.connect(self._leave_wizard)
            self.wizard.orderPlaced.connect(lambda _order: self.refresh())
            self.wizard.orderPlaced.connect(self._watch_order_of_wizard)
            self.wizard.paymentStatusRequested.connect(self._show_order_of_wizard)
        self.window.show_page(self.wizard)
        self.wizard.start(client_factory, serials, email)

    @Slot()
    def _leave_wizard(self) -> None:
        self.window.show_home()
        self.refresh()

    @Slot()
    def show_account_route(self) -> None:
        """The Trend Micro account route (S3), for a PC without the product."""
        if self.account_route is None:
            from vb_renew.ui.account_route import AccountRoutePage

            def base_url() -> str | None:
                if self.session is not None:
                    return self.session.base_url
                return self.options.server_url

            self.account_route = AccountRoutePage(self.runner, base_url, self.window, credentials=self.credentials)
            self.account_route.backRequested.connect(self.window.show_home)
            self.account_route.renewRequested.connect(
                lambda factory, serials: self.open_wizard(factory, list(serials), None))
        self.window.show_page(self.account_route)

    # -- orders in progress (S10–S12) ---------------------------------------------

    def _watched(self):
        from vb_renew.core.poller import WatchedOrders

        return WatchedOrders(paths.get().data)

    def _find_orders(self) -> None:
        """On start: every open order of this account, and those that ended while the app was closed.

        Orders placed on the account route for another account are found too when that login was
        saved (「ログイン情報を保存」): they are followed with that account's token.
        """
        session, watched = self.session, self._watched()

        def find() -> tuple[list[dict], list[dict], Any, set[str]]:
            from vb_renew.core.poller import sort_start_orders

            client = session.client()
            try:
                orders = client.orders()
            finally:
                client.close()
            account, account_ids = self._saved_account_orders(session.base_url, {str(o["id"]) for o in orders},
                                                              self.credentials)
            orders += list(account_ids.values())
            open_orders, finished = sort_start_orders(orders, watched.load())
            watched.add(*[str(o["id"]) for o in open_orders])
            return open_orders, finished, account, set(account_ids)

        self.runner.submit(find, self._orders_found, lambda error: log.warning("could not list orders: %r", error))

    @staticmethod
    def _saved_account_orders(base_url: str, known: set[str],
                              store: CredentialStore | None = None) -> tuple[Any, dict[str, dict]]:
        """Worker thread: the saved account login's orders that the product's session does not see."""
        from vb_renew.core.account import session_from_saved
        from vb_renew.core.credentials import CredentialError
        from vb_renew.core.errors import ApiError

        try:
            account = session_from_saved(base_url, store)
            if account is None:
                return None, {}
            client = account.client()
            try:
                orders = client.orders()
            finally:
                client.close()
        except (CredentialError, ApiError) as error:  # no keyring, an expired login: nothing more to follow
            log.info("no orders of a saved account login: %r", error)
            return None, {}
        return account, {str(o["id"]): o for o in orders if str(o["id"]) not in known}

    def _orders_found(self, found: tuple[list[dict], list[dict], Any, set[str]]) -> None:
        open_orders, finished, account, account_ids = found

        def factory(order: dict):
            return account.client if str(order["id"]) in account_ids else None

        for order in reversed(open_orders):  # oldest first: the newest ends up first in the banner
            self.watch_order(order, factory(order))
        for order in reversed(finished):
            page = self.watch_order(order, factory(order))
            if page is not None:
                page.announce()  # tray; extended -> refresh; forgets it in WatchedOrders
        if finished and self.window.stack.currentWidget() is self.window.home:
            self.show_waiting(str(finished[0]["id"]))  # the renewal completed (or lapsed) meanwhile: say so

    def _notifier(self):
        if self.notifier is None:
            from vb_renew.ui.waiting import TrayNotifier

            self.notifier = TrayNotifier(self)
        return self.notifier

    @Slot(object)
    def _watch_order_of_wizard(self, order: dict) -> None:
        # With the wizard's own clients: an order placed on the account route belongs to that account.
        self.watch_order(order, self.wizard.client_factory if self.wizard is not None else None)

    def watch_order(self, order: dict | None, client_factory=None):
        """Follow a slip order (placed, resent or found on start); the page, or None for another kind."""
        if not order or order.get("payment_method") != "slip":
            return None
        if client_factory is None and self.session is None:
            return None
        order_id = str(order["id"])
        page = self.waiting.get(order_id)
        if page is not None:
            page.set_order(order)
            return page
        from functools import partial

        from vb_renew.ui.waiting import WaitingPage

        page = WaitingPage(self.poll_runner, client_factory or self.client, order,
                           notifier=self._notifier(), policy=self.policy, parent=self.window.stack)
        self.window.stack.addWidget(page)
        page.extended.connect(self._order_ended)
        page.lapsed.connect(self._order_ended)
        page.refreshRequested.connect(self.refresh)
        page.closeRequested.connect(partial(self._leave_waiting, order_id))
        page.applyAgainRequested.connect(partial(self._apply_again, order_id))
        page.orderChanged.connect(lambda _order: self._update_order_banner())
        self.waiting = {order_id: page, **self.waiting}
        if order.get("open"):
            watched = self._watched()
            self.runner.submit(lambda: watched.add(order_id))
        page.start()
        self._update_order_banner()
        return page

    @Slot(str)
    def show_waiting(self, order_id: str) -> None:
        page = self.waiting.get(order_id)
        if page is not None:
            page.show_status()
            self.window.show_page(page)

    @Slot(object)
    def _show_order_of_wizard(self, order: dict) -> None:
        page = self.watch_order(order, self.wizard.client_factory if self.wizard is not None else None)
        if page is not None:
            self.window.show_page(page)
            self.refresh()

    @Slot(object)
    def _order_ended(self, order: dict) -> None:
        """Extended (S12) or lapsed: the main window re-reads its date; the order need not be remembered."""
        self.refresh()
        watched, order_id = self._watched(), str(order.get("id"))
        self.runner.submit(lambda: watched.forget(order_id))
        self._update_order_banner()

    def _leave_waiting(self, order_id: str) -> None:
        """「メイン画面に戻る」: a finished order's page is dropped; an open one keeps following its order."""
        self.window.show_home()
        page = self.waiting.get(order_id)
        if page is not None and page.watcher.done:
            self._drop_waiting(order_id)
        self._update_order_banner()

    def _drop_waiting(self, order_id: str) -> None:
        page = self.waiting.pop(order_id, None)
        if page is not None:
            page.close_for_good()
            self.window.stack.removeWidget(page)
            page.deleteLater()

    def _apply_again(self, order_id: str, serials: list[str]) -> None:
        """「もう一度申し込む」 on a lapsed order: the wizard again for its serials, as the account that ordered."""
        session, page = self.session, self.waiting.get(order_id)
        factory = page.client_factory if page is not None else self.client
        email = (page.order.get("customer") or {}).get("email") if page is not None else None
        self._drop_waiting(order_id)
        self._update_order_banner()
        if session is None:
            return
        self.open_wizard(factory, list(serials) or [session.serial], email or session.email)

    def _update_order_banner(self) -> None:
        links, open_count = [], 0
        for order_id, page in self.waiting.items():
            order = page.order
            number = str(order.get("number") or order_id)
            state = order.get("state")
            if state == OrderState.EXTENDED:
                text = QCoreApplication.translate("MainWindow", "契約更新が完了しました（{number}）").format(number=number)
            elif state == OrderState.LAPSED:
                text = QCoreApplication.translate("MainWindow", "お支払い期限が過ぎました（{number}）").format(number=number)
            else:
                open_count += 1
                text = QCoreApplication.translate("MainWindow", "お支払い状況を確認する（{number}）").format(number=number)
            links.append((order_id, text))
        if open_count > 1:
            title = QCoreApplication.translate("MainWindow", "お申し込み手続き中です（{count}件）").format(count=open_count)
        elif open_count == 1:
            title = QCoreApplication.translate("MainWindow", "お申し込み手続き中です")
        else:
            title = QCoreApplication.translate("MainWindow", "お申し込みの手続きが終わりました")
        self.window.home.set_order_links(title, links)

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
        if getattr(error, "code", None) in TOKEN_REJECTED:
            self._sign_in_again()
            return
        self.window.home.set_connection_message(error_text(error))

    def _sign_in_again(self) -> None:
        """The product's token expired (tokens last hours; the app may run for days): sign in again."""
        if self._signing_in or self.session is None:
            return
        from vb_renew.core.session import sign_in_installed_product

        self._signing_in = True
        url, sim_token = self.session.base_url, self.session.sim_token

        def signed_in(session: Any) -> None:
            self._signing_in = False
            self.session = session
            self.refresh()

        def failed(error: Exception) -> None:
            self._signing_in = False
            self.window.home.set_connection_message(error_text(error))

        self.runner.submit(lambda: sign_in_installed_product(url, sim_token), signed_in, failed)

    def _show(self, view: Any) -> None:
        if view == self.view:
            return
        self.view = view
        product_name = view.licence.get("product_name") or self.window.header.title.text()
        self.window.header.set_product_name(product_name)
        self.window.setWindowTitle(product_name)
        self.window.home.show_licence(view.licence, view.today)
        self.window.account_info.show_licence(view.licence, self.session.email if self.session else None)
        self.licenceChanged.emit(view)

    # -- shutdown --------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop polling, wait for workers, stop the embedded backend.

        Order polls may be holding a long poll: the embedded backend is stopped before their runner
        is joined, which cuts a held poll after uvicorn's one second of grace.
        """
        self._timer.stop()
        self._retry.stop()
        for page in self.waiting.values():
            page.close_for_good()
        self.runner.shutdown()
        if self.server is not None:
            self.server.stop()
            self.server = None
        self.poll_runner.shutdown()
