"""The automation ids of a screen: every interactive widget's objectName, accessibleName and role.

The walk covers everything under a root widget: the content of scroll areas, the pages of stacked
widgets that are not shown, dialogs. It skips the parts Qt builds inside its own widgets (see
:func:`is_qt_internal`), which a QA tool reaches through their owner. Besides the interactive widgets,
the UI publishes a few messages (an error under a field, a refusal): widgets carrying the
:data:`~vb_renew.ui.widgets.AUTOMATION_ROLE` property, listed with that role.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QKeySequenceEdit,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollBar,
    QStackedWidget,
    QTabBar,
    QTextEdit,
    QWidget,
)

from vb_renew.ui.widgets import AUTOMATION_ROLE

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractSlider, QTextEdit,
               QPlainTextEdit, QAbstractItemView)
# Widgets whose children are Qt's own parts of them: a combo box's popup list, a spin box's editor, a line
# edit's clear button, an item view's headers and corner button, a tab bar's scroll arrows.
COMPOSITES = (QComboBox, QAbstractSpinBox, QLineEdit, QAbstractItemView, QTabBar, QCalendarWidget, QKeySequenceEdit)


@dataclass(frozen=True)
class AutomationId:
    object_name: str
    accessible_name: str
    kind: str  # the Qt class
    role: str = ""  # what it is to a user: button, link, checkbox, text field, ...


def is_qt_internal(widget: QWidget) -> bool:
    """A part Qt builds inside a widget (a combo box's popup list, a spin box's editor, scroll bars).

    Not the containers Qt builds around the application's own widgets: a scroll area's viewport
    (``qt_scrollarea_viewport``), a tab widget's pages, a message box's button box hold widgets of ours.
    """
    if widget.objectName().startswith("qt_"):  # qt_spinbox_lineedit, qt_tableview_cornerbutton, ...
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, COMPOSITES):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QScrollBar) and _scroll_bar_of_an_area(widget)


def _scroll_bar_of_an_area(bar: QScrollBar) -> bool:
    parent = bar.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent is not None and bar in (parent.verticalScrollBar(), parent.horizontalScrollBar())


def published_role(widget: QWidget) -> str:
    """The role the UI gave a non-interactive widget it publishes (an error message), or ''."""
    return str(widget.property(AUTOMATION_ROLE) or "")


def role(widget: QWidget) -> str:
    """What the widget is to a user, in the words of a QA script."""
    published = published_role(widget)
    if published:
        return published
    if isinstance(widget, QCheckBox):
        return "checkbox"
    if isinstance(widget, QRadioButton):
        return "radio button"
    if isinstance(widget, QPushButton):
        if widget.isFlat():
            return "link"  # link_button: underlined text
        return "choice button" if widget.isCheckable() else "button"
    if isinstance(widget, QAbstractButton):
        return "button"
    if isinstance(widget, QLineEdit):
        return "password field" if widget.echoMode() == QLineEdit.EchoMode.Password else "text field"
    if isinstance(widget, QComboBox):
        return "combo box" if widget.isEditable() else "drop-down list"
    if isinstance(widget, QAbstractSpinBox):
        return "spin box"
    if isinstance(widget, QAbstractSlider):
        return "scroll bar" if isinstance(widget, QScrollBar) else "slider"
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return "text (read-only)" if widget.isReadOnly() else "text area"
    if isinstance(widget, QAbstractItemView):
        return "list"
    return "widget"


def interactive_widgets(root: QWidget) -> Iterator[QWidget]:
    """The widgets under ``root`` (and ``root``) a user or a QA tool acts on, shown or not."""
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, INTERACTIVE) and not is_qt_internal(widget):
            yield widget


def published_widgets(root: QWidget) -> Iterator[QWidget]:
    """The messages under ``root`` the UI publishes for QA (error messages and the like), shown or not."""
    for widget in [root, *root.findChildren(QWidget)]:
        if published_role(widget) and not isinstance(widget, INTERACTIVE):
            yield widget


def on_current_screen(widget: QWidget, root: QWidget) -> bool:
    """``widget`` is part of what ``root`` shows now: in ``root``'s window, on the current page of each stack."""
    child = widget
    while child is not None and child is not root:
        if child.isWindow():
            return False  # a dialog: a screen of its own
        parent = child.parentWidget()
        if isinstance(parent, QStackedWidget) and parent.currentWidget() is not child:
            return False
        child = parent
    return child is root


def automation_ids(root: QWidget, *, current_screen: bool = False) -> list[AutomationId]:
    """The ids under ``root``, interactive widgets first, then the published messages.

    With ``current_screen``, those of the screen ``root`` shows now: the interactive widgets a user can
    see (anywhere in a scroll area's content, scrolled into view or not), and the screen's messages, shown
    yet or not (a QA script waits for an error to appear).
    """
    interactive = [w for w in interactive_widgets(root) if not current_screen or w.isVisible()]
    messages = [w for w in published_widgets(root) if not current_screen or on_current_screen(w, root)]
    return [AutomationId(w.objectName(), w.accessibleName(), type(w).__name__, role(w))
            for w in [*interactive, *messages]]


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets lacking an objectName or an accessibleName, and published messages lacking an
    objectName (a message's accessible name is its text), described for a test failure."""
    missing = [w for w in interactive_widgets(root) if not w.objectName() or not w.accessibleName()]
    missing += [w for w in published_widgets(root) if not w.objectName()]
    return [f"{type(w).__name__} '{w.objectName()}' text={getattr(w, 'text', lambda: '')()!r}" for w in missing]
