"""The automation ids of a screen: every interactive widget's objectName and accessibleName."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractSlider, QTextEdit,
               QPlainTextEdit, QAbstractItemView)


@dataclass(frozen=True)
class AutomationId:
    object_name: str
    accessible_name: str
    kind: str


def _is_qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside a widget (a combo box's popup list, a spin box's editor, scroll bars)."""
    name = widget.objectName()
    if name.startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)) or parent.objectName().startswith("qt_"):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QAbstractSlider) and type(widget).__name__ == "QScrollBar"


def interactive_widgets(root: QWidget) -> Iterator[QWidget]:
    """The widgets under ``root`` (and ``root``) a user or a QA tool acts on."""
    candidates = [root, *root.findChildren(QWidget)]
    for widget in candidates:
        if isinstance(widget, INTERACTIVE) and not _is_qt_internal(widget):
            yield widget


def automation_ids(root: QWidget, *, visible_only: bool = False) -> list[AutomationId]:
    """The ids under ``root``; with ``visible_only`` those a user can see now (the current screen)."""
    return [AutomationId(w.objectName(), w.accessibleName(), type(w).__name__) for w in interactive_widgets(root)
            if not visible_only or w.isVisible()]


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets lacking an objectName or an accessibleName, described for a test failure."""
    return [f"{type(w).__name__} '{w.objectName()}' text={getattr(w, 'text', lambda: '')()!r}"
            for w in interactive_widgets(root) if not w.objectName() or not w.accessibleName()]
