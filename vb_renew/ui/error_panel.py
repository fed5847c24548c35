"""A failure told on a page: a box with a heading by its kind, then what happened and what to do.

The heading is the kind's title (:func:`~vb_renew.ui.widgets.error_parts`): 「サーバーに接続できません」,
「サーバーでエラーが発生しました（エラー 500）」, 「入力内容に誤りがあります」, 「お手続きを進められません」... so a
server's failure never reads as a lost connection. The page decides what goes under it (a sentence of its
own first, its 「再試行」 beside it).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from vb_renew.core.errors import ErrorKind
from vb_renew.ui.style import styled, wrapped
from vb_renew.ui.widgets import ErrorParts, publish


class ErrorPanel(QFrame):
    """The box: ``title`` (bold) over ``text``, two plain-text labels published for QA as ``title_name`` and
    ``text_name``. Hidden until :meth:`show_parts`; ``kind`` is the kind shown (None before)."""

    def __init__(self, object_name: str, title_name: str, text_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("errorBox", True)
        styled(self, "errorBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.title = publish(wrapped("", self, title_name))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.text = publish(wrapped("", self, text_name))
        layout.addWidget(self.text)
        self.kind: ErrorKind | None = None
        self.setVisible(False)

    def show_parts(self, parts: ErrorParts, lead: str = "", tail: str = "") -> None:
        """Show a failure: its heading, then ``lead`` (what the page was doing), its text, and ``tail``."""
        self.kind = parts.kind
        self.title.setText(parts.title)
        text = "\n".join(line for line in (lead + parts.text, tail) if line)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        self.setAccessibleName(parts.title)
        self.text.setAccessibleName(text)
        self.setVisible(True)
