"""The keyboard: Tab in reading order, groups the arrow keys move in, and a page's Enter and Esc as a dialog's.

Tab visits a page's controls in reading order: the order of its layouts (rows top to bottom, each left to
right), set again with set_tab_order(layout_order(page)) when a page builds controls after its first ones. A
group of buttons that stand for one choice (radio buttons, a product's years on S5) is one stop for Tab,
entered at its checked button, and the arrow keys move within it (ArrowGroup). Enter activates the focused
button, else the page's default action; Esc is the page's cancel (DialogKeys), as in a native dialog.

No ``Qt`` namespace at module level (see vb_renew/ui/widgets.py): the main screen uses this before its first
paint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QApplication, QLayout, QPushButton, QWidget

# A dynamic property: the name of the ArrowGroup a button belongs to (tests and QA tools read it).
ARROW_GROUP = "vbArrowGroup"


def layout_order(root: QWidget) -> list[QWidget]:
    """The widgets in ``root`` that can take the focus, in the order its layouts show them: a box layout's in
    its direction, a grid's and a form's row by row, left to right; a scroll area's content where the area is,
    a stacked widget's pages one after the other. Widgets in no layout come last, in the order they were made.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollArea

    found: list[QWidget] = []
    seen: set[int] = set()

    def visit(widget: QWidget) -> None:
        if id(widget) in seen or (widget.isWindow() and widget is not root):  # a dialog: a window of its own
            return
        seen.add(id(widget))
        if isinstance(widget, QScrollArea):
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                found.append(widget)
            if widget.widget() is not None:
                visit(widget.widget())
            return
        if widget is not root and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            found.append(widget)  # a control: what is inside it is its own (a combo box's list, ...)
            return
        layout = widget.layout()
        if layout is not None:
            visit_layout(layout)
        for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            visit(child)

    def visit_layout(layout: QLayout) -> None:
        for item in _items_in_order(layout):
            if item.widget() is not None:
                visit(item.widget())
            elif item.layout() is not None:
                visit_layout(item.layout())

    visit(root)
    return found


def _items_in_order(layout: QLayout) -> list:
    from PySide6.QtWidgets import QBoxLayout, QFormLayout, QGridLayout

    items = [layout.itemAt(index) for index in range(layout.count())]
    if isinstance(layout, QGridLayout):
        places = [layout.getItemPosition(index)[:2] for index in range(layout.count())]
        return [item for _place, item in sorted(zip(places, items, strict=True), key=lambda pair: pair[0])]
    if isinstance(layout, QFormLayout):
        places = [layout.getItemPosition(index) for index in range(layout.count())]
        order = sorted(range(len(items)), key=lambda index: (places[index][0], places[index][1].value))
        return [items[index] for index in order]
    if isinstance(layout, QBoxLayout) and layout.direction() in (QBoxLayout.Direction.RightToLeft,
                                                                 QBoxLayout.Direction.BottomToTop):
        return items[::-1]
    return items


def set_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab goes through ``widgets`` in this order (all in one window), after the first of them."""
    for first, second in zip(widgets, widgets[1:]):
        if first is not second:
            QWidget.setTabOrder(first, second)


def focus_first(widgets: Iterable[QWidget]) -> QWidget | None:
    """Give the focus to the first of ``widgets`` that Tab would stop at (shown, enabled, taking Tab); that one."""
    from PySide6.QtCore import Qt

    for widget in widgets:
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return widget
    return None


class ArrowGroup(QObject):
    """Buttons that stand for one choice, one stop for Tab, as radio buttons in a group are.

    Tab enters the group at its checked button (else at the first one enabled) and leaves it at once; the arrow
    keys move among the buttons. With ``arrows_check`` (radio buttons) moving checks, as Qt's radio buttons do;
    without it (S5's choices, which act when clicked) moving only moves, and Space or Enter chooses.
    """

    def __init__(self, buttons: Iterable[QAbstractButton], parent: QObject, group_name: str,
                 *, arrows_check: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(group_name)
        self.buttons = list(buttons)
        self.arrows_check = arrows_check
        for button in self.buttons:
            button.setProperty(ARROW_GROUP, group_name)
            button.installEventFilter(self)
            button.toggled.connect(self._checked_changed)
        self.update_stop()

    def stop(self) -> QAbstractButton | None:
        """Where Tab enters: the checked button, else the first enabled one."""
        enabled = [button for button in self.buttons if button.isEnabled()]
        checked = [button for button in enabled if button.isChecked()]
        return (checked or enabled or [None])[0]

    def update_stop(self, stop: QAbstractButton | None = None) -> None:
        """Only ``stop`` (by default :meth:`stop`) takes Tab; the others take the focus by click or arrow."""
        from PySide6.QtCore import Qt

        stop = stop or self.stop()
        for button in self.buttons:
            policy = Qt.FocusPolicy.StrongFocus if button is stop else Qt.FocusPolicy.ClickFocus
            if button.focusPolicy() != policy:
                button.setFocusPolicy(policy)

    def _checked_changed(self, _checked: bool) -> None:
        if not any(button.hasFocus() for button in self.buttons):
            self.update_stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if "buttons" not in self.__dict__:  # cleared by the collector: the group and its buttons are being destroyed
            return False
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self.update_stop(watched)  # Shift+Tab from here leaves the group, as Tab does
        elif kind == QEvent.Type.FocusOut:
            if QApplication.focusWidget() not in self.buttons:
                self.update_stop()
        elif kind == QEvent.Type.EnabledChange:
            if not any(button.hasFocus() for button in self.buttons):
                self.update_stop()
        elif kind == QEvent.Type.KeyPress and watched in self.buttons:
            return self._arrow(watched, event)
        return False

    def _arrow(self, button: QAbstractButton, event) -> bool:
        from PySide6.QtCore import Qt

        keys = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}
        step = keys.get(event.key())
        if step is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        enabled = [b for b in self.buttons if b.isEnabled() and b.isVisible()]
        if button not in enabled or len(enabled) < 2:
            return True  # nowhere to go: the arrow stays in the group
        target = enabled[(enabled.index(button) + step) % len(enabled)]
        target.setFocus(Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason)
        if self.arrows_check and not target.isChecked():
            target.click()
        return True


class DialogKeys(QObject):
    """A page's Enter and Esc, as a native dialog's: installed on the page, it sees the keys its focused widget
    left unused (a text field passes Enter on, an open list keeps Esc).

    Enter (or Return) clicks the focused push button, else ``default()``, the page's default action; Esc clicks
    ``cancel()``: each a function returning the button to click now (or None), clicked only if shown and
    enabled. A held key's repeats do nothing: one press, one action.
    """

    def __init__(self, page: QWidget, default: Callable[[], QAbstractButton | None] | None = None,
                 cancel: Callable[[], QAbstractButton | None] | None = None) -> None:
        super().__init__(page)
        self.page = page
        self.default = default
        self.cancel = cancel
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # The event's type first: a page freed by the collector has this object's attributes cleared before Qt
        # destroys the page, which still sends it events (a hide, a child removed), never a key.
        if event.type() != QEvent.Type.KeyPress or watched is not self.page:
            return False
        from PySide6.QtCore import Qt

        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = QApplication.focusWidget()
            if isinstance(focused, QPushButton) and self.page.isAncestorOf(focused):
                target: QAbstractButton | None = focused  # a plain button, not clicked by Enter itself
            else:
                target = self.default() if self.default is not None else None
        elif key == Qt.Key.Key_Escape:
            target = self.cancel() if self.cancel is not None else None
        else:
            return False
        if target is None or not target.isVisible() or not target.isEnabled():
            return False
        if not event.isAutoRepeat():
            target.click()
        return True
