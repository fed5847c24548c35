"""The slip on screen: the painted slip scaled to the window, saving it, and paying it (simulation).

Signals and state live here; what the slip says comes from :mod:`.content`, its drawing from :mod:`.painting`,
the files and the save dialog from :mod:`.export`. Paying calls ``/sim/orders/{id}/pay`` in a worker, and
writing a file runs in a worker too (:class:`~vb_renew.ui.tasks.TaskRunner`). Given the
:class:`~vb_renew.ui.tracking.OrderTracker` that follows the order, the view shows each newer order it sees
(paid elsewhere, delivered, lapsed); it never polls, and its own payment goes out as ``paid`` for the page to
hand to the tracker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.payment import PaidAt
from vb_renew.ui.formats import long_date
from vb_renew.ui.keyboard import DialogKeys
from vb_renew.ui.slip.content import SlipText, slip_text
from vb_renew.ui.slip.export import (
    open_save_dialog,
    render_slip_image,
    render_slip_pdf,
    save_failed_text,
    write_pdf,
    write_png,
)
from vb_renew.ui.slip.painting import SLIP_SIZE, paint_slip
from vb_renew.ui.style import place_name, styled
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import error_text, name, primary_button, publish, secondary_button

if TYPE_CHECKING:
    from vb_renew.core.api import ApiClient
    from vb_renew.core.data import Order
    from vb_renew.ui.tracking import OrderTracker


class SlipCanvas(QWidget):
    """The painted slip at a zoom factor; the painting is :func:`~.painting.paint_slip`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name(self, "slipCanvas", QCoreApplication.translate("SlipView", "払込票"))
        self._order: Order | None = None
        self._text: SlipText | None = None  # built once per order, painted on every paint event
        self._zoom = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(SLIP_SIZE)

    def order(self) -> Order | None:
        return self._order

    def zoom(self) -> float:
        return self._zoom

    def set_order(self, order: Order | None) -> None:
        self._order = order
        self._text = text = slip_text(order)
        self.setAccessibleDescription(text.summary() if text else QCoreApplication.translate(
            "Slip", "振込用紙はまだ発行されていません。"))
        self.update()

    def set_zoom(self, zoom: float) -> None:
        if abs(zoom - self._zoom) < 1e-3:
            return
        self._zoom = zoom
        self.setFixedSize(round(SLIP_SIZE.width() * zoom), round(SLIP_SIZE.height() * zoom))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.scale(self.width() / SLIP_SIZE.width(), self.height() / SLIP_SIZE.height())
        paint_slip(painter, self._text)
        painter.end()


class _FitScrollArea(QScrollArea):
    """Scales the slip to the width it is given (within limits), scrolling when the window is small."""

    MIN_ZOOM, MAX_ZOOM = 0.55, 1.6

    def __init__(self, canvas: SlipCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.setWidget(canvas)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QFrame.Shape.NoFrame)
        styled(self, "slip.backdrop")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        available = self.viewport().width() - 24
        zoom = min(max(available / SLIP_SIZE.width(), self.MIN_ZOOM), self.MAX_ZOOM)
        self.canvas.set_zoom(zoom)


# The server decides; before delivery it says why not.
PAYABLE_STATES = (OrderState.SLIP_MAILED, OrderState.SLIP_DELIVERED)
PAID_STATES = (OrderState.PAID, OrderState.CONFIRMED, OrderState.EXTENDED)


class SlipView(QWidget):
    """The slip of one order: shown, saved as PDF or PNG, and paid at a store or post office (simulation).

    Signals:
        ``paid(object)``: the :class:`~vb_renew.core.data.Order` after a simulated payment succeeded.
        ``closeRequested()``: the user pressed 「閉じる」.
        ``saved(str)``: a PDF or PNG was written; the path.
        ``saveFailed(str)``: writing failed; the message shown to the user.
    """

    paid = Signal(object)
    closeRequested = Signal()
    saved = Signal(str)
    saveFailed = Signal(str)

    def __init__(self, runner: TaskRunner, client_factory: Callable[[], ApiClient], order: Order,
                 parent: QWidget | None = None, *, tracker: OrderTracker | None = None) -> None:
        """``tracker``: the order tracker that follows ``order``; the view then shows each newer order it sees."""
        super().__init__(parent)
        self.setObjectName("slipView")
        self._runner = runner
        self._client_factory = client_factory
        self._order: Order = order
        self._paying: PaidAt | None = None
        self._saving = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 12)
        heading_row = QHBoxLayout()
        self.heading = QLabel(QCoreApplication.translate("SlipView", "振込用紙（払込票）"), self)
        self.heading.setObjectName("slipHeading")
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.heading.setFont(font)
        self.order_number = QLabel(self)
        self.order_number.setObjectName("slipOrderNumber")
        self.order_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # 「シミュレーション」: a tag of the slip beside its heading (as S5 tags a product), read, not clicked; the pay
        # buttons' own names say it too.
        self.simulation_badge = QLabel(QCoreApplication.translate("SlipView", "シミュレーション"), self)
        self.simulation_badge.setObjectName("slipSimulationBadge")
        self.simulation_badge.setToolTip(QCoreApplication.translate(
            "SlipView", "実際のお支払いは行われません。コンビニエンスストアや郵便局でのお支払いを再現します。"))
        self.simulation_badge.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.simulation_badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        styled(self.simulation_badge, "slip.badge")
        heading_row.addWidget(self.heading)
        heading_row.addSpacing(8)
        heading_row.addWidget(self.simulation_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        heading_row.addStretch(1)
        heading_row.addWidget(self.order_number)
        outer.addLayout(heading_row)

        self.status = QLabel(self)
        self.status.setObjectName("slipStatus")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self.error = QLabel(self)
        self.error.setObjectName("slipError")
        publish(self.error)
        self.error.setWordWrap(True)
        styled(self.error, "alert.bold")
        self.error.setVisible(False)
        outer.addWidget(self.error)

        self.canvas = SlipCanvas(self)
        self.scroll = _FitScrollArea(self.canvas, self)
        self.scroll.setObjectName("slipScrollArea")
        self.scroll.setAccessibleName(QCoreApplication.translate("SlipView", "払込票"))  # a stop for Tab: arrows scroll
        outer.addWidget(self.scroll, 1)

        actions = QHBoxLayout()
        self.save_pdf_button = secondary_button(
            "slipSavePdfButton", QCoreApplication.translate("SlipView", "PDFで保存"), self)
        self.save_pdf_button.clicked.connect(self.choose_pdf_path)
        self.save_png_button = secondary_button(
            "slipSavePngButton", QCoreApplication.translate("SlipView", "PNGで保存"), self)
        self.save_png_button.clicked.connect(self.choose_png_path)
        actions.addWidget(self.save_pdf_button)
        actions.addWidget(self.save_png_button)
        actions.addStretch(1)

        self.busy = QProgressBar(self)
        self.busy.setObjectName("slipBusy")
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setTextVisible(False)
        self.busy.setFixedWidth(90)
        self.busy.setVisible(False)
        actions.addWidget(self.busy)
        self.pay_store_button = primary_button(
            "slipPayConvenienceStoreButton", QCoreApplication.translate("SlipView", "コンビニで支払う"), self)
        self.pay_store_button.setAccessibleName(
            QCoreApplication.translate("SlipView", "コンビニで支払う（シミュレーション）"))
        self.pay_store_button.clicked.connect(self._pay_at_store)
        self.pay_post_button = primary_button(
            "slipPayPostOfficeButton", QCoreApplication.translate("SlipView", "郵便局で支払う"), self)
        self.pay_post_button.setAccessibleName(
            QCoreApplication.translate("SlipView", "郵便局で支払う（シミュレーション）"))
        self.pay_post_button.clicked.connect(self._pay_at_post_office)
        actions.addWidget(self.pay_store_button)
        actions.addWidget(self.pay_post_button)
        actions.addSpacing(16)
        self.close_button = secondary_button(
            "slipCloseButton", QCoreApplication.translate("SlipView", "閉じる"), self)
        self.close_button.clicked.connect(self.closeRequested)
        actions.addWidget(self.close_button)
        outer.addLayout(actions)
        self.keys = DialogKeys(self, cancel=lambda: self.close_button)  # Esc closes the slip, as 「閉じる」

        self.set_order(order)
        if tracker is not None:
            tracker.changed.connect(self._tracker_changed)

    # -- the order ------------------------------------------------------------------------------------

    def order(self) -> Order:
        return self._order

    def set_order(self, order: Order) -> None:
        """Show ``order``'s slip and what can be done with it now."""
        self._order = order
        self._show_error("")  # a message about the previous state of the order no longer applies
        self.canvas.set_order(order)
        self.order_number.setText(QCoreApplication.translate("SlipView", "お申し込み番号: {number}").format(
            number=order.number) if order.number else "")
        self._refresh()

    @Slot(object)
    def _tracker_changed(self, order: Order) -> None:
        if order.id == self._order.id and order != self._order:
            self.set_order(order)

    def is_paying(self) -> bool:
        return self._paying is not None

    def _can_pay(self) -> bool:
        return self._order.slip is not None and self._order.state in PAYABLE_STATES

    def _refresh(self) -> None:
        order = self._order
        state, slip, payment = order.state, order.slip, order.payment
        if slip is None:
            text = QCoreApplication.translate("SlipView", "振込用紙はまだ発行されていません。お申し込みから1～2週間ほどで届きます。")
        elif state in PAID_STATES and payment is not None:
            text = QCoreApplication.translate("SlipView", "{place}でお支払い済みです（{date}）。").format(
                place=place_name(payment.place), date=long_date(payment.paid_on))
            window = order.expected_confirmation
            if state is OrderState.PAID and window is not None:
                text += QCoreApplication.translate(
                    "SlipView", "お支払いの確認は {earliest}～{latest} の見込みです。").format(
                    earliest=long_date(window.earliest), latest=long_date(window.latest))
        elif state is OrderState.LAPSED:
            text = QCoreApplication.translate(
                "SlipView", "支払期限（{deadline}）を過ぎたため、この振込用紙はお使いいただけません。"
                            "もう一度お申し込みください。").format(deadline=long_date(slip.deadline))
        elif slip.delivered_on is None:
            text = QCoreApplication.translate(
                "SlipView", "振込用紙は郵送中です（{issued} 発行）。届いたら、支払期限（{deadline}）までにお支払いください。"
            ).format(issued=long_date(slip.issued_on), deadline=long_date(slip.deadline))
        else:
            text = QCoreApplication.translate(
                "SlipView", "振込用紙が届きました（{delivered}）。支払期限（{deadline}）までに、コンビニエンスストアか"
                            "郵便局でお支払いください。").format(
                delivered=long_date(slip.delivered_on), deadline=long_date(slip.deadline))
        self.status.setText(text)
        paid_look = state in PAID_STATES
        styled(self.status, "success.bold" if paid_look else "")
        can_pay = self._can_pay() and self._paying is None
        for button in (self.pay_store_button, self.pay_post_button):
            button.setEnabled(can_pay)
            button.setVisible(not paid_look)
        self.simulation_badge.setVisible(not paid_look)
        has_slip = slip is not None
        for button in (self.save_pdf_button, self.save_png_button):
            button.setEnabled(has_slip and self._saving == 0)
        self.busy.setVisible(self._paying is not None or self._saving > 0)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- paying (simulation) -----------------------------------------------------------------------------

    @Slot()
    def _pay_at_store(self) -> None:
        self.pay(PaidAt.CONVENIENCE_STORE)

    @Slot()
    def _pay_at_post_office(self) -> None:
        self.pay(PaidAt.POST_OFFICE)

    def pay(self, place: PaidAt) -> None:
        """Pay the slip at ``place`` (a convenience store or a post office) through the simulation API."""
        if self._paying is not None or self._order.slip is None:
            return
        order_id, amount = self._order.id, self._order.slip.amount
        factory = self._client_factory

        def call() -> Order:
            client = factory()
            try:
                return client.sim_pay(order_id, place, amount)
            finally:
                client.close()

        self._paying = place
        self._show_error("")
        self._refresh()
        self._runner.submit(call, self._paid, self._pay_failed)

    def _paid(self, order: Order) -> None:
        if not isValid(self):  # closed and deleted while the payment was in flight
            return
        self._paying = None
        self.set_order(order)
        self.paid.emit(order)

    def _pay_failed(self, error: Exception) -> None:
        if not isValid(self):
            return
        self._paying = None
        self._show_error(error_text(error))
        self._refresh()

    # -- saving -----------------------------------------------------------------------------------------

    def _open_dialog(self, suffix: str, name_filter: str, on_chosen: Callable[[str], None]) -> QFileDialog:
        number = self._order.slip.number if self._order.slip is not None else ""
        return open_save_dialog(self, number, suffix, name_filter, on_chosen)

    @Slot()
    def choose_pdf_path(self) -> QFileDialog:
        """Ask where to save the PDF (non-blocking); saving starts when a file is chosen."""
        return self._open_dialog(".pdf", QCoreApplication.translate("SlipView", "PDF ファイル (*.pdf)"),
                                 self.save_pdf)

    @Slot()
    def choose_png_path(self) -> QFileDialog:
        """Ask where to save the PNG (non-blocking); saving starts when a file is chosen."""
        return self._open_dialog(".png", QCoreApplication.translate("SlipView", "PNG 画像 (*.png)"),
                                 self.save_png)

    @Slot(str)
    def save_pdf(self, path: str) -> None:
        """Write the slip as a PDF to ``path``: painted here, written by a worker; then ``saved``/``saveFailed``."""
        self._save(path, write_pdf, render_slip_pdf(self._order))

    @Slot(str)
    def save_png(self, path: str) -> None:
        """Write the slip as a PNG to ``path``: painted here, encoded and written by a worker."""
        self._save(path, write_png, render_slip_image(self._order))

    def _save(self, path: str, write: Callable[[str, Any], str], payload: Any) -> None:
        self._saving += 1
        self._show_error("")
        self._refresh()
        self._runner.submit(lambda: write(path, payload), self._save_done, self._save_failed)

    def _save_done(self, path: str) -> None:
        if not isValid(self):
            return
        self._saving -= 1
        self._refresh()
        self.saved.emit(path)

    def _save_failed(self, error: Exception) -> None:
        if not isValid(self):
            return
        self._saving -= 1
        text = save_failed_text(error)
        self._show_error(text)
        self._refresh()
        self.saveFailed.emit(text)

