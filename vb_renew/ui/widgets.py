"""Small shared widgets and helpers of the UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

# No ``Qt`` namespace here: importing it builds ~110 enums (about 14 ms), and this module is on
# the first paint's path. What needs it imports it after the first paint.
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from vb_renew.i18n import Text
from vb_renew.ui.colours import OK_GREEN, STOP_RED, WARN_AMBER
from vb_renew.ui.style import styled

if TYPE_CHECKING:  # core.errors is imported when a failure is told, not on the first paint's path
    from collections.abc import Iterable

    from PySide6.QtWidgets import QScrollArea

    from vb_renew.core.errors import ErrorKind, Failure, UserMessage


def tr_text(text: Text, **values: object) -> str:
    """A message from the rules or the client core, translated, with its placeholders filled."""
    translated = QCoreApplication.translate(text.context, text.source)
    return translated.format(**values) if values else translated


def said(message: UserMessage | None) -> str:
    """A :class:`~vb_renew.core.errors.UserMessage` as the user reads it: the server's sentence, or ours translated."""
    if message is None:
        return ""
    return message.server_message or tr_text(message.text, **message.values)


@dataclass(frozen=True)
class ErrorParts:
    """A failure, translated, for a page to lay out: ``title`` (a heading), ``detail`` (what happened, unless
    the title says it), ``advice`` (what to do), ``retry`` (a 「再試行」 button makes sense), and the core's
    ``failure`` (its kind, its status, the fields to correct)."""

    title: str
    detail: str
    advice: str
    retry: bool
    failure: Failure

    @property
    def kind(self) -> ErrorKind:
        return self.failure.kind

    @property
    def text(self) -> str:
        """What goes under the heading: what happened, then what to do."""
        return self.detail + self.advice


def error_parts(error: BaseException, *, retrying: bool = False,
                input_fields: Iterable[str] | None = None) -> ErrorParts:
    """A failure from a worker as a heading and its text (:func:`vb_renew.core.errors.classify` decides).

    ``retrying``: the app tries again by itself (S1's connection, the waiting page's polls), and says so.
    ``input_fields``: the fields the user can correct where it is shown (see ``classify``).
    """
    from vb_renew.core.errors import classify

    failure = classify(error, input_fields)
    advice = failure.advice(retrying)
    return ErrorParts(said(failure.title), said(failure.detail), tr_text(advice) if advice is not None else "",
                      failure.retryable, failure)


def error_text(error: BaseException, *, retrying: bool = False) -> str:
    """What to tell the user about a failure from a worker, in one paragraph: what happened, what to do.

    Where there is no heading to say its kind: 「サーバーに接続できません。ネットワークの接続を…」, 「サーバーで
    エラーが発生しました（エラー 500）。しばらくして…」; a refusal is the server's own sentence as it is.
    ``retrying`` as in :func:`error_parts`.
    """
    from vb_renew.core.errors import classify

    failure = classify(error)
    advice = failure.advice(retrying)
    return said(failure.message) + (tr_text(advice) if advice is not None else "")


def name(widget: QWidget, object_name: str, accessible_name: str) -> QWidget:
    """Give a widget its stable automation id and its screen-reader name."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget


# A dynamic property: what a non-interactive widget published for QA tools is ("error message"); the
# automation ids (docs/automation-ids.md) list such widgets with their role.
AUTOMATION_ROLE = "automationRole"


def publish(widget: QWidget, role: str = "error message") -> QWidget:
    """List ``widget`` (a message a QA script reads, already given its objectName) in the automation ids."""
    widget.setProperty(AUTOMATION_ROLE, role)
    return widget


_first_paint_done = False


def _pointing(button: QPushButton) -> None:
    """The hand cursor over clickable text, set now, or right after the first paint."""
    button.setProperty("vbPointingCursor", True)
    if _first_paint_done:
        from PySide6.QtCore import Qt

        button.setCursor(Qt.CursorShape.PointingHandCursor)


def after_first_paint(root: QWidget) -> None:
    """Finish what the first paint left out: the hand cursor of the buttons built before it."""
    global _first_paint_done
    _first_paint_done = True
    from PySide6.QtCore import Qt

    for button in root.findChildren(QPushButton):
        if button.property("vbPointingCursor"):
            button.setCursor(Qt.CursorShape.PointingHandCursor)


# The buttons of a page come in three kinds, each with one look wherever it is: primary (the page's main action,
# filled red), secondary (any other action: 戻る, 閉じる, 再試行..., outlined) and link (underlined text). A primary
# and a secondary button have the same shape (vb_renew/ui/style.py) and this height, so a bar of them lines up.
BUTTON_HEIGHT = 36


def link_button(object_name: str, text: str, parent: QWidget | None = None) -> QPushButton:
    """A button that looks like the product's underlined text links."""
    button = QPushButton(text, parent)
    button.setFlat(True)
    button.setAutoDefault(True)  # Enter activates it, as Space does (see vb_renew/ui/keyboard.py)
    _pointing(button)
    styled(button, "button.link")
    name(button, object_name, text)
    return button


def primary_button(object_name: str, text: str, parent: QWidget | None = None) -> QPushButton:
    """The page's main action, in the product's red."""
    button = QPushButton(text, parent)
    button.setAutoDefault(True)
    _pointing(button)
    button.setMinimumHeight(BUTTON_HEIGHT)
    styled(button, "button.primary")
    name(button, object_name, text)
    return button


def secondary_button(object_name: str, text: str, parent: QWidget | None = None) -> QPushButton:
    """Any other action of a page (戻る, 再試行, 閉じる...): outlined, in the palette's colours; the primary's shape."""
    button = QPushButton(text, parent)
    button.setAutoDefault(True)
    _pointing(button)
    button.setMinimumHeight(BUTTON_HEIGHT)
    styled(button, "button.secondary")
    name(button, object_name, text)
    return button


def selectable_text(object_name: str, parent: QWidget, sheet: str = "") -> QLabel:
    """A word-wrapped label whose text the user can select, with the style sheet named ``sheet``
    (see vb_renew/ui/style.py; ``""`` for none)."""
    from PySide6.QtCore import Qt

    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if sheet:
        styled(label, sheet)
    return label


def scrolled_body(scroll_name: str, body_name: str, parent: QWidget, *,
                  horizontal: bool = False) -> tuple[QScrollArea, QWidget]:
    """A frameless scroll area in ``parent`` and the widget it scrolls (resized with it, for the caller to lay
    out); no Tab stop of its own (it scrolls to the focused control); a horizontal scroll bar only if asked for.

    Neither fills its background: the window's shows through. An opaque widget (QScrollArea fills the one it
    scrolls, and its viewport) is painted alone and then again with the window when the page it is on shows:
    the repaint manager paints the widgets marked dirty on showing, an opaque one on its own, before the window's
    dirty region, which covers it too. S5 was painted twice in the frame it opened in."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFrame, QScrollArea

    scroll = QScrollArea(parent)
    scroll.setObjectName(scroll_name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    if not horizontal:
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    body = QWidget(scroll)
    body.setObjectName(body_name)
    scroll.setWidget(body)
    body.setAutoFillBackground(False)  # after setWidget, which turns it on
    # Not scroll.viewport(): PySide's first call of it builds some hundreds of Python enums (0.8 MiB, kept for good).
    viewport = scroll.findChild(QWidget, "qt_scrollarea_viewport") or scroll.viewport()
    viewport.setAutoFillBackground(False)
    return scroll, body


class StatusBadge(QWidget):
    """The big round protection indicator: a check, an exclamation mark or a cross."""

    OK, WARNING, STOPPED, UNKNOWN = range(4)
    _COLOURS = {OK: OK_GREEN, WARNING: WARN_AMBER, STOPPED: STOP_RED, UNKNOWN: "#9e9e9e"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = self.UNKNOWN
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(96, 96)

    def kind(self) -> int:
        return self._kind

    def set_kind(self, kind: int) -> None:
        self._kind = kind
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        from PySide6.QtGui import QPainterPath

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 4
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        disc = QPainterPath()
        disc.addEllipse(box)
        painter.fillPath(disc, solid_brush(self._COLOURS[self._kind]))
        white = solid_brush("white")
        c, s, width = box.center(), side / 2, side / 10
        if self._kind == self.OK:
            elbow = QPointF(c.x() - s * 0.1, c.y() + s * 0.35)
            _stroke(painter, white, QPointF(c.x() - s * 0.45, c.y()), elbow, width)
            _stroke(painter, white, elbow, QPointF(c.x() + s * 0.5, c.y() - s * 0.35), width)
        elif self._kind == self.STOPPED:
            d = s * 0.38
            _stroke(painter, white, QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d), width)
            _stroke(painter, white, QPointF(c.x() - d, c.y() + d), QPointF(c.x() + d, c.y() - d), width)
        elif self._kind == self.WARNING:
            _stroke(painter, white, QPointF(c.x(), c.y() - s * 0.45), QPointF(c.x(), c.y() + s * 0.12), width)
            dot = QPainterPath()
            dot.addEllipse(QPointF(c.x(), c.y() + s * 0.42), width / 2, width / 2)
            painter.fillPath(dot, white)
        painter.end()


def solid_brush(colour: str):
    """A solid QBrush of ``colour``, for ``QPainter.fillPath``. Made as a pen's brush because QBrush(QColor),
    QPainter.setPen(QColor) and setBrush(...) resolve overloads that take Qt's enums, and that builds every enum of
    the ``Qt`` namespace (~15 ms): the badge paints on the first paint. (``fillPath`` and ``strokePath`` don't.)"""
    from PySide6.QtGui import QPen

    pen = QPen()
    pen.setColor(QColor(colour))
    return pen.brush()


def _stroke(painter: QPainter, brush, start: QPointF, end: QPointF, width: float) -> None:
    """A line with round ends, filled with ``brush`` as a rotated rounded rectangle."""
    import math

    from PySide6.QtGui import QPainterPath

    length = math.hypot(end.x() - start.x(), end.y() - start.y())
    painter.save()
    painter.translate(start)
    painter.rotate(math.degrees(math.atan2(end.y() - start.y(), end.x() - start.x())))
    path = QPainterPath()
    path.addRoundedRect(QRectF(-width / 2, -width / 2, length + width, width), width / 2, width / 2)
    painter.fillPath(path, brush)
    painter.restore()

