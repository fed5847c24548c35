"""S5: the product and the years, per serial [seed]."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vb_renew.core.data import RenewalItem, RenewalOption
from vb_renew.core.flow import Choice, Step
from vb_renew.rules.upgrades import UPGRADE_BY_CARD_ONLY
from vb_renew.ui.formats import short_date
from vb_renew.ui.keyboard import ArrowGroup, focus_first
from vb_renew.ui.style import (
    card_frame,
    heading,
    section_title,
    styled,
    wrapped,
    years_text,
    yen,
)
from vb_renew.ui.widgets import name, publish, tr_text
from vb_renew.ui.wizard.base import (
    WizardPage,
)


class ProductPage(WizardPage):
    """S5 製品と年数: the offered products, years 1–3 with prices, one section per serial.

    「この製品で契約更新する」 for the current product, 「お申し込みはこちら」 for the others [seed];
    another product is an upgrade, paid by credit card [seed]; an option the server refuses shows its
    message and cannot be chosen.

    Keyboard: each product's years are one stop for Tab (an :class:`~vb_renew.ui.keyboard.ArrowGroup`, entered at
    the chosen one), the arrow keys move among them, Space or Enter chooses; Tab goes product to product, serial
    to serial. Choosing is never a side effect of moving.

    Signals: ``choiceMade(object)`` with a :class:`~vb_renew.core.flow.Choice`.
    Automation: each serial's section is ``productPage.section.<serial>``; inside it the buttons are
    ``productPage.years<n>.<product>``, refusals ``productPage.refusal.<product>``.
    """

    choiceMade = Signal(object)
    step = Step.PRODUCT

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("productPage", parent)
        self.body_layout.addWidget(heading(
            QCoreApplication.translate("WizardProduct", "製品の種類と契約更新年数の選択"), self.body,
            "productPage.heading"))
        self.intro = wrapped(QCoreApplication.translate(
            "WizardProduct",
            "ご希望の製品を選択し、ご希望の年数の［お申し込みはこちら］または［この製品で契約更新する］を"
            "クリックしてください。"), self.body, "productPage.intro")  # [seed], as an instruction
        self.body_layout.addWidget(self.intro)
        self.upgrade_note = wrapped(tr_text(UPGRADE_BY_CARD_ONLY), self.body, "productPage.upgradeNote", "note")
        self.body_layout.addWidget(self.upgrade_note)
        self.status = wrapped("", self.body, "productPage.status", "accent.bold")
        self.body_layout.addWidget(self.status)
        self.sections_widget = QWidget(self.body)
        self.sections_layout = QVBoxLayout(self.sections_widget)
        self.sections_layout.setContentsMargins(0, 0, 0, 0)
        self.sections_layout.setSpacing(12)
        self.body_layout.addWidget(self.sections_widget)
        self.body_layout.addStretch(1)
        self.items: list[RenewalItem] = []
        self.sections: dict[str, QWidget] = {}
        self._buttons: dict[tuple[str, str, int], QPushButton] = {}
        self._groups: list[ArrowGroup] = []

    # -- building --------------------------------------------------------------

    def set_items(self, items: Sequence[RenewalItem]) -> None:
        """The renewal options of the selected serials (items of ``POST /renewal-options``); the same options again
        keep their sections (the wizard opened again for the same serials: nothing to build)."""
        if list(items) == self.items and self.sections:
            return
        while self.sections_layout.count():
            widget = self.sections_layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.items = list(items)
        self.sections, self._buttons, self._groups = {}, {}, []
        self.controls_built += 1
        for item in items:
            section = self._section(item, several=len(items) > 1)
            self.sections[item.serial] = section
            self.sections_layout.addWidget(section)
        self.upgrade_note.setVisible(any(option.upgrade for item in items for option in item.options))

    def _section(self, item: RenewalItem, several: bool) -> QWidget:
        serial = item.serial
        section = QWidget(self.sections_widget)
        section.setObjectName(f"productPage.section.{serial}")
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(section_title(QCoreApplication.translate(
            "WizardProduct", "シリアル番号 {serial}（ご利用中: {product}、有効期限: {expiry}）").format(
            serial=serial, product=item.current_product_name or item.current_product,
            expiry=short_date(item.expiry)), section, f"productPage.sectionTitle.{serial}"))
        for option in item.options:
            layout.addWidget(self._option(section, item, option))
        return section

    def _option(self, section: QWidget, item: RenewalItem, option: RenewalOption) -> QWidget:
        serial, product = item.serial, option.product
        current = product == item.current_product
        upgrade = option.upgrade
        refusal = option.refusal
        box = card_frame(section, f"productPage.option.{product}")
        grid = QGridLayout(box)
        grid.setContentsMargins(12, 8, 12, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        title_row = QHBoxLayout()
        title = QLabel(option.product_name or product, box)
        title.setObjectName(f"productPage.productName.{product}")
        title.setStyleSheet("font-weight: bold;")
        title.setWordWrap(True)
        title_row.addWidget(title, 1)
        if current:
            tag = QLabel(QCoreApplication.translate("WizardProduct", "ご利用中の製品"), box)
            styled(tag, "tag.current")
            title_row.addWidget(tag)
        elif upgrade:
            tag = QLabel(QCoreApplication.translate("WizardProduct", "アップグレード（クレジットカード決済）"), box)
            styled(tag, "tag.upgrade")
            title_row.addWidget(tag)
        grid.addLayout(title_row, 0, 0, 1, 3)
        row = 1
        if refusal is not None:
            message = QLabel(refusal.message, box)
            name(message, f"productPage.refusal.{product}", message.text())
            publish(message)
            message.setWordWrap(True)
            styled(message, "error.bold")
            grid.addWidget(message, row, 0, 1, 3)
            row += 1
        caption = (QCoreApplication.translate("WizardProduct", "この製品で契約更新する") if current  # [seed]
                   else QCoreApplication.translate("WizardProduct", "お申し込みはこちら"))  # [seed]
        product_name = title.text()
        buttons: list[QPushButton] = []
        for column, price in enumerate(option.prices):
            years, amount = price.years, price.price
            cell = QVBoxLayout()
            cell.setSpacing(2)
            years_label = QLabel(years_text(years), box)
            styled(years_label, "muted")
            price_label = QLabel(yen(amount), box)
            price_label.setObjectName(f"productPage.price{years}.{product}")
            price_label.setStyleSheet("font-weight: bold;")
            button = QPushButton(caption, box)
            name(button, f"productPage.years{years}.{product}",
                 QCoreApplication.translate("WizardProduct", "{product} {years}年 {price} {caption}").format(
                     product=product_name, years=years, price=yen(amount), caption=caption))
            button.setCheckable(True)
            button.setAutoDefault(True)  # Enter chooses, as Space does
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            styled(button, "button.choice")
            button.setEnabled(refusal is None)
            buttons.append(button)
            choice = Choice(serial=serial, product=product, years=years, price=amount, upgrade=upgrade)
            button.clicked.connect(lambda _checked=False, c=choice: self.choiceMade.emit(c))
            self._buttons[(serial, product, years)] = button
            cell.addWidget(years_label)
            cell.addWidget(price_label)
            cell.addWidget(button)
            grid.addLayout(cell, row, column)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        # The chosen one is shown by show_choices(), one choice per serial across its products.
        self._groups.append(ArrowGroup(buttons, box, f"productPage.choices.{serial}.{product}"))
        return box

    # -- state -----------------------------------------------------------------

    def button(self, serial: str, product: str, years: int) -> QPushButton | None:
        return self._buttons.get((serial, product, years))

    def show_choices(self, choices: tuple[Choice, ...]) -> None:
        """Mark the chosen option of each serial, and say how many are still to choose."""
        chosen = {c.serial: c for c in choices}
        for (serial, product, years), button in self._buttons.items():
            choice = chosen.get(serial)
            button.setChecked(bool(choice and choice.product == product and choice.years == years))
        left = sum(1 for item in self.items if item.serial not in chosen)
        several = len(self.items) > 1
        self.status.setVisible(several and left > 0)
        self.status.setText(QCoreApplication.translate(
            "WizardProduct", "あと{count}件のシリアル番号について、製品と年数を選択してください。").format(count=left))

    def first_focus(self) -> list[QWidget]:
        """The chosen button (back from S6), else the first product's stop."""
        buttons = list(self._buttons.values())
        return [*(button for button in buttons if button.isChecked()), *buttons]

    def focus_choice(self, serial: str) -> None:
        """The focus on ``serial``'s first product (the next serial to choose for)."""
        focus_first(button for (s, _product, _years), button in self._buttons.items() if s == serial)

    def scroll_to(self, serial: str) -> None:
        """Bring a serial's section to the top (the next one to choose, with several serials)."""
        section = self.sections.get(serial)
        if section is not None:
            self.scroll.verticalScrollBar().setValue(self.sections_widget.y() + section.y())

    def product_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for item in self.items:
            names[item.current_product] = item.current_product_name
            for option in item.options:
                names[option.product] = option.product_name or option.product
        return names
