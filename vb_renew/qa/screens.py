"""Render every screen to PNG, and list every screen's automation ids.

    python -m vb_renew.qa.screens [--out docs/screens] [--ids docs/automation-ids.md]

Each screen is reached as a user reaches it: a real window on the real embedded
backend, loaded with a scenario, driven by clicks. Runs offscreen; Japanese
needs a CJK font (``fonts-noto-cjk`` on Debian).

The screens of the main path are also rendered in dark mode, to ``<out>/dark/``:
the system switches to a dark palette while the window is open (the app follows
it), and back to light for the next screen.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget  # noqa: E402

from vb_renew import paths  # noqa: E402
from vb_renew.qa.automation import automation_ids, unnamed  # noqa: E402
from vb_renew.qa.palettes import dark_palette  # noqa: E402
from vb_renew.rules.lifecycle import OrderState  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
# The main path's screens, rendered in dark mode too (their ids are the same: not listed twice).
DARK_SCREENS = ("s1-in-term", "s1-expired", "s2-customer-info", "s5-product", "s6-customer-errors",
                "s6-customer-filled", "s7-confirm", "s9-complete", "s10-waiting", "s10-slip",
                "s11-waiting-confirmation", "s11-offline", "s12-extended")


class Driver:
    """Boots windows on fresh embedded backends and photographs them."""

    def __init__(self, out: Path, workdir: Path, start_backend: Callable) -> None:
        self.out = out
        self.workdir = workdir
        self.start_backend = start_backend  # the start-up module's: a window's own embedded backend
        self.ids: dict[str, list] = {}
        self.shots: list[Path] = []
        self.unnamed: list[str] = []  # interactive widgets without an objectName or accessibleName
        self._controllers: list = []
        self._count = 0

    def wait(self, condition: Callable[[], bool], timeout: float = 90.0) -> None:  # generous: a busy CI machine
        """Until ``condition()``, asleep between events (a busy loop would starve the backend's threads)."""
        deadline = time.monotonic() + timeout
        tick = QTimer()
        tick.start(20)  # wakes the loop at least this often: a condition may turn without an event of ours
        try:
            while not condition():
                if time.monotonic() > deadline:
                    raise TimeoutError("the screen did not reach the expected state")
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        finally:
            tick.stop()

    def settle(self) -> None:
        for _ in range(5):
            QCoreApplication.processEvents()
        # Widgets replaced on the way (deleteLater) go now: they are neither drawn nor listed.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def boot(self, scenario: str | None = "vb_cloud_in_term", *, server_url: str | None = None,
             connect: bool = True):
        """A main window on its own embedded backend (or ``server_url``), connected and showing a licence."""
        from vb_renew.core.poller import PollPolicy
        from vb_renew.ui.controller import AppController, Options
        from vb_renew.ui.main_window import MainWindow

        self._count += 1
        paths.configure(self.workdir / f"home-{self._count}")
        window = MainWindow()
        window.show()
        # The simulated clock stands still (0): the pictures show the same dates on every run of a day.
        # The product's order polls idle for the server's hint (up to a minute) and hold a long poll for 20 s.
        # Here the driver moves the simulated clock itself: a waiting page asks again at once and holds briefly,
        # so it shows a change as soon as the backend has it, and an injected fault meets its next request.
        # It still learns every state by polling, as in the product.
        policy = PollPolicy(long_poll_wait=1.0, default_interval=0.05, min_interval=0.05, max_interval=0.05)
        controller = AppController(window, Options(server_url=server_url, scenario=scenario, seconds_per_day=0),
                                   window, policy=policy, start_backend=self.start_backend)
        self._controllers.append(controller)
        if connect:
            controller.start()
            if server_url is None:
                self.wait(lambda: controller.view is not None)
        self.settle()
        return window, controller

    def shot(self, widget: QWidget, name: str, title: str) -> None:
        """Save ``widget`` as ``<name>.png`` and record the automation ids of the window it is in."""
        self.settle()
        path = self.out / f"{name}.png"
        widget.grab().save(str(path))
        self.shots.append(path)
        self.ids[f"{name}: {title}"] = automation_ids(widget, current_screen=True)
        self.unnamed += [f"{name}: {entry}" for entry in unnamed(widget)]
        if name in DARK_SCREENS:
            self.dark_shot(widget, name)

    def dark_shot(self, widget: QWidget, name: str) -> None:
        """Save ``widget`` as ``dark/<name>.png`` with the system in dark mode, then switch back to light."""
        app = QApplication.instance()
        app.setPalette(dark_palette())
        self.settle()
        path = self.out / "dark" / f"{name}.png"
        path.parent.mkdir(exist_ok=True)
        widget.grab().save(str(path))
        self.shots.append(path)
        app.setPalette(QPalette())  # no palette of the app's own: the system's (light) again
        self.settle()

    # -- acting as a user --------------------------------------------------------------

    def click(self, widget: QWidget, *, on_box: bool = False) -> None:
        if not widget.isEnabled():
            raise RuntimeError(f"{widget.objectName()} is disabled")
        pos = QPoint(8, widget.height() // 2) if on_box else widget.rect().center()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        self.settle()

    def type(self, widget: QWidget, text: str) -> None:
        """Keys as an input method delivers them: ASCII as key clicks, the rest as key events with text."""
        widget.setFocus()
        for char in text:
            if char.isascii():
                QTest.keyClicks(widget, char)
            else:
                QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                                   Qt.KeyboardModifier.NoModifier)
        self.settle()

    def reveal(self, widget: QWidget) -> None:
        """Scroll the page so ``widget`` is in view, as a user would before looking at it."""
        from PySide6.QtWidgets import QScrollArea

        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(widget, 0, 120)
        self.settle()

    def find(self, root: QWidget, cls: type, object_name: str):
        found = root.findChild(cls, object_name)
        if found is None:
            raise LookupError(object_name)
        return found

    def open_wizard(self, window, controller):
        window.show_account_info()
        self.click(window.account_info.renew_button)
        self.wait(lambda: controller.wizard is not None and controller.wizard.current_step() is not None)
        return controller.wizard

    def waiting_page(self, controller, order_id: str):
        """The order's waiting page (S10–S12), once it is there."""
        self.wait(lambda: order_id in controller.waiting)
        return controller.waiting[order_id]

    def close(self) -> None:
        for controller in self._controllers:
            controller.shutdown()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main_screens(d: Driver) -> None:
    window, _ = d.boot(connect=False)
    d.shot(window, "s1-loading", "S1 メイン画面（読み込み中）")
    window, controller = d.boot("vb_cloud_in_term")
    d.shot(window, "s1-in-term", "S1 メイン画面（有効期限内）")
    window.show_account_info()
    d.shot(window, "s2-customer-info", "S2 お客さま情報")
    sim_client(controller).sim_add_fault(path="/api/v1/licences", method="GET", kind="status", status=503,
                                         mode="every_nth", n=1)
    d.click(window.account_info.renew_button)
    d.wait(lambda: window.findChild(QMessageBox, "renewErrorMessage") is not None)
    dialog = window.findChild(QMessageBox, "renewErrorMessage")
    d.wait(dialog.isVisible)
    d.shot(dialog, "s2-renew-error", "S2 契約更新を始められない場合（ダイアログ）")
    d.click(d.find(dialog, QPushButton, "renewErrorMessage.ok"))
    window, _ = d.boot("vb_cloud_expiring_30_days")
    d.shot(window, "s1-expiring-soon", "S1 メイン画面（有効期限まもなく）")
    window, _ = d.boot("vb_cloud_expired_6_months")
    d.shot(window, "s1-expired", "S1 メイン画面（有効期限切れ）")
    window, controller = d.boot(server_url=f"http://127.0.0.1:{_closed_port()}")
    d.wait(lambda: "接続できません" in window.home.connection_banner.text())
    d.shot(window, "s1-offline", "S1 メイン画面（サーバーに接続できない）")


CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "やまだ", "given_kana": "たろう",
            "postal_code": "1600023", "address_line": "6-10-1", "building": "新宿ビル 3F", "phone": "090-1234-5678"}


def to_confirmation(d: Driver, window, controller):
    """S2 → S7 for a one-year slip renewal with a valid customer; returns the wizard on S7."""
    from vb_renew.core.flow import Step

    wizard = d.open_wizard(window, controller)
    d.click(d.find(wizard.product_page, QPushButton, "productPage.years1.vb_cloud"))
    page = wizard.page(Step.PAYMENT)
    for field, value in CUSTOMER.items():
        d.type(page.customer_form.inputs[field], value)
    d.wait(lambda: page.customer_form.value("prefecture") == "東京都")
    d.click(page.agreement.check, on_box=True)
    d.click(page.next_button)
    return wizard


def apply_by_slip(d: Driver, window, controller):
    """S2 → S9 with a valid customer; returns the wizard on S9."""
    from vb_renew.core.flow import Step

    wizard = to_confirmation(d, window, controller)
    d.click(wizard.confirm_page.next_button)
    d.wait(lambda: wizard.findChild(QMessageBox, "orderPlacedDialog") is not None)
    d.click(d.find(wizard.findChild(QMessageBox, "orderPlacedDialog"), QPushButton, "orderPlacedDialog.ok"))
    d.wait(lambda: wizard.current_step() is Step.COMPLETE)
    return wizard


def sim_client(controller):
    from vb_renew.core.api import ApiClient

    return ApiClient(controller.session.base_url, sim_token=controller.session.sim_token)


def advance_until(d: Driver, controller, page, states: set[str]) -> None:
    """Run the simulated clock event by event until the waiting page shows one of ``states``."""
    sim = sim_client(controller)
    for _ in range(20):
        if page.order["state"] in states:
            break
        version = page.order["version"]
        sim.sim_advance(to_next_event=True)
        # Each event changes the order (the page's long poll answers at once) or runs a customer's step.
        try:
            d.wait(lambda: page.order["version"] != version, timeout=10)
        except TimeoutError:
            continue
    d.wait(lambda: page.order["state"] in states)


def waiting_screens(d: Driver) -> None:
    window, controller = d.boot("vb_cloud_in_term")
    wizard = apply_by_slip(d, window, controller)
    d.click(d.find(wizard, QPushButton, "wizard.paymentStatusButton"))
    order_id = wizard.order["id"]
    page = d.waiting_page(controller, order_id)
    d.shot(window, "s10-waiting", "S10 お支払い状況（振込用紙の発送待ち）")
    advance_until(d, controller, page, {OrderState.SLIP_DELIVERED})
    d.wait(lambda: page.slip_button.isEnabled())
    d.click(page.slip_button)
    slip = page._slip_view
    d.shot(window, "s10-slip", "S10 振込用紙")
    d.click(d.find(slip, QPushButton, "slipPayConvenienceStoreButton"))
    d.wait(lambda: page.order["state"] == OrderState.PAID)
    d.shot(window, "s10-slip-paid", "S10 振込用紙（コンビニで支払い済み）")
    d.click(d.find(slip, QPushButton, "slipCloseButton"))
    d.shot(window, "s11-waiting-confirmation", "S11 入金確認待ち")
    sim = sim_client(controller)
    sim.sim_add_fault(path="/api/v1/orders", kind="status", status=503, retry_after=1, mode="every_nth", n=1)
    d.wait(lambda: page.offline_banner.isVisible(), timeout=60)
    d.shot(window, "s11-offline", "S11 サーバーに接続できない場合")
    sim.sim_clear_faults()
    d.wait(lambda: not page.offline_banner.isVisible(), timeout=60)
    advance_until(d, controller, page, {OrderState.EXTENDED})
    d.shot(window, "s12-extended", "S12 有効期限の延長")
    window.show_home()
    d.wait(lambda: controller.view is not None and controller.view.licence.get("open_order") is None)
    d.shot(window, "s12-main-screen", "S12 メイン画面（新しい有効期限）")

    window, controller = d.boot("vb_cloud_in_term")
    # A customer who never pays: the scenario again, without the simulated customer's payment.
    token = controller.session.token
    sim_client(controller).sim_load_scenario("vb_cloud_in_term", customer_pays=False, seconds_per_day=0)
    controller.refresh()
    d.wait(lambda: controller.session.token != token)  # the app signs in to the new world by itself
    wizard = apply_by_slip(d, window, controller)
    d.click(d.find(wizard, QPushButton, "wizard.paymentStatusButton"))
    order_id = wizard.order["id"]
    page = d.waiting_page(controller, order_id)
    sim_client(controller).sim_advance(days=80)
    d.wait(lambda: page.order["state"] == OrderState.LAPSED, timeout=60)
    d.shot(window, "s10-lapsed", "S10 お支払い期限切れ")


def submit_error_screen(d: Driver) -> None:
    window, controller = d.boot("vb_cloud_in_term")
    wizard = to_confirmation(d, window, controller)
    # No Retry-After: the wizard would wait it out before each automatic retry (a second each, for the same screen).
    sim_client(controller).sim_add_fault(path="/api/v1/orders", method="POST", kind="status", status=503,
                                         mode="every_nth", n=1)
    wizard.submit_backoff = replace(wizard.submit_backoff, base=0.05, cap=0.05, floor=0.05)
    d.click(wizard.confirm_page.next_button)
    retry = d.find(wizard.confirm_page, QPushButton, "confirmPage.retryButton")
    d.wait(lambda: retry.isVisible(), timeout=60)
    d.reveal(retry)
    d.shot(window, "s7-submit-error", "S7 お申し込みを送信できない場合")


def wizard_screens(d: Driver) -> None:
    from vb_renew.core.flow import Step

    window, controller = d.boot("vb_cloud_in_term")
    wizard = d.open_wizard(window, controller)
    d.shot(window, "s5-product", "S5 製品と年数")
    d.click(d.find(wizard.product_page, QPushButton, "productPage.years1.vb_cloud"))
    form = wizard.page(Step.PAYMENT).customer_form
    d.shot(window, "s6-customer-empty", "S6 お支払方法とお客さま情報")
    d.type(form.inputs["family_kana"], "山田")
    d.type(form.inputs["postal_code"], "16000")
    d.type(form.inputs["phone"], "0990-12-3456")
    form.inputs["family_name"].setFocus()
    d.type(form.inputs["family_name"], "髙橋")
    form.inputs["given_name"].setFocus()
    d.reveal(form.inputs["postal_code"])
    d.shot(window, "s6-customer-errors", "S6 入力エラー")
    for field in ("family_name", "family_kana", "postal_code", "phone"):
        form.inputs[field].clear()
    for field, value in CUSTOMER.items():
        d.type(form.inputs[field], value)
    d.wait(lambda: form.value("prefecture") == "東京都")
    page = wizard.page(Step.PAYMENT)
    d.click(page.agreement.check, on_box=True)
    d.reveal(page.agreement.check)
    d.shot(window, "s6-customer-filled", "S6 入力完了")
    d.click(page.next_button)
    d.shot(window, "s7-confirm", "S7 お申し込み内容の確認")
    d.click(wizard.confirm_page.next_button)
    d.wait(lambda: wizard.findChild(QMessageBox, "orderPlacedDialog") is not None)
    dialog = wizard.findChild(QMessageBox, "orderPlacedDialog")
    d.shot(dialog, "s8-dialog", "S8 確認ダイアログ")
    d.click(d.find(dialog, QPushButton, "orderPlacedDialog.ok"))
    d.wait(lambda: wizard.current_step() is Step.COMPLETE)
    d.shot(window, "s9-complete", "S9 お申し込み完了")

    window, controller = d.boot("two_serials")
    d.open_wizard(window, controller)
    d.shot(window, "s4-serials", "S4 シリアル番号の選択")

    window, controller = d.boot("account_holds_ts")
    wizard = d.open_wizard(window, controller)
    d.click(d.find(wizard.serials_page, QPushButton, f"serialsPage.renew.{controller.session.serial}"))
    d.wait(lambda: wizard.current_step() is Step.PRODUCT)
    d.shot(window, "s5-upgrade-refused", "S5 アップグレードできない場合")

    window, controller = d.boot("vb_cloud_in_term")
    wizard = d.open_wizard(window, controller)
    d.click(d.find(wizard.product_page, QPushButton, "productPage.years1.ts_standard"))
    d.shot(window, "s6-card", "S6 アップグレード（クレジットカード）")


def account_screens(d: Driver) -> None:
    window, controller = d.boot("three_serials")
    d.click(window.home.account_link)
    page = controller.account_route
    d.wait(lambda: page.current_screen() == page.LOGIN)  # after looking for a saved login
    d.shot(window, "s3-login", "S3 トレンドマイクロアカウント（ログイン）")
    d.type(page.email_edit, "taro@example.jp")
    d.type(page.password_edit, "wrong-password")
    d.click(page.login_button)
    d.wait(lambda: bool(d.find(page, QWidget, "accountLoginError").text()))
    d.shot(window, "s3-login-error", "S3 ログインできない場合")
    page.password_edit.clear()
    d.type(page.password_edit, "taro-pass-1234")
    d.click(page.login_button)
    d.wait(lambda: page.current_screen() == page.LICENCES)
    d.shot(window, "s3-licences", "S3 ライセンス管理")
    renew = [b for b in page.findChildren(QPushButton) if b.objectName().startswith("renewLicenceButton.")
             and b.isEnabled()]
    d.click(renew[0])
    d.wait(lambda: page.findChild(QWidget, "chooseLicenceDialog") is not None)
    popup = page.findChild(QWidget, "chooseLicenceDialog")
    d.wait(lambda: popup.isVisible())
    d.shot(popup, "s3-choose-licence", "S3 更新するライセンスの選択")


SCREENS: list[Callable[[Driver], None]] = [main_screens, wizard_screens, submit_error_screen, waiting_screens,
                                           account_screens]


def _cell(text: str) -> str:
    """Text for a Markdown table cell: on one line, its pipes escaped (other spaces kept: 「　」 is in names)."""
    return text.replace("\r\n", " ").replace("\n", " ").replace("|", "\\|")


def write_ids(ids: dict[str, list], target: Path) -> None:
    lines = [
        "# Automation ids",
        "",
        "Every interactive widget of every screen, by screen: its `objectName` (stable: QA tools find widgets by",
        "it), its `accessibleName` (what a screen reader says), its role and its Qt class. A screen lists the",
        "interactive widgets a user can see on it (in a scrolled page, whether scrolled into view or not), and its",
        "messages (an error under a field, a refusal) whether shown yet or not: a message is read by its text.",
        "At the end, every id and the screens it is on. Generated by `python -m vb_renew.qa.screens` together",
        "with the pictures in `docs/screens/`; do not edit by hand.",
        "",
    ]
    screens_of: dict[str, list[str]] = {}
    role_of: dict[str, str] = {}
    for screen, entries in ids.items():
        code = screen.split(": ", 1)[-1].split()[0]  # "s6-customer-errors: S6 入力エラー" -> "S6"
        lines += [f"## {screen}", "", "| objectName | accessibleName | role | widget |", "|---|---|---|---|"]
        seen = set()
        for entry in entries:
            if entry.object_name in seen:
                continue
            seen.add(entry.object_name)
            accessible = _cell(entry.accessible_name) or "*(the message shown)*"
            lines.append(f"| `{entry.object_name}` | {accessible} | {entry.role} | {entry.kind} |")
            role_of.setdefault(entry.object_name, entry.role)
            if code not in screens_of.setdefault(entry.object_name, []):
                screens_of[entry.object_name].append(code)
        lines.append("")
    lines += ["## Every id and its screens", "", "| objectName | role | screens |", "|---|---|---|"]
    for object_name in sorted(screens_of, key=str.casefold):
        codes = sorted(screens_of[object_name], key=lambda code: (len(code), code))  # S9 before S10
        lines.append(f"| `{object_name}` | {role_of[object_name]} | {', '.join(codes)} |")
    lines.append("")
    target.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screens")
    parser.add_argument("--ids", type=Path, default=REPO / "docs" / "automation-ids.md")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from vb_renew.startup import start_embedded
    from vb_renew.ui.app import install_translators

    install_translators(app)
    with tempfile.TemporaryDirectory(prefix="vb-renew-screens-") as work:
        driver = Driver(args.out, Path(work), start_embedded)
        try:
            for screens in SCREENS:
                screens(driver)
        finally:
            driver.close()
    write_ids(driver.ids, args.ids)
    for path in driver.shots:
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    for entry in driver.unnamed:
        print(f"unnamed interactive widget: {entry}", file=sys.stderr)
    return 1 if driver.unnamed else 0


if __name__ == "__main__":
    raise SystemExit(main())
