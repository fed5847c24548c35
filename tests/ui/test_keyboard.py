"""Keyboard first: every screen by Tab in reading order, Enter and Esc as in native dialogs, focus always visible.

The real window and controller, on the tests' backend over HTTP on loopback, with the world pinned to a known day
and the simulated clock standing still; only the tests move it (``/sim``, which is not the user).

- **Tab order.** On each screen, Tab goes once round the screen's interactive widgets (those
  :mod:`vb_renew.qa.automation` lists: shown and enabled) in reading order, top to bottom and left to right by
  geometry (a scroll area's content is read whole, where the area is), and Shift+Tab goes round backwards. A group
  of buttons for one choice (radio buttons, a product's years on S5) is one stop, at its checked button (else its
  first); the arrow keys move within it. The documented exceptions are :data:`EXTRA_STOPS`.
- **Focus is visible.** Each stop, focused, differs from itself unfocused by a ring: at least a perimeter's worth
  of pixels that changed with a contrast of 3:1 or more (WCAG's non-text contrast), in light and in dark.
- **Keyboard only.** S1 → S12 and the account route into the wizard with Tab, Space, Enter, Esc and typing,
  sent to the widget that has the focus, as a keyboard does.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QWidget,
)
from wizard_driving import GOOD_CUSTOMER, orders_of, type_text

from tests.needs import needs_japanese_font
from vb_renew.core.api import ApiClient
from vb_renew.core.backend import Options, ProductBackend
from vb_renew.core.flow import Step
from vb_renew.qa.automation import interactive_widgets
from vb_renew.qa.palettes import dark_palette
from vb_renew.rules.lifecycle import OrderState
from vb_renew.ui.account_route import AccountRoutePage
from vb_renew.ui.controller import AppController
from vb_renew.ui.keyboard import ARROW_GROUP
from vb_renew.ui.main_window import MainWindow

pytestmark = pytest.mark.slow

TIMEOUT = 15_000
START = "2026-11-26"  # the pinned simulated today
TARO = ("taro@example.jp", "taro-pass-1234")

# Widgets Tab stops at that are not interactive widgets of :mod:`vb_renew.qa.automation`, and why.
EXTRA_STOPS = {
    "slipScrollArea": "the slip is a picture wider than a small window: Tab stops at it so the arrow keys scroll it",
}


# --- the app --------------------------------------------------------------------------------------------

@pytest.fixture
def open_app(qtbot, backend, sim: ApiClient, poll_policy) -> Iterator[Callable[..., tuple[MainWindow, AppController]]]:
    """``open_app(scenario)``: the world loaded on the pinned day, the clock stopped, the customer paying only when
    the test pays; the main window shown, active, connected and showing the licence."""
    controllers: list[AppController] = []

    def open_(scenario: str = "vb_cloud_in_term") -> tuple[MainWindow, AppController]:
        sim.sim_load_scenario(scenario, start=START, seconds_per_day=None, customer_pays=False)
        window = MainWindow()
        qtbot.addWidget(window)
        backend_ = ProductBackend(Options(server_url=backend.url, sim_token=backend.sim_token))
        controller = AppController(window, backend_, window, policy=replace(poll_policy, long_poll_wait=1.0))
        controllers.append(controller)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
        controller.start()
        qtbot.waitUntil(lambda: controller.view is not None, timeout=20_000)
        qtbot.waitUntil(lambda: window.home.expiry_link.isEnabled(), timeout=TIMEOUT)
        return window, controller

    yield open_
    for controller in controllers:
        controller.shutdown()


@pytest.fixture
def dark_system() -> Iterator[None]:
    app = QApplication.instance()
    app.setPalette(dark_palette())
    yield
    app.setPalette(QPalette())


# --- the keyboard -----------------------------------------------------------------------------------------

def focused() -> QWidget | None:
    return QApplication.focusWidget()


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "(nothing)"
    return widget.objectName() or f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}"


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key, to the widget that has the focus (as a keyboard sends it)."""
    widget = focused()
    assert widget is not None, "nothing has the keyboard focus"
    QTest.keyClick(widget, key, modifier)


def type_here(qtbot, text: str) -> None:
    widget = focused()
    assert isinstance(widget, QLineEdit), describe(widget)
    type_text(qtbot, widget, text)


def tab_to(target: QWidget, limit: int = 80) -> None:
    """Tab until ``target`` has the focus, as a user does; fails if Tab never gets there."""
    for _ in range(limit):
        if focused() is target:
            return
        press(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {describe(target)}")


# --- reading order -------------------------------------------------------------------------------------

def reading_position(widget: QWidget, root: QWidget) -> list[QRect]:
    """Where ``widget`` is read: its rectangle in each region it is in, outermost first; a scroll area's content
    is one region, read whole where the area is (a field scrolled out of view is still above the button bar)."""
    rects = []
    item, ancestor = widget, widget.parentWidget()
    while ancestor is not None and ancestor is not root:
        if isinstance(ancestor, QScrollArea) and ancestor.widget() is not None \
                and ancestor.widget().isAncestorOf(item):
            rects.append(QRect(item.mapTo(ancestor.widget(), QPoint(0, 0)), item.size()))
            item = ancestor
        ancestor = ancestor.parentWidget()
    rects.append(QRect(item.mapTo(root, QPoint(0, 0)), item.size()))
    return rects[::-1]


def _before(a: QRect, b: QRect) -> int:
    """Reading order of two rectangles: the same row (their heights overlap by half) left to right, else top down."""
    overlap = min(a.bottom(), b.bottom()) - max(a.top(), b.top())
    if overlap >= min(a.height(), b.height()) / 2:
        return -1 if a.left() < b.left() else 1 if a.left() > b.left() else 0
    return -1 if a.center().y() < b.center().y() else 1


def reading_order(widgets: list[QWidget], root: QWidget) -> list[QWidget]:
    positions = {id(w): reading_position(w, root) for w in widgets}

    def compare(a: QWidget, b: QWidget) -> int:
        for ra, rb in zip(positions[id(a)], positions[id(b)]):
            if ra != rb:
                return _before(ra, rb)
        return 0

    return sorted(widgets, key=functools.cmp_to_key(compare))


def group_of(widget: QWidget) -> object | None:
    """The group a button is one of, for Tab: an ArrowGroup's name, or a radio button's QButtonGroup."""
    named = widget.property(ARROW_GROUP)
    if named:
        return named
    if isinstance(widget, QRadioButton) and widget.group() is not None:
        return id(widget.group())
    return None


def expected_stops(root: QWidget) -> list[QWidget]:
    """The stops of Tab on ``root``'s screen, in reading order: every shown, enabled interactive widget (one per
    group: its checked button, else its first) and the documented extra stops."""
    shown = [w for w in interactive_widgets(root)
             if w.isVisible() and w.isEnabled() and w.window() is root.window()]
    shown += [w for w in root.findChildren(QWidget) if w.objectName() in EXTRA_STOPS and w.isVisible()]
    ordered = reading_order(shown, root)
    stops, groups = [], {}
    for widget in ordered:
        key = group_of(widget)
        if key is None:
            stops.append(widget)
        else:
            groups.setdefault(key, []).append(widget)
    for members in groups.values():
        checked = [w for w in members if isinstance(w, QAbstractButton) and w.isChecked()]
        stops.append((checked or members)[0])
    return reading_order(stops, root)


# --- focus is visible ------------------------------------------------------------------------------------

def canvas_of(widget: QWidget) -> QWidget:
    """What to render to see ``widget`` whatever the scrolling: its scroll area's whole content, or its window."""
    ancestor = widget.parentWidget()
    inner = widget
    while ancestor is not None and not ancestor.isWindow():
        if isinstance(ancestor, QScrollArea) and ancestor.widget() is not None and ancestor.widget().isAncestorOf(inner):
            return ancestor.widget()
        ancestor = ancestor.parentWidget()
    return widget.window()


def looks(widget: QWidget) -> QImage:
    canvas = canvas_of(widget)
    rect = QRect(widget.mapTo(canvas, QPoint(0, 0)), widget.size())
    return canvas.grab(rect).toImage().convertToFormat(QImage.Format.Format_RGB32)


@functools.cache
def _luminance(rgb: int) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel((rgb >> 16) & 0xFF) + 0.7152 * channel((rgb >> 8) & 0xFF) + 0.0722 * channel(rgb & 0xFF)


@functools.cache
def _contrast(a: int, b: int) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ring_pixels(unfocused: QImage, focused_: QImage) -> int:
    """How many pixels focus changed with a contrast of at least 3:1."""
    if unfocused.size() != focused_.size():
        return unfocused.width() * unfocused.height()  # it changed size: visible, if a ring is not
    a = memoryview(unfocused.constBits()).cast("I")
    b = memoryview(focused_.constBits()).cast("I")
    return sum(1 for x, y in zip(a, b) if x != y and _contrast(x & 0xFFFFFF, y & 0xFFFFFF) >= 3.0)


def assert_focus_visible(widget: QWidget, unfocused: QImage) -> None:
    now = looks(widget)
    changed = ring_pixels(unfocused, now)
    perimeter = 2 * (widget.width() + widget.height())
    assert changed >= perimeter, (f"{describe(widget)}: focus changes {changed} pixels with 3:1 contrast, "
                                  f"fewer than its perimeter ({perimeter})")


# --- walking a screen ------------------------------------------------------------------------------------

def tab_round(qtbot, root: QWidget, screen: str, *, focus_visible: bool = True) -> list[QWidget]:
    """Tab once round ``root``'s screen: each stop reached once, in reading order, its focus visible; then
    Shift+Tab round backwards. Returns the stops."""
    for _ in range(3):  # the layouts' pending requests (they post one another): positions are final
        QApplication.processEvents()
    expected = expected_stops(root)
    assert expected, f"{screen}: nothing to reach"
    if focused() is not None:
        focused().clearFocus()
    unfocused = {id(w): looks(w) for w in expected} if focus_visible else {}
    start = expected[0]
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: focused() is start, timeout=TIMEOUT)
    reached: list[QWidget] = []
    for _ in range(len(expected) + 3):
        current = focused()
        reached.append(current)
        if focus_visible and id(current) in unfocused:
            assert_focus_visible(current, unfocused[id(current)])
        press(Qt.Key.Key_Tab)
        if focused() is start:
            break
    assert [describe(w) for w in reached] == [describe(w) for w in expected], f"{screen}: Tab order"
    backwards: list[QWidget] = []
    for _ in range(len(expected) + 3):
        backwards.append(focused())
        press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
        if focused() is start:
            break
    assert [describe(w) for w in backwards] == [describe(w) for w in [start, *expected[:0:-1]]], \
        f"{screen}: Shift+Tab order"
    return expected


# --- moving the simulated clock (the simulation, not the user) -----------------------------------------------

def advance_until(qtbot, sim: ApiClient, page, state: OrderState) -> None:
    """Run the simulated clock event by event until the waiting page shows ``state``."""
    for _ in range(20):
        if page.order.state is state:
            return
        version = page.order.version
        sim.sim_advance(to_next_event=True)
        try:
            qtbot.waitUntil(lambda v=version: page.order.version != v, timeout=TIMEOUT)
        except qtbot.TimeoutError:
            continue
    qtbot.waitUntil(lambda: page.order.state is state, timeout=TIMEOUT)


def back_to(qtbot, window: QWidget) -> None:
    """A dialog closed: the window under it is active again (a window manager's doing; offscreen has none)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)


def wizard_step(controller: AppController) -> Step | None:
    return controller.wizard.current_step() if controller.wizard is not None else None


# --- every screen, by Tab --------------------------------------------------------------------------------

def test_tab_goes_round_every_screen_of_the_product_route_in_reading_order(open_app, qtbot, sim) -> None:
    """S1, S2, S4 (two serials), S5 (both), S6 (empty, filled in), S7, S8's dialog by Enter, S9, S1 with its link to
    the order, S10 (applied, then the slip delivered), the slip, S11, S12: each stop reached once, in reading
    order, with its focus visible."""
    needs_japanese_font()
    window, controller = open_app("two_serials")
    tab_round(qtbot, window, "S1")

    window.show_account_info()
    tab_round(qtbot, window, "S2")

    window.account_info.renew_button.click()
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.SERIALS, timeout=TIMEOUT)
    wizard = controller.wizard
    stops = tab_round(qtbot, window, "S4")
    assert [describe(w) for w in stops][-2:] == ["serialsPage.renewAllButton", "wizard.cancelLink"]

    wizard.serials_page.renew_all_button.click()
    assert wizard_step(controller) is Step.PRODUCT
    stops = tab_round(qtbot, window, "S5")
    products = {(w.property(ARROW_GROUP)) for w in stops if w.property(ARROW_GROUP)}
    assert len(products) >= 4, "each serial's products are stops of their own"
    serials = wizard.draft.selected_serials
    for serial in serials:
        wizard.product_page.button(serial, "vb_cloud", 1).click()
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PAYMENT, timeout=TIMEOUT)

    page = wizard.page(Step.PAYMENT)
    tab_round(qtbot, window, "S6 (empty)")
    form = page.customer_form
    for field, value in GOOD_CUSTOMER.items():
        if value:
            form.inputs[field].clear()
            type_text(qtbot, form.inputs[field], value)
    qtbot.waitUntil(lambda: form.value("prefecture") == "東京都", timeout=TIMEOUT)
    page.agreement.check.setChecked(True)
    assert page.next_button.isEnabled()
    tab_round(qtbot, window, "S6 (filled in)")

    page.next_button.click()
    assert wizard_step(controller) is Step.CONFIRM
    tab_round(qtbot, window, "S7")
    wizard.confirm_page.next_button.click()
    qtbot.waitUntil(lambda: wizard.findChild(QMessageBox, "orderPlacedDialog") is not None, timeout=TIMEOUT)
    dialog = wizard.findChild(QMessageBox, "orderPlacedDialog")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=TIMEOUT)
    press(Qt.Key.Key_Return)  # S8's 「OK」: the dialog's default button
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.COMPLETE, timeout=TIMEOUT)
    back_to(qtbot, window)
    tab_round(qtbot, window, "S9")

    order = wizard.order
    wizard.complete_page.next_button.click()  # 「メイン画面に戻る」: S1 links to the order in progress
    qtbot.waitUntil(lambda: window.home.isVisible() and bool(window.home.order_links), timeout=TIMEOUT)
    stops = tab_round(qtbot, window, "S1 (an order in progress)")
    assert [describe(w) for w in stops] == ["homeOrderLink1", "accountRouteLink", "expiryLink"]
    window.home.order_links[0].click()
    waiting = controller.waiting[order.id]
    tab_round(qtbot, window, "S10 (applied)")
    advance_until(qtbot, sim, waiting, OrderState.SLIP_DELIVERED)
    qtbot.waitUntil(waiting.slip_button.isEnabled, timeout=TIMEOUT)
    tab_round(qtbot, window, "S10 (the slip delivered)")
    waiting.slip_button.click()
    stops = tab_round(qtbot, window, "the slip")
    assert "slipScrollArea" in [describe(w) for w in stops]
    waiting.findChild(QPushButton, "slipPayConvenienceStoreButton").click()
    qtbot.waitUntil(lambda: waiting.order.state is OrderState.PAID, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: waiting.stack.currentWidget() is waiting.status_view, timeout=TIMEOUT)
    tab_round(qtbot, window, "S11")
    advance_until(qtbot, sim, waiting, OrderState.EXTENDED)
    stops = tab_round(qtbot, window, "S12")
    assert "waiting.refreshMainButton" in [describe(w) for w in stops]


def test_tab_goes_round_the_account_route_in_reading_order(open_app, qtbot) -> None:
    """S3: the login form (empty, then filled in), ライセンス管理 with its cards, and the popup that picks one."""
    needs_japanese_font()
    window, controller = open_app("three_serials")
    controller.show_account_route()
    route: AccountRoutePage = controller.account_route
    qtbot.waitUntil(lambda: route.current_screen() == route.LOGIN, timeout=TIMEOUT)
    stops = tab_round(qtbot, window, "S3 login (empty)")
    assert [describe(w) for w in stops] == ["accountEmailEdit", "accountPasswordEdit", "accountSaveLoginCheck",
                                            "accountRouteBackButton"]  # 「ログイン」 is disabled until both are typed
    type_text(qtbot, route.login_form.email_edit, TARO[0])
    type_text(qtbot, route.login_form.password_edit, TARO[1])
    stops = tab_round(qtbot, window, "S3 login (filled in)")
    assert "accountLoginButton" in [describe(w) for w in stops]

    route.login_form.login_button.click()
    qtbot.waitUntil(lambda: route.current_screen() == route.LICENCES, timeout=TIMEOUT)
    stops = tab_round(qtbot, window, "S3 ライセンス管理")
    names = [describe(w) for w in stops]
    assert names[0] == "accountLogoutLink" and names[-1] == "accountRouteBackButton"
    assert sum(name.startswith("renewLicenceButton.") for name in names) >= 2

    renewable = [button for button in route.licence_list.renew_buttons() if button.isEnabled()]
    renewable[0].click()
    qtbot.waitUntil(lambda: route.choose_dialog is not None and route.choose_dialog.isVisible(), timeout=TIMEOUT)
    dialog = route.choose_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=TIMEOUT)
    stops = tab_round(qtbot, dialog, "the popup")
    assert [describe(w) for w in stops][1:] == ["chooseLicenceOk", "chooseLicenceCancel"]
    assert stops[0] is dialog.radios[renewable[0].objectName().removeprefix("renewLicenceButton.")]


def test_tab_goes_round_an_expired_main_screen_and_the_card_page(open_app, qtbot) -> None:
    """S1 with 「今すぐ更新」 (expired), and an upgrade's payment page: the card's fields first, the method
    selected (the credit card, the only one enabled) as the group's stop."""
    needs_japanese_font()
    window, controller = open_app("vb_cloud_expired_6_months")
    stops = tab_round(qtbot, window, "S1 (expired)")
    assert [describe(w) for w in stops] == ["homeRenewButton", "accountRouteLink", "expiryLink"]
    press(Qt.Key.Key_Return)  # on 「今すぐ更新」: S2
    assert window.stack.currentWidget() is window.account_info
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PRODUCT, timeout=TIMEOUT)
    wizard = controller.wizard
    upgrade = next(button for button in wizard.product_page.findChildren(QPushButton)
                   if button.objectName().startswith("productPage.years1.ts_") and button.isEnabled())
    tab_to(upgrade)
    press(Qt.Key.Key_Space)
    assert wizard_step(controller) is Step.CARD
    page = wizard.page(Step.CARD)
    assert focused() is page.card_form.inputs["number"]
    stops = tab_round(qtbot, window, "the card page")
    names = [describe(w) for w in stops]
    assert names[:2] == ["cardPage.method.creditCard", "cardPage.number"]
    assert names.index("cardPage.holder") < names.index("cardPage.familyName") < names.index("cardPage.agreeCheck")


def test_focus_is_visible_in_dark_mode(dark_system, open_app, qtbot) -> None:
    """The ring reads on a dark palette too: S1, S2, S5 and the empty S6, every stop."""
    needs_japanese_font()
    window, controller = open_app()
    tab_round(qtbot, window, "S1 (dark)")
    window.show_account_info()
    tab_round(qtbot, window, "S2 (dark)")
    window.account_info.renew_button.click()
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PRODUCT, timeout=TIMEOUT)
    tab_round(qtbot, window, "S5 (dark)")
    controller.wizard.product_page.button(controller.session.serial, "vb_cloud", 1).click()
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PAYMENT, timeout=TIMEOUT)
    tab_round(qtbot, window, "S6 (dark)")


# --- the arrows, Enter and Esc ----------------------------------------------------------------------------

def test_on_s5_the_arrows_move_within_a_product_and_only_space_or_enter_chooses(open_app, qtbot) -> None:
    window, controller = open_app()
    window.show_account_info()
    press(Qt.Key.Key_Return)  # S2 shows with the focus on 「今すぐ更新」
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PRODUCT, timeout=TIMEOUT)
    page, serial = controller.wizard.product_page, controller.session.serial
    first = page.button(serial, "ts_standard", 1)
    assert focused() is first  # the page shows with the focus on its first product's first year
    press(Qt.Key.Key_Right)
    assert focused() is page.button(serial, "ts_standard", 2)
    press(Qt.Key.Key_Right)
    press(Qt.Key.Key_Right)  # round to the first year again
    assert focused() is first
    press(Qt.Key.Key_Left)
    assert focused() is page.button(serial, "ts_standard", 3)
    assert wizard_step(controller) is Step.PRODUCT and not any(
        page.button(serial, product, years).isChecked() for product in ("ts_standard", "vb_cloud") for years in (1, 2, 3))
    press(Qt.Key.Key_Tab)  # the next product, at its first year
    assert focused() is page.button(serial, "ts_premium", 1)
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back into the first product, where Tab enters it
    assert focused() is first
    tab_to(page.button(serial, "vb_cloud", 1))  # 「この製品で契約更新する」, by Tab
    press(Qt.Key.Key_Right)
    press(Qt.Key.Key_Space)  # chooses the year the focus is on
    assert wizard_step(controller) is Step.PAYMENT
    assert [(c.product, c.years) for c in controller.wizard.draft.choices] == [("vb_cloud", 2)]
    press(Qt.Key.Key_Escape)  # キャンセル (nothing typed: nothing to ask)
    assert window.stack.currentWidget() is window.account_info  # back where 「今すぐ更新」 was pressed

    window.show_account_info()
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PRODUCT, timeout=TIMEOUT)
    assert focused() is page.button(serial, "ts_standard", 1)  # a new application: nothing chosen yet
    assert not controller.wizard.draft.choices


def test_enter_is_the_pages_default_action_and_esc_its_cancel(open_app, qtbot) -> None:
    """S2: Esc goes back, Enter renews. S5: Enter chooses. S6: Enter does nothing until the form is complete, then
    (in a field) goes to S7; Esc is キャンセル, and nothing is ordered. The account route: Esc goes back."""
    window, controller = open_app()
    window.show_account_info()
    assert focused() is window.account_info.renew_button
    press(Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home
    assert focused() is not None and window.home.isAncestorOf(focused())

    window.show_account_info()
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PRODUCT, timeout=TIMEOUT)
    wizard = controller.wizard
    tab_to(wizard.product_page.button(controller.session.serial, "vb_cloud", 1))
    press(Qt.Key.Key_Return)  # Enter on a choice chooses it, as Space does
    assert wizard_step(controller) is Step.PAYMENT
    page = wizard.page(Step.PAYMENT)
    assert focused() is page.customer_form.inputs["family_name"]
    press(Qt.Key.Key_Return)  # the form is empty: 「同意して、お申し込み内容を確認する」 is disabled
    assert wizard_step(controller) is Step.PAYMENT
    for field, value in GOOD_CUSTOMER.items():
        if value:
            tab_to(page.customer_form.inputs[field])
            type_here(qtbot, value)
        if field == "postal_code":
            qtbot.waitUntil(lambda: page.customer_form.value("prefecture") == "東京都", timeout=TIMEOUT)
    tab_to(page.agreement.check)
    press(Qt.Key.Key_Space)
    tab_to(page.customer_form.inputs["phone"])
    press(Qt.Key.Key_Return)  # Enter in a field: the page's default action
    assert wizard_step(controller) is Step.CONFIRM
    for answer in (Qt.Key.Key_Escape, Qt.Key.Key_Tab):  # Esc keeps editing; Tab, Space: 「入力内容を破棄する」
        press(Qt.Key.Key_Escape)  # キャンセル, as clicking it does: the details typed are lost, so it asks
        qtbot.waitUntil(lambda: (QApplication.activeWindow() or window).objectName() == "leaveWizardDialog",
                        timeout=TIMEOUT)
        assert isinstance(focused(), QPushButton) and focused().objectName() == "leaveWizardDialog.stay"
        press(answer)
        if answer == Qt.Key.Key_Tab:
            assert focused().objectName() == "leaveWizardDialog.leave"
            press(Qt.Key.Key_Space)
        back_to(qtbot, window)
        if answer == Qt.Key.Key_Escape:
            assert wizard_step(controller) is Step.CONFIRM and window.stack.currentWidget() is wizard
    assert window.stack.currentWidget() is window.account_info
    assert orders_of(controller.session) == []

    controller.show_account_route()
    route: AccountRoutePage = controller.account_route
    qtbot.waitUntil(lambda: route.current_screen() == route.LOGIN and focused() is route.login_form.email_edit,
                    timeout=TIMEOUT)
    press(Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home


def test_keyboard_only_from_the_main_screen_to_the_licence_extended(open_app, qtbot, sim) -> None:
    """S1 → S2 → S5 → S6 → S7 → S8 → S9 → S10 → the slip, paid → S11 → S12 → S1, with Tab, Space, Enter, Esc and
    typing only. The simulated clock moves by the simulation API (the post and the bank, not the user)."""
    window, controller = open_app()
    serial = controller.session.serial
    tab_to(window.home.expiry_link)
    press(Qt.Key.Key_Space)  # S2
    assert window.stack.currentWidget() is window.account_info
    assert focused() is window.account_info.renew_button
    press(Qt.Key.Key_Return)  # 今すぐ更新 → the wizard, S5 (one serial: no S4)
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.PRODUCT, timeout=TIMEOUT)
    wizard = controller.wizard
    tab_to(wizard.product_page.button(serial, "vb_cloud", 1))
    press(Qt.Key.Key_Space)  # 「この製品で契約更新する」, 1年
    assert wizard_step(controller) is Step.PAYMENT

    page = wizard.page(Step.PAYMENT)
    form = page.customer_form
    for field, value in GOOD_CUSTOMER.items():
        if value:
            tab_to(form.inputs[field])
            type_here(qtbot, value)
        if field == "postal_code":
            qtbot.waitUntil(lambda: form.value("prefecture") == "東京都", timeout=TIMEOUT)
    tab_to(page.agreement.check)
    press(Qt.Key.Key_Space)
    assert page.next_button.isEnabled()
    press(Qt.Key.Key_Return)  # on the check box: the page's default action
    assert wizard_step(controller) is Step.CONFIRM

    press(Qt.Key.Key_Return)  # S7's 「同意して、お申し込み内容を完了する」
    qtbot.waitUntil(lambda: wizard.findChild(QMessageBox, "orderPlacedDialog") is not None, timeout=TIMEOUT)
    dialog = wizard.findChild(QMessageBox, "orderPlacedDialog")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=TIMEOUT)
    press(Qt.Key.Key_Return)  # S8's 「OK」
    qtbot.waitUntil(lambda: wizard_step(controller) is Step.COMPLETE, timeout=TIMEOUT)
    back_to(qtbot, window)
    assert focused() is wizard.status_button  # S9: 「お支払い状況を確認する」 first
    wizard.complete_page.setFocus()  # off the buttons: Enter is still the page's main action, not 「メイン画面に戻る」
    assert focused() is wizard.complete_page
    order = wizard.order
    press(Qt.Key.Key_Return)  # S10
    qtbot.waitUntil(lambda: window.stack.currentWidget() is controller.waiting.get(order.id), timeout=TIMEOUT)
    waiting = controller.waiting[order.id]

    advance_until(qtbot, sim, waiting, OrderState.SLIP_DELIVERED)  # the slip comes by post
    qtbot.waitUntil(waiting.slip_button.isEnabled, timeout=TIMEOUT)
    tab_to(waiting.slip_button)
    press(Qt.Key.Key_Return)  # the slip
    slip = waiting.stack.currentWidget()
    assert slip.objectName() == "slipView"
    press(Qt.Key.Key_Escape)  # 閉じる
    assert waiting.stack.currentWidget() is waiting.status_view
    assert focused() is waiting.slip_button
    press(Qt.Key.Key_Space)
    assert waiting.stack.currentWidget() is slip
    tab_to(slip.pay_store_button)
    press(Qt.Key.Key_Return)  # paid at a convenience store (simulated)
    qtbot.waitUntil(lambda: waiting.order.state is OrderState.PAID, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: waiting.stack.currentWidget() is waiting.status_view, timeout=TIMEOUT)  # S11
    assert focused() is not None and waiting.status_view.isAncestorOf(focused())

    advance_until(qtbot, sim, waiting, OrderState.EXTENDED)  # the payment confirmed: S12
    assert waiting.refresh_main_button.isVisible()
    press(Qt.Key.Key_Escape)  # 「メイン画面に戻る」
    assert window.stack.currentWidget() is window.home
    stored = orders_of(controller.session)
    assert [(o.id, o.state) for o in stored] == [(order.id, OrderState.EXTENDED)]
    qtbot.waitUntil(lambda: window.home.expiry_link.text().endswith(
        stored[0].items[0].new_expiry.strftime("%Y/%m/%d")), timeout=TIMEOUT)


def test_keyboard_only_on_the_account_route_into_the_wizard(open_app, qtbot) -> None:
    """Log in by keyboard, pick a licence (the popup: Esc cancels, the arrows choose, Enter confirms), into S5."""
    window, controller = open_app("three_serials")
    tab_to(window.home.account_link)
    press(Qt.Key.Key_Return)
    route: AccountRoutePage = controller.account_route
    qtbot.waitUntil(lambda: route.current_screen() == route.LOGIN and focused() is route.login_form.email_edit,
                    timeout=TIMEOUT)
    type_here(qtbot, TARO[0])
    press(Qt.Key.Key_Return)  # on to the password
    assert focused() is route.login_form.password_edit
    type_here(qtbot, TARO[1])
    press(Qt.Key.Key_Return)  # ログイン
    qtbot.waitUntil(lambda: route.current_screen() == route.LICENCES, timeout=TIMEOUT)
    renewable = [button for button in route.licence_list.renew_buttons() if button.isEnabled()]
    assert len(renewable) >= 2
    assert focused() is renewable[0]
    press(Qt.Key.Key_Return)  # 今すぐ契約更新: several can be renewed, the popup asks which
    qtbot.waitUntil(lambda: route.choose_dialog is not None and QApplication.activeWindow() is route.choose_dialog,
                    timeout=TIMEOUT)
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not route.choose_dialog.isVisible(), timeout=TIMEOUT)
    back_to(qtbot, window)
    assert controller.wizard is None or not controller.wizard.isVisible()
    assert focused() is renewable[0]
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: route.choose_dialog is not None and QApplication.activeWindow() is route.choose_dialog,
                    timeout=TIMEOUT)
    dialog: QDialog = route.choose_dialog
    radios = list(dialog.radios.values())
    assert focused() is radios[0] and radios[0].isChecked()
    press(Qt.Key.Key_Down)  # the next licence, chosen as radio buttons are
    assert focused() is radios[1] and radios[1].isChecked()
    chosen = dialog.selected_serial()
    press(Qt.Key.Key_Return)  # OK
    back_to(qtbot, window)
    qtbot.waitUntil(lambda: wizard_step(controller) is not None, timeout=TIMEOUT)
    assert chosen in controller.wizard.draft.selected_serials
    assert focused() is not None and controller.wizard.isAncestorOf(focused())
