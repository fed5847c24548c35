"""The world's settings that QA changes at run time (``GET/PUT /sim/settings``), kept in the world's ``meta``.

- ``clock_run``: when the simulated clock runs at its ``seconds_per_day``: ``auto``, only while some order is open
  (nothing changes a licence while nothing is in progress: a new order starts the clock, the last one closing stops
  it); ``always``; or ``paused``. Moving the clock by hand (``/sim/clock``) works in every mode.
- ``customer_pays``: ``auto``, the scenario's simulated customer pays each delivered slip on their own (at the
  scenario's place, after its delay); or ``never``, only QA (or the slip's pay buttons) pays and an unpaid slip lapses.
- ``expired_base``: what an expired licence's new term counts from (:class:`~vb_renew.rules.extension.ExpiredBase`).

A setting never written has its default: ``clock_run`` from ``resources/simulation.json`` (``auto`` [sim]),
``customer_pays`` as the scenario's customer behaves, ``expired_base`` the server's (``create_app(expired_base=)``).
Loading a scenario wipes ``meta``, so a new world starts from the defaults. A change is one transaction: the clock
follows a new run mode at once, and a customer who now pays on their own gets round to each slip already delivered.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vb_renew.resources import resource_path
from vb_renew.rules.catalogue import read_json, tagged
from vb_renew.rules.extension import ExpiredBase
from vb_renew.server import store

if TYPE_CHECKING:
    from vb_renew.server.scenarios import CustomerBehaviour
    from vb_renew.server.service.world import World


class ClockRun(StrEnum):
    AUTO = "auto"  # runs while some order is open
    ALWAYS = "always"
    PAUSED = "paused"


class CustomerPays(StrEnum):
    AUTO = "auto"  # the scenario's simulated customer pays a delivered slip on their own
    NEVER = "never"


KEYS = {"clock_run": "settings.clock_run", "customer_pays": "settings.customer_pays",
        "expired_base": "settings.expired_base"}
KINDS: Mapping[str, type[StrEnum]] = {"clock_run": ClockRun, "customer_pays": CustomerPays,
                                      "expired_base": ExpiredBase}


@dataclass(frozen=True)
class Defaults:
    """``settings`` in ``resources/simulation.json``: what a new world starts with [sim]."""

    clock_run: ClockRun
    app_customer_pays: CustomerPays  # what the desktop app's embedded backend sets when it starts


@lru_cache(maxsize=8)
def _read_defaults(path: Path) -> Defaults:
    raw = read_json(path)["settings"]
    return Defaults(ClockRun(tagged(raw["clock_run"], "settings.clock_run")[0]),
                    CustomerPays(tagged(raw["app_customer_pays"], "settings.app_customer_pays")[0]))


def load_defaults(path: str | Path | None = None) -> Defaults:
    """The defaults in ``path`` (default ``resources/simulation.json``), read once per path."""
    if path is None:
        return _bundled_defaults()
    return _read_defaults(Path(path).resolve())


@lru_cache(maxsize=1)
def _bundled_defaults() -> Defaults:
    """``resources/simulation.json``'s, its path resolved once (the clock's policy asks on every request)."""
    return _read_defaults(resource_path("simulation.json").resolve())


def _stored(kind: type[StrEnum], value: str | None) -> Any:
    """A stored setting, or None if there is none (or one this version does not know)."""
    try:
        return None if value is None else kind(value)
    except ValueError:
        return None


class Settings:
    """The settings, read and written in ``meta``; the clock's run policy."""

    def __init__(self, world: World) -> None:
        self.world = world
        # Set by the service: a customer who now pays on their own gets round to the slips already delivered.
        self.customer_started: Callable[[sqlite3.Connection], None] | None = None

    def clock_run(self) -> ClockRun:
        return _stored(ClockRun, self.world.meta(KEYS["clock_run"])) or load_defaults().clock_run

    def customer_pays(self) -> CustomerPays:
        stored = _stored(CustomerPays, self.world.meta(KEYS["customer_pays"]))
        if stored is not None:
            return stored
        return CustomerPays.AUTO if self.world.customer.pays else CustomerPays.NEVER

    def expired_base(self) -> ExpiredBase:
        return _stored(ExpiredBase, self.world.meta(KEYS["expired_base"])) or self.world.expired_base

    def customer(self) -> CustomerBehaviour:
        """The scenario's simulated customer, paying on their own as ``customer_pays`` says."""
        return dataclasses.replace(self.world.customer, pays=self.customer_pays() is CustomerPays.AUTO)

    def clock_may_run(self) -> bool:
        """The clock's policy: may simulated time pass now?"""
        run = self.clock_run()
        if run is ClockRun.AUTO:
            return store.has_open_order(self.world.db)
        return run is ClockRun.ALWAYS

    def as_json(self) -> dict[str, str]:
        return {"clock_run": str(self.clock_run()), "customer_pays": str(self.customer_pays()),
                "expired_base": str(self.expired_base())}

    def update(self, changes: Mapping[str, str | None]) -> dict[str, str]:
        """Write the settings given (a None or absent one stays), in one transaction; the settings after."""
        with self.world.db.transaction() as conn:
            self.write(conn, changes)
        return self.as_json()

    def write(self, conn: sqlite3.Connection, changes: Mapping[str, str | None]) -> None:
        """:meth:`update` inside the caller's transaction (``PUT /sim/clock`` sets the run mode with the clock)."""
        values = {name: KINDS[name](value) for name, value in changes.items() if value is not None}
        customer_before = self.customer_pays()
        store.set_meta(conn, {KEYS[name]: str(value) for name, value in values.items()})
        if "clock_run" in values:
            self.world.clock.follow()
        if customer_before is CustomerPays.NEVER and self.customer_pays() is CustomerPays.AUTO \
                and self.customer_started is not None:
            self.customer_started(conn)
