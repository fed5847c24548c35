"""The simulated clock: days of waiting pass in seconds, or not at all.

The clock is an *anchor*: a simulated instant paired with the real (wall) time it was
set, plus a compression, ``seconds_per_day`` (real seconds per simulated day; ``None``
stops the clock). Both persist in the database, so a restarted service continues the
same simulated time (a running clock keeps running while the service is down).
Simulated instants live in Japan (``+09:00``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from datetime import time as day_time

from vb_renew.server.db import Database

JST = timezone(timedelta(hours=9), "JST")
DAY_SECONDS = 86400.0
# The simulated world's days (docs/api.md), the one place that says so: every date the service takes in (the
# clock, a scenario's start and the dates it makes) or makes (a slip's deadline) lies within them, and a request
# that would take one outside is refused (4xx). Whole centuries: a slip's barcode prints the year in two digits.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
EARLIEST = datetime.combine(FIRST_DAY, day_time.min, tzinfo=JST)
LATEST = datetime.combine(LAST_DAY, day_time(23, 59, 59), tzinfo=JST)  # where a running clock stops


def in_range(value: date | datetime) -> bool:
    """Whether a day, or an instant (in Japan time), lies within FIRST_DAY to LAST_DAY."""
    day = value.astimezone(JST).date() if isinstance(value, datetime) else value
    return FIRST_DAY <= day <= LAST_DAY


def iso(instant: datetime) -> str:
    """The stored and answered form: second precision, ``+09:00``; sorts as text."""
    return instant.astimezone(JST).replace(microsecond=0).isoformat()


def parse_instant(text: str) -> datetime:
    """An ISO instant or date; a naive value is taken as Japan time."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=JST)
    return value.astimezone(JST)


@dataclass(frozen=True)
class Anchor:
    sim: datetime
    real: float
    seconds_per_day: float | None


class SimClock:
    """Simulated time, persisted in ``meta`` (keys ``clock.sim``, ``clock.real``, ``clock.seconds_per_day``)."""

    def __init__(self, db: Database, real_time: Callable[[], float] = time.time) -> None:
        self._db = db
        self._real_time = real_time
        self._anchor: Anchor | None = None
        self.listeners: list[Callable[[], None]] = []  # told when the clock is set (the event runner wakes)

    def _load(self) -> Anchor:
        if self._anchor is None:
            rows = {r["key"]: r["value"] for r in self._db.query("SELECT key, value FROM meta WHERE key LIKE 'clock.%'")}
            if "clock.sim" in rows:
                spd = rows.get("clock.seconds_per_day", "")
                # A clock stored out of range (by an older version) comes back to the nearest end of the world.
                sim = min(max(parse_instant(rows["clock.sim"]), EARLIEST), LATEST)
                self._anchor = Anchor(sim, float(rows["clock.real"]), float(spd) if spd else None)
            else:
                real_now = min(max(datetime.now(JST).replace(microsecond=0), EARLIEST), LATEST)
                self._anchor = Anchor(real_now, self._real_time(), None)
        return self._anchor

    def reload(self) -> None:
        """Forget the cached anchor (after a scenario load rewrote ``meta``)."""
        self._anchor = None

    @property
    def seconds_per_day(self) -> float | None:
        return self._load().seconds_per_day

    def now(self) -> datetime:
        anchor = self._load()
        if not anchor.seconds_per_day:
            return anchor.sim
        elapsed_real = max(0.0, self._real_time() - anchor.real)
        # A fast clock left running stops at the world's end (past it, dates could not be stored or printed).
        days = min(elapsed_real / anchor.seconds_per_day, (LATEST - anchor.sim).total_seconds() / DAY_SECONDS)
        return min(anchor.sim + timedelta(days=max(0.0, days)), LATEST)

    def today(self) -> date:
        return self.now().date()

    def real_seconds_until(self, instant: datetime) -> float | None:
        """How long, in real seconds, until the clock shows ``instant`` (None if it stands still)."""
        anchor = self._load()
        remaining = (instant - self.now()).total_seconds()
        if remaining <= 0:
            return 0.0
        if not anchor.seconds_per_day:
            return None
        return remaining / DAY_SECONDS * anchor.seconds_per_day

    def set(self, now: datetime | None = None, seconds_per_day: float | None | type[...] = ...) -> None:
        """Re-anchor: a new simulated instant and/or compression (``...`` keeps the current one)."""
        current = self._load()
        sim = (now if now is not None else self.now()).astimezone(JST)
        spd = current.seconds_per_day if seconds_per_day is ... else seconds_per_day
        anchor = Anchor(sim, self._real_time(), spd)  # type: ignore[arg-type]
        with self._db.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [
                ("clock.sim", sim.isoformat()),
                ("clock.real", repr(anchor.real)),
                ("clock.seconds_per_day", "" if not spd else repr(float(spd))),
            ])
            self._db.after_commit(lambda: self._set_anchor(anchor))

    def _set_anchor(self, anchor: Anchor) -> None:
        self._anchor = anchor
        for listener in list(self.listeners):
            listener()

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("the clock does not go back by advancing")
        self.set(self.now() + delta)
