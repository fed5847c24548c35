"""``vb-renew``: the desktop app.

First paint first: only Qt is imported before the window is shown. The backend,
``requests`` and ``keyring`` come after, on worker threads.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from vb_renew import __version__
from vb_renew.resources import resource_path


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="vb-renew", description="ウイルスバスター 契約更新シミュレーター")
    parser.add_argument("--basedir", help="keep every file (database, settings, cache) under this folder")
    parser.add_argument("--server", metavar="URL", help="use this backend instead of starting the embedded one")
    parser.add_argument("--sim-token", help="the simulation token of --server (QA mode)")
    parser.add_argument("--scenario", help="the scenario a new embedded database starts from")
    parser.add_argument("--reset", action="store_true",
                        help="load the scenario (or the default one) even if the database already has a world")
    parser.add_argument("--seconds-per-day", type=float, help="real seconds per simulated day (embedded backend)")
    parser.add_argument("--expired-base", choices=["confirmation_date", "old_expiry"],
                        help="an expired licence's new term counts from the payment's confirmation (default) "
                             "or from its old expiry (embedded backend)")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (offscreen, temporary folders), print one line per check, "
                             "exit 0 only if all passed")
    parser.add_argument("--self-test-log", metavar="FILE",
                        help="also write the self-test's lines to FILE (a windowed Windows build has no stdout)")
    parser.add_argument("--self-test-timeout", metavar="SECONDS", type=float, default=120.0,
                        help="fail the self-test if it takes longer (default 120)")
    parser.add_argument("--version", action="version", version=f"vb-renew {__version__}")
    return parser.parse_args(argv)


def install_translators(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Our translation for the UI language, and Qt's own ``qtbase`` one (stock buttons) to match.

    The source text is Japanese: a language we have no ``resources/i18n/vb_renew_<lang>.qm`` for
    falls back to Japanese, with Qt's Japanese buttons so the window speaks one language.
    """
    locale = locale or QLocale.system()
    installed = []
    ours = QTranslator(app)
    if locale.language() != QLocale.Language.Japanese and ours.load(locale, "vb_renew", "_",
                                                                      str(resource_path("i18n"))):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        locale = QLocale(QLocale.Language.Japanese, QLocale.Country.Japan)
    qtbase = QTranslator(app)
    if qtbase.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qtbase)
        installed.append(qtbase)
    return installed


# Set by benchmarks/first_paint.py and a test: report the first paint on stdout, then quit.
FIRST_PAINT_PROBE_ENV = "VB_RENEW_FIRST_PAINT_PROBE"
HEAVY_MODULES = ("requests", "keyring", "fastapi", "uvicorn", "platformdirs", "vb_renew.server", "vb_renew.core.api")


class AfterFirstPaint(QObject):
    """Runs ``callback`` once the watched window has painted for the first time.

    With ``report`` it also prints ``first-paint <epoch seconds> <heavy modules already imported>``
    and quits: the first-paint benchmark and its test use that.
    """

    def __init__(self, window: QObject, callback, report: bool = False) -> None:
        super().__init__(window)
        self.callback = callback
        self.report = report
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            if self.report:
                loaded = [m for m in HEAVY_MODULES if m in sys.modules]
                print(f"first-paint {time.time():.6f} {','.join(loaded) or '-'}", flush=True)
                QTimer.singleShot(0, QApplication.quit)
            else:
                QTimer.singleShot(0, self.callback)  # after this paint reaches the screen
        return False


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.self_test:
        # Before any window: the self-test makes its own, offscreen.
        from vb_renew.selftest import run_self_test

        return run_self_test(argv)
    if args.basedir:
        from vb_renew import paths

        paths.configure(args.basedir)  # otherwise resolved on first use, after the first paint
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("vb-renew")
    app.setApplicationVersion(__version__)
    install_translators(app)

    from vb_renew.ui.main_window import MainWindow

    window = MainWindow()

    def connect_backend() -> None:
        # The controller, the backend, requests and keyring come after the first paint, never before it.
        from vb_renew import logs, paths
        from vb_renew.core.poller import PollPolicy
        from vb_renew.ui.controller import AppController, Options
        from vb_renew.ui.widgets import after_first_paint

        logs.configure(paths.get().log)  # the file opens at the first record, not here
        after_first_paint(window)
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(resource_path("icons", "vb-renew.png"))))  # a file read: after the first paint
        controller = AppController(window, Options(args.server, args.sim_token, args.scenario,
                                                   args.seconds_per_day, args.reset, args.expired_base), window,
                                   policy=PollPolicy())
        app.aboutToQuit.connect(controller.shutdown)
        window.controller = controller
        controller.start()

    AfterFirstPaint(window, connect_backend, report=bool(os.environ.get(FIRST_PAINT_PROBE_ENV)))
    window.show()
    return app.exec()
