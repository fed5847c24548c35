"""What the QA panel offers and sends, decided without Qt (vb_renew.core.qa)."""

from __future__ import annotations

import typing
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from vb_renew.core import qa
from vb_renew.core.api import ApiCall
from vb_renew.core.data import Mail, Order, Payment, Slip
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.payment import PaidAt, PaymentMethod
from vb_renew.rules.slips import expected_confirmation_window
from vb_renew.server import faults

JST = timezone(timedelta(hours=9))
TODAY = date(2026, 11, 26)
ORDER = Order.from_json({
    "id": "o1", "number": "R-000001", "version": 1, "state": "applied", "open": True, "payment_method": "slip",
    "total": 5280, "items": [{"serial": "S", "product": "vb_cloud", "product_name": "ウイルスバスター クラウド",
                              "years": 1, "price": 5280, "upgrade": False, "old_expiry": "2027-01-31",
                              "new_expiry": None}],
    "customer": None, "card_last4": None, "slip": None, "payment": None, "expected_confirmation": None,
    "timeline": [{"state": "applied", "at": "2026-11-26T10:00:00+09:00"}],
    "created_at": "2026-11-26T10:00:00+09:00", "poll_after_seconds": 5,
})
SLIP = Slip(number="S-1", barcode_number="9" * 44, amount=5280, issued_on=date(2026, 11, 27),
            deadline=date(2027, 1, 27), reissue_count=0, delivered_on=None)


def test_a_delivered_slip_can_be_paid_at_either_place_for_its_amount_with_each_place_s_window() -> None:
    delivered = replace(ORDER, state=OrderState.SLIP_DELIVERED, slip=replace(SLIP, delivered_on=date(2026, 12, 3)))
    offer = qa.payment_offer(delivered, TODAY)
    assert offer.payable and offer.reason is None
    assert (offer.amount, offer.deadline, offer.number) == (5280, date(2027, 1, 27), "R-000001")
    assert offer.places == (PaidAt.CONVENIENCE_STORE, PaidAt.POST_OFFICE)
    assert offer.windows[PaidAt.POST_OFFICE] == expected_confirmation_window(PaidAt.POST_OFFICE, TODAY)
    assert offer.paid_on_range == (date(2026, 12, 3), TODAY)  # delivered on the 3rd: from then to today
    assert qa.payment_offer(delivered).windows == {}  # no today known: no window to say


def test_a_payment_dated_earlier_is_confirmed_within_the_window_from_that_day() -> None:
    delivered = replace(ORDER, state=OrderState.SLIP_DELIVERED, slip=replace(SLIP, delivered_on=date(2026, 12, 3)))
    later = date(2027, 3, 1)  # the deadline (2027-01-27) has passed: a payment is dated by then at the latest
    offer = qa.payment_offer(delivered, later, paid_on=date(2026, 12, 10))
    assert offer.paid_on_range == (date(2026, 12, 3), date(2027, 1, 27))
    assert offer.windows[PaidAt.CONVENIENCE_STORE] == expected_confirmation_window(PaidAt.CONVENIENCE_STORE,
                                                                                   date(2026, 12, 10))


@pytest.mark.parametrize(("order", "reason"), [
    (ORDER, qa.NOT_DELIVERED),
    (replace(ORDER, state=OrderState.SLIP_MAILED, slip=SLIP), qa.NOT_DELIVERED),
    (replace(ORDER, state=OrderState.PAID, slip=replace(SLIP, delivered_on=TODAY),
             payment=Payment("post_office", 5280, TODAY, None)), qa.ALREADY_PAID),
    (replace(ORDER, state=OrderState.EXTENDED, slip=replace(SLIP, delivered_on=TODAY)), qa.ALREADY_PAID),
    (replace(ORDER, state=OrderState.LAPSED, slip=replace(SLIP, delivered_on=TODAY)), qa.LAPSED),
    (replace(ORDER, payment_method=PaymentMethod.CREDIT_CARD), qa.NOT_A_SLIP),
], ids=["applied", "mailed", "paid", "extended", "lapsed", "card"])
def test_what_cannot_be_paid_says_why(order: Order, reason) -> None:
    offer = qa.payment_offer(order, TODAY)
    assert not offer.payable
    assert offer.reason == reason
    assert offer.places == () and offer.windows == {} and offer.paid_on_range is None
    assert offer.amount == (order.slip.amount if order.slip else order.total)


def test_the_panel_offers_every_fault_kind_and_mode_the_backend_has() -> None:
    assert set(qa.FAULT_KINDS) == set(typing.get_args(faults.FaultKind))
    assert set(qa.FAULT_MODES) == set(typing.get_args(faults.FaultMode))


def test_the_panel_offers_every_run_mode_and_setting_the_backend_has() -> None:
    from vb_renew.server import models

    assert set(qa.RUN_MODES) == set(typing.get_args(models.ClockRunName))
    assert set(qa.CUSTOMER_PAYS) == set(typing.get_args(models.CustomerPaysName))
    assert set(qa.EXPIRED_BASES) == set(typing.get_args(models.ExpiredBaseName))


def test_a_fault_sends_only_what_its_kind_and_mode_use() -> None:
    spec = qa.FaultSpec(path=" /api/v1/orders ", kind="status", method="POST", mode="every_nth", latency_ms=900,
                        status=None, retry_after=2, n=3, p=0.5, seed=7)
    assert spec.problems() == []
    assert spec.body() == {"path": "/api/v1/orders", "kind": "status", "method": "POST", "mode": "every_nth",
                           "status": 503, "retry_after": 2, "n": 3}
    latency = qa.FaultSpec(path="/api/v1/licences", kind="latency", mode="probability", latency_ms=1500, p=0.25,
                           seed=1)
    assert latency.body() == {"path": "/api/v1/licences", "kind": "latency", "mode": "probability",
                              "latency_ms": 1500, "p": 0.25, "seed": 1}
    assert qa.fault_fields("latency", "once") == {"path", "method", "kind", "mode", "latency_ms"}
    assert qa.fault_fields("status", "probability") >= {"status", "retry_after", "p", "seed"}


@pytest.mark.parametrize(("spec", "wrong"), [
    (qa.FaultSpec(path="api/v1/orders", kind="reset"), ["path"]),
    (qa.FaultSpec(path="/api/v1/sim/clock", kind="reset"), ["path"]),
    (qa.FaultSpec(path="/api/v1/orders", kind="latency"), ["latency_ms"]),
    (qa.FaultSpec(path="/api/v1/orders", kind="reset", mode="every_nth"), ["n"]),
    (qa.FaultSpec(path="/api/v1/orders", kind="reset", mode="probability", p=1.5), ["p"]),
    (qa.FaultSpec(path="/api/v1/orders", kind="flood"), ["kind"]),
])
def test_a_fault_the_backend_would_refuse_names_the_field(spec: qa.FaultSpec, wrong: list[str]) -> None:
    assert spec.problems() == wrong


def test_the_mailbox_shows_the_newest_mail_first() -> None:
    def mail(number: int, hour: int) -> Mail:
        return Mail(number, "taro@example.jp", f"件名{number}", "本文", datetime(2026, 11, 26, hour, tzinfo=JST),
                    "o1", "application_complete")

    assert [m.id for m in qa.newest_first([mail(1, 10), mail(3, 9), mail(2, 10)])] == [2, 1, 3]


def test_the_event_log_writes_a_call_s_outcome_and_knows_the_clock_reads() -> None:
    ok = ApiCall(1, "GET", "/api/v1/health", 200, None, 0.01, 0.0)
    refused = replace(ok, path="/api/v1/licences/S", status=503, error="fault.injected")
    offline = replace(ok, method="POST", path="/api/v1/sim/clock/advance", status=None, error="network.offline")
    assert [qa.call_outcome(c) for c in (ok, refused, offline)] == ["200", "503 fault.injected", "network.offline"]
    assert qa.is_clock_read(ok) and not qa.is_clock_read(refused)
    assert qa.is_clock_read(replace(ok, path="/api/v1/sim/clock")) and not qa.is_clock_read(offline)
    assert qa.is_simulation(offline) and not qa.is_simulation(refused)


def test_a_date_and_time_to_set_is_japan_time_to_the_minute() -> None:
    assert qa.clock_instant(date(2026, 11, 26), 9, 5) == "2026-11-26T09:05"
    assert set(qa.ADVANCES) == {"hour", "day", "week", "next_event"}
    assert all(seconds >= qa.MIN_SECONDS_PER_DAY for seconds in qa.SPEEDS)
