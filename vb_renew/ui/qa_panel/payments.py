"""The QA panel's payments: the customer pays an order's slip, at a convenience store or a post office.

The orders are those the app follows (the controller's tracker); what can be done for one is
:func:`vb_renew.core.qa.payment_offer`'s decision: whether it can be paid, the slip's amount, the days a payment
can be dated, the days each place may confirm it. Paying is ``POST /sim/orders/{id}/pay``, optionally dated
(``on``) and with its confirmation day (``confirm_on``); the order it answers is given to the tracker, so the
waiting page shows it at once.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QFormLayout, QHBoxLayout, QSpinBox, QWidget

from vb_renew.core.qa import PaymentOffer, payment_offer
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.payment import PaidAt
from vb_renew.rules.slips import MAX_AMOUNT
from vb_renew.ui.formats import short_date
from vb_renew.ui.qa_panel.common import Section, button, caption, jp_day
from vb_renew.ui.style import place_name, yen
from vb_renew.ui.widgets import name, tr_text

if TYPE_CHECKING:
    from vb_renew.core.data import Order
    from vb_renew.ui.qa_panel.context import QaContext


def state_name(state: OrderState) -> str:
    names = {
        OrderState.APPLIED: QCoreApplication.translate("QaPanel", "お申し込み受付"),
        OrderState.SLIP_MAILED: QCoreApplication.translate("QaPanel", "振込用紙発送済み"),
        OrderState.SLIP_DELIVERED: QCoreApplication.translate("QaPanel", "振込用紙到着済み"),
        OrderState.PAID: QCoreApplication.translate("QaPanel", "お支払い済み"),
        OrderState.CONFIRMED: QCoreApplication.translate("QaPanel", "入金確認済み"),
        OrderState.EXTENDED: QCoreApplication.translate("QaPanel", "延長済み"),
        OrderState.LAPSED: QCoreApplication.translate("QaPanel", "支払期限切れ"),
    }
    return names.get(state, str(state))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _dated(parent: QWidget, key: str, check_text: str, accessible: str) -> tuple[QCheckBox, QDateEdit, QHBoxLayout]:
    """「…を指定する」 and its day (used only when checked)."""
    check = QCheckBox(QCoreApplication.translate("QaPanel", "指定する"), parent)
    name(check, f"qa.pay.use{key}", check_text)
    edit = QDateEdit(parent)
    name(edit, f"qa.pay.{key[0].lower()}{key[1:]}", accessible)
    edit.setDisplayFormat("yyyy/MM/dd")
    edit.setCalendarPopup(True)
    edit.setEnabled(False)
    check.toggled.connect(edit.setEnabled)
    row = QHBoxLayout()
    row.addWidget(check)
    row.addWidget(edit, 1)
    return check, edit, row


class PaymentSection(Section):
    """Pay a followed order's slip: the place, the amount (the slip's, editable), optionally the day paid and the
    day confirmed, then 「支払う」."""

    def __init__(self, context: QaContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "pay", parent)
        self.offer: PaymentOffer | None = None
        self.note = caption(QCoreApplication.translate(
            "QaPanel", "アプリが追跡しているお申し込みの振込用紙を、お客さまが支払ったことにします。"), self,
            "qa.pay.note", "muted")
        self.layout_.addWidget(self.note)
        form = QFormLayout()
        self.order_choice = QComboBox(self)
        name(self.order_choice, "qa.pay.order", QCoreApplication.translate("QaPanel", "お申し込み"))
        self.order_choice.currentIndexChanged.connect(self._order_chosen)
        form.addRow(QCoreApplication.translate("QaPanel", "お申し込み"), self.order_choice)
        self.order_state = caption("", self, "qa.pay.orderState")
        form.addRow(QCoreApplication.translate("QaPanel", "状況"), self.order_state)
        self.place_choice = QComboBox(self)
        name(self.place_choice, "qa.pay.place", QCoreApplication.translate("QaPanel", "支払う場所"))
        for place in PaidAt:
            self.place_choice.addItem(place_name(place), place.value)
        self.place_choice.currentIndexChanged.connect(self._show_days)
        form.addRow(QCoreApplication.translate("QaPanel", "支払う場所"), self.place_choice)
        self.amount = QSpinBox(self)
        name(self.amount, "qa.pay.amount", QCoreApplication.translate("QaPanel", "支払う金額"))
        self.amount.setRange(0, MAX_AMOUNT)
        self.amount.setSuffix(QCoreApplication.translate("QaPanel", " 円"))
        self.amount.setGroupSeparatorShown(True)
        form.addRow(QCoreApplication.translate("QaPanel", "金額"), self.amount)
        self.use_on, self.on, row = _dated(self, "On", QCoreApplication.translate("QaPanel", "支払日を指定する"),
                                           QCoreApplication.translate("QaPanel", "支払日"))
        self.use_on.toggled.connect(self._show_days)
        self.on.dateChanged.connect(self._show_days)
        form.addRow(QCoreApplication.translate("QaPanel", "支払日"), row)
        self.use_confirm_on, self.confirm_on, row = _dated(
            self, "ConfirmOn", QCoreApplication.translate("QaPanel", "入金確認日を指定する"),
            QCoreApplication.translate("QaPanel", "入金確認日"))
        form.addRow(QCoreApplication.translate("QaPanel", "入金確認日"), row)
        self.window_label = caption("", self, "qa.pay.window", "muted")
        form.addRow(QCoreApplication.translate("QaPanel", "入金確認の見込み"), self.window_label)
        self.layout_.addLayout(form)
        self.pay_button = button("qa.pay.payButton", QCoreApplication.translate("QaPanel", "支払う"), self, self.pay)
        self.layout_.addWidget(self.pay_button)
        self.actions += [self.pay_button]
        context.tracker.changed.connect(self._orders_changed)
        context.tracker.forgotten.connect(self._orders_changed)
        context.nowChanged.connect(self._now_changed)
        self._today_shown: date | None = None
        self.finish()
        self._orders_changed()

    # -- the orders --------------------------------------------------------------------------------------

    def orders(self) -> list[Order]:
        return self.context.tracker.orders()

    @Slot()
    def _orders_changed(self, *_: object) -> None:
        """The tracker's orders changed: the list follows, keeping the order chosen."""
        chosen = self.order_choice.currentData()
        orders = self.orders()
        self.order_choice.blockSignals(True)
        self.order_choice.clear()
        for order in orders:
            self.order_choice.addItem(QCoreApplication.translate("QaPanel", "{number}（{state}）").format(
                number=order.number or order.id, state=state_name(order.state)), order.id)
        if not orders:
            self.order_choice.addItem(QCoreApplication.translate("QaPanel", "追跡中のお申し込みはありません"), None)
        index = self.order_choice.findData(chosen) if chosen is not None else -1
        self.order_choice.setCurrentIndex(max(index, 0))
        self.order_choice.blockSignals(False)
        self._order_chosen(keep_amount=index >= 0)

    def order(self) -> Order | None:
        return self.context.tracker.order(self.order_choice.currentData() or "")

    def _order_chosen(self, *_: object, keep_amount: bool = False) -> None:
        order = self.order()
        previous = self.offer
        self._today_shown = self._today()
        self.offer = None if order is None else payment_offer(order, self._today_shown)
        offer = self.offer
        if offer is None:
            self.order_state.setText("")
        else:
            lines = [state_name(offer.state)]
            if offer.deadline is not None:
                lines.append(QCoreApplication.translate("QaPanel", "支払期限：{date}").format(date=jp_day(offer.deadline)))
            if offer.reason is not None:
                lines.append(tr_text(offer.reason))
            self.order_state.setText("\n".join(lines))
            # The slip's amount, unless the user is trying another one for this same order.
            if not (keep_amount and previous is not None and previous.order_id == offer.order_id):
                self.amount.setValue(offer.amount)
            self.amount.setToolTip(QCoreApplication.translate("QaPanel", "振込用紙の金額：{amount}").format(
                amount=yen(offer.amount)))
        self._show_days()
        self.update_actions()

    @Slot(object)
    def _now_changed(self, *_: object) -> None:
        """A new simulated day changes what can be paid when (the days a payment can be dated, the windows)."""
        if self._today() != self._today_shown:
            self._order_chosen(keep_amount=True)

    def _today(self) -> date | None:
        now = self.context.now
        view = self.context.connection.view
        return now.date() if now is not None else (view.today if view is not None else None)

    def paid_on(self) -> date | None:
        """The day the payment is dated (None: today)."""
        return _day(self.on.date()) if self.use_on.isChecked() else None

    @Slot()
    def _show_days(self, *_: object) -> None:
        """The days a payment can be dated, and when the chosen place would confirm it (the seed's windows)."""
        order, today = self.order(), self._today()
        offer = payment_offer(order, today) if order is not None and today is not None else None
        days = offer.paid_on_range if offer is not None else None
        if days is not None:
            self.on.blockSignals(True)
            self.on.setDateRange(_qdate(days[0]), _qdate(days[1]))
            if not self.use_on.isChecked():
                self.on.setDate(_qdate(days[1]))
            self.on.blockSignals(False)
        dated = payment_offer(order, today, self.paid_on()) if offer is not None else None
        window = dated.windows.get(PaidAt(self.place_choice.currentData())) if dated is not None else None
        if window is None:
            self.window_label.setText(QCoreApplication.translate("QaPanel", "―"))
            return
        self.window_label.setText(QCoreApplication.translate("QaPanel", "{earliest}〜{latest}").format(
            earliest=short_date(window[0]), latest=short_date(window[1])))
        self.confirm_on.setDateRange(_qdate(window[0]), _qdate(window[1]))

    def action_allowed(self, widget: QWidget) -> bool:
        return widget is not self.pay_button or (self.offer is not None and self.offer.payable)

    # -- paying ------------------------------------------------------------------------------------------

    def pay(self) -> None:
        offer = self.offer
        if offer is None or not offer.payable:
            return
        place, amount, order_id = self.place_choice.currentData(), self.amount.value(), offer.order_id
        on = self.paid_on()
        confirm_on = _day(self.confirm_on.date()) if self.use_confirm_on.isChecked() else None
        self.act(lambda client: client.sim_pay(order_id, place, amount, on=on, confirm_on=confirm_on), self._paid,
                 QCoreApplication.translate("QaPanel", "支払っています…"))

    def _paid(self, order: Order) -> None:
        self.context.tracker.set_order(order)  # the waiting page and the banner show it at once
        payment = order.payment
        self.say(QCoreApplication.translate("QaPanel", "{place}で{amount}を支払いました（{number}）。").format(
            place=place_name(payment.place if payment else self.place_choice.currentData()),
            amount=yen(payment.amount if payment else self.amount.value()), number=order.number or order.id))
        self.use_on.setChecked(False)
        self.use_confirm_on.setChecked(False)
        self._orders_changed()
