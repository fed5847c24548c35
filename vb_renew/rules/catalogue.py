"""The product catalogue: names, devices, renewal windows, offers and prices.

All of it lives in ``resources/catalogue.json`` (not in code) because most
prices and some offers are the simulator's own choices [sim] and must stay
visibly separate from what the seed page and public articles state. Every
value there is a tagged node ``{"value": ..., "source": ...}``; this module
strips the tags and keeps them in ``Product.sources`` so a screen can show
where a number comes from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.resources import resource_path
from vb_renew.rules.errors import RuleError, Violation

SOURCES = frozenset({"seed", "pub", "pub-3p", "sim"})
"""Source tags allowed in every data file (see docs/architecture.md)."""

TS_FAMILY = "ts"
VB_CLOUD_FAMILY = "vb_cloud"

UNKNOWN_PRODUCT = QT_TRANSLATE_NOOP("Rules", "この製品は取り扱っていません。")
INVALID_YEARS = QT_TRANSLATE_NOOP("Rules", "契約更新年数は1年、2年、3年のいずれかを選択してください。")


def tagged(node: Any, where: str) -> tuple[Any, str]:
    """The value and source of one tagged node; a malformed data file fails loudly at load time."""
    if not isinstance(node, dict) or set(node) != {"value", "source"}:
        raise ValueError(f"{where}: expected {{'value': ..., 'source': ...}}, got {node!r}")
    if node["source"] not in SOURCES:
        raise ValueError(f"{where}: unknown source tag {node['source']!r}")
    return node["value"], node["source"]


def read_json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class RenewalWindow:
    """Renewal is open from ``months_before`` the expiry to ``years_after`` it, both days included."""

    months_before: int
    years_after: int


@dataclass(frozen=True)
class Product:
    key: str
    name: str
    devices: int
    window: RenewalWindow | None  # None: renewable at any time (Total Security) [seed]
    offered: tuple[str, ...]  # product keys offered when this product is renewed, in display order
    prices: Mapping[int, int] = field(hash=False)  # years -> JPY incl. tax
    family: str = VB_CLOUD_FAMILY
    sources: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Source tag per field: "name", "devices", "window", "offered", "family", "price.1"..."""

    @property
    def is_total_security(self) -> bool:
        return self.family == TS_FAMILY


@dataclass(frozen=True)
class Catalogue:
    products: Mapping[str, Product] = field(hash=False)
    years: tuple[int, ...]
    other_families: Mapping[str, str] = field(hash=False)  # key -> name (password_manager, id_protection)

    def product(self, key: str) -> Product:
        try:
            return self.products[key]
        except KeyError:
            raise RuleError(Violation("catalogue.unknown_product", UNKNOWN_PRODUCT, "product")) from None

    def offered_for(self, key: str) -> tuple[Product, ...]:
        """The products offered when renewing ``key``; any other than ``key`` itself is an upgrade."""
        return tuple(self.products[k] for k in self.product(key).offered)

    def price(self, key: str, years: int) -> int:
        product = self.product(key)
        if years not in self.years or isinstance(years, bool):
            raise RuleError(Violation("catalogue.invalid_years", INVALID_YEARS, "years"))
        return product.prices[years]

    def name(self, key: str) -> str:
        """The Japanese name of a product or of another licence family an account can hold."""
        if key in self.other_families:
            return self.other_families[key]
        return self.product(key).name

    def family(self, key: str) -> str:
        """``ts``, ``vb_cloud``, or the key itself for the other families (password_manager...)."""
        if key in self.other_families:
            return key
        return self.product(key).family


def _parse_product(key: str, raw: Mapping[str, Any], years: tuple[int, ...]) -> Product:
    where = f"products.{key}"
    sources: dict[str, str] = {}

    def take(name: str) -> Any:
        value, source = tagged(raw[name], f"{where}.{name}")
        sources[name] = source
        return value

    name, family, devices, offered = take("name"), take("family"), take("devices"), take("offered")
    window_raw = raw["window"]
    if set(window_raw) == {"value", "source"}:
        value, sources["window"] = tagged(window_raw, f"{where}.window")
        if value is not None:
            raise ValueError(f"{where}.window: a tagged window must be null (no limit)")
        window = None
    else:
        months_before, source_before = tagged(window_raw["months_before"], f"{where}.window.months_before")
        years_after, source_after = tagged(window_raw["years_after"], f"{where}.window.years_after")
        window = RenewalWindow(int(months_before), int(years_after))
        sources["window"] = source_before if source_before == source_after else f"{source_before}/{source_after}"
    prices: dict[int, int] = {}
    for year_key, node in raw["prices"].items():
        price, sources[f"price.{year_key}"] = tagged(node, f"{where}.prices.{year_key}")
        prices[int(year_key)] = int(price)
    if sorted(prices) != sorted(years):
        raise ValueError(f"{where}.prices: need a price for each of {years}, got {sorted(prices)}")
    return Product(key=key, name=str(name), devices=int(devices), window=window, offered=tuple(offered),
                   prices=MappingProxyType(prices), family=str(family), sources=MappingProxyType(sources))


def parse_catalogue(data: Mapping[str, Any]) -> Catalogue:
    years_value, _ = tagged(data["years"], "years")
    years = tuple(int(y) for y in years_value)
    products = {key: _parse_product(key, raw, years) for key, raw in data["products"].items()}
    for product in products.values():
        unknown = [k for k in product.offered if k not in products]
        if unknown:
            raise ValueError(f"products.{product.key}.offered: unknown products {unknown}")
    others = {key: str(tagged(raw["name"], f"other_families.{key}.name")[0])
              for key, raw in data.get("other_families", {}).items()}
    return Catalogue(products=MappingProxyType(products), years=years, other_families=MappingProxyType(others))


@lru_cache(maxsize=8)
def _load(path: Path) -> Catalogue:
    return parse_catalogue(read_json(path))


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """The catalogue in ``path`` (default ``resources/catalogue.json``), read once per path."""
    if path is None:
        return _default()
    return _load(Path(path).resolve())


@lru_cache(maxsize=1)
def _default() -> Catalogue:
    """The bundled catalogue: the path resolved once (the backend reads it on every order)."""
    return _load(resource_path("catalogue.json").resolve())
