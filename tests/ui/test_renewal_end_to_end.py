"""The whole product route in the real window: S1 → S2 → 今すぐ更新 → the wizard → S9 → the main screen.

The window and its controller start their own embedded backend (clock stopped),
exactly as the app does; assertions are on what the backend stored.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from wizard_driving import TIMEOUT, agree, choose, click, fill_customer, orders_of, submit_and_finish

from vb_renew.core.backend import Options
from vb_renew.core.flow import Step
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.payment import PaymentMethod
from vb_renew.startup import product_backend
from vb_renew.ui.controller import AppController
from vb_renew.ui.main_window import MainWindow


def test_renewing_by_slip_from_the_main_screen(app, qtbot) -> None:
    window, controller = app
    serial = controller.session.serial
    qtbot.mouseClick(window.home.expiry_link, Qt.MouseButton.LeftButton)
    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is not None,
                    timeout=TIMEOUT)
    wizard = controller.wizard
    assert window.stack.currentWidget() is wizard  # embedded in the main window, not a new window
    assert wizard.current_step() is Step.PRODUCT  # one serial: S4 is skipped

    choose(qtbot, wizard, serial, "vb_cloud", 1)
    assert wizard.current_step() is Step.PAYMENT
    assert wizard.page(Step.PAYMENT).customer_form.value("email") == controller.session.email  # pre-filled
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    click(qtbot, wizard.page(Step.PAYMENT).next_button)
    assert wizard.current_step() is Step.CONFIRM
    order = submit_and_finish(qtbot, wizard)

    stored = orders_of(controller.session)
    assert [o.id for o in stored] == [order.id]
    assert stored[0].state is OrderState.APPLIED and stored[0].payment_method is PaymentMethod.SLIP
    assert [(i.serial, i.product, i.years) for i in stored[0].items] == [(serial, "vb_cloud", 1)]

    click(qtbot, wizard.findChild(type(window.home.renew_button), "completePage.backToMainButton"))
    assert window.stack.currentWidget() is window.home
    assert not (controller.pending.path.exists())  # nothing left to resend


def test_cancelling_the_wizard_returns_to_the_customer_information_and_orders_nothing(app, qtbot) -> None:
    window, controller = app
    window.show_account_info()
    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is not None,
                    timeout=TIMEOUT)
    cancel = controller.wizard.findChild(type(window.home.account_link), "wizard.cancelLink")
    click(qtbot, cancel)
    assert window.stack.currentWidget() is window.account_info  # where 「今すぐ更新」 was clicked
    assert orders_of(controller.session) == []


def test_the_account_route_opens_from_the_main_screen(app, qtbot) -> None:
    window, controller = app
    click(qtbot, window.home.account_link)
    assert window.stack.currentWidget() is controller.account_route


def slip_body(serial: str) -> dict:
    customer = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
                "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
                "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}
    return {"items": [{"serial": serial, "product": "vb_cloud", "years": 1}], "payment_method": "slip",
            "customer": customer, "card": None}


@pytest.mark.parametrize("reached_the_server", [True, False])
def test_an_order_whose_answer_was_lost_is_sent_again_on_start_and_exists_once(
        qtbot, isolated_basedir, reached_the_server) -> None:
    """The app was killed between sending an order and reading the answer: on the next start it resends it
    with the same key; the server replays the first answer (or creates it, if it never arrived)."""
    from vb_renew import paths
    from vb_renew.core.pending import PendingOrders

    window = MainWindow()
    qtbot.addWidget(window)
    first = AppController(window, product_backend(Options(seconds_per_day=0)), window)
    found: list[object] = []
    first.connection.ordersFound.connect(found.append)
    first.start()
    # Once the first start has looked for pending orders: the file below is for the second start alone (else the
    # first could resend it while the test sends it, and the server refuses one of the two as in flight).
    qtbot.waitUntil(lambda: first.view is not None and bool(found), timeout=20000)
    session, key = first.session, "6f1c3c52-5d0e-4a55-9a8e-2b1d1e3f4a01"
    body = slip_body(session.serial)
    PendingOrders(paths.get().data).save(key, body)
    if reached_the_server:
        client = session.client()
        client.create_order(body, key)
        client.close()
    first.shutdown()

    window2 = MainWindow()
    qtbot.addWidget(window2)
    second = AppController(window2, product_backend(Options(seconds_per_day=0)), window2)  # same data folder
    second.start()
    qtbot.waitUntil(lambda: second.view is not None, timeout=20000)
    qtbot.waitUntil(lambda: not PendingOrders(paths.get().data).path.exists(), timeout=TIMEOUT)
    orders = orders_of(second.session)
    second.shutdown()
    assert len(orders) == 1
    assert orders[0].items[0].serial == session.serial


def test_a_stale_pending_order_refused_on_start_follows_the_open_order_of_its_serial(qtbot, isolated_basedir) -> None:
    """A pending order whose serial got an open order meanwhile under another key (its own key long forgotten
    by the server): the resend on start is refused with 409 order.already_open and matched with the serial's
    open order, whose waiting page is shown; the file is cleared, so it is never sent again."""
    from vb_renew import paths
    from vb_renew.core.pending import PendingOrders

    window = MainWindow()
    qtbot.addWidget(window)
    first = AppController(window, product_backend(Options(seconds_per_day=0)), window)
    found: list[object] = []
    first.connection.ordersFound.connect(found.append)
    first.start()
    # Once the first start has looked for pending orders: the stale file below is for the second start alone.
    qtbot.waitUntil(lambda: first.view is not None and bool(found), timeout=20000)
    session = first.session
    body = slip_body(session.serial)
    client = session.client()
    placed = client.create_order(body, "0c5d6a1e-3b7f-4f7e-8a0c-5e2b9d4c1f02")
    client.close()
    PendingOrders(paths.get().data).save("9a4e1b7c-2d3f-4e5a-8b6c-7d8e9f0a1b2c", body)
    first.shutdown()

    window2 = MainWindow()
    qtbot.addWidget(window2)
    second = AppController(window2, product_backend(Options(seconds_per_day=0)), window2)
    window2.show()
    second.start()
    try:
        qtbot.waitUntil(lambda: second.view is not None, timeout=20000)
        qtbot.waitUntil(lambda: window2.stack.currentWidget() is second.waiting.get(placed.id), timeout=TIMEOUT)
        assert second.waiting[placed.id].order.number == placed.number
        assert not PendingOrders(paths.get().data).path.exists()
        orders = orders_of(second.session)
    finally:
        second.shutdown()
    assert [o.id for o in orders] == [placed.id]


def test_a_pending_order_older_than_the_servers_memory_of_its_key_is_dropped_with_a_notice(
        qtbot, isolated_basedir) -> None:
    """The app next starts two days after a send whose answer never came: the server may have forgotten the key,
    so sending the body again could renew twice. With no open order of its serial, it is dropped, the user is
    told why (S1 and the tray), and nothing is ordered."""
    import json
    import time

    from vb_renew import paths
    from vb_renew.core.pending import PendingOrders

    window = MainWindow()
    qtbot.addWidget(window)
    first = AppController(window, product_backend(Options(seconds_per_day=0)), window)
    found: list[object] = []
    first.connection.ordersFound.connect(found.append)
    first.start()
    # Once the first start has looked for pending orders: the file below is for the second start alone.
    qtbot.waitUntil(lambda: first.view is not None and bool(found), timeout=20000)
    pending = PendingOrders(paths.get().data)
    pending.save("3e7a9c1d-5b2f-4c8e-9a6d-1f0b2c3d4e5f", slip_body(first.session.serial))
    kept = json.loads(pending.path.read_text(encoding="utf-8"))
    pending.path.write_text(json.dumps({**kept, "saved_at": time.time() - 2 * 86400}), encoding="utf-8")
    first.shutdown()

    told: list[tuple[str, str]] = []
    window2 = MainWindow()
    qtbot.addWidget(window2)
    second = AppController(window2, product_backend(Options(seconds_per_day=0)), window2,
                           notifier=lambda title, message: told.append((title, message)))
    second.start()
    try:
        qtbot.waitUntil(lambda: bool(told), timeout=TIMEOUT)
        orders = orders_of(second.session)
    finally:
        second.shutdown()
    assert "二重のお申し込みにならないよう" in told[0][1]
    assert window2.home.connection_banner.text() == told[0][1]
    assert not pending.path.exists()
    assert orders == []


def test_an_order_of_a_saved_account_login_is_followed_again_after_a_restart(qtbot) -> None:
    """An order placed on the account route for another account than this PC's product: with
    「ログイン情報を保存」 its login is in the keyring, so the next start finds and follows it."""
    from vb_renew.core.account import log_in, save_token

    window = MainWindow()
    qtbot.addWidget(window)
    first = AppController(window, product_backend(Options(scenario="vb_cloud_in_term", seconds_per_day=0)), window)
    first.start()
    qtbot.waitUntil(lambda: first.view is not None, timeout=20000)
    hanako = log_in(first.session.base_url, "hanako@example.jp", "hanako-pass-5678")
    save_token(hanako.email, hanako.token)  # what 「ログイン情報を保存」 does
    client = hanako.client()
    serial = next(lic.serial for lic in client.licences() if lic.renewable)
    body = slip_body(serial)
    body["customer"]["email"] = "hanako@example.jp"
    order = client.create_order(body, "0b7e4a39-8f3e-4c1e-9d55-6a1f0c2b9e11")
    client.close()
    assert order.id not in {o.id for o in orders_of(first.session)}  # the product's account can't see it
    first.shutdown()

    window2 = MainWindow()
    qtbot.addWidget(window2)
    second = AppController(window2, product_backend(Options(seconds_per_day=0)), window2)
    second.start()
    try:
        qtbot.waitUntil(lambda: order.id in second.waiting, timeout=20000)
        page = second.waiting[order.id]
        assert page.order.number == order.number
        assert order.number in window2.home.order_banner_text.text() + "".join(
            link.text() for link in window2.home.order_links)
    finally:
        second.shutdown()
