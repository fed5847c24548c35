"""Asking before the user leaves input behind: the question box, and the main window's close that waits for it.

:func:`ask_to_leave` is a native question (a window-modal :class:`QMessageBox`, opened, never ``exec()``):
「入力を続ける」 is the default and Esc's answer, the other button leaves. :class:`CloseGuard` watches the main
window's close (its close button, Alt+F4, the system's quit on macOS): while the wizard holds input, the close
is held and the wizard asks; 「終了する」 closes the window again, this time through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from vb_renew.ui.messages import ask


def ask_to_leave(parent: QWidget, object_name: str, title: str, text: str, leave_text: str,
                 on_leave: Callable[[], None], informative: str = "") -> QMessageBox:
    """Ask whether to leave: ``leave_text`` calls ``on_leave``; 「入力を続ける」 (also Esc, and Enter by
    default) keeps the user where they are. Automation: ``<object_name>``, ``.leave``, ``.stay``."""
    return ask(parent, object_name, title, text, confirm=leave_text,
               cancel=QCoreApplication.translate("LeaveGuard", "入力を続ける"), on_confirm=on_leave,
               detail=informative, ids=("leave", "stay"), destructive=True)


class Guarded(Protocol):
    """What the guard asks (the renewal wizard)."""

    def holds_input(self) -> bool: ...
    def ask_before_closing(self, proceed: Callable[[], None]) -> None: ...
    def flush_draft(self) -> None: ...


class CloseGuard(QObject):
    """Holds the main window's close while ``guarded.holds_input()``, and lets ``guarded`` ask first.

    A close that goes through (nothing to ask, or the user chose to leave) first writes the wizard's draft
    (:meth:`Guarded.flush_draft`): a draft typed within the last moment is not lost.
    """

    def __init__(self, window: QWidget, guarded: Guarded) -> None:
        super().__init__(window)
        self.setObjectName("closeGuard")
        self.window = window
        self.guarded = guarded
        self._closing = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # The type first (a window freed by the collector still has events, never a close: DialogKeys says why).
        if event.type() != QEvent.Type.Close or watched is not self.window:
            return False
        guarded = self.guarded
        if isinstance(guarded, QObject) and not isValid(guarded):
            return False
        if self._closing or not guarded.holds_input():
            guarded.flush_draft()
            return False
        event.ignore()
        guarded.ask_before_closing(self._close)
        return True

    def _close(self) -> None:
        self._closing = True
        try:
            self.window.close()
        finally:
            self._closing = False
