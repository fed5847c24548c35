"""The 「言語」 menu of the main window: 日本語 or English, saved for the next start, with an offer to restart now.

The language is chosen once, at start (:func:`vb_renew.core.language.choose`: ``--lang``, else the choice saved
here, else the system locale's), before the first widget is built: Qt's translators translate a caption when it is
set, not widgets already built. So switching saves the choice and asks to restart (a native question,
:func:`vb_renew.ui.messages.ask`); restarting starts the same command again, detached, once this app has shut down
(``aboutToQuit``: the backend stopped, the workers joined), then quits.

Each language is named in itself (日本語, English), in either UI: the name a reader of that language looks for.

The choice is kept in Qt's settings (:class:`~vb_renew.ui.language_settings.LanguageSettings`), written on a
worker. Built after the first paint (the start-up module's ``connect``): a message box's classes cost ~15 ms.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from vb_renew.core.language import restart_command
from vb_renew.ui.language_settings import LanguageSettings
from vb_renew.ui.messages import ask, show_message
from vb_renew.ui.tasks import TaskRunner

# Each language in its own words: not translated.
NAMES = {"ja": "日本語", "en": "English"}


class LanguageMenu(QObject):
    """The 「言語」 menu of ``window``: the language it was started in (``current``) is checked.

    Choosing the other one saves it (``settings``) and asks whether to restart now; ``restart()`` does that
    (default :func:`restart_app`).
    """

    def __init__(self, window: QMainWindow, current: str, settings: LanguageSettings,
                 restart: Callable[[], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.current = current
        self.chosen = current
        self.settings = settings
        self.restart = restart or restart_app
        self._runner = TaskRunner(self, max_threads=1)
        bar = window.menuBar()
        bar.setObjectName("menuBar")
        self.menu = bar.addMenu(QCoreApplication.translate("LanguageMenu", "言語"))
        self.menu.setObjectName("languageMenu")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for language, words in NAMES.items():
            action = QAction(words, self.window)
            action.setObjectName(f"languageAction.{language}")
            action.setCheckable(True)
            action.setChecked(language == current)
            action.triggered.connect(lambda _checked=False, chosen=language: self.choose(chosen))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[language] = action
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @Slot(str)
    def choose(self, language: str) -> None:
        """Save ``language``; then, unless the app already shows it, ask to restart."""
        if language == self.chosen:
            return
        self.chosen = language
        self.actions[language].setChecked(True)
        self._runner.submit(lambda: self.settings.save(language), lambda _none: self._saved(language),
                            self._not_saved)

    def _saved(self, language: str) -> None:
        if language == self.current:
            return  # back to the language on screen: nothing to restart for
        title = QCoreApplication.translate("LanguageMenu", "表示言語")
        question = QCoreApplication.translate("LanguageMenu", "表示言語を切り替えるには再起動が必要です。今すぐ再起動しますか？")
        later = QCoreApplication.translate(
            "LanguageMenu", "今すぐ再起動しない場合は、次に起動したときから{language}で表示されます。").format(
            language=NAMES[language])
        ask(self.window, "languageRestartQuestion", title, question, detail=later,
            confirm=QCoreApplication.translate("LanguageMenu", "今すぐ再起動"),
            cancel=QCoreApplication.translate("LanguageMenu", "あとで"),
            on_confirm=self.restart, icon=QMessageBox.Icon.Question, ids=("restart", "later"))

    def _not_saved(self, error: BaseException) -> None:
        self.chosen = self.current
        self.actions[self.current].setChecked(True)
        show_message(self.window, "languageNotSaved", QCoreApplication.translate("LanguageMenu", "表示言語"),
                     QCoreApplication.translate("LanguageMenu", "表示言語を保存できませんでした。"),
                     icon=QMessageBox.Icon.Warning, informative=str(error))

    def shutdown(self) -> None:
        self._runner.shutdown(finish_queued=True)  # a choice made just before quitting is still saved


def restart_app() -> None:
    """Quit, and once the app has shut down start it again with the same command (less ``--lang`` and
    ``--reset``: :func:`vb_renew.core.language.restart_command`), detached from this process."""
    app = QApplication.instance()
    command = restart_command(sys.argv[1:], sys.executable, bool(getattr(sys, "frozen", False)))
    app.aboutToQuit.connect(lambda: start_detached(command))  # after the shutdown connected at start
    QApplication.quit()


def start_detached(command: list[str]) -> bool:
    """Start ``command`` in this working folder as a process of its own that outlives this one (Qt's detached
    start: no zombie, no console of ours). From source the package this process runs is put first on its path, so
    ``-m vb_renew`` starts the same code. False when it could not be started."""
    process = QProcess()
    process.setProgram(command[0])
    process.setArguments(command[1:])
    process.setWorkingDirectory(os.getcwd())
    if not getattr(sys, "frozen", False):
        env = QProcessEnvironment.systemEnvironment()
        package_parent = str(Path(__file__).resolve().parents[2])
        env.insert("PYTHONPATH", os.pathsep.join(filter(None, [package_parent, env.value("PYTHONPATH")])))
        process.setProcessEnvironment(env)
    return bool(process.startDetached())
