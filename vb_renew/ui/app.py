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
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QSocketNotifier, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMainWindow

from vb_renew import __version__
from vb_renew.resources import resource_path
from vb_renew.translations import SOURCE_LANGUAGE, catalogue, folder, system_language
from vb_renew.ui import formats


def install_translators(app: QApplication, language: str | None = None) -> list[QTranslator]:
    """The UI in ``language`` (``ja``, ``en``; None: the system locale's, as the command line's help): our
    translation, Qt's own ``qtbase`` one for the stock buttons and dialogs, the default ``QLocale``, and the dates
    and prices of :mod:`vb_renew.ui.formats`. Call it before the first widget is built.

    The source text is Japanese: a language we have no translation for falls back to Japanese, with Qt's
    Japanese buttons, so the window speaks one language. Returns the translators installed.
    """
    language = language or system_language()
    installed = []
    if language != SOURCE_LANGUAGE:
        ours = load_translation(app, language)
        if ours is not None and app.installTranslator(ours):
            installed.append(ours)
        else:
            language = SOURCE_LANGUAGE
    locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates) if language == "en" else QLocale(
        QLocale.Language.Japanese, QLocale.Country.Japan)
    QLocale.setDefault(locale)
    formats.use_language(language)
    qtbase = QTranslator(app)
    if qtbase.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qtbase)
        installed.append(qtbase)
    return installed


def load_translation(parent: QObject, language: str) -> QTranslator | None:
    """Our translation into ``language``: ``vb_renew_<language>.qm`` (``pyside6-lrelease`` builds it from the
    ``.ts``: ``python -m vb_renew.qa.translations build``); None when there is none.

    A checkout whose ``.ts`` is newer than its ``.qm`` (or has no ``.qm``) is not shown stale or untranslated text:
    the ``.ts`` itself is read (:class:`CatalogueTranslator`), a few milliseconds more before the first paint,
    until the ``.qm`` is built again. The frozen bundle ships only the ``.qm``.
    """
    base = folder() / f"vb_renew_{language}"
    qm, ts = base.with_suffix(".qm"), base.with_suffix(".ts")
    qm_time, ts_time = _mtime(qm), _mtime(ts)
    if qm_time is not None and (ts_time is None or qm_time >= ts_time):
        translator = QTranslator(parent)
        if translator.load(str(qm)):
            return translator
    if ts_time is None:
        return None
    import logging

    logging.getLogger("vb_renew").warning("%s is missing or older than %s: reading the .ts (build the .qm with "
                                          "python -m vb_renew.qa.translations build)", qm.name, ts.name)
    return CatalogueTranslator(parent, language)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


class CatalogueTranslator(QTranslator):
    """A translator answering from the ``.ts`` file, read without Qt (:func:`vb_renew.translations.catalogue`)."""

    def __init__(self, parent: QObject, language: str) -> None:
        super().__init__(parent)
        self._found = catalogue(language)

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        """The translation of ``source`` in ``context``; None when there is none: a null string, so that Qt asks
        the next translator (qtbase's stock buttons) and then shows the source. An empty one would be taken as
        the translation (a blank OK button)."""
        return self._found.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return not self._found


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


def application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication (made if there is none yet), named, and with cycles collected on its thread only
    (``ui.collector``: a Qt object freed on the server's thread can deadlock the UI)."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("vb-renew")
    app.setApplicationVersion(__version__)
    from vb_renew.ui.collector import collect_on_ui_thread

    collect_on_ui_thread(app)
    return app


def run(connect: Callable[[QApplication, QMainWindow], None], language: str | None = None) -> int:
    """Show the main window in ``language`` (None: the system's) and run the app; ``connect(app, window)`` after the
    window's first paint.

    ``connect`` comes from the start-up module (``vb_renew.startup``): it builds the backend, the credential
    store and the controller. Until the first paint only Qt and the window's own modules are imported.
    """
    app = application()
    install_translators(app, language)

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
