"""The walkthrough's scripted paths: what a user does, screen by screen (:mod:`vb_renew.qa.walkthrough` runs them),
and the screens they pass: :func:`screen_of` says which one the window shows, :func:`shows` what a step reports of it.

Each path opens a step per screen it passes (``with walk.step("s6"):``), clicks and types in it as a user does,
and moves the simulated world only through the simulation API: the clock event by event, or past a slip's
deadline, and the customer's payment (``POST /sim/orders/{id}/pay``). The stretches several paths share are the
functions below; :data:`PATHS` names the paths, their world and what they show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QRadioButton, QWidget

from vb_renew.core.flow import Step
from vb_renew.qa.driving import CUSTOMER
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.payment import PaidAt
from vb_renew.ui.waiting import WaitingPage

if TYPE_CHECKING:
    from vb_renew.qa.walkthrough import Walk

EMAIL, PASSWORD = "taro@example.jp", "taro-pass-1234"  # the scenarios' account (README, For QA)
PLACES = {PaidAt.CONVENIENCE_STORE: "コンビニ", PaidAt.POST_OFFICE: "郵便局"}


@dataclass(frozen=True)
class Script:
    title: str
    scenario: str  # the world it is written for (--scenario walks it in another)
    walk: Callable[[Walk], None]


# -- the screens ------------------------------------------------------------------------------------------

# Every screen a walk can reach: its key (the pictures' names) and its title.
SCREENS = {
    "s1": "S1 メイン画面", "s2": "S2 お客さま情報", "s2-error": "S2 契約更新を始められない場合（ダイアログ）",
    "s3-login": "S3 トレンドマイクロアカウント（ログイン）", "s3-busy": "S3 トレンドマイクロアカウント（処理中）",
    "s3-licences": "S3 ライセンス管理", "s3-choose": "S3 契約更新するライセンスの選択",
    "s4": "S4 シリアル番号の選択", "s5": "S5 製品と年数", "s6": "S6 お支払方法とお客さま情報",
    "s6-card": "S6 アップグレード（クレジットカード）", "s7": "S7 お申し込み内容の確認", "s8": "S8 確認ダイアログ",
    "s9": "S9 お申し込み完了", "wizard-loading": "S4–S9 契約更新（読み込み中）",
    "s10": "S10 お支払い状況", "s10-slip": "S10 振込用紙", "s10-lapsed": "S10 お支払い期限切れ",
    "s11": "S11 入金確認待ち", "s12": "S12 有効期限の延長", "other": "（ほかの画面）",
}
# What a step reports a screen shows: the text of these widgets, when on screen.
SHOWN = {
    "s1": ("protectionStatus", "expiryLink", "orderBannerText"),
    "s2": ("accountInfoRefusal",),
    "s3-licences": ("accountSignedInAs",),
    "s9": ("completePage.orderNumber", "completePage.total"),
    "s10-slip": ("slipOrderNumber", "slipStatus"),
    **{key: ("waiting.statusTitle", "waiting.newExpiry", "waiting.summary")
       for key in ("s10", "s10-lapsed", "s11", "s12")},
}
DIALOGS = {"orderPlacedDialog": "s8", "chooseLicenceDialog": "s3-choose", "renewErrorMessage": "s2-error"}


def screen_of(window: Any, controller: Any) -> tuple[str, QWidget]:
    """The screen the user sees (a key of :data:`SCREENS`), and the widget to photograph for it."""
    for widget in QApplication.topLevelWidgets():  # a dialog of the window, on top of it, is the screen
        if isinstance(widget, QDialog) and widget.isVisible() and widget.objectName() in DIALOGS:
            parent = widget.parentWidget()
            while parent is not None and parent is not window:
                parent = parent.parentWidget()
            if parent is window:
                return DIALOGS[widget.objectName()], widget
    page = window.stack.currentWidget()
    if page is window.home:
        return "s1", window
    if page.objectName() == "accountInfoPage":  # not window.account_info: that would build the page
        return "s2", window
    route = controller.account_route if controller is not None else None
    if route is not None and page is route:
        return {route.LOGIN: "s3-login", route.LICENCES: "s3-licences"}.get(route.current_screen(), "s3-busy"), window
    wizard = controller.wizard if controller is not None else None
    if wizard is not None and page is wizard:
        steps = {Step.SERIALS: "s4", Step.PRODUCT: "s5", Step.PAYMENT: "s6", Step.CARD: "s6-card",
                 Step.CONFIRM: "s7", Step.COMPLETE: "s9"}
        return steps.get(wizard.current_step(), "wizard-loading"), window
    if isinstance(page, WaitingPage):
        if page.stack.currentWidget() is not page.status_view:
            return "s10-slip", window
        state = page.order.state
        if state in (OrderState.PAID, OrderState.CONFIRMED):
            return "s11", window
        return {OrderState.EXTENDED: "s12", OrderState.LAPSED: "s10-lapsed"}.get(state, "s10"), window
    return "other", window


def shows(key: str, widget: QWidget) -> list[str]:
    """The lines :data:`SHOWN` names for the screen, as the user reads them (visible, on one line)."""
    lines = []
    for object_name in SHOWN.get(key, ()):
        for found in widget.findChildren(QWidget, object_name):
            text = " ".join(found.text().split()) if hasattr(found, "text") else ""
            if text and found.isVisible():
                lines.append(text)
    return lines


# -- stretches several paths share --------------------------------------------------------------------------


def start(w: Walk) -> None:
    with w.step("s1"):
        w.boot()


def renew_from_main_screen(w: Walk) -> Any:
    """S1 → S2 → 「今すぐ更新」 → S5 (through S4 when the account has several serials); returns the wizard."""
    with w.step("s2"):
        w.click(w.window.home.expiry_link)
    with w.step(("s4", "s5")):
        w.click(w.window.account_info.renew_button)
    wizard = w.controller.wizard
    if wizard.current_step() is Step.SERIALS:
        with w.step("s5"):
            w.click(w.find(QPushButton, f"serialsPage.renew.{w.controller.session.serial}", wizard))
    return wizard


def apply(w: Walk, wizard: Any, product: str | None = None) -> None:
    """S5 → S9: one year of ``product`` (default: the installed licence's), paid by slip, the scenario's customer."""
    product = product or w.controller.view.licence.product
    with w.step("s6"):
        w.click(w.find(QPushButton, f"productPage.years1.{product}", wizard.product_page))
    page = wizard.page(Step.PAYMENT)
    form = page.customer_form
    with w.step("s6", until=lambda: page.next_button.isEnabled()):
        typed = False
        for field, value in [*CUSTOMER.items(), ("email", EMAIL)]:
            if form.inputs[field].text() != value:  # a second application keeps the first one's details
                w.type(form.inputs[field], value)
                typed = True
        if not typed:
            w.note("the customer's details are still filled in from the first application")
        w.driver.wait(lambda: form.value("prefecture") == "東京都")
        w.click(page.agreement.check)
    with w.step("s7"):
        w.click(page.next_button)
    with w.step("s8"):
        w.click(wizard.confirm_page.next_button)
    with w.step("s9"):
        dialog = wizard.findChild(QMessageBox, "orderPlacedDialog")
        w.click(w.find(QPushButton, "orderPlacedDialog.ok", dialog))


def to_waiting_page(w: Walk, wizard: Any) -> Any:
    """S9 → 「お支払い状況を確認」 → S10; returns the order's waiting page."""
    with w.step("s10"):
        w.click(w.find(QPushButton, "wizard.paymentStatusButton", wizard))
    return w.controller.waiting[wizard.order.id]


def advance_to(w: Walk, page: Any, state: OrderState, expected: str) -> None:
    """The clock, event by event through the simulation API, until the order is in ``state`` (then its screen)."""
    order_id = page.order_id

    def state_now() -> OrderState:
        client = page.tracker.client_factory(order_id)()
        try:
            return client.poll_order(order_id).order.state
        finally:
            client.close()

    with w.step(expected, until=lambda: page.order.state is state):
        for _ in range(10):
            if state_now() is state:
                break
            w.sim("POST /sim/clock/advance {\"to_next_event\": true}", lambda sim: sim.sim_advance(to_next_event=True),
                  lambda clock: f"{clock.now:%Y-%m-%d %H:%M}, {ran(clock)}")
        else:
            raise RuntimeError(f"the order did not reach {state} in 10 events")


def ran(clock: Any) -> str:
    """The events an advance of the clock ran, for the report."""
    return "ran " + (", ".join(event.kind for event in clock.events) or "nothing")


def look_at_slip(w: Walk, page: Any) -> None:
    with w.step("s10-slip"):
        w.click(page.slip_button)
    with w.step("s10"):
        w.click(w.find(QPushButton, "slipCloseButton", page))


def pay(w: Walk, page: Any, place: PaidAt) -> None:
    """The customer pays the slip at ``place`` (the simulation API), then S11 once the page knows."""
    with w.step("s11"):
        amount = page.order.slip.amount
        w.sim(f"POST /sim/orders/<order>/pay (the customer pays {amount:,}円 at the {PLACES[place]})",
              lambda sim: sim.sim_pay(page.order_id, place.value, amount))


def extend_and_go_home(w: Walk, page: Any) -> None:
    advance_to(w, page, OrderState.EXTENDED, "s12")
    with w.step("s1", until=lambda: w.controller.view.licence.open_order is None):
        w.click(page.back_button)


def pay_and_extend(w: Walk, wizard: Any, place: PaidAt, *, slip: bool = False) -> None:
    page = to_waiting_page(w, wizard)
    advance_to(w, page, OrderState.SLIP_DELIVERED, "s10")
    if slip:
        look_at_slip(w, page)
    pay(w, page, place)
    extend_and_go_home(w, page)


# -- the paths ------------------------------------------------------------------------------------------------


def convenience_store(w: Walk) -> None:
    start(w)
    wizard = renew_from_main_screen(w)
    apply(w, wizard)
    pay_and_extend(w, wizard, PaidAt.CONVENIENCE_STORE, slip=True)


def post_office(w: Walk) -> None:
    start(w)
    wizard = renew_from_main_screen(w)
    apply(w, wizard)
    pay_and_extend(w, wizard, PaidAt.POST_OFFICE)


def account_route(w: Walk) -> None:
    """S1 → S3: log in, renew the account's licence that expires first (the popup when several can be)."""
    start(w)
    with w.step("s3-login"):
        w.click(w.window.home.account_link)
    route = w.controller.account_route
    with w.step("s3-licences"):
        w.type(route.login_form.email_edit, EMAIL)
        w.type(route.login_form.password_edit, PASSWORD)
        w.click(route.login_form.login_button)
    renewable = [lic for lic in route.licences if lic.renewable and not lic.open_order]
    if not renewable:
        raise RuntimeError("the account has no licence to renew")
    chosen = min(renewable, key=lambda lic: (lic.expiry, lic.serial))
    with w.step(("s3-choose", "s5")):
        w.click(w.find(QPushButton, f"renewLicenceButton.{chosen.serial}", route))
    if route.choose_dialog is not None and route.choose_dialog.isVisible():
        dialog = route.choose_dialog
        with w.step("s5"):
            w.click(w.find(QRadioButton, f"chooseLicenceRadio.{chosen.serial}", dialog))
            w.click(dialog.ok_button)
    wizard = w.controller.wizard
    apply(w, wizard, chosen.product)
    pay_and_extend(w, wizard, PaidAt.CONVENIENCE_STORE)


def lapsed_slip(w: Walk) -> None:
    """A slip nobody pays: the clock past its deadline (S10 lapsed), then 「もう一度申し込む」 and S5 → S10 again."""
    start(w)
    wizard = renew_from_main_screen(w)
    apply(w, wizard)
    page = to_waiting_page(w, wizard)
    advance_to(w, page, OrderState.SLIP_DELIVERED, "s10")
    with w.step("s10-lapsed", until=lambda: page.apply_again_button.isVisible()):
        deadline = page.order.slip.deadline
        days = (deadline - w.today()).days + 1
        w.sim(f"POST /sim/clock/advance {{\"days\": {days}}} (the day after the slip's deadline {deadline})",
              lambda sim: sim.sim_advance(days=days), lambda clock: f"{clock.now:%Y-%m-%d %H:%M}, {ran(clock)}")
    with w.step("s5"):
        w.click(page.apply_again_button)
    apply(w, wizard)
    to_waiting_page(w, wizard)


PATHS: dict[str, Script] = {
    "convenience-store": Script(
        "The main path: renew from the main screen, pay the slip at a convenience store (コンビニ), the expiry moves",
        "vb_cloud_in_term", convenience_store),
    "post-office": Script(
        "Renew from the main screen, pay the slip at a post office (郵便局)", "vb_cloud_in_term", post_office),
    "account-route": Script(
        "The account route: log in as taro@example.jp, pick the licence that expires first, renew it, pay at a "
        "convenience store", "three_serials", account_route),
    "expired-13-months": Script(
        "A licence expired 13 months ago: only the product reaches it; renew, pay, the new term counts from the "
        "payment's confirmation", "vb_cloud_expired_13_months", convenience_store),
    "lapsed-slip": Script(
        "A slip left unpaid past its deadline (S10 お支払い期限切れ), then applied for again from the waiting page",
        "vb_cloud_in_term", lapsed_slip),
}
DEFAULT_PATH = "convenience-store"
