"""The main screen's console parts that the simulator does not simulate: the protection features and スキャン.

A product console shows its protection features as tiles, and a scan button beside the status. Only the
renewal is simulated, so every tile and the scan button are visibly inactive: disabled (so Tab passes them
by and a screen reader says so), greyed, and each marked 「シミュレーター対象外」. Their names are generic
([sim]): what such a product does, in vb-renew's own shapes (:class:`FeatureIcon`) and colours.

Built right after the first paint (:meth:`vb_renew.ui.main_window.HomePage.build_console`), not before it. The
colours are read from :func:`vb_renew.ui.colours.theme` when painting, and the labels' style sheets are named
(:func:`vb_renew.ui.style.styled`), so a switch between light and dark is followed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from vb_renew.ui.colours import theme
from vb_renew.ui.home_card import paint_box
from vb_renew.ui.style import section_title, styled, wrapped
from vb_renew.ui.widgets import solid_brush

# The glyphs FeatureIcon draws, one per feature.
SHIELD, GLOBE, ENVELOPE, LOCK, GAUGE, WAVES = range(6)


def features() -> list[tuple[str, str, int]]:
    """The protection features shown as tiles: ``(key, name, glyph)``, in reading order. [sim] names."""
    return [
        ("virus", QCoreApplication.translate("MainWindow", "ウイルス・スパイウェア対策"), SHIELD),
        ("web", QCoreApplication.translate("MainWindow", "Web脅威対策"), GLOBE),
        ("fraud", QCoreApplication.translate("MainWindow", "詐欺対策"), ENVELOPE),
        ("privacy", QCoreApplication.translate("MainWindow", "プライバシー保護"), LOCK),
        ("tuneUp", QCoreApplication.translate("MainWindow", "PCの最適化"), GAUGE),
        ("network", QCoreApplication.translate("MainWindow", "ネットワーク保護"), WAVES),
    ]


def not_simulated() -> str:
    """What an inactive feature says about itself. [sim]"""
    return QCoreApplication.translate("MainWindow", "シミュレーター対象外")


class FeatureIcon(QWidget):
    """A feature's round icon: a glyph of vb-renew's own, in the page's colour on the palette's grey (inactive).

    Drawn as paths (``fillPath``, ``strokePath``) only: see :func:`vb_renew.ui.widgets.solid_brush` for why not
    ``setPen`` or ``setBrush`` on the first paint.
    """

    SIDE = 40

    def __init__(self, glyph: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.glyph = glyph
        self.setFixedSize(self.SIDE, self.SIDE)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self.SIDE, self.SIDE)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        t = theme()  # read now: a switch between light and dark repaints in the new colours
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        disc = QPainterPath()
        disc.addEllipse(QRectF(1, 1, self.SIDE - 2, self.SIDE - 2))
        painter.fillPath(disc, solid_brush(t.outline))
        pen = QPen()  # a pen made so, not from a colour: see the class's docstring
        pen.setColor(QColor(t.base))
        pen.setWidthF(2.2)
        outline, filled = QPainterPath(), QPainterPath()
        _GLYPHS[self.glyph](outline, filled, QPointF(self.SIDE / 2, self.SIDE / 2))
        painter.strokePath(outline, pen)
        painter.fillPath(filled, pen.brush())
        painter.end()


# Each glyph adds its lines to ``o`` (stroked) and its dots to ``f`` (filled), around the centre ``c``.

def _shield(o: QPainterPath, f: QPainterPath, c: QPointF) -> None:
    x, y = c.x(), c.y()
    o.moveTo(x, y - 10)
    for px, py in ((8, -7), (7, 3), (0, 10), (-7, 3), (-8, -7)):
        o.lineTo(x + px, y + py)
    o.closeSubpath()
    o.moveTo(x - 3.5, y)
    o.lineTo(x - 0.5, y + 3)
    o.lineTo(x + 4, y - 3)


def _globe(o: QPainterPath, f: QPainterPath, c: QPointF) -> None:
    o.addEllipse(c, 10, 10)
    o.addEllipse(c, 4.5, 10)
    o.moveTo(c.x() - 10, c.y())
    o.lineTo(c.x() + 10, c.y())


def _envelope(o: QPainterPath, f: QPainterPath, c: QPointF) -> None:
    """An envelope: a message that may not be what it seems."""
    x, y = c.x(), c.y()
    o.addRoundedRect(QRectF(x - 10, y - 7, 20, 14), 2, 2)
    o.moveTo(x - 10, y - 6)
    o.lineTo(x, y + 1)
    o.lineTo(x + 10, y - 6)


def _lock(o: QPainterPath, f: QPainterPath, c: QPointF) -> None:
    x, y = c.x(), c.y()
    o.addRoundedRect(QRectF(x - 8, y - 2, 16, 12), 2, 2)
    o.moveTo(x - 5, y - 2)
    o.lineTo(x - 5, y - 3)
    o.arcTo(QRectF(x - 5, y - 10, 10, 14), 180, -180)
    o.lineTo(x + 5, y - 2)
    o.moveTo(x, y + 2)
    o.lineTo(x, y + 5)


def _gauge(o: QPainterPath, f: QPainterPath, c: QPointF) -> None:
    x, y = c.x(), c.y() + 3
    rect = QRectF(x - 10, y - 10, 20, 20)
    o.arcMoveTo(rect, -20)
    o.arcTo(rect, -20, 220)
    o.moveTo(x, y)
    o.lineTo(x + 5, y - 6)
    f.addEllipse(QPointF(x, y), 2, 2)


def _waves(o: QPainterPath, f: QPainterPath, c: QPointF) -> None:
    x, y = c.x(), c.y() + 6
    for radius in (5, 10, 15):
        rect = QRectF(x - radius, y - radius, 2 * radius, 2 * radius)
        o.arcMoveTo(rect, 50)
        o.arcTo(rect, 50, 80)
    f.addEllipse(QPointF(x, y), 2, 2)


_GLYPHS = {SHIELD: _shield, GLOBE: _globe, ENVELOPE: _envelope, LOCK: _lock, GAUGE: _gauge, WAVES: _waves}


class FeatureTile(QFrame):
    """One protection feature: its icon, its name and 「シミュレーター対象外」; disabled, not a Tab stop."""

    def __init__(self, key: str, name: str, glyph: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"homeFeature.{key}")
        self.setAccessibleName(name)
        self.setAccessibleDescription(not_simulated())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(14)
        self.icon = FeatureIcon(glyph, self)
        layout.addWidget(self.icon)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        self.name = QLabel(name, self)
        self.name.setObjectName(f"homeFeature.{key}.name")
        styled(self.name, "home.feature.name")
        self.state = QLabel(not_simulated(), self)
        self.state.setObjectName(f"homeFeature.{key}.state")
        styled(self.state, "home.feature.state")
        texts.addWidget(self.name)
        texts.addLayout(_left(self.state))
        layout.addLayout(texts, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setEnabled(False)  # inactive: greyed, out of the Tab order, "unavailable" to a screen reader

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        t = theme()
        paint_box(self, t.panel, t.border, 6)


def _left(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widget)
    row.addStretch(1)
    return row


class FeatureSection(QWidget):
    """「保護機能」: the feature tiles, three to a row, and a line saying that none of them is simulated."""

    COLUMNS = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homeFeatures")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        title_row = QHBoxLayout()
        title_row.addWidget(section_title(QCoreApplication.translate("MainWindow", "保護機能"), self,
                                          "homeFeaturesTitle"))
        title_row.addSpacing(12)
        self.note = wrapped(QCoreApplication.translate(
            "MainWindow", "このシミュレーターで使えるのは契約更新の手続きだけです。保護機能は動作しません。"),
            self, "homeFeaturesNote", "muted.small")
        title_row.addWidget(self.note, 1)
        layout.addLayout(title_row)
        self.tiles: list[FeatureTile] = []
        row: QHBoxLayout | None = None
        for index, (key, name, glyph) in enumerate(features()):
            if index % self.COLUMNS == 0:
                row = QHBoxLayout()
                row.setSpacing(10)
                layout.addLayout(row)
            tile = FeatureTile(key, name, glyph, self)
            row.addWidget(tile, 1)
            self.tiles.append(tile)


class ScanAction(QWidget):
    """「スキャン」 beside the status, disabled, with 「シミュレーター対象外」 under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        text = QCoreApplication.translate("MainWindow", "スキャン")
        self.button = QPushButton(text, self)
        self.button.setObjectName("homeScanButton")
        self.button.setAccessibleName(text)
        self.button.setAccessibleDescription(not_simulated())
        styled(self.button, "button.scan")
        self.button.setEnabled(False)  # not simulated: never a Tab stop
        self.note = QLabel(not_simulated(), self)
        self.note.setObjectName("homeScanNote")
        styled(self.note, "muted.small")
        layout.addWidget(self.button)
        note_row = QHBoxLayout()  # the note centred under the button (stretches: no Qt.AlignHCenter here)
        note_row.addStretch(1)
        note_row.addWidget(self.note)
        note_row.addStretch(1)
        layout.addLayout(note_row)
        layout.addStretch(1)
