"""The slip: validity, timings drawn from the simulation settings, and the barcode number."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vb_renew.resources import resource_path
from vb_renew.rules.errors import RuleError
from vb_renew.rules.payment import PaidAt
from vb_renew.rules.slips import (
    DayDistribution,
    barcode_number,
    check_digit,
    confirmation_days,
    decode_barcode,
    delivery_days,
    expected_confirmation_window,
    format_barcode,
    load_simulation,
    slip_deadline,
    slip_lapsed,
    verify_barcode,
)


@pytest.mark.parametrize(("issued", "deadline"), [
    (date(2026, 4, 1), date(2026, 6, 1)),
    (date(2025, 12, 31), date(2026, 2, 28)),
    (date(2023, 12, 31), date(2024, 2, 29)),
])
def test_a_slip_is_valid_two_months(issued: date, deadline: date) -> None:
    assert slip_deadline(issued) == deadline
    assert not slip_lapsed(issued, deadline)
    assert slip_lapsed(issued, deadline + timedelta(days=1))


def test_the_settings() -> None:
    sim = load_simulation()
    assert sim.slip_valid_months == 2
    assert sim.expiring_soon_days == 30
    assert sim.seconds_per_day == 4.0
    assert (sim.delivery.first, sim.delivery.last) == (7, 14)
    assert (sim.confirmation[PaidAt.CONVENIENCE_STORE].first, sim.confirmation[PaidAt.CONVENIENCE_STORE].last) == (0, 5)
    assert (sim.confirmation[PaidAt.POST_OFFICE].first, sim.confirmation[PaidAt.POST_OFFICE].last) == (1, 10)


def test_delivery_takes_one_to_two_weeks_and_a_seed_replays_it() -> None:
    drawn = [delivery_days(random.Random(seed)) for seed in range(2000)]
    assert set(drawn) == set(range(7, 15))  # every day of the range happens
    assert drawn == [delivery_days(random.Random(seed)) for seed in range(2000)]
    rng_a, rng_b = random.Random(7), random.Random(7)
    assert [delivery_days(rng_a) for _ in range(50)] == [delivery_days(rng_b) for _ in range(50)]


@pytest.mark.parametrize(("paid_at", "first", "last"), [
    (PaidAt.CONVENIENCE_STORE, 0, 5),
    (PaidAt.POST_OFFICE, 1, 10),
    ("post_office", 1, 10),
])
def test_confirmation_days_follow_the_seed_ranges(paid_at: PaidAt, first: int, last: int) -> None:
    rng = random.Random(2026)
    drawn = Counter(confirmation_days(paid_at, rng) for _ in range(5000))
    assert set(drawn) == set(range(first, last + 1))
    assert drawn[first] > drawn[last]  # weighted towards the quick end [sim]
    paid_on = date(2026, 4, 28)
    assert expected_confirmation_window(paid_at, paid_on) == (paid_on + timedelta(days=first),
                                                              paid_on + timedelta(days=last))


def test_weights_come_from_the_data_file(tmp_path: Path) -> None:
    data = json.loads(resource_path("simulation.json").read_text(encoding="utf-8"))
    data["confirmation_days"]["post_office"]["weights"]["value"] = [0] * 9 + [1]
    path = tmp_path / "simulation.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    sim = load_simulation(path)
    rng = random.Random(1)
    assert {confirmation_days(PaidAt.POST_OFFICE, rng, sim) for _ in range(100)} == {10}


@pytest.mark.parametrize(("first", "last", "weights"), [(0, 5, (1, 1)), (3, 2, (1,)), (0, 1, (0, 0)), (0, 1, (-1, 2))])
def test_a_bad_distribution_is_refused(first: int, last: int, weights: tuple[float, ...]) -> None:
    with pytest.raises(ValueError):
        DayDistribution(first, last, weights)


# --- barcode ---------------------------------------------------------------------------------------

def test_check_digit_matches_known_gs1_numbers() -> None:
    # GS1 mod 10 is weighted from the right, so leading zeros change nothing: EAN-13 numbers apply.
    assert check_digit("0" * 31 + "400638133393") == 1  # EAN 4006381333931
    assert check_digit("0" * 31 + "629104150021") == 3  # GS1's own worked example
    assert check_digit("0" * 43) == 0


def test_the_layout() -> None:
    number = barcode_number(order_seq=42, amount=5280, deadline=date(2026, 3, 31))
    assert len(number) == 44 and number.isdigit()
    assert number[:2] == "91"
    assert number[2:8] == "999999"  # the fake issuer
    assert number[8:29] == "0" * 19 + "42"
    assert number[29] == "0"
    assert number[30:36] == "260331"
    assert number[36] == "0"
    assert number[37:43] == "005280"
    assert verify_barcode(number)
    assert format_barcode(number) == f"(91)999999-{'0' * 19}42-0-260331-0-005280-{number[43]}"


def test_decode_gives_back_the_parts() -> None:
    number = barcode_number(123456789, 52_800, date(2027, 1, 5), reissue=2)
    parts = decode_barcode(number)
    assert parts["order_seq"] == 123456789
    assert parts["amount"] == 52_800
    assert parts["deadline"] == date(2027, 1, 5)
    assert parts["reissue"] == 2
    assert parts["stamp"] is True  # 50,000 yen or more
    assert parts["issuer"] == "999999" and parts["ai"] == "91"
    assert decode_barcode(barcode_number(1, 49_999, date(2027, 1, 5)))["stamp"] is False


@pytest.mark.parametrize("kwargs", [
    {"amount": 0}, {"amount": 1_000_000}, {"amount": -5},
    {"deadline": date(2100, 1, 1)}, {"deadline": date(1999, 12, 31)},
    {"reissue": 10}, {"reissue": -1},
    {"order_seq": 10**21}, {"order_seq": -1},
])
def test_values_that_do_not_fit_are_refused(kwargs: dict) -> None:
    args = {"order_seq": 1, "amount": 5280, "deadline": date(2026, 3, 31), **kwargs}
    with pytest.raises(RuleError) as caught:
        barcode_number(**args)
    assert caught.value.first.code.startswith("slip.")
    assert caught.value.first.message


@pytest.mark.parametrize("number", [
    "", "91", "9199999900000000000000000004202603310005280",  # 43 digits
    "919999990000000000000000000420260331000528000",  # 45 digits
    "9199999900000000000000000004202603310005280a",
    "９１999999000000000000000000042026033100052800",  # full-width digits
    "81999999000000000000000000042026033100052803",  # another AI, with its valid check digit
])
def test_malformed_numbers_do_not_verify(number: str) -> None:
    assert not verify_barcode(number)
    with pytest.raises(RuleError):
        decode_barcode(number)


def test_a_number_with_an_impossible_date_does_not_decode() -> None:
    body = "91999999" + "0" * 21 + "0" + "261332" + "0" + "005280"
    number = body + str(check_digit(body))
    assert verify_barcode(number)
    with pytest.raises(RuleError):
        decode_barcode(number)


barcodes = st.builds(
    barcode_number,
    order_seq=st.integers(min_value=0, max_value=10**21 - 1),
    amount=st.integers(min_value=1, max_value=999_999),
    deadline=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    reissue=st.integers(min_value=0, max_value=9),
)


@given(barcodes)
def test_every_generated_number_verifies_and_decodes(number: str) -> None:
    assert verify_barcode(number)
    parts = decode_barcode(number)
    assert barcode_number(parts["order_seq"], parts["amount"], parts["deadline"], parts["reissue"]) == number


@given(barcodes, st.integers(min_value=0, max_value=43), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_breaks_verification(number: str, position: int, delta: int) -> None:
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1:]
    assert not verify_barcode(changed)
