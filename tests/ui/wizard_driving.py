"""Driving the renewal wizard as a user does: shared by the wizard's tests and the end-to-end ones."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from vb_renew.core.data import Order
from vb_renew.core.flow import Step
from vb_renew.core.session import ProductSession
from vb_renew.qa.automation import unnamed
from vb_renew.ui.wizard import RenewalWizard

TIMEOUT = 10_000

GOOD_CUSTOMER = {
    "family_name": "山田",
    "given_name": "太郎",
    "family_kana": "ヤマダ",
    "given_kana": "タロウ",
    "postal_code": "1600023",  # fills 東京都 / 新宿区西新宿
    "address_line": "6-10-1",
    "building": "",
    "phone": "03-1234-5678",
}


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type like a user. ``qtbot.keyClicks`` only knows ASCII keys (QTest asserts on others), so
    Japanese characters go in as key events carrying their text, as an input method delivers them."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier)


def erase(qtbot, widget: QWidget) -> None:
    """Select all and delete, with keys (the field sees the user's edit)."""
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)


def click(qtbot, button: QPushButton) -> None:
    assert button.isVisible(), button.objectName()
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def child(parent: QWidget, cls: type, object_name: str) -> Any:
    found = parent.findChild(cls, object_name)
    assert found is not None, object_name
    return found


def serials_of(session: ProductSession) -> list[str]:
    client = session.client()
    try:
        return [licence.serial for licence in client.licences() if licence.renewable]
    finally:
        client.close()


def orders_of(session: ProductSession) -> list[Order]:
    client = session.client()
    try:
        return client.orders()
    finally:
        client.close()


def fill_customer(qtbot, wizard: RenewalWizard, values: dict[str, str] | None = None) -> None:
    """Type the customer's details on the current page, checking the button stays disabled until the end."""
    page = wizard.page(wizard.current_step())
    form = page.customer_form
    values = dict(GOOD_CUSTOMER, **(values or {}))
    for field, value in values.items():
        assert not page.next_button.isEnabled(), f"enabled before {field}"
        if value:
            type_text(qtbot, form.inputs[field], value)
    qtbot.waitUntil(lambda: form.value("prefecture") == "東京都", timeout=TIMEOUT)  # from the postal code
    assert form.value("city") == "新宿区西新宿"
    assert not page.next_button.isEnabled()  # the agreement is not acknowledged yet
    assert form.visible_errors() == {}


def agree(qtbot, wizard: RenewalWizard) -> None:
    page = wizard.page(wizard.current_step())
    assert not page.next_button.isEnabled()
    check = page.agreement.check
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))  # on the box
    qtbot.waitUntil(lambda: page.agreement.agreed(), timeout=TIMEOUT)


def choose(qtbot, wizard: RenewalWizard, serial: str, product: str, years: int) -> None:
    section = child(wizard.product_page, QWidget, f"productPage.section.{serial}")
    click(qtbot, child(section, QPushButton, f"productPage.years{years}.{product}"))


def assert_automation_names(wizard: RenewalWizard) -> None:
    """Every interactive widget has a stable objectName and an accessibleName (QA tools, screen readers)."""
    assert unnamed(wizard) == []


def submit_and_finish(qtbot, wizard: RenewalWizard) -> Order:
    """S7 → S8 (「OK」) → S9; returns the order the wizard announced."""
    assert wizard.current_step() is Step.CONFIRM
    button = wizard.confirm_page.next_button
    click(qtbot, button)
    assert not button.isEnabled()  # no double submit while in flight
    return submit_and_finish_clicked(qtbot, wizard)


def submit_and_finish_clicked(qtbot, wizard: RenewalWizard) -> Order:
    """S7's button clicked: S8 (「OK」) → S9; returns the order the wizard announced."""
    qtbot.waitUntil(lambda: wizard.findChild(QMessageBox, "orderPlacedDialog") is not None, timeout=TIMEOUT)
    dialog = wizard.findChild(QMessageBox, "orderPlacedDialog")
    assert wizard.current_step() is Step.CONFIRM  # S9 only after 「OK」
    with qtbot.waitSignal(wizard.orderPlaced, timeout=TIMEOUT) as placed:
        click(qtbot, child(dialog, QPushButton, "orderPlacedDialog.ok"))
    assert wizard.current_step() is Step.COMPLETE
    return placed.args[0]
