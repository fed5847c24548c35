"""What the slip says: the strings printed on it, computed once from the order.

Painting and the screen reader's description read the same :class:`SlipText`. The captions go through Qt's
translator (``QCoreApplication.translate``), which is why this data lives in the UI and not in the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from vb_renew.rules.formatting import yen_amount
from vb_renew.rules.payment import PaidAt
from vb_renew.rules.slips import format_barcode, verify_barcode
from vb_renew.ui.style import place_name

if TYPE_CHECKING:
    from vb_renew.core.data import Order

# The account number on the post-office part: all zeros, so nobody mistakes it for a real one.
FAKE_ACCOUNT = ("00000", "0", "000000")
# Where a desk presses its 日付印 on the receipt when the slip is paid.
STAMPING_PLACES = (PaidAt.CONVENIENCE_STORE, PaidAt.POST_OFFICE)


def jp_date(day: date | None) -> str:
    """``2027年9月26日``, as the slip writes a date; ``""`` for none."""
    if day is None:
        return ""
    return QCoreApplication.translate("Slip", "{year}年{month}月{day}日").format(
        year=day.year, month=day.month, day=day.day)


def consumption_tax(amount: int) -> int:
    """The consumption tax inside a price that includes it at the standard 10 % rate."""
    return amount - round(amount * 100 / 110)


def stamp_place_name(place: PaidAt | str | None) -> str:
    """Where it was paid, short enough for the round receipt stamp."""
    if place == PaidAt.CONVENIENCE_STORE:
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
    paid_on: date | None
    paid: bool  # a desk stamped the receipt
    paid_at_post_office: bool  # ... and the post office's part too

    def summary(self) -> str:
        """One paragraph for the accessible description (a screen reader cannot read the painting)."""
        return QCoreApplication.translate(
            "Slip", "払込票。収納企業: {payee}。金額: {amount}円。支払期限: {deadline}。お客さま: {customer}"
                    "（{address}）。お申し込み番号: {order_number}。払込票番号: {slip_number}。"
                    "バーコード番号: {barcode}。").format(
            payee=self.payee, amount=yen_amount(self.amount), deadline=self.deadline, customer=self.customer,
            address=self.address, order_number=self.order_number, slip_number=self.slip_number,
            barcode=self.barcode_number)


def slip_text(order: Order | None) -> SlipText | None:
    """The slip's strings, or None while there is no order or it has no slip yet."""
    if order is None or order.slip is None:
        return None
    slip, customer, payment = order.slip, order.customer, order.payment
    amount = slip.amount
    address = "".join((customer.prefecture, customer.city, customer.address_line)) if customer else ""
    if customer is not None and customer.building:
        address = "{} {}".format(address, customer.building)
    product = "、".join(
        QCoreApplication.translate("Slip", "{product}（{years}年）").format(
            product=item.product_name or item.product, years=item.years)
        for item in order.items)
    number = slip.barcode_number
    paid = payment is not None and payment.paid_at in STAMPING_PLACES
    return SlipText(
        payee=QCoreApplication.translate("Slip", "トレンドマイクロ株式会社"),
        customer=QCoreApplication.translate("Slip", "{family_name} {given_name} 様").format(
            family_name=customer.family_name if customer else "", given_name=customer.given_name if customer else ""),
        postal_code=QCoreApplication.translate("Slip", "〒{postal_code}").format(
            postal_code=customer.postal_code if customer else ""),
        address=address,
        phone=customer.phone if customer else "",
        amount=amount,
        amount_text=QCoreApplication.translate("Slip", "¥{amount}").format(amount=yen_amount(amount)),
        amount_yen=QCoreApplication.translate("Slip", "{amount}円").format(amount=yen_amount(amount)),
        tax_note=QCoreApplication.translate("Slip", "うち消費税等 {tax}円").format(
            tax=yen_amount(consumption_tax(amount))),
        deadline=jp_date(slip.deadline),
        order_number=order.number,
        slip_number=slip.number,
        product=product,
        barcode_number=number,
        barcode_digits=format_barcode(number) if verify_barcode(number) else number,
        paid_place=stamp_place_name(payment.place) if payment else "",
        paid_on=payment.paid_on if payment else None,
        paid=paid,
        paid_at_post_office=paid and payment is not None and payment.paid_at is PaidAt.POST_OFFICE,
    )
