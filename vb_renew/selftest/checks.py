"""The self-test's checks, in the order they run: each returns a detail line or raises CheckFailed."""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the self-test imports the client only once Qt is up (its first check)
    from vb_renew.core.data import Licence, Order

from vb_renew.selftest.platforms import (
    KEYRING_ENV,
    LINUX_KEYRING,
    PLATFORM_ENV,
    PLATFORM_KEYRING,
    PLATFORM_KEYRING_BACKEND,
    choose_qt_platform,
    keyring_problem,
    native_platform_problem,
)
from vb_renew.selftest.report import CheckFailed, Report, wait_until

# The customer on the slip (a valid, invented address: Japan Post's own building).
CUSTOMER = {
    "family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
    "postal_code": "100-8792", "prefecture": "東京都", "city": "千代田区大手町", "address_line": "2-3-1",
    "building": "", "phone": "03-3477-0111", "email": "selftest@example.jp",
}
YEARS = 2  # bought in the renewal; 2 so "moved by the years bought" is not the trivial one year
MAX_EVENTS = 30  # clock steps allowed per life-cycle phase before the test calls it stuck
DEFAULT_TIMEOUT_S = 120.0
RESOURCE_FILES = ("catalogue.json", "captions.json", "simulation.json", "licence-agreement.txt",
                  "privacy-notice.txt", "postal/jp_postal.tsv.gz")

class SelfTest:
    """The checks. ``new_backend(database, **settings)`` builds the embedded backend, not started (the start-up
    module's ``embedded_server``): the self-test starts and stops it itself."""

    def __init__(self, report: Report, basedir: Path, new_backend: Callable[..., Any]) -> None:
        self.report = report
        self.basedir = basedir
        self.new_backend = new_backend
        self.app = None
        self.server = None
        self.window = None
        self.controller = None
        self.session = None
        self.licence: Licence | None = None
        self.new_expiry: date | None = None

    # -- the checks, in order ---------------------------------------------------------------

    def platform(self) -> str:
        requested = os.environ.get(PLATFORM_ENV)
        try:
            chosen = choose_qt_platform(requested, os.environ.get("QT_QPA_PLATFORM"))
        except ValueError as exc:
            raise CheckFailed(str(exc)) from None
        if chosen is None:
            os.environ.pop("QT_QPA_PLATFORM", None)
        else:
            os.environ["QT_QPA_PLATFORM"] = chosen
        import PySide6
        from PySide6.QtCore import qVersion

        from vb_renew import __version__
        from vb_renew.ui.app import application

        self.app = application()
        if requested == "native":
            problem = native_platform_problem(sys.platform, self.app.platformName())
            if problem:
                raise CheckFailed(problem)
        frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
        return (f"vb-renew {__version__} ({frozen}), Qt {qVersion()}, PySide6 {PySide6.__version__}, "
                f"Python {sys.version.split()[0]}, platform {self.app.platformName()}")

    def translators(self) -> str:
        from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

        from vb_renew.ui.app import install_translators

        loaded = [Path(t.filePath()).name for t in install_translators(self.app)]
        if not any(name.startswith("qtbase_ja") for name in loaded):
            # The system's language has its own translation: Japanese must still be there to fall back to.
            probe = QTranslator(self.app)
            if not probe.load(QLocale(QLocale.Language.Japanese), "qtbase", "_",
                              QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                raise CheckFailed(f"qtbase_ja.qm not found in {QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)}"
                                  f" (loaded: {', '.join(loaded) or 'none'})")
            return f"loaded {', '.join(loaded)}; qtbase_ja.qm present for the Japanese fallback"
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
        if cancel != "キャンセル":
            raise CheckFailed(f"qtbase_ja loaded but a stock button reads {cancel!r}")
        return f"loaded {', '.join(loaded)} (locale {QLocale.system().name()}); stock Cancel reads {cancel}"

    def folders(self) -> str:
        from vb_renew import paths

        chosen = paths.configure(self.basedir).ensure()
        folders = {"data": chosen.data, "config": chosen.config, "cache": chosen.cache, "log": chosen.log}
        for label, folder in folders.items():
            if self.basedir.resolve() not in folder.resolve().parents:
                raise CheckFailed(f"{label} folder {folder} is outside {self.basedir}")
            probe = folder / ".self-test"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
        return f"data, config, cache and log under {self.basedir.resolve()}, writable"

    def keyring_backend(self) -> str:
        try:
            import keyring  # noqa: F401
        except Exception as exc:
            raise CheckFailed(f"keyring cannot be imported: {exc!r}") from exc
        from importlib import import_module
        from importlib.metadata import entry_points

        from vb_renew.core.credentials import CredentialError, CredentialStore

        expected = PLATFORM_KEYRING.get(sys.platform, LINUX_KEYRING)
        try:
            import_module(expected)
        except Exception as exc:
            raise CheckFailed(f"this platform's backend {expected} is not in the build: {exc!r}") from exc
        # keyring finds its backends through entry points: the build must carry keyring's metadata.
        registered = sorted(ep.name for ep in entry_points(group="keyring.backends"))
        if not registered:
            raise CheckFailed("no keyring.backends entry points (keyring's metadata is missing from the build)")
        try:
            name, unusable = CredentialStore().backend_name(), ""
        except CredentialError as exc:  # the designed path on Linux: logins are then not remembered
            name, unusable = None, exc.code
        env_choice = os.environ.get(KEYRING_ENV)
        problem = keyring_problem(sys.platform, name, env_choice)
        if problem:
            raise CheckFailed(f"{problem}; entry points: {', '.join(registered)}")
        if name is None:
            return f"none usable ({unusable}); {expected} bundled; entry points: {', '.join(registered)}"
        if name == PLATFORM_KEYRING_BACKEND.get(sys.platform):
            note = " (this platform's own)"
        elif name == env_choice:
            note = f" (chosen by {KEYRING_ENV})"
        elif name.startswith("keyring.backends.fail."):
            note = " (no keyring service here: logins will not be remembered)"
        else:
            note = ""
        return f"{name}{note}; {expected} bundled; entry points: {', '.join(registered)}"

    def resources(self) -> str:
        from vb_renew.resources import resources_dir
        from vb_renew.rules import postal

        root = resources_dir()
        missing = [name for name in RESOURCE_FILES if not (root / name).is_file()]
        if missing:
            raise CheckFailed(f"missing under {root}: {', '.join(missing)}")
        for name in ("catalogue.json", "captions.json", "simulation.json"):
            json.loads((root / name).read_text(encoding="utf-8"))
        scenarios = sorted(p.stem for p in (root / "scenarios").glob("*.json"))
        if not scenarios:
            raise CheckFailed(f"no scenarios under {root / 'scenarios'}")
        address = postal.lookup(CUSTOMER["postal_code"])
        if address is None:
            raise CheckFailed(f"postal code {CUSTOMER['postal_code']} not found in the postal data")
        translations = sorted(p.name for p in (root / "i18n").glob("*.qm"))
        return (f"{root}: catalogue, captions, simulation, texts, {len(scenarios)} scenarios, postal data "
                f"({CUSTOMER['postal_code']} -> {address.prefecture}{address.city}), "
                f"{len(translations)} .qm ({', '.join(translations) or 'none yet'})")

    def backend(self) -> str:
        from vb_renew import paths
        from vb_renew.core.api import ApiClient

        started = time.monotonic()
        # The clock stands still: only this test moves it, so the run is the same every time.
        self.server = self.new_backend(paths.get().database, seconds_per_day=None).start()
        if not self.server.wait_ready(30):
            raise CheckFailed(f"the embedded backend did not start: {self.server._failed!r}")
        client = ApiClient(self.server.url)
        try:
            health = client.health()
        finally:
            client.close()
        if health.status != "ok" or not health.qa_mode:
            raise CheckFailed(f"unexpected /health answer {health}")
        return (f"{self.server.url} answered /health in {time.monotonic() - started:.1f} s "
                f"(version {health.version}, scenario {health.scenario}, now {health.now.isoformat()})")

    def main_window(self) -> str:
        from vb_renew.core.backend import Options, ProductBackend
        from vb_renew.ui.controller import AppController
        from vb_renew.ui.formats import short_date
        from vb_renew.ui.main_window import MainWindow

        if self.server is None:
            raise CheckFailed("no backend")
        self.window = MainWindow()
        # The app's own controller, pointed at the backend started above.
        backend = ProductBackend(Options(self.server.url, self.server.sim_token))
        self.controller = AppController(self.window, backend, self.window)
        self.window.controller = self.controller
        self.window.show()
        self.controller.start()
        wait_until(lambda: self.controller.view is not None, 30, "the main window to show the licence")
        self.session = self.controller.session
        self.licence = self.controller.view.licence
        shown = self.window.home.expiry_link.text()
        if short_date(self.licence.expiry) not in shown or not self.window.isVisible():
            raise CheckFailed(f"the main window shows {shown!r}, the backend {self.licence.expiry}")
        return (f"shown ({self.app.platformName()}), signed in as the installed product {self.session.serial}, "
                f"{self.licence.product_name}, {shown}")

    def wizard(self) -> str:
        if self.controller is None:
            raise CheckFailed("no main window")
        self.controller.renew_installed_product()  # 「今すぐ更新」
        wait_until(lambda: self.controller.wizard is not None and self.controller.wizard.current_step() is not None,
                   30, "the renewal wizard's first page")
        wizard = self.controller.wizard
        if not wizard.isVisible() or self.window.stack.currentWidget() is not wizard:
            raise CheckFailed("the wizard is not the page on screen")
        return f"RenewalWizard shown in the main window at {wizard.current_step().name}, options loaded"

    def renewal(self) -> str:
        from vb_renew.core.session import sign_in_installed_product
        from vb_renew.rules.extension import new_expiry
        from vb_renew.rules.lifecycle import OrderState
        from vb_renew.rules.payment import PaidAt, PaymentMethod

        if self.server is None:
            raise CheckFailed("no backend")
        # The wizard stays where it is: this renewal goes through the API the wizard and QA use.
        session = sign_in_installed_product(self.server.url, self.server.sim_token)
        client = session.client()
        try:
            before = client.licence(session.serial)
            item = client.renewal_options([session.serial]).item(session.serial)
            if item is None or not item.renewable:
                raise CheckFailed(f"{session.serial} is not renewable: {item.refusal if item else 'no options'}")
            option = item.option(item.current_product)
            if option is None:
                raise CheckFailed(f"no option to renew {session.serial} as {item.current_product}")
            if PaymentMethod.SLIP not in option.payment_methods:
                raise CheckFailed(f"no slip payment for {option.product}: "
                                  f"{', '.join(option.payment_methods) or 'none'}")
            price = option.price(YEARS)
            body = {"items": [{"serial": session.serial, "product": option.product, "years": YEARS}],
                    "payment_method": str(PaymentMethod.SLIP), "customer": CUSTOMER, "card": None}
            key = str(uuid.uuid4())
            order = client.create_order(body, key)
            replay = client.create_order(body, key)  # a resent request must not order twice
            if replay.id != order.id:
                raise CheckFailed(f"the same idempotency key made two orders: {order.id}, {replay.id}")

            def advance_until(state: OrderState) -> Order:
                current = client.poll_order(order.id).order
                for _ in range(MAX_EVENTS):
                    if current.state is state:
                        return current
                    client.sim_advance(to_next_event=True)
                    current = client.poll_order(order.id).order
                raise CheckFailed(f"order {order.number} stuck in {current.state}, waiting for {state}")

            delivered = advance_until(OrderState.SLIP_DELIVERED)
            amount = delivered.slip.amount if delivered.slip else None
            if amount != price:
                raise CheckFailed(f"slip amount {amount} differs from the price {price}")
            client.sim_pay(order.id, str(PaidAt.CONVENIENCE_STORE), amount)
            extended = advance_until(OrderState.EXTENDED)
            after = client.licence(session.serial)
        finally:
            client.close()
        confirmed_on = extended.payment.confirmed_on if extended.payment else None
        if confirmed_on is None:
            raise CheckFailed(f"order {order.number} extended without a confirmed payment")
        expected = new_expiry(before.expiry, YEARS, confirmed_on)
        if after.expiry != expected:
            raise CheckFailed(f"expiry {before.expiry} -> {after.expiry}, expected {expected} "
                              f"({YEARS} years bought)")
        self.new_expiry = after.expiry
        states = " -> ".join(step.state for step in extended.timeline)
        return (f"order {order.number} ({YEARS} years, slip {amount} yen paid at a convenience store): "
                f"{states}; expiry {before.expiry} -> {after.expiry}")

    def window_follows(self) -> str:
        from vb_renew.ui.formats import short_date

        if self.controller is None or self.new_expiry is None:
            raise CheckFailed("no renewal to follow")
        wanted = short_date(self.new_expiry)
        self.controller.refresh()  # the timer would do it within seconds
        wait_until(lambda: wanted in self.window.home.expiry_link.text(), 30, f"the main window to show {wanted}")
        return f"the main window now shows {self.window.home.expiry_link.text()}"

    def stop(self) -> str:
        started = time.monotonic()
        if self.controller is not None:
            self.controller.shutdown()
        if self.window is not None:
            self.window.close()
        if self.server is None:
            raise CheckFailed("no backend to stop")
        server, self.server = self.server, None
        thread, port = server._thread, server.port
        server.stop()
        if thread is not None and thread.is_alive():
            raise CheckFailed("the backend's thread is still running after stop()")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise CheckFailed(f"port {port} still accepts connections after stop()")
        return f"backend stopped, thread joined, port {port} closed ({time.monotonic() - started:.1f} s)"

    def cleanup(self) -> None:
        """After a failure part-way: stop whatever is still running."""
        try:
            if self.controller is not None:
                self.controller.shutdown()
            if self.server is not None:
                self.server.stop()
        except Exception:  # best effort: the result is already reported
            logging.getLogger(__name__).exception("cleanup after the self-test failed")
