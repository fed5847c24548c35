"""What the API answers, as typed values: built once, where the answer arrives (``core.api``).

Every answer the client reads becomes a frozen dataclass here, with real ``date``s and ``datetime``s and the
rules' enums (an order's :class:`~vb_renew.rules.lifecycle.OrderState`, a licence's
:class:`~vb_renew.rules.eligibility.LicenceState`). Nothing above ``core`` reads the API's JSON: a widget is
given an :class:`Order`, never a ``dict``. An answer that does not have the documented shape
(``docs/api.md``) is refused here, as ``ApiError("response.malformed")``, so the layers above never meet a
half-read one.

Over 400 lines: one dataclass per answer of ``docs/api.md``, each beside the one function that reads it; they
share the date readers and the refusal, and together they are the client's whole picture of the API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, TypeVar

from vb_renew.core import errors
from vb_renew.core.errors import ApiError
from vb_renew.rules.customer import CustomerDetails
from vb_renew.rules.eligibility import LicenceState
from vb_renew.rules.errors import Violation
from vb_renew.rules.lifecycle import FINAL_STATES, OrderState
from vb_renew.rules.payment import PaidAt, PaymentMethod

T = TypeVar("T")


def _day(value: Any) -> date:
    return date.fromisoformat(str(value)[:10])


def _day_or_none(value: Any) -> date | None:
    return None if value is None else _day(value)


def _instant(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def _instant_or_none(value: Any) -> datetime | None:
    return None if value is None else _instant(value)


def read(kind: Callable[[Any], T], raw: Any) -> T:
    """``kind(raw)``, or ``ApiError("response.malformed")`` when the answer does not have the documented shape."""
    try:
        return kind(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError("response.malformed", text=errors.MALFORMED) from exc


# -- refusals, licences, renewal options ---------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why something cannot be done: the API's machine-readable code and its message."""

    code: str
    message: str

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> Refusal | None:
        return None if raw is None else cls(str(raw["code"]), str(raw["message"]))

    @classmethod
    def from_violation(cls, violation: Violation | None) -> Refusal | None:
        """The refusal the API would send for the rules' ``violation``."""
        return None if violation is None else cls(violation.code, violation.message)


@dataclass(frozen=True)
class Licence:
    serial: str
    product: str
    product_name: str
    expiry: date
    auto_renew: bool
    installed: bool
    listed_in_account: bool
    state: LicenceState
    renewable: bool
    refusal: Refusal | None
    open_order: str | None  # the id of the serial's open order

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Licence:
        return cls(serial=str(raw["serial"]), product=str(raw["product"]), product_name=str(raw["product_name"]),
                   expiry=_day(raw["expiry"]), auto_renew=bool(raw["auto_renew"]),
                   installed=bool(raw["installed"]), listed_in_account=bool(raw["listed_in_account"]),
                   state=LicenceState(raw["state"]), renewable=bool(raw["renewable"]),
                   refusal=Refusal.from_json(raw.get("refusal")), open_order=raw.get("open_order"))


@dataclass(frozen=True)
class Price:
    years: int
    price: int  # yen, tax included


@dataclass(frozen=True)
class RenewalOption:
    """One product a serial can be renewed into, its prices and how it can be paid."""

    product: str
    product_name: str
    upgrade: bool
    payment_methods: tuple[PaymentMethod, ...]
    refusal: Refusal | None
    prices: tuple[Price, ...]

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> RenewalOption:
        return cls(product=str(raw["product"]), product_name=str(raw["product_name"]),
                   upgrade=bool(raw["upgrade"]),
                   payment_methods=tuple(PaymentMethod(m) for m in raw["payment_methods"]),
                   refusal=Refusal.from_json(raw.get("refusal")),
                   prices=tuple(Price(int(p["years"]), int(p["price"])) for p in raw["prices"]))

    def price(self, years: int) -> int | None:
        return next((p.price for p in self.prices if p.years == years), None)


@dataclass(frozen=True)
class RenewalItem:
    """One serial's renewal: what it is now and the options it has."""

    serial: str
    current_product: str
    current_product_name: str
    expiry: date
    renewable: bool
    refusal: Refusal | None
    open_order: str | None
    options: tuple[RenewalOption, ...]

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> RenewalItem:
        return cls(serial=str(raw["serial"]), current_product=str(raw["current_product"]),
                   current_product_name=str(raw["current_product_name"]), expiry=_day(raw["expiry"]),
                   renewable=bool(raw["renewable"]), refusal=Refusal.from_json(raw.get("refusal")),
                   open_order=raw.get("open_order"),
                   options=tuple(RenewalOption.from_json(o) for o in raw["options"]))

    def option(self, product: str) -> RenewalOption | None:
        return next((o for o in self.options if o.product == product), None)


@dataclass(frozen=True)
class RenewalOptions:
    today: date  # on the simulated clock
    items: tuple[RenewalItem, ...]

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> RenewalOptions:
        return cls(_day(raw["today"]), tuple(RenewalItem.from_json(i) for i in raw["items"]))

    def item(self, serial: str) -> RenewalItem | None:
        return next((i for i in self.items if i.serial == serial), None)


# -- orders ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderItem:
    serial: str
    product: str
    product_name: str
    years: int
    price: int
    upgrade: bool
    old_expiry: date
    new_expiry: date | None  # once the licence is extended

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> OrderItem:
        return cls(serial=str(raw["serial"]), product=str(raw["product"]), product_name=str(raw["product_name"]),
                   years=int(raw["years"]), price=int(raw["price"]), upgrade=bool(raw["upgrade"]),
                   old_expiry=_day(raw["old_expiry"]), new_expiry=_day_or_none(raw.get("new_expiry")))


@dataclass(frozen=True)
class Slip:
    """The payment slip (振込用紙) as issued."""

    number: str
    barcode_number: str
    amount: int
    issued_on: date
    deadline: date  # 支払期限
    reissue_count: int
    delivered_on: date | None

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> Slip | None:
        if raw is None:
            return None
        return cls(number=str(raw["number"]), barcode_number=str(raw["barcode_number"]), amount=int(raw["amount"]),
                   issued_on=_day(raw["issued_on"]), deadline=_day(raw["deadline"]),
                   reissue_count=int(raw["reissue_count"]), delivered_on=_day_or_none(raw.get("delivered_on")))


@dataclass(frozen=True)
class Payment:
    place: str  # a PaidAt for a slip; "credit_card" for a card
    amount: int
    paid_on: date
    confirmed_on: date | None

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> Payment | None:
        if raw is None:
            return None
        return cls(place=str(raw["place"]), amount=int(raw["amount"]), paid_on=_day(raw["paid_on"]),
                   confirmed_on=_day_or_none(raw.get("confirmed_on")))

    @property
    def paid_at(self) -> PaidAt | None:
        """Where a slip was paid; None for a card."""
        return PaidAt(self.place) if self.place in set(PaidAt) else None


@dataclass(frozen=True)
class Window:
    earliest: date
    latest: date


@dataclass(frozen=True)
class Step:
    """A state the order reached, and when (the order's timeline)."""

    state: OrderState
    at: datetime


def customer_from_json(raw: Mapping[str, Any] | None) -> CustomerDetails | None:
    """The customer as the order shows them; None once the details were erased (retention)."""
    if not raw:
        return None
    return CustomerDetails(**{f.name: str(raw.get(f.name) or "") for f in fields(CustomerDetails)})


@dataclass(frozen=True)
class Order:
    id: str
    number: str
    version: int
    state: OrderState
    open: bool
    payment_method: PaymentMethod
    total: int
    items: tuple[OrderItem, ...]
    customer: CustomerDetails | None
    card_last4: str | None
    slip: Slip | None
    payment: Payment | None
    expected_confirmation: Window | None
    timeline: tuple[Step, ...]
    created_at: datetime
    poll_after_seconds: float

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Order:
        window = raw.get("expected_confirmation")
        return cls(
            id=str(raw["id"]), number=str(raw["number"]), version=int(raw["version"]),
            state=OrderState(raw["state"]), open=bool(raw["open"]),
            payment_method=PaymentMethod(raw["payment_method"]), total=int(raw["total"]),
            items=tuple(OrderItem.from_json(i) for i in raw["items"]),
            customer=customer_from_json(raw.get("customer")), card_last4=raw.get("card_last4"),
            slip=Slip.from_json(raw.get("slip")), payment=Payment.from_json(raw.get("payment")),
            expected_confirmation=None if window is None else Window(_day(window["earliest"]),
                                                                     _day(window["latest"])),
            timeline=tuple(Step(OrderState(t["state"]), _instant(t["at"])) for t in raw["timeline"]),
            created_at=_instant(raw["created_at"]), poll_after_seconds=float(raw.get("poll_after_seconds") or 5))

    @property
    def final(self) -> bool:
        """Extended or lapsed: nothing more will happen to it."""
        return self.state in FINAL_STATES

    @property
    def serials(self) -> tuple[str, ...]:
        return tuple(item.serial for item in self.items)

    def reached(self) -> dict[OrderState, datetime]:
        """Each state the order reached, and when (the first time)."""
        at: dict[OrderState, datetime] = {}
        for step in self.timeline:
            at.setdefault(step.state, step.at)
        return at

    @property
    def new_expiry(self) -> date | None:
        """The latest new expiry among the items, once extended (what S12 and the mail announce)."""
        return max((item.new_expiry for item in self.items if item.new_expiry is not None), default=None)


# -- signing in, mails, the simulated world -------------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    """A login's answer: the bearer token and whose it is."""

    token: str
    expires_at: datetime
    email: str | None  # None: a product login whose licence is in no account

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> SignedIn:
        account = raw.get("account") or {}
        return cls(str(raw["token"]), _instant(raw["expires_at"]), account.get("email"))


@dataclass(frozen=True)
class Mail:
    id: int
    to: str
    subject: str
    body: str
    sent_at: datetime
    order_id: str | None
    kind: str

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Mail:
        return cls(id=int(raw["id"]), to=str(raw["to"]), subject=str(raw["subject"]), body=str(raw["body"]),
                   sent_at=_instant(raw["sent_at"]), order_id=raw.get("order_id"), kind=str(raw["kind"]))


@dataclass(frozen=True)
class Health:
    status: str
    version: str
    qa_mode: bool
    now: datetime  # the simulated clock
    scenario: str | None
    clock_running: bool = True  # an older server does not say: read as if it ran

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Health:
        return cls(str(raw["status"]), str(raw["version"]), bool(raw["qa_mode"]), _instant(raw["now"]),
                   raw.get("scenario"), bool(raw.get("clock_running", True)))

    @property
    def today(self) -> date:
        return self.now.date()


@dataclass(frozen=True)
class Installation:
    """The product installed on this (simulated) PC: how it signs in."""

    serial: str
    installation_secret: str

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Installation:
        return cls(str(raw["serial"]), str(raw["installation_secret"]))


@dataclass(frozen=True)
class ScheduledEvent:
    order_id: str
    kind: str
    due_at: datetime
    applied: bool


@dataclass(frozen=True)
class Clock:
    """The simulated clock, and what advancing it did (``events``: empty when only read)."""

    now: datetime
    today: date
    seconds_per_day: float | None  # the speed when it runs; None: it stands still whatever the run mode
    next_event: datetime | None
    events: tuple[ScheduledEvent, ...] = ()
    run: str = "auto"  # the run mode (SimSettings.clock_run): auto (while some order is open), always, paused
    running: bool = False  # whether simulated time passes now

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Clock:
        spd = raw.get("seconds_per_day")
        return cls(now=_instant(raw["now"]), today=_day(raw["today"]),
                   seconds_per_day=None if spd is None else float(spd),
                   next_event=_instant_or_none(raw.get("next_event")),
                   events=tuple(ScheduledEvent(str(e["order_id"]), str(e["kind"]), _instant(e["due_at"]),
                                               bool(e["applied"])) for e in raw.get("events") or ()),
                   run=str(raw.get("run", "auto")),
                   # A backend without run modes runs whenever it has a speed.
                   running=bool(raw["running"]) if "running" in raw else spd is not None)


@dataclass(frozen=True)
class World:
    """A loaded scenario: its name, seed, clock, and the product installed in it."""

    name: str
    seed: int
    now: datetime
    seconds_per_day: float | None
    installation: Installation | None

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> World:
        spd = raw.get("seconds_per_day")
        installation = raw.get("installation")
        return cls(str(raw["name"]), int(raw["seed"]), _instant(raw["now"]),
                   None if spd is None else float(spd),
                   None if installation is None else Installation.from_json(installation))


@dataclass(frozen=True)
class Fault:
    """A fault QA injected (``GET /sim/faults``): where it applies, what it does, when it fires, and its counts."""

    id: str
    path: str  # a prefix of the request path
    method: str | None  # None: every method
    kind: str  # latency, status, reset, malformed, hang, drop_response
    latency_ms: int | None
    status: int | None
    retry_after: int | None
    mode: str  # once, every_nth, probability
    n: int | None
    p: float | None
    seed: int | None
    matched: int  # requests in its scope so far
    fired: int  # times it fired

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Fault:
        def number(key: str, kind: Callable[[Any], T]) -> T | None:
            return None if raw.get(key) is None else kind(raw[key])

        return cls(id=str(raw["id"]), path=str(raw["path"]), method=raw.get("method"), kind=str(raw["kind"]),
                   latency_ms=number("latency_ms", int), status=number("status", int),
                   retry_after=number("retry_after", int), mode=str(raw["mode"]), n=number("n", int),
                   p=number("p", float), seed=number("seed", int), matched=int(raw["matched"]),
                   fired=int(raw["fired"]))


@dataclass(frozen=True)
class Scenarios:
    """The scenarios the backend can load (``GET /sim/scenarios``) and the one loaded (None: none yet)."""

    names: tuple[str, ...]
    current: str | None

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Scenarios:
        return cls(tuple(str(name) for name in raw["scenarios"]), raw.get("current"))


@dataclass(frozen=True)
class SimSettings:
    """The world's settings QA changes at run time (``GET/PUT /sim/settings``)."""

    clock_run: str  # auto (the clock runs while some order is open), always, paused
    customer_pays: str  # auto (the simulated customer pays delivered slips on their own), never
    expired_base: str  # confirmation_date, old_expiry

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> SimSettings:
        return cls(str(raw["clock_run"]), str(raw["customer_pays"]), str(raw["expired_base"]))
