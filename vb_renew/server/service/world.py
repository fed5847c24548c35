"""What every part of the service shares: the database, the clock, the catalogue, the listeners, the settings.

Also loading a world (docs/worlds.md), from a scenario file, a ``--world`` file or ``PUT /sim/world``: it is
validated by :class:`~vb_renew.server.world_models.WorldIn` (the one validation), then the old world is wiped and the new
one written in one transaction: its accounts and licences, and its open orders as they happened (:class:`History`).
A world refused at any point leaves the old one as it was.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.rules import extension, slips, upgrades
from vb_renew.rules.catalogue import Catalogue
from vb_renew.server import scenarios, store
from vb_renew.server.clock import JST, SimClock, iso
from vb_renew.server.db import Database
from vb_renew.server.errors import ApiError
from vb_renew.server.errors import _validation_items as validation_items
from vb_renew.server.language import Message, told
from vb_renew.server.models import OrderIn
from vb_renew.server.service.auth import Principal, hash_password
from vb_renew.server.world_models import (
    WORLD_INVALID,
    WORLD_INVALID_MESSAGE,
    WorldDates,
    WorldIn,
    WorldOrderIn,
    WorldPaymentIn,
    world_problem,
)

if TYPE_CHECKING:
    from vb_renew.server.service.orders import Orders

DEFAULT_TOKEN_TTL = 12 * 3600.0  # real seconds (docs/api.md)
# A world's order that did not end up as the document says (world.order_not_reached), and why (its story: what
# happened to it, day by day).
NOT_REACHED = QT_TRANSLATE_NOOP("ServerErrors", "お申し込みは、ワールドの今日（{today}）には {expected} ではなく {state} "
                                                "です（{story}）。applied_on・paid・customer を見直してください。")
WITH_STORY = QT_TRANSLATE_NOOP("ServerErrors", "{message}（{story}）")


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

    # --- worlds --------------------------------------------------------------------------------------

    def load_scenario(self, name: str, orders: Orders, *, seed: int | None = None, start: date | None = None,
                      seconds_per_day: float | None | type[...] = ..., customer_pays: bool | None = None) -> dict:
        """The scenario file ``name``, a world (:meth:`load_world`; absent options: the scenario's own)."""
        try:
            data = scenarios.read_scenario(name)
        except KeyError:
            raise ApiError(422, "sim.unknown_scenario", field="name") from None
        return self.load_world(read_world(data), orders, seed=seed, start=start, seconds_per_day=seconds_per_day,
                               customer_pays=customer_pays)

    def load_world(self, document: WorldIn, orders: Orders, *, seed: int | None = None, start: date | None = None,
                   seconds_per_day: float | None | type[...] = ..., customer_pays: bool | None = None) -> dict:
        """Wipe everything and write ``document``'s world, in one transaction: nothing is written if it is refused.

        ``start`` replaces the world's today (every date of the world within the world's days, else 422 naming
        ``start``). The world's open orders are applied through the service's own order path (``orders``: its
        checks, its transaction, its mail and schedule) on their days, and moved on by their own events as the
        clock passes from the first to today, or paid on their day: each order reaches its state by the life
        cycle's table, or the world is refused (422 ``world.invalid`` naming the order and why).
        """
        dates = document.dates(start)
        if dates.problems and start is not None:
            raise ApiError(422, "validation.out_of_range", field="start")
        problems = dates.problems or (document.problems(dates) if start is not None else [])
        if problems:
            raise refused(problems)
        seed = document.seed if seed is None else int(seed)
        now = scenarios.start_instant(dates.today)
        if seconds_per_day is ...:
            seconds_per_day = document.seconds_per_day
            if seconds_per_day is ...:
                seconds_per_day = slips.load_simulation().seconds_per_day
        wanted = document.customer
        behaviour = scenarios.CustomerBehaviour(wanted.pays if customer_pays is None else customer_pays,
                                                wanted.place, wanted.delay_days.first, wanted.delay_days.last)
        accounts = [(raw, hash_password(raw.password)) for raw in document.accounts]  # scrypt: before the lock
        with orders.life.running, self.db.transaction() as conn:  # the event runner waits for the new world
            store.wipe(conn, {"scenario.name": document.name, "scenario.seed": str(seed),
                              "scenario.customer": json.dumps(behaviour.to_json()), "order.seq": "0"})
            account_ids = []
            for raw, password_hash in accounts:
                account_id = store.add_account(conn, raw.email, password_hash, raw.display_name)
                account_ids.append(account_id)
                for lic in raw.licences:
                    store.add_licence(conn, lic.serial, account_id, lic.product, dates.expiry[lic.serial].isoformat(),
                                      lic.auto_renew, upgrades.LicenceKind(lic.kind), lic.upgraded, lic.installed,
                                      scenarios.installation_secret(lic.installed, lic.installation_secret))
            if dates.applied:
                History(self, orders, document, dates, account_ids).write(now)
            self.clock.set(now, seconds_per_day)
            self.db.after_commit(self.clock.reload)
            self.db.after_commit(self.schedule_changed)
        return {"name": document.name, "seed": seed, "now": iso(now), "seconds_per_day": seconds_per_day}

    def installation(self) -> dict[str, Any] | None:
        row = store.first_installation(self.db)
        return {"serial": row["serial"], "installation_secret": row["installation_secret"]} if row else None


# --- a world's open orders, written as they happened -----------------------------------------------------------


class HistoryClock(SimClock):
    """The service's clock while a world's past is written: it shows the instant the loader moves it to and stands
    still (the world's own clock is set once the past is written)."""

    def __init__(self, db: Database, at: datetime) -> None:
        super().__init__(db)
        self.at = at

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return self.at.date()

    @property
    def seconds_per_day(self) -> float | None:
        return None

    @property
    def running(self) -> bool:
        return False

    def real_seconds_until(self, instant: datetime) -> float | None:
        return 0.0 if instant <= self.at else None

    def set(self, now: datetime | None = None, *args: Any, **kwargs: Any) -> None:
        if now is not None:
            self.at = now.astimezone(JST)

    def follow(self) -> bool:
        return False


@dataclass
class History:
    """Writes a world's open orders as they happened, inside the world's transaction: each applied on its day through
    the order path, the events the clock passes run in order (the slip mailed, delivered, paid by the simulated
    customer...), a payment made on its day; then each order must be in the state the world says."""

    world: World
    orders: Orders
    document: WorldIn
    dates: WorldDates
    account_ids: list[int]

    def write(self, now: datetime) -> None:
        steps = sorted([(scenarios.start_instant(day), 0, position) for position, day in self.dates.applied.items()]
                       + [(scenarios.start_instant(day), 1, position) for position, day in self.dates.paid.items()])
        clock = HistoryClock(self.world.db, steps[0][0])
        real, self.world.clock = self.world.clock, clock
        placed: dict[tuple[int, int], str] = {}
        try:
            for at, step, position in steps:
                clock.set(at)
                self._run_events()
                if step == 0:
                    placed[position] = self._apply(position)
                else:
                    self._pay(position, placed[position])
            clock.set(now)
            self._run_events()
        finally:
            self.world.clock = real
        problems = [self._not_reached(position, order_id) for position, order_id in placed.items()
                    if store.order(self.world.db, order_id)["state"] != self._order(position).state]
        if problems:
            raise refused(problems)

    def _order(self, position: tuple[int, int]) -> WorldOrderIn:
        i, j = position
        return self.document.accounts[i].orders[j]

    def _run_events(self) -> None:
        failed = [event for event in self.orders.life.run_due_events() if not event["applied"]]
        if failed:  # an event that ran and changed nothing: the world's data or the service is at fault
            raise ApiError(422, "world.invalid", WORLD_INVALID_MESSAGE, details=[
                {"code": "world.event_failed", "field": None,
                 "message": f"{event['kind']} ({event['due_at']}) of order {event['order_id']} did not run"}
                for event in failed])

    def _apply(self, position: tuple[int, int]) -> str:
        i, j = position
        account, order = self.document.accounts[i], self._order(position)
        products = {lic.serial: lic.product for lic in account.licences}
        installed = next((lic.serial for lic in account.licences if lic.installed), None)
        # The product route when this PC's product is among them: it reaches its own licence whatever its age.
        route = "product" if installed in {item.serial for item in order.items} else "account"
        who = Principal(self.account_ids[i], account.email, route, installed if route == "product" else None)
        body = OrderIn.model_validate({
            "items": [{"serial": item.serial, "product": item.product or products[item.serial], "years": item.years}
                      for item in order.items],
            "payment_method": "slip", "customer": self.document.order_customer(account, order), "card": None})
        where = f"accounts[{i}].orders[{j}]"
        try:
            _status, view, _replayed = self.orders.create_order(who, f"world-{i}-{j}", body)
        except ApiError as refusal:
            raise refused([problem_of(refusal, where, {"payment_method": "items", "card": None})]) from None
        return view["id"]

    def _pay(self, position: tuple[int, int], order_id: str) -> None:
        i, j = position
        payment = self._order(position).paid or WorldPaymentIn()
        order = store.order(self.world.db, order_id)
        try:
            self.orders.payments.pay(order_id, payment.place, order["total"])  # now: the history clock's day
        except ApiError as refusal:
            problem = problem_of(refusal, f"accounts[{i}].orders[{j}].paid.on", {})
            problem["message"] = Message(WITH_STORY, {"message": problem["message"], "story": self._story(order_id)})
            raise refused([problem]) from None

    def _not_reached(self, position: tuple[int, int], order_id: str) -> dict[str, Any]:
        i, j = position
        state = store.order(self.world.db, order_id)["state"]
        reason = Message(NOT_REACHED, {"today": self.dates.today.isoformat(), "expected": self._order(position).state,
                                       "state": state, "story": self._story(order_id)})
        return world_problem("world.order_not_reached", f"accounts[{i}].orders[{j}].state", reason=reason)

    def _story(self, order_id: str) -> str:
        """What happened to the order, day by day: ``applied 2026-11-12, slip_mailed 2026-11-13, ...``."""
        timeline = store.order_parts(self.world.db, order_id)["timeline"]
        return ", ".join(f"{row['state']} {row['at'][:10]}" for row in timeline)


def problem_of(refusal: ApiError, where: str, fields: dict[str, str | None]) -> dict[str, Any]:
    """The order path's refusal as a problem of the world, its field within the world's order at ``where``."""
    field = fields.get(refusal.field, refusal.field) if refusal.field else None
    return {"code": refusal.code, "message": refusal.said, "field": f"{where}.{field}" if field else where}


def refused(problems: list[dict[str, Any]]) -> ApiError:
    """422 world.invalid: the first problem's field leads, every problem is in ``details``."""
    return ApiError(422, WORLD_INVALID, WORLD_INVALID_MESSAGE, field=problems[0]["field"], details=problems)


def read_world(data: Any) -> WorldIn:
    """A world document, validated (:class:`~vb_renew.server.world_models.WorldIn`); 422 world.invalid if refused."""
    try:
        return WorldIn.model_validate(data)
    except ValidationError as refusal:
        items = [item for error in refusal.errors() for item in validation_items(error)]
        leading = items[0] if items and items[0]["code"] == WORLD_INVALID else None
        raise refused(items[1:] if leading else items) from None


class WorldFileError(Exception):
    """A world file that cannot be used: unreadable, not JSON, or refused (each problem with its field)."""

    def __init__(self, path: str | Path, problems: list[dict[str, Any]]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__(f"the world file {self.path} cannot be used: "
                         + "; ".join(f"{p['field'] or '(the file)'}: {told(p['message'])} [{p['code']}]"
                                     for p in problems))


def read_world_file(path: str | Path) -> WorldIn:
    """The world in the JSON file at ``path`` (``--world FILE``), validated; a :class:`WorldFileError` if not."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise WorldFileError(path, [{"code": "world.unreadable", "field": None,
                                     "message": error.strerror or str(error)}]) from error
    except ValueError as error:  # not UTF-8, not JSON
        raise WorldFileError(path, [{"code": "request.malformed", "field": None, "message": str(error)}]) from error
    try:
        return read_world(data)
    except ApiError as refusal:
        raise WorldFileError(path, refusal.details) from None
