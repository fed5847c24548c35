"""S4: choosing the serial numbers to renew [seed].

A serial that cannot be renewed says why; one with an open order also links to that order's status
(「お支払い状況を確認する」), which the controller opens: the wizard re-emits ``orderStatusRequested``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vb_renew.core.data import RenewalItem
from vb_renew.core.flow import Step
from vb_renew.core.renewal_start import OPEN_ORDER
from vb_renew.ui.formats import short_date
from vb_renew.ui.style import (
    card_frame,
    heading,
    styled,
    wrapped,
)
from vb_renew.ui.widgets import link_button, name, primary_button, publish, tr_text
from vb_renew.ui.wizard.base import (
    WizardPage,
)


def renewable_item(item: RenewalItem) -> bool:
    """A serial can be ordered now: renewable, and no application of it is still open."""
    return item.renewable and not item.open_order


def item_refusal(item: RenewalItem) -> str:
    """Why a serial cannot be renewed: the server's message, or ours for an open application."""
    if item.refusal is not None and item.refusal.message:
        return item.refusal.message
    if item.open_order:
        return tr_text(OPEN_ORDER)
    return QCoreApplication.translate("WizardSerials", "このシリアル番号は現在契約更新できません。")


class SerialsPage(WizardPage):
    """S4 シリアル番号の選択: 「契約更新を申し込む」 per serial, 「まとめて契約更新を申し込む」 for all.

    Signals: ``serialsChosen(list)`` with the serials to renew; ``orderStatusRequested(str)`` with the id of a
    serial's open order (its 「お支払い状況を確認する」).
    """

    serialsChosen = Signal(list)
    orderStatusRequested = Signal(str)
    step = Step.SERIALS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("serialsPage", parent)
        self.body_layout.addWidget(heading(
            QCoreApplication.translate("WizardSerials", "契約更新するシリアル番号の選択"), self.body,
            "serialsPage.heading"))
        self.intro = wrapped(QCoreApplication.translate(
            "WizardSerials", "更新したいシリアル番号の［契約更新を申し込む］をクリックしてください。"),
            self.body, "serialsPage.intro")
        self.body_layout.addWidget(self.intro)
        self.list_frame = QWidget(self.body)
        self.list_layout = QVBoxLayout(self.list_frame)
        self.list_layout.setContentsMargins(0, 4, 0, 4)
        self.list_layout.setSpacing(8)
        self.body_layout.addWidget(self.list_frame)
        self.bulk_hint = wrapped(QCoreApplication.translate(
            "WizardSerials",
            "複数のシリアル番号をお持ちの場合、［まとめて契約更新を申し込む］をクリックすると、"
            "複数のシリアル番号をまとめて更新できます。"), self.body, "serialsPage.bulkHint",
            "muted")
        self.body_layout.addWidget(self.bulk_hint)
        self.renew_all_button = primary_button(
            "serialsPage.renewAllButton",
            QCoreApplication.translate("WizardSerials", "まとめて契約更新を申し込む"), self.body)  # [seed]
        self.renew_all_button.clicked.connect(self._renew_all)
        self.body_layout.addWidget(self.renew_all_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body_layout.addStretch(1)
        self.items: list[RenewalItem] = []
        self.buttons: dict[str, QPushButton] = {}

    def set_items(self, items: Sequence[RenewalItem]) -> None:
        if self.items and list(items) == self.items:
            return  # the wizard opened again for the same serials: the rows are built
        while self.list_layout.count():
            widget = self.list_layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.items = list(items)
        self.buttons = {}
        self.controls_built += 1
        renewable = [item for item in items if renewable_item(item)]
        for item in items:
            self.list_layout.addWidget(self._row(item))
        several = len(renewable) > 1
        self.renew_all_button.setVisible(several)
        self.bulk_hint.setVisible(several)
        if not renewable:
            self.intro.setText(QCoreApplication.translate(
                "WizardSerials", "契約更新できるシリアル番号がありません。"))
            styled(self.intro, "error")
        else:
            self.intro.setText(QCoreApplication.translate(
                "WizardSerials", "更新したいシリアル番号の［契約更新を申し込む］をクリックしてください。"))
            styled(self.intro, "")

    def _row(self, item: RenewalItem) -> QFrame:
        serial = item.serial
        row = card_frame(self.list_frame, f"serialsPage.row.{serial}")
        grid = QGridLayout(row)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(12)
        product = QLabel(item.current_product_name or item.current_product, row)
        product.setObjectName(f"serialsPage.product.{serial}")
        product.setStyleSheet("font-weight: bold;")
        product.setWordWrap(True)
        details = QLabel(QCoreApplication.translate(
            "WizardSerials", "シリアル番号: {serial}　有効期限: {expiry}").format(
            serial=serial, expiry=short_date(item.expiry)), row)
        details.setObjectName(f"serialsPage.details.{serial}")
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        texts = QVBoxLayout()
        texts.addWidget(product)
        texts.addWidget(details)
        grid.addLayout(texts, 0, 0)
        grid.setColumnStretch(0, 1)
        if renewable_item(item):
            button = primary_button(
                f"serialsPage.renew.{serial}",
                QCoreApplication.translate("WizardSerials", "契約更新を申し込む"), row)  # [seed]
            button.setAccessibleName(QCoreApplication.translate(
                "WizardSerials", "{serial} の契約更新を申し込む").format(serial=serial))
            button.clicked.connect(lambda _checked=False, s=serial: self.serialsChosen.emit([s]))
            self.buttons[serial] = button
            grid.addWidget(button, 0, 1, Qt.AlignmentFlag.AlignVCenter)
        else:
            refusal = QLabel(item_refusal(item), row)
            name(refusal, f"serialsPage.refusal.{serial}", refusal.text())
            publish(refusal)
            refusal.setWordWrap(True)
            styled(refusal, "error")
            grid.addWidget(refusal, 1, 0, 1, 2)
            if item.open_order:
                link = link_button(f"serialsPage.orderLink.{serial}",
                                   QCoreApplication.translate("WizardSerials", "お支払い状況を確認する"), row)
                link.setAccessibleName(QCoreApplication.translate(
                    "WizardSerials", "{serial} のお支払い状況を確認する").format(serial=serial))
                link.clicked.connect(lambda _checked=False, o=item.open_order: self.orderStatusRequested.emit(o))
                grid.addWidget(link, 2, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        return row

    @Slot()
    def _renew_all(self) -> None:
        self.serialsChosen.emit([item.serial for item in self.items if renewable_item(item)])

