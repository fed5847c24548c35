"""Painting the slip: one routine, three targets (the widget on screen, the PNG, the PDF).

:func:`paint_slip` draws in fixed logical units (:data:`SLIP_SIZE`, one unit = :data:`UNIT_MM` mm); the caller
sets the painter's scale for its target. What is written where comes from :class:`SlipText`; the GS1-128 bars
from :mod:`vb_renew.ui.barcode`. Painting stays on the GUI thread (fonts live there; one slip paints in a few tens
of milliseconds).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from vb_renew.rules.slips import verify_barcode
from vb_renew.ui.barcode import QUIET_ZONE_MODULES, draw_modules, gs1_128_modules
from vb_renew.ui.slip.content import FAKE_ACCOUNT, SlipText

# --- the paper ---------------------------------------------------------------------------------------

UNIT_MM = 0.25  # one logical unit on paper
SLIP_SIZE = QSize(1120, 480)  # 280 x 120 mm
INK = QColor("#1d5a9e")  # the printed frame and labels (the customer's data is black)
TINT = QColor(29, 90, 158, 22)
STAMP_RED = QColor(208, 2, 27, 140)
RECEIPT_RED = QColor("#c62828")
FONT_FAMILIES = ["Noto Sans CJK JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo",
                 "IPAexGothic", "sans-serif"]
MONO_FAMILIES = ["DejaVu Sans Mono", "Consolas", "Menlo", "Noto Sans Mono CJK JP", "monospace"]

# The parts, in units: post office | perforation | convenience store | perforation | receipt.
PART_TOP, PART_BOTTOM = 32.0, 472.0
POST_PART = QRectF(8, PART_TOP, 432, PART_BOTTOM - PART_TOP)
STORE_PART = QRectF(456, PART_TOP, 352, PART_BOTTOM - PART_TOP)
RECEIPT_PART = QRectF(824, PART_TOP, 288, PART_BOTTOM - PART_TOP)
BARCODE_TOP, BARCODE_HEIGHT = 284.0, 62.0
MODULE = 1.0  # units per barcode module: 0.25 mm, inside the X-dimension range GS1 allows for GS1-128


def barcode_rect(modules: int) -> QRectF:
    """Where the bars go (quiet zones outside it), centred in the convenience-store part."""
    width = modules * MODULE
    return QRectF(STORE_PART.center().x() - width / 2, BARCODE_TOP, width, BARCODE_HEIGHT)


# --- the pen's helpers -------------------------------------------------------------------------------


def _font(px: float, bold: bool = False, mono: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(MONO_FAMILIES if mono else FONT_FAMILIES)
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    # Unhinted glyphs scale linearly, so text laid out on screen fits the same on a 1200 dpi PDF.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def _text(p: QPainter, rect: QRectF, text: str, px: float, *, bold: bool = False, colour: QColor | None = None,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
          wrap: bool = False, mono: bool = False) -> None:
    """Draw ``text`` in ``rect``, shrinking the font (down to 60 %) rather than clipping it."""
    font = _font(px, bold, mono)
    flags = int(align) | (int(Qt.TextFlag.TextWordWrap) if wrap else 0)
    size = px
    while size > px * 0.6:
        bounds = QFontMetricsF(font).boundingRect(rect, flags, text)
        if bounds.width() <= rect.width() + 0.5 and bounds.height() <= rect.height() + 0.5:
            break
        size -= 0.5
        font = _font(size, bold, mono)
    p.setFont(font)
    p.setPen(colour or QColor("black"))
    p.drawText(rect, flags, text)


def _label(p: QPainter, rect: QRectF, text: str, px: float = 10) -> None:
    _text(p, rect, text, px, colour=INK)


def _part_frame(p: QPainter, part: QRectF, title: str, subtitle: str) -> None:
    p.setPen(QPen(INK, 1.4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(part)
    header = QRectF(part.left(), part.top(), part.width(), 38)
    p.fillRect(header, TINT)
    p.drawLine(header.bottomLeft(), header.bottomRight())
    _text(p, QRectF(part.left() + 10, part.top(), 120, 38), title, 21, bold=True, colour=INK)
    _text(p, QRectF(part.left() + 124, part.top() + 2, part.width() - 132, 36), subtitle, 10.5, colour=INK,
          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, wrap=True)


def _rule(p: QPainter, y: float, part: QRectF) -> None:
    p.setPen(QPen(INK, 0.6))
    p.drawLine(QPointF(part.left(), y), QPointF(part.right(), y))


def _boxes(p: QPainter, left: float, top: float, digits: str, width: float, height: float, px: float) -> float:
    """A row of digit boxes (one character each); returns the right edge."""
    p.setPen(QPen(INK, 0.9))
    for i, char in enumerate(digits):
        box = QRectF(left + i * width, top, width, height)
        p.setPen(QPen(INK, 0.9))
        p.drawRect(box)
        _text(p, box, char, px, mono=True, align=Qt.AlignmentFlag.AlignCenter)
    return left + len(digits) * width


def _perforation(p: QPainter, x: float) -> None:
    pen = QPen(QColor("#8a8a8a"), 0.8, Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.drawLine(QPointF(x, PART_TOP - 4), QPointF(x, PART_BOTTOM + 4))
    p.save()
    p.translate(QPointF(x, (PART_TOP + PART_BOTTOM) / 2))  # one argument: the caption scanner reads two as text
    p.rotate(90)
    label = QRectF(-60, -6, 120, 12)
    p.fillRect(label, QColor("white"))
    _text(p, label, QCoreApplication.translate("Slip", "きりとり線"), 8, colour=QColor("#8a8a8a"),
          align=Qt.AlignmentFlag.AlignCenter)
    p.restore()


def _date_stamp_circle(p: QPainter, centre: QPointF, radius: float, caption: str) -> None:
    p.setPen(QPen(INK, 0.8, Qt.PenStyle.DashLine))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(centre, radius, radius)
    _text(p, QRectF(centre.x() - radius, centre.y() - radius - 16, radius * 2, 14), caption, 9, colour=INK,
          align=Qt.AlignmentFlag.AlignCenter)


def _received_stamp(p: QPainter, centre: QPointF, radius: float, paid_on: date | None, place: str) -> None:
    """The red 日付印 the desk presses on the receipt: 領収, the date, where."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(RECEIPT_RED, 2.2)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(centre, radius - 3, radius - 3)
    band = (radius - 3) * 0.42
    p.setPen(QPen(RECEIPT_RED, 1.2))
    for dy in (-band, band):
        half = ((radius - 3) ** 2 - dy ** 2) ** 0.5
        p.drawLine(QPointF(centre.x() - half, centre.y() + dy), QPointF(centre.x() + half, centre.y() + dy))
    width = (radius - 3) * 1.7
    day = paid_on.strftime("%Y.%m.%d") if paid_on is not None else ""
    _text(p, QRectF(centre.x() - width / 2, centre.y() - radius + 6, width, band + radius - 10 - band * 0.1),
          QCoreApplication.translate("Slip", "領収"), 14, bold=True, colour=RECEIPT_RED,
          align=Qt.AlignmentFlag.AlignCenter)
    _text(p, QRectF(centre.x() - radius, centre.y() - band, radius * 2, band * 2), day, 12.5, bold=True,
          colour=RECEIPT_RED, align=Qt.AlignmentFlag.AlignCenter, mono=True)
    _text(p, QRectF(centre.x() - width / 2, centre.y() + band + 1, width, radius - band - 6), place, 9.5,
          bold=True, colour=RECEIPT_RED, align=Qt.AlignmentFlag.AlignCenter)
    p.restore()


def _sample_stamp(p: QPainter) -> None:
    """The big diagonal red 「見本」 over the whole slip."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(QPointF(SLIP_SIZE.width() / 2 - 40, SLIP_SIZE.height() / 2 + 10))
    p.rotate(-18)
    box = QRectF(-190, -95, 380, 190)
    p.setPen(QPen(STAMP_RED, 9))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(box, 14, 14)
    p.setFont(_font(150, bold=True))
    p.setPen(STAMP_RED)
    p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), QCoreApplication.translate("Slip", "見本"))
    p.restore()


# --- the three parts, left to right ------------------------------------------------------------------


def _post_office_part(p: QPainter, t: SlipText) -> None:
    part = POST_PART
    left, right = part.left() + 10, part.right() - 10
    _part_frame(p, part, QCoreApplication.translate("Slip", "払込取扱票"),
                QCoreApplication.translate("Slip", "郵便局・ゆうちょ銀行\n払込料金 加入者負担"))
    # 口座記号番号
    _label(p, QRectF(left, 76, 200, 14), QCoreApplication.translate("Slip", "口座記号番号"))
    x = _boxes(p, left, 92, FAKE_ACCOUNT[0], 19, 26, 15)
    _text(p, QRectF(x, 92, 12, 26), "-", 14, colour=INK, align=Qt.AlignmentFlag.AlignCenter)
    x = _boxes(p, x + 12, 92, FAKE_ACCOUNT[1], 19, 26, 15)
    _text(p, QRectF(x, 92, 12, 26), "-", 14, colour=INK, align=Qt.AlignmentFlag.AlignCenter)
    x = _boxes(p, x + 12, 92, FAKE_ACCOUNT[2], 19, 26, 15)
    _label(p, QRectF(x + 10, 76, right - x - 10, 14), QCoreApplication.translate("Slip", "払込票番号"))
    _text(p, QRectF(x + 10, 92, right - x - 10, 26), t.slip_number, 12, mono=True)
    _rule(p, 126, part)
    # 加入者名
    _label(p, QRectF(left, 130, 200, 14), QCoreApplication.translate("Slip", "加入者名"))
    _text(p, QRectF(left + 4, 144, 250, 24), t.payee, 16, bold=True)
    _text(p, QRectF(left + 250, 144, right - left - 250, 24),
          QCoreApplication.translate("Slip", "（シミュレーション見本）"), 10, colour=STAMP_RED.darker(130),
          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    _rule(p, 172, part)
    # 金額: eight boxes, 千万 down to 円, the figure right-aligned with ¥ before it
    _label(p, QRectF(left, 176, 60, 14), QCoreApplication.translate("Slip", "金額"))
    units = QCoreApplication.translate("Slip", "千百十万千百十円")
    figure = "¥" + str(t.amount)
    cells = figure.rjust(len(units))[-len(units):]
    box_w, box_left = 34.0, left + 60
    for i, unit in enumerate(units):
        _text(p, QRectF(box_left + i * box_w, 176, box_w, 13), unit, 9, colour=INK,
              align=Qt.AlignmentFlag.AlignCenter)
    _boxes(p, box_left, 190, cells, box_w, 32, 20)
    _text(p, QRectF(left, 196, 58, 26), QCoreApplication.translate("Slip", "（税込）"), 9, colour=INK)
    _rule(p, 230, part)
    # ご依頼人
    _label(p, QRectF(left, 234, 80, 14), QCoreApplication.translate("Slip", "ご依頼人"))
    _label(p, QRectF(left, 252, 50, 16), QCoreApplication.translate("Slip", "おところ"))
    _text(p, QRectF(left + 52, 250, right - left - 52, 18), t.postal_code, 12)
    _text(p, QRectF(left + 52, 268, right - left - 52, 20), t.address, 13)
    _label(p, QRectF(left, 294, 50, 20), QCoreApplication.translate("Slip", "おなまえ"))
    _text(p, QRectF(left + 52, 291, right - left - 52, 26), t.customer, 17, bold=True)
    _label(p, QRectF(left, 318, 50, 14), QCoreApplication.translate("Slip", "電話"))
    _text(p, QRectF(left + 52, 316, right - left - 52, 18), t.phone, 12, mono=True)
    _rule(p, 338, part)
    # 通信欄 and 日附印
    comm = QRectF(left, 344, 270, part.bottom() - 352)
    p.setPen(QPen(INK, 0.8))
    p.drawRect(comm)
    _label(p, QRectF(comm.left() + 6, comm.top() + 2, 100, 14), QCoreApplication.translate("Slip", "通信欄"))
    lines = [
        QCoreApplication.translate("Slip", "お申し込み番号: {number}").format(number=t.order_number),
        QCoreApplication.translate("Slip", "製品: {product}").format(product=t.product),
        QCoreApplication.translate("Slip", "支払期限: {deadline}").format(deadline=t.deadline),
    ]
    for i, line in enumerate(lines):
        _text(p, QRectF(comm.left() + 8, comm.top() + 20 + i * 24, comm.width() - 14, 22), line, 11.5)
    centre = QPointF((comm.right() + right) / 2, comm.center().y() + 8)
    _date_stamp_circle(p, centre, 46, QCoreApplication.translate("Slip", "日附印"))
    if t.paid_at_post_office:
        _received_stamp(p, centre, 46, t.paid_on, t.paid_place)


def _store_part(p: QPainter, t: SlipText) -> None:
    part = STORE_PART
    left, right = part.left() + 12, part.right() - 12
    width = right - left
    _part_frame(p, part, QCoreApplication.translate("Slip", "払込票"),
                QCoreApplication.translate("Slip", "コンビニエンスストア用"))
    _label(p, QRectF(left, 76, 80, 14), QCoreApplication.translate("Slip", "収納企業"))
    _text(p, QRectF(left, 90, width, 22), t.payee, 16, bold=True)
    _text(p, QRectF(left, 110, width, 14), QCoreApplication.translate(
        "Slip", "（シミュレーション見本：実在の収納口座ではありません）"), 9.5, colour=STAMP_RED.darker(130))
    _rule(p, 128, part)
    _label(p, QRectF(left, 132, 80, 14), QCoreApplication.translate("Slip", "お客さま"))
    _text(p, QRectF(left + 64, 130, width - 64, 24), t.customer, 16, bold=True)
    _rule(p, 158, part)
    _label(p, QRectF(left, 162, 80, 14), QCoreApplication.translate("Slip", "金額"))
    _text(p, QRectF(left + 20, 170, 190, 40), t.amount_text, 32, bold=True, mono=False,
          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    _text(p, QRectF(left + 218, 174, width - 218, 16), QCoreApplication.translate("Slip", "（税込）"), 10.5)
    _text(p, QRectF(left + 218, 191, width - 218, 16), t.tax_note, 9.5)
    _rule(p, 214, part)
    _label(p, QRectF(left, 218, 80, 24), QCoreApplication.translate("Slip", "支払期限"))
    _text(p, QRectF(left + 64, 216, width - 64, 28), t.deadline, 17, bold=True)
    _rule(p, 246, part)
    half = width / 2
    _label(p, QRectF(left, 249, half, 12), QCoreApplication.translate("Slip", "お申し込み番号"))
    _text(p, QRectF(left, 261, half, 16), t.order_number, 11.5, mono=True)
    _label(p, QRectF(left + half, 249, half, 12), QCoreApplication.translate("Slip", "払込票番号"))
    _text(p, QRectF(left + half, 261, half, 16), t.slip_number, 11.5, mono=True)
    # The barcode, its quiet zones kept white even under the stamp's neighbours, digits beneath.
    if verify_barcode(t.barcode_number):
        modules = gs1_128_modules(t.barcode_number)
        bars = barcode_rect(len(modules))
        quiet = QUIET_ZONE_MODULES * MODULE
        p.fillRect(bars.adjusted(-quiet, -2, quiet, 2), QColor("white"))
        draw_modules(p, bars, modules)
        _text(p, QRectF(left, bars.bottom() + 2, width, 16), t.barcode_digits, 11, mono=True,
              align=Qt.AlignmentFlag.AlignCenter)
    notes = [
        QCoreApplication.translate("Slip", "・コンビニエンスストアのレジでこの払込票をお出しください。"),
        QCoreApplication.translate("Slip", "・支払期限を過ぎた払込票、金額を訂正した払込票はお使いいただけません。"),
        QCoreApplication.translate("Slip", "・お支払い後、受領証（お客さま控え）をお受け取りください。"),
    ]
    for i, note in enumerate(notes):
        _text(p, QRectF(left, 372 + i * 30, width, 28), note, 9.5, wrap=True)


def _receipt_part(p: QPainter, t: SlipText) -> None:
    part = RECEIPT_PART
    left, right = part.left() + 10, part.right() - 10
    width = right - left
    _part_frame(p, part, QCoreApplication.translate("Slip", "受領証"),
                QCoreApplication.translate("Slip", "お客さま控え"))
    rows = [
        (QCoreApplication.translate("Slip", "収納企業"), t.payee, 13, True),
        (QCoreApplication.translate("Slip", "お客さま"), t.customer, 13, True),
        (QCoreApplication.translate("Slip", "金額"), t.amount_yen, 18, True),
        (QCoreApplication.translate("Slip", "支払期限"), t.deadline, 12.5, False),
        (QCoreApplication.translate("Slip", "お申し込み番号"), t.order_number, 11.5, False),
        (QCoreApplication.translate("Slip", "製品"), t.product, 10.5, False),
    ]
    y = 74.0
    for caption, value, px, bold in rows:
        _label(p, QRectF(left, y, 84, 26), caption, 9.5)
        _text(p, QRectF(left + 84, y, width - 84, 26), value, px, bold=bold)
        _rule(p, y + 28, part)
        y += 30
    centre = QPointF(part.center().x(), 316)
    _date_stamp_circle(p, centre, 44, QCoreApplication.translate("Slip", "領収日付印"))
    if t.paid:
        _received_stamp(p, centre, 44, t.paid_on, t.paid_place)
    _text(p, QRectF(left, 372, width, 90), QCoreApplication.translate(
        "Slip", "この受領証は、お支払いの証明となりますので大切に保管してください。"
                "お支払いの確認後、ご登録のメールアドレスにお知らせします。"), 9.5, wrap=True,
          align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


def paint_slip(p: QPainter, text: SlipText | None) -> None:
    """Paint the slip that says ``text`` (None: no slip yet) in logical units (0..SLIP_SIZE); the caller sets
    the scale."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    whole = QRectF(0, 0, SLIP_SIZE.width(), SLIP_SIZE.height())
    p.fillRect(whole, QColor("white"))
    p.setPen(QPen(QColor("#c8c8c8"), 1))
    p.drawRect(whole.adjusted(0.5, 0.5, -0.5, -0.5))
    if text is None:
        _text(p, whole, QCoreApplication.translate("Slip", "振込用紙はまだ発行されていません。"), 22,
              colour=QColor("#757575"), align=Qt.AlignmentFlag.AlignCenter)
        p.restore()
        return
    _text(p, QRectF(10, 6, 760, 22), QCoreApplication.translate(
        "Slip", "【シミュレーション見本】vb-renew が作成した見本です。実際のお支払いには使えません。"), 11,
          bold=True, colour=STAMP_RED.darker(130))
    _text(p, QRectF(700, 6, 410, 22), QCoreApplication.translate(
        "Slip", "ウイルスバスター 契約更新 払込票（コンビニ・郵便局 共用）"), 11, colour=INK,
          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    _post_office_part(p, text)
    _perforation(p, (POST_PART.right() + STORE_PART.left()) / 2)
    _store_part(p, text)
    _perforation(p, (STORE_PART.right() + RECEIPT_PART.left()) / 2)
    _receipt_part(p, text)
    _sample_stamp(p)
    p.restore()
