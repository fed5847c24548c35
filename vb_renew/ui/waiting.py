"""S10–S12: waiting for the payment and its confirmation, then the licence extended.

:class:`WaitingPage` is a page of the main window's stack for one slip order. It shows the order as the
:class:`~vb_renew.ui.tracking.OrderTracker` last saw it: the status, the timeline with the simulated dates and
the expected confirmation window for where the slip was paid [seed table] (the words and both cards are
:mod:`vb_renew.ui.order_status`'s), the lapsed state with 「もう一度申し込む」, and S12 (the new expiry, the help
for a date that does not change [seed]). It polls nothing itself: it subscribes to the tracker (``changed``,
``offline``: a banner that clears with the next answer, telling a lost connection from a server error by the
last poll's failure) and forwards the user's clicks as signals.

Also here: :class:`TrayNotifier`, the system tray's messages (the controller shows
:func:`~vb_renew.ui.order_status.end_notice` with it when an order ends).

Keyboard: Tab goes through the page, then its button bar; Esc is 「メイン画面に戻る」 (on the slip, 「閉じる」).

Wording: captions marked [seed] are the help page's, verbatim; the rest is ours [sim].
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from vb_renew.core.errors import ErrorKind
from vb_renew.rules.lifecycle import OrderState
from vb_renew.ui.formats import short_date
from vb_renew.ui.keyboard import DialogKeys
from vb_renew.ui.order_status import ConfirmationWindow, OrderTimeline, new_expiry, product_line, status_words
from vb_renew.ui.style import BRAND_RED, card_frame, heading, section_title, styled, wrapped, yen
from vb_renew.ui.widgets import error_parts, error_text, primary_button, publish, scrolled_body, secondary_button

if TYPE_CHECKING:
    from vb_renew.core.data import Order
    from vb_renew.ui.tasks import TaskRunner
    from vb_renew.ui.tracking import OrderTracker

SLIP_VIEW_MODULE = "vb_renew.ui.slip.view"
# The states in which the page shows the seed's table of how long the confirmation takes.
WINDOW_STATES = (OrderState.SLIP_MAILED, OrderState.SLIP_DELIVERED, OrderState.PAID, OrderState.CONFIRMED)

Notifier = Callable[[str, str], None]
# The banner's look by the failure's kind: no connection (grey), the server's failure (amber: it will pass),
# a refusal or anything else (red).
BANNER_SHEETS = {ErrorKind.OFFLINE: "offline", ErrorKind.SERVER: "note"}


def slip_view_available() -> bool:
    """Whether the slip view (built by another module) is installed; checked without importing it."""
    if SLIP_VIEW_MODULE in sys.modules:
        return True
    try:
        return importlib.util.find_spec(SLIP_VIEW_MODULE) is not None
    except (ImportError, ValueError):
        return False


# --- the tray ---------------------------------------------------------------------------------------

class TrayNotifier(QObject):
    """Shows a message from the system tray, as the product does; silently nothing where there is no tray
    (offscreen, some Linux desktops). Call it as ``notifier(title, message)``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icon: QSystemTrayIcon | None = None

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def __call__(self, title: str, message: str) -> None:
        if not self.available():
            return
        if self._icon is None:
            pixmap = QPixmap(32, 32)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor(BRAND_RED))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(2, 2, 28, 28)
            painter.end()
            self._icon = QSystemTrayIcon(QIcon(pixmap), self)
            self._icon.setToolTip(QCoreApplication.translate("Waiting", "ウイルスバスター クラウド"))
        self._icon.show()
        self._icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 10_000)


# --- the page ---------------------------------------------------------------------------------------

class WaitingPage(QWidget):
    """S10–S12 for one slip order: the tracker's order, rendered; the user's clicks, forwarded.

    Signals:
        ``applyAgainRequested(object)``: 「もう一度申し込む」 on a lapsed order, with the order's serials (list).
        ``refreshRequested()``: S12's 「メイン画面の表示を更新する」 (the date did not change).
        ``closeRequested()``: 「メイン画面に戻る」.

    Use: ``WaitingPage(tracker, order_id, runner, parent=None)`` for an order the tracker follows. ``runner``
    runs the slip view's work (paying the slip, saving it).
    """

    applyAgainRequested = Signal(object)
    refreshRequested = Signal()
    closeRequested = Signal()

    def __init__(self, tracker: OrderTracker, order_id: str, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingPage")
        self.setAccessibleName(QCoreApplication.translate("Waiting", "お申し込み状況"))
        order = tracker.order(order_id)
        if order is None:
            raise ValueError(f"the tracker does not follow order {order_id}")
        self.tracker = tracker
        self.runner = runner
        self._order: Order = order
        self._slip_view = None
        self._build()
        tracker.changed.connect(self._tracker_changed)
        tracker.offline.connect(self._tracker_offline)
        self._show(order)
        text = tracker.offline_text(order_id)
        if text is not None:
            self._set_offline(True, text)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("waiting.stack")
        outer.addWidget(self.stack, 1)

        # The status view: scrolled content above a button bar.
        self.status_view = QWidget(self.stack)
        self.status_view.setObjectName("waiting.statusView")
        status_layout = QVBoxLayout(self.status_view)
        status_layout.setContentsMargins(0, 0, 0, 0)
        status_layout.setSpacing(0)
        self.scroll, body = scrolled_body("waiting.scroll", "waiting.body", self.status_view)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(28, 16, 28, 16)
        layout.setSpacing(10)
        status_layout.addWidget(self.scroll, 1)

        self.heading = heading(QCoreApplication.translate("Waiting", "お申し込み状況"), body, "waiting.heading", 6)
        layout.addWidget(self.heading)
        self.summary = wrapped("", body, "waiting.summary", "muted")
        layout.addWidget(self.summary)
        self.offline_banner = wrapped(QCoreApplication.translate(
            "Waiting", "サーバーに接続できません。自動的に再試行します。"), body, "waiting.offlineBanner", "offline")
        self.offline_banner.setVisible(False)
        publish(self.offline_banner, "status message")
        layout.addWidget(self.offline_banner)

        self.status_box = QFrame(body)
        self.status_box.setObjectName("waiting.statusBox")
        self.status_box.setProperty("statusBox", True)
        box_layout = QVBoxLayout(self.status_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(6)
        self.status_title = heading("", self.status_box, "waiting.statusTitle", 4)
        self.status_title.setWordWrap(True)
        box_layout.addWidget(self.status_title)
        self.new_expiry = heading("", self.status_box, "waiting.newExpiry", 3)
        self.new_expiry.setVisible(False)
        box_layout.addWidget(self.new_expiry)
        self.status_text = wrapped("", self.status_box, "waiting.statusText")
        box_layout.addWidget(self.status_text)
        layout.addWidget(self.status_box)

        layout.addWidget(section_title(QCoreApplication.translate("Waiting", "お手続きの状況"), body,
                                       "waiting.timelineTitle"))
        self.timeline = OrderTimeline(body)
        layout.addWidget(self.timeline)
        self.window_title = section_title(QCoreApplication.translate("Waiting", "入金確認までの期間"), body,  # [seed]
                                          "waiting.windowTitle")
        layout.addWidget(self.window_title)
        self.confirmation_window = ConfirmationWindow(body)
        layout.addWidget(self.confirmation_window)
        self.auto_extend = wrapped(QCoreApplication.translate(
            "Waiting", "ご入金が確認でき次第、ご利用端末の有効期限は自動で延長されます。"),  # [seed]
            body, "waiting.autoExtendNote")
        layout.addWidget(self.auto_extend)

        # S12: the help for a date that does not change [seed: the note; what to check is ours].
        self.help_box = card_frame(body, "waiting.dateHelp")
        help_layout = QVBoxLayout(self.help_box)
        help_layout.setContentsMargins(12, 8, 12, 10)
        help_layout.setSpacing(6)
        help_title = QLabel(QCoreApplication.translate("Waiting", "有効期限がメイン画面に反映されない場合"),  # [seed]
                            self.help_box)
        help_title.setObjectName("waiting.dateHelpTitle")
        help_title.setStyleSheet("font-weight: bold; border: none;")
        help_layout.addWidget(help_title)
        self.help_text = wrapped(QCoreApplication.translate(
            "Waiting",
            "次の点をご確認ください。\n"
            "・［メイン画面の表示を更新する］をクリックして、有効期限を読み込み直してください。\n"
            "・パソコンがインターネットに接続されていることを確認してください。\n"
            "・製品を終了してもう一度起動するか、パソコンを再起動してください。\n"
            "・それでも反映されない場合は、お申し込み番号をお手元にご用意のうえ、サポート窓口へお問い合わせください。"),
            self.help_box, "waiting.dateHelpText", "borderless")
        help_layout.addWidget(self.help_text)
        self.refresh_main_button = secondary_button(
            "waiting.refreshMainButton", QCoreApplication.translate("Waiting", "メイン画面の表示を更新する"), self.help_box)
        self.refresh_main_button.clicked.connect(self.refreshRequested)
        help_layout.addWidget(self.refresh_main_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.help_box)

        self.sim_note = wrapped(QCoreApplication.translate(
            "Waiting", "シミュレーション：日付はシミュレーション上の日付です。状況はサーバーに自動で問い合わせて更新します。"),
            body, "waiting.simNote", "simNote")
        layout.addWidget(self.sim_note)
        layout.addStretch(1)

        bar = QWidget(self.status_view)
        bar.setObjectName("waiting.buttonBar")
        bar.setProperty("bar", True)
        styled(bar, "buttonBar")
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(20, 8, 20, 8)
        self.back_button = secondary_button(
            "waiting.backButton", QCoreApplication.translate("Waiting", "メイン画面に戻る"), bar)
        self.back_button.clicked.connect(self.closeRequested)
        bar_layout.addWidget(self.back_button)
        bar_layout.addStretch(1)
        self.slip_button = secondary_button(
            "waiting.showSlipButton", QCoreApplication.translate("Waiting", "振込用紙を表示"), bar)
        self.slip_button.clicked.connect(self.show_slip)
        self.slip_button.setVisible(slip_view_available())
        bar_layout.addWidget(self.slip_button)
        self.apply_again_button = primary_button(
            "waiting.applyAgainButton", QCoreApplication.translate("Waiting", "もう一度申し込む"), bar)
        self.apply_again_button.clicked.connect(self._apply_again)
        bar_layout.addWidget(self.apply_again_button)
        status_layout.addWidget(bar)
        self.stack.addWidget(self.status_view)
        # Esc on the status: back to the main screen (the slip view has its own: 「閉じる」).
        self.keys = DialogKeys(self, cancel=lambda: self.back_button)

    # -- public API ------------------------------------------------------------------------------------

    @property
    def order(self) -> Order:
        """The order as shown: the tracker's latest."""
        return self._order

    @property
    def order_id(self) -> str:
        return self._order.id

    @property
    def offline(self) -> bool:
        return self.offline_banner.isVisibleTo(self)

    @Slot()
    def show_slip(self) -> None:
        """「振込用紙を表示」: the slip view (another module), inside this page."""
        if not slip_view_available() or not self.slip_button.isEnabled():
            return
        if self._slip_view is None:
            # Imported on first use: it brings the barcode and PDF code.
            from vb_renew.ui.slip.view import SlipView

            factory = self.tracker.client_factory(self.order_id)
            if factory is None:
                return
            self._slip_view = SlipView(self.runner, factory, self._order, self.stack, tracker=self.tracker)
            self._slip_view.paid.connect(self._slip_paid)
            self._slip_view.closeRequested.connect(self.show_status)
            self.stack.addWidget(self._slip_view)
        self.stack.setCurrentWidget(self._slip_view)

    @Slot()
    def show_status(self) -> None:
        self.stack.setCurrentWidget(self.status_view)

    # -- what the tracker says ------------------------------------------------------------------------

    @Slot(object)
    def _tracker_changed(self, order: Order) -> None:
        if order.id == self.order_id:
            self._order = order
            self._show(order)

    @Slot(str, bool, str)
    def _tracker_offline(self, order_id: str, offline: bool, text: str) -> None:
        if order_id == self.order_id:
            self._set_offline(offline, text)

    def _set_offline(self, offline: bool, text: str) -> None:
        """The banner: the last poll failed. Told by the failure's kind (the watcher keeps the error): no
        connection, a server error with its status (the tracker tries again by itself, and it says so), or the
        server's refusal (it asks no more)."""
        watcher = self.tracker.watcher(self.order_id)
        error = watcher.last_error if watcher is not None else None
        if offline and error is not None:
            retrying = self.tracker.polling(self.order_id)
            kind = error_parts(error).kind
            self.offline_banner.setText(error_text(error, retrying=retrying))
            styled(self.offline_banner, BANNER_SHEETS.get(kind, "errorPanel"))
        elif offline:
            self.offline_banner.setText(text or QCoreApplication.translate(
                "Waiting", "サーバーに接続できません。自動的に再試行します。"))
            styled(self.offline_banner, "errorPanel" if text else "offline")
        self.offline_banner.setVisible(offline)

    def _show(self, order: Order) -> None:
        state = order.state
        self.summary.setText(QCoreApplication.translate(
            "Waiting", "お申し込み番号 {number}　{products}　{amount}").format(
            number=order.number or order.id, products=product_line(order), amount=yen(order.total)))
        self.timeline.show_order(order)
        self.confirmation_window.show_order(order)
        self.help_box.setVisible(state is OrderState.EXTENDED)
        self.apply_again_button.setVisible(state is OrderState.LAPSED)
        self.window_title.setVisible(state in WINDOW_STATES)
        self.confirmation_window.setVisible(state in WINDOW_STATES)
        self.auto_extend.setVisible(state in (OrderState.SLIP_DELIVERED, OrderState.PAID))
        delivered = order.slip is not None and order.slip.delivered_on is not None
        self.slip_button.setEnabled(delivered and state is not OrderState.LAPSED)
        expiry = new_expiry(order) if state is OrderState.EXTENDED else None
        self.new_expiry.setText(QCoreApplication.translate("Waiting", "新しい有効期限：{date}").format(
            date=short_date(expiry)) if expiry else "")
        self.new_expiry.setVisible(expiry is not None)
        tone, title, text = status_words(order)
        styled(self.status_box, f"statusBox.{tone}")
        styled(self.status_title, f"statusTitle.{tone}")
        self.status_title.setText(title)
        self.status_text.setText(text)
        self.status_box.setAccessibleName(title)
        self.heading.setText(QCoreApplication.translate("Waiting", "契約更新の完了") if state is OrderState.EXTENDED else
                             QCoreApplication.translate("Waiting", "お申し込み状況"))

    # -- the user's clicks ------------------------------------------------------------------------------

    @Slot(object)
    def _slip_paid(self, order: Order) -> None:
        self.tracker.set_order(order)  # shown at once, by the tracker's ``changed``
        self.show_status()

    @Slot()
    def _apply_again(self) -> None:
        self.applyAgainRequested.emit(list(self._order.serials))
