"""Payment methods and the places a slip is paid."""

from __future__ import annotations

from enum import StrEnum


class PaymentMethod(StrEnum):
    SLIP = "slip"  # 振込用紙 [seed]
    CREDIT_CARD = "credit_card"  # クレジットカード [seed]
    KONBINI = "konbini"  # かんたんコンビニ決済 [seed]
    INVOICE = "invoice"  # 請求書 (bank transfer, mainly companies) [pub]


class PaidAt(StrEnum):
    CONVENIENCE_STORE = "convenience_store"
    POST_OFFICE = "post_office"
