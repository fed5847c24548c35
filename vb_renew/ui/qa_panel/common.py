"""What the QA panel's sections share: the section base (its status line, its requests, its refresh while
shown), named buttons, and the panel's date and time (in the UI's language)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from vb_renew.ui import formats
from vb_renew.ui.style import styled
from vb_renew.ui.widgets import error_text, name, publish

if TYPE_CHECKING:
    from datetime import date, datetime

    from PySide6.QtGui import QShowEvent

    from vb_renew.core.api import ApiClient
    from vb_renew.ui.qa_panel.context import QaContext


def jp_datetime(value: datetime | None) -> str:
    """``2026年11月26日 10:00``, ``Nov 26, 2026 10:00`` (the simulated clock's instants are in Japan time); ``""``
    for nothing."""
    return formats.date_time(value)


def jp_day(value: date | None) -> str:
    """``2026年11月26日``, ``Nov 26, 2026``; ``""`` for nothing."""
    return formats.long_date(value)


def button(object_name: str, text: str, parent: QWidget, slot: Callable[[], Any] | None = None) -> QPushButton:
    """A QA action: a plain button with its automation id and accessible name."""
    widget = QPushButton(text, parent)
    name(widget, object_name, text)
    styled(widget, "button.secondary")
    if slot is not None:
        widget.clicked.connect(slot)
    return widget


def caption(text: str, parent: QWidget, object_name: str, sheet: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    if sheet:
        styled(label, sheet)
    return label


class Section(QWidget):
    """One tab of the QA panel.

    It runs its requests through the panel's :class:`~vb_renew.ui.qa_panel.context.QaContext` (off the UI thread,
    with the simulation token), says the outcome on its status line (``qa.<key>.status``), keeps its action
    buttons disabled while one of them is under way or the app is not connected, and, while shown, calls
    :meth:`refresh` every ``refresh_ms`` (0: only when shown and when asked), one read in flight.
    """

    refresh_ms = 0
    needs_connection = True  # False: a section about the app itself (the event log)

    def __init__(self, context: QaContext, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.key = key
        self.setObjectName(f"qa.{key}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(10, 10, 10, 10)
        self.layout_.setSpacing(8)
        self.actions: list[QWidget] = []  # disabled while an action runs or the app is not connected
        self.status = caption("", self, f"qa.{key}.status")
        publish(self.status, "status message")
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._acting = False
        self._reading = False
        self._actions_done = 0  # a read that began before an action ended shows what the action changed: dropped
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        context.readyChanged.connect(self._ready_changed)

    def finish(self, *, stretch: bool = True) -> None:
        """Put the status line at the bottom (after the subclass's widgets; ``stretch``: below a stretch, for a
        section whose widgets do not take the room) and set the buttons' state."""
        if stretch:
            self.layout_.addStretch(1)
        self.layout_.addWidget(self.status)
        self._update_actions()
        if self.needs_connection and not self.context.ready():
            self.say(QCoreApplication.translate("QaPanel", "サーバーに接続すると使えます。"), "muted")

    # -- requests ----------------------------------------------------------------------------------------

    def act(self, job: Callable[[ApiClient], Any], on_done: Callable[[Any], None], busy_text: str = "") -> None:
        """An action the user asked for: one at a time; its failure is said on the status line."""
        if self._acting or not self.context.ready():
            return
        self._acting = True
        self._update_actions()
        if busy_text:
            self.say(busy_text, "muted")

        def done(result: Any) -> None:
            self._acting = False
            self._actions_done += 1
            self._update_actions()
            on_done(result)

        def failed(error: Exception) -> None:
            self._acting = False
            self._actions_done += 1
            self._update_actions()
            self.fail(error)

        self.context.sim(job, done, failed)

    def read(self, job: Callable[[ApiClient], Any], on_done: Callable[[Any], None]) -> None:
        """A read for the display (one in flight); a failure is said, the display keeps its last reading."""
        if self._reading or self._acting or not self.context.ready():
            return
        self._reading = True
        began = self._actions_done

        def done(result: Any) -> None:
            self._reading = False
            if began == self._actions_done and not self._acting:
                on_done(result)

        def failed(error: Exception) -> None:
            self._reading = False
            if began == self._actions_done and not self._acting:
                self.fail(error)

        self.context.sim(job, done, failed)

    @property
    def acting(self) -> bool:
        return self._acting

    # -- the status line ---------------------------------------------------------------------------------

    def say(self, text: str, sheet: str = "ok") -> None:
        styled(self.status, sheet if text else "")
        self.status.setText(text)
        self.status.setAccessibleName(text)

    def fail(self, error: Exception) -> None:
        self.say(error_text(error), "error")

    # -- shown or not ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read what the section shows (subclasses)."""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.refresh()
        if self.refresh_ms:
            self._timer.start(self.refresh_ms)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._timer.stop()
        super().hideEvent(event)

    def _update_actions(self) -> None:
        enabled = (self.context.ready() or not self.needs_connection) and not self._acting
        for widget in self.actions:
            widget.setEnabled(enabled and self.action_allowed(widget))

    def action_allowed(self, widget: QWidget) -> bool:
        """Whether an action is possible beyond being connected and idle (subclasses: e.g. nothing to pay)."""
        return True

    def update_actions(self) -> None:
        self._update_actions()

    @Slot(bool)
    def _ready_changed(self, ready: bool) -> None:
        self._update_actions()
        if ready and self.needs_connection:
            self.say("")
            if self.isVisible():
                self.refresh()
