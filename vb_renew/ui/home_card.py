"""S1's status card (the badge, what it means, the renewal notice with 「今すぐ更新」), and the boxes S1 paints.

The card and the feature tiles (vb_renew/ui/home_console.py) are boxes painted by :func:`paint_box`, rather
than given a style sheet: a style sheet on a box restyles everything in it, and Qt then sizes the
text in it from the application's font instead of the window's (9 pt instead of 10 pt), and it costs the first
paint. The colours are the palette's (:func:`vb_renew.ui.colours.theme`), read when painting, so a switch between
light and dark repaints them without anything rebuilt. Drawn with paths only (see
:func:`vb_renew.ui.widgets.solid_brush`); on the first paint's path: no ``Qt`` namespace import.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from vb_renew.ui.colours import OK_GREEN, STOP_RED, WARN_AMBER, theme
from vb_renew.ui.style import heading
from vb_renew.ui.widgets import StatusBadge, primary_button, solid_brush


def paint_box(widget: QWidget, fill: str, border: str, radius: float, accent: str | None = None,
              accent_width: float = 4) -> None:
    """``widget``'s whole rectangle as a box: ``fill`` inside a 1 px ``border``, with rounded corners; with
    ``accent``, its top edge ``accent_width`` px of that colour instead."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    outer = QPainterPath()
    outer.addRoundedRect(QRectF(widget.rect()), radius, radius)
    painter.fillPath(outer, solid_brush(border))
    top = accent_width if accent else 1
    inner = QPainterPath()
    inner.addRoundedRect(QRectF(1, top, widget.width() - 2, widget.height() - top - 1), radius - 1, radius - 1)
    if accent:
        band = QPainterPath()
        band.addRect(QRectF(0, 0, widget.width(), radius + accent_width))
        painter.fillPath(outer.intersected(band), solid_brush(accent))
    painter.fillPath(inner, solid_brush(fill))
    painter.end()


class StatusCard(QFrame):
    """The card of S1's protection status: the palette's Base in a border, its top edge the status's colour.

    In it: ``badge`` (objectName protectionBadge), ``status_title`` (protectionStatus), ``status_detail``
    (protectionDetail) in ``status_row``, and under them ``notice`` (expiryNotice) with ``renew_button``
    (homeRenewButton); the page fills them in and connects the button.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homeStatusCard")
        self._accent = StatusBadge.UNKNOWN
        card = QVBoxLayout(self)
        card.setContentsMargins(20, 14, 20, 14)
        card.setSpacing(12)
        self.status_row = QHBoxLayout()
        self.badge = StatusBadge(self)
        self.badge.setObjectName("protectionBadge")
        self.badge.setFixedSize(96, 96)
        badge_column = QVBoxLayout()  # keeps the badge at the top without Qt.AlignTop
        badge_column.addWidget(self.badge)
        badge_column.addStretch(1)
        self.status_row.addLayout(badge_column)
        texts = QVBoxLayout()
        texts.setSpacing(6)
        texts.addSpacing(12)
        self.status_title = heading("", self, "protectionStatus", 8)
        self.status_detail = QLabel(self)
        self.status_detail.setObjectName("protectionDetail")
        self.status_detail.setWordWrap(True)
        texts.addWidget(self.status_title)
        texts.addWidget(self.status_detail)
        texts.addStretch(1)
        self.status_row.addSpacing(20)
        self.status_row.addLayout(texts, 1)
        card.addLayout(self.status_row)
        notice_row = QHBoxLayout()
        notice_row.setSpacing(12)
        self.notice = QLabel(self)
        self.notice.setObjectName("expiryNotice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        notice_row.addWidget(self.notice, 1)
        self.renew_button = primary_button(
            "homeRenewButton", QCoreApplication.translate("MainWindow", "今すぐ更新"), self)
        self.renew_button.setVisible(False)
        notice_row.addWidget(self.renew_button)
        card.addLayout(notice_row)

    def set_status(self, kind: int) -> None:
        """The badge shows ``kind`` (a :class:`~vb_renew.ui.widgets.StatusBadge` kind), the top edge its colour."""
        self.badge.set_kind(kind)
        self._accent = kind
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        t = theme()
        accent = {StatusBadge.OK: OK_GREEN, StatusBadge.WARNING: WARN_AMBER,
                  StatusBadge.STOPPED: STOP_RED}.get(self._accent, t.outline)
        paint_box(self, t.base, t.border, 6, accent)
