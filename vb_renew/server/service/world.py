"""What every part of the service shares: the database, the clock, the catalogue, the listeners, the settings.

Also the scenario: loading one wipes the world and writes its accounts and licences.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vb_renew.rules import extension, slips, upgrades
from vb_renew.rules.catalogue import Catalogue
from vb_renew.server import scenarios, store
from vb_renew.server.clock import SimClock, in_range, iso
from vb_renew.server.db import Database
from vb_renew.server.errors import ApiError
from vb_renew.server.service.auth import hash_password

DEFAULT_TOKEN_TTL = 12 * 3600.0  # real seconds (docs/api.md)


@dataclass
class World:
    """The service's shared state; the concern modules each hold it."""

    db: Database
    clock: SimClock
    catalogue: Catalogue
    token_ttl: float = DEFAULT_TOKEN_TTL
    real_time: Callable[[], float] = time.time
    expired_base: extension.ExpiredBase = extension.ExpiredBase.CONFIRMATION_DATE
    order_listeners: list[Callable[[str], None]] = field(default_factory=list)  # told after commit: order changed
    schedule_listeners: list[Callable[[], None]] = field(default_factory=list)  # told after commit: events added

    def order_changed(self, order_id: str) -> None:
        for listener in list(self.order_listeners):
            listener(order_id)

    def schedule_changed(self) -> None:
        for listener in list(self.schedule_listeners):
            listener()

    # --- settings kept in meta ---------------------------------------------------------------------

    def meta(self, key: str, default: str | None = None) -> str | None:
        value = store.meta(self.db, key)
        return default if value is None else value

    @property
    def seed(self) -> int:
        return int(self.meta("scenario.seed", "0") or 0)

    @property
    def scenario_name(self) -> str | None:
        return self.meta("scenario.name")

    @property
    def customer(self) -> scenarios.CustomerBehaviour:
        raw = self.meta("scenario.customer")
        return scenarios.CustomerBehaviour.from_json(json.loads(raw) if raw else None)

    def rng(self, order_id: str, purpose: str) -> random.Random:
        """One reproducible stream per order and purpose: the same seed replays the same world.

        Keyed by the order's number (its sequence), not its random id, so a replay draws the same days.
        """
        number = store.order_number(self.db, order_id)
        return random.Random(f"{self.seed}:{number or order_id}:{purpose}")

    # --- scenarios ---------------------------------------------------------------------------------

    def load_scenario(self, name: str, *, seed: int | None = None, start: date | None = None,
                      seconds_per_day: float | None | type[...] = ..., customer_pays: bool | None = None) -> dict:
        """Wipe everything and write the scenario's world; the clock starts at the scenario's today."""
        try:
            data = scenarios.read_scenario(name)
        except KeyError:
            raise ApiError(422, "sim.unknown_scenario", field="name") from None
        seed = int(data.get("seed", 1)) if seed is None else int(seed)
        now = scenarios.start_instant(data, start)
        today = now.date()
        if seconds_per_day is ...:
            clock_raw = data.get("clock") or {}
            seconds_per_day = clock_raw["seconds_per_day"] if "seconds_per_day" in clock_raw else \
                slips.load_simulation().seconds_per_day
        behaviour = scenarios.CustomerBehaviour.from_json(data.get("customer"))
        if customer_pays is not None:
            behaviour = scenarios.CustomerBehaviour(customer_pays, behaviour.place, behaviour.delay_first,
                                                    behaviour.delay_last)
        # Every date of the world within the world's days, before anything is wiped: else the start is refused.
        expiries = {lic["serial"]: scenarios.offset_date(today, lic["expiry"])
                    for raw in data.get("accounts", []) for lic in raw.get("licences", [])}
        if not in_range(now) or not all(in_range(expiry) for expiry in expiries.values()):
            raise ApiError(422, "validation.out_of_range", field="start")
        accounts = [(raw, hash_password(str(raw["password"]))) for raw in data.get("accounts", [])]
        with self.db.transaction() as conn:
            store.wipe(conn, {"scenario.name": name, "scenario.seed": str(seed),
                              "scenario.customer": json.dumps(behaviour.to_json()), "order.seq": "0"})
            for raw, password_hash in accounts:
                account_id = store.add_account(conn, raw["email"], password_hash, raw.get("display_name"))
                for lic in raw.get("licences", []):
                    store.add_licence(conn, lic["serial"], account_id, lic["product"],
                                      expiries[lic["serial"]].isoformat(),
                                      bool(lic.get("auto_renew")), lic.get("kind", upgrades.LicenceKind.PAID),
                                      bool(lic.get("upgraded")), bool(lic.get("installed")),
                                      scenarios.installation_secret(lic))
            self.clock.set(now, seconds_per_day)
            self.db.after_commit(self.clock.reload)
            self.db.after_commit(self.schedule_changed)
        return {"name": name, "seed": seed, "now": iso(now), "seconds_per_day": seconds_per_day}

    def installation(self) -> dict[str, Any] | None:
        row = store.first_installation(self.db)
        return {"serial": row["serial"], "installation_secret": row["installation_secret"]} if row else None
