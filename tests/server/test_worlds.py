"""Worlds as data (docs/worlds.md) and a world per tester on a shared server (docs/api.md).

Every world here starts on a pinned day (:data:`TODAY`) with its clock standing still, except the one whose today
is relative to the real date: its expectation is derived from the real date.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from server_api import CARD_OK, CUSTOMER, Api, error_code

from vb_renew.core.backend import Options, ProductBackend
from vb_renew.core.session import read_licence
from vb_renew.rules.lifecycle import TRANSITIONS
from vb_renew.server.embedded import EmbeddedServer
from vb_renew.server.scenarios import read_scenario, real_today, scenario_names
from vb_renew.server.worlds import load_drop_idle_after

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-11-26"
IDLE = 600.0  # the shared server's idle limit in these tests (real seconds, on the tests' own real clock)


def world(name: str, serial: str, *, email: str = "taro@example.jp", password: str = "taro-pass-1234",
          licences: list[dict[str, Any]] | None = None, orders: list[dict[str, Any]] | None = None,
          **top: Any) -> dict[str, Any]:
    """A world of one account, on TODAY, its clock standing still and its customer paying nothing by himself."""
    own = [{"serial": serial, "product": "vb_cloud", "expiry": {"months": 10}, "installed": True}]
    return {"_comment": "a test world", "version": 1, "name": name, "today": TODAY, "seed": 7,
            "clock": {"seconds_per_day": None}, "customer": {"pays": False},
            "accounts": [{"email": email, "password": password, "display_name": "山田 太郎",
                          "licences": own + (licences or []), "orders": orders or []}], **top}


def put_world(api: Api, document: dict[str, Any]) -> requests.Response:
    return api.request("PUT", "/sim/world", json=document, sim=True)


def details_by_field(response: requests.Response) -> dict[str, str]:
    error = response.json()["error"]
    return {item["field"]: item["code"] for item in error["details"]}


# --- the format ----------------------------------------------------------------------------------------------


def test_every_scenario_file_is_a_world_document() -> None:
    for name in scenario_names():
        data = read_scenario(name)
        assert data["version"] == 1 and data["name"] == name and data["today"] == {"days": 0}, name
        assert "start" not in data


def test_the_example_of_the_format_s_document_loads_as_it_says(api: Api) -> None:
    text = (REPO / "docs" / "worlds.md").read_text(encoding="utf-8")
    example = json.loads(text.split("```json\n", 1)[1].split("```", 1)[0])
    loaded = api.ok(put_world(api, example))
    assert loaded["now"] == f"{TODAY}T10:00:00+09:00" and loaded["installation"]["serial"] == "VB5C-TARO-0001-0001-0001"
    taro, hanako = api.login(), api.login(("hanako@example.jp", "hanako-pass-5678"))
    assert [o["state"] for o in taro.ok(taro.get("/orders"))["orders"]] == ["slip_delivered"]
    assert [o["state"] for o in hanako.ok(hanako.get("/orders"))["orders"]] == ["paid"]
    assert len(taro.ok(taro.get("/licences"))["licences"]) == 3  # the fourth is listed no more
    options = taro.ok(taro.post("/renewal-options", {"serials": ["VB5C-TARO-0001-0001-0001"]}))["items"][0]["options"]
    assert all(option["refusal"] is None for option in options)  # a trial does not block the upgrade


def test_a_world_document_loads_on_its_pinned_day(api: Api) -> None:
    loaded = api.ok(put_world(api, world("pinned", "VB5C-PINN-0001-0001-0001")))
    assert loaded["name"] == "pinned" and loaded["now"] == f"{TODAY}T10:00:00+09:00"
    assert loaded["seconds_per_day"] is None and loaded["installation"]["serial"] == "VB5C-PINN-0001-0001-0001"
    assert api.ok(api.http.get(f"{api.root}/health", timeout=10))["scenario"] == "pinned"
    licence = api.login().ok(api.login().get("/licences"))["licences"][0]
    assert licence["expiry"] == "2027-09-26" and licence["installed"] and licence["listed_in_account"]


def test_a_world_today_may_count_from_the_real_date(api: Api) -> None:
    document = world("relative", "VB5C-RELA-0001-0001-0001")
    document["today"] = {"days": -3}
    loaded = api.ok(put_world(api, document))
    assert loaded["now"][:10] == (real_today() - timedelta(days=3)).isoformat()  # derived, not pinned


def test_a_trial_total_security_does_not_block_an_upgrade_a_paid_one_does(api: Api) -> None:
    serial = "VB5C-TRIA-0001-0001-0001"
    for kind, refusal in (("trial", None), ("paid", "upgrade.no_upgradable_serial")):
        ts = {"serial": f"VBTS-TRIA-{kind.upper():0>4}-0001-0001", "product": "ts_standard", "kind": kind,
              "expiry": {"months": 6}}
        api.ok(put_world(api, world(f"ts_{kind}", serial, licences=[ts])))
        taro = api.login()
        options = taro.ok(taro.post("/renewal-options", {"serials": [serial]}))["items"][0]["options"]
        by_product = {option["product"]: option for option in options}
        assert (by_product["ts_standard"]["refusal"] or {}).get("code") == refusal, kind
    api.ok(put_world(api, world("ts_trial", serial, licences=[
        {"serial": "VBTS-TRIA-TRIAL-0001", "product": "ts_standard", "kind": "trial", "expiry": {"months": 6}}])))
    taro = api.login()
    upgraded = taro.ok(taro.order([{"serial": serial, "product": "ts_standard", "years": 1}], method="credit_card",
                                  card=CARD_OK), 201)
    assert upgraded["state"] == "extended" and upgraded["items"][0]["upgrade"] is True


def test_the_scenarios_of_a_trial_and_of_a_delivered_slip(api: Api) -> None:
    api.load("account_holds_ts_trial")
    taro = api.login()
    options = taro.ok(taro.post("/renewal-options", {"serials": ["VB5C-TARO-0TRL-0001-0001"]}))["items"][0]["options"]
    assert {option["product"]: option["refusal"] for option in options}["ts_standard"] is None
    api.load("slip_delivered_order")
    product = api.login_product()
    [order] = product.ok(product.get("/orders"))["orders"]
    assert order["state"] == "slip_delivered" and order["created_at"].startswith("2026-11-12")
    assert api.ok(api.pay(order["id"], order["total"]))["state"] == "paid"


def test_open_orders_are_applied_through_the_order_path_and_moved_on_by_the_life_cycle(api: Api) -> None:
    serials = [f"VB5C-OPEN-000{n}-0001-0001" for n in range(1, 5)]
    others = [{"serial": serial, "product": "vb_cloud", "expiry": {"months": 6}} for serial in serials[1:]]
    orders = [{"items": [{"serial": serials[0]}], "state": "applied"},
              {"items": [{"serial": serials[1], "years": 2}], "state": "slip_mailed"},
              {"items": [{"serial": serials[2]}], "state": "slip_delivered", "applied_on": {"days": -20}},
              {"items": [{"serial": serials[3], "years": 3}], "state": "paid",
               "paid": {"place": "post_office"}, "customer": {**CUSTOMER, "family_name": "佐藤"}}]
    api.ok(put_world(api, world("open_orders", serials[0], licences=others, orders=orders)))
    taro = api.login()
    placed = {order["items"][0]["serial"]: order for order in taro.ok(taro.get("/orders"))["orders"]}
    assert [placed[serial]["state"] for serial in serials] == ["applied", "slip_mailed", "slip_delivered", "paid"]
    for order in placed.values():
        states = [entry["state"] for entry in order["timeline"]]
        assert all((before, after) in {(s, t) for (s, _e), t in TRANSITIONS.items()}
                   for before, after in zip(states, states[1:])), states  # every step by the table
        assert all(entry["at"] <= f"{TODAY}T10:00:00+09:00" for entry in order["timeline"])
    assert placed[serials[0]]["created_at"].startswith(TODAY)
    assert placed[serials[1]]["created_at"].startswith("2026-11-25") and placed[serials[1]]["slip"]["issued_on"] == TODAY
    assert placed[serials[2]]["created_at"].startswith("2026-11-06") and placed[serials[2]]["slip"]["delivered_on"]
    assert placed[serials[3]]["payment"]["place"] == "post_office" and placed[serials[3]]["payment"]["paid_on"] == TODAY
    assert placed[serials[3]]["customer"]["family_name"] == "佐藤" and placed[serials[3]]["total"] == 12320
    licences = {lic["serial"]: lic for lic in taro.ok(taro.get("/licences"))["licences"]}
    assert all(licences[serial]["open_order"] == placed[serial]["id"] for serial in serials)
    mails = taro.ok(taro.get("/mails"))["mails"]
    assert sorted(mail["order_id"] for mail in mails if mail["kind"] == "application_complete") == sorted(
        order["id"] for order in placed.values())
    # The world goes on from there: the slips are paid once delivered, and the orders reach their end in time.
    api.ok(api.pay(placed[serials[2]]["id"], placed[serials[2]]["total"]))
    api.advance(days=14)
    api.ok(api.pay(placed[serials[1]]["id"], placed[serials[1]]["total"]))
    api.advance(days=15)
    for serial in serials[1:]:
        assert taro.get_order(placed[serial]["id"])["state"] == "extended", serial
    assert taro.order([{"serial": serials[0], "product": "vb_cloud", "years": 1}]).status_code == 409  # still open


def test_a_bad_world_is_refused_with_each_field_and_reason_and_the_old_world_stays(api: Api) -> None:
    taro = api.login()
    before = taro.ok(taro.get("/licences"))
    clock = api.ok(api.get("/sim/clock", sim=True))
    bad = world("bad", "VB5C-BADW-0001-0001-0001", licences=[
        {"serial": "VB5C-BADW-0002-0001-0001", "product": "vb_cloud", "expiry": "2101-01-01"},
        {"serial": "VB5C-BADW-0003-0001-0001", "product": "vb_nope", "expiry": {"months": 1}, "kind": "gift"}])
    bad["accounts"][0]["nickname"] = "タロ"
    refused = put_world(api, bad)
    assert refused.status_code == 422 and error_code(refused) == "world.invalid"
    assert refused.json()["error"]["field"] == "accounts[0].licences[1].expiry"
    assert details_by_field(refused) == {
        "accounts[0].licences[1].expiry": "world.bad_date",
        "accounts[0].licences[2].product": "catalogue.unknown_product",
        "accounts[0].licences[2].kind": "validation.choice",
        "accounts[0].nickname": "validation.unknown_field"}
    assert all(item["message"] for item in refused.json()["error"]["details"])
    # Dates within the world's days, serials once, one product on this PC, the account's own serials in its orders.
    bad = world("bad", "VB5C-BADW-0001-0001-0001", licences=[
        {"serial": "VB5C-BADW-0001-0001-0001", "product": "vb_cloud", "expiry": {"years": 80}},
        {"serial": "VB5C-BADW-0004-0001-0001", "product": "ts_standard", "expiry": {"months": -13},
         "installed": True, "listed_in_account": True}],
        orders=[{"items": [{"serial": "VB5C-ELSE-0001-0001-0001"}], "state": "applied"}])
    refused = put_world(api, bad)
    assert details_by_field(refused) == {"accounts[0].licences[1].expiry": "world.date_out_of_range"}
    bad["accounts"][0]["licences"][1]["expiry"] = {"years": 1}
    refused = put_world(api, bad)
    assert details_by_field(refused) == {
        "accounts[0].licences[1].serial": "world.duplicate_serial",
        "accounts[0].licences[2].installed": "world.installed_twice",
        "accounts[0].licences[2].listed_in_account": "world.listing_mismatch",
        "accounts[0].orders[0].items[0].serial": "world.unknown_serial"}
    listing = next(item for item in refused.json()["error"]["details"] if item["code"] == "world.listing_mismatch")
    assert "2025-10-26" in listing["message"]  # the expiry it read
    # Nothing was written: the same token, licences, clock and scenario.
    assert taro.ok(taro.get("/licences")) == before
    assert api.ok(api.get("/sim/clock", sim=True))["now"] == clock["now"]
    assert api.ok(api.http.get(f"{api.root}/health", timeout=10))["scenario"] == "vb_cloud_in_term"


def test_an_order_the_world_cannot_bring_to_its_state_is_refused_and_nothing_is_written(api: Api) -> None:
    taro = api.login()
    serial = "VB5C-REAC-0001-0001-0001"
    late = world("unreachable", serial, orders=[{"items": [{"serial": serial}], "state": "applied",
                                                 "applied_on": {"days": -10}}])
    refused = put_world(api, late)
    assert refused.status_code == 422 and error_code(refused) == "world.invalid"
    problem = refused.json()["error"]["details"][0]
    assert (problem["field"], problem["code"]) == ("accounts[0].orders[0].state", "world.order_not_reached")
    assert "slip_mailed" in problem["message"] and "2026-11-16" in problem["message"]  # what happened, by day
    # The order path's own refusals, named within the world: an upgrade cannot be paid by slip.
    upgrade = world("upgrade_by_slip", serial, orders=[{"items": [{"serial": serial, "product": "ts_standard"}],
                                                        "state": "applied"}])
    refused = put_world(api, upgrade)
    assert details_by_field(refused) == {"accounts[0].orders[0].items": "payment.slip_not_allowed_for_upgrade"}
    # A payment before the slip arrived.
    early = world("early", serial, orders=[{"items": [{"serial": serial}], "state": "paid", "applied_on": {"days": -3},
                                            "paid": {"on": {"days": -1}}}])
    refused = put_world(api, early)
    assert details_by_field(refused) == {"accounts[0].orders[0].paid.on": "payment.slip_not_delivered"}
    assert taro.ok(taro.get("/orders"))["orders"] == []
    assert api.ok(api.http.get(f"{api.root}/health", timeout=10))["scenario"] == "vb_cloud_in_term"


def test_a_scenario_is_loaded_through_the_same_checks(api: Api) -> None:
    loaded = api.load("vb_cloud_expired_13_months")
    product = api.login_product()
    assert product.ok(product.get("/licences"))["licences"][0]["listed_in_account"] is False
    assert loaded["now"] == f"{TODAY}T10:00:00+09:00"
    refused = api.post("/sim/scenario", {"name": "two_serials", "start": "2099-06-01"}, sim=True)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "start"


# --- a world per tester on a shared server ---------------------------------------------------------------------


class RealTime:
    """The shared server's real clock: the real one, moved on by what a test says (idle worlds)."""

    def __init__(self) -> None:
        self.moved = 0.0

    def __call__(self) -> float:
        return time.time() + self.moved


@pytest.fixture(scope="module")
def real_time() -> RealTime:
    return RealTime()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, real_time: RealTime) -> Iterator[EmbeddedServer]:
    folder = tmp_path_factory.mktemp("shared")
    server = EmbeddedServer(folder / "qa.sqlite3", seconds_per_day=None, multi_world=True,
                            drop_idle_worlds_after=IDLE, real_time=real_time)
    server.start()
    assert server.wait_ready(15)
    yield server
    server.stop()


@pytest.fixture()
def hub(shared: EmbeddedServer) -> Iterator[Api]:
    """The shared server's own world and its simulation token; the worlds a test made are dropped after it."""
    api = Api(shared.url, shared.sim_token)
    yield api
    for made in api.ok(api.get("/sim/worlds", sim=True))["worlds"]:
        api.request("DELETE", f"/sim/worlds/{made['id']}", sim=True)


def make(hub: Api, **body: Any) -> tuple[dict[str, Any], Api]:
    made = hub.ok(hub.post("/sim/worlds", body or None, sim=True), 201)
    return made, Api(made["url"], made["sim_token"])


def test_two_worlds_run_in_parallel_without_seeing_each_other(hub: Api, shared: EmbeddedServer) -> None:
    made_a, a = make(hub, world=world("world_a", "VB5C-AAAA-0001-0001-0001"))
    made_b, b = make(hub, world=world("world_b", "VB5C-BBBB-0001-0001-0001", password="other-pass-9876"))
    assert made_a["url"] == f"{shared.url}/w/{made_a['id']}" and made_a["now"] == f"{TODAY}T10:00:00+09:00"

    def renew(client: Api, serial: str, days: int, place: str) -> dict[str, Any]:
        """One tester's run: sign in, order by slip, the slip arrives, pay, wait for the extension."""
        taro = client.login(("taro@example.jp", "taro-pass-1234" if client is a else "other-pass-9876"))
        assert [lic["serial"] for lic in taro.ok(taro.get("/licences"))["licences"]] == [serial]
        order = taro.ok(taro.order([{"serial": serial, "product": "vb_cloud", "years": 1}]), 201)
        assert order["number"].startswith("VB-20261126-0001")  # each world counts its own orders
        moved = client.advance(days=days)
        assert {event["order_id"] for event in moved["events"]} == {order["id"]}  # its own events only
        client.ok(client.pay(order["id"], order["total"], place))
        client.advance(days=12)
        done = taro.get_order(order["id"])
        assert done["state"] == "extended"
        return {"token": taro.token, "order": order, "mails": taro.ok(taro.get("/mails"))["mails"]}

    with ThreadPoolExecutor(2) as pool:
        run_a = pool.submit(renew, a, "VB5C-AAAA-0001-0001-0001", 15, "convenience_store")
        run_b = pool.submit(renew, b, "VB5C-BBBB-0001-0001-0001", 20, "post_office")
        done_a, done_b = run_a.result(60), run_b.result(60)

    # Accounts and orders: a token of one world is nobody in the other; each sees its own orders and mails.
    assert Api(made_b["url"], None, done_a["token"]).get("/orders").status_code == 401
    assert a.post("/auth/login", {"email": "taro@example.jp", "password": "other-pass-9876"}).status_code == 401
    assert Api(made_a["url"], None, done_a["token"]).get_order(done_a["order"]["id"])["state"] == "extended"
    assert Api(made_b["url"], None, done_b["token"]).get(f"/orders/{done_a['order']['id']}").status_code == 404
    assert {m["order_id"] for m in a.ok(a.get("/sim/outbox", sim=True))["mails"]} == {done_a["order"]["id"]}
    assert {m["order_id"] for m in b.ok(b.get("/sim/outbox", sim=True))["mails"]} == {done_b["order"]["id"]}
    # Clocks: each moved by its own tester.
    assert a.ok(a.get("/sim/clock", sim=True))["today"] == "2026-12-23"
    assert b.ok(b.get("/sim/clock", sim=True))["today"] == "2026-12-28"
    # The server's own world saw none of it.
    assert hub.ok(hub.get("/sim/outbox", sim=True))["mails"] == []
    assert hub.ok(hub.http.get(f"{hub.root}/health", timeout=10))["scenario"] == "vb_cloud_in_term"

    # Faults: one world's fault fires in that world only.
    a.ok(a.post("/sim/faults", {"path": "/api/v1/licences", "kind": "status", "status": 503, "mode": "every_nth",
                                "n": 1}, sim=True))
    signed_a, signed_b = a.login(), b.login(("taro@example.jp", "other-pass-9876"))
    assert signed_a.get("/licences").status_code == 503 and error_code(signed_a.get("/licences")) == "fault.injected"
    assert signed_b.get("/licences").status_code == 200 and b.ok(b.get("/sim/faults", sim=True))["faults"] == []
    assert hub.login().get("/licences").status_code == 200

    # Long polls: a change in one world wakes that world's polls only.
    order_a = signed_a.ok(signed_a.order([{"serial": "VB5C-AAAA-0001-0001-0001", "product": "vb_cloud",
                                           "years": 1}]), 201)
    order_b = signed_b.ok(signed_b.order([{"serial": "VB5C-BBBB-0001-0001-0001", "product": "vb_cloud",
                                           "years": 1}]), 201)
    answers: dict[str, tuple[float, int]] = {}

    def poll(name: str, client: Api, order: dict[str, Any], wait: float) -> None:
        started = time.monotonic()
        answer = client.ok(client.get(f"/orders/{order['id']}", params={"since": order["version"], "wait": wait}))
        answers[name] = (time.monotonic() - started, answer["version"])

    polls = [threading.Thread(target=poll, args=("a", signed_a, order_a, 20)),
             threading.Thread(target=poll, args=("b", signed_b, order_b, 1.5))]
    for thread in polls:
        thread.start()
    time.sleep(0.3)
    a.advance(days=1)  # world a's slip is mailed: a's poll answers now, b's waits its whole time
    for thread in polls:
        thread.join(30)
    assert answers["a"][1] > order_a["version"] and answers["a"][0] < 5
    assert answers["b"][1] == order_b["version"] and answers["b"][0] >= 1.4


def test_each_world_has_its_own_simulation_token_and_only_the_server_token_makes_worlds(hub: Api) -> None:
    made_a, a = make(hub, scenario="two_serials")
    made_b, b = make(hub)
    assert (made_a["name"], made_b["name"]) == ("two_serials", "vb_cloud_in_term")  # the server's scenario
    assert made_a["sim_token"] != made_b["sim_token"] != hub.sim_token
    assert error_code(Api(made_a["url"], made_b["sim_token"]).get("/sim/clock", sim=True)) == "sim.forbidden"
    assert error_code(Api(made_a["url"], hub.sim_token).get("/sim/clock", sim=True)) == "sim.forbidden"
    assert error_code(Api(hub.root, made_a["sim_token"]).get("/sim/worlds", sim=True)) == "sim.forbidden"
    assert error_code(Api(hub.root, made_a["sim_token"]).post("/sim/worlds", sim=True)) == "sim.forbidden"
    assert a.get("/sim/worlds", sim=True).status_code == 404  # a world makes no worlds
    assert a.ok(a.get("/sim/installation", sim=True))["serial"] == "VB5C-TARO-0002-0001-0001"


def test_the_app_signs_in_to_a_world_by_its_url_and_token_as_to_any_server(hub: Api) -> None:
    made, _ = make(hub, world=world("for_the_app", "VB5C-APPW-0001-0001-0001"))
    backend = ProductBackend(Options(server_url=made["url"], sim_token=made["sim_token"]))
    session = backend.open()  # what vb-renew --server URL --sim-token TOKEN does
    view = read_licence(session)
    assert view.licence.serial == "VB5C-APPW-0001-0001-0001" and view.today == date(2026, 11, 26)
    placed = Api(made["url"], None, session.token).order(
        [{"serial": "VB5C-APPW-0001-0001-0001", "product": "vb_cloud", "years": 1}])
    assert placed.status_code == 201
    assert placed.headers["Location"] == f"/w/{made['id']}/api/v1/orders/{placed.json()['id']}"
    page = requests.get(f"{made['url']}/docs", timeout=10)
    assert f"url: '/w/{made['id']}/openapi.json'" in page.text
    document = requests.get(f"{made['url']}/openapi.json", timeout=10).json()
    assert document["servers"] == [{"url": f"/w/{made['id']}"}] and "/api/v1/sim/worlds" not in document["paths"]


def test_worlds_are_listed_and_dropped_and_their_files_go(hub: Api, shared: EmbeddedServer) -> None:
    made_a, a = make(hub, scenario="ts_standard")
    made_b, _b = make(hub)
    listed = hub.ok(hub.get("/sim/worlds", sim=True))
    assert listed["drop_idle_after_seconds"] == IDLE
    assert {(w["id"], w["url"], w["name"]) for w in listed["worlds"]} == {
        (made_a["id"], made_a["url"], "ts_standard"), (made_b["id"], made_b["url"], "vb_cloud_in_term")}
    folder = shared.db_path.parent
    assert (folder / f"qa.world-{made_a['id']}.sqlite3").exists()
    assert hub.request("DELETE", f"/sim/worlds/{made_a['id']}", sim=True).status_code == 204
    gone = a.get("/sim/clock", sim=True)
    assert gone.status_code == 404 and error_code(gone) == "sim.world_not_found"
    assert not list(folder.glob(f"qa.world-{made_a['id']}.*"))
    again = hub.request("DELETE", f"/sim/worlds/{made_a['id']}", sim=True)
    assert again.status_code == 404 and error_code(again) == "sim.world_not_found"
    assert [w["id"] for w in hub.ok(hub.get("/sim/worlds", sim=True))["worlds"]] == [made_b["id"]]


def test_idle_worlds_are_dropped(hub: Api, real_time: RealTime) -> None:
    made_idle, idle = make(hub)
    made_busy, busy = make(hub)
    try:
        real_time.moved += IDLE * 0.75
        busy.ok(busy.get("/sim/clock", sim=True))  # a request: busy is not idle any more
        listed = {w["id"]: w for w in hub.ok(hub.get("/sim/worlds", sim=True))["worlds"]}
        assert listed[made_idle["id"]]["idle_seconds"] >= IDLE * 0.75 > listed[made_busy["id"]]["idle_seconds"]
        real_time.moved += IDLE * 0.5  # idle: 1.25 times the limit without a request; busy: half of it
        listed = [w["id"] for w in hub.ok(hub.get("/sim/worlds", sim=True))["worlds"]]
        assert listed == [made_busy["id"]]
        assert error_code(idle.get("/sim/clock", sim=True)) == "sim.world_not_found"
        busy.ok(busy.get("/sim/clock", sim=True))
    finally:
        real_time.moved = 0.0


def test_a_world_that_cannot_be_made_is_refused_and_leaves_nothing(hub: Api, shared: EmbeddedServer) -> None:
    bad = world("bad", "VB5C-BADM-0001-0001-0001")
    bad["accounts"][0]["licences"][0]["expiry"] = "2026-02-30"
    refused = hub.post("/sim/worlds", {"world": bad}, sim=True)
    assert refused.status_code == 422 and error_code(refused) == "world.invalid"
    assert refused.json()["error"]["field"] == "world.accounts[0].licences[0].expiry"
    unreachable = world("late", "VB5C-BADM-0001-0001-0001", orders=[
        {"items": [{"serial": "VB5C-BADM-0001-0001-0001"}], "state": "slip_delivered", "applied_on": {"days": -1}}])
    refused = hub.post("/sim/worlds", {"world": unreachable}, sim=True)
    assert details_by_field(refused) == {"world.accounts[0].orders[0].state": "world.order_not_reached"}
    assert error_code(hub.post("/sim/worlds", {"scenario": "no_such_world"}, sim=True)) == "sim.unknown_scenario"
    both = hub.post("/sim/worlds", {"scenario": "two_serials", "world": world("x", "VB5C-X")}, sim=True)
    assert both.status_code == 422 and both.json()["error"]["field"] == "world"
    assert hub.ok(hub.get("/sim/worlds", sim=True))["worlds"] == []
    assert not list(shared.db_path.parent.glob("qa.world-*"))


def test_worlds_end_with_their_server_and_leftovers_go_at_the_next_start(tmp_path: Path) -> None:
    leftover = tmp_path / "qa.world-0123456789ab.sqlite3"
    leftover.write_bytes(b"")
    server = EmbeddedServer(tmp_path / "qa.sqlite3", seconds_per_day=None, multi_world=True)
    server.start()
    assert server.wait_ready(15)
    assert not leftover.exists()
    hub = Api(server.url, server.sim_token)
    made, own = make(hub)
    order_poll: dict[str, int] = {}
    taro = own.login()
    order = taro.ok(taro.order([{"serial": "VB5C-TARO-0001-0001-0001", "product": "vb_cloud", "years": 1}]), 201)

    def poll() -> None:
        answer = taro.get(f"/orders/{order['id']}", params={"since": order["version"], "wait": 30})
        order_poll["status"] = answer.status_code

    waiting = threading.Thread(target=poll)
    waiting.start()
    time.sleep(0.3)
    started = time.monotonic()
    server.stop()
    waiting.join(10)
    assert order_poll.get("status") == 200 and time.monotonic() - started < 5  # released, not cut
    assert sorted(p.name for p in tmp_path.iterdir() if ".world-" in p.name) == []


# --- --world FILE on the server's command line -----------------------------------------------------------------


def server_command() -> list[str]:
    script = shutil.which("vb-renew-server", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "vb_renew.server"]


def server_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_server_cli_starts_from_a_world_file(tmp_path: Path) -> None:
    serial = "VB5C-CLIW-0001-0001-0001"
    document = world("cli_world", serial, orders=[{"items": [{"serial": serial}], "state": "slip_mailed"}])
    path = write(tmp_path / "world.json", document)
    process = subprocess.Popen(
        [*server_command(), "--host", "127.0.0.1", "--port", "0", "--db", str(tmp_path / "qa.sqlite3"), "--qa",
         "--sim-token", "cli-token", "--world", str(path), "--drop-idle-worlds-after", "90"],
        cwd=REPO, env=server_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url, lines = None, []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            line = process.stdout.readline()  # type: ignore[union-attr]
            lines.append(line)
            if "vb-renew-server listening on http://" in line:
                url = line.strip().rsplit(" ", 1)[-1]
                break
        assert url, "".join(lines)
        api = Api(url, "cli-token")
        assert api.ok(api.http.get(f"{url}/health", timeout=5))["scenario"] == "cli_world"
        assert api.ok(api.get("/sim/clock", sim=True))["now"] == f"{TODAY}T10:00:00+09:00"
        orders = api.login().ok(api.login().get("/orders"))["orders"]
        assert [order["state"] for order in orders] == ["slip_mailed"]
        listed = api.ok(api.get("/sim/worlds", sim=True))
        assert listed == {"worlds": [], "drop_idle_after_seconds": 90.0}
        made, own = make(api, world=world("cli_tester", "VB5C-CLIT-0001-0001-0001"))
        assert own.ok(own.http.get(f"{made['url']}/health", timeout=5))["scenario"] == "cli_tester"
    finally:
        process.terminate()
        try:
            assert process.wait(10) == 0
        finally:
            if process.poll() is None:
                process.kill()
    assert not list(tmp_path.glob("qa.world-*"))


@pytest.mark.parametrize(("change", "field"), [
    (lambda doc: doc["accounts"][0]["licences"][0].update(expiry={"years": 90}), "accounts[0].licences[0].expiry"),
    (lambda doc: doc["accounts"][0]["orders"].append(
        {"items": [{"serial": "VB5C-CLIB-0001-0001-0001"}], "state": "applied", "applied_on": {"days": -5}}),
     "accounts[0].orders[0].state"),
])
def test_the_server_cli_refuses_a_world_file_naming_the_field_and_touches_nothing(
        tmp_path: Path, change: Callable[[dict[str, Any]], None], field: str) -> None:
    document = copy.deepcopy(world("cli_bad", "VB5C-CLIB-0001-0001-0001"))
    change(document)
    path = write(tmp_path / "world.json", document)
    done = subprocess.run([*server_command(), "--host", "127.0.0.1", "--port", "0", "--db", str(tmp_path / "qa.sqlite3"),
                           "--qa", "--sim-token", "t", "--world", str(path)],
                          cwd=REPO, env=server_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stdout + done.stderr
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("vb-renew-server: cannot start: the world file") and f"{field}:" in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["world.json"]  # no database made


def test_the_idle_limit_has_a_default() -> None:
    assert load_drop_idle_after() == 7200.0


# --- the document ----------------------------------------------------------------------------------------------


def test_the_shared_server_s_document_says_every_error_and_who_may_call(hub: Api) -> None:
    """The checks tests/server/test_openapi.py makes of the embedded server's document, on the shared server's."""
    import schemathesis
    import test_openapi as checks

    document = hub.ok(hub.http.get(f"{hub.root}/openapi.json", timeout=10))
    assert {"/api/v1/sim/world", "/api/v1/sim/worlds", "/api/v1/sim/worlds/{world_id}"} <= set(document["paths"])
    schemathesis.openapi.from_dict(document).validate()
    checks.test_the_document_names_the_request_headers_and_who_may_call(document)
    checks.test_the_document_names_the_response_headers(document)
    checks.test_every_error_answer_is_documented_with_its_codes(document)


@pytest.mark.slow
def test_the_world_routes_conform_to_their_document(hub: Api) -> None:
    """schemathesis over the world operations of a shared server (the embedded one has no /sim/worlds, and its own
    conformance run leaves PUT /sim/world out: a world it loads would sign the run's token out)."""
    import schemathesis
    from schemathesis.config import SchemathesisConfig
    from schemathesis.engine import events, from_schema

    config = SchemathesisConfig.from_dict({
        "seed": 20261126, "headers": {"X-Sim-Token": hub.sim_token}, "workers": 1, "request-timeout": 20,
        "checks": {"enabled": True, "max_response_time": 20},
        "generation": {"max-examples": 5, "deterministic": True, "database": "none"},
        "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True, "unexpected-methods": ["PATCH"]},
                   "fuzzing": {"enabled": True}, "stateful": {"enabled": False}},
        # A world that fits the document may still be refused by the rules (a product's renewal window, an order
        # that cannot reach its state by the world's today), as an order's customer may: 422 too.
        "operations": [{"include-path": path, "include-method": method, "checks": {"positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]}}}
            for path, method in (("/api/v1/sim/world", "PUT"), ("/api/v1/sim/worlds", "POST"))],
    })
    # Not .include(path_regex=...): with [[operations]] in the config, schemathesis adds an include that matches
    # every operation, and includes add up; the run went over the whole API (test_openapi.py's run) as well.
    world_route = re.compile(r"^/api/v1/sim/worlds?(/\{world_id\})?$")
    schema = schemathesis.openapi.from_url(f"{hub.root}/openapi.json", config=config).exclude(
        lambda ctx: not world_route.match(ctx.operation.path))
    failures = []
    operations = set()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            operations.add(event.recorder.label)
            for checks in event.recorder.checks.values():
                failures.extend(f"{check.name} on {event.recorder.label}: {check.failure_info.failure.title}\n"
                                f"{check.failure_info.code_sample}" for check in checks if check.failure_info)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            failures.append(f"error: {event!r}")
    assert operations == {"PUT /api/v1/sim/world", "POST /api/v1/sim/worlds", "GET /api/v1/sim/worlds",
                          "DELETE /api/v1/sim/worlds/{world_id}"}, operations
    hub.load("vb_cloud_in_term")  # the run loaded worlds of its own into the server's
    assert not failures, "\n\n".join(failures)


def test_a_world_s_token_is_redacted_from_the_logs_while_it_lives_and_the_filter_goes_with_it(hub: Api) -> None:
    """Every world adds its token to the log handlers' redaction; a long-running server would pile them up if a
    dropped world's stayed."""
    import logging

    from vb_renew.logs import Redact

    handler = logging.StreamHandler()
    logging.getLogger().addHandler(handler)
    try:
        made, _world = make(hub)
        assert [f.secret for f in handler.filters if isinstance(f, Redact)].count(made["sim_token"]) == 1
        assert hub.request("DELETE", f"/sim/worlds/{made['id']}", sim=True).status_code == 204
        assert made["sim_token"] not in [f.secret for f in handler.filters if isinstance(f, Redact)]
    finally:
        logging.getLogger().removeHandler(handler)
