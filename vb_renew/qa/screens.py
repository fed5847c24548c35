"""Render every screen to PNG, and list every screen's automation ids.

    python -m vb_renew.qa.screens [--out docs/screens] [--ids docs/automation-ids.md]

Each screen is reached as a user reaches it: a real window on the real embedded
backend, loaded with a scenario, driven by clicks (:mod:`vb_renew.qa.driving`).
Runs offscreen; Japanese needs a CJK font (``fonts-noto-cjk`` on Debian).

The screens of the main path are also rendered in dark mode, to ``<out>/dark/``:
the system switches to a dark palette while the window is open (the app follows
it), and back to light for the next screen.

This module is the record: which screens, reached how, and the automation-id listing
written beside the pictures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget  # noqa: E402

from vb_renew.qa.driving import (  # noqa: E402
    CUSTOMER,
    Driver,
    advance_until,
    apply_by_slip,
    closed_port,
    sim_client,
    to_confirmation,
)
from vb_renew.rules.lifecycle import OrderState  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
# The main path's screens, rendered in dark mode too (their ids are the same: not listed twice).
DARK_SCREENS = ("s1-in-term", "s1-expired", "s2-customer-info", "s5-product", "s6-customer-errors",
                "s6-customer-filled", "s7-confirm", "s9-complete", "s10-waiting", "s10-slip",
                "s11-waiting-confirmation", "s11-offline", "s12-extended")


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
    window, controller = d.boot(server_url=f"http://127.0.0.1:{closed_port()}")
    d.wait(lambda: "接続できません" in window.home.connection_banner.text())
    d.shot(window, "s1-offline", "S1 メイン画面（サーバーに接続できない）")


def waiting_screens(d: Driver) -> None:
    window, controller = d.boot("vb_cloud_in_term")
    wizard = apply_by_slip(d, window, controller)
    d.click(d.find(wizard, QPushButton, "wizard.paymentStatusButton"))
    order_id = wizard.order.id
    page = d.waiting_page(controller, order_id)
    d.shot(window, "s10-waiting", "S10 お支払い状況（振込用紙の発送待ち）")
    advance_until(d, controller, page, {OrderState.SLIP_DELIVERED})
    d.wait(lambda: page.slip_button.isEnabled())
    d.click(page.slip_button)
    slip = page._slip_view
    d.shot(window, "s10-slip", "S10 振込用紙")
    d.click(d.find(slip, QPushButton, "slipPayConvenienceStoreButton"))
    d.wait(lambda: page.order.state is OrderState.PAID)
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
    d.wait(lambda: controller.view is not None and controller.view.licence.open_order is None)
    d.shot(window, "s12-main-screen", "S12 メイン画面（新しい有効期限）")

    window, controller = d.boot("vb_cloud_in_term")
    # A customer who never pays: the scenario again, without the simulated customer's payment.
    token = controller.session.token
    sim_client(controller).sim_load_scenario("vb_cloud_in_term", customer_pays=False, seconds_per_day=0)
    controller.refresh()
    d.wait(lambda: controller.session.token != token)  # the app signs in to the new world by itself
    wizard = apply_by_slip(d, window, controller)
    d.click(d.find(wizard, QPushButton, "wizard.paymentStatusButton"))
    order_id = wizard.order.id
    page = d.waiting_page(controller, order_id)
    sim_client(controller).sim_advance(days=80)
    d.wait(lambda: page.order.state is OrderState.LAPSED, timeout=60)
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
    form = page.login_form
    d.type(form.email_edit, "taro@example.jp")
    d.type(form.password_edit, "wrong-password")
    d.click(form.login_button)
    d.wait(lambda: bool(d.find(page, QWidget, "accountLoginError").text()))
    d.shot(window, "s3-login-error", "S3 ログインできない場合")
    form.password_edit.clear()
    d.type(form.password_edit, "taro-pass-1234")
    d.click(form.login_button)
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
        driver = Driver(args.out, Path(work), start_embedded, dark=DARK_SCREENS)
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
