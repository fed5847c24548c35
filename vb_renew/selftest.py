"""``vb-renew --self-test``: does this build of the app work here?

Run on every built bundle (CI) and from source. One line per check on stdout,
``ok  <check>: <detail>`` or ``FAIL <check>: <detail>``, and exit status 0 only
if every check passed::

    vb-renew --self-test [--self-test-log FILE] [--basedir DIR]

It starts Qt offscreen (unless ``QT_QPA_PLATFORM`` says otherwise; with
``VB_RENEW_SELF_TEST_PLATFORM=native`` on the platform's own plugin, as users
run it: release CI does so on Windows and macOS), loads the translators,
resolves the folders (under a temporary folder unless ``--basedir`` is given: a
self-test never touches the user's data), names the keyring backend (on Windows
and macOS it must be the platform's own), finds the resources, starts the
embedded backend, shows the main window connected to it and opens the renewal
wizard, completes one slip renewal through the simulation API, checks that the
licence's expiry moved by the years bought (and that the main window shows it),
and stops the backend.

A watchdog ends the process with a ``FAIL`` line if the whole run takes longer
than ``--self-test-timeout`` seconds (a hung backend must fail CI, not stall it).

On Windows the app is built windowed and has no stdout: ``--self-test-log``
writes the same lines to a file, which CI prints.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import logging
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from vb_renew import logs

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
# The backend keyring must choose there: logins go to the Credential Manager or the login keychain.
PLATFORM_KEYRING_BACKEND = {"win32": "keyring.backends.Windows.WinVaultKeyring",
                            "darwin": "keyring.backends.macOS.Keyring"}
# The keyring backend module each platform's build must carry (hiddenimports in build.spec).
PLATFORM_KEYRING = {platform: backend.rpartition(".")[0] for platform, backend in PLATFORM_KEYRING_BACKEND.items()}
LINUX_KEYRING = "keyring.backends.SecretService"
KEYRING_ENV = "PYTHON_KEYRING_BACKEND"  # keyring's own switch; the tests choose their in-memory keyring with it
# "offscreen" (the default: headless CI, and a user's self-test shows no window) or "native": the
# platform's own Qt plugin, as the app runs for users (release CI on Windows and macOS).
PLATFORM_ENV = "VB_RENEW_SELF_TEST_PLATFORM"
NATIVE_QT_PLATFORMS = {"win32": {"windows"}, "darwin": {"cocoa"}, "linux": {"xcb", "wayland"}}
HEADLESS_QT_PLATFORMS = {"offscreen", "minimal"}


def choose_qt_platform(requested: str | None, current: str | None) -> str | None:
    """The ``QT_QPA_PLATFORM`` to start Qt with; None: unset, so Qt loads the platform's own plugin.

    ``requested`` is ``VB_RENEW_SELF_TEST_PLATFORM``, ``current`` the ``QT_QPA_PLATFORM`` already set.
    Unset: ``current``, else offscreen. ``offscreen``: offscreen. ``native``: None. Anything else: ValueError.
    """
    if not requested:
        return current or "offscreen"
    if requested == "offscreen":
        return "offscreen"
    if requested == "native":
        return None
    raise ValueError(f"{PLATFORM_ENV}={requested!r}: expected 'offscreen' or 'native'")


def native_platform_problem(sys_platform: str, platform_name: str) -> str | None:
    """Why Qt's ``platform_name`` is not this platform's own plugin (``native`` was asked for), or None."""
    own = NATIVE_QT_PLATFORMS.get("linux" if sys_platform.startswith("linux") else sys_platform)
    if platform_name in HEADLESS_QT_PLATFORMS or (own is not None and platform_name not in own):
        wanted = " or ".join(sorted(own)) if own else "this platform's own plugin"
        return f"asked for the native platform plugin ({wanted}), but Qt runs on {platform_name!r}"
    return None


def keyring_problem(sys_platform: str, chosen: str | None, env_choice: str | None) -> str | None:
    """Why the keyring backend chosen here is wrong for this platform, or None if it is right.

    ``chosen`` is the backend keyring chose (``module.Class``), None if none is usable; ``env_choice``
    is ``PYTHON_KEYRING_BACKEND``. On Windows and macOS the backend must be the platform's own
    (PLATFORM_KEYRING_BACKEND): any other, none included, fails, unless PYTHON_KEYRING_BACKEND named it
    (an explicit choice, as the tests make; release CI unsets it). Elsewhere (Linux) every outcome
    passes: the Secret Service is optional there, and without it logins are not remembered.
    """
    wanted = PLATFORM_KEYRING_BACKEND.get(sys_platform)
    if wanted is None or chosen == wanted:
        return None
    if chosen is not None and chosen == env_choice:
        return None
    return f"keyring chose {chosen or 'no usable backend'}, not this platform's {wanted}"


class CheckFailed(Exception):
    """A check's failure, with the detail to print."""


class Report:
    """Prints one line per check to stdout and, if given, to a log file."""

    def __init__(self, log_path: str | None) -> None:
        self.results: list[tuple[str, bool]] = []
        self._log: TextIO | None = None
        if log_path:
            Path(log_path).parent.mkdir(parents=True, exist_ok=True)
            self._log = open(log_path, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 (closed in close())
        self._lock = threading.Lock()

    def line(self, text: str) -> None:
        with self._lock:
            if sys.stdout is not None:  # None in a windowed Windows build
                print(text, flush=True)
            if self._log is not None:
                self._log.write(text + "\n")

    def check(self, name: str, action: Callable[[], str]) -> Any:
        """Run one check; a raised exception (any) fails it with its message."""
        try:
            detail = action()
        except CheckFailed as exc:
            self.results.append((name, False))
            self.line(f"FAIL {name}: {exc}")
            return False
        except Exception as exc:  # noqa: BLE001 (every failure is reported as a line)
            self.results.append((name, False))
            self.line(f"FAIL {name}: {type(exc).__name__}: {exc}")
            return False
        self.results.append((name, True))
        self.line(f"ok  {name}: {detail}")
        return True

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(ok for _, ok in self.results)

    def close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def start_watchdog(report: Report, timeout: float) -> threading.Timer:
    """End the process (exit 1) with a FAIL line and every thread's stack if the run hangs."""

    def expire() -> None:
        report.line(f"FAIL self-test: timed out after {timeout:.0f} s")
        stream = sys.stderr if sys.stderr is not None else None
        if stream is not None:
            faulthandler.dump_traceback(file=stream, all_threads=True)
        report.close()
        os._exit(1)

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    return timer


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Spin the Qt event loop (workers' results arrive through it) until ``predicate`` holds."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise CheckFailed(f"timed out after {timeout:.0f} s waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


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
        self.licence: dict[str, Any] | None = None
        self.new_expiry: str | None = None

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
        from PySide6.QtWidgets import QApplication

        from vb_renew import __version__

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.app.setApplicationName("vb-renew")
        self.app.setApplicationVersion(__version__)
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
        if health.get("status") != "ok" or not health.get("qa_mode"):
            raise CheckFailed(f"unexpected /health answer {health}")
        return (f"{self.server.url} answered /health in {time.monotonic() - started:.1f} s "
                f"(version {health.get('version')}, scenario {health.get('scenario')}, now {health.get('now')})")

    def main_window(self) -> str:
        from vb_renew.rules.formatting import slash_date
        from vb_renew.ui.controller import AppController, Options
        from vb_renew.ui.main_window import MainWindow

        if self.server is None:
            raise CheckFailed("no backend")
        self.window = MainWindow()
        # The app's own controller, pointed at the backend started above.
        self.controller = AppController(self.window, Options(self.server.url, self.server.sim_token), self.window)
        self.window.controller = self.controller
        self.window.show()
        self.controller.start()
        wait_until(lambda: self.controller.view is not None, 30, "the main window to show the licence")
        self.session = self.controller.session
        self.licence = self.controller.view.licence
        shown = self.window.home.expiry_link.text()
        if slash_date(self.licence["expiry"]) not in shown or not self.window.isVisible():
            raise CheckFailed(f"the main window shows {shown!r}, the backend {self.licence['expiry']}")
        return (f"shown ({self.app.platformName()}), signed in as the installed product {self.session.serial}, "
                f"{self.licence['product_name']}, {shown}")

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

        if self.server is None:
            raise CheckFailed("no backend")
        # The wizard stays where it is: this renewal goes through the API the wizard and QA use.
        session = sign_in_installed_product(self.server.url, self.server.sim_token)
        client = session.client()
        try:
            before = client.licence(session.serial)
            options = client.renewal_options([session.serial])
            item = options["items"][0]
            if not item["renewable"]:
                raise CheckFailed(f"{session.serial} is not renewable: {item['refusal']}")
            option = next(o for o in item["options"] if o["product"] == item["current_product"])
            if "slip" not in option["payment_methods"]:
                raise CheckFailed(f"no slip payment for {option['product']}: {option['payment_methods']}")
            price = next(p["price"] for p in option["prices"] if p["years"] == YEARS)
            body = {"items": [{"serial": session.serial, "product": option["product"], "years": YEARS}],
                    "payment_method": "slip", "customer": CUSTOMER, "card": None}
            key = str(uuid.uuid4())
            order = client.create_order(body, key)
            replay = client.create_order(body, key)  # a resent request must not order twice
            if replay["id"] != order["id"]:
                raise CheckFailed(f"the same idempotency key made two orders: {order['id']}, {replay['id']}")

            def advance_until(state: str) -> dict[str, Any]:
                current = client.poll_order(order["id"]).order
                for _ in range(MAX_EVENTS):
                    if current["state"] == state:
                        return current
                    client.sim_advance(to_next_event=True)
                    current = client.poll_order(order["id"]).order
                raise CheckFailed(f"order {order['number']} stuck in {current['state']}, waiting for {state}")

            delivered = advance_until(OrderState.SLIP_DELIVERED)
            amount = delivered["slip"]["amount"]
            if amount != price:
                raise CheckFailed(f"slip amount {amount} differs from the price {price}")
            client.sim_pay(order["id"], "convenience_store", amount)
            extended = advance_until(OrderState.EXTENDED)
            after = client.licence(session.serial)
        finally:
            client.close()
        old = date.fromisoformat(before["expiry"])
        confirmed_on = date.fromisoformat(extended["payment"]["confirmed_on"][:10])
        expected = new_expiry(old, YEARS, confirmed_on).isoformat()
        if after["expiry"] != expected:
            raise CheckFailed(f"expiry {before['expiry']} -> {after['expiry']}, expected {expected} "
                              f"({YEARS} years bought)")
        self.new_expiry = after["expiry"]
        states = " -> ".join(step["state"] for step in extended["timeline"])
        return (f"order {order['number']} ({YEARS} years, slip {amount} yen paid at a convenience store): "
                f"{states}; expiry {before['expiry']} -> {after['expiry']}")

    def window_follows(self) -> str:
        from vb_renew.rules.formatting import slash_date

        if self.controller is None or self.new_expiry is None:
            raise CheckFailed("no renewal to follow")
        wanted = slash_date(self.new_expiry)
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


def run_self_test(args: argparse.Namespace, new_backend: Callable[..., Any]) -> int:
    """Run every check (see the module's docstring); 0 only if all passed.

    ``args``: the app's command line (``vb_renew.startup.parse_args``); ``new_backend``: see :class:`SelfTest`.
    """
    report = Report(args.self_test_log)
    # Warnings to the console if there is one, and beside the self-test's own log if it has one (a
    # windowed build has no console: that file is then the only record of what went wrong).
    logs.configure(Path(args.self_test_log).parent if args.self_test_log else None, level=logging.WARNING)
    watchdog = start_watchdog(report, args.self_test_timeout)
    temporary = None
    if args.basedir:
        basedir = Path(args.basedir)
    else:
        temporary = tempfile.mkdtemp(prefix="vb-renew-self-test-")
        basedir = Path(temporary)
    started = time.monotonic()
    test = SelfTest(report, basedir, new_backend)
    try:
        checks: list[tuple[str, Callable[[], str]]] = [
            ("platform", test.platform),
            ("translators", test.translators),
            ("folders", test.folders),
            ("keyring", test.keyring_backend),
            ("resources", test.resources),
            ("backend", test.backend),
            ("main window", test.main_window),
            ("wizard", test.wizard),
            ("renewal", test.renewal),
            ("main window follows", test.window_follows),
            ("backend stop", test.stop),
        ]
        for name, action in checks:
            if not report.check(name, action) and name == "platform":
                break  # without Qt nothing else can run
        failed = [name for name, ok in report.results if not ok]
        seconds = time.monotonic() - started
        if failed:
            report.line(f"self-test FAILED: {len(failed)} of {len(report.results)} checks ({', '.join(failed)}) "
                        f"in {seconds:.1f} s")
        else:
            report.line(f"self-test passed: {len(report.results)} checks in {seconds:.1f} s")
        return 0 if report.passed else 1
    finally:
        test.cleanup()
        watchdog.cancel()
        report.close()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
