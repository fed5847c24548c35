"""Upgrades: card only, and the two refusals the seed names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from vb_renew.rules.catalogue import load_catalogue
from vb_renew.rules.payment import PaymentMethod
from vb_renew.rules.upgrades import (
    HeldLicence,
    LicenceKind,
    is_upgrade,
    payment_methods,
    upgrade_refusal,
)

TODAY = date(2026, 4, 1)
NO_SERIAL = "アップグレード可能なシリアル番号がみつかりませんでした"
AUTO_RENEW = "アップグレードする前にあんしん自動更新を解除してください"

RENEWING = HeldLicence(serial="VB-0001", product="vb_cloud", expiry=date(2026, 5, 10))


def refusal_code(chosen: str, *others: HeldLicence, licence: HeldLicence = RENEWING) -> str | None:
    refusal = upgrade_refusal(licence, chosen, [licence, *others], TODAY)
    return None if refusal is None else refusal.code


def test_choosing_another_product_is_an_upgrade() -> None:
    assert not is_upgrade("vb_cloud", "vb_cloud")
    assert is_upgrade("vb_cloud", "vb_cloud_dls")
    assert is_upgrade("vb_cloud", "ts_premium")
    assert is_upgrade("ts_standard", "ts_premium")


def test_every_offered_product_other_than_the_current_one_is_card_only() -> None:
    cat = load_catalogue()
    for key in cat.products:
        for offered in cat.offered_for(key):
            methods = payment_methods(key, offered.key)
            if offered.key == key:
                assert methods[0] is PaymentMethod.SLIP and set(methods) == set(PaymentMethod)
            else:
                assert methods == (PaymentMethod.CREDIT_CARD,)
                assert PaymentMethod.SLIP not in methods


@pytest.mark.parametrize("chosen", ["ts_standard", "ts_premium", "vb_cloud_dls"])
def test_auto_renew_on_refuses_any_upgrade(chosen: str) -> None:
    licence = replace(RENEWING, auto_renew=True)
    refusal = upgrade_refusal(licence, chosen, [licence], TODAY)
    assert refusal is not None
    assert refusal.code == "upgrade.auto_renew_on"
    assert refusal.message == AUTO_RENEW
    assert refusal.text.context == "Rules"


def test_auto_renew_does_not_block_renewing_the_same_product() -> None:
    licence = replace(RENEWING, auto_renew=True)
    assert upgrade_refusal(licence, "vb_cloud", [licence], TODAY) is None


def test_a_plain_account_can_upgrade() -> None:
    assert refusal_code("ts_standard") is None
    assert refusal_code("ts_premium", HeldLicence("VB-0002", "vb_cloud", date(2027, 1, 1))) is None


@pytest.mark.parametrize("product", ["ts_standard", "ts_premium", "password_manager", "id_protection"])
@pytest.mark.parametrize("chosen", ["ts_standard", "ts_premium"])
def test_an_active_paid_ts_pm_or_idp_licence_blocks_an_upgrade_to_ts(product: str, chosen: str) -> None:
    other = HeldLicence("X-0001", product, expiry=TODAY)  # active through its expiry day
    refusal = upgrade_refusal(RENEWING, chosen, [RENEWING, other], TODAY)
    assert refusal is not None
    assert refusal.code == "upgrade.no_upgradable_serial"
    assert refusal.message == NO_SERIAL


@pytest.mark.parametrize("product", ["ts_standard", "ts_premium", "password_manager", "id_protection"])
@pytest.mark.parametrize("blocker", [
    {"expiry": date(2026, 3, 31)},  # expired yesterday
    {"kind": LicenceKind.FREE},
    {"kind": LicenceKind.TRIAL},
])
def test_expired_free_and_trial_licences_do_not_count(product: str, blocker: dict) -> None:
    other = replace(HeldLicence("X-0001", product, expiry=date(2027, 1, 1)), **blocker)
    assert refusal_code("ts_premium", other) is None


def test_the_block_applies_only_to_ts_targets() -> None:
    ts = HeldLicence("TS-0001", "ts_standard", date(2027, 1, 1))
    assert refusal_code("vb_cloud_dls", ts) is None
    upgraded = HeldLicence("VB-0002", "vb_cloud", date(2027, 1, 1), upgraded=True)
    assert refusal_code("vb_cloud_dls", upgraded) is None


@pytest.mark.parametrize("product", ["vb_cloud", "vb_cloud_dls"])
def test_another_vb_cloud_serial_already_upgraded_blocks(product: str) -> None:
    upgraded = HeldLicence("VB-0002", product, date(2027, 1, 1), upgraded=True)
    assert refusal_code("ts_standard", upgraded) == "upgrade.no_upgradable_serial"
    assert refusal_code("ts_standard", replace(upgraded, upgraded=False)) is None


def test_the_licence_being_renewed_does_not_count_against_itself() -> None:
    ts = HeldLicence("TS-0001", "ts_standard", date(2026, 12, 1))
    assert upgrade_refusal(ts, "ts_premium", [ts], TODAY) is None
    assert upgrade_refusal(replace(RENEWING, upgraded=True), "ts_premium", [replace(RENEWING, upgraded=True)],
                           TODAY) is None
    other_ts = HeldLicence("TS-0002", "ts_premium", date(2026, 12, 1))
    assert upgrade_refusal(ts, "ts_premium", [ts, other_ts], TODAY).code == "upgrade.no_upgradable_serial"


def test_auto_renew_is_reported_before_the_serial_check() -> None:
    licence = replace(RENEWING, auto_renew=True)
    ts = HeldLicence("TS-0001", "ts_standard", date(2027, 1, 1))
    assert upgrade_refusal(licence, "ts_premium", [licence, ts], TODAY).code == "upgrade.auto_renew_on"


def test_not_an_upgrade_is_never_refused() -> None:
    ts = HeldLicence("TS-0001", "ts_standard", date(2027, 1, 1))
    assert refusal_code("vb_cloud", ts, HeldLicence("VB-0002", "vb_cloud", date(2027, 1, 1), upgraded=True)) is None
