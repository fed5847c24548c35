"""The main screen (S1) and お客さま情報 (S2) against the real embedded backend."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from vb_renew.core.api import ApiClient
from vb_renew.core.backend import Options, ProductBackend
from vb_renew.rules.eligibility import LicenceState
from vb_renew.startup import product_backend
from vb_renew.ui.controller import AppController
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.widgets import StatusBadge


@pytest.fixture
def app_window(qtbot, request, poll_policy):
    """The main window and its controller on an embedded backend loaded with the test's scenario."""
    scenario = getattr(request, "param", "vb_cloud_in_term")
    window = MainWindow()
    qtbot.addWidget(window)
    controller = AppController(window, product_backend(Options(scenario=scenario)), window, policy=poll_policy)
    window.show()
    controller.start()
    qtbot.waitUntil(lambda: controller.view is not None, timeout=20000)
    yield window, controller
    controller.shutdown()


def sim(controller: AppController) -> ApiClient:
    return ApiClient(controller.session.base_url, sim_token=controller.session.sim_token)


def test_the_expiry_link_shows_the_licence_date_and_opens_the_customer_information(app_window, qtbot) -> None:
    window, controller = app_window
    expiry = controller.view.licence.expiry
    assert window.home.expiry_link.text() == f"有効期限:{expiry:%Y/%m/%d}"
    assert window.home.status_title.text() == "保護されています"
    assert window.home.badge.kind() == StatusBadge.OK
    assert not window.home.renew_button.isVisible()

    qtbot.mouseClick(window.home.expiry_link, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.account_info
    assert window.account_info.serial.text() == controller.session.serial
    assert window.account_info.expiry.text() == f"{expiry:%Y/%m/%d}"
    assert window.account_info.email.text() == controller.session.email
    assert window.account_info.renew_button.isEnabled()
    qtbot.mouseClick(window.account_info.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home


@pytest.mark.parametrize("app_window", ["vb_cloud_expired_6_months"], indirect=True)
def test_an_expired_licence_says_protection_stopped(app_window) -> None:
    window, _ = app_window
    assert window.home.status_detail.text() == "本製品の有効期限が終了しました"
    assert window.home.badge.kind() == StatusBadge.STOPPED
    assert window.home.renew_button.isVisible()


@pytest.mark.parametrize("app_window", ["vb_cloud_expiring_30_days"], indirect=True)
def test_a_licence_expiring_soon_warns_with_the_days_left(app_window) -> None:
    window, controller = app_window
    left = (controller.view.licence.expiry - controller.view.today).days
    assert window.home.badge.kind() == StatusBadge.WARNING
    assert f"あと{left}日" in window.home.notice.text()


def test_the_window_follows_the_licence_as_the_simulated_clock_passes_its_expiry(app_window, qtbot) -> None:
    window, controller = app_window
    expiry = controller.view.licence.expiry
    days = (expiry - controller.view.today).days + 1
    sim(controller).sim_advance(days=days)
    controller.refresh()
    qtbot.waitUntil(lambda: window.home.badge.kind() == StatusBadge.STOPPED, timeout=10000)
    assert window.home.status_detail.text() == "本製品の有効期限が終了しました"
    assert controller.view.today == expiry + timedelta(days=1)


def listening_url(server: subprocess.Popen[str]) -> str:
    """The address ``vb-renew-server --port 0`` logs once it accepts requests."""
    for line in server.stdout:
        found = re.search(r"vb-renew-server listening on (http://\S+)", line)
        if found:
            return found.group(1)
    raise AssertionError(f"the server ended without listening (exit status {server.wait(10)})")


def test_an_unreachable_backend_shows_offline_and_recovers_by_itself(qtbot, tmp_path, poll_policy) -> None:
    """A shared QA server that is down at start: the window says so, retries, and connects when it is up."""
    window = MainWindow()
    qtbot.addWidget(window)
    # Down: a port this test holds bound but never listens on, so every connection is refused and no other
    # process can start listening there meanwhile.
    with socket.socket() as down:
        down.bind(("127.0.0.1", 0))
        options = Options(server_url=f"http://127.0.0.1:{down.getsockname()[1]}", sim_token="qa-token")
        controller = AppController(window, ProductBackend(options), window, policy=poll_policy)
        window.show()
        controller.start()
        qtbot.waitUntil(lambda: "接続できません" in window.home.connection_banner.text(), timeout=10000)
        assert window.home.connection_banner.isVisible()
        assert window.home.status_title.text() == "状態を確認しています…"

        # Up: the server picks a free port itself (no port is ever free for a moment) and the app, still
        # retrying by itself, is pointed at it.
        server = subprocess.Popen(
            [sys.executable, "-m", "vb_renew.server", "--port", "0", "--qa", "--sim-token", "qa-token",
             "--db", str(tmp_path / "shared.sqlite3"), "--scenario", "vb_cloud_in_term"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            options.server_url = listening_url(server)
            qtbot.waitUntil(lambda: controller.view is not None, timeout=30000)
            assert controller.session.base_url == options.server_url  # no restart: the same controller
            assert not window.home.connection_banner.isVisible()
            assert window.home.expiry_link.text().startswith("有効期限:20")
        finally:
            controller.shutdown()
            server.terminate()
            server.wait(10)


def test_an_expired_product_token_is_renewed_without_the_user_noticing(qtbot, tmp_path, poll_policy) -> None:
    """Tokens last hours and the app may stay open for days: it signs in again by itself."""
    from vb_renew.server.embedded import EmbeddedServer

    server = EmbeddedServer(tmp_path / "short-tokens.sqlite3", seconds_per_day=None, token_ttl=1.0)
    server.start()
    assert server.wait_ready(15)
    window = MainWindow()
    qtbot.addWidget(window)
    backend = ProductBackend(Options(server_url=server.url, sim_token=server.sim_token))
    controller = AppController(window, backend, window, policy=poll_policy)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.view is not None, timeout=20000)
        first_token = controller.session.token
        # The window's own refresh timer meets the expired token and signs in again.
        qtbot.waitUntil(lambda: controller.session.token != first_token, timeout=15000)
        controller.refresh()
        qtbot.waitUntil(lambda: not controller.connection.refreshing, timeout=10000)
        assert not window.home.connection_banner.isVisible()
        assert window.home.expiry_link.text().startswith("有効期限:20")
    finally:
        controller.shutdown()
        server.stop()


def test_reset_replaces_the_world_of_an_existing_database(qtbot) -> None:
    """QA: `--scenario NAME` seeds a new database only; with `--reset` it replaces an existing world."""
    def start(options: Options) -> AppController:
        window = MainWindow()
        qtbot.addWidget(window)
        controller = AppController(window, product_backend(options), window)
        controller.start()
        qtbot.waitUntil(lambda: controller.view is not None, timeout=20000)
        return controller

    first = start(Options(scenario="vb_cloud_in_term", seconds_per_day=0))
    in_term = first.view.licence.state
    first.shutdown()
    kept = start(Options(scenario="vb_cloud_expired_6_months", seconds_per_day=0))  # same data folder
    assert kept.view.licence.state is in_term is LicenceState.IN_TERM
    kept.shutdown()
    reset = start(Options(scenario="vb_cloud_expired_6_months", seconds_per_day=0, reset=True))
    assert reset.view.licence.state is LicenceState.EXPIRED
    reset.shutdown()


@pytest.mark.parametrize("app_window", ["ts_standard"], indirect=True)
def test_the_window_is_named_after_the_installed_product(app_window) -> None:
    window, controller = app_window
    assert controller.view.licence.product == "ts_standard"
    assert window.windowTitle() == window.header.title.text() == "ウイルスバスター トータルセキュリティ スタンダード"


def test_the_order_banner_told_the_same_again_keeps_its_links_and_the_focus_on_them(qtbot) -> None:
    """The tracker's news about an order whose link reads the same (every poll of an open order) leaves the banner as
    it is: a keyboard user on its link keeps the focus there; a new order's link is added."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    home = window.home
    home.set_order_links("お申し込み手続き中です", [("ord_1", "お支払い状況を確認する（VB-1）")])
    link = home.order_links[0]
    link.setFocus()
    assert link.hasFocus()
    home.set_order_links("お申し込み手続き中です", [("ord_1", "お支払い状況を確認する（VB-1）")])
    assert home.order_links == [link] and link.hasFocus()
    home.set_order_links("お申し込み手続き中です（2件）", [("ord_1", "お支払い状況を確認する（VB-1）"),
                                                 ("ord_2", "お支払い状況を確認する（VB-2）")])
    assert [button.text() for button in home.order_links] == ["お支払い状況を確認する（VB-1）",
                                                             "お支払い状況を確認する（VB-2）"]
    assert home.order_banner_text.text() == "お申し込み手続き中です（2件）"


def test_the_order_banner_told_while_another_page_shows_is_set_when_s1_shows(qtbot) -> None:
    """The tracker's news while the wizard is on screen (an order just placed) waits for S1: nothing of S1 is
    rebuilt under S8, and S1 shows the last news, not the first."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    home = window.home
    window.show_account_info()
    home.set_order_links("お申し込み手続き中です", [("ord_1", "お支払い状況を確認する（VB-1）")])
    home.set_order_links("お申し込み手続き中です（2件）", [("ord_1", "お支払い状況を確認する（VB-1）"),
                                                 ("ord_2", "お支払い状況を確認する（VB-2）")])
    assert home.order_links == []  # not built behind another page
    window.show_home()
    assert [button.text() for button in home.order_links] == ["お支払い状況を確認する（VB-1）",
                                                             "お支払い状況を確認する（VB-2）"]
    assert home.order_banner.isVisible() and home.order_banner_text.text() == "お申し込み手続き中です（2件）"
