"""Draw vb-renew's app icon (a red shield with a white check) and write it for each platform.

    .venv/bin/python resources/icons/make_icons.py      # rewrites the files beside this script

Writes ``vb-renew.png`` (512 px, Linux and the README), ``vb-renew.ico`` (Windows: 16 to 256 px)
and ``vb-renew.icns`` (macOS: 16 to 1024 px). Each size is drawn from the vector shapes, not scaled
from one bitmap, so the small ones stay sharp. The ICO and ICNS containers are written here (PNG
entries, which Windows Vista+ and macOS 10.7+ read): Qt's image plugins write one image per file at
most. The outputs are committed; run this again only when the drawing changes.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

HERE = Path(__file__).resolve().parent
NAME = "vb-renew"
RED_LIGHT = "#ef3b3e"
RED = "#d71518"  # the brand red of the UI (vb_renew/ui/widgets.py BRAND_RED)
RED_DARK = "#9c0d10"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types and their pixel sizes (PNG payloads).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"ic11", 32), (b"icp6", 64), (b"ic12", 64), (b"ic07", 128),
              (b"ic08", 256), (b"ic13", 256), (b"ic09", 512), (b"ic14", 512), (b"ic10", 1024))


def shield_path(box: QRectF) -> QPainterPath:
    """A heater shield: flat top with rounded corners, sides curving to a point at the bottom."""
    x, y, w, h = box.x(), box.y(), box.width(), box.height()
    r = w * 0.12
    path = QPainterPath()
    path.moveTo(x + r, y)
    path.lineTo(x + w - r, y)
    path.quadTo(x + w, y, x + w, y + r)
    path.lineTo(x + w, y + h * 0.45)
    path.cubicTo(x + w, y + h * 0.75, x + w * 0.72, y + h * 0.9, x + w / 2, y + h)
    path.cubicTo(x + w * 0.28, y + h * 0.9, x, y + h * 0.75, x, y + h * 0.45)
    path.lineTo(x, y + r)
    path.quadTo(x, y, x + r, y)
    path.closeSubpath()
    return path


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = size * 0.06
    box = QRectF(margin + size * 0.05, margin, size - 2 * margin - size * 0.10, size - 2 * margin)
    shield = shield_path(box)
    gradient = QLinearGradient(box.topLeft(), box.bottomRight())
    gradient.setColorAt(0.0, QColor(RED_LIGHT))
    gradient.setColorAt(0.55, QColor(RED))
    gradient.setColorAt(1.0, QColor(RED_DARK))
    painter.setBrush(gradient)
    # A thin white rim keeps the shape readable on a red or dark taskbar (not at 16 px: it would blur).
    painter.setPen(QPen(QColor("white"), size / 32, Qt.PenStyle.SolidLine) if size >= 32 else Qt.PenStyle.NoPen)
    painter.drawPath(shield)
    check = QPainterPath()
    cx, cy, unit = box.center().x(), box.y() + box.height() * 0.47, box.width()
    check.moveTo(QPointF(cx - unit * 0.24, cy))
    check.lineTo(QPointF(cx - unit * 0.06, cy + unit * 0.18))
    check.lineTo(QPointF(cx + unit * 0.26, cy - unit * 0.16))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor("white"), max(1.5, unit * 0.13), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    painter.drawPath(check)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per size, then the PNG images."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts, image plugins)
    sizes = sorted(set(ICO_SIZES) | {size for _, size in ICNS_TYPES})
    pngs = {size: png_bytes(draw(size)) for size in sizes}
    outputs = {
        HERE / f"{NAME}.png": pngs[512],
        HERE / f"{NAME}.ico": ico({size: pngs[size] for size in ICO_SIZES}),
        HERE / f"{NAME}.icns": icns(pngs),
    }
    for path, data in outputs.items():
        path.write_bytes(data)
        print(f"wrote {path.relative_to(HERE.parent.parent)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
