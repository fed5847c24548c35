"""The catalogue data file and its API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vb_renew.resources import resource_path
from vb_renew.rules.catalogue import SOURCES, RenewalWindow, load_catalogue, parse_catalogue
from vb_renew.rules.errors import RuleError


def untagged_values(node: Any, where: str = "") -> list[str]:
    """Paths of values in a data file that are not inside a {"value", "source"} node."""
    if isinstance(node, dict):
        if set(node) == {"value", "source"}:
            return [] if node["source"] in SOURCES else [f"{where} (bad tag {node['source']!r})"]
        return [p for key, child in node.items() if not key.startswith("_")
                for p in untagged_values(child, f"{where}.{key}")]
    return [where or "<root>"]  # a bare scalar or list outside a tagged node


@pytest.mark.parametrize("name", ["catalogue.json", "simulation.json"])
def test_every_value_in_the_data_files_has_a_source_tag(name: str) -> None:
    data = json.loads(resource_path(name).read_text(encoding="utf-8"))
    assert "_comment" in data
    assert untagged_values(data) == []


def test_the_walker_finds_an_untagged_value() -> None:
    assert untagged_values({"a": {"value": 1, "source": "sim"}, "b": {"c": 3}, "d": {"value": 1, "source": "x"}}) \
        == [".b.c", ".d (bad tag 'x')"]


def test_products_and_names() -> None:
    cat = load_catalogue()
    assert set(cat.products) == {"vb_cloud", "vb_cloud_dls", "ts_standard", "ts_premium"}
    assert cat.product("vb_cloud").name == "ウイルスバスター クラウド"
    assert cat.product("ts_premium").name == "ウイルスバスター トータルセキュリティ プレミアム"
    assert cat.product("vb_cloud").devices == 3 and cat.product("ts_standard").devices == 6
    assert cat.name("password_manager") and cat.name("id_protection")
    assert cat.family("id_protection") == "id_protection"
    assert cat.family("vb_cloud_dls") == "vb_cloud" and cat.family("ts_standard") == "ts"


def test_renewal_windows() -> None:
    cat = load_catalogue()
    assert cat.product("vb_cloud").window == RenewalWindow(months_before=39, years_after=2)
    assert cat.product("vb_cloud_dls").window == RenewalWindow(months_before=39, years_after=2)
    assert cat.product("ts_standard").window is None and cat.product("ts_premium").window is None
    assert cat.product("vb_cloud").sources["window"] == "seed"
    assert cat.product("vb_cloud_dls").sources["window"] == "sim"


def test_offers_follow_the_seed() -> None:
    cat = load_catalogue()
    offered = {key: [p.key for p in cat.offered_for(key)] for key in cat.products}
    assert offered == {
        "vb_cloud": ["ts_standard", "ts_premium", "vb_cloud", "vb_cloud_dls"],
        "vb_cloud_dls": ["ts_premium", "vb_cloud_dls"],
        "ts_standard": ["ts_standard", "ts_premium"],
        "ts_premium": ["ts_premium"],
    }


def test_prices() -> None:
    cat = load_catalogue()
    assert cat.years == (1, 2, 3)
    assert [cat.price("vb_cloud", y) for y in cat.years] == [5280, 9570, 12320]
    assert cat.product("vb_cloud").sources["price.1"] == "pub-3p"
    for key in cat.products:
        prices = [cat.price(key, y) for y in cat.years]
        assert all(p > 0 for p in prices)
        assert prices == sorted(prices), f"{key}: a longer term costs more in total"
        assert prices[2] < 3 * prices[0], f"{key}: a longer term is cheaper per year"
    for cheaper, dearer in [("vb_cloud", "vb_cloud_dls"), ("ts_standard", "ts_premium"), ("vb_cloud", "ts_standard")]:
        assert cat.price(cheaper, 1) < cat.price(dearer, 1)


@pytest.mark.parametrize("years", [0, 4, -1, True])
def test_invalid_years(years: int) -> None:
    with pytest.raises(RuleError) as caught:
        load_catalogue().price("vb_cloud", years)
    assert caught.value.first.code == "catalogue.invalid_years"
    assert caught.value.first.field == "years"


def test_unknown_product() -> None:
    cat = load_catalogue()
    for call in (lambda: cat.product("vb_2019"), lambda: cat.offered_for("nope"), lambda: cat.price("x", 1)):
        with pytest.raises(RuleError) as caught:
            call()
        assert caught.value.first.code == "catalogue.unknown_product"
        assert caught.value.first.message  # Japanese text for the API


def test_loading_is_cached_per_path(tmp_path: Path) -> None:
    assert load_catalogue() is load_catalogue()
    assert load_catalogue(resource_path("catalogue.json")) is load_catalogue()
    data = json.loads(resource_path("catalogue.json").read_text(encoding="utf-8"))
    data["products"]["vb_cloud"]["prices"]["1"]["value"] = 4000
    other = tmp_path / "catalogue.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    assert load_catalogue(other).price("vb_cloud", 1) == 4000
    assert load_catalogue().price("vb_cloud", 1) == 5280


def _data() -> dict[str, Any]:
    return json.loads(resource_path("catalogue.json").read_text(encoding="utf-8"))


def test_a_malformed_catalogue_fails_at_load() -> None:
    untagged = _data()
    untagged["products"]["vb_cloud"]["devices"] = 3
    bad_tag = _data()
    bad_tag["products"]["vb_cloud"]["devices"]["source"] = "rumour"
    dangling = _data()
    dangling["products"]["vb_cloud"]["offered"]["value"].append("vb_2019")
    missing_price = _data()
    del missing_price["products"]["ts_premium"]["prices"]["3"]
    for data in (untagged, bad_tag, dangling, missing_price):
        with pytest.raises(ValueError):
            parse_catalogue(data)
