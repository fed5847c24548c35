"""Render every screen to PNG, and list every screen's automation ids.

    python -m vb_renew.qa.screens [--out docs/screens] [--ids docs/automation-ids.md] [--layout FILE]
    python -m vb_renew.qa.screens --main-path [--size WxH ...] [--scale 1.5] --out DIR [--layout FILE]
    python -m vb_renew.qa.screens --main-path --lang en --out docs/screens/en     # the main path in English

Each screen is reached as a user reaches it: a real window on the real embedded
backend, loaded with a scenario, driven by clicks (:mod:`vb_renew.qa.driving`).
Runs offscreen; Japanese needs a CJK font (``fonts-noto-cjk`` on Debian).

The screens of the main path are also rendered in dark mode, to ``<out>/dark/``:
the system switches to a dark palette while the window is open (the app follows
it), and back to light for the next screen. They are rendered again with the window
at each of :data:`SIZES`, to ``<out>/sizes/<W>x<H>/``, and at 150 % scale
(``QT_SCALE_FACTOR=1.5``, in a process of its own: Qt reads it once), to
``<out>/scale150/``; ``<out>/README.md`` lists the folders and the screens.

Every picture's screen is checked for text that does not fit (:mod:`vb_renew.qa.layout_check`):
what it finds is printed, and written as JSON to ``--layout``. ``--main-path`` renders only
the main path (:data:`MAIN_PATH`), at the sizes and scale given: the layout test runs that.

This module is the record: which screens, reached how, and the automation-id listing
written beside the pictures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget  # noqa: E402

from vb_renew.qa import layout_check  # noqa: E402
from vb_renew.qa.driving import (  # noqa: E402
    CUSTOMER,
    Driver,
    advance_until,
    apply_by_slip,
    closed_port,
    load_pinned_world,
    sim_client,
    to_confirmation,
)
from vb_renew.qa.screen_index import write_ids, write_index  # noqa: E402
from vb_renew.rules.lifecycle import OrderState  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
# Every world's first day: the pictures show the same dates whatever day they are rendered (the clock stands still).
WORLD_START = date(2026, 4, 1)
# The main path's screens, rendered in dark mode too (their ids are the same: not listed twice).
DARK_SCREENS = ("s1-in-term", "s1-expired", "s2-customer-info", "s5-product", "s6-customer-errors",
                "s6-customer-filled", "s7-confirm", "s9-complete", "s10-waiting", "s10-slip",
                "s11-waiting-confirmation", "s11-offline", "s12-extended")
# The main path, as the layout check walks it at every size and scale: S1 to S12, the upgrade's card page, and the
# account route's login and licences.
MAIN_PATH = ("s1-in-term", "s1-expired", "s2-customer-info", "s3-login", "s3-licences", "s4-serials", "s5-product",
             "s6-customer-empty", "s6-customer-errors", "s6-customer-filled", "s6-card", "s7-confirm", "s8-dialog",
             "s9-complete", "s10-waiting", "s10-slip", "s11-waiting-confirmation", "s12-extended")
# The window sizes the main path is rendered and checked at (logical pixels), besides the window's own.
SIZES = ((1024, 700), (1366, 900), (1920, 1080))
SCALE = 1.5  # and at this scale (QT_SCALE_FACTOR), at the window's own size


@dataclass(frozen=True)
class View:
    """One way the screens are rendered: the window at ``size`` (None: its own), the pictures in ``folder`` under the
    command's --out (``""``: --out itself)."""

    size: tuple[int, int] | None
    folder: str


class ScreensDriver(Driver):
    """The driver of this command: each screen of ``only`` (None: all) rendered once per view (the window resized to
    each size in turn), and checked for text that does not fit before its picture is taken (:attr:`findings`).
    ``findings_only``: a picture only of a screen with a finding (a check of the layout, which needs no picture)."""

    def __init__(self, root: Path, *args, views: tuple[View, ...] = (View(None, ""),),
                 only: tuple[str, ...] | None = None, findings_only: bool = False, **kwargs) -> None:
        super().__init__(root / views[0].folder, *args, **kwargs)
        self.root = root
        self.views = views
        self.only = only
        self.findings_only = findings_only
        self.checked: list[str] = []  # the screens checked, as <folder>/<name>
        self.pixels: list[dict] = []  # each screen checked: its size in device pixels, as its picture would have
        self.titles: dict[str, str] = {}  # name -> title, in the order taken
        self.own_size: tuple[int, int] = (0, 0)  # the window's size before it was resized
        self.findings: list[layout_check.Finding] = []
        self._window: QWidget | None = None

    def wants(self, *names: str) -> bool:
        return self.only is None or any(name in self.only for name in names)

    def boot(self, *args, **kwargs):
        window, controller = super().boot(*args, **kwargs)
        self._window = window
        self.own_size = (window.width(), window.height())
        self._resize(self.views[0])
        return window, controller

    def _resize(self, view: View) -> None:
        if view.size is not None and self._window is not None:
            self._window.resize(*view.size)
        self.settle()

    def shot(self, widget: QWidget, name: str, title: str) -> None:
        if not self.wants(name):
            return
        self.titles[name] = title
        for number, view in enumerate(self.views):
            if number:
                self._resize(view)
            self.settle()
            screen = f"{view.folder}/{name}" if view.folder else name
            self.checked.append(screen)
            ratio = widget.devicePixelRatioF()
            self.pixels.append({"screen": screen, "pixels": [round(widget.width() * ratio),
                                                             round(widget.height() * ratio)]})
            findings = layout_check.check(widget)
            if widget.objectName() == "mainWindow":
                findings += layout_check.check_window_size(widget, view.size or self.own_size)
            self.findings += [replace(finding, screen=screen) for finding in findings]
            self.out = self.root / view.folder
            self.out.mkdir(parents=True, exist_ok=True)
            picture = bool(findings) or not self.findings_only
            if not number:  # the automation ids and the dark pictures once, from the first view
                super().shot(widget, name, title, picture=picture)
            elif picture:
                self.save_picture(widget, self.out / f"{name}.png")
        if len(self.views) > 1:
            self.out = self.root / self.views[0].folder
            self._resize(self.views[0])


def main_screens(d: ScreensDriver) -> None:
    if d.wants("s1-loading"):
        window, _ = d.boot(connect=False)
        d.shot(window, "s1-loading", "S1 メイン画面（読み込み中）")
    window, controller = d.boot("vb_cloud_in_term")
    d.shot(window, "s1-in-term", "S1 メイン画面（有効期限内）")
    window.show_account_info()
    d.shot(window, "s2-customer-info", "S2 お客さま情報")
    if not d.wants("s2-renew-error"):
        return expired_screens(d)
    sim_client(controller).sim_add_fault(path="/api/v1/licences", method="GET", kind="status", status=503,
                                         mode="every_nth", n=1)
    # S2 again: what 「今すぐ更新」 opens is read anew when S2 shows (and fails now), so the click reads it too.
    window.show_home()
    window.show_account_info()
    d.settle()
    d.click(window.account_info.renew_button)
    d.wait(lambda: window.findChild(QMessageBox, "renewErrorMessage") is not None)
    dialog = window.findChild(QMessageBox, "renewErrorMessage")
    d.wait(dialog.isVisible)
    d.shot(dialog, "s2-renew-error", "S2 契約更新を始められない場合（ダイアログ）")
    d.click(d.find(dialog, QPushButton, "renewErrorMessage.ok"))
    expired_screens(d)


def expired_screens(d: ScreensDriver) -> None:
    if d.wants("s1-expiring-soon"):
        window, _ = d.boot("vb_cloud_expiring_30_days")
        d.shot(window, "s1-expiring-soon", "S1 メイン画面（有効期限まもなく）")
    window, _ = d.boot("vb_cloud_expired_6_months")
    d.shot(window, "s1-expired", "S1 メイン画面（有効期限切れ）")
    if not d.wants("s1-offline"):
        return
    window, controller = d.boot(server_url=f"http://127.0.0.1:{closed_port()}")
    d.wait(lambda: "接続できません" in window.home.connection_banner.text())
    d.shot(window, "s1-offline", "S1 メイン画面（サーバーに接続できない）")


def waiting_screens(d: ScreensDriver) -> None:
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
    if d.wants("s11-offline"):
        sim = sim_client(controller)
        # The connection dropped on every poll: the app cannot reach the server (a 503 is a server error, told
        # apart: S2's and S7's error screens show one).
        sim.sim_add_fault(path="/api/v1/orders", kind="reset", mode="every_nth", n=1)
        d.wait(lambda: page.offline_banner.isVisible(), timeout=60)
        d.shot(window, "s11-offline", "S11 サーバーに接続できない場合")
        sim.sim_clear_faults()
        d.wait(lambda: not page.offline_banner.isVisible(), timeout=60)
    advance_until(d, controller, page, {OrderState.EXTENDED})
    d.shot(window, "s12-extended", "S12 有効期限の延長")
    window.show_home()
    d.wait(lambda: controller.view is not None and controller.view.licence.open_order is None)
    d.shot(window, "s12-main-screen", "S12 メイン画面（新しい有効期限）")
    if d.wants("s10-lapsed"):
        lapsed_screen(d)


def lapsed_screen(d: ScreensDriver) -> None:
    window, controller = d.boot("vb_cloud_in_term")
    # A customer who never pays: the scenario again, without the simulated customer's payment.
    token = controller.session.token
    sim_client(controller).sim_load_scenario("vb_cloud_in_term", customer_pays=False, seconds_per_day=0,
                                             start=WORLD_START.isoformat())
    controller.refresh()
    d.wait(lambda: controller.session.token != token)  # the app signs in to the new world by itself
    wizard = apply_by_slip(d, window, controller)
    d.click(d.find(wizard, QPushButton, "wizard.paymentStatusButton"))
    order_id = wizard.order.id
    page = d.waiting_page(controller, order_id)
    sim_client(controller).sim_advance(days=80)
    d.wait(lambda: page.order.state is OrderState.LAPSED, timeout=60)
    d.shot(window, "s10-lapsed", "S10 お支払い期限切れ")


def submit_error_screen(d: ScreensDriver) -> None:
    if not d.wants("s7-submit-error"):
        return
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


def wizard_screens(d: ScreensDriver) -> None:
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

    if d.wants("s5-upgrade-refused"):
        window, controller = d.boot("account_holds_ts")
        wizard = d.open_wizard(window, controller)
        d.click(d.find(wizard.serials_page, QPushButton, f"serialsPage.renew.{controller.session.serial}"))
        d.wait(lambda: wizard.current_step() is Step.PRODUCT)
        d.shot(window, "s5-upgrade-refused", "S5 アップグレードできない場合")

    window, controller = d.boot("vb_cloud_in_term")
    wizard = d.open_wizard(window, controller)
    d.click(d.find(wizard.product_page, QPushButton, "productPage.years1.ts_standard"))
    d.shot(window, "s6-card", "S6 アップグレード（クレジットカード）")


def account_screens(d: ScreensDriver) -> None:
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


SCREENS: list[Callable[[ScreensDriver], None]] = [main_screens, wizard_screens, submit_error_screen, waiting_screens,
                                           account_screens]


def folder_of(size: tuple[int, int] | None, scale: float) -> str:
    """Where a run's pictures go under --out: ``""``, ``sizes/1024x700``, ``scale150``, ``scale150/1024x700``."""
    scaled = f"scale{round(scale * 100)}" if scale != 1 else ""
    sized = f"{size[0]}x{size[1]}" if size is not None else ""
    if scaled:
        return f"{scaled}/{sized}" if sized else scaled
    return f"sizes/{sized}" if sized else ""


def run(out: Path, sizes: tuple[tuple[int, int] | None, ...], scale: float, only: tuple[str, ...] | None,
        dark: tuple[str, ...] = (), findings_only: bool = False) -> ScreensDriver:
    """Walk the screens (``only``: these) once, each taken with the window at every one of ``sizes`` in turn;
    pictures under ``out``/each size's folder (``findings_only``: only of the screens with a layout finding)."""
    from vb_renew.startup import start_embedded

    views = tuple(View(size, folder_of(size, scale)) for size in sizes)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vb-renew-screens-") as work:
        driver = ScreensDriver(out, Path(work), pinned(start_embedded), dark=dark, views=views, only=only,
                               findings_only=findings_only)
        try:
            for screens in SCREENS:
                screens(driver)
        finally:
            driver.close()
    return driver


def pinned(start_embedded: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The start-up module's embedded backend, its scenario loaded again from :data:`WORLD_START`."""
    def start(options: Any) -> Any:
        server = start_embedded(options)
        if options.scenario is not None:
            try:
                load_pinned_world(server, options.scenario, WORLD_START, seconds_per_day=0,
                                  customer_pays=options.customer_pays)
            except Exception:
                server.stop()
                raise
        return server
    return start


def main_path_run(out: Path, *options: str) -> dict:
    """The main path in a process of its own (Qt reads QT_SCALE_FACTOR once; the translators are the process's):
    its layout record."""
    with tempfile.TemporaryDirectory(prefix="vb-renew-screens-") as work:
        record = Path(work) / "layout.json"
        done = subprocess.run([sys.executable, "-m", "vb_renew.qa.screens", "--main-path", *options,
                               "--out", str(out), "--layout", str(record)],
                              env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), check=False)
        if done.returncode != 0:
            raise SystemExit(f"the main path with {' '.join(options)} failed (exit {done.returncode})")
        return json.loads(record.read_text(encoding="utf-8"))


def english_run(out: Path) -> dict:
    """The main path in English, into ``<out>/en`` (docs/i18n.md): its layout record, its screens as ``en/<name>``."""
    record = main_path_run(out / ENGLISH, "--lang", "en")
    record["checked"] = [f"{ENGLISH}/{name}" for name in record["checked"]]
    return record


ENGLISH = "en"  # the folder of the main path in English


def size_arg(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screens")
    parser.add_argument("--ids", type=Path, default=REPO / "docs" / "automation-ids.md")
    parser.add_argument("--layout", type=Path, metavar="FILE",
                        help="write the layout check's findings there, as JSON (they are printed anyway)")
    parser.add_argument("--main-path", action="store_true",
                        help="only the main path, at each --size (default: the window's own) and --scale")
    parser.add_argument("--size", type=size_arg, action="append", metavar="WxH", help="with --main-path")
    parser.add_argument("--scale", type=float, default=1.0, help="with --main-path: QT_SCALE_FACTOR")
    parser.add_argument("--pictures", choices=("all", "findings"), default="all",
                        help="with --main-path: a picture of every screen (default), or only of those with a layout "
                             "finding (a check of the layout: a quarter less work)")
    parser.add_argument("--lang", choices=("ja", "en"), default="ja",
                        help="the UI's language (default ja; the full run also renders the main path in English)")
    parser.add_argument("--quick", action="store_true",
                        help="every screen and its ids, light and dark, but not the main path again at each size, "
                             "at 150 %% and in English")
    args = parser.parse_args(argv)
    if (args.size or args.scale != 1 or args.pictures != "all") and not args.main_path:
        parser.error("--size, --scale and --pictures go with --main-path (the full run renders every size and scale)")
    if args.scale != 1:
        if QApplication.instance() is not None:
            parser.error("--scale needs a process of its own: Qt reads the scale once")
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    args.out.mkdir(parents=True, exist_ok=True)
    from vb_renew.core import api
    from vb_renew.ui.app import application, install_translators

    app = application()

    install_translators(app, args.lang)
    api.use_language(args.lang)  # the backend's messages too, as the app's start-up asks for them
    # The layout record: each run (its folder, its scale, the window's size in logical px), the screens checked
    # (<folder>/<name>), each one's size in device pixels, and the findings (Finding.to_json()).
    record: dict[str, list] = {"runs": [], "checked": [], "pixels": [], "findings": []}
    if args.main_path:
        drivers = [run(args.out, tuple(args.size or [None]), args.scale, MAIN_PATH,
                       findings_only=args.pictures == "findings")]
    else:
        drivers = [run(args.out, (None,), 1, None, DARK_SCREENS)]
        write_ids(drivers[0].ids, args.ids)
        if not args.quick:
            drivers.append(run(args.out, SIZES, 1, MAIN_PATH))
            record = main_path_run(args.out, "--scale", f"{SCALE:g}", "--lang", args.lang)
            if args.lang != "en":
                english = english_run(args.out)
                for key in record:
                    record[key] += english[key]
    for driver in drivers:
        record["runs"] += [{"folder": view.folder, "scale": args.scale, "window": list(view.size or driver.own_size)}
                           for view in driver.views]
        record["checked"] += driver.checked
        record["pixels"] += driver.pixels
        record["findings"] += [finding.to_json() for finding in driver.findings]
    if not args.main_path:
        rendered = {path.relative_to(args.out).with_suffix("").as_posix() for driver in drivers
                    for path in driver.shots}
        write_index(args.out, drivers[0].titles, rendered | set(record["checked"]), drivers[0].own_size, SCALE,
                    () if args.quick else SIZES, english=ENGLISH if not args.quick and args.lang != "en" else None)
    if args.layout is not None:
        args.layout.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    unnamed = [entry for driver in drivers for entry in driver.unnamed]
    for path in (path for driver in drivers for path in driver.shots):
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    for entry in unnamed:
        print(f"unnamed interactive widget: {entry}", file=sys.stderr)
    for finding in record["findings"]:
        print(f"layout: {layout_check.Finding(**finding).describe()}", file=sys.stderr)
    return 1 if unnamed else 0


if __name__ == "__main__":
    raise SystemExit(main())
