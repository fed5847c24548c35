"""Time that behaves and every outcome on demand: the clock's run modes, moving it (back only where the history
allows), paying on a chosen day with a chosen confirmation, and the world's settings at run time."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from server_api import CUSTOMER, START, TARO, Api, error_code

from vb_renew.core.backend import Options
from vb_renew.resources import resource_path
from vb_renew.rules.catalogue import read_json
from vb_renew.server import store
from vb_renew.server.clock import JST, SimClock
from vb_renew.server.db import Database
from vb_renew.server.embedded import EmbeddedServer
from vb_renew.server.models import OrderIn
from vb_renew.server.service import Principal, Service
from vb_renew.startup import parse_args, start_embedded

SERIAL = "VB5C-TARO-0001-0001-0001"  # vb_cloud_in_term: expires 2027-09-26, ten months after START
ITEM = {"serial": SERIAL, "product": "vb_cloud", "years": 1}
PRICE = 5280


def day(text: str) -> date:
    return date.fromisoformat(text[:10])


def clock(api: Api) -> dict[str, Any]:
    return api.ok(api.get("/sim/clock", sim=True))


def put_clock(api: Api, **body: Any) -> Any:
    return api.request("PUT", "/sim/clock", json=body, sim=True)


def settings(api: Api, **changes: Any) -> dict[str, Any]:
    if changes:
        return api.ok(api.request("PUT", "/sim/settings", json=changes, sim=True))
    return api.ok(api.get("/sim/settings", sim=True))


def wait_for(condition: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("the condition never held")


def delivered_order(api: Api, taro: Api) -> dict[str, Any]:
    """A slip order of TARO's, its slip delivered (the clock moved event by event, and stopped)."""
    order = taro.ok(taro.order([ITEM]), 201)
    for _ in range(2):
        api.next_event()
    delivered = taro.get_order(order["id"])
    assert delivered["state"] == "slip_delivered"
    return delivered


# --- the clock stands still while nothing is in progress -----------------------------------------------------

class RealTime:
    """A real (wall) clock the test moves."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_with_no_open_order_the_clock_stands_still_however_much_real_time_passes(tmp_path: Path) -> None:
    """The service on its own, with a real time the test moves: exact instants, no waiting."""
    real = RealTime()
    database = Database(tmp_path / "backend.sqlite3")
    clock_ = SimClock(database, real_time=real)
    service = Service(database, clock_)
    service.load_scenario("vb_cloud_in_term", start=date.fromisoformat(START), seconds_per_day=4.0,
                          customer_pays=False)
    start = clock_.now()
    assert start == datetime(2026, 11, 26, 10, 0, tzinfo=JST) and not clock_.running
    real.now += 3600  # an hour of real time: 900 simulated days at 4 s a day, were it running
    assert clock_.now() == start

    taro = Principal(store.account_by_email(database, TARO[0])["id"], TARO[0], "account")
    body = {"items": [ITEM], "payment_method": "slip", "customer": CUSTOMER, "card": None}
    status, order, _ = service.create_order(taro, str(uuid.uuid4()), OrderIn.model_validate(body))
    assert status == 201 and clock_.running  # an order is in progress: the clock runs from where it stood
    real.now += 4.0  # a simulated day
    assert clock_.now() == start + timedelta(days=1)
    real.now += 4.0 * 80  # far past the slip's deadline (no one pays): the order lapses ...
    service.run_due_events()
    assert service.order(taro, order["id"])["state"] == "lapsed"
    stopped = clock_.now()
    assert not clock_.running  # ... and the last open order closing stopped the clock where it stood
    real.now += 3600
    assert clock_.now() == stopped
    database.close()


def test_over_http_the_clock_runs_only_while_an_order_is_open(api: Api) -> None:
    """20 simulated days a real second: the order's whole life (to its lapse) takes about 3 seconds, and nothing
    moves before or after it."""
    put_clock(api, seconds_per_day=0.05)
    before = clock(api)
    assert before["run"] == "auto" and before["running"] is False and before["seconds_per_day"] == 0.05
    time.sleep(0.2)  # 4 simulated days, were it running
    assert clock(api)["now"] == before["now"]

    taro = api.login()
    order = taro.ok(taro.order([ITEM]), 201)
    assert clock(api)["running"] is True
    lapsed = wait_for(lambda: (o := taro.get_order(order["id"]))["state"] == "lapsed" and o)
    stopped = wait_for(lambda: (c := clock(api))["running"] is False and c)
    lapse_day = day(lapsed["timeline"][-1]["at"])
    assert lapse_day <= day(stopped["now"]) <= lapse_day + timedelta(days=4)  # stopped within moments of it
    time.sleep(0.2)
    assert clock(api)["now"] == stopped["now"]


def test_qa_can_let_the_clock_run_always_or_pause_it(api: Api) -> None:
    assert settings(api)["clock_run"] == "auto"
    put_clock(api, seconds_per_day=0.01)
    start = clock(api)["now"]
    assert settings(api, clock_run="always")["clock_run"] == "always"
    moved = wait_for(lambda: (c := clock(api))["now"] > start and c)
    assert moved["running"] is True and moved["run"] == "always"

    paused = put_clock(api, run="paused")  # the same setting, through the clock
    assert paused.status_code == 200 and paused.json()["run"] == "paused" and not paused.json()["running"]
    assert settings(api)["clock_run"] == "paused"
    taro = api.login()
    taro.ok(taro.order([ITEM]), 201)  # an open order does not start a paused clock
    still = clock(api)["now"]
    time.sleep(0.1)
    assert clock(api)["now"] == still
    assert settings(api, clock_run="auto")["clock_run"] == "auto"
    assert clock(api)["running"] is True  # auto, with an order open


def test_a_new_world_starts_with_the_clock_in_auto(api: Api) -> None:
    settings(api, clock_run="paused")
    api.load("vb_cloud_in_term")
    assert settings(api)["clock_run"] == "auto"


# --- moving the clock -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("by", "days"), [({"weeks": 1}, 7), ({"days": 7}, 7), ({"hours": 1}, 1 / 24),
                                          ({"weeks": 1, "days": 1}, 8)])
def test_advancing_by_a_week_a_day_or_an_hour(api: Api, by: dict[str, Any], days: float) -> None:
    before = datetime.fromisoformat(clock(api)["now"])
    after = datetime.fromisoformat(api.advance(**by)["now"])
    assert after - before == timedelta(days=days)


def test_a_week_past_the_end_of_the_world_names_weeks(api: Api) -> None:
    put_clock(api, now="2099-12-30")
    answer = api.post("/sim/clock/advance", {"weeks": 1}, sim=True)
    assert answer.status_code == 409 and error_code(answer) == "sim.clock_out_of_range"
    assert answer.json()["error"]["field"] == "weeks"


def test_with_no_history_the_clock_may_go_back(api: Api) -> None:
    answer = put_clock(api, now="2026-01-01T09:00:00")
    assert answer.status_code == 200 and answer.json()["now"] == "2026-01-01T09:00:00+09:00"


def test_the_clock_does_not_go_back_before_what_the_world_recorded(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order([ITEM]), 201)
    assert order["created_at"] == f"{START}T10:00:00+09:00"
    refused = put_clock(api, now=START)  # midnight: before the application
    assert refused.status_code == 409 and error_code(refused) == "sim.clock_before_history"
    error = refused.json()["error"]
    assert error["field"] == "now" and order["created_at"] in error["message"]
    assert error["details"] == [{"code": "sim.last_recorded", "message": order["created_at"], "field": "now"}]
    assert clock(api)["now"] == order["created_at"]  # unchanged

    mailed = api.next_event()  # the slip is mailed a day later
    assert mailed["now"] == "2026-11-27T10:00:00+09:00"
    assert put_clock(api, now="2026-11-27T09:59").status_code == 409
    assert put_clock(api, now="2026-11-27T10:00").status_code == 200  # the latest instant itself is fine
    again = put_clock(api, now="2026-11-26T12:00", run="always")  # refused: the run mode did not change either
    assert again.status_code == 409 and settings(api)["clock_run"] == "auto"
    assert put_clock(api, now="2026-12-01").status_code == 200  # forwards, always
    assert taro.get_order(order["id"])["state"] == "slip_mailed"


# --- paying, on demand ----------------------------------------------------------------------------------------

def test_paying_on_a_past_day_with_a_chosen_confirmation(api: Api) -> None:
    taro = api.login()
    delivered = delivered_order(api, taro)
    delivered_on = day(delivered["slip"]["delivered_on"])
    api.advance(days=3)
    today = day(clock(api)["now"])
    paid = api.ok(api.post(f"/sim/orders/{delivered['id']}/pay",
                           {"place": "post_office", "amount": PRICE, "on": delivered_on.isoformat(),
                            "confirm_on": (delivered_on + timedelta(days=10)).isoformat()}, sim=True))
    assert paid["state"] == "paid" and paid["payment"]["paid_on"] == delivered_on.isoformat()
    paid_at = paid["timeline"][-1]["at"]
    assert day(paid_at) == delivered_on and paid_at >= delivered["timeline"][-1]["at"]  # not before the delivery
    assert paid["expected_confirmation"] == {"earliest": (delivered_on + timedelta(days=1)).isoformat(),
                                             "latest": (delivered_on + timedelta(days=10)).isoformat()}
    assert day(clock(api)["now"]) == today  # paying does not move the clock
    ran = api.next_event()
    assert [e["kind"] for e in ran["events"]] == ["payment_confirmed", "extend"]
    done = taro.get_order(delivered["id"])
    assert done["payment"]["confirmed_on"] == (delivered_on + timedelta(days=10)).isoformat()
    assert done["state"] == "extended" and done["items"][0]["new_expiry"] == "2028-09-26"


def test_a_payment_dated_and_confirmed_in_the_past_is_extended_at_once(api: Api) -> None:
    taro = api.login()
    delivered = delivered_order(api, taro)
    delivered_on = day(delivered["slip"]["delivered_on"])
    api.advance(days=5)
    done = api.ok(api.post(f"/sim/orders/{delivered['id']}/pay",
                           {"place": "convenience_store", "amount": PRICE, "on": delivered_on.isoformat(),
                            "confirm_on": delivered_on.isoformat()}, sim=True))
    assert done["state"] == "extended"
    assert done["payment"]["paid_on"] == done["payment"]["confirmed_on"] == delivered_on.isoformat()
    assert [t["state"] for t in done["timeline"]][-3:] == ["paid", "confirmed", "extended"]
    assert all(day(t["at"]) == delivered_on for t in done["timeline"][-3:])  # a store's "same day", that day


def test_paying_today_with_the_confirmation_the_same_day(api: Api) -> None:
    taro = api.login()
    delivered = delivered_order(api, taro)
    today = day(clock(api)["now"])
    paid = api.ok(api.post(f"/sim/orders/{delivered['id']}/pay",
                           {"place": "convenience_store", "amount": PRICE, "on": today.isoformat(),
                            "confirm_on": today.isoformat()}, sim=True))
    assert paid["state"] == "paid" and paid["timeline"][-1]["at"] == clock(api)["now"]
    api.next_event()
    assert taro.get_order(delivered["id"])["payment"]["confirmed_on"] == today.isoformat()


@pytest.mark.parametrize(("place", "offset", "accepted"), [
    ("convenience_store", 0, True), ("convenience_store", 5, True), ("convenience_store", 6, False),
    ("post_office", 0, False), ("post_office", 1, True), ("post_office", 10, True), ("post_office", 11, False),
])
def test_the_confirmation_day_lies_within_the_seeds_window(api: Api, place: str, offset: int,
                                                           accepted: bool) -> None:
    taro = api.login()
    delivered = delivered_order(api, taro)
    today = day(clock(api)["now"])
    answer = api.post(f"/sim/orders/{delivered['id']}/pay",
                      {"place": place, "amount": PRICE, "confirm_on": (today + timedelta(days=offset)).isoformat()},
                      sim=True)
    if accepted:
        assert answer.status_code == 200, answer.text
        api.next_event()
        confirmed = taro.get_order(delivered["id"])["payment"]["confirmed_on"]
        assert confirmed == (today + timedelta(days=offset)).isoformat()
    else:
        assert answer.status_code == 422 and error_code(answer) == "payment.confirm_on_outside_window"
        assert answer.json()["error"]["field"] == "confirm_on"
        assert taro.get_order(delivered["id"])["state"] == "slip_delivered"  # nothing recorded


def test_a_payment_day_the_slip_could_not_be_paid_on_is_refused(api: Api) -> None:
    taro = api.login()
    delivered = delivered_order(api, taro)
    delivered_on = day(delivered["slip"]["delivered_on"])
    cases = [(delivered_on - timedelta(days=1), "payment.slip_not_delivered"),  # not in hand yet that day
             (day(clock(api)["now"]) + timedelta(days=1), "payment.paid_on_future")]
    for on, code in cases:
        answer = api.post(f"/sim/orders/{delivered['id']}/pay",
                          {"place": "post_office", "amount": PRICE, "on": on.isoformat()}, sim=True)
        assert answer.status_code == 409 and error_code(answer) == code, answer.text
        assert answer.json()["error"]["field"] == "on"
    for bad in ("2026-13-01", "tomorrow", "2100-01-01"):
        answer = api.post(f"/sim/orders/{delivered['id']}/pay",
                          {"place": "post_office", "amount": PRICE, "on": bad}, sim=True)
        assert answer.status_code == 422 and answer.json()["error"]["field"] == "on", answer.text
    assert taro.get_order(delivered["id"])["state"] == "slip_delivered"


@pytest.mark.parametrize("place", ["convenience_store", "post_office"])
def test_a_wrong_amount_is_refused_at_either_place(api: Api, place: str) -> None:
    """A hand-corrected slip is refused [pub]; a store's barcode carries the amount (simulation.json)."""
    assert read_json(resource_path("simulation.json"))["payment_desk"]["wrong_amount"][place]["value"] == "refused"
    taro = api.login()
    delivered = delivered_order(api, taro)
    answer = api.pay(delivered["id"], PRICE + 100, place)
    assert answer.status_code == 422 and error_code(answer) == "payment.amount_mismatch"
    assert taro.get_order(delivered["id"])["state"] == "slip_delivered" and not taro.get_order(
        delivered["id"])["payment"]


# --- the simulated customer, and the expired licence's base, at run time -------------------------------------

def test_the_customer_who_would_pay_can_be_told_never_to(api: Api) -> None:
    api.load("vb_cloud_in_term", customer_pays=True)
    assert settings(api)["customer_pays"] == "auto"  # the scenario's own
    taro = api.login()
    order = delivered_order(api, taro)  # the customer's payment is scheduled
    assert settings(api, customer_pays="never")["customer_pays"] == "never"
    ran = api.advance(days=20)
    assert [(e["kind"], e["applied"]) for e in ran["events"]] == [("customer_pays", False)]
    assert taro.get_order(order["id"])["state"] == "slip_delivered"  # nobody paid
    api.advance(days=60)
    assert taro.get_order(order["id"])["state"] == "lapsed"


def test_after_a_slip_paid_by_hand_the_next_event_is_its_confirmation(api: Api) -> None:
    """The simulated customer's payment and the slip's lapse, scheduled before, can no longer apply: 「次の予定まで
    進める」 goes to the confirmation, not to a day on which nothing happens."""
    api.load("vb_cloud_in_term", customer_pays=True)
    taro = api.login()
    order = delivered_order(api, taro)  # the customer's payment (1 to 7 days on), and the lapse, are scheduled
    confirm_on = day(clock(api)["now"]) + timedelta(days=10)  # a post office's latest: after the customer's day
    paid = api.ok(api.post(f"/sim/orders/{order['id']}/pay", {"place": "post_office", "amount": PRICE,
                                                               "confirm_on": confirm_on.isoformat()}, sim=True))
    assert paid["state"] == "paid"
    ran = api.next_event()
    assert [e["kind"] for e in ran["events"]][:1] == ["payment_confirmed"]
    assert "customer_pays" not in [e["kind"] for e in ran["events"]]
    api.advance(days=60)  # past the slip's deadline: nothing left to lapse
    assert taro.get_order(order["id"])["state"] == "extended"


def test_a_customer_told_to_pay_gets_round_to_a_slip_already_delivered(api: Api) -> None:
    assert settings(api)["customer_pays"] == "never"  # the fixture's world: the customer does not pay
    taro = api.login()
    delivered = delivered_order(api, taro)
    api.advance(days=30)
    assert taro.get_order(delivered["id"])["state"] == "slip_delivered"
    settings(api, customer_pays="auto")
    api.advance(days=7 + 5)  # the scenario's delay (1 to 7 days), then a store's confirmation (0 to 5 days)
    done = taro.get_order(delivered["id"])
    assert done["state"] == "extended" and done["payment"]["place"] == "convenience_store"
    api.load("vb_cloud_in_term")
    assert settings(api)["customer_pays"] == "never"  # a new world: the scenario's (as loaded) again


def test_the_expired_base_can_be_switched_at_run_time(api: Api) -> None:
    api.load("vb_cloud_expired_6_months")
    assert settings(api)["expired_base"] == "confirmation_date"
    assert settings(api, expired_base="old_expiry")["expired_base"] == "old_expiry"
    product = api.login_product()
    serial = api.ok(api.get("/sim/installation", sim=True))["serial"]
    old_expiry = product.ok(product.get(f"/licences/{serial}"))["expiry"]
    order = product.ok(product.order([{"serial": serial, "product": "vb_cloud", "years": 2}]), 201)
    for _ in range(2):
        api.next_event()
    api.ok(api.pay(order["id"], 9570))
    api.next_event()
    done = product.get_order(order["id"])
    assert done["items"][0]["new_expiry"] == f"{int(old_expiry[:4]) + 2}{old_expiry[4:]}"


@pytest.mark.parametrize("body", [{"clock_run": "sometimes"}, {"customer_pays": True}, {"expired_base": 1},
                                  {"clock_run": "AUTO"}])
def test_settings_are_validated(api: Api, body: dict[str, Any]) -> None:
    answer = api.request("PUT", "/sim/settings", json=body, sim=True)
    assert answer.status_code == 422 and answer.json()["error"]["field"] == next(iter(body)), answer.text
    assert settings(api) == {"clock_run": "auto", "customer_pays": "never", "expired_base": "confirmation_date"}


def test_an_empty_settings_change_changes_nothing(api: Api) -> None:
    before = settings(api)
    assert api.ok(api.request("PUT", "/sim/settings", json={}, sim=True)) == before


# --- the desktop app's embedded backend ---------------------------------------------------------------------

def test_the_apps_backend_starts_with_a_customer_who_never_pays_on_their_own(tmp_path: Path) -> None:
    """The default scenario's customer pays by themselves; the app's backend says never, unless --customer-pays."""
    assert Options().customer_pays is False
    assert parse_args(["--customer-pays"]).customer_pays is True and parse_args([]).customer_pays is False
    with EmbeddedServer(tmp_path / "app.sqlite3", seconds_per_day=None, customer_pays="never") as server:
        api = Api(server.url, server.sim_token)
        assert settings(api)["customer_pays"] == "never"
    with EmbeddedServer(tmp_path / "qa.sqlite3", seconds_per_day=None) as server:
        assert settings(Api(server.url, server.sim_token))["customer_pays"] == "auto"  # the scenario's


@pytest.mark.parametrize(("options", "expected"), [(Options(seconds_per_day=0), "never"),
                                                   (Options(seconds_per_day=0, customer_pays=True), "auto")])
def test_the_apps_start_up_sets_the_customer(options: Options, expected: str) -> None:
    server = start_embedded(options)
    try:
        assert settings(Api(server.url, server.sim_token))["customer_pays"] == expected
    finally:
        server.stop()
