"""The simulated clock: days of waiting pass in seconds, or not at all.

The clock is an *anchor*: a simulated instant paired with the real (wall) time it was set, a compression,
``seconds_per_day`` (real seconds per simulated day; ``None`` stops the clock), and whether it may run now
(``runs``: what the world's run mode says, :mod:`vb_renew.server.service.settings`). It moves only when it both
runs and has a compression. All of it persists in the database, so a restarted service continues the same
simulated time (a running clock keeps running while the service is down). Every read takes the stored anchor, so a
change committed by any thread is seen at once. Simulated instants live in Japan (``+09:00``).

:attr:`SimClock.policy`, when set, says whether the clock may run; it is asked each time the clock is set and by
:meth:`SimClock.follow`, which the service calls after every change that may open or close an order: the clock stops
at the instant it shows when nothing is in progress, and starts again from there.
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
    runs: bool = True  # the run mode lets it run now (a database of an older version: it ran whenever it had a speed)

    @property
    def moving(self) -> bool:
        return self.runs and bool(self.seconds_per_day)


class SimClock:
    """Simulated time, persisted in ``meta`` (keys ``clock.sim``, ``clock.real``, ``clock.seconds_per_day``,
    ``clock.runs``)."""

    def __init__(self, db: Database, real_time: Callable[[], float] = time.time) -> None:
        self._db = db
        self._real_time = real_time
        self._unset: Anchor | None = None  # a database whose clock was never set: the real date, standing still
        self.policy: Callable[[], bool] | None = None  # may the clock run now? (the service's settings)
        self.listeners: list[Callable[[], None]] = []  # told when the clock is set (the event runner wakes)

    def _stored(self) -> Anchor:
        """The anchor as stored (inside a transaction: as that transaction has written it)."""
        rows = {r["key"]: r["value"] for r in self._db.query("SELECT key, value FROM meta WHERE key LIKE 'clock.%'")}
        if "clock.sim" not in rows:
            if self._unset is None:
                real_now = min(max(datetime.now(JST).replace(microsecond=0), EARLIEST), LATEST)
                self._unset = Anchor(real_now, self._real_time(), None)
            return self._unset
        spd = rows.get("clock.seconds_per_day", "")
        # A clock stored out of range (by an older version) comes back to the nearest end of the world.
        sim = min(max(parse_instant(rows["clock.sim"]), EARLIEST), LATEST)
        return Anchor(sim, float(rows["clock.real"]), float(spd) if spd else None, rows.get("clock.runs") != "0")

    def _now_of(self, anchor: Anchor) -> datetime:
        if not anchor.moving:
            return anchor.sim
        assert anchor.seconds_per_day is not None
        elapsed_real = max(0.0, self._real_time() - anchor.real)
        # A fast clock left running stops at the world's end (past it, dates could not be stored or printed).
        days = min(elapsed_real / anchor.seconds_per_day, (LATEST - anchor.sim).total_seconds() / DAY_SECONDS)
        return min(anchor.sim + timedelta(days=max(0.0, days)), LATEST)

    def reload(self) -> None:
        """Forget what was read before a scenario load rewrote ``meta`` (every read takes the stored anchor)."""
        self._unset = None

    @property
    def seconds_per_day(self) -> float | None:
        """The compression the clock runs at when it runs (None: it stands still whatever the run mode)."""
        return self._stored().seconds_per_day

    @property
    def running(self) -> bool:
        """Whether simulated time passes now: a compression, and the run mode lets it run."""
        return self._stored().moving

    def now(self) -> datetime:
        return self._now_of(self._stored())

    def today(self) -> date:
        return self.now().date()

    def real_seconds_until(self, instant: datetime) -> float | None:
        """How long, in real seconds, until the clock shows ``instant`` (None if it stands still)."""
        anchor = self._stored()
        remaining = (instant - self._now_of(anchor)).total_seconds()
        if remaining <= 0:
            return 0.0
        if not anchor.moving:
            return None
        assert anchor.seconds_per_day is not None
        return remaining / DAY_SECONDS * anchor.seconds_per_day

    def set(self, now: datetime | None = None, seconds_per_day: float | None | type[...] = ...,
            runs: bool | type[...] = ...) -> None:
        """Re-anchor: a new simulated instant and/or compression (``...`` keeps the current one). Whether it runs is
        ``runs``, else what the policy says now (else as it was)."""
        with self._db.transaction() as conn:
            current = self._stored()
            sim = (now if now is not None else self._now_of(current)).astimezone(JST)
            spd = current.seconds_per_day if seconds_per_day is ... else seconds_per_day
            if runs is ...:
                runs = self.policy() if self.policy is not None else current.runs
            anchor = Anchor(sim, self._real_time(), float(spd) if spd else None, bool(runs))
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [
                ("clock.sim", sim.isoformat()),
                ("clock.real", repr(anchor.real)),
                ("clock.seconds_per_day", "" if not anchor.seconds_per_day else repr(anchor.seconds_per_day)),
                ("clock.runs", "1" if anchor.runs else "0"),
            ])
            self._db.after_commit(self._told)

    def follow(self) -> bool:
        """Start or stop the clock as the policy says now, at the instant it shows; whether that changed it.

        A clock never set stays as it is (it stands still until it is set, which asks the policy too)."""
        if self.policy is None:
            return False
        current = self._stored()
        if current is self._unset or self.policy() == current.runs:
            return False
        with self._db.transaction():
            current = self._stored()  # again, in the transaction: another thread may have followed meanwhile
            runs = self.policy()
            if runs == current.runs:
                return False
            self.set(runs=runs)
        return True

    def _told(self) -> None:
        for listener in list(self.listeners):
            listener()

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("the clock does not go back by advancing")
        self.set(self.now() + delta)
