"""Text that does not fit its widget: the layout check of a screen.

:func:`check` walks the visible widgets under a root (a window, a dialog) and reports, as :class:`Finding`\\ s:

- ``clipped``: a label without word wrap whose text is wider than the label, a button (push button, check box,
  radio button) whose text is wider than the room its style leaves for it (borders and padding off), a line
  edit's placeholder or a drop-down list's text wider than its field: Qt cuts such text off, or elides it;
- ``cut off``: a word-wrapped label shorter than its wrapped text, or a single run of it (a long address, a
  word with no break opportunity) wider than the label; a widget reaching past its parent's edge, and a scroll
  area's content wider than its view when it does not scroll sideways;
- ``mid-token break``: a word-wrapped label whose line breaks inside a token a reader takes as one word
  (:data:`vb_renew.ui.wrapping.UNBREAKABLE`): a parenthesised word 「（アップグレード）」, a price 「5,280円（税込）」,
  a date 「2027/10/02」, 「2027年2月3日」, a serial or order number 「VB5C-TARO-0001-0001-0001」, an e-mail address,
  a phone number. (A :class:`~vb_renew.ui.wrapping.KeptLabel` never does: it joins them.)

The lines are found as Qt lays them out: each paragraph through :class:`~PySide6.QtGui.QTextLayout` with the
label's font, at the width of its contents rect, wrapping at word boundaries as a label does. Widths are Qt's
own (font metrics, the style's content rectangles), so the check sees what the user sees with the fonts of the
machine it runs on. A finding is measured in logical pixels: what the text needs, what the widget gives it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetricsF, QTextLayout, QTextOption
from PySide6.QtGui import Qt as GuiQt  # Qt.mightBeRichText lives in QtGui
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QWidget,
)

from vb_renew.ui.wrapping import UNBREAKABLE, WORD_JOINER

# Qt's own rounding: a text is drawn at fractional widths; a pixel more than the room is not yet a cut.
TOLERANCE = 1.0


@dataclass(frozen=True)
class Finding:
    """One text that does not fit: which widget, what it says, how wide it needs and how wide it is."""

    kind: str  # "clipped", "cut off", "mid-token break"
    object_name: str  # the widget's objectName, else its place under the nearest named ancestor
    widget: str  # the Qt class
    text: str
    needed: int  # logical px (a height for a label cut off at the bottom)
    available: int
    detail: str = ""  # what is wrong, in words: the token split 「（アップ|グレード）」, "height"...
    screen: str = ""  # filled in by the caller: the screen and size the finding is on

    def describe(self) -> str:
        where = f"{self.screen}: " if self.screen else ""
        detail = f", {self.detail}" if self.detail else ""
        return (f"{where}{self.kind}: {self.object_name} ({self.widget}) 「{one_line(self.text)}」 needs "
                f"{self.needed} px, has {self.available}{detail}")

    def to_json(self) -> dict:
        return asdict(self)


def one_line(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def widget_path(widget: QWidget) -> str:
    """The widget's objectName, or ``<named ancestor>/<Class>[<index among its siblings of that class>]``."""
    if widget.objectName():
        return widget.objectName()
    parent = widget.parentWidget()
    ancestor = parent
    while ancestor is not None and not ancestor.objectName():
        ancestor = ancestor.parentWidget()
    kind = type(widget).__name__
    index = 0
    if parent is not None:
        siblings = list(parent.findChildren(type(widget), options=Qt.FindChildOption.FindDirectChildrenOnly))
        index = siblings.index(widget) if widget in siblings else 0
    base = ancestor.objectName() if ancestor is not None else "(window)"
    return f"{base}/{kind}[{index}]"


def shown_widgets(root: QWidget) -> list[QWidget]:
    """``root`` and every widget under it that would be drawn (scrolled out of view or not)."""
    return [widget for widget in (root, *root.findChildren(QWidget))
            if widget is root or (widget.isVisibleTo(root) and not _hidden_parts(widget))]


def _hidden_parts(widget: QWidget) -> bool:
    """Qt's own widgets inside another (a combo box's popup, a scroll bar): not ours to measure."""
    return widget.objectName().startswith("qt_") and not widget.objectName().startswith("qt_msgbox")


def check(root: QWidget) -> list[Finding]:
    """Every text under ``root`` that does not fit its widget, or breaks inside a token."""
    findings: list[Finding] = []
    for widget in shown_widgets(root):
        if widget.width() <= 0 or widget.height() <= 0:
            continue
        if isinstance(widget, QLabel):
            findings += check_label(widget)
        elif isinstance(widget, (QPushButton, QCheckBox, QRadioButton)):
            findings += check_button(widget)
        elif isinstance(widget, QLineEdit):
            findings += check_line_edit(widget)
        elif isinstance(widget, QComboBox):
            findings += check_combo(widget)
        if widget is not root:
            findings += check_inside_parent(widget)
        if isinstance(widget, QScrollArea):
            findings += check_scroll_area(widget)
    return findings


# -- labels --------------------------------------------------------------------------------------------------


def shown_text(label: QLabel) -> str:
    """The text a label draws: Qt's own (a :class:`~vb_renew.ui.wrapping.KeptLabel`'s ``text()`` is the text as
    set, without the word joiners it draws)."""
    return QLabel.text(label)


def _is_rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(shown_text(label)))


def plain_text(label: QLabel) -> str:
    """What a label draws, as plain text (a rich-text label's markup off; word joiners kept)."""
    if not _is_rich(label):
        return shown_text(label)
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(shown_text(label))
    return document.toPlainText()


def text_rect(label: QLabel) -> QRect:
    """The rectangle a label draws its text in: its contents rect less its margin and indent."""
    rect = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    indent = label.indent()
    if indent < 0 and label.frameWidth() > 0:
        indent = round(QFontMetricsF(label.font()).horizontalAdvance("x") / 2)
    if indent > 0:
        align = label.alignment()
        if align & Qt.AlignmentFlag.AlignLeft:
            rect.setLeft(rect.left() + indent)
        if align & Qt.AlignmentFlag.AlignRight:
            rect.setRight(rect.right() - indent)
    return rect


def wrapped_lines(text: str, font, width: float) -> list[tuple[int, int, float]]:
    """The lines of ``text`` wrapped at ``width`` as a word-wrapped label lays them out: for each, its start and
    length in ``text`` and its natural width."""
    lines: list[tuple[int, int, float]] = []
    offset = 0
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append((offset + line.textStart(), line.textLength(), line.naturalTextWidth()))
        layout.endLayout()
        offset += len(paragraph) + 1
    return lines


def check_label(label: QLabel) -> list[Finding]:
    drawn = plain_text(label)
    text = drawn.replace(WORD_JOINER, "")  # as reported
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    name, kind = widget_path(label), type(label).__name__
    rect = text_rect(label)
    metrics = QFontMetricsF(label.font())
    findings = []
    if not label.wordWrap():
        needed = max(metrics.horizontalAdvance(line) for line in drawn.split("\n"))
        if needed > rect.width() + TOLERANCE:
            findings.append(Finding("clipped", name, kind, text, round(needed), rect.width()))
        return findings
    lines = wrapped_lines(drawn, label.font(), rect.width())
    widest = max(width for _start, _length, width in lines)
    if widest > rect.width() + TOLERANCE:
        findings.append(Finding("cut off", name, kind, text, round(widest), rect.width(),
                                "a run of it has no place to break"))
    needed_height = label.heightForWidth(label.width())
    if needed_height > label.height() + TOLERANCE:
        findings.append(Finding("cut off", name, kind, text, needed_height, label.height(), "height"))
    findings += [Finding("mid-token break", name, kind, text, round(needed), rect.width(), split)
                 for split, needed in mid_token_breaks(drawn, lines, metrics)]
    return findings


def mid_token_breaks(drawn: str, lines: list[tuple[int, int, float]], metrics: QFontMetricsF) -> list[tuple[str, float]]:
    """The :data:`~vb_renew.ui.wrapping.UNBREAKABLE` runs a line break falls inside: each as 「ab|cd」 (where it
    breaks), with the run's width. ``drawn``: the text as laid out in ``lines`` (word joiners and all)."""
    text = drawn.replace(WORD_JOINER, "")
    starts = [start - drawn.count(WORD_JOINER, 0, start) for start, _length, _width in lines[1:]]
    breaks = []
    for match in UNBREAKABLE.finditer(text):
        for start in starts:
            if match.start() < start < match.end():
                token = match.group()
                cut = start - match.start()
                breaks.append((f"「{token[:cut]}|{token[cut:]}」", metrics.horizontalAdvance(token)))
    return breaks


# -- controls ------------------------------------------------------------------------------------------------


def _mnemonic_free(text: str) -> str:
    """A button's caption as drawn: ``&`` marks a shortcut, ``&&`` is an ampersand."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


_CONTENTS = {QCheckBox: QStyle.SubElement.SE_CheckBoxContents, QRadioButton: QStyle.SubElement.SE_RadioButtonContents}


def check_button(button: QAbstractButton) -> list[Finding]:
    text = _mnemonic_free(button.text())
    if not text.strip():
        return []
    option = QStyleOptionButton()
    button.initStyleOption(option)
    element = next((element for cls, element in _CONTENTS.items() if isinstance(button, cls)),
                   QStyle.SubElement.SE_PushButtonContents)
    room = button.style().subElementRect(element, option, button)
    metrics = QFontMetricsF(button.font())
    needed = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if not button.icon().isNull():
        needed += button.iconSize().width() + 4
    findings = []
    if needed > room.width() + TOLERANCE:
        findings.append(Finding("clipped", widget_path(button), type(button).__name__, text, round(needed),
                                room.width()))
    high = metrics.height() * len(text.split("\n"))
    if high > room.height() + 2 * TOLERANCE:  # the ascent and descent hold a margin of their own
        findings.append(Finding("clipped", widget_path(button), type(button).__name__, text, round(high),
                                room.height(), "height"))
    return findings


def check_line_edit(edit: QLineEdit) -> list[Finding]:
    shown = edit.placeholderText() if not edit.text() else (edit.text() if edit.isReadOnly() else "")
    if not shown or edit.echoMode() != QLineEdit.EchoMode.Normal and edit.text():
        return []
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    available = room.width() - margins.left() - margins.right() - 2 * 2  # QLineEdit's own 2 px each side
    needed = QFontMetricsF(edit.font()).horizontalAdvance(shown)
    if needed > available + TOLERANCE:
        what = "placeholder" if not edit.text() else "read-only text"
        return [Finding("clipped", widget_path(edit), type(edit).__name__, shown, round(needed), available, what)]
    return []


def check_combo(combo: QComboBox) -> list[Finding]:
    text = combo.currentText()
    if not text or combo.isEditable():
        return []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo)
    needed = QFontMetricsF(combo.font()).horizontalAdvance(text)
    if needed > room.width() + TOLERANCE:
        return [Finding("clipped", widget_path(combo), type(combo).__name__, text, round(needed), room.width())]
    return []


# -- geometry ------------------------------------------------------------------------------------------------


def _scrolled_viewport(parent: QWidget) -> QAbstractScrollArea | None:
    area = parent.parentWidget()
    if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
        return area
    return None


def check_inside_parent(widget: QWidget) -> list[Finding]:
    """A widget reaching past its parent's right or bottom edge: that part of it is not drawn. (A scroll area's
    content may: the area scrolls; :func:`check_scroll_area` checks the sideways case.)"""
    parent = widget.parentWidget()
    if parent is None or widget.isWindow() or _scrolled_viewport(parent) is not None:
        return []
    if type(widget).__name__ in ("QScrollBar", "QSizeGrip", "QFocusFrame"):
        return []
    geometry, room = widget.geometry(), parent.rect()
    if geometry.right() > room.right() + TOLERANCE and geometry.left() < room.right():
        return [Finding("cut off", widget_path(widget), type(widget).__name__, _text_of(widget),
                        geometry.right() + 1, room.width(), f"past the right edge of {widget_path(parent)}")]
    if geometry.bottom() > room.bottom() + TOLERANCE and geometry.top() < room.bottom() and _text_of(widget):
        return [Finding("cut off", widget_path(widget), type(widget).__name__, _text_of(widget),
                        geometry.bottom() + 1, room.height(), f"past the bottom edge of {widget_path(parent)}")]
    return []


def check_scroll_area(area: QScrollArea) -> list[Finding]:
    """Content wider than the view of a scroll area that never scrolls sideways: its right part is never seen."""
    content = area.widget()
    if content is None or area.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        return []
    view = area.viewport().width()
    if content.width() > view + TOLERANCE:
        return [Finding("cut off", widget_path(content), type(content).__name__, "", content.width(), view,
                        f"wider than the view of {widget_path(area)}, which does not scroll sideways")]
    return []


def check_window_size(window: QWidget, size: tuple[int, int]) -> list[Finding]:
    """A window asked to be ``size`` that grew: its content's minimum is larger (on a screen of that size, the
    window's edge would be off the screen)."""
    width, height = size
    findings = []
    if window.width() > width:
        findings.append(Finding("cut off", widget_path(window), type(window).__name__, "", window.width(), width,
                                f"the window cannot be {width} px wide"))
    if window.height() > height:
        findings.append(Finding("cut off", widget_path(window), type(window).__name__, "", window.height(), height,
                                f"the window cannot be {height} px high"))
    return findings


def _text_of(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    try:
        return text() if callable(text) else ""
    except TypeError:
        return ""
