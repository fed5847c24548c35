"""The payment slip (振込用紙): its validity, its journey, and its convenience-store barcode.

Timings come from ``resources/simulation.json`` (ranges from the seed page, the
shapes of the distributions are ours [sim]) and are sampled with a caller's
``random.Random`` so one seed replays one simulated world.

Convenience-store barcode (コンビニ収納用統一バーコード, GS1-128 with the
application identifier (91), following the layout of the GS1 Japan 「GS1-128
による標準料金代理収納ガイドライン」 as published in third-party manuals; the
guideline itself was not read, so treat the details marked (?) as uncertain).
44 digits, no separators:

====  ======  ======================================================================
pos   digits  field
====  ======  ======================================================================
1-2   2       AI ``91`` (free-use application identifier chosen by the guideline)
3-8   6       請求書発行企業コード: the JAN maker code without its leading ``4``, or the
              old form 国コード ``9`` + 5-digit maker code. Ours: ``999999`` (old form,
              maker ``99999``), FAKE: no real issuer has it; this is a simulator.
9-29  21      企業任意エリア (free area for the issuer): our order sequence number,
              zero-padded on the left (the guideline pads short content with zeros;
              which side is the issuer's choice (?)).
30    1       再発行区分: how many times the slip was reissued, 0-9.
31-36 6       支払期限日 YYMMDD (we read YY as 20YY).
37    1       印紙フラグ: 1 when the receipt needs a revenue stamp (収入印紙), else 0.
              We set it for amounts of 50,000 yen or more, the stamp-duty threshold
              for receipts since April 2014 (?: whether issuers derive it this way).
38-43 6       金額: the amount in yen, 1-999,999.
44    1       check digit: GS1 modulus 10, weights 3,1,3,1... from the right over
              digits 1-43 (AI included (?)).
====  ======  ======================================================================
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.resources import resource_path
from vb_renew.rules.catalogue import read_json, tagged
from vb_renew.rules.dates import add_months
from vb_renew.rules.errors import RuleError, Violation
from vb_renew.rules.payment import PaidAt

# --- simulation settings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DayDistribution:
    """A whole number of days from ``first`` to ``last`` (inclusive), drawn with relative ``weights``."""

    first: int
    last: int
    weights: tuple[float, ...]

    def __post_init__(self) -> None:
        if self.last < self.first or len(self.weights) != self.last - self.first + 1:
            raise ValueError(f"need one weight per day {self.first}..{self.last}, got {len(self.weights)}")
        if any(w < 0 for w in self.weights) or not any(w > 0 for w in self.weights):
            raise ValueError("weights must be non-negative and not all zero")

    @property
    def days(self) -> range:
        return range(self.first, self.last + 1)

    def sample(self, rng: random.Random) -> int:
        return rng.choices(self.days, weights=self.weights)[0]


@dataclass(frozen=True)
class Simulation:
    """The numbers of ``resources/simulation.json``, untagged."""

    slip_valid_months: int
    delivery: DayDistribution
    confirmation: Mapping[PaidAt, DayDistribution] = field(hash=False)
    expiring_soon_days: int
    seconds_per_day: float
    erase_personal_data_after_days: int  # a closed order's customer details are kept this long [sim]


def _distribution(raw: Mapping[str, Any], where: str) -> DayDistribution:
    first, _ = tagged(raw["first"], f"{where}.first")
    last, _ = tagged(raw["last"], f"{where}.last")
    weights, _ = tagged(raw["weights"], f"{where}.weights")
    return DayDistribution(int(first), int(last), tuple(float(w) for w in weights))


def parse_simulation(data: Mapping[str, Any]) -> Simulation:
    confirmation = {PaidAt(key): _distribution(raw, f"confirmation_days.{key}")
                    for key, raw in data["confirmation_days"].items()}
    missing = set(PaidAt) - set(confirmation)
    if missing:
        raise ValueError(f"confirmation_days: missing {sorted(missing)}")
    return Simulation(
        slip_valid_months=int(tagged(data["slip_valid_months"], "slip_valid_months")[0]),
        delivery=_distribution(data["delivery_days"], "delivery_days"),
        confirmation=MappingProxyType(confirmation),
        expiring_soon_days=int(tagged(data["expiring_soon_days"], "expiring_soon_days")[0]),
        seconds_per_day=float(tagged(data["seconds_per_day"], "seconds_per_day")[0]),
        erase_personal_data_after_days=int(tagged(data["erase_personal_data_after_days"],
                                                  "erase_personal_data_after_days")[0]),
    )


@lru_cache(maxsize=8)
def _load(path: Path) -> Simulation:
    return parse_simulation(read_json(path))


def load_simulation(path: str | Path | None = None) -> Simulation:
    """The settings in ``path`` (default ``resources/simulation.json``), read once per path."""
    return _load(Path(path or resource_path("simulation.json")).resolve())


# --- the slip's life -------------------------------------------------------------------------------


def slip_deadline(issued_on: date, simulation: Simulation | None = None) -> date:
    """The last day the slip can be paid: 2 months after issue [pub]; after it the order lapses."""
    months = (simulation or load_simulation()).slip_valid_months
    return add_months(issued_on, months)


def slip_lapsed(issued_on: date, today: date, simulation: Simulation | None = None) -> bool:
    """True once the slip can no longer be paid and the user must apply again [pub]."""
    return today > slip_deadline(issued_on, simulation)


def delivery_days(rng: random.Random, simulation: Simulation | None = None) -> int:
    """Days from the application until the slip arrives: 1-2 weeks [seed]."""
    return (simulation or load_simulation()).delivery.sample(rng)


def confirmation_days(paid_at: PaidAt, rng: random.Random, simulation: Simulation | None = None) -> int:
    """Days from paying until the payment is confirmed: store 0-5, post office 1-10 [seed]."""
    return (simulation or load_simulation()).confirmation[PaidAt(paid_at)].sample(rng)


def expected_confirmation_window(paid_at: PaidAt, paid_on: date,
                                 simulation: Simulation | None = None) -> tuple[date, date]:
    """The earliest and latest day the confirmation is expected, to tell the waiting user [seed]."""
    dist = (simulation or load_simulation()).confirmation[PaidAt(paid_at)]
    return paid_on + timedelta(days=dist.first), paid_on + timedelta(days=dist.last)


# --- the convenience-store barcode -----------------------------------------------------------------

AI = "91"
FAKE_ISSUER_CODE = "999999"  # 国コード 9 + maker code 99999: deliberately not a real issuer
BARCODE_LENGTH = 44
FREE_AREA_DIGITS = 21
MAX_AMOUNT = 999_999
STAMP_DUTY_THRESHOLD = 50_000  # receipts of 50,000 yen or more need a revenue stamp (stamp-duty law, 2014)

AMOUNT_OUT_OF_RANGE = QT_TRANSLATE_NOOP("Rules", "振込用紙で支払える金額は1円から999,999円までです。")
DEADLINE_OUT_OF_RANGE = QT_TRANSLATE_NOOP("Rules", "支払期限日が振込用紙に記載できる範囲を超えています。")
REISSUE_OUT_OF_RANGE = QT_TRANSLATE_NOOP("Rules", "振込用紙の再発行は9回までです。")
ORDER_OUT_OF_RANGE = QT_TRANSLATE_NOOP("Rules", "お申し込み番号が振込用紙に記載できる範囲を超えています。")
INVALID_BARCODE = QT_TRANSLATE_NOOP("Rules", "バーコード番号が正しくありません。")


def _invalid(code: str, text: Any, field_name: str) -> RuleError:
    return RuleError(Violation(code, text, field_name))


def check_digit(body43: str) -> int:
    """GS1 modulus-10 check digit: weights 3,1,3,1... from the rightmost digit of the 43."""
    if len(body43) != BARCODE_LENGTH - 1 or not body43.isascii() or not body43.isdigit():
        raise _invalid("slip.barcode.invalid", INVALID_BARCODE, "barcode")
    total = sum(int(digit) * (3 if i % 2 == 0 else 1) for i, digit in enumerate(reversed(body43)))
    return (10 - total % 10) % 10


def barcode_number(order_seq: int, amount: int, deadline: date, reissue: int = 0) -> str:
    """The 44-digit number printed under the slip's barcode (layout in the module docstring)."""
    if not 1 <= amount <= MAX_AMOUNT:
        raise _invalid("slip.amount_out_of_range", AMOUNT_OUT_OF_RANGE, "amount")
    if not 2000 <= deadline.year <= 2099:
        raise _invalid("slip.deadline_out_of_range", DEADLINE_OUT_OF_RANGE, "deadline")
    if not 0 <= reissue <= 9:
        raise _invalid("slip.reissue_out_of_range", REISSUE_OUT_OF_RANGE, "reissue")
    if not 0 <= order_seq < 10**FREE_AREA_DIGITS:
        raise _invalid("slip.order_out_of_range", ORDER_OUT_OF_RANGE, "order_seq")
    stamp = 1 if amount >= STAMP_DUTY_THRESHOLD else 0
    body = (f"{AI}{FAKE_ISSUER_CODE}{order_seq:0{FREE_AREA_DIGITS}d}{reissue:d}"
            f"{deadline:%y%m%d}{stamp:d}{amount:06d}")
    return body + str(check_digit(body))


def verify_barcode(number: str) -> bool:
    """True for 44 ASCII digits starting with the AI 91 whose last digit checks the other 43."""
    if (not isinstance(number, str) or len(number) != BARCODE_LENGTH or not number.isascii()
            or not number.isdigit() or not number.startswith(AI)):
        return False
    return check_digit(number[:-1]) == int(number[-1])


def decode_barcode(number: str) -> dict[str, Any]:
    """The fields of a valid barcode number, for the slip view and the payment desk."""
    if not verify_barcode(number):
        raise _invalid("slip.barcode.invalid", INVALID_BARCODE, "barcode")
    try:
        deadline = date(2000 + int(number[30:32]), int(number[32:34]), int(number[34:36]))
    except ValueError:
        raise _invalid("slip.barcode.invalid", INVALID_BARCODE, "barcode") from None
    return {
        "ai": number[0:2],
        "issuer": number[2:8],
        "free_area": number[8:29],
        "order_seq": int(number[8:29]),
        "reissue": int(number[29]),
        "deadline": deadline,
        "stamp": number[36] == "1",
        "amount": int(number[37:43]),
        "check_digit": int(number[43]),
    }


def format_barcode(number: str) -> str:
    """The number grouped by field for people, e.g. ``(91)999999-000…0042-0-260331-0-005280-7``."""
    n = number
    return f"({n[0:2]}){n[2:8]}-{n[8:29]}-{n[29]}-{n[30:36]}-{n[36]}-{n[37:43]}-{n[43]}"
