"""Scenarios: the simulated worlds under ``resources/scenarios/*.json``.

A scenario names its accounts and licences with dates *relative* to its start
("today"): ``{"months": -6}`` is six months ago, so a scenario stays meaningful on
any day it is loaded. Every invented value is tagged ``"source": "sim"`` in the file.
Loading wipes the database and writes the world in one transaction.
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
DEFAULT_START_TIME = time(10, 0)  # [sim] the simulated day starts at 10:00 JST when a scenario loads


def scenarios_dir() -> Path:
    return resource_path("scenarios")


def scenario_names() -> list[str]:
    return sorted(p.stem for p in scenarios_dir().glob("*.json"))


def read_scenario(name: str) -> dict[str, Any]:
    """The scenario file ``name`` (KeyError if there is none: names are not paths)."""
    if name not in scenario_names():
        raise KeyError(name)
    with (scenarios_dir() / f"{name}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def offset_date(today: date, offset: dict[str, Any] | str) -> date:
    """``{"years": y, "months": m, "days": d}`` from ``today`` (calendar months, clamped), or an ISO date."""
    if isinstance(offset, str):
        return date.fromisoformat(offset)
    moved = add_months(today, int(offset.get("years", 0)) * 12 + int(offset.get("months", 0)))
    return moved + timedelta(days=int(offset.get("days", 0)))


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


def start_instant(scenario: dict[str, Any], start: date | None = None) -> datetime:
    """The simulated instant the scenario starts at: its own date, else the given one, else the real date."""
    chosen = start or (date.fromisoformat(scenario["start"]) if scenario.get("start") else None)
    chosen = chosen or datetime.now(JST).date()
    return datetime.combine(chosen, DEFAULT_START_TIME, tzinfo=JST)


def installation_secret(licence: dict[str, Any]) -> str | None:
    """The secret the installed product proves itself with (generated unless the file fixes one)."""
    if not licence.get("installed"):
        return None
    return str(licence.get("installation_secret") or secrets.token_urlsafe(24))
