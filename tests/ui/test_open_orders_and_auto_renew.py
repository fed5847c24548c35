"""An open order and あんしん自動更新 before a renewal starts: S2 says both, an open order links to its status
(from S2 and S4), and a slip renewal of a licence renewed automatically asks first (S2 and the account route).

The real window and controller on the tests' backend over HTTP on loopback, the world pinned to a known day and
the simulated clock standing still. Orders are placed through the API as the product would, or written by the
world document (docs/worlds.md), so the app finds one on start (followed) or only when its link is clicked.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton
from wizard_driving import TIMEOUT, click, orders_of

from vb_renew.core.api import ApiClient
from vb_renew.core.backend import Options, ProductBackend
from vb_renew.core.data import Order
from vb_renew.core.flow import Step
from vb_renew.resources import resource_path
from vb_renew.ui.account_route import AccountRoutePage
from vb_renew.ui.controller import AppController
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.waiting import WaitingPage

START = "2026-11-26"  # the pinned simulated today
TARO = ("taro@example.jp", "taro-pass-1234")
WARNING = "autoRenewWarning"
INSTALLED, OTHER = "VB5C-TARO-0002-0001-0001", "VB5C-TARO-0002-0002-0001"  # two_serials.json


@pytest.fixture
def open_app(qtbot, backend, sim: ApiClient, poll_policy) -> Iterator[Callable[..., tuple[MainWindow, AppController]]]:
    """``open_app(scenario)`` or ``open_app(world=document)``: the world loaded on the pinned day, the clock
    stopped, the customer paying only when a test pays; the main window shown, connected, showing the licence."""
    controllers: list[AppController] = []

    def open_(scenario: str = "vb_cloud_in_term", world: dict[str, Any] | None = None,
              ) -> tuple[MainWindow, AppController]:
        if world is not None:
            sim.sim_load_world(world)
        else:
            sim.sim_load_scenario(scenario, start=START, seconds_per_day=None, customer_pays=False)
        window = MainWindow()
        qtbot.addWidget(window)
        backend_ = ProductBackend(Options(server_url=backend.url, sim_token=backend.sim_token))
        controller = AppController(window, backend_, window, policy=replace(poll_policy, long_poll_wait=1.0))
        controllers.append(controller)
        window.show()
        window.activateWindow()
        controller.start()
        qtbot.waitUntil(lambda: controller.view is not None, timeout=20_000)
        return window, controller

    yield open_
    for controller in controllers:
        controller.shutdown()


def world(scenario: str, **changes: Any) -> dict[str, Any]:
    """A scenario's world document on the pinned day, its clock stopped and its customer not paying, with
    ``changes`` to taro's account (``licences``: {serial: {field: value}}; ``orders``: a list)."""
    document = json.loads(resource_path("scenarios", f"{scenario}.json").read_text(encoding="utf-8"))
    document.update(today=START, clock={"seconds_per_day": None}, customer={"pays": False})
    account = next(account for account in document["accounts"] if account["email"] == TARO[0])
    for licence in account["licences"]:
        licence.update(changes.get("licences", {}).get(licence["serial"], {}))
    if "orders" in changes:
        account["orders"] = changes["orders"]
    return document


def place_order(controller: AppController, serial: str) -> Order:
    """A slip order for ``serial``, placed through the API as the product would (the app does not follow it)."""
    customer = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
                "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
                "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}
    body = {"items": [{"serial": serial, "product": "vb_cloud", "years": 1}], "payment_method": "slip",
            "customer": customer, "card": None}
    client = controller.session.client()
    try:
        return client.create_order(body, str(uuid.uuid4()))
    finally:
        client.close()


def warning(qtbot, parent) -> QMessageBox:
    qtbot.waitUntil(lambda: any(box.isVisible() for box in parent.findChildren(QMessageBox, WARNING)),
                    timeout=TIMEOUT)
    box = next(box for box in parent.findChildren(QMessageBox, WARNING) if box.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=TIMEOUT)
    return box


def no_warning(parent) -> bool:
    return not any(box.isVisible() for box in parent.findChildren(QMessageBox, WARNING))


def wizard_step(controller: AppController) -> Step | None:
    return controller.wizard.current_step() if controller.wizard is not None else None


def shows_order(qtbot, window: MainWindow, controller: AppController, order_id: str) -> WaitingPage:
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), WaitingPage), timeout=TIMEOUT)
    page = window.stack.currentWidget()
    assert page is controller.waiting[order_id]
    assert page.order.id == order_id
    assert controller.tracker.order(order_id) is not None  # followed from now on
    return page


# -- S2: あんしん自動更新 and the open order -----------------------------------------------------------------------


@pytest.mark.parametrize(("scenario", "shown"), [("auto_renew_on", "有効"), ("vb_cloud_in_term", "無効")])
def test_s2_says_whether_auto_renew_is_on(open_app, scenario, shown) -> None:
    window, controller = open_app(scenario)
    window.show_account_info()
    page = window.account_info
    assert controller.view.licence.auto_renew is (shown == "有効")
    assert page.auto_renew.text() == shown
    assert page.renew_button.isEnabled()
    assert not page.order_link.isVisible() and not page.refusal.isVisible()


def test_s2_with_an_open_order_says_so_and_links_to_its_status(open_app, qtbot) -> None:
    """An order placed elsewhere (not followed): 「今すぐ更新」 is disabled with the reason, and the link reads the
    order, follows it and opens its page; a second time the page is there at once, not a second one."""
    window, controller = open_app()
    order = place_order(controller, controller.session.serial)
    assert order.id not in controller.tracker
    controller.refresh()
    page = window.account_info
    qtbot.waitUntil(lambda: page.open_order == order.id, timeout=TIMEOUT)
    window.show_account_info()
    assert page.refusal.isVisible()
    assert page.refusal.text().startswith("このシリアル番号には手続き中のお申し込みがあります")
    assert not page.renew_button.isEnabled()  # the server would refuse a second order (409 order.already_open)
    assert page.order_link.isVisible() and page.order_link.text() == "お支払い状況を確認する"
    assert QApplication.focusWidget() is page.order_link  # what the user can do here now
    QTest.keyClick(page.order_link, Qt.Key.Key_Return)
    shows_order(qtbot, window, controller, order.id)

    window.show_home()
    window.show_account_info()
    click(qtbot, page.order_link)
    shows_order(qtbot, window, controller, order.id)
    assert list(controller.waiting) == [order.id]
    assert [o.id for o in orders_of(controller.session)] == [order.id]  # nothing else was ordered


def test_s2_links_to_an_open_order_found_on_start(open_app, qtbot) -> None:
    window, controller = open_app(world=world("vb_cloud_in_term", orders=[
        {"items": [{"serial": "VB5C-TARO-0001-0001-0001"}], "state": "slip_mailed"}]))
    (order,) = orders_of(controller.session)
    qtbot.waitUntil(lambda: order.id in controller.waiting, timeout=TIMEOUT)  # followed from the start
    window.show_account_info()
    click(qtbot, window.account_info.order_link)
    shows_order(qtbot, window, controller, order.id)


# -- S4: a serial with an open order ----------------------------------------------------------------------------


def open_s4(qtbot, controller: AppController, serials: list[str]):
    controller.open_wizard(controller.client, serials, controller.session.email)
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.SERIALS, timeout=TIMEOUT)
    return controller.wizard.serials_page


def shown_child(parent, cls: type, object_name: str):
    """The one child of that name on screen (rows of an earlier load may linger until deleted)."""
    found = [child for child in parent.findChildren(cls, object_name) if child.isVisible()]
    assert len(found) == 1, (object_name, found)
    return found[0]


def order_link(page, serial: str) -> QPushButton:
    refusal = shown_child(page, QLabel, f"serialsPage.refusal.{serial}")
    assert refusal.text().startswith("このシリアル番号には手続き中のお申し込みがあります")
    link = shown_child(page, QPushButton, f"serialsPage.orderLink.{serial}")
    assert link.text() == "お支払い状況を確認する"
    assert link.accessibleName() == f"{serial} のお支払い状況を確認する"
    return link


def test_s4_links_a_serials_open_order_to_its_status(open_app, qtbot) -> None:
    """Three serials, one with an open order: the two others can be renewed, that one links to its order."""
    window, controller = open_app("three_serials")
    serials = [licence.serial for licence in controller.session.client().licences()]
    order = place_order(controller, serials[2])
    page = open_s4(qtbot, controller, serials)
    assert set(page.buttons) == set(serials[:2])  # the serial with an open order cannot be ordered again
    assert page.renew_all_button.isVisible()
    assert [link.objectName() for link in page.findChildren(QPushButton)
            if link.objectName().startswith("serialsPage.orderLink.")] == [f"serialsPage.orderLink.{serials[2]}"]
    click(qtbot, order_link(page, serials[2]))
    shows_order(qtbot, window, controller, order.id)
    assert [o.id for o in orders_of(controller.session)] == [order.id]


def test_s4_with_nothing_to_renew_is_no_dead_end(open_app, qtbot) -> None:
    """Two serials, each with an open order (the issue's dead end): each row links to its own order."""
    window, controller = open_app("two_serials")
    orders = {serial: place_order(controller, serial) for serial in (INSTALLED, OTHER)}
    page = open_s4(qtbot, controller, [INSTALLED, OTHER])
    assert page.buttons == {} and page.intro.text() == "契約更新できるシリアル番号がありません。"
    assert QApplication.focusWidget() is order_link(page, INSTALLED)  # the first way out
    click(qtbot, order_link(page, OTHER))
    shows_order(qtbot, window, controller, orders[OTHER].id)
    open_s4(qtbot, controller, [INSTALLED, OTHER])
    QTest.keyClick(order_link(page, INSTALLED), Qt.Key.Key_Return)
    shows_order(qtbot, window, controller, orders[INSTALLED].id)


# -- the warning before a slip renewal of a licence with あんしん自動更新 on --------------------------------------


def test_renewing_an_auto_renew_licence_from_s2_asks_first(open_app, qtbot) -> None:
    window, controller = open_app("auto_renew_on")
    window.show_account_info()
    page = window.account_info
    click(qtbot, page.renew_button)
    box = warning(qtbot, page)
    assert box.windowTitle() == "あんしん自動更新が有効です"
    assert "クレジットカード" in box.text() and controller.view.licence.expiry.strftime("%Y/%m/%d") in box.text()
    assert "二重" in box.informativeText()
    back = box.findChild(QPushButton, f"{WARNING}.cancel")
    go_on = box.findChild(QPushButton, f"{WARNING}.confirm")
    assert (back.text(), go_on.text()) == ("戻る", "振込用紙で契約更新する")
    assert box.defaultButton() is back and box.escapeButton() is back  # the safe answer by a key

    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: no_warning(page), timeout=TIMEOUT)
    assert window.stack.currentWidget() is page and controller.wizard is None

    page.activateWindow()
    click(qtbot, page.renew_button)
    box = warning(qtbot, page)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter: the default button, 「戻る」
    qtbot.waitUntil(lambda: no_warning(page), timeout=TIMEOUT)
    assert window.stack.currentWidget() is page and controller.wizard is None

    click(qtbot, page.renew_button)
    box = warning(qtbot, page)
    click(qtbot, box.findChild(QPushButton, f"{WARNING}.confirm"))
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PRODUCT, timeout=TIMEOUT)  # one serial: S4 skipped
    assert window.stack.currentWidget() is controller.wizard


def test_renewing_without_auto_renew_asks_nothing(open_app, qtbot) -> None:
    window, controller = open_app("vb_cloud_in_term")
    window.show_account_info()
    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PRODUCT, timeout=TIMEOUT)
    assert no_warning(window)


def log_in(qtbot, route: AccountRoutePage) -> None:
    qtbot.waitUntil(lambda: route.current_screen() == route.LOGIN, timeout=TIMEOUT)
    qtbot.keyClicks(route.login_form.email_edit, TARO[0])
    qtbot.keyClicks(route.login_form.password_edit, TARO[1])
    click(qtbot, route.login_form.login_button)
    qtbot.waitUntil(lambda: route.current_screen() == route.LICENCES, timeout=TIMEOUT)


def test_renewing_an_auto_renew_licence_from_the_account_asks_first(open_app, qtbot) -> None:
    window, controller = open_app("auto_renew_on")
    controller.show_account_route()
    route = controller.account_route
    log_in(qtbot, route)
    (card,) = route.licence_list.cards.values()
    with qtbot.assertNotEmitted(route.renewRequested):
        click(qtbot, card.renew_button)
        box = warning(qtbot, card)
        click(qtbot, box.findChild(QPushButton, f"{WARNING}.cancel"))
        qtbot.waitUntil(lambda: no_warning(card), timeout=TIMEOUT)
    assert window.stack.currentWidget() is route

    click(qtbot, card.renew_button)
    box = warning(qtbot, card)
    click(qtbot, box.findChild(QPushButton, f"{WARNING}.confirm"))
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PRODUCT, timeout=TIMEOUT)
    assert window.stack.currentWidget() is controller.wizard
    assert controller.wizard.draft.renewable_serials == (card.serial,)


def test_the_popup_asks_when_another_licence_with_auto_renew_is_chosen(open_app, qtbot) -> None:
    """Two renewable licences, the other one renewed automatically: its card asks, and so does the popup when it
    is chosen there after the first card was clicked; the card's own licence is not asked about twice."""
    window, controller = open_app(world=world("two_serials", licences={OTHER: {"auto_renew": True}}))
    controller.show_account_route()
    route = controller.account_route
    log_in(qtbot, route)
    click(qtbot, route.licence_list.cards[INSTALLED].renew_button)  # off: no question, the popup
    qtbot.waitUntil(lambda: route.choose_dialog is not None and route.choose_dialog.isVisible(), timeout=TIMEOUT)
    dialog = route.choose_dialog
    assert no_warning(route)
    click(qtbot, dialog.radios[OTHER])
    with qtbot.assertNotEmitted(route.renewRequested):
        click(qtbot, dialog.ok_button)
        box = warning(qtbot, dialog)
        click(qtbot, box.findChild(QPushButton, f"{WARNING}.cancel"))
        qtbot.waitUntil(lambda: no_warning(dialog), timeout=TIMEOUT)
    assert dialog.isVisible() and dialog.selected_serial() == OTHER  # back in the popup, the choice kept
    with qtbot.waitSignal(route.renewRequested, timeout=TIMEOUT) as emitted:
        click(qtbot, dialog.ok_button)
        click(qtbot, warning(qtbot, dialog).findChild(QPushButton, f"{WARNING}.confirm"))
    assert emitted.args[1] == [OTHER]

    qtbot.waitUntil(lambda: wizard_step(controller) is not None, timeout=TIMEOUT)
    shown = route.licence_list.cards[OTHER]
    controller.show_account_route()  # the licences are read again: new cards
    qtbot.waitUntil(lambda: route.licence_list.cards[OTHER] is not shown
                    and route.licence_list.cards[OTHER].renew_button.isVisible(), timeout=TIMEOUT)
    click(qtbot, route.licence_list.cards[OTHER].renew_button)  # on: the card asks
    click(qtbot, warning(qtbot, route.licence_list.cards[OTHER]).findChild(QPushButton, f"{WARNING}.confirm"))
    qtbot.waitUntil(lambda: route.choose_dialog is not None and route.choose_dialog.isVisible(), timeout=TIMEOUT)
    with qtbot.waitSignal(route.renewRequested, timeout=TIMEOUT) as emitted:
        click(qtbot, route.choose_dialog.ok_button)  # the card's licence, preselected: asked already
    assert emitted.args[1] == [OTHER]
    assert no_warning(route)
