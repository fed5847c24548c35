"""S1 as a product console, against the real embedded backend: the features are shown and inactive, the
renewal parts are live, 「有効期限:YYYY/MM/DD」 sits at the lower right, あんしん自動更新 is said, and the pages
keep to a column on a large window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from vb_renew.core.api import ApiClient
from vb_renew.core.backend import Options
from vb_renew.rules.eligibility import LicenceState
from vb_renew.rules.slips import load_simulation
from vb_renew.startup import product_backend
from vb_renew.ui.controller import AppController
from vb_renew.ui.main_window import CONTENT_WIDTH, DEFAULT_SIZE, MainWindow
from vb_renew.ui.widgets import StatusBadge

TIMEOUT = 20_000


@pytest.fixture
def app_window(qtbot, request, poll_policy):
    """The main window at its default size and its controller, on an embedded backend loaded with the test's
    scenario (the clock standing still)."""
    scenario = getattr(request, "param", "vb_cloud_in_term")
    window = MainWindow()
    qtbot.addWidget(window)
    controller = AppController(window, product_backend(Options(scenario=scenario, seconds_per_day=0)), window,
                               policy=poll_policy)
    window.show()
    window.activateWindow()
    controller.start()
    qtbot.waitUntil(lambda: controller.view is not None, timeout=TIMEOUT)
    qtbot.waitUntil(window.home.expiry_link.isEnabled, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.home.features is not None, timeout=TIMEOUT)  # built after the first paint
    yield window, controller
    controller.shutdown()


def rect_in(widget: QWidget, root: QWidget) -> QRect:
    return QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())


def tab_stops(window: QWidget, start: QWidget, limit: int = 30) -> list[QWidget]:
    """Where Tab goes from ``start`` until it comes back to it (or ``limit`` presses)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    stops = []
    for _ in range(limit):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is start or current is None:
            break
        stops.append(current)
    return stops


def test_the_protection_features_are_shown_and_inactive(app_window, qtbot) -> None:
    window, _ = app_window
    home = window.home
    tiles = home.features.tiles
    assert [tile.objectName() for tile in tiles] == [
        "homeFeature.virus", "homeFeature.web", "homeFeature.fraud", "homeFeature.privacy", "homeFeature.tuneUp",
        "homeFeature.network"]
    for tile in tiles:
        assert tile.isVisible() and not tile.isEnabled(), tile.objectName()
        assert tile.name.text() == tile.accessibleName() and tile.name.text()
        assert tile.state.text() == "シミュレーター対象外" == tile.accessibleDescription()
        assert tile.focusPolicy() == Qt.FocusPolicy.NoFocus
    scan = home.scan.button
    assert scan.isVisible() and not scan.isEnabled()
    assert scan.accessibleName() == "スキャン"
    assert home.features.note.isVisible()  # the section says that only the renewal works

    # Tab goes round the live parts only: none of the features, not スキャン.
    stops = tab_stops(window, home.account_link)
    assert home.expiry_link in stops
    inactive = [home.scan.button, *tiles, *(child for tile in tiles for child in tile.findChildren(QWidget))]
    assert not [stop.objectName() for stop in stops if stop in inactive]

    # Clicking a tile or スキャン does nothing: the page stays S1.
    qtbot.mouseClick(tiles[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(scan, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is home


def test_the_expiry_link_is_at_the_lower_right_of_the_page(app_window) -> None:
    window, controller = app_window
    home = window.home
    assert window.size().toTuple() == DEFAULT_SIZE
    page = home.rect()
    link = rect_in(home.expiry_link, home)
    assert link.left() > page.width() * 0.6 and link.right() >= page.width() - 48, (link, page)
    assert link.top() > page.height() * 0.8, (link, page)
    # Below everything else on the page, and right of the account route on the same line.
    for widget in (home.status_card, home.features, home.renew_button):
        assert rect_in(widget, home).bottom() < link.top(), widget.objectName()
    account = rect_in(home.account_link, home)
    assert account.right() < link.left() and abs(account.center().y() - link.center().y()) <= 4
    assert home.expiry_link.text() == f"有効期限:{controller.view.licence.expiry:%Y/%m/%d}"


def test_auto_renewal_off_is_said_beside_the_expiry(app_window) -> None:
    window, controller = app_window
    assert controller.view.licence.auto_renew is False
    label = window.home.auto_renew
    assert label.isVisible() and label.text() == "あんしん自動更新: 無効"
    assert rect_in(label, window.home).right() < rect_in(window.home.expiry_link, window.home).left()


@pytest.mark.parametrize("app_window", ["auto_renew_on"], indirect=True)
def test_auto_renewal_on_says_the_licence_renews_itself_by_credit_card(app_window, qtbot) -> None:
    window, controller = app_window
    home = window.home
    assert controller.view.licence.auto_renew is True
    assert controller.view.licence.state is LicenceState.IN_TERM
    assert home.auto_renew.isVisible()
    assert home.auto_renew.text() == "あんしん自動更新: 有効（クレジットカードで自動更新）"
    assert not home.notice.isVisible() and not home.renew_button.isVisible()

    # The simulated clock moves into the last days of the term: nothing to renew by hand, it renews itself.
    soon = load_simulation().expiring_soon_days
    left_now = (controller.view.licence.expiry - controller.view.today).days
    sim = ApiClient(controller.session.base_url, sim_token=controller.session.sim_token)
    try:
        sim.sim_advance(days=left_now - (soon - 10))
    finally:
        sim.close()
    controller.refresh()
    qtbot.waitUntil(lambda: controller.view.licence.state is LicenceState.EXPIRING_SOON, timeout=TIMEOUT)
    qtbot.waitUntil(home.notice.isVisible, timeout=TIMEOUT)
    left = (controller.view.licence.expiry - controller.view.today).days
    assert left == soon - 10
    text = home.notice.text()
    assert f"あと{left}日" in text and "あんしん自動更新が有効" in text and "クレジットカードで自動的に1年間更新" in text
    assert "契約を更新してください" not in text  # no push to renew by slip
    assert not home.renew_button.isVisible()
    assert home.badge.kind() == StatusBadge.OK
    assert home.expiry_link.isEnabled()  # お客さま情報 stays one click away


@pytest.mark.parametrize("app_window", ["vb_cloud_expiring_30_days"], indirect=True)
def test_expiring_soon_without_auto_renewal_still_asks_for_a_renewal(app_window) -> None:
    window, _ = app_window
    home = window.home
    assert home.auto_renew.text() == "あんしん自動更新: 無効"
    assert "契約を更新してください" in home.notice.text()
    assert home.renew_button.isVisible() and home.badge.kind() == StatusBadge.WARNING


def test_the_pages_keep_to_a_centred_column_on_a_large_window(app_window, qtbot) -> None:
    window, _ = app_window
    central = window.centralWidget()
    # At the default size the pages take the whole width.
    assert window.stack.width() == central.width()

    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: central.width() == 1920, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.stack.width() == CONTENT_WIDTH, timeout=TIMEOUT)
    stack = rect_in(window.stack, central)
    left, right = stack.left(), central.width() - 1 - stack.right()
    assert abs(left - right) <= 1 and left > 300  # centred, the empty room on both sides
    assert window.header.width() == central.width()  # the red header still spans the window
    link = rect_in(window.home.expiry_link, central)
    assert stack.right() - 48 <= link.right() <= stack.right()  # the lower right of the page, not of the window

    # Other pages too: お客さま情報 keeps to the column.
    window.show_account_info()
    qtbot.waitUntil(lambda: window.account_info.isVisible(), timeout=TIMEOUT)
    assert window.account_info.width() == CONTENT_WIDTH


def test_the_inactive_parts_come_right_after_the_first_paint_and_move_nothing(qtbot) -> None:
    """スキャン and the features are not built for the first paint (it stays cheap): they come just after it, in
    the room left for them, the status and the expiry link where they were."""
    window = MainWindow()
    qtbot.addWidget(window)
    home = window.home
    assert home.features is None and home.scan is None  # built, not yet painted
    window.show()
    qtbot.waitExposed(window)
    def places() -> list:  # the status's text where it starts (スキャン narrows it), the links whole
        return [rect_in(home.status_title, home).topLeft(), rect_in(home.status_detail, home).topLeft(),
                rect_in(home.expiry_link, home), rect_in(home.account_link, home)]

    before = places()
    qtbot.waitUntil(lambda: home.features is not None and home.features.isVisible(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: home.scan.isVisible(), timeout=TIMEOUT)
    QApplication.processEvents()
    assert places() == before
    card = rect_in(home.status_card, home)
    assert card.contains(rect_in(home.scan.button, home))  # スキャン in the status card, right of the status
    assert rect_in(home.scan.button, home).left() > rect_in(home.status_title, home).right()
    assert rect_in(home.features, home).top() > card.bottom()
    assert rect_in(home.features, home).bottom() < rect_in(home.expiry_link, home).top()
