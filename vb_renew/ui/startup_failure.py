"""The page shown when the embedded backend refuses its data file: which file, why, and what now.

It takes the place of the connection retries (waiting will not help: see :mod:`vb_renew.core.datafiles`), and
offers 「別名で保存して新しく始める」 (the file is renamed beside itself, never deleted, and the backend starts on
a fresh one) and 「終了」. :class:`StartupFailurePage` renders and emits the two intents;
:class:`StartupFailureFlow` carries them out: the renaming on the task runner, then the controller's start again.
The controller calls :func:`show_startup_failure` when the connection reports ``dataFileFailed`` (opening the
backend raised a ``DataFileError``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from vb_renew.core.datafiles import DataFileError, DataFileProblem, set_aside
from vb_renew.ui.style import heading, wrapped
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import primary_button, publish, secondary_button

log = logging.getLogger(__name__)


def reason_text(problem: DataFileProblem) -> str:
    """Why the file cannot be used, as the user reads it."""
    if problem is DataFileProblem.CORRUPT:
        return QCoreApplication.translate(
            "StartupFailure", "データファイルが壊れているため、読み込めませんでした。ファイルは変更も削除もしていません。")
    if problem is DataFileProblem.NEWER_SCHEMA:
        return QCoreApplication.translate(
            "StartupFailure", "このデータファイルは新しいバージョンのアプリで作成されたため、このバージョンでは開けません。"
            "ファイルは変更していません。")
    if problem is DataFileProblem.READ_ONLY:
        return QCoreApplication.translate(
            "StartupFailure", "データファイルが読み取り専用のため、書き込めません。ファイルは変更していません。")
    if problem is DataFileProblem.UNREADABLE:
        return QCoreApplication.translate(
            "StartupFailure", "データファイルを読み込む権限がありません。ファイルは変更していません。")
    return QCoreApplication.translate(
        "StartupFailure", "データファイルのフォルダーを作成できないか、フォルダーに書き込めません。")


def advice_text(error: DataFileError) -> str:
    """What the user can do about it."""
    if not error.can_set_aside:
        return QCoreApplication.translate(
            "StartupFailure", "フォルダーの書き込み権限を確認してから、アプリを起動し直してください。")
    fresh = QCoreApplication.translate(
        "StartupFailure", "「別名で保存して新しく始める」を選ぶと、このファイルを同じフォルダーに"
        "「{name}.broken-日付-時刻」という名前で残し、新しいデータで始めます。元のデータは削除されません。"
    ).format(name=error.path.name)
    if error.problem is DataFileProblem.NEWER_SCHEMA:
        other = QCoreApplication.translate(
            "StartupFailure", "新しいバージョンのアプリをお持ちの場合は、そちらで開くこともできます。")
    elif error.problem is DataFileProblem.READ_ONLY:
        other = QCoreApplication.translate(
            "StartupFailure", "ファイルの読み取り専用を解除してから、アプリを起動し直すこともできます。")
    elif error.problem is DataFileProblem.UNREADABLE:
        other = QCoreApplication.translate(
            "StartupFailure", "ファイルのアクセス権を確認してから、アプリを起動し直すこともできます。")
    else:
        return fresh
    return f"{fresh}\n{other}"


class StartupFailurePage(QWidget):
    """The refused data file: its path, why, and the two ways on.

    Signals: ``freshStartRequested()`` (「別名で保存して新しく始める」), ``quitRequested()`` (「終了」).
    """

    freshStartRequested = Signal()
    quitRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startupFailurePage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 16)
        layout.setSpacing(12)
        self.title = heading(QCoreApplication.translate("StartupFailure", "データファイルを開けませんでした"),
                             self, "startupFailureTitle", 6)
        layout.addWidget(self.title)
        self.reason = wrapped("", self, "startupFailureReason", "errorPanel")
        publish(self.reason)
        layout.addWidget(self.reason)
        self.file = QLabel(self)
        self.file.setObjectName("startupFailureFile")
        self.file.setWordWrap(True)
        self.file.setTextFormat(Qt.TextFormat.PlainText)  # a path is never markup
        self.file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        publish(self.file, "file path")
        layout.addWidget(self.file)
        self.advice = wrapped("", self, "startupFailureAdvice")
        layout.addWidget(self.advice)
        self.status = wrapped("", self, "startupFailureStatus")
        publish(self.status, "status message")
        self.status.setVisible(False)
        layout.addWidget(self.status)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.quit_button = secondary_button(
            "startupFailureQuitButton", QCoreApplication.translate("StartupFailure", "終了"), self)
        self.quit_button.setMinimumWidth(96)
        self.quit_button.clicked.connect(self.quitRequested)
        self.fresh_button = primary_button(
            "startupFailureFreshStartButton",
            QCoreApplication.translate("StartupFailure", "別名で保存して新しく始める"), self)
        self.fresh_button.clicked.connect(self.freshStartRequested)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.fresh_button)
        layout.addLayout(buttons)

    def show_failure(self, error: DataFileError) -> None:
        self.reason.setText(reason_text(error.problem))
        self.reason.setAccessibleName(self.reason.text())
        self.file.setText(QCoreApplication.translate("StartupFailure", "ファイル: {path}").format(path=error.path))
        self.file.setAccessibleName(self.file.text())
        self.advice.setText(advice_text(error))
        self.fresh_button.setVisible(error.can_set_aside)
        self.set_busy(False)
        self.show_status("")

    def set_busy(self, busy: bool) -> None:
        self.fresh_button.setEnabled(not busy)
        self.quit_button.setEnabled(not busy)
        if busy:
            self.show_status(QCoreApplication.translate("StartupFailure", "別名で保存しています…"))

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(bool(text))


class StartupFailureFlow(QObject):
    """Shows :class:`StartupFailurePage` for a refused data file and does what the user chose.

    「別名で保存して新しく始める」 renames the file on ``runner`` (:func:`~vb_renew.core.datafiles.set_aside`), then
    goes back to the main screen, says where the copy is and calls ``restart()`` (the controller's start: the
    backend then creates a fresh database). 「終了」 closes the window, which quits the app.
    """

    def __init__(self, window, runner: TaskRunner, restart: Callable[[], None]) -> None:
        super().__init__(window)
        self.setObjectName("startupFailureFlow")
        self.window = window
        self.runner = runner
        self.restart = restart
        self.error: DataFileError | None = None
        self.page = StartupFailurePage(window.stack)
        self.page.freshStartRequested.connect(self.start_fresh)
        self.page.quitRequested.connect(self.quit)
        self._busy = False

    def show(self, error: DataFileError) -> None:
        log.warning("the backend refused its data file: %s", error.detail)
        self.error = error
        self.page.show_failure(error)
        self.window.show_page(self.page)

    @Slot()
    def start_fresh(self) -> None:
        if self._busy or self.error is None or not self.error.can_set_aside:
            return
        self._busy = True
        self.page.set_busy(True)
        path = self.error.path
        self.runner.submit(lambda: set_aside(path), self._set_aside, self._set_aside_failed)

    def _set_aside(self, copy) -> None:
        from vb_renew.ui.messages import show_message

        self._busy = False
        log.warning("data file %s set aside as %s; starting on a fresh one", self.error.path, copy)
        self.page.set_busy(False)
        self.window.show_home()
        show_message(self.window, "freshStartMessage",
                     QCoreApplication.translate("StartupFailure", "新しく始めました"),
                     QCoreApplication.translate(
                         "StartupFailure", "元のデータファイルは「{name}」という名前で同じフォルダーに残しました。"
                     ).format(name=copy.name))
        self.restart()

    def _set_aside_failed(self, error: Exception) -> None:
        self._busy = False
        log.warning("could not set the data file aside: %r", error)
        self.page.set_busy(False)
        self.page.show_status(QCoreApplication.translate(
            "StartupFailure", "別名で保存できませんでした。ファイルが他のプログラムで使われていないか、"
            "フォルダーに書き込めるかを確認してください。"))

    @Slot()
    def quit(self) -> None:
        self.window.close()


def show_startup_failure(window, runner: TaskRunner, error: DataFileError,
                         restart: Callable[[], None]) -> StartupFailurePage:
    """The failure page for ``error`` in ``window``'s stack (built on first use), shown instead of retrying."""
    flow = window.findChild(StartupFailureFlow, "startupFailureFlow")
    if flow is None:
        flow = StartupFailureFlow(window, runner, restart)
    flow.runner, flow.restart = runner, restart
    flow.show(error)
    return flow.page
