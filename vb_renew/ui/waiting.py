"""S10–S12: waiting for the payment and its confirmation, then the licence extended.

:class:`WaitingPage` is a page of the main window's stack for one slip order. It shows the
order's timeline (申込完了 → 振込用紙発送 → 振込用紙到着 → お支払い → 入金確認 → 有効期限延長) with the
simulated dates, the expected confirmation window for where the slip was paid [seed table], the
lapsed state with 「もう一度申し込む」, and S12 (the new expiry, the help for a date that does not
change [seed], a tray notification).

It follows the order by itself: a single-shot QTimer on the UI thread schedules each poll as
:class:`vb_renew.core.poller.OrderWatcher` says (the server's hint, long poll + ETag, full-jitter
backoff on errors); the request runs on the :class:`~vb_renew.ui.tasks.TaskRunner`; one request is
in flight at a time. A failure shows an offline banner that clears with the next answer.

Wording: captions marked [seed] are the help page's, verbatim; the rest is ours [sim].
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from vb_renew.core.api import ApiClient
from vb_renew.core.errors import ApiError
from vb_renew.core.poller import OrderWatcher, PollPolicy, is_final
from vb_renew.rules.formatting import parse_day, slash_date
from vb_renew.rules.lifecycle import MAIN_PATH, OrderState
from vb_renew.ui.style import (
    BRAND_RED,
    card_frame,
    heading,
    make_card,
    place_name,
    section_title,
    styled,
    wrapped,
    yen,
)
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import error_text, name, primary_button, publish

log = logging.getLogger(__name__)

SLIP_VIEW_MODULE = "vb_renew.ui.slip.view"
STEPS = MAIN_PATH  # the timeline's rows, in order (a lapsed order adds its own row)
# [seed] the slip arrives 1–2 weeks after the application: the planned window on the timeline.
SLIP_ARRIVAL_DAYS = (7, 14)

Notifier = Callable[[str, str], None]



def step_title(state: str) -> str:
    """The timeline's words for each state [sim]."""
    titles = {
        OrderState.APPLIED: QCoreApplication.translate("Waiting", "申込完了"),
        OrderState.SLIP_MAILED: QCoreApplication.translate("Waiting", "振込用紙発送"),
        OrderState.SLIP_DELIVERED: QCoreApplication.translate("Waiting", "振込用紙到着"),
        OrderState.PAID: QCoreApplication.translate("Waiting", "お支払い"),
        OrderState.CONFIRMED: QCoreApplication.translate("Waiting", "入金確認"),
        OrderState.EXTENDED: QCoreApplication.translate("Waiting", "有効期限延長"),
        OrderState.LAPSED: QCoreApplication.translate("Waiting", "お支払い期限切れ"),
    }
    return titles.get(state, state)



def slip_view_available() -> bool:
    """Whether the slip view (built by another module) is installed; checked without importing it."""
    if SLIP_VIEW_MODULE in sys.modules:
        return True
    try:
        return importlib.util.find_spec(SLIP_VIEW_MODULE) is not None
    except (ImportError, ValueError):
        return False


def reached(order: dict[str, Any]) -> dict[str, str]:
    """state -> the instant it was reached, from the order's timeline (first time each)."""
    found: dict[str, str] = {}
    for entry in order.get("timeline") or []:
        found.setdefault(str(entry.get("state")), str(entry.get("at") or ""))
    return found


def new_expiry(order: dict[str, Any]) -> str | None:
    items = order.get("items") or []
    dates = [i.get("new_expiry") for i in items if i.get("new_expiry")]
    return max(dates) if dates else None


def product_line(order: dict[str, Any]) -> str:
    items = order.get("items") or []
    parts = [QCoreApplication.translate("Waiting", "{product} {years}年").format(
        product=i.get("product_name") or i.get("product") or "", years=i.get("years")) for i in items]
    return "、".join(parts)


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


# --- the timeline -----------------------------------------------------------------------------------

class OrderTimeline(QFrame):
    """The order's steps with their simulated dates; reached steps ticked, the current one highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waiting.timeline")
        make_card(self)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(12, 8, 12, 8)
        self._grid.setHorizontalSpacing(14)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(2, 1)
        self.rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for row, state in enumerate((*STEPS, OrderState.LAPSED)):
            marker = QLabel(self)
            marker.setObjectName(f"waiting.timeline.{state}.marker")
            marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
            marker.setFixedWidth(24)
            title = QLabel(step_title(state), self)
            title.setObjectName(f"waiting.timeline.{state}")
            when = QLabel(self)
            when.setObjectName(f"waiting.timeline.{state}.date")
            when.setWordWrap(True)
            self._grid.addWidget(marker, row, 0)
            self._grid.addWidget(title, row, 1)
            self._grid.addWidget(when, row, 2)
            self.rows[state] = (marker, title, when)
        self.current: str | None = None

    def date_text(self, state: str) -> str:
        return self.rows[state][2].text()

    def show_order(self, order: dict[str, Any]) -> None:
        at = reached(order)
        state = str(order.get("state"))
        lapsed = state == OrderState.LAPSED
        self.current = state
        plans = self._plans(order, at)
        for step in (*STEPS, OrderState.LAPSED):
            marker, title, when = self.rows[step]
            visible = step != OrderState.LAPSED or lapsed
            for label in (marker, title, when):
                label.setVisible(visible)
            if not visible:
                continue
            day = slash_date(at.get(step))
            if step in at:
                when.setText(day)
            else:
                when.setText(plans.get(step, "—"))
            if step == state:
                sheet = "error.bold" if lapsed else ("ok.bold" if step == OrderState.EXTENDED else "accent.bold")
                marker.setText("✕" if lapsed else ("✓" if step == OrderState.EXTENDED else "●"))
                for label in (marker, title, when):
                    styled(label, sheet)
                self.setAccessibleDescription(QCoreApplication.translate("Waiting", "現在の状況: {step}").format(
                    step=title.text()))
            elif step in at:
                marker.setText("✓")
                styled(marker, "ok")
                styled(title, "strong")
                styled(when, "strong")
            else:
                marker.setText("○")
                for label in (marker, title, when):
                    styled(label, "muted")
            title.setAccessibleName(QCoreApplication.translate("Waiting", "{step}: {date}").format(
                step=title.text(), date=when.text()))

    @staticmethod
    def _plans(order: dict[str, Any], at: dict[str, str]) -> dict[str, str]:
        """What is planned for the steps not reached yet [sim wording; the windows are the seed's]."""
        plans: dict[str, str] = {}
        if order.get("state") == OrderState.LAPSED:
            return plans
        applied = parse_day(at.get(OrderState.APPLIED)) or parse_day(order.get("created_at"))
        if OrderState.SLIP_DELIVERED not in at and applied is not None:
            first, last = (applied + timedelta(days=d) for d in SLIP_ARRIVAL_DAYS)
            plans[OrderState.SLIP_DELIVERED] = QCoreApplication.translate(
                "Waiting", "{first} ~ {last} ごろ（予定）").format(
                first=slash_date(first.isoformat()), last=slash_date(last.isoformat()))
        slip = order.get("slip") or {}
        if OrderState.PAID not in at and slip.get("deadline"):
            plans[OrderState.PAID] = QCoreApplication.translate("Waiting", "お支払い期限 {deadline}").format(
                deadline=slash_date(slip["deadline"]))
        expected = order.get("expected_confirmation") or {}
        if OrderState.CONFIRMED not in at and expected.get("earliest"):
            plans[OrderState.CONFIRMED] = QCoreApplication.translate("Waiting", "{first} ~ {last} ごろ（予定）").format(
                first=slash_date(expected["earliest"]), last=slash_date(expected.get("latest")))
            plans[OrderState.EXTENDED] = QCoreApplication.translate("Waiting", "入金確認後、自動で延長")
        return plans


class ConfirmationWindow(QFrame):
    """入金確認までの期間 [seed table]: by where the slip is paid; the row of the actual place highlighted,
    with the dates the backend expects (``expected_confirmation``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waiting.confirmationWindow")
        make_card(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        entries = (
            ("convenience_store", QCoreApplication.translate("Waiting", "振込用紙(コンビニエンスストア)"),  # [seed]
             QCoreApplication.translate("Waiting", "当日 ~ 5 日程度")),  # [seed]
            ("post_office", QCoreApplication.translate("Waiting", "振込用紙(郵便局)"),  # [seed]
             QCoreApplication.translate("Waiting", "翌日 ~ 10 日程度")),  # [seed]
        )
        for row, (place, label_text, window_text) in enumerate(entries):
            label = QLabel(label_text, self)
            label.setObjectName(f"waiting.window.{place}")
            value = QLabel(window_text, self)
            value.setObjectName(f"waiting.window.{place}.days")
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.rows[place] = (label, value)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        self.expected = wrapped("", self, "waiting.expectedConfirmation")
        layout.addWidget(self.expected)
        self.place: str | None = None

    def show_order(self, order: dict[str, Any]) -> None:
        payment = order.get("payment") or {}
        self.place = payment.get("place")
        for place, (label, value) in self.rows.items():
            sheet = "accent.bold" if place == self.place else ("muted" if self.place else "strong")
            styled(label, sheet)
            styled(value, sheet)
        expected = order.get("expected_confirmation") or {}
        if expected.get("earliest") and self.place in self.rows:
            self.expected.setText(QCoreApplication.translate(
                "Waiting", "{place}で {paid_on} にお支払い：入金確認は {first} ~ {last} ごろの予定です"
                           "（シミュレーション上の日付）。").format(
                place=place_name(self.place), paid_on=slash_date(payment.get("paid_on")),
                first=slash_date(expected["earliest"]), last=slash_date(expected.get("latest"))))
            self.expected.setVisible(True)
        else:
            self.expected.setVisible(False)


# --- the page ---------------------------------------------------------------------------------------

class WaitingPage(QWidget):
    """S10–S12 for one slip order, following it on the backend until it is extended or lapsed.

    Signals:
        ``orderChanged(object)``: a newer order arrived (a poll, or the slip view's payment).
        ``extended(object)``: the order reached ``extended`` (S12): the main window should re-read its date.
        ``lapsed(object)``: the slip passed its deadline.
        ``applyAgainRequested(object)``: 「もう一度申し込む」 on a lapsed order, with the order's serials (list).
        ``refreshRequested()``: S12's 「メイン画面の表示を更新する」 (the date did not change).
        ``closeRequested()``: 「メイン画面に戻る」.
        ``offlineChanged(bool)``: the offline banner appeared (True) or cleared (False).

    Use: ``WaitingPage(runner, client_factory, order, notifier=None, policy=None, parent=None)``, then
    ``start()``; ``stop()`` pauses polling (an answer already on its way is still read, nothing more
    is sent); ``close_for_good()`` before dropping the page. ``notifier(title, message)`` receives
    the tray notifications (default: :class:`TrayNotifier`).
    """

    orderChanged = Signal(object)
    extended = Signal(object)
    lapsed = Signal(object)
    applyAgainRequested = Signal(object)
    refreshRequested = Signal()
    closeRequested = Signal()
    offlineChanged = Signal(bool)

    def __init__(self, runner: TaskRunner, client_factory: Callable[[], ApiClient], order: dict[str, Any],
                 notifier: Notifier | None = None, policy: PollPolicy | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingPage")
        self.setAccessibleName(QCoreApplication.translate("Waiting", "お申し込み状況"))
        self.runner = runner
        self.client_factory = client_factory
        self.notifier: Notifier = notifier if notifier is not None else TrayNotifier(self)
        self.watcher = OrderWatcher(str(order["id"]), order, policy=policy)
        self._running = False
        self._closed = False
        self._in_flight = False
        self._announced = is_final(order)  # a final order given at construction is announced only on request
        self._slip_view = None

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
        self.scroll = QScrollArea(self.status_view)
        self.scroll.setObjectName("waiting.scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(self.scroll)
        body.setObjectName("waiting.body")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(28, 16, 28, 16)
        layout.setSpacing(10)
        self.scroll.setWidget(body)
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
        self.refresh_main_button = QPushButton(
            QCoreApplication.translate("Waiting", "メイン画面の表示を更新する"), self.help_box)
        name(self.refresh_main_button, "waiting.refreshMainButton", self.refresh_main_button.text())
        styled(self.refresh_main_button, "button.secondary")
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
        self.back_button = QPushButton(QCoreApplication.translate("Waiting", "メイン画面に戻る"), bar)
        name(self.back_button, "waiting.backButton", self.back_button.text())
        styled(self.back_button, "button.secondary")
        self.back_button.clicked.connect(self.closeRequested)
        bar_layout.addWidget(self.back_button)
        bar_layout.addStretch(1)
        self.slip_button = QPushButton(QCoreApplication.translate("Waiting", "振込用紙を表示"), bar)
        name(self.slip_button, "waiting.showSlipButton", self.slip_button.text())
        styled(self.slip_button, "button.secondary")
        self.slip_button.clicked.connect(self.show_slip)
        self.slip_button.setVisible(slip_view_available())
        bar_layout.addWidget(self.slip_button)
        self.apply_again_button = primary_button(
            "waiting.applyAgainButton", QCoreApplication.translate("Waiting", "もう一度申し込む"), bar)
        self.apply_again_button.clicked.connect(self._apply_again)
        bar_layout.addWidget(self.apply_again_button)
        status_layout.addWidget(bar)
        self.stack.addWidget(self.status_view)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._poll)
        self._show(self.watcher.order or dict(order))

    # -- public API ------------------------------------------------------------------------------------

    @property
    def order(self) -> dict[str, Any]:
        return self.watcher.order or {}

    @property
    def order_id(self) -> str:
        return self.watcher.order_id

    @property
    def polling(self) -> bool:
        return self._running

    @property
    def offline(self) -> bool:
        return self.offline_banner.isVisibleTo(self)

    @Slot()
    def start(self) -> None:
        """Follow the order (no-op once it is final or the page is closed)."""
        if self._closed or self._running or self.watcher.done:
            return
        self._running = True
        if not self._in_flight:
            self._schedule()

    @Slot()
    def stop(self) -> None:
        """Send nothing more; an answer already on its way is still shown."""
        self._running = False
        self._timer.stop()

    def close_for_good(self) -> None:
        """Before the page is dropped (or on quit): stop, and ignore any answer still on its way."""
        self.stop()
        self._closed = True

    def set_order(self, order: dict[str, Any]) -> None:
        """An order learnt elsewhere (the slip view's payment): shown at once if newer."""
        if self.watcher.set_order(order):
            self._changed()
            if self._running and not self._in_flight:
                self._schedule()  # its hint (e.g. the time to the payment's confirmation) replaces the old one

    def announce(self) -> None:
        """Say (signal + tray) that the order is final: for one that ended while the app was closed."""
        self._announced = False
        self._announce_if_final()

    @Slot()
    def show_slip(self) -> None:
        """「振込用紙を表示」: the slip view (another module), inside this page."""
        if not slip_view_available() or not self.slip_button.isEnabled():
            return
        if self._slip_view is None:
            # Imported on first use: it brings the barcode and PDF code.
            from vb_renew.ui.slip.view import SlipView

            self._slip_view = SlipView(self.runner, self.client_factory, self.order, self.stack)
            self._slip_view.paid.connect(self._slip_paid)
            self._slip_view.closeRequested.connect(self.show_status)
            self.stack.addWidget(self._slip_view)
        else:
            self._slip_view.set_order(self.order)
        self.stack.setCurrentWidget(self._slip_view)

    @Slot()
    def show_status(self) -> None:
        self.stack.setCurrentWidget(self.status_view)

    # -- polling ----------------------------------------------------------------------------------------

    def _schedule(self) -> None:
        if not self._running or self._closed or self.watcher.done:
            return
        delay = self.watcher.next_delay()
        self._timer.start(max(0, int(delay * 1000)))

    @Slot()
    def _poll(self) -> None:
        if not self._running or self._closed or self._in_flight:
            return
        request = self.watcher.next_request()
        if request is None:
            return
        self._in_flight = True
        factory = self.client_factory

        def work():
            client = factory()
            try:
                return request.send(client)
            finally:
                client.close()

        self.runner.submit(work, self._answered, self._failed)

    def _answered(self, answer: Any) -> None:
        if self._closed:
            return
        self._in_flight = False
        changed = self.watcher.on_answer(answer)
        self._set_offline(False)
        if changed:
            self._changed()
        self._schedule()

    def _failed(self, error: Exception) -> None:
        if self._closed:
            return
        self._in_flight = False
        self.watcher.on_error(error)
        log.info("polling order %s failed (%d in a row): %r", self.order_id, self.watcher.failures, error)
        if isinstance(error, ApiError) and error.code == "order.not_found":
            self.stop()
            self._set_offline(True, error_text(error))
            return
        if isinstance(error, ApiError) and error.transient:
            self._set_offline(True)
        else:
            self._set_offline(True, error_text(error))
        self._schedule()

    def _set_offline(self, offline: bool, text: str | None = None) -> None:
        was = self.offline_banner.isVisibleTo(self)
        if offline:
            self.offline_banner.setText(text or QCoreApplication.translate(
                "Waiting", "サーバーに接続できません。自動的に再試行します。"))
            styled(self.offline_banner, "offline" if text is None else "errorPanel")
        self.offline_banner.setVisible(offline)
        if was != offline:
            self.offlineChanged.emit(offline)

    # -- showing the order -----------------------------------------------------------------------------

    def _changed(self) -> None:
        order = self.order
        self._show(order)
        if self._slip_view is not None:
            self._slip_view.set_order(order)
        self.orderChanged.emit(order)
        self._announce_if_final()
        if self.watcher.done:
            self.stop()

    def _announce_if_final(self) -> None:
        order = self.order
        if self._announced or not is_final(order):
            return
        self._announced = True
        number = str(order.get("number") or order.get("id") or "")
        if order.get("state") == OrderState.EXTENDED:
            expiry = slash_date(new_expiry(order))
            self._notify(QCoreApplication.translate("Waiting", "契約更新が完了しました"),
                         QCoreApplication.translate("Waiting", "有効期限が {date} まで延長されました。").format(
                             date=expiry))
            self.extended.emit(order)
        elif order.get("state") == OrderState.LAPSED:
            self._notify(QCoreApplication.translate("Waiting", "振込用紙のお支払い期限が過ぎました"),
                         QCoreApplication.translate(
                             "Waiting", "お申し込み（{number}）は無効になりました。もう一度お申し込みください。").format(
                             number=number))
            self.lapsed.emit(order)

    def _notify(self, title: str, message: str) -> None:
        try:
            self.notifier(title, message)
        except Exception:  # a notification must never break the page
            log.exception("tray notification failed")

    def _show(self, order: dict[str, Any]) -> None:
        state = str(order.get("state") or OrderState.APPLIED)
        number = str(order.get("number") or order.get("id") or "")
        self.summary.setText(QCoreApplication.translate(
            "Waiting", "お申し込み番号 {number}　{products}　{amount}").format(
            number=number, products=product_line(order), amount=yen(int(order.get("total") or 0))))
        self.timeline.show_order(order)
        self.confirmation_window.show_order(order)
        slip = order.get("slip") or {}
        payment = order.get("payment") or {}
        self.new_expiry.setVisible(False)
        self.help_box.setVisible(state == OrderState.EXTENDED)
        self.apply_again_button.setVisible(state == OrderState.LAPSED)
        show_window = state in (OrderState.SLIP_MAILED, OrderState.SLIP_DELIVERED, OrderState.PAID,
                                OrderState.CONFIRMED)
        self.window_title.setVisible(show_window)
        self.confirmation_window.setVisible(show_window)
        self.auto_extend.setVisible(state in (OrderState.SLIP_DELIVERED, OrderState.PAID))
        self.slip_button.setEnabled(bool(slip.get("delivered_on")) and state != OrderState.LAPSED)
        tone = "progress"
        if state == OrderState.APPLIED:
            title = QCoreApplication.translate("Waiting", "お申し込みを受け付けました")
            text = QCoreApplication.translate("Waiting", "振込用紙を発送する準備をしています。") + \
                QCoreApplication.translate(  # [seed]
                    "Waiting", "振込用紙が到着するまでに「 1 ~ 2 週間ほど」お時間をいただいておりますので、あらかじめご了承ください。")
        elif state == OrderState.SLIP_MAILED:
            title = QCoreApplication.translate("Waiting", "振込用紙を発送しました")
            text = QCoreApplication.translate(
                "Waiting", "振込用紙が届くまでお待ちください。届いたら、コンビニエンスストア、もしくは郵便局でお支払いの手続きを実施します。")
        elif state == OrderState.SLIP_DELIVERED:
            title = QCoreApplication.translate("Waiting", "振込用紙が届きました")
            text = QCoreApplication.translate(  # [seed]
                "Waiting", "コンビニエンスストア、もしくは郵便局でお支払いの手続きを実施します。") + \
                QCoreApplication.translate("Waiting", "お支払い期限は {deadline} です。").format(
                    deadline=slash_date(slip.get("deadline")))
        elif state == OrderState.PAID:
            title = QCoreApplication.translate("Waiting", "ご入金の確認をお待ちください")
            expected = order.get("expected_confirmation") or {}
            text = QCoreApplication.translate(
                "Waiting", "{place}でのお支払い（{paid_on}）を受け付けました。入金確認までの期間は下の表のとおりです。").format(
                place=place_name(payment.get("place")), paid_on=slash_date(payment.get("paid_on")))
            if expected.get("earliest"):
                text += "\n" + QCoreApplication.translate(
                    "Waiting", "入金確認の予定：{first} ~ {last} ごろ").format(
                    first=slash_date(expected["earliest"]), last=slash_date(expected.get("latest")))
        elif state == OrderState.CONFIRMED:
            title = QCoreApplication.translate("Waiting", "ご入金を確認しました")
            text = QCoreApplication.translate("Waiting", "有効期限を延長しています。しばらくお待ちください。")
        elif state == OrderState.EXTENDED:
            tone = "success"
            title = QCoreApplication.translate("Waiting", "契約更新が完了しました")
            text = QCoreApplication.translate(  # [seed]
                "Waiting", "有効期限が延長されていれば、契約更新は完了です。そのままご使用ください。") + "\n" + \
                QCoreApplication.translate(  # [seed]
                    "Waiting", "更新手続きが完了すると、トレンドマイクロアカウントにご登録のメールアドレス宛に手続き完了のメールをお送りします。")
            self.new_expiry.setText(QCoreApplication.translate("Waiting", "新しい有効期限：{date}").format(
                date=slash_date(new_expiry(order))))
            self.new_expiry.setVisible(bool(new_expiry(order)))
        elif state == OrderState.LAPSED:
            tone = OrderState.LAPSED  # the style's statusBox.lapsed / statusTitle.lapsed
            title = QCoreApplication.translate("Waiting", "振込用紙のお支払い期限が過ぎました")
            text = QCoreApplication.translate(
                "Waiting", "振込用紙の有効期限（発行から2か月、{deadline}まで）を過ぎたため、このお申し込みは無効になりました。"
                           "契約を更新するには、もう一度お申し込みください。").format(deadline=slash_date(slip.get("deadline")))
        else:
            title, text = state, ""
        styled(self.status_box, f"statusBox.{tone}")
        styled(self.status_title, f"statusTitle.{tone}")
        self.status_title.setText(title)
        self.status_text.setText(text)
        self.status_box.setAccessibleName(title)
        self.heading.setText(QCoreApplication.translate("Waiting", "契約更新の完了") if state == OrderState.EXTENDED else
                             QCoreApplication.translate("Waiting", "お申し込み状況"))

    # -- actions ----------------------------------------------------------------------------------------

    @Slot(object)
    def _slip_paid(self, order: Any) -> None:
        if isinstance(order, dict):
            self.set_order(order)
        self.show_status()

    @Slot()
    def _apply_again(self) -> None:
        serials = [str(i.get("serial")) for i in self.order.get("items") or [] if i.get("serial")]
        self.applyAgainRequested.emit(serials)

