"""The one helper for message boxes: window-modal, never blocking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from vb_renew.ui.widgets import name


def show_message(parent: QWidget, object_name: str, title: str, text: str,
                 on_close: Callable[[], None] | None = None,
                 icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
    """A window-modal message that never blocks (``open()``, not ``exec()``): tests and QA can drive it."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    name(box, object_name, title)
    ok = box.button(QMessageBox.StandardButton.Ok)
    name(ok, f"{object_name}.ok", QCoreApplication.translate("Messages", "OK"))
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_close is not None:
        box.finished.connect(lambda _result: on_close())
    box.open()
    return box

