"""AppController: the main window's navigation: S1, お客さま情報, the renewal wizard, the account route, S10–S12.

It opens no connection and follows no order itself (it asks the backend only for the serials the wizard starts
with, and for an open order S2 or S4 links to that the tracker does not follow yet). What it shows comes from
two objects it holds:

- the :class:`~vb_renew.ui.connection.Connection` (the backend the start-up module hands in, the installed
  product's session, its licence, and the orders found at start), whose signals it wires to the window (S1's
  banner, the licence: ``MainWindow.show_licence``) and turns into the start-up failure page and the waiting
  pages of the orders found;
- the :class:`~vb_renew.ui.tracking.OrderTracker`, which follows every slip order from the moment it is known
  (placed on S9, resent, or found by ``GET /orders`` on start), whether or not its page is on screen, so the
  extension is noticed (tray, main window's date) wherever the user is.

Each such order has a :class:`~vb_renew.ui.waiting.WaitingPage` in the window's stack, a view of the tracker's
order; S1 shows 「お申し込み手続き中です」 with a link to each page, read from the tracker too. On start the app
stays on S1 for an open order (the product's main screen comes first); an order that was extended or lapsed while
the app was closed (it is in :class:`~vb_renew.core.poller.WatchedOrders`) is announced and its page opened
directly (:class:`~vb_renew.core.start_orders.StartOrders` says which).

Over 400 lines: the routes between its pages (S1, S2, the wizard, the account route, the waiting pages, and back
to where each was opened), and the wizard built ahead in slices once S2 or ライセンス管理 has painted, so that its
first opening is a page switch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot

from vb_renew import paths
from vb_renew.core.pending import PendingOrders
from vb_renew.core.poller import PollPolicy, WatchedOrders
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.payment import PaymentMethod
from vb_renew.ui.connection import Connection
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.options_ahead import OptionsReadAhead
from vb_renew.ui.qa_panel import QaWorkbench
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.tracking import OrderTracker
from vb_renew.ui.turns import InTurns

if TYPE_CHECKING:
    from vb_renew.core.api import ApiClient
    from vb_renew.core.backend import ProductBackend
    from vb_renew.core.credentials import CredentialStore
    from vb_renew.core.data import Order, RenewalOptions
    from vb_renew.core.session import LicenceView, ProductSession
    from vb_renew.core.start_orders import StartOrders
    from vb_renew.core.submission import Reconciliation
    from vb_renew.ui.waiting import WaitingPage

log = logging.getLogger(__name__)


class AppController(QObject):
    """The main window's pages: which one is on screen, and what S1 says about the licence and the orders.

    Its collaborators come from the start-up module (``vb_renew.startup``): ``backend`` opens the installed
    product's session (the ``--server`` URL, or the embedded backend it starts on a worker); ``credentials`` is
    the keyring wrapper that holds a saved account login (a new ``CredentialStore`` if None). ``policy`` says how
    often the app asks the backend: the retries when connecting, the licence's refresh, every order's polls.
    ``notifier(title, message)`` is the tray (None: the system tray, built on first use).

    ``session``, ``view``, ``server``, ``client()``, ``start()`` and ``refresh()`` are the connection's.
    """

    def __init__(self, window: MainWindow, backend: ProductBackend, parent: QObject | None = None,
                 notifier=None, policy: PollPolicy | None = None, *,
                 credentials: CredentialStore | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.credentials = credentials
        self.policy = policy or PollPolicy()
        self.runner = TaskRunner(self)
        data = paths.get().data
        self.pending = PendingOrders(data)  # the order being sent: the wizard writes it, the connection resends it
        # Every order followed, polled on its own threads; the pages, the banner and the tray read it.
        self.tracker = OrderTracker(self.policy, watched=WatchedOrders(data), parent=self)
        self.tracker.changed.connect(self._update_order_banner)
        self.tracker.forgotten.connect(self._update_order_banner)
        self.tracker.ended.connect(self._tell_order_ended)
        self.connection = Connection(backend, self.policy, pending=self.pending, watched=self.tracker.watched,
                                     credentials=credentials, parent=self)
        self.connection.statusChanged.connect(window.home.set_connection_message)
        self.connection.licenceChanged.connect(window.show_licence)
        self.tracker.ended.connect(self.connection.order_ended)  # S1 shows what an order did to the licence
        self.connection.dataFileFailed.connect(self._show_data_file_failure)
        self.connection.ordersFound.connect(self._follow_start_orders)
        self.connection.clockChanged.connect(window.show_simulated_clock)
        self.options_ahead = OptionsReadAhead(self.runner, self.connection, self.tracker, self)  # read on S2
        self.tracker.changed.connect(lambda _order: self.connection.read_clock())  # an order may start the clock
        self.notifier = notifier  # notifier(title, message); None: the system tray (built on first use)
        self.waiting: dict[str, WaitingPage] = {}  # order id -> its page, newest first
        self.wizard = None
        # The wizard built ahead (_build_wizard_ahead), a part at each turn; held from a click that opens it until
        # it has painted (or will not show).
        self._ahead = InTurns(self)
        self._preview: Any = None  # the options read ahead for 「今すぐ更新」, until the wizard is whole to show them
        self.account_route = None
        self._opening_wizard = False
        self._wizard_origin = None  # the page キャンセル goes back to (open_wizard)
        self._wizard_opened_from = None  # the page on screen when it was opened: shown from there only
        self._reading_orders: set[str] = set()  # open orders being read to show their page (show_open_order)
        window.home.accountRouteClicked.connect(self.show_account_route)
        window.account_info.renewClicked.connect(self.renew_installed_product)
        window.home.orderLinkClicked.connect(self.show_waiting)
        window.account_info.orderStatusRequested.connect(self.show_open_order)
        window.stack.currentChanged.connect(self._page_shown)
        self.qa = QaWorkbench(self, self)  # the 「QA」 menu (Ctrl+Shift+Q) and its panel, built when first opened

    # -- the connection's ------------------------------------------------------

    @property
    def session(self) -> ProductSession | None:
        return self.connection.session

    @property
    def view(self) -> LicenceView | None:
        return self.connection.view

    @property
    def server(self) -> Any:
        """The embedded backend, when this app started one."""
        return self.connection.server

    def client(self) -> ApiClient:
        """A client with the current product token (a worker's own; tokens are renewed when they expire)."""
        return self.connection.client()

    @Slot()
    def start(self) -> None:
        self.connection.start()

    @Slot()
    def refresh(self) -> None:
        self.connection.refresh()

    @Slot(object)
    def _show_data_file_failure(self, error: Exception) -> None:
        """The backend refused its data file: a page says which and why, instead of retrying."""
        from vb_renew.ui.startup_failure import show_startup_failure

        show_startup_failure(self.window, self.runner, error, self.start)

    # -- the renewal wizard and the account route --------------------------------

    @Slot()
    def renew_installed_product(self) -> None:
        """「今すぐ更新」 on お客さま情報: the wizard for the account's renewable serials, this PC's first."""
        if self.session is None or self._opening_wizard:
            return
        ahead = self.options_ahead.take()
        if ahead is not None:  # read since this S2 painted: S5 at once, no request
            self.open_wizard(self.client, list(ahead.serials), self.session.email, options=ahead.options)
            return
        self._opening_wizard = True
        self._ahead.hold()
        session, origin = self.session, self.window.stack.currentWidget()

        def opened(serials: list[str]) -> None:
            self._opening_wizard = False
            if self.window.stack.currentWidget() is origin:  # not if the user has gone elsewhere meanwhile
                self.open_wizard(self.client, serials, session.email)
            else:
                self._ahead.resume()

        def failed(error: Exception) -> None:
            self._opening_wizard = False
            self._ahead.resume()
            from vb_renew.ui.messages import show_error

            show_error(self.window, "renewErrorMessage", error)  # titled by its kind: offline, server, refused

        from vb_renew.core.session import serials_to_renew

        self.runner.submit(lambda: serials_to_renew(session), opened, failed)

    def open_wizard(self, client_factory, serials: list[str], email: str | None, origin=None,
                    options: RenewalOptions | None = None) -> None:
        """The wizard for ``serials``; キャンセル goes back to ``origin``, the page the user came from: by default
        S2 お客さま情報 if it is on screen (「今すぐ更新」 was clicked there), else S1. ``options``: their renewal
        options, read ahead (``RenewalWizard.start``)."""
        from vb_renew.ui.account_info import AccountInfoPage

        if self.wizard is None:  # what is left of it, now; its pages' warming up waits until it has painted
            if not self._ahead.running:
                self._ahead.start(self._wizard_parts())
            self._ahead.run_until(lambda: self.wizard is not None)
        self._ahead.hold()
        current = self.window.stack.currentWidget()
        if origin is None and current is not self.wizard:
            origin = current if isinstance(current, AccountInfoPage) else self.window.home
        if origin is not None:
            self._wizard_origin = origin
        # Shown when it asks (wantsShowing: its first page, or a while loading): until then the page it was opened
        # from stays, and a quick load goes from there straight to that page.
        self._wizard_opened_from = current
        self.wizard.start(client_factory, serials, email, options=options)

    @Slot()
    def _show_wizard(self) -> None:
        """The wizard started hidden has a page to show: shown, unless the user has left the page it was opened
        from meanwhile (then it stops)."""
        if self.wizard is None or self.wizard.isVisible():
            self._ahead.resume()
            return
        if self.window.stack.currentWidget() is not self._wizard_opened_from:
            self.wizard.stop_loading()
            self._ahead.resume()
            return
        self.window.show_page(self.wizard)
        self.wizard.take_focus()
        self._ahead.resume(after_painting=self.wizard)

    @Slot(int)
    def _page_shown(self, index: int) -> None:
        page = self.window.stack.widget(index)
        s2 = page is self.window.account_info
        if s2 or (self.wizard is None and page is not None and page is self.account_route):
            from vb_renew.ui.app import AfterFirstPaint

            # The wizard opens from here (「今すぐ更新」, a licence's 「更新」): what S2's would open read ahead, and
            # the wizard built, once this page has painted.
            AfterFirstPaint(page, lambda: self._opening_page_painted(s2))

    def _opening_page_painted(self, s2: bool) -> None:
        building = self.wizard is None and not self._ahead.running
        if (s2 or building) and self.session is not None:  # what 「今すぐ更新」 opens; its pages built with the wizard
            preview = self.wizard is None
            self.options_ahead.read(self.session, self.client,
                                    lambda ahead: self._preview_read(ahead.options) if preview else None)
        if building:
            self._build_wizard_ahead()

    @property
    def building_ahead(self) -> bool:
        """The wizard's build ahead has steps left (held or not): its pages are not all laid out and painted yet."""
        return self._ahead.running

    def _build_wizard_ahead(self) -> None:
        """Build the wizard while the app is idle, once a page it opens from shows (S2 お客さま情報, ライセンス管理),
        a part at each turn of the event loop: opening it then only switches pages, and no page stalls for it. Not
        on S1: the wizard's ~8 MiB are spent only on the way to it."""
        if self.wizard is None and not self._ahead.running:
            self._ahead.start(self._wizard_parts())

    def _wizard_parts(self) -> Iterator[None]:
        """The renewal options 「今すぐ更新」 would open the wizard with, asked for first (a worker; the network works
        while the UI thread builds). Then the wizard's modules one by one, its long documents asked for (a worker),
        its parts (:meth:`RenewalWizard.build_part`), and into the window's stack, hidden: ``self.wizard`` once
        whole. Then the pages those options need built (S5 first: the page it opens on) and every page laid out and
        painted offscreen, with its documents when they were read by then (:mod:`vb_renew.ui.wizard.ahead`)."""
        import importlib

        from vb_renew.ui import wizard as package

        for module in package.MODULES:
            importlib.import_module(module)
            yield
        from vb_renew.ui.wizard.loading import read_texts

        texts: list[tuple[str, str]] = []  # the long documents (disk), set before the pages are painted ahead
        self.runner.submit(read_texts, texts.append, lambda _error: None)
        from vb_renew.core.draft import DraftStore
        from vb_renew.ui.leave_guard import CloseGuard
        from vb_renew.ui.wizard import RenewalWizard

        # The draft beside the pending-order file: in the data folder this controller was built with.
        wizard = RenewalWizard(self.runner, self.pending, self.window.stack,
                               drafts=DraftStore(self.pending.path.parent), in_parts=True)
        yield
        while not wizard.build_part():
            yield
        self.window.stack.addWidget(wizard)  # hidden
        CloseGuard(self.window, wizard)  # closing the window with input not sent asks first
        wizard.cancelled.connect(self._leave_wizard)
        wizard.finished.connect(self._leave_wizard)
        # Followed from the moment the server placed it (while S8 still says so), not once S9 shows; its page
        # (S10) is built, and S1's licence read again, once S8 has painted.
        wizard.order_sender.placed.connect(self._follow_order_of_wizard)
        wizard.orderShown.connect(self._watch_order_of_wizard)
        wizard.orderShown.connect(lambda _order: self.refresh())
        wizard.paymentStatusRequested.connect(self._show_order_of_wizard)
        wizard.openOrderRequested.connect(self._show_open_order_of_wizard)
        wizard.wantsShowing.connect(self._show_wizard)
        self.wizard = wizard
        yield
        from vb_renew.ui.wizard import ahead

        preview, self._preview = self._preview, None
        if preview is not None:  # read meanwhile: its pages first
            yield from ahead.preview_parts(wizard, preview, self.window.stack.size())
        yield from ahead.warm_up(wizard, self.window.stack.size(), texts[0] if texts else None)

    def _preview_read(self, options: Any) -> None:
        """The options read ahead: their pages built now if the wizard is whole (a part at each turn), else once it
        is (:meth:`_wizard_parts`)."""
        if self.wizard is None:
            self._preview = options
        else:
            from vb_renew.ui.wizard import ahead

            ahead.preview(self.wizard, options, self.window.stack.size())

    @Slot()
    def _leave_wizard(self) -> None:
        """キャンセル: back where the wizard was opened from (S2, ライセンス管理, S1); after the order
        (「メイン画面に戻る」 on S9), S1."""
        origin = self._wizard_origin
        placed = self.wizard is not None and self.wizard.order is not None
        if placed or origin is None or origin is self.window.home or self.window.stack.indexOf(origin) < 0:
            self.window.show_home()
        else:
            self.window.show_page(origin)
        self.refresh()

    @Slot()
    def show_account_route(self) -> None:
        """The Trend Micro account route (S3), for a PC without the product."""
        if self.account_route is None:
            from vb_renew.ui.account_route import AccountRoutePage

            self.account_route = AccountRoutePage(self.runner, self.connection.base_url, self.window,
                                                  credentials=self.credentials)
            self.account_route.backRequested.connect(self.window.show_home)
            self.account_route.renewRequested.connect(  # キャンセル comes back to ライセンス管理
                lambda factory, serials: self.open_wizard(factory, list(serials), None, origin=self.account_route))
        self.window.show_page(self.account_route)

    # -- orders in progress (S10–S12) ---------------------------------------------

    @Slot(object)
    def _follow_start_orders(self, found: StartOrders) -> None:
        """On start (the connection's ``ordersFound``): follow each order found, announce those that ended
        meanwhile, say why a pending order was dropped, and open the page the core chose while S1 is on."""
        for order in reversed(found.open):  # oldest first: the newest ends up first in the banner
            self.watch_order(order, found.client_factory(order))
        for order in reversed(found.finished):
            if self.watch_order(order, found.client_factory(order)) is not None:
                self.tracker.announce(order.id)  # tray; extended -> refresh; forgets it in WatchedOrders
        if found.dropped is not None:
            self._say_pending_dropped(found.dropped)
        shown = found.to_show
        if shown is not None and self.window.stack.currentWidget() is self.window.home:
            self.show_waiting(shown.id)  # the renewal completed (or lapsed) meanwhile, or was found again: say so

    def _say_pending_dropped(self, reason: Reconciliation) -> None:
        from vb_renew.core.submission import Reconciliation

        title = QCoreApplication.translate("MainWindow", "前回のお申し込みについて")
        if reason == Reconciliation.ELSEWHERE:
            message = QCoreApplication.translate(
                "MainWindow", "前回送信できなかったお申し込みは、このシリアル番号に別のお申し込みが手続き中のため、"
                "送信を取りやめました。")
        elif reason == Reconciliation.EXPIRED:
            message = QCoreApplication.translate(
                "MainWindow", "前回送信できなかったお申し込みは、時間がたちすぎたため、二重のお申し込みにならないよう"
                "送信を取りやめました。有効期限が延びていない場合は、もう一度お申し込みください。")
        else:
            message = QCoreApplication.translate(
                "MainWindow", "前回送信できなかったお申し込みは受け付けられず、手続き中のお申し込みもないため、"
                "送信を取りやめました。必要な場合はもう一度お申し込みください。")
        self.window.home.set_connection_message(message)  # the tray may not exist: the window says it too
        self._notifier()(title, message)

    def _notifier(self):
        if self.notifier is None:
            from vb_renew.ui.waiting import TrayNotifier

            self.notifier = TrayNotifier(self)
        return self.notifier

    @Slot(object)
    def _follow_order_of_wizard(self, order: Order) -> None:
        # With the wizard's own clients: an order placed on the account route belongs to that account.
        self.watch_order(order, self.wizard.client_factory if self.wizard is not None else None, with_page=False)

    @Slot(object)
    def _watch_order_of_wizard(self, order: Order) -> None:
        """S8 has painted: the order's page (S10), built and then painted offscreen a strip at a time, so that
        「お支払い状況を確認する」 on S9 only switches pages."""
        page = self.watch_order(order, self.wizard.client_factory if self.wizard is not None else None)
        if page is not None and not page.isVisible():
            from vb_renew.ui.turns import in_turns
            from vb_renew.ui.wizard.ahead import paint_offscreen

            page.resize(self.window.stack.size())
            strips = paint_offscreen(page)
            QTimer.singleShot(0, page, lambda: in_turns(page, strips, lambda: not page.isVisible()))

    def watch_order(self, order: Order | None, client_factory=None, *, with_page: bool = True) -> WaitingPage | None:
        """Follow a slip order (placed, resent or found on start): the tracker polls it, a page shows it
        (``with_page=False``: not yet; :meth:`show_waiting` builds it if asked first).

        Returns its page, or None for another kind of order (or no page yet).
        """
        if order is None or order.payment_method is not PaymentMethod.SLIP:
            return None
        if client_factory is None and self.session is None:
            return None
        self.tracker.watch(order, client_factory or self.client)  # an order already followed: taken if newer
        if order.id not in self.tracker or not with_page:  # the app is quitting, or its page comes later
            return None
        page = self.waiting.get(order.id)
        if page is None:
            from functools import partial

            from vb_renew.ui.waiting import WaitingPage

            page = WaitingPage(self.tracker, order.id, self.runner, parent=self.window.stack)
            self.window.stack.addWidget(page)
            page.refreshRequested.connect(self.refresh)
            page.closeRequested.connect(partial(self._leave_waiting, order.id))
            page.applyAgainRequested.connect(partial(self._apply_again, order.id))
            self.waiting = {order.id: page, **self.waiting}
        return page

    @Slot(str)
    def show_waiting(self, order_id: str) -> None:
        page = self.waiting.get(order_id)
        if page is None and order_id in self.tracker:  # followed, its page not built yet (S8 is painting)
            page = self.watch_order(self.tracker.order(order_id), self.tracker.client_factory(order_id))
        if page is not None:
            page.show_status()
            self.window.show_page(page)

    @Slot(str)
    def show_open_order(self, order_id: str, client_factory=None) -> None:
        """「お支払い状況を確認する」 of a serial's open order (S2, S4): its page, at once when the order is followed;
        else it is read on a worker (as the account that can see it: ``client_factory``, else the installed
        product's), followed, and its page shown."""
        if order_id in self.waiting:
            self.show_waiting(order_id)
            return
        factory = client_factory or (self.client if self.session is not None else None)
        if factory is None or order_id in self._reading_orders:
            return
        self._reading_orders.add(order_id)

        def read() -> Order:
            from vb_renew.core.renewal_start import read_order

            return read_order(factory, order_id)

        def done(order: Order) -> None:
            self._reading_orders.discard(order_id)
            if self.watch_order(order, factory) is not None:
                self.show_waiting(order.id)

        def failed(error: Exception) -> None:
            self._reading_orders.discard(order_id)
            from vb_renew.ui.messages import show_error

            show_error(self.window, "openOrderErrorMessage", error)  # titled by its kind: offline, server, refused

        self.runner.submit(read, done, failed)

    @Slot(str)
    def _show_open_order_of_wizard(self, order_id: str) -> None:
        self.show_open_order(order_id, self.wizard.client_factory if self.wizard is not None else None)

    @Slot(object)
    def _show_order_of_wizard(self, order: Order) -> None:
        page = self.watch_order(order, self.wizard.client_factory if self.wizard is not None else None)
        if page is not None:
            self.window.show_page(page)
            self.refresh()

    @Slot(object)
    def _tell_order_ended(self, order: Order) -> None:
        """Extended (S12) or lapsed (the tracker's ``ended``): the tray says so (the connection shows the date)."""
        from vb_renew.ui.order_status import end_notice

        notice = end_notice(order)
        if notice is not None:
            try:
                self._notifier()(*notice)
            except Exception:  # a notification must never break the app
                log.exception("tray notification failed")

    def _leave_waiting(self, order_id: str) -> None:
        """「メイン画面に戻る」: a finished order's page is dropped; an open one keeps following its order."""
        self.window.show_home()
        if self.tracker.done(order_id):
            self._drop_waiting(order_id)

    def _drop_waiting(self, order_id: str) -> None:
        """Follow the order no more, and drop its page."""
        page = self.waiting.pop(order_id, None)
        self.tracker.forget(order_id)
        if page is not None:
            self.window.stack.removeWidget(page)
            page.deleteLater()

    def _apply_again(self, order_id: str, serials: list[str]) -> None:
        """「もう一度申し込む」 on a lapsed order: the wizard again for its serials, as the account that ordered."""
        session, order = self.session, self.tracker.order(order_id)
        factory = self.tracker.client_factory(order_id) or self.client
        email = order.customer.email if order is not None and order.customer is not None else None
        self._drop_waiting(order_id)
        if session is None:
            return
        self.open_wizard(factory, list(serials) or [session.serial], email or session.email, origin=self.window.home)

    def forget_all_orders(self) -> None:
        """A new world was loaded (the QA panel): the orders followed, and their pages, belonged to the old one."""
        for order_id in [order.id for order in self.tracker.orders()]:
            if self.waiting.get(order_id) is self.window.stack.currentWidget():
                self.window.show_home()
            self._drop_waiting(order_id)
        self._update_order_banner()

    def _update_order_banner(self, *_: object) -> None:
        """S1's 「お申し込み手続き中です」 and a link to each order followed (after any of the tracker's news)."""
        links, open_count = [], 0
        for order in self.tracker.orders():
            number = order.number or order.id
            if order.state is OrderState.EXTENDED:
                text = QCoreApplication.translate("MainWindow", "契約更新が完了しました（{number}）").format(number=number)
            elif order.state is OrderState.LAPSED:
                text = QCoreApplication.translate("MainWindow", "お支払い期限が過ぎました（{number}）").format(number=number)
            else:
                open_count += 1
                text = QCoreApplication.translate("MainWindow", "お支払い状況を確認する（{number}）").format(number=number)
            links.append((order.id, text))
        if open_count > 1:
            title = QCoreApplication.translate("MainWindow", "お申し込み手続き中です（{count}件）").format(count=open_count)
        elif open_count == 1:
            title = QCoreApplication.translate("MainWindow", "お申し込み手続き中です")
        else:
            title = QCoreApplication.translate("MainWindow", "お申し込みの手続きが終わりました")
        self.window.home.set_order_links(title, links)

    # -- shutdown --------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop polling, wait for workers, stop the embedded backend.

        Order polls may be holding a long poll: stopping the tracker first cuts them (ApiClient.abort), on the
        embedded backend as on a remote one; the embedded backend is then stopped by the connection.
        """
        self._ahead.stop()
        self.tracker.stop()
        self.qa.shutdown()
        self.runner.shutdown()
        self.connection.shutdown()
        self.tracker.shutdown()

