"""Each scenario's licences, renewal options and refusals, as the client sees them."""

from __future__ import annotations

import pytest
from server_api import CARD_OK, Api, error_code

from vb_renew.server.scenarios import scenario_names


def options_of(client: Api, serial: str) -> dict:
    return client.ok(client.post("/renewal-options", {"serials": [serial]}))["items"][0]


def test_every_scenario_file_loads_and_tags_its_values(api: Api) -> None:
    listed = api.ok(api.get("/sim/scenarios", sim=True))["scenarios"]
    assert listed == scenario_names() and len(listed) >= 12
    for name in listed:
        loaded = api.load(name)
        assert loaded["name"] == name and loaded["installation"]["serial"]
        assert loaded["now"].startswith("2026-11-26")


def test_in_term_offers_four_products_and_upgrades_by_card_only(api: Api) -> None:
    taro = api.login()
    item = options_of(taro, "VB5C-TARO-0001-0001-0001")
    assert item["renewable"] and item["refusal"] is None
    assert [o["product"] for o in item["options"]] == ["ts_standard", "ts_premium", "vb_cloud", "vb_cloud_dls"]
    by_product = {o["product"]: o for o in item["options"]}
    assert by_product["vb_cloud"]["upgrade"] is False and "slip" in by_product["vb_cloud"]["payment_methods"]
    assert by_product["ts_standard"]["payment_methods"] == ["credit_card"]
    assert [p["price"] for p in by_product["vb_cloud"]["prices"]] == [5280, 9570, 12320]
    assert all(o["refusal"] is None for o in item["options"])


@pytest.mark.parametrize(("name", "state", "listed"), [
    ("vb_cloud_in_term", "in_term", True),
    ("vb_cloud_expiring_30_days", "expiring_soon", True),
    ("vb_cloud_expired_6_months", "expired", True),
    ("vb_cloud_expired_13_months", "expired", False),
])
def test_licence_state_by_age(api: Api, name: str, state: str, listed: bool) -> None:
    api.load(name)
    product = api.login_product()
    licence = product.ok(product.get("/licences"))["licences"][0]
    assert licence["state"] == state and licence["listed_in_account"] is listed and licence["renewable"]
    assert licence["installed"] is True


def test_vb_cloud_expired_25_months_must_be_bought_new(api: Api) -> None:
    api.load("vb_cloud_expired_25_months")
    product = api.login_product()
    serial = "VB5C-TARO-0025-0001-0001"
    item = options_of(product, serial)
    assert not item["renewable"] and item["refusal"]["code"] == "renewal.expired_over_2_years"
    assert "新しく製品をご購入ください" in item["refusal"]["message"]
    refused = product.order([{"serial": serial, "product": "vb_cloud", "years": 1}])
    assert refused.status_code == 422 and error_code(refused) == "renewal.expired_over_2_years"


def test_total_security_expired_25_months_is_renewable(api: Api) -> None:
    api.load("ts_expired_25_months")
    product = api.login_product()
    serial = "VBTS-TARO-0025-0002-0001"
    item = options_of(product, serial)
    assert item["renewable"] and [o["product"] for o in item["options"]] == ["ts_standard", "ts_premium"]
    assert product.order([{"serial": serial, "product": "ts_standard", "years": 1}]).status_code == 201


@pytest.mark.parametrize(("name", "count"), [("two_serials", 2), ("three_serials", 3)])
def test_several_serials_in_one_account(api: Api, name: str, count: int) -> None:
    api.load(name)
    taro = api.login()
    serials = [lic["serial"] for lic in taro.ok(taro.get("/licences"))["licences"]]
    assert len(serials) == count
    answer = taro.ok(taro.post("/renewal-options", {"serials": serials}))
    assert [i["serial"] for i in answer["items"]] == serials and all(i["renewable"] for i in answer["items"])


def test_auto_renew_on_refuses_an_upgrade(api: Api) -> None:
    api.load("auto_renew_on")
    taro = api.login()
    serial = "VB5C-TARO-0AR1-0001-0001"
    assert taro.ok(taro.get(f"/licences/{serial}"))["auto_renew"] is True
    by_product = {o["product"]: o for o in options_of(taro, serial)["options"]}
    assert by_product["ts_standard"]["refusal"] == {
        "code": "upgrade.auto_renew_on", "message": "アップグレードする前にあんしん自動更新を解除してください"}
    assert by_product["vb_cloud"]["refusal"] is None
    refused = taro.order([{"serial": serial, "product": "ts_premium", "years": 1}], method="credit_card",
                         card=CARD_OK)
    assert refused.status_code == 422 and error_code(refused) == "upgrade.auto_renew_on"


def test_vb_cloud_dls_offers_its_own_two_products(api: Api) -> None:
    api.load("vb_cloud_dls")
    taro = api.login()
    item = options_of(taro, "VB5D-TARO-0DLS-0001-0001")
    assert [o["product"] for o in item["options"]] == ["ts_premium", "vb_cloud_dls"]


def test_ts_standard_offers_itself_and_premium(api: Api) -> None:
    api.load("ts_standard")
    taro = api.login()
    item = options_of(taro, "VBTS-TARO-0STD-0001-0001")
    by_product = {o["product"]: o for o in item["options"]}
    assert list(by_product) == ["ts_standard", "ts_premium"]
    assert by_product["ts_premium"]["upgrade"] is True and by_product["ts_standard"]["upgrade"] is False


def test_an_account_holding_ts_cannot_upgrade(api: Api) -> None:
    api.load("account_holds_ts")
    taro = api.login()
    serial = "VB5C-TARO-0HTS-0001-0001"
    by_product = {o["product"]: o for o in options_of(taro, serial)["options"]}
    assert by_product["ts_standard"]["refusal"]["code"] == "upgrade.no_upgradable_serial"
    assert by_product["ts_standard"]["refusal"]["message"] == "アップグレード可能なシリアル番号がみつかりませんでした"
    assert by_product["vb_cloud_dls"]["refusal"] is None  # not a TS upgrade
    refused = taro.order([{"serial": serial, "product": "ts_standard", "years": 1}], method="credit_card",
                         card=CARD_OK)
    assert refused.status_code == 422 and error_code(refused) == "upgrade.no_upgradable_serial"
