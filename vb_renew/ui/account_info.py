"""S2 お客さま情報: opened by the expiry link on the main screen.

It shows whether あんしん自動更新 is on. While the serial has an open order, 「今すぐ更新」 is disabled (the server
refuses a second order for it) and a link leads to that order's status; with あんしん自動更新 on, 「今すぐ更新」
asks first (:mod:`vb_renew.ui.auto_renew_warning`). What it may do is the core's decision
(:func:`vb_renew.core.renewal_start.renew_now`).

Keyboard: it shows with the focus on 「今すぐ更新」 (on 「お支払い状況を確認する」, else 「戻る」, when the licence cannot be
renewed); Enter renews, Esc goes back, as 「戻る」 does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from vb_renew.core.renewal_start import renew_now
from vb_renew.i18n import Text
from vb_renew.ui.auto_renew_warning import confirm_slip_renewal
from vb_renew.ui.formats import short_date
from vb_renew.ui.keyboard import DialogKeys, focus_first, layout_order, set_tab_order
from vb_renew.ui.style import heading, styled
from vb_renew.ui.widgets import link_button, primary_button, publish, secondary_button, tr_text

if TYPE_CHECKING:
    from vb_renew.core.data import Licence


class AccountInfoPage(QWidget):
    """S2 お客さま情報: serial, expiry, あんしん自動更新, registered e-mail, and 「今すぐ更新」.

    Signals: ``renewClicked()`` (「今すぐ更新」, confirmed when あんしん自動更新 is on), ``backClicked()``,
    ``orderStatusRequested(str)`` (「お支払い状況を確認する」, with the id of the serial's open order).
    """

    renewClicked = Signal()
    backClicked = Signal()
    orderStatusRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountInfoPage")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 16)
        outer.addWidget(heading(QCoreApplication.translate("AccountInfo", "お客さま情報"), self,
                                "accountInfoHeading", 6))
        outer.addSpacing(12)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(10)
        self.product = self._value("accountInfoProduct")
        self.serial = self._value("accountInfoSerial")
        self.expiry = self._value("accountInfoExpiry")
        self.auto_renew = self._value("accountInfoAutoRenew")
        self.email = self._value("accountInfoEmail")
        form.addRow(QCoreApplication.translate("AccountInfo", "製品名"), self.product)
        form.addRow(QCoreApplication.translate("AccountInfo", "シリアル番号"), self.serial)
        form.addRow(QCoreApplication.translate("AccountInfo", "有効期限"), self.expiry)
        form.addRow(QCoreApplication.translate("AccountInfo", "あんしん自動更新"), self.auto_renew)
        form.addRow(QCoreApplication.translate("AccountInfo", "ご登録メールアドレス"), self.email)
        outer.addLayout(form)
        self.refusal = QLabel(self)
        self.refusal.setObjectName("accountInfoRefusal")
        publish(self.refusal)
        self.refusal.setWordWrap(True)
        styled(self.refusal, "alert")
        self.refusal.setVisible(False)
        outer.addSpacing(12)
        outer.addWidget(self.refusal)
        # The serial's open order: 「今すぐ更新」 would be refused; its status is where the user can go instead.
        self.order_link = link_button(
            "accountInfoOrderLink", QCoreApplication.translate("AccountInfo", "お支払い状況を確認する"), self)
        self.order_link.clicked.connect(self._order_link_clicked)
        self.order_link.setVisible(False)
        outer.addWidget(self.order_link, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addStretch(1)
        buttons = QHBoxLayout()
        self.back_button = secondary_button(
            "accountInfoBackButton", QCoreApplication.translate("AccountInfo", "戻る"), self)
        self.back_button.clicked.connect(self.backClicked)
        self.renew_button = primary_button("renewNowButton", QCoreApplication.translate("AccountInfo", "今すぐ更新"), self)
        self.renew_button.clicked.connect(self._renew_clicked)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.renew_button)
        outer.addLayout(buttons)
        self.keys = DialogKeys(self, default=lambda: self.renew_button, cancel=lambda: self.back_button)
        set_tab_order(layout_order(self))
        self.licence: Licence | None = None
        self.open_order: str | None = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not event.spontaneous():  # shown as the page, not the window restored
            # The user came here to renew; when that cannot be, to see the order in progress.
            focus_first((self.renew_button, self.order_link, self.back_button))

    def _value(self, object_name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(object_name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_licence(self, licence: Licence, email: str | None) -> None:
        self.licence = licence
        self.product.setText(licence.product_name)
        self.serial.setText(licence.serial)
        self.expiry.setText(short_date(licence.expiry))
        self.auto_renew.setText(QCoreApplication.translate("AccountInfo", "有効") if licence.auto_renew
                                else QCoreApplication.translate("AccountInfo", "無効"))
        self.email.setText(email or QCoreApplication.translate("AccountInfo", "（未登録）"))
        offer = renew_now(licence)
        reason = tr_text(offer.reason) if isinstance(offer.reason, Text) else offer.reason
        self.refusal.setVisible(bool(reason))
        self.refusal.setText(reason or "")
        self.open_order = offer.open_order
        self.order_link.setVisible(offer.open_order is not None)
        had_focus = self.renew_button.hasFocus()
        self.renew_button.setEnabled(offer.enabled)
        self.renew_button.setToolTip(reason or "")
        self.renew_button.setAccessibleDescription(reason or "")
        if had_focus and not offer.enabled and self.isVisible():
            focus_first((self.order_link, self.back_button))  # the focus does not fall out of the page

    @Slot()
    def _renew_clicked(self) -> None:
        """「今すぐ更新」: straight on, or once confirmed when the licence has あんしん自動更新 on."""
        if self.licence is None:
            return
        confirm_slip_renewal(self, self.licence, self.renewClicked.emit)

    @Slot()
    def _order_link_clicked(self) -> None:
        if self.open_order:
            self.orderStatusRequested.emit(self.open_order)
