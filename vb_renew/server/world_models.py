"""The world document (docs/worlds.md): its request models, which are the one validation of a world, and the
answers of the per-tester worlds' routes (``/sim/world``, ``/sim/worlds``).

Over 400 lines: one model per part of the document, each beside the rules' checks it makes and the problem codes
it answers with; the world's cross-checks (dates against its today, orders against their licences) in
:class:`WorldIn`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vb_renew.i18n import QT_TRANSLATE_NOOP, Text
from vb_renew.rules import customer as customer_rules
from vb_renew.rules.catalogue import load_catalogue
from vb_renew.rules.eligibility import listed_in_account
from vb_renew.rules.errors import RuleError
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.slips import load_simulation
from vb_renew.rules.upgrades import LicenceKind
from vb_renew.server.clock import FIRST_DAY, LAST_DAY, in_range
from vb_renew.server.errors import _validation_items as validation_items  # a world's problems, as any 422's
from vb_renew.server.errors import message, refused_by_rules
from vb_renew.server.language import Message
from vb_renew.server.models import (
    DATE_PATTERN,
    DATE_RANGE_TEXT,
    MAX_SECONDS_PER_DAY,
    SECONDS_PER_DAY_SCHEMA,
    CustomerIn,
    RequestBody,
    _running_or_stopped,
)
from vb_renew.server.scenarios import DEFAULT_ORDER_CUSTOMER, offset_date, real_today

# --- worlds (docs/worlds.md) -------------------------------------------------------------------------
# A world document is checked here, as a whole: its shape and types, then what the rules and the world's own days
# say of it. Every problem is one item naming its field; the answer is 422 world.invalid, the first problem's field
# leading and every problem in details (the shape of any other 422).

WORLD_INVALID = "world.invalid"
WORLD_INVALID_MESSAGE = QT_TRANSLATE_NOOP("ServerErrors", "ワールドの内容に誤りがあります。details の各項目を確認してください。")
WORLD_DATE_SCHEMA = {"anyOf": [
    {"type": "string", "pattern": DATE_PATTERN, "description": f"a day, {DATE_RANGE_TEXT}"},
    {"type": "object", "additionalProperties": False, "description": "calendar years, months and days from the "
     "world's today (its own today: from the real date in Japan); months are clamped to the month's last day",
     "properties": {"years": {"type": "integer", "minimum": -200, "maximum": 200},
                    "months": {"type": "integer", "minimum": -2400, "maximum": 2400},
                    "days": {"type": "integer", "minimum": -73000, "maximum": 73000}}}]}
DATE = re.compile(DATE_PATTERN)
WORLD_DAYS = {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}  # the placeholders of the problems
OFFSET_BOUNDS = {key: (schema["minimum"], schema["maximum"])
                 for key, schema in WORLD_DATE_SCHEMA["anyOf"][1]["properties"].items()}
Source = Literal["seed", "pub", "pub-3p", "sim"]
LicenceKindName = Literal[LicenceKind.PAID, LicenceKind.FREE, LicenceKind.TRIAL]  # strict: read from JSON strings
# The states a world's open order can be put in: a slip order's, before its payment is confirmed (a confirmed one is
# extended at the same instant).
OrderStateName = Literal[OrderState.APPLIED, OrderState.SLIP_MAILED, OrderState.SLIP_DELIVERED, OrderState.PAID]
# An order's one problem, in the document's words (a code of its own, and the Japanese reason; {first} and {last}: the
# simulation's days).
WORLD_PROBLEMS: dict[str, Text] = {
    "world.bad_date": QT_TRANSLATE_NOOP(
        "ServerErrors", "日付は {first}〜{last} の YYYY-MM-DD、または {{\"years\", \"months\", \"days\"}} の整数で"
                        "指定してください。"),
    "world.date_out_of_range": QT_TRANSLATE_NOOP(
        "ServerErrors", "この日付（{date}）はシミュレーションの日付の範囲（{first}〜{last}）の外です。"),
    "world.duplicate_serial": QT_TRANSLATE_NOOP("ServerErrors", "シリアル番号 {serial} がワールドの中で重複しています。"),
    "world.duplicate_email": QT_TRANSLATE_NOOP(
        "ServerErrors", "メールアドレス {email} のアカウントがワールドの中で重複しています。"),
    "world.installed_twice": QT_TRANSLATE_NOOP(
        "ServerErrors", "このPCにインストールできる製品は1つだけです（{serial} もインストール済みです）。"),
    "world.listing_mismatch": QT_TRANSLATE_NOOP(
        "ServerErrors", "有効期限 {expiry} のライセンスは、ワールドの今日（{today}）にはアカウントに{listed}"
                        "（有効期限から1年を過ぎるとアカウントに表示されません）。"),
    "world.unknown_serial": QT_TRANSLATE_NOOP("ServerErrors", "シリアル番号 {serial} はこのアカウントのライセンスにありません。"),
    "world.order_after_today": QT_TRANSLATE_NOOP("ServerErrors", "この日付（{date}）はワールドの今日（{today}）より後です。"),
    "world.paid_before_applied": QT_TRANSLATE_NOOP("ServerErrors", "支払日（{paid}）がお申し込み日（{applied}）より前です。"),
    "world.payment_without_paid_state": QT_TRANSLATE_NOOP(
        "ServerErrors", "paid は state が paid のお申し込みにだけ指定できます。"),
    "world.order_not_reached": QT_TRANSLATE_NOOP("ServerErrors", "{reason}"),
}
# {listed} of world.listing_mismatch
LISTED = QT_TRANSLATE_NOOP("ServerErrors", "表示されます")
NOT_LISTED = QT_TRANSLATE_NOOP("ServerErrors", "表示されません")
LAST_BEFORE_FIRST = QT_TRANSLATE_NOOP("ServerErrors", "last は first 以上にしてください。")
SCENARIO_OR_WORLD = QT_TRANSLATE_NOOP("ServerErrors", "scenario と world はどちらか一方だけを指定してください。")


def world_problem(code: str, field: str | None = None, **values: object) -> dict[str, Any]:
    return {"code": code, "message": Message(WORLD_PROBLEMS[code], {**WORLD_DAYS, **values}), "field": field}


def world_refusal(problems: list[dict[str, Any]]) -> PydanticCustomError:
    """The error of a refused world: world.invalid, naming the first problem's field, then every problem."""
    return refused_by_rules([{"code": WORLD_INVALID, "message": WORLD_INVALID_MESSAGE,
                              "field": problems[0]["field"]}, *problems])


def _world_date(value: Any) -> str | dict[str, int]:
    """A world's date as written: a day (``YYYY-MM-DD``, within the world's days) or an offset object."""
    if isinstance(value, str) and DATE.fullmatch(value):
        return value
    if isinstance(value, dict) and set(value) <= set(OFFSET_BOUNDS) and all(
            type(n) is int and OFFSET_BOUNDS[key][0] <= n <= OFFSET_BOUNDS[key][1] for key, n in value.items()):
        return dict(value)
    raise refused_by_rules([world_problem("world.bad_date")])


WorldDate = Annotated[Any, PlainValidator(_world_date), WithJsonSchema(WORLD_DATE_SCHEMA)]


class WorldPart(RequestBody):
    """Part of a world document: an unknown key is refused (a misspelt one is named), keys starting with "_" are
    comments."""

    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra={"patternProperties": {"^_": {}}})

    @model_validator(mode="before")
    @classmethod
    def _without_comments(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if not (isinstance(key, str) and key.startswith("_"))}
        return data


def _catalogue_product(key: str, *, renewable: bool) -> str:
    """A product key the catalogue knows (``renewable``: one it renews; else also the other families it lists)."""
    catalogue = load_catalogue()
    try:
        catalogue.product(key) if renewable else catalogue.name(key)
    except RuleError as refused:
        raise refused_by_rules([{"code": v.code, "message": v, "field": None}
                                for v in refused.violations]) from None
    return key


class WorldClockIn(WorldPart):
    seconds_per_day: float | None = Field(default=None, ge=0, le=MAX_SECONDS_PER_DAY,
                                          json_schema_extra=SECONDS_PER_DAY_SCHEMA,
                                          description="real seconds per simulated day; null or 0: it stands still;"
                                                      " absent: resources/simulation.json")
    source: Source | None = None

    _check_seconds_per_day = field_validator("seconds_per_day")(_running_or_stopped)


class DelayDaysIn(WorldPart):
    first: int = Field(default=1, ge=0, le=60)
    last: int = Field(default=7, ge=0, le=60)

    @model_validator(mode="after")
    def _in_order(self) -> DelayDaysIn:
        if self.last < self.first:
            raise refused_by_rules([{"code": "validation.out_of_range", "message": LAST_BEFORE_FIRST,
                                     "field": "last"}])
        return self


class WorldCustomerIn(WorldPart):
    """The simulated customer: whether they pay a delivered slip on their own, where, and after how many days."""

    pays: bool = False
    place: Literal["convenience_store", "post_office"] = "convenience_store"
    delay_days: DelayDaysIn = Field(default_factory=DelayDaysIn)
    source: Source | None = None


class WorldLicenceIn(WorldPart):
    serial: str = Field(min_length=1, max_length=64, pattern="^[!-~]+$")
    product: str = Field(max_length=64, description="a catalogue product, or `password_manager` / `id_protection`")
    expiry: WorldDate
    kind: LicenceKindName = Field(default=LicenceKind.PAID, description="`trial` and `free` never block an upgrade")
    auto_renew: bool = False
    installed: bool = Field(default=False, description="installed on this PC (at most one licence of the world)")
    listed_in_account: bool | None = Field(default=None, description=(
        "what the account shows: the rules list a licence until 1 year after its expiry; a value that says "
        "otherwise is refused (absent: not checked)"))
    upgraded: bool = Field(default=False, description="already upgraded to another product (counts against an "
                                                      "upgrade to Total Security of another serial)")
    installation_secret: str | None = Field(default=None, min_length=1, max_length=256,
                                            description="the installed product's secret (absent: generated)")
    source: Source | None = None

    @field_validator("product")
    @classmethod
    def _known_product(cls, key: str) -> str:
        return _catalogue_product(key, renewable=False)


class WorldOrderItemIn(WorldPart):
    serial: str = Field(max_length=64, description="one of this account's licences")
    product: str | None = Field(default=None, max_length=64, description="absent: the licence's own product")
    years: int = Field(default=1, description="1, 2 or 3")

    @field_validator("product")
    @classmethod
    def _renewable_product(cls, key: str | None) -> str | None:
        return None if key is None else _catalogue_product(key, renewable=True)

    @field_validator("years")
    @classmethod
    def _offered_years(cls, years: int) -> int:
        if years not in load_catalogue().years:
            raise refused_by_rules([{"code": "renewal.years_not_offered", "message": message(
                "renewal.years_not_offered"), "field": None}])
        return years


class WorldPaymentIn(WorldPart):
    place: Literal["convenience_store", "post_office"] = "convenience_store"
    on: WorldDate = Field(default_factory=lambda: {"days": 0}, description="the day it was paid; absent: today")


class WorldOrderIn(WorldPart):
    """An open slip order, applied through the service's own order path and moved on by its own events."""

    items: list[WorldOrderItemIn] = Field(min_length=1, max_length=20)
    state: OrderStateName = Field(description="the state the order is in on the world's today")
    applied_on: WorldDate | None = Field(default=None, description=(
        "the day it was applied for; absent: today (applied), yesterday (slip_mailed), or as many days before "
        "today as a slip takes at most to arrive (slip_delivered, paid)"))
    paid: WorldPaymentIn | None = Field(default=None, description="state paid only; absent: at a store, today")
    customer: CustomerIn | None = Field(default=None, description=(
        "the details on the application; absent: a fixed customer with the account's e-mail address"))
    source: Source | None = None


class WorldAccountIn(WorldPart):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    password: str = Field(min_length=1, max_length=1024)
    display_name: str | None = Field(default=None, max_length=100)
    source: Source | None = None
    licences: list[WorldLicenceIn] = Field(default_factory=list, max_length=100)
    orders: list[WorldOrderIn] = Field(default_factory=list, max_length=20)


@dataclass(frozen=True)
class WorldDates:
    """A world's dates on a given today: each licence's expiry (by serial), each order's days (by account and
    order position), and the problems found (dates outside the world's days, or no date at all)."""

    today: date
    expiry: dict[str, date]
    applied: dict[tuple[int, int], date]
    paid: dict[tuple[int, int], date]
    problems: list[dict[str, Any]]


class WorldIn(WorldPart):
    """A whole world (docs/worlds.md): ``PUT /sim/world``, ``--world FILE``, and the scenario files."""

    version: Literal[1] = Field(default=1, description="the format's version")
    name: str = Field(pattern="^[A-Za-z0-9_.-]{1,64}$", description="shown as the current scenario")
    title: str | None = Field(default=None, max_length=200)
    source: Source | None = None
    today: WorldDate = Field(default_factory=lambda: {"days": 0}, description=(
        "the simulated today (the clock starts at 10:00 JST): a day, or an offset from the real date in Japan"))
    seed: int = Field(default=1, ge=-(2**63), le=2**63 - 1, description="the world's random draws replay with it")
    clock: WorldClockIn = Field(default_factory=WorldClockIn)
    customer: WorldCustomerIn = Field(default_factory=WorldCustomerIn)
    accounts: list[WorldAccountIn] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _consistent(self) -> WorldIn:
        dates = self.dates()
        problems = dates.problems or self.problems(dates)
        if problems:
            raise refused_by_rules(problems)
        return self

    # Defined after the other validators: it wraps them all (theirs are problems of the world too).
    @model_validator(mode="wrap")
    @classmethod
    def _refused_as_a_whole(cls, data: Any, handler: Callable[[Any], WorldIn]) -> WorldIn:
        try:
            return handler(data)
        except ValidationError as refused:
            problems = [item for error in refused.errors() for item in validation_items(error)]
            raise world_refusal(problems) from None

    @property
    def seconds_per_day(self) -> float | None | Any:
        """The world's clock speed (0 and None: standing still); ``...`` when it does not say."""
        return self.clock.seconds_per_day if "seconds_per_day" in self.clock.model_fields_set else ...

    def dates(self, today: date | None = None) -> WorldDates:
        """Every date of the world on ``today`` (default: the world's own today, from the real date)."""
        problems: list[dict[str, Any]] = []

        def resolve(value: Any, base: date, field: str) -> date | None:
            try:
                day = offset_date(base, value)
            except (ValueError, OverflowError):
                day = None
            if day is None or not in_range(day):
                shown = day.isoformat() if day else "—"
                problems.append(world_problem("world.date_out_of_range", field, date=shown))
                return None
            return day

        if today is None:
            today = resolve(self.today, real_today(), "today") or real_today()
        expiry: dict[str, date] = {}
        applied: dict[tuple[int, int], date] = {}
        paid: dict[tuple[int, int], date] = {}
        delivery = load_simulation().delivery.last
        for i, account in enumerate(self.accounts):
            for j, licence in enumerate(account.licences):
                day = resolve(licence.expiry, today, f"accounts[{i}].licences[{j}].expiry")
                if day is not None:
                    expiry.setdefault(licence.serial, day)
            for j, order in enumerate(account.orders):
                where = f"accounts[{i}].orders[{j}]"
                default = {OrderState.APPLIED: {}, OrderState.SLIP_MAILED: {"days": -1}}.get(order.state, {"days": -delivery})
                day = resolve(order.applied_on if order.applied_on is not None else default, today,
                              f"{where}.applied_on")
                if day is not None:
                    applied[i, j] = day
                if order.state is OrderState.PAID:
                    payment = order.paid or WorldPaymentIn()
                    day = resolve(payment.on, today, f"{where}.paid.on")
                    if day is not None:
                        paid[i, j] = day
        return WorldDates(today, expiry, applied, paid, problems)

    def problems(self, dates: WorldDates) -> list[dict[str, Any]]:
        """What the rules and the world's own facts say against it (its shape and dates being valid)."""
        problems: list[dict[str, Any]] = []
        serials: set[str] = set()
        emails: set[str] = set()
        installed: str | None = None
        today = dates.today
        for i, account in enumerate(self.accounts):
            where = f"accounts[{i}]"
            if account.email.casefold() in emails:
                problems.append(world_problem("world.duplicate_email", f"{where}.email", email=account.email))
            emails.add(account.email.casefold())
            for j, licence in enumerate(account.licences):
                field = f"{where}.licences[{j}]"
                if licence.serial in serials:
                    problems.append(world_problem("world.duplicate_serial", f"{field}.serial", serial=licence.serial))
                serials.add(licence.serial)
                if licence.installed:
                    if installed is not None:
                        problems.append(world_problem("world.installed_twice", f"{field}.installed",
                                                      serial=installed))
                    installed = installed or licence.serial
                expiry = dates.expiry[licence.serial]
                listed = listed_in_account(expiry, today)
                if licence.listed_in_account is not None and licence.listed_in_account != listed:
                    problems.append(world_problem("world.listing_mismatch", f"{field}.listed_in_account",
                                                  expiry=expiry.isoformat(), today=today.isoformat(),
                                                  listed=LISTED if listed else NOT_LISTED))
            own = {licence.serial for licence in account.licences}
            for j, order in enumerate(account.orders):
                field = f"{where}.orders[{j}]"
                for k, item in enumerate(order.items):
                    if item.serial not in own:
                        problems.append(world_problem("world.unknown_serial", f"{field}.items[{k}].serial",
                                                      serial=item.serial))
                applied = dates.applied[i, j]
                if applied > today:
                    problems.append(world_problem("world.order_after_today", f"{field}.applied_on",
                                                  date=applied.isoformat(), today=today.isoformat()))
                if order.paid is not None and order.state is not OrderState.PAID:
                    problems.append(world_problem("world.payment_without_paid_state", f"{field}.paid"))
                if (i, j) in dates.paid:
                    paid = dates.paid[i, j]
                    if paid > today:
                        problems.append(world_problem("world.order_after_today", f"{field}.paid.on",
                                                      date=paid.isoformat(), today=today.isoformat()))
                    elif paid < applied:
                        problems.append(world_problem("world.paid_before_applied", f"{field}.paid.on",
                                                      paid=paid.isoformat(), applied=applied.isoformat()))
                if order.customer is None:
                    _details, violations = customer_rules.validate_customer(self.order_customer(account, order))
                    problems.extend({"code": v.code, "message": v, "field": f"{field}.customer.{v.field}"}
                                    for v in violations)
        return problems

    @staticmethod
    def order_customer(account: WorldAccountIn, order: WorldOrderIn) -> dict[str, Any]:
        """The details the order was applied with: its own, else the fixed ones with the account's address."""
        if order.customer is not None:
            return order.customer.model_dump()
        return {**DEFAULT_ORDER_CUSTOMER, "email": account.email}


class WorldCreateIn(RequestBody):
    """A new world on a shared server: a scenario by name, or a world document (absent: the server's scenario)."""

    scenario: str | None = Field(default=None, max_length=64)
    world: WorldIn | None = None

    @model_validator(mode="after")
    def _one_source(self) -> WorldCreateIn:
        if self.scenario is not None and self.world is not None:
            raise refused_by_rules([{"code": "validation.invalid", "field": "world",
                                     "message": SCENARIO_OR_WORLD}])
        return self


class WorldCreatedOut(BaseModel):
    id: str
    url: str = Field(description="the world's base URL: `vb-renew --server <url> --sim-token <sim_token>`")
    sim_token: str = Field(description="the world's own simulation token (shown once)")
    name: str
    now: str


class WorldOut(BaseModel):
    id: str
    url: str
    name: str | None
    now: str
    idle_seconds: float = Field(description="real seconds since its last request")


class WorldsOut(BaseModel):
    worlds: list[WorldOut]
    drop_idle_after_seconds: float | None = Field(description="real seconds without a request before a world is "
                                                              "dropped (null: never)")
