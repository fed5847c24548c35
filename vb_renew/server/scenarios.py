"""Worlds as data (docs/worlds.md): the format's dates, the simulated customer, and the scenario files.

A world is a JSON document: its accounts and their licences and open orders, the simulated today, the seed. Its
dates are absolute (``"2027-09-26"``) or *relative*: ``{"months": -6}`` is six months before the world's today,
and the world's today itself may be relative to the real date, so a world stays meaningful on any day it is
loaded. The scenarios under ``resources/scenarios/*.json`` are worlds; every invented value is tagged
``"source": "sim"`` in them. The format is checked by :class:`vb_renew.server.world_models.WorldIn` (the one
validation) and written by :meth:`vb_renew.server.service.world.World.load_world`, in one transaction.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from vb_renew.resources import resource_path
from vb_renew.rules.dates import add_months
from vb_renew.server.clock import JST

DEFAULT_SCENARIO = "vb_cloud_in_term"
DEFAULT_START_TIME = time(10, 0)  # [sim] the simulated day starts at 10:00 JST when a world loads
FORMAT_VERSION = 1

# [sim] Who applied for a world's open order when the world does not say: the account's e-mail address, and these.
DEFAULT_ORDER_CUSTOMER = {
    "family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
    "postal_code": "100-0001", "prefecture": "東京都", "city": "千代田区千代田", "address_line": "1-1",
    "building": "", "phone": "03-1234-5678",
}


def scenarios_dir() -> Path:
    return resource_path("scenarios")


def scenario_names() -> list[str]:
    return sorted(p.stem for p in scenarios_dir().glob("*.json"))


def read_scenario(name: str) -> dict[str, Any]:
    """The scenario file ``name`` as JSON (KeyError if there is none: names are not paths)."""
    if name not in scenario_names():
        raise KeyError(name)
    with (scenarios_dir() / f"{name}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def offset_date(today: date, offset: dict[str, Any] | str) -> date:
    """``{"years": y, "months": m, "days": d}`` from ``today`` (calendar months, clamped), or an ISO date.

    ValueError (or OverflowError) for a date no calendar has (before year 1 or after 9999).
    """
    if isinstance(offset, str):
        return date.fromisoformat(offset)
    moved = add_months(today, int(offset.get("years", 0)) * 12 + int(offset.get("months", 0)))
    return moved + timedelta(days=int(offset.get("days", 0)))


def real_today() -> date:
    """The real date in Japan: what a world's relative today counts from."""
    return datetime.now(JST).date()


def start_instant(today: date) -> datetime:
    """The simulated instant a world loaded on ``today`` starts at."""
    return datetime.combine(today, DEFAULT_START_TIME, tzinfo=JST)


@dataclass(frozen=True)
class CustomerBehaviour:
    """Whether the simulated customer pays a delivered slip by itself, where, and after how many days."""

    pays: bool = False
    place: str = "convenience_store"
    delay_first: int = 1
    delay_last: int = 7

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> CustomerBehaviour:
        raw = raw or {}
        delay = raw.get("delay_days") or {}
        return cls(pays=bool(raw.get("pays", False)), place=str(raw.get("place", "convenience_store")),
                   delay_first=int(delay.get("first", 1)), delay_last=int(delay.get("last", 7)))

    def to_json(self) -> dict[str, Any]:
        return {"pays": self.pays, "place": self.place,
                "delay_days": {"first": self.delay_first, "last": self.delay_last}}


def installation_secret(installed: bool, fixed: str | None) -> str | None:
    """The secret the installed product proves itself with (generated unless the world fixes one)."""
    if not installed:
        return None
    return fixed or secrets.token_urlsafe(24)
