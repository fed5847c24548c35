"""Request and response bodies of the HTTP API, so ``/openapi.json`` documents them (docs/api.md).

The request models are the one validation of a body: types and lengths, and the product rules' checks of the
customer and the card (:class:`CustomerIn`, :class:`CardIn`); the service gets the valid, typed values. Over 400
lines: one class per body the document shows, each beside the checks it documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vb_renew.rules import card as card_rules
from vb_renew.rules import customer as customer_rules
from vb_renew.rules.customer import CustomerDetails
from vb_renew.rules.lifecycle import OrderState
from vb_renew.server.clock import FIRST_DAY, LAST_DAY
from vb_renew.server.errors import message, refused_by_rules

Text = Field(default=None, max_length=200)
# Half a surrogate pair: JSON can escape one ("\ud800"), no text can hold it.
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
# A running clock goes at most 100 simulated days per real second (a smaller positive value overflowed the clock).
MIN_SECONDS_PER_DAY = 0.01
MAX_SECONDS_PER_DAY = 86400
# What the document says of seconds_per_day (the field validator below checks the middle range).
SECONDS_PER_DAY_SCHEMA = {"anyOf": [{"type": "null"}, {"type": "number", "enum": [0]},
                                    {"type": "number", "minimum": MIN_SECONDS_PER_DAY,
                                     "maximum": MAX_SECONDS_PER_DAY}]}


def _day_pattern(first: date, last: date) -> str:
    """The days that exist from ``first`` to ``last`` (one whole century) as a regular expression."""
    century = first.year // 100
    if (first, last) != (date(century * 100, 1, 1), date(century * 100 + 99, 12, 31)):
        raise ValueError("the date range is one whole century")
    leap = "0[48]|[2468][048]|[13579][26]" if century % 4 else "[02468][048]|[13579][26]"
    return (f"{century}(?:[0-9]{{2}}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
            f"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:{leap})-02-29)")


# The simulated world's days and instants: FIRST_DAY to LAST_DAY (clock.py), days that exist. The handlers check
# values against these, as the document states them.
DATE_RANGE_TEXT = f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
DAY = _day_pattern(FIRST_DAY, LAST_DAY)
DATE_PATTERN = f"^{DAY}$"
# A day, or a day and a time with an optional UTC offset (without one: Japan time).
INSTANT_PATTERN = (f"^{DAY}(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{{1,6}})?)?"
                   r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?)?$")


def _on_strings(**keywords: object) -> Callable[[dict[str, Any]], None]:
    """``json_schema_extra`` of an optional string: the keywords go on its string branch, not beside null."""

    def extra(schema: dict[str, Any]) -> None:
        for branch in schema.get("anyOf", [schema]):
            if branch.get("type") == "string":
                branch.update(keywords)

    return extra


def _running_or_stopped(value: float | None) -> float | None:
    """``seconds_per_day``: None or 0 stops the clock, else at least MIN_SECONDS_PER_DAY."""
    if value and value < MIN_SECONDS_PER_DAY:
        raise PydanticCustomError("greater_than_equal", "0 (stopped) or at least {ge}", {"ge": MIN_SECONDS_PER_DAY})
    return value


# --- requests ----------------------------------------------------------------------------------------

class RequestBody(BaseModel):
    """A JSON request body: values are taken as typed, never coerced.

    ``"years": "1"``, ``true`` or ``1.0`` for an integer (or ``0``/``"true"`` for a boolean) is a
    422 naming the field, as the document's ``"type": "integer"`` says; a number is still fine where
    the document says ``"number"``.
    """

    model_config = ConfigDict(strict=True)

    @model_validator(mode="before")
    @classmethod
    def _whole_characters(cls, data: Any) -> Any:
        """Half a surrogate pair reads as U+FFFD, as a UTF-8 decoder reads a broken byte sequence (SQLite would
        refuse to store it; the JSON decoder has already joined whole pairs)."""
        return _replace_lone_surrogates(data)


def _replace_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_replace_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {key: _replace_lone_surrogates(item) for key, item in value.items()}
    return value


class LoginIn(RequestBody):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)


class ProductLoginIn(RequestBody):
    serial: str = Field(max_length=64)
    installation_secret: str = Field(max_length=256)


class RenewalOptionsIn(RequestBody):
    serials: list[str] = Field(min_length=1, max_length=20)


class OrderItemIn(RequestBody):
    serial: str = Field(max_length=64)
    product: str = Field(max_length=64)
    years: int


class CustomerIn(RequestBody):
    """Every field is checked by the rules (vb_renew.rules.customer), here and only here: each violation is a 422
    naming its field (``customer.<field>``); :attr:`details` is the valid customer, normalised."""

    family_name: str | None = Text
    given_name: str | None = Text
    family_kana: str | None = Text
    given_kana: str | None = Text
    postal_code: str | None = Text
    prefecture: str | None = Text
    city: str | None = Text
    address_line: str | None = Text
    building: str | None = Text
    phone: str | None = Text
    email: str | None = Text
    _details: CustomerDetails | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _by_the_rules(self) -> CustomerIn:
        details, violations = customer_rules.validate_customer(self.model_dump())
        if details is None:
            raise refused_by_rules({"code": v.code, "message": v, "field": v.field} for v in violations)
        self._details = details
        return self

    @property
    def details(self) -> CustomerDetails:
        assert self._details is not None  # set by the validator (a validated model always has it)
        return self._details


class CardIn(RequestBody):
    """The card's fields as the rules (vb_renew.rules.card) check them on their own; its expiry against the
    simulated today and the processor's answer are the service's (service/payments.py)."""

    number: str = Field(max_length=32)
    expiry_month: int = Field(ge=1, le=12)
    expiry_year: int
    security_code: str = Field(max_length=8, json_schema_extra={"pattern": "^[0-9]{3,4}$"},
                               description="3 or 4 digits; else 422 `payment.card_security_code`")
    holder: str | None = Text

    @field_validator("security_code")
    @classmethod
    def _security_code(cls, code: str) -> str:
        if not card_rules.security_code_ok(code):
            raise refused_by_rules([{"code": "payment.card_security_code",
                                     "message": message("payment.card_security_code")}])
        return code


class OrderIn(RequestBody):
    items: list[OrderItemIn] = Field(min_length=1, max_length=20)
    # konbini and invoice are known (the UI lists them) but not offered: the service refuses them with
    # 422 payment.method_unsupported, so the document offers only the two that can succeed.
    payment_method: Literal["slip", "credit_card", "konbini", "invoice"] = Field(
        json_schema_extra={"enum": ["slip", "credit_card"],
                           "description": "`konbini` and `invoice`: 422 `payment.method_unsupported`"})
    customer: CustomerIn
    card: CardIn | None = None


# The world's run-time settings (service/settings.py), as the document states them.
ClockRunName = Literal["auto", "always", "paused"]
CustomerPaysName = Literal["auto", "never"]
ExpiredBaseName = Literal["confirmation_date", "old_expiry"]
CLOCK_RUN_TEXT = ("when the clock runs at its seconds_per_day: `auto`, only while some order is open; `always`; "
                  "`paused`")


class ClockSetIn(RequestBody):
    now: str | None = Field(
        default=None, max_length=40, json_schema_extra=_on_strings(pattern=INSTANT_PATTERN),
        description="YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|±HH:MM] (no offset: Japan time), in Japan time"
                    f" within {DATE_RANGE_TEXT}; else 422 `sim.bad_clock`")
    seconds_per_day: float | None = Field(default=None, ge=0, le=MAX_SECONDS_PER_DAY,
                                          json_schema_extra=SECONDS_PER_DAY_SCHEMA,
                                          description=f"null or 0: stopped; else at least {MIN_SECONDS_PER_DAY}")
    run: ClockRunName | None = Field(default=None, description=f"The setting `clock_run` ({CLOCK_RUN_TEXT}); "
                                                               "absent or null: unchanged")

    _check_seconds_per_day = field_validator("seconds_per_day")(_running_or_stopped)


class ClockAdvanceIn(RequestBody):
    weeks: float = Field(default=0, ge=0, le=520)
    days: float = Field(default=0, ge=0, le=3650)
    hours: float = Field(default=0, ge=0, le=87600)
    minutes: float = Field(default=0, ge=0, le=5256000)
    to_next_event: bool = False


class PayIn(RequestBody):
    place: Literal["convenience_store", "post_office"]
    amount: int
    on: str | None = Field(default=None, max_length=10, json_schema_extra=_on_strings(pattern=DATE_PATTERN),
                           description="YYYY-MM-DD: the day it was paid, from the slip's delivery to its deadline and "
                                       "not after the simulated today (else 409); absent or null: now")
    confirm_on: str | None = Field(default=None, max_length=10, json_schema_extra=_on_strings(pattern=DATE_PATTERN),
                                   description="YYYY-MM-DD: the day the payment is confirmed, within the place's window"
                                               " from the day paid (convenience store: the same day to 5 days later;"
                                               " post office: 1 to 10 days later), else 422"
                                               " `payment.confirm_on_outside_window`; absent or null: drawn")

    @field_validator("on", "confirm_on")
    @classmethod
    def _a_day(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(DATE_PATTERN, value):
            raise PydanticCustomError("string_pattern_mismatch", "a day YYYY-MM-DD within {range}",
                                      {"range": DATE_RANGE_TEXT})
        return value

    def day(self, name: str) -> date | None:
        value = getattr(self, name)
        return None if value is None else date.fromisoformat(value)


class SettingsIn(RequestBody):
    """Absent or null: the setting stays as it is."""

    clock_run: ClockRunName | None = Field(default=None, description=CLOCK_RUN_TEXT)
    customer_pays: CustomerPaysName | None = Field(
        default=None, description="`auto`: the scenario's simulated customer pays each delivered slip on their own;"
                                  " `never`: only QA (the slip's pay buttons) pays")
    expired_base: ExpiredBaseName | None = Field(
        default=None, description="what an expired licence's new term counts from")


class ScenarioIn(RequestBody):
    name: str = Field(max_length=64)
    seed: int | None = None
    start: str | None = Field(default=None, max_length=10, json_schema_extra=_on_strings(pattern=DATE_PATTERN),
                              description=f"YYYY-MM-DD, {DATE_RANGE_TEXT}, and every date of the scenario's world"
                                          " within it; else 422 naming `start`; default: the scenario's own")
    seconds_per_day: float | None = Field(default=None, ge=0, le=MAX_SECONDS_PER_DAY,
                                          json_schema_extra=SECONDS_PER_DAY_SCHEMA,
                                          description="absent: the scenario's; null or 0: the clock stands still;"
                                                      f" else at least {MIN_SECONDS_PER_DAY}")
    customer_pays: bool | None = None

    _check_seconds_per_day = field_validator("seconds_per_day")(_running_or_stopped)


# --- responses ---------------------------------------------------------------------------------------

class ErrorItem(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorDetail(ErrorItem):
    details: list[ErrorItem] = []


class ErrorOut(BaseModel):
    error: ErrorDetail


class AccountOut(BaseModel):
    email: str | None


class TokenOut(BaseModel):
    token: str
    expires_at: str
    account: AccountOut


class Refusal(BaseModel):
    code: str
    message: str


class LicenceOut(BaseModel):
    serial: str
    product: str
    product_name: str
    expiry: str
    auto_renew: bool
    installed: bool
    listed_in_account: bool
    state: Literal["in_term", "expiring_soon", "expired"]
    renewable: bool
    refusal: Refusal | None
    open_order: str | None


class LicencesOut(BaseModel):
    licences: list[LicenceOut]


class PriceOut(BaseModel):
    years: int
    price: int


class OptionOut(BaseModel):
    product: str
    product_name: str
    upgrade: bool
    payment_methods: list[str]
    refusal: Refusal | None
    prices: list[PriceOut]


class OptionsItemOut(BaseModel):
    serial: str
    current_product: str
    current_product_name: str
    expiry: str
    renewable: bool
    refusal: Refusal | None
    open_order: str | None
    options: list[OptionOut]


class OptionsOut(BaseModel):
    today: str
    items: list[OptionsItemOut]


class OrderItemOut(BaseModel):
    serial: str
    product: str
    product_name: str
    years: int
    price: int
    upgrade: bool
    old_expiry: str
    new_expiry: str | None


class SlipOut(BaseModel):
    number: str
    barcode_number: str
    amount: int
    issued_on: str
    deadline: str
    reissue_count: int
    delivered_on: str | None


class PaymentOut(BaseModel):
    place: str
    amount: int
    paid_on: str
    confirmed_on: str | None


class WindowOut(BaseModel):
    earliest: str
    latest: str


class TimelineOut(BaseModel):
    state: str
    at: str


class OrderOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    number: str
    version: int
    state: OrderState
    open: bool
    payment_method: str
    total: int
    items: list[OrderItemOut]
    customer: dict[str, str]
    card_last4: str | None
    slip: SlipOut | None
    payment: PaymentOut | None
    expected_confirmation: WindowOut | None
    timeline: list[TimelineOut]
    created_at: str
    poll_after_seconds: int


class OrdersOut(BaseModel):
    orders: list[OrderOut]


class MailOut(BaseModel):
    id: int
    to: str
    subject: str
    body: str
    sent_at: str
    order_id: str | None
    kind: str


class MailsOut(BaseModel):
    mails: list[MailOut]


class HealthOut(BaseModel):
    status: str
    version: str
    qa_mode: bool
    now: str
    clock_running: bool  # whether the simulated clock moves now (a client reads it less often when it does not)
    scenario: str | None = None


class ClockOut(BaseModel):
    now: str
    today: str
    seconds_per_day: float | None
    next_event: str | None
    run: ClockRunName
    running: bool


class SettingsOut(BaseModel):
    clock_run: ClockRunName
    customer_pays: CustomerPaysName
    expired_base: ExpiredBaseName


class EventOut(BaseModel):
    order_id: str
    kind: str
    due_at: str
    applied: bool


class ClockAdvanceOut(ClockOut):
    events: list[EventOut]


class ScenariosOut(BaseModel):
    scenarios: list[str]
    current: str | None


class ScenarioOut(BaseModel):
    name: str
    seed: int
    now: str
    seconds_per_day: float | None
    installation: InstallationOut | None


class InstallationOut(BaseModel):
    serial: str
    installation_secret: str


ScenarioOut.model_rebuild()
