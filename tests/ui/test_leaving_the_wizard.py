"""Leaving the renewal wizard loses nothing by accident, and キャンセル goes back where the user came from.

The real window and controller on their own embedded backend over HTTP (as the app starts them). A filled form
asks before キャンセル and before the window closes; an empty one does not. The customer's details and the choice
are kept on disk as they are typed (never a card field) and restored when the app starts again on the same data
folder; a broken draft file is ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QPushButton, QWidget
from shiboken6 import isValid
from wizard_driving import GOOD_CUSTOMER, TIMEOUT, child, choose, click, orders_of, type_text

from vb_renew import paths
from vb_renew.core.backend import Options
from vb_renew.core.draft import FOLDER
from vb_renew.core.flow import Step
from vb_renew.startup import product_backend
from vb_renew.ui.account_route import AccountRoutePage
from vb_renew.ui.controller import AppController
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.wizard import RenewalWizard

TARO = ("taro@example.jp", "taro-pass-1234")
CARD_NUMBER = "4242424242424242"


@pytest.fixture
def boot(qtbot) -> Iterator:
    """``boot(scenario=None)``: a window and its controller on the test's data folder, connected (a second boot is
    the app started again: the same folder, the same backend database)."""
    controllers: list[AppController] = []

    def start(scenario: str | None = "vb_cloud_in_term") -> tuple[MainWindow, AppController]:
        window = MainWindow()
        qtbot.addWidget(window)
        controller = AppController(window, product_backend(Options(scenario=scenario, seconds_per_day=0)), window)
        controllers.append(controller)
        window.show()
        controller.start()
        qtbot.waitUntil(lambda: controller.view is not None, timeout=20_000)
        return window, controller

    yield start
    for controller in controllers:
        controller.shutdown()


def drafts() -> list[Path]:
    folder = paths.get().data / FOLDER
    return sorted(folder.glob("*.json")) if folder.exists() else []


def open_from_s2(qtbot, window: MainWindow, controller: AppController) -> RenewalWizard:
    window.show_account_info()
    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is controller.wizard is not None
                    and controller.wizard.current_step() is not None, timeout=TIMEOUT)
    return controller.wizard


def type_customer(qtbot, wizard: RenewalWizard, fields: tuple[str, ...] = ("family_name", "given_name", "phone")
                  ) -> None:
    form = wizard.page(wizard.current_step()).customer_form
    for field in fields:
        type_text(qtbot, form.inputs[field], GOOD_CUSTOMER[field])


def shown(parent, object_name: str) -> QMessageBox | None:
    """The question on screen (one answered earlier may wait for its deletion, hidden)."""
    boxes = [box for box in parent.findChildren(QMessageBox, object_name) if isValid(box) and box.isVisible()]
    return boxes[0] if boxes else None


def question(qtbot, parent, object_name: str) -> QMessageBox:
    qtbot.waitUntil(lambda: shown(parent, object_name) is not None, timeout=TIMEOUT)
    return shown(parent, object_name)


def answer(qtbot, box: QMessageBox, button: str) -> None:
    name = box.objectName()
    click(qtbot, child(box, QPushButton, f"{name}.{button}"))
    qtbot.waitUntil(lambda: not isValid(box) or not box.isVisible(), timeout=TIMEOUT)


def asking(parent, object_name: str) -> bool:
    return shown(parent, object_name) is not None


# -- キャンセル with a filled form ------------------------------------------------------------------------


def test_cancel_with_a_filled_form_asks_keeps_editing_or_leaves_to_s2(boot, qtbot) -> None:
    window, controller = boot()
    wizard = open_from_s2(qtbot, window, controller)
    choose(qtbot, wizard, controller.session.serial, "vb_cloud", 2)
    assert wizard.current_step() is Step.PAYMENT
    form = wizard.payment_page.customer_form
    assert not wizard.holds_input()  # the e-mail is pre-filled: nothing typed yet
    type_customer(qtbot, wizard)

    click(qtbot, wizard.cancel_link)
    box = question(qtbot, wizard, "leaveWizardDialog")
    assert box.text() == "入力内容が失われます。よろしいですか？"
    assert box.defaultButton() is box.escapeButton() is child(box, QPushButton, "leaveWizardDialog.stay")
    answer(qtbot, box, "stay")  # 「入力を続ける」
    assert window.stack.currentWidget() is wizard and wizard.current_step() is Step.PAYMENT
    assert form.value("family_name") == "山田" and form.value("phone") == "03-1234-5678"

    form.inputs["given_name"].setFocus()
    QTest.keyClick(form.inputs["given_name"], Qt.Key.Key_Escape)  # Esc is キャンセル: it asks too
    box = question(qtbot, wizard, "leaveWizardDialog")
    QTest.keyClick(box, Qt.Key.Key_Escape)  # and Esc in the question keeps editing
    qtbot.waitUntil(lambda: not asking(wizard, "leaveWizardDialog"), timeout=TIMEOUT)
    assert window.stack.currentWidget() is wizard and form.value("given_name") == "太郎"
    qtbot.waitUntil(lambda: len(drafts()) == 1, timeout=TIMEOUT)  # kept as typed

    click(qtbot, wizard.cancel_link)
    answer(qtbot, question(qtbot, wizard, "leaveWizardDialog"), "leave")  # 「入力内容を破棄する」
    assert window.stack.currentWidget() is window.account_info  # where 「今すぐ更新」 was clicked
    qtbot.waitUntil(lambda: drafts() == [], timeout=TIMEOUT)  # discarded
    assert orders_of(controller.session) == []

    wizard = open_from_s2(qtbot, window, controller)  # a new application: nothing of the old one
    assert wizard.current_step() is Step.PRODUCT and not wizard.draft.choices
    assert form.value("family_name") == "" and form.value("email") == controller.session.email


def test_cancel_with_an_empty_form_leaves_without_asking(boot, qtbot) -> None:
    window, controller = boot()
    wizard = open_from_s2(qtbot, window, controller)
    choose(qtbot, wizard, controller.session.serial, "vb_cloud", 1)
    with qtbot.waitSignal(wizard.cancelled, timeout=TIMEOUT):
        click(qtbot, wizard.cancel_link)
    assert not asking(wizard, "leaveWizardDialog")
    assert window.stack.currentWidget() is window.account_info
    assert drafts() == []


# -- closing the window ---------------------------------------------------------------------------------------


def test_closing_the_window_with_a_filled_form_asks_and_the_draft_is_restored_on_the_next_start(
        boot, qtbot) -> None:
    window, controller = boot()
    serial = controller.session.serial
    wizard = open_from_s2(qtbot, window, controller)
    choose(qtbot, wizard, serial, "vb_cloud", 3)
    type_customer(qtbot, wizard, ("family_name", "given_name", "family_kana", "given_kana", "address_line"))

    assert not window.close()  # the close button, Alt+F4: held
    box = question(qtbot, wizard, "closeWizardDialog")
    assert "次にお申し込みを始めたときに復元されます" in box.informativeText()
    answer(qtbot, box, "stay")
    assert window.isVisible() and window.stack.currentWidget() is wizard

    type_text(qtbot, wizard.payment_page.customer_form.inputs["phone"], "03-1234-5678")
    window.close()  # at once: the draft's timer has not fired yet
    answer(qtbot, question(qtbot, wizard, "closeWizardDialog"), "leave")  # 「終了する」
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    assert len(drafts()) == 1
    assert "03-1234-5678" in drafts()[0].read_text(encoding="utf-8")  # written as the window closed
    controller.shutdown()

    window, controller = boot(None)  # the app started again, on the same data folder
    wizard = open_from_s2(qtbot, window, controller)
    assert wizard.current_step() is Step.PAYMENT  # where the user was
    assert [(c.serial, c.product, c.years) for c in wizard.draft.choices] == [(serial, "vb_cloud", 3)]
    page = wizard.payment_page
    assert page.notice is not None and page.notice.isVisible()
    assert page.notice.text().startswith("前回入力した内容を復元しました。")
    form = page.customer_form
    assert [form.value(f) for f in ("family_name", "given_name", "family_kana", "address_line", "phone")] == [
        "山田", "太郎", "ヤマダ", "6-10-1", "03-1234-5678"]
    assert form.value("email") == controller.session.email
    assert child(page.summary, QLabel, "customerPage.summary.years1").text() == "3年"
    assert wizard.holds_input()
    click(qtbot, wizard.back_button)  # S5 shows the choice restored
    assert wizard.current_step() is Step.PRODUCT
    assert wizard.product_page.button(serial, "vb_cloud", 3).isChecked()
    click(qtbot, wizard.cancel_link)
    answer(qtbot, question(qtbot, wizard, "leaveWizardDialog"), "leave")
    qtbot.waitUntil(lambda: drafts() == [], timeout=TIMEOUT)


def test_closing_the_window_with_an_empty_form_asks_nothing(boot, qtbot) -> None:
    window, controller = boot()
    wizard = open_from_s2(qtbot, window, controller)
    choose(qtbot, wizard, controller.session.serial, "vb_cloud", 1)
    assert window.close()
    assert not window.isVisible() and not asking(wizard, "closeWizardDialog")
    assert drafts() == []


def test_the_draft_goes_once_the_order_is_placed(boot, qtbot) -> None:
    from wizard_driving import agree, fill_customer, submit_and_finish

    window, controller = boot()
    wizard = open_from_s2(qtbot, window, controller)
    choose(qtbot, wizard, controller.session.serial, "vb_cloud", 1)
    fill_customer(qtbot, wizard)
    qtbot.waitUntil(lambda: len(drafts()) == 1, timeout=TIMEOUT)
    agree(qtbot, wizard)
    click(qtbot, wizard.payment_page.next_button)
    submit_and_finish(qtbot, wizard)
    qtbot.waitUntil(lambda: drafts() == [], timeout=TIMEOUT)
    assert not wizard.holds_input()  # S9: nothing asks
    assert window.close()
    assert not asking(wizard, "closeWizardDialog")


# -- never a card field ----------------------------------------------------------------------------------------


def test_the_card_typed_on_the_upgrade_page_never_reaches_the_disk(boot, qtbot, isolated_basedir) -> None:
    window, controller = boot()
    wizard = open_from_s2(qtbot, window, controller)
    choose(qtbot, wizard, controller.session.serial, "ts_standard", 1)  # an upgrade: paid by card
    assert wizard.current_step() is Step.CARD
    card = wizard.card_page.card_form
    type_text(qtbot, card.inputs["number"], "4242 4242 4242 4242")
    month, year = card.inputs["expiry_month"], card.inputs["expiry_year"]
    assert isinstance(month, QComboBox) and isinstance(year, QComboBox)
    month.setCurrentIndex(12)
    year.setCurrentIndex(5)
    type_text(qtbot, card.inputs["security_code"], "987")
    type_text(qtbot, card.inputs["holder"], "TARO YAMADA")
    assert wizard.holds_input() and drafts() == []  # the card alone asks, but is never kept
    type_customer(qtbot, wizard)
    qtbot.waitUntil(lambda: len(drafts()) == 1, timeout=TIMEOUT)

    window.close()
    box = question(qtbot, wizard, "closeWizardDialog")
    assert "クレジットカード情報は保存されないため、失われます。" in box.informativeText()
    answer(qtbot, box, "leave")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    text = drafts()[0].read_text(encoding="utf-8")
    assert "山田" in text and "ts_standard" in text
    # Every key, text and whole number in the draft (not its timestamps: a float's digits may hold "987").
    words = kept_words(json.loads(text))
    for secret in (CARD_NUMBER, "4242 4242", "987", "TARO YAMADA", "security_code", "expiry"):
        assert not any(secret in word for word in words), secret
    leaked = [p for p in isolated_basedir.rglob("*") if p.is_file() and (
        CARD_NUMBER.encode() in p.read_bytes() or b"4242 4242 4242 4242" in p.read_bytes())]
    assert leaked == []
    controller.shutdown()

    window, controller = boot(None)
    wizard = open_from_s2(qtbot, window, controller)
    assert wizard.current_step() is Step.CARD  # the upgrade, restored; the card to type again
    assert wizard.card_page.customer_form.value("family_name") == "山田"
    assert all(value == "" for value in wizard.card_page.card_form.values().values())
    assert "もう一度入力してください" in wizard.card_page.notice.text()
    click(qtbot, wizard.cancel_link)
    answer(qtbot, question(qtbot, wizard, "leaveWizardDialog"), "leave")


def kept_words(value: object) -> list[str]:
    """The keys, texts and whole numbers of a JSON value, as text."""
    if isinstance(value, dict):
        return [word for key, item in value.items() for word in (str(key), *kept_words(item))]
    if isinstance(value, list):
        return [word for item in value for word in kept_words(item)]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [str(value)]
    return []


# -- a broken draft ----------------------------------------------------------------------------------------------


def test_a_corrupt_draft_file_is_ignored(boot, qtbot, caplog) -> None:
    window, controller = boot()
    wizard = open_from_s2(qtbot, window, controller)
    choose(qtbot, wizard, controller.session.serial, "vb_cloud", 1)
    type_customer(qtbot, wizard)
    qtbot.waitUntil(lambda: len(drafts()) == 1, timeout=TIMEOUT)
    path = drafts()[0]
    assert window.close() is False
    answer(qtbot, question(qtbot, wizard, "closeWizardDialog"), "leave")
    controller.shutdown()
    path.write_bytes(b'{"version": 1, "key": \xff broken')

    window, controller = boot(None)
    wizard = open_from_s2(qtbot, window, controller)
    assert wizard.current_step() is Step.PRODUCT  # a new application, as if there were no draft
    assert wizard.payment_page.notice is None or not wizard.payment_page.notice.isVisible()
    assert wizard.payment_page.customer_form.value("family_name") == ""
    assert "ignored" in caplog.text


# -- キャンセル goes back to where the user came from ---------------------------------------------------------------


def test_cancel_on_the_account_route_returns_to_the_licence_list(boot, qtbot) -> None:
    window, controller = boot()
    controller.show_account_route()
    route: AccountRoutePage = controller.account_route
    qtbot.waitUntil(lambda: route.current_screen() == route.LOGIN, timeout=TIMEOUT)
    qtbot.keyClicks(route.login_form.email_edit, TARO[0])
    qtbot.keyClicks(route.login_form.password_edit, TARO[1])
    click(qtbot, route.login_form.login_button)
    qtbot.waitUntil(lambda: route.current_screen() == route.LICENCES, timeout=TIMEOUT)
    click(qtbot, next(b for b in route.licence_list.renew_buttons() if b.isEnabled()))
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is not None,
                    timeout=TIMEOUT)
    wizard = controller.wizard
    assert window.stack.currentWidget() is wizard
    click(qtbot, wizard.cancel_link)
    assert window.stack.currentWidget() is route and route.current_screen() == route.LICENCES  # ライセンス管理

    # Filled, the question comes first; 「入力内容を破棄する」 lands on ライセンス管理 too.
    click(qtbot, next(b for b in route.licence_list.renew_buttons() if b.isEnabled()))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is wizard and wizard.current_step() is Step.PRODUCT,
                    timeout=TIMEOUT)
    serial = wizard.draft.selected_serials[0]
    # Opened again, S5 may still be the last opening's while the options load: wait for this one's buttons.
    def year_button() -> QPushButton:  # the one choose() will click: the first such section's
        section = wizard.product_page.findChild(QWidget, f"productPage.section.{serial}")
        return section.findChild(QPushButton, "productPage.years1.vb_cloud") if section is not None else None

    qtbot.waitUntil(lambda: year_button() is not None and year_button().isVisible(), timeout=TIMEOUT)
    choose(qtbot, wizard, serial, "vb_cloud", 1)
    type_customer(qtbot, wizard)
    click(qtbot, wizard.cancel_link)
    answer(qtbot, question(qtbot, wizard, "leaveWizardDialog"), "leave")
    assert window.stack.currentWidget() is route and route.current_screen() == route.LICENCES


def test_back_to_main_screen_after_the_order_still_goes_to_s1(boot, qtbot) -> None:
    from wizard_driving import agree, fill_customer, submit_and_finish

    window, controller = boot()
    wizard = open_from_s2(qtbot, window, controller)
    choose(qtbot, wizard, controller.session.serial, "vb_cloud", 1)
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    click(qtbot, wizard.payment_page.next_button)
    submit_and_finish(qtbot, wizard)
    click(qtbot, wizard.complete_page.next_button)  # 「メイン画面に戻る」
    assert window.stack.currentWidget() is window.home
