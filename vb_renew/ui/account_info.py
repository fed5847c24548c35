"""S2 お客さま情報: opened by the expiry link on the main screen.

Keyboard: it shows with the focus on 「今すぐ更新」 (on 「戻る」 when the licence cannot be renewed); Enter renews,
Esc goes back, as 「戻る」 does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from vb_renew.rules.formatting import slash_date
from vb_renew.ui.keyboard import DialogKeys, focus_first
from vb_renew.ui.style import heading, styled
from vb_renew.ui.widgets import primary_button, publish, secondary_button

if TYPE_CHECKING:
    from vb_renew.core.data import Licence


class AccountInfoPage(QWidget):
    """S2 お客さま情報: serial, expiry, registered e-mail, and 「今すぐ更新」.

    Signals: ``renewClicked()``, ``backClicked()``.
    """

    renewClicked = Signal()
    backClicked = Signal()

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
        self.email = self._value("accountInfoEmail")
        form.addRow(QCoreApplication.translate("AccountInfo", "製品名"), self.product)
        form.addRow(QCoreApplication.translate("AccountInfo", "シリアル番号"), self.serial)
        form.addRow(QCoreApplication.translate("AccountInfo", "有効期限"), self.expiry)
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
        outer.addStretch(1)
        buttons = QHBoxLayout()
        self.back_button = secondary_button(
            "accountInfoBackButton", QCoreApplication.translate("AccountInfo", "戻る"), self)
        self.back_button.clicked.connect(self.backClicked)
        self.renew_button = primary_button("renewNowButton", QCoreApplication.translate("AccountInfo", "今すぐ更新"), self)
        self.renew_button.clicked.connect(self.renewClicked)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.renew_button)
        outer.addLayout(buttons)
        self.keys = DialogKeys(self, default=lambda: self.renew_button, cancel=lambda: self.back_button)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not event.spontaneous():  # shown as the page, not the window restored
            focus_first((self.renew_button, self.back_button))  # the user came here to renew

    def _value(self, object_name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(object_name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_licence(self, licence: Licence, email: str | None) -> None:
        self.product.setText(licence.product_name)
        self.serial.setText(licence.serial)
        self.expiry.setText(slash_date(licence.expiry))
        self.email.setText(email or QCoreApplication.translate("AccountInfo", "（未登録）"))
        refusal = licence.refusal
        self.refusal.setVisible(refusal is not None)
        self.refusal.setText(refusal.message if refusal is not None else "")
        self.renew_button.setEnabled(licence.renewable)
