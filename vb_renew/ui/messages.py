"""The one helper for message boxes (window-modal, never blocking), the one for a failure told in a box, and the
one for a question."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from vb_renew.ui.widgets import error_parts, name


def show_message(parent: QWidget, object_name: str, title: str, text: str,
                 on_close: Callable[[], None] | None = None,
                 icon: QMessageBox.Icon = QMessageBox.Icon.Information, informative: str = "") -> QMessageBox:
    """A window-modal message that never blocks (``open()``, not ``exec()``): tests and QA can drive it.
    ``informative``: a second paragraph under ``text`` (what to do)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if informative:
        box.setInformativeText(informative)
    name(box, object_name, title)
    ok = box.button(QMessageBox.StandardButton.Ok)
    name(ok, f"{object_name}.ok", QCoreApplication.translate("Messages", "OK"))
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_close is not None:
        box.finished.connect(lambda _result: on_close())
    box.open()
    return box


def show_error(parent: QWidget, object_name: str, error: BaseException,
               on_close: Callable[[], None] | None = None) -> QMessageBox:
    """A failed request told in a message box titled by its kind (:func:`~vb_renew.ui.widgets.error_parts`):
    the title again as its first line (the window's title is not shown everywhere), then what happened and
    what to do."""
    parts = error_parts(error)
    return show_message(parent, object_name, parts.title, parts.title, on_close, icon=QMessageBox.Icon.Warning,
                        informative=parts.text)


def ask(parent: QWidget, object_name: str, title: str, text: str, *, confirm: str, cancel: str,
        on_confirm: Callable[[], None], detail: str = "", icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
        ids: tuple[str, str] = ("confirm", "cancel"), destructive: bool = False) -> QMessageBox:
    """A window-modal question that never blocks: ``confirm`` goes on (``on_confirm()``), ``cancel`` stays.

    ``cancel`` is the default button (Enter), the escape button (Esc, or closing the box) and has the focus: a
    question that warns is answered safely by a key. ``destructive``: ``confirm`` throws something away (the
    platform may place it apart). Buttons: ``<object_name>.<ids[0]>`` and ``<object_name>.<ids[1]>``.
    """
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    name(box, object_name, title)
    if detail:
        box.setInformativeText(detail)
    go_on = box.addButton(confirm, QMessageBox.ButtonRole.DestructiveRole if destructive
                          else QMessageBox.ButtonRole.AcceptRole)
    name(go_on, f"{object_name}.{ids[0]}", confirm)
    back = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    name(back, f"{object_name}.{ids[1]}", cancel)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # The clicked button decides (finished()'s code is not the button with custom buttons).
    box.buttonClicked.connect(lambda button: on_confirm() if button is go_on else None)
    box.open()
    back.setFocus()
    return box
