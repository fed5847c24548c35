"""The payment slip (振込用紙) in the app: shown as the paper one is laid out, saved, and paid (simulation).

The slip is a コンビニ・郵便局 combined 払込票 of three parts side by side, cut apart at the
perforations: the post office's 払込取扱票, the convenience store's 払込票 with the GS1-128
barcode, and the customer's 受領証. :func:`paint_slip` draws it in fixed logical units
(:data:`SLIP_SIZE`, one unit = 0.25 mm, so the slip is 280 x 120 mm); the same routine paints the
widget on screen, a PNG (:func:`render_slip_image`) and a PDF (:func:`render_slip_pdf`).

Threads: painting stays on the GUI thread (fonts and widgets live there; one slip paints in a few
tens of milliseconds). Only what touches the disk runs in a worker: encoding and writing the PNG
(``QImage`` is reentrant, the worker gets its own copy) and writing the PDF's bytes, which were
rendered into memory first. Paying calls ``/sim/orders/{id}/pay`` in a worker as well.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
    QStandardPaths,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPdfWriter,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from vb_renew.core.api import ApiClient
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.slips import format_barcode, verify_barcode
from vb_renew.ui.barcode import QUIET_ZONE_MODULES, draw_modules, gs1_128_modules
from vb_renew.ui.style import place_name, styled
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import error_text, name, primary_button, publish

# --- the paper ---------------------------------------------------------------------------------------

UNIT_MM = 0.25  # one logical unit on paper
SLIP_SIZE = QSize(1120, 480)  # 280 x 120 mm
PNG_SCALE = 3  # pixels per unit: 12 px/mm, about 305 dpi, so the PNG prints at the slip's real size
PDF_RESOLUTION = 1200
# The account number on the post-office part: all zeros, so nobody mistakes it for a real one.
FAKE_ACCOUNT = ("00000", "0", "000000")
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


# --- what the slip says ------------------------------------------------------------------------------


def yen(amount: int) -> str:
    return f"{amount:,}"


def jp_date(iso: str | None) -> str:
    if not iso:
        return ""
    day = date.fromisoformat(str(iso)[:10])
    return QCoreApplication.translate("Slip", "{year}年{month}月{day}日").format(
        year=day.year, month=day.month, day=day.day)


def consumption_tax(amount: int) -> int:
    """The consumption tax inside a price that includes it at the standard 10 % rate."""
    return amount - round(amount * 100 / 110)


def stamp_place_name(place: str | None) -> str:
    """Where it was paid, short enough for the round receipt stamp."""
    if place == "convenience_store":
        return QCoreApplication.translate("Slip", "コンビニ")
    return place_name(place)



@dataclass(frozen=True)
class SlipText:
    """The strings printed on the slip, computed once from the order for painting and screen readers."""

    payee: str
    customer: str
    postal_code: str
    address: str
    phone: str
    amount: int
    amount_text: str  # ¥5,280
    amount_yen: str  # 5,280円
    tax_note: str
    deadline: str
    order_number: str
    slip_number: str
    product: str
    barcode_number: str
    barcode_digits: str
    paid_place: str  # as the receipt stamp says it
    paid_on: str

    def summary(self) -> str:
        """One paragraph for the accessible description (a screen reader cannot read the painting)."""
        return QCoreApplication.translate(
            "Slip", "払込票。収納企業: {payee}。金額: {amount}円。支払期限: {deadline}。お客さま: {customer}"
                    "（{address}）。お申し込み番号: {order_number}。払込票番号: {slip_number}。"
                    "バーコード番号: {barcode}。").format(
            payee=self.payee, amount=yen(self.amount), deadline=self.deadline, customer=self.customer,
            address=self.address, order_number=self.order_number, slip_number=self.slip_number,
            barcode=self.barcode_number)


def slip_text(order: dict[str, Any]) -> SlipText | None:
    """The slip's strings, or None while the order has no slip yet."""
    slip = order.get("slip")
    if not slip:
        return None
    customer = order.get("customer") or {}
    items = order.get("items") or []
    amount = int(slip["amount"])
    address = "".join(customer.get(k) or "" for k in ("prefecture", "city", "address_line"))
    if customer.get("building"):
        address = "{} {}".format(address, customer["building"])
    product = "、".join(
        QCoreApplication.translate("Slip", "{product}（{years}年）").format(
            product=item.get("product_name", item.get("product", "")), years=item.get("years", ""))
        for item in items)
    payment = order.get("payment") or {}
    number = str(slip.get("barcode_number", ""))
    return SlipText(
        payee=QCoreApplication.translate("Slip", "トレンドマイクロ株式会社"),
        customer=QCoreApplication.translate("Slip", "{family_name} {given_name} 様").format(
            family_name=customer.get("family_name", ""), given_name=customer.get("given_name", "")),
        postal_code=QCoreApplication.translate("Slip", "〒{postal_code}").format(
            postal_code=customer.get("postal_code", "")),
        address=address,
        phone=customer.get("phone", ""),
        amount=amount,
        amount_text=QCoreApplication.translate("Slip", "¥{amount}").format(amount=yen(amount)),
        amount_yen=QCoreApplication.translate("Slip", "{amount}円").format(amount=yen(amount)),
        tax_note=QCoreApplication.translate("Slip", "うち消費税等 {tax}円").format(tax=yen(consumption_tax(amount))),
        deadline=jp_date(slip.get("deadline")),
        order_number=str(order.get("number", "")),
        slip_number=str(slip.get("number", "")),
        product=product,
        barcode_number=number,
        barcode_digits=format_barcode(number) if verify_barcode(number) else number,
        paid_place=stamp_place_name(payment.get("place")) if payment else "",
        paid_on=str(payment.get("paid_on") or "") if payment else "",
    )


# --- painting: one routine, three targets -------------------------------------------------------------


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


def _received_stamp(p: QPainter, centre: QPointF, radius: float, paid_on: str, place: str) -> None:
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
    day = date.fromisoformat(paid_on[:10]).strftime("%Y.%m.%d") if paid_on else ""
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


def _post_office_part(p: QPainter, t: SlipText, paid_at_post_office: bool) -> None:
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
    if paid_at_post_office:
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


def _receipt_part(p: QPainter, t: SlipText, paid: bool) -> None:
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
    if paid:
        _received_stamp(p, centre, 44, t.paid_on, t.paid_place)
    _text(p, QRectF(left, 372, width, 90), QCoreApplication.translate(
        "Slip", "この受領証は、お支払いの証明となりますので大切に保管してください。"
                "お支払いの確認後、ご登録のメールアドレスにお知らせします。"), 9.5, wrap=True,
          align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


def paint_slip(p: QPainter, order: dict[str, Any] | None) -> None:
    """Paint the slip of ``order`` in logical units (0..SLIP_SIZE); the caller sets the scale."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    whole = QRectF(0, 0, SLIP_SIZE.width(), SLIP_SIZE.height())
    p.fillRect(whole, QColor("white"))
    p.setPen(QPen(QColor("#c8c8c8"), 1))
    p.drawRect(whole.adjusted(0.5, 0.5, -0.5, -0.5))
    t = slip_text(order) if order else None
    if t is None:
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
    payment = (order or {}).get("payment") or {}
    paid = bool(payment.get("paid_on")) and payment.get("place") in ("convenience_store", "post_office")
    _post_office_part(p, t, paid and payment.get("place") == "post_office")
    _perforation(p, (POST_PART.right() + STORE_PART.left()) / 2)
    _store_part(p, t)
    _perforation(p, (STORE_PART.right() + RECEIPT_PART.left()) / 2)
    _receipt_part(p, t, paid)
    _sample_stamp(p)
    p.restore()


def render_slip_image(order: dict[str, Any] | None, scale: float = PNG_SCALE) -> QImage:
    """The slip as an image, ``scale`` pixels per unit, with its physical size recorded (real size in print)."""
    image = QImage(round(SLIP_SIZE.width() * scale), round(SLIP_SIZE.height() * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    dots_per_metre = round(scale / UNIT_MM * 1000)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    painter.scale(scale, scale)
    paint_slip(painter, order)
    painter.end()
    return image


def render_slip_pdf(order: dict[str, Any] | None) -> bytes:
    """The slip at its real size on one A4 landscape page, as PDF bytes (painted here, written elsewhere)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    text = slip_text(order) if order else None
    writer.setTitle(QCoreApplication.translate("Slip", "払込票 {number}（シミュレーション見本）").format(
        number=text.slip_number if text else ""))
    writer.setCreator("vb-renew")
    painter = QPainter(writer)
    px_per_mm = PDF_RESOLUTION / 25.4
    scale = UNIT_MM * px_per_mm
    page_width_px = writer.width()
    painter.translate(QPointF((page_width_px - SLIP_SIZE.width() * scale) / 2, 15 * px_per_mm))
    painter.scale(scale, scale)
    paint_slip(painter, order)
    painter.end()
    buffer.close()
    return bytes(data.data())


def _write_bytes(path: str, payload: bytes) -> str:
    """Write ``payload`` to ``path`` whole or not at all (a temporary file in the same folder, then a rename)."""
    target = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=".slip-", suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return str(target)


def _write_png(path: str, image: QImage) -> str:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("PNG encoding failed")
    payload = bytes(buffer.data().data())
    buffer.close()
    return _write_bytes(path, payload)


# --- the widgets ------------------------------------------------------------------------------------


class SlipCanvas(QWidget):
    """The painted slip at a zoom factor; the painting is :func:`paint_slip`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name(self, "slipCanvas", QCoreApplication.translate("SlipView", "払込票"))
        self._order: dict[str, Any] | None = None
        self._zoom = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(SLIP_SIZE)

    def order(self) -> dict[str, Any] | None:
        return self._order

    def zoom(self) -> float:
        return self._zoom

    def set_order(self, order: dict[str, Any] | None) -> None:
        self._order = order
        text = slip_text(order) if order else None
        self.setAccessibleDescription(text.summary() if text else QCoreApplication.translate(
            "Slip", "振込用紙はまだ発行されていません。"))
        self.update()

    def set_zoom(self, zoom: float) -> None:
        if abs(zoom - self._zoom) < 1e-3:
            return
        self._zoom = zoom
        self.setFixedSize(round(SLIP_SIZE.width() * zoom), round(SLIP_SIZE.height() * zoom))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.scale(self.width() / SLIP_SIZE.width(), self.height() / SLIP_SIZE.height())
        paint_slip(painter, self._order)
        painter.end()


class _FitScrollArea(QScrollArea):
    """Scales the slip to the width it is given (within limits), scrolling when the window is small."""

    MIN_ZOOM, MAX_ZOOM = 0.55, 1.6

    def __init__(self, canvas: SlipCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.setWidget(canvas)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QFrame.Shape.NoFrame)
        styled(self, "slip.backdrop")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        available = self.viewport().width() - 24
        zoom = min(max(available / SLIP_SIZE.width(), self.MIN_ZOOM), self.MAX_ZOOM)
        self.canvas.set_zoom(zoom)


# The server decides; before delivery it says why not.
PAYABLE_STATES = (OrderState.SLIP_MAILED, OrderState.SLIP_DELIVERED)
PAID_STATES = (OrderState.PAID, OrderState.CONFIRMED, OrderState.EXTENDED)


class SlipView(QWidget):
    """The slip of one order: shown, saved as PDF or PNG, and paid at a store or post office (simulation).

    Signals:
        ``paid(object)``: the order dict after a simulated payment succeeded.
        ``closeRequested()``: the user pressed 「閉じる」.
        ``saved(str)``: a PDF or PNG was written; the path.
        ``saveFailed(str)``: writing failed; the message shown to the user.
    """

    paid = Signal(object)
    closeRequested = Signal()
    saved = Signal(str)
    saveFailed = Signal(str)

    def __init__(self, runner: TaskRunner, client_factory: Callable[[], ApiClient], order: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slipView")
        self._runner = runner
        self._client_factory = client_factory
        self._order: dict[str, Any] = {}
        self._paying: str | None = None
        self._saving = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 12)
        heading_row = QHBoxLayout()
        self.heading = QLabel(QCoreApplication.translate("SlipView", "振込用紙（払込票）"), self)
        self.heading.setObjectName("slipHeading")
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.heading.setFont(font)
        self.order_number = QLabel(self)
        self.order_number.setObjectName("slipOrderNumber")
        self.order_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading_row.addWidget(self.heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self.order_number)
        outer.addLayout(heading_row)

        self.status = QLabel(self)
        self.status.setObjectName("slipStatus")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self.error = QLabel(self)
        self.error.setObjectName("slipError")
        publish(self.error)
        self.error.setWordWrap(True)
        styled(self.error, "alert.bold")
        self.error.setVisible(False)
        outer.addWidget(self.error)

        self.canvas = SlipCanvas(self)
        self.scroll = _FitScrollArea(self.canvas, self)
        self.scroll.setObjectName("slipScrollArea")
        outer.addWidget(self.scroll, 1)

        actions = QHBoxLayout()
        self.save_pdf_button = QPushButton(QCoreApplication.translate("SlipView", "PDFで保存"), self)
        name(self.save_pdf_button, "slipSavePdfButton", self.save_pdf_button.text())
        self.save_pdf_button.clicked.connect(self.choose_pdf_path)
        self.save_png_button = QPushButton(QCoreApplication.translate("SlipView", "PNGで保存"), self)
        name(self.save_png_button, "slipSavePngButton", self.save_png_button.text())
        self.save_png_button.clicked.connect(self.choose_png_path)
        actions.addWidget(self.save_pdf_button)
        actions.addWidget(self.save_png_button)
        actions.addStretch(1)

        self.busy = QProgressBar(self)
        self.busy.setObjectName("slipBusy")
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setTextVisible(False)
        self.busy.setFixedWidth(90)
        self.busy.setVisible(False)
        actions.addWidget(self.busy)
        self.simulation_badge = QLabel(QCoreApplication.translate("SlipView", "シミュレーション"), self)
        self.simulation_badge.setObjectName("slipSimulationBadge")
        self.simulation_badge.setToolTip(QCoreApplication.translate(
            "SlipView", "実際のお支払いは行われません。コンビニエンスストアや郵便局でのお支払いを再現します。"))
        styled(self.simulation_badge, "slip.badge")
        actions.addWidget(self.simulation_badge)
        self.pay_store_button = primary_button(
            "slipPayConvenienceStoreButton", QCoreApplication.translate("SlipView", "コンビニで支払う"), self)
        self.pay_store_button.setAccessibleName(
            QCoreApplication.translate("SlipView", "コンビニで支払う（シミュレーション）"))
        self.pay_store_button.clicked.connect(self._pay_at_store)
        self.pay_post_button = primary_button(
            "slipPayPostOfficeButton", QCoreApplication.translate("SlipView", "郵便局で支払う"), self)
        self.pay_post_button.setAccessibleName(
            QCoreApplication.translate("SlipView", "郵便局で支払う（シミュレーション）"))
        self.pay_post_button.clicked.connect(self._pay_at_post_office)
        actions.addWidget(self.pay_store_button)
        actions.addWidget(self.pay_post_button)
        actions.addSpacing(16)
        self.close_button = QPushButton(QCoreApplication.translate("SlipView", "閉じる"), self)
        name(self.close_button, "slipCloseButton", self.close_button.text())
        self.close_button.clicked.connect(self.closeRequested)
        actions.addWidget(self.close_button)
        outer.addLayout(actions)

        self.set_order(order)

    # -- the order ------------------------------------------------------------------------------------

    def order(self) -> dict[str, Any]:
        return self._order

    def set_order(self, order: dict[str, Any]) -> None:
        """Show ``order``'s slip and what can be done with it now."""
        self._order = dict(order or {})
        self._show_error("")  # a message about the previous state of the order no longer applies
        self.canvas.set_order(self._order)
        self.order_number.setText(QCoreApplication.translate("SlipView", "お申し込み番号: {number}").format(
            number=self._order.get("number", "")) if self._order.get("number") else "")
        self._refresh()

    def is_paying(self) -> bool:
        return self._paying is not None

    def _can_pay(self) -> bool:
        return bool(self._order.get("slip")) and self._order.get("state") in PAYABLE_STATES

    def _refresh(self) -> None:
        order = self._order
        state = order.get("state")
        slip = order.get("slip") or {}
        payment = order.get("payment") or {}
        if not slip:
            text = QCoreApplication.translate("SlipView", "振込用紙はまだ発行されていません。お申し込みから1～2週間ほどで届きます。")
        elif state in PAID_STATES and payment:
            text = QCoreApplication.translate("SlipView", "{place}でお支払い済みです（{date}）。").format(
                place=place_name(payment.get("place")), date=jp_date(payment.get("paid_on")))
            window = order.get("expected_confirmation") or {}
            if state == OrderState.PAID and window.get("earliest") and window.get("latest"):
                text += QCoreApplication.translate(
                    "SlipView", "お支払いの確認は {earliest}～{latest} の見込みです。").format(
                    earliest=jp_date(window["earliest"]), latest=jp_date(window["latest"]))
        elif state == OrderState.LAPSED:
            text = QCoreApplication.translate(
                "SlipView", "支払期限（{deadline}）を過ぎたため、この振込用紙はお使いいただけません。"
                            "もう一度お申し込みください。").format(deadline=jp_date(slip.get("deadline")))
        elif not slip.get("delivered_on"):
            text = QCoreApplication.translate(
                "SlipView", "振込用紙は郵送中です（{issued} 発行）。届いたら、支払期限（{deadline}）までにお支払いください。"
            ).format(issued=jp_date(slip.get("issued_on")), deadline=jp_date(slip.get("deadline")))
        else:
            text = QCoreApplication.translate(
                "SlipView", "振込用紙が届きました（{delivered}）。支払期限（{deadline}）までに、コンビニエンスストアか"
                            "郵便局でお支払いください。").format(
                delivered=jp_date(slip.get("delivered_on")), deadline=jp_date(slip.get("deadline")))
        self.status.setText(text)
        paid_look = state in PAID_STATES
        styled(self.status, "success.bold" if paid_look else "")
        can_pay = self._can_pay() and self._paying is None
        for button in (self.pay_store_button, self.pay_post_button):
            button.setEnabled(can_pay)
            button.setVisible(not paid_look)
        self.simulation_badge.setVisible(not paid_look)
        has_slip = bool(slip)
        for button in (self.save_pdf_button, self.save_png_button):
            button.setEnabled(has_slip and self._saving == 0)
        self.busy.setVisible(self._paying is not None or self._saving > 0)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- paying (simulation) -----------------------------------------------------------------------------

    @Slot()
    def _pay_at_store(self) -> None:
        self.pay("convenience_store")

    @Slot()
    def _pay_at_post_office(self) -> None:
        self.pay("post_office")

    def pay(self, place: str) -> None:
        """Pay the slip at ``place`` (``convenience_store`` or ``post_office``) through the simulation API."""
        if self._paying is not None or not self._order.get("slip"):
            return
        order_id = self._order["id"]
        amount = int(self._order["slip"]["amount"])
        factory = self._client_factory

        def call() -> dict[str, Any]:
            client = factory()
            try:
                return client.sim_pay(order_id, place, amount)
            finally:
                client.close()

        self._paying = place
        self._show_error("")
        self._refresh()
        self._runner.submit(call, self._paid, self._pay_failed)

    def _paid(self, order: dict[str, Any]) -> None:
        if not isValid(self):  # closed and deleted while the payment was in flight
            return
        self._paying = None
        self.set_order(order)
        self.paid.emit(order)

    def _pay_failed(self, error: Exception) -> None:
        if not isValid(self):
            return
        self._paying = None
        self._show_error(error_text(error))
        self._refresh()

    # -- saving -----------------------------------------------------------------------------------------

    def _default_path(self, suffix: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        number = (self._order.get("slip") or {}).get("number", "")
        filename = QCoreApplication.translate("SlipView", "払込票_{number}").format(number=number)
        return str(Path(folder) / (filename + suffix))

    def _open_dialog(self, suffix: str, name_filter: str, on_chosen: Callable[[str], None]) -> QFileDialog:
        dialog = QFileDialog(self, QCoreApplication.translate("SlipView", "振込用紙を保存"),
                             self._default_path(suffix), name_filter)
        dialog.setObjectName("slipSaveDialog")
        dialog.setAccessibleName(QCoreApplication.translate("SlipView", "振込用紙を保存"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(suffix.lstrip("."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(on_chosen)
        dialog.open()  # window-modal, never blocks
        return dialog

    @Slot()
    def choose_pdf_path(self) -> QFileDialog:
        """Ask where to save the PDF (non-blocking); saving starts when a file is chosen."""
        return self._open_dialog(".pdf", QCoreApplication.translate("SlipView", "PDF ファイル (*.pdf)"),
                                 self.save_pdf)

    @Slot()
    def choose_png_path(self) -> QFileDialog:
        """Ask where to save the PNG (non-blocking); saving starts when a file is chosen."""
        return self._open_dialog(".png", QCoreApplication.translate("SlipView", "PNG 画像 (*.png)"),
                                 self.save_png)

    @Slot(str)
    def save_pdf(self, path: str) -> None:
        """Write the slip as a PDF to ``path``: painted here, written by a worker; then ``saved``/``saveFailed``."""
        self._save(path, _write_bytes, render_slip_pdf(self._order))

    @Slot(str)
    def save_png(self, path: str) -> None:
        """Write the slip as a PNG to ``path``: painted here, encoded and written by a worker."""
        self._save(path, _write_png, render_slip_image(self._order))

    def _save(self, path: str, write: Callable[[str, Any], str], payload: Any) -> None:
        self._saving += 1
        self._show_error("")
        self._refresh()
        self._runner.submit(lambda: write(path, payload), self._save_done, self._save_failed)

    def _save_done(self, path: str) -> None:
        if not isValid(self):
            return
        self._saving -= 1
        self._refresh()
        self.saved.emit(path)

    def _save_failed(self, error: Exception) -> None:
        if not isValid(self):
            return
        self._saving -= 1
        detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        text = QCoreApplication.translate("SlipView", "保存できませんでした（{detail}）。保存先を確かめてください。").format(
            detail=detail)
        self._show_error(text)
        self._refresh()
        self.saveFailed.emit(text)


__all__ = ["PNG_SCALE", "SLIP_SIZE", "SlipCanvas", "SlipView", "barcode_rect", "paint_slip", "render_slip_image",
           "render_slip_pdf", "slip_text"]
