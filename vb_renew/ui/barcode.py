"""The slip's GS1-128 barcode: encoded by python-barcode, drawn with QPainter.

python-barcode's ``Gs1_128`` prepends FNC1 and picks Code 128 set C for digit
pairs, so the 44-digit convenience-store number (``91`` + 42 digits) becomes
Start C, FNC1, 22 digit pairs, the modulo-103 check symbol and Stop: 288
modules. We take its module string (``"1"`` bar, ``"0"`` space) and paint the
bars ourselves, so no Pillow and no SVG renderer are needed, and the same
drawing goes to the screen, a PNG and a PDF.
"""

from __future__ import annotations

from barcode.codex import Gs1_128
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter

START_C = 105
FNC1 = 102
QUIET_ZONE_MODULES = 10  # GS1 general specifications: at least 10 modules of clear space on each side


def gs1_128_values(data: str) -> list[int]:
    """The Code 128 symbol values of ``data`` (digits, AI included, no parentheses), without the check symbol."""
    if not data.isascii() or not data.isdigit():
        raise ValueError("a GS1-128 element string of digits is expected")
    return list(Gs1_128(data, writer=_NoWriter()).encoded)  # a fresh encoder: it keeps state between calls


def gs1_128_modules(data: str) -> str:
    """The bar pattern of ``data`` as GS1-128: one character per module, ``1`` a bar, ``0`` a space."""
    values = gs1_128_values(data)
    if values[:2] != [START_C, FNC1]:  # the GS1 marker: without FNC1 first, a scanner reads plain Code 128
        raise ValueError("GS1-128 must start with Start C and FNC1")
    return Gs1_128(data, writer=_NoWriter()).build()[0]


def draw_modules(painter: QPainter, rect: QRectF, modules: str, colour: QColor | None = None) -> None:
    """Fill ``rect`` with the bars of ``modules``, every module ``rect.width() / len(modules)`` wide.

    Each run of bars is one filled rectangle (no antialiasing), so adjacent bars of a wide bar never
    show a hairline between them and a scanner sees crisp edges at any scale.
    """
    if not modules:
        return
    module = rect.width() / len(modules)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    brush = colour or QColor("black")
    start = None
    for i, bit in enumerate(modules + "0"):
        if bit == "1" and start is None:
            start = i
        elif bit != "1" and start is not None:
            painter.fillRect(QRectF(rect.left() + start * module, rect.top(), (i - start) * module, rect.height()),
                             brush)
            start = None
    painter.restore()


class _NoWriter:
    """python-barcode wants a writer; we only ask it for the module string, never to render."""
