"""``vb-renew``: the desktop app.

First paint first: only Qt is imported before the window is shown. The backend,
``requests`` and ``keyring`` come after, on worker threads.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from vb_renew import __version__, paths
from vb_renew.resources import resource_path


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="vb-renew", description="ウイルスバスター 契約更新シミュレーター")
    parser.add_argument("--basedir", help="keep every file (database, settings, cache) under this folder")
    parser.add_argument("--server", metavar="URL", help="use this backend instead of starting the embedded one")
    parser.add_argument("--sim-token", help="the simulation token of --server (QA mode)")
    parser.add_argument("--scenario", help="the scenario a new embedded database starts from")
    parser.add_argument("--seconds-per-day", type=float, help="real seconds per simulated day (embedded backend)")
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
        locale = QLocale(QLocale.Language.Japanese, QLocale.Territory.Japan)
    qtbase = QTranslator(app)
    if qtbase.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qtbase)
        installed.append(qtbase)
    return installed


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths.configure(args.basedir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("vb-renew")
    app.setApplicationVersion(__version__)
    install_translators(app)

    from vb_renew.ui.controller import AppController, Options
    from vb_renew.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    controller = AppController(window, Options(args.server, args.sim_token, args.scenario, args.seconds_per_day))
    app.aboutToQuit.connect(controller.shutdown)
    QTimer.singleShot(0, controller.start)  # after the first paint
    return app.exec()
