"""Upgrades: renewing into another product than the current one.

Choosing another product is an upgrade; an upgrade made on the web is paid by
credit card [seed], so a slip cannot pay for it. An upgrade to Total Security is
refused when the account already holds an active paid TS, Password Manager or ID
Protection licence, or another VB Cloud serial was already upgraded [pub]; and
any upgrade while あんしん自動更新 is on [seed].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.rules.catalogue import TS_FAMILY, VB_CLOUD_FAMILY, Catalogue, load_catalogue
from vb_renew.rules.errors import Violation
from vb_renew.rules.payment import PaymentMethod

AUTO_RENEW_ON = QT_TRANSLATE_NOOP("Rules", "アップグレードする前にあんしん自動更新を解除してください")  # [seed]
NO_UPGRADABLE_SERIAL = QT_TRANSLATE_NOOP("Rules", "アップグレード可能なシリアル番号がみつかりませんでした")  # [seed]
UPGRADE_BY_CARD_ONLY = QT_TRANSLATE_NOOP(
    "Rules", "Web からアップグレードする場合はクレジットカード決済での契約更新となります。"
)  # [seed]

# Families whose active paid licence blocks an upgrade to Total Security [pub].
BLOCKS_TS_UPGRADE = frozenset({TS_FAMILY, "password_manager", "id_protection"})

ALL_METHODS = (PaymentMethod.SLIP, PaymentMethod.CREDIT_CARD, PaymentMethod.KONBINI, PaymentMethod.INVOICE)
UPGRADE_METHODS = (PaymentMethod.CREDIT_CARD,)


class LicenceKind(StrEnum):
    PAID = "paid"
    FREE = "free"
    TRIAL = "trial"


@dataclass(frozen=True)
class HeldLicence:
    """A licence in the customer's Trend Micro account, as the upgrade rules see it."""

    serial: str
    product: str  # a catalogue product key, or "password_manager" / "id_protection"
    expiry: date
    kind: LicenceKind = LicenceKind.PAID
    auto_renew: bool = False  # あんしん自動更新
    upgraded: bool = False  # this serial was already upgraded to another product

    def is_active(self, today: date) -> bool:
        return self.expiry >= today


def is_upgrade(current: str, chosen: str) -> bool:
    return chosen != current


def payment_methods(current: str, chosen: str) -> tuple[PaymentMethod, ...]:
    """The methods that can pay for renewing ``current`` as ``chosen``: card only for an upgrade [seed]."""
    return UPGRADE_METHODS if is_upgrade(current, chosen) else ALL_METHODS


def upgrade_refusal(licence: HeldLicence, chosen: str, account_licences: Sequence[HeldLicence], today: date,
                    catalogue: Catalogue | None = None) -> Violation | None:
    """Why renewing ``licence`` as ``chosen`` is refused, or None (also None when it is no upgrade)."""
    if not is_upgrade(licence.product, chosen):
        return None
    if licence.auto_renew:
        return Violation("upgrade.auto_renew_on", AUTO_RENEW_ON)
    catalogue = catalogue or load_catalogue()
    if catalogue.family(chosen) != TS_FAMILY:
        return None
    others = [held for held in account_licences if held.serial != licence.serial]
    for held in others:
        family = catalogue.family(held.product)
        if family in BLOCKS_TS_UPGRADE and held.kind == LicenceKind.PAID and held.is_active(today):
            return Violation("upgrade.no_upgradable_serial", NO_UPGRADABLE_SERIAL)
        if family == VB_CLOUD_FAMILY and held.upgraded:
            return Violation("upgrade.no_upgradable_serial", NO_UPGRADABLE_SERIAL)
    return None
