"""The desktop app's Qt side: the application, its translators, the main window and its first paint.

First paint first: only Qt is imported before the window is shown. The backend,
``requests`` and ``keyring`` come after (``vb_renew.startup`` builds them), on worker threads.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QSocketNotifier, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMainWindow

from vb_renew import __version__
from vb_renew.resources import resource_path


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
# Not before the first paint: the backend and its client, the keyring, and the typed answers with their dates
# (S1 has no licence to show yet).
HEAVY_MODULES = ("requests", "keyring", "fastapi", "uvicorn", "platformdirs", "vb_renew.server", "vb_renew.core.api",
                 "vb_renew.core.data", "datetime")


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


class QuitOnSignals(QObject):
    """SIGTERM and SIGINT quit the app by its normal path: ``aboutToQuit`` (the controller's shutdown), then exit 0.

    Python runs a signal handler only when the interpreter gets control, and Qt's event loop may not give it any
    for a long time: the C-level handler writes the signal number to a socket (``signal.set_wakeup_fd``), whose
    notifier wakes the loop, and the Python handler then runs and asks the application to quit.
    """

    SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT") if hasattr(signal, name))

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._read, self._write = socket.socketpair()
        for end in (self._read, self._write):
            end.setblocking(False)
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._previous = {number: signal.signal(number, self._handle) for number in self.SIGNALS}
        app.aboutToQuit.connect(self.uninstall)

    def _handle(self, signum: int, frame: object) -> None:
        QTimer.singleShot(0, QApplication.quit)

    def _drain(self) -> None:
        try:
            while self._read.recv(64):
                pass
        except OSError:  # drained (BlockingIOError) or closed
            pass

    def uninstall(self) -> None:
        """Give the signals back (a second SIGINT during shutdown then interrupts as usual)."""
        if self._previous:
            for number, handler in self._previous.items():
                signal.signal(number, handler)
            signal.set_wakeup_fd(self._previous_fd)
            self._previous = {}
            self._notifier.setEnabled(False)


def run(connect: Callable[[QApplication, QMainWindow], None]) -> int:
    """Show the main window and run the app; ``connect(app, window)`` after the window's first paint.

    ``connect`` comes from the start-up module (``vb_renew.startup``): it builds the backend, the credential
    store and the controller. Until the first paint only Qt and the window's own modules are imported.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("vb-renew")
    app.setApplicationVersion(__version__)
    install_translators(app)

    from vb_renew.ui.main_window import MainWindow

    window = MainWindow()

    def after_paint() -> None:
        from vb_renew.ui.widgets import after_first_paint

        after_first_paint(window)
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(resource_path("icons", "vb-renew.png"))))  # a file read: after the first paint
        connect(app, window)  # the controller, the backend, requests and keyring: never before the first paint

    AfterFirstPaint(window, after_paint, report=bool(os.environ.get(FIRST_PAINT_PROBE_ENV)))
    QuitOnSignals(app)
    window.show()
    return app.exec()
