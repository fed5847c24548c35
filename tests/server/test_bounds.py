"""Every input bounded: dates outside the world's days, auth inputs of any bytes, an event that fails."""

from __future__ import annotations

import logging
import sqlite3
import time

import pytest
import requests
from server_api import START, Api, error_code

from vb_renew.server.clock import FIRST_DAY, LAST_DAY
from vb_renew.server.embedded import EmbeddedServer

SERIAL = "VB5C-TARO-0001-0001-0001"
ITEM = {"serial": SERIAL, "product": "vb_cloud", "years": 1}
EVENT_LOG = "will not be retried"


def test_the_range_is_the_documented_one() -> None:
    assert (FIRST_DAY.isoformat(), LAST_DAY.isoformat()) == ("2000-01-01", "2099-12-31")


@pytest.mark.parametrize("start", ["0001-01-01", "1999-12-31", "2100-01-01", "9999-12-31"])
def test_a_scenario_start_outside_the_range_is_refused(api: Api, start: str) -> None:
    answer = api.post("/sim/scenario", {"name": "vb_cloud_in_term", "start": start}, sim=True)
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "start", answer.text
    assert api.ok(api.get("/health"))["now"].startswith(START)  # the world stayed


def test_a_scenario_whose_dates_would_leave_the_range_is_refused(api: Api) -> None:
    """The start is in range, but the scenario's licence expired 13 months before it: 1998."""
    answer = api.post("/sim/scenario", {"name": "vb_cloud_expired_13_months", "start": "2000-01-05"}, sim=True)
    assert answer.status_code == 422 and error_code(answer) == "validation.out_of_range"
    assert answer.json()["error"]["field"] == "start"
    assert api.ok(api.get("/sim/scenarios", sim=True))["current"] == "vb_cloud_in_term"


@pytest.mark.parametrize("now", ["0001-01-01", "9999-12-31", "9999-12-31T23:59:59", "1999-12-31T23:59+09:00",
                                 "2000-01-01T00:30+10:00"])
def test_a_clock_outside_the_range_is_refused(api: Api, now: str) -> None:
    answer = api.request("PUT", "/sim/clock", json={"now": now}, sim=True)
    assert answer.status_code == 422 and error_code(answer) == "sim.bad_clock", answer.text
    assert answer.json()["error"]["field"] == "now"


def test_a_running_clock_stops_at_the_end_of_the_range(api: Api) -> None:
    # "always": with no order open, the clock would stand still in the default run mode.
    api.ok(api.request("PUT", "/sim/clock", json={"now": "2099-12-31T23:00:00", "seconds_per_day": 0.01,
                                                  "run": "always"}, sim=True))
    time.sleep(0.2)  # 20 simulated days
    assert api.ok(api.get("/sim/clock", sim=True))["now"] == "2099-12-31T23:59:59+09:00"
    assert api.get("/health").status_code == 200
    api.ok(api.request("PUT", "/sim/clock", json={"seconds_per_day": None}, sim=True))


def test_an_advance_that_would_mail_a_slip_due_past_the_range_is_a_conflict(api: Api) -> None:
    """A slip mailed in November 2099 would be due in January 2100: the clock does not go there (409)."""
    api.load("vb_cloud_expiring_30_days", start="2099-11-15")
    taro = api.login()
    order = taro.ok(taro.order([{**ITEM, "serial": "VB5C-TARO-0030-0001-0001"}]), 201)
    for body, field in (({"to_next_event": True}, "to_next_event"), ({"days": 30}, "days")):
        answer = api.post("/sim/clock/advance", body, sim=True)
        assert answer.status_code == 409 and error_code(answer) == "sim.clock_out_of_range", answer.text
        assert answer.json()["error"]["field"] == field
    answer = api.request("PUT", "/sim/clock", json={"now": "2099-12-30"}, sim=True)
    assert answer.status_code == 409 and error_code(answer) == "sim.clock_out_of_range"
    assert api.ok(api.get("/sim/clock", sim=True))["today"] == "2099-11-15"
    assert taro.get_order(order["id"])["state"] == "applied"


# --- auth inputs of any bytes ------------------------------------------------------------------------

ODD_TEXT = ["\x00", "\x01\x7f\x1b[2J", "a\nb\r\tc", "\ud800", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "😀" * 50, "é" * 200,
            "taro@example.jp\x00", " ", "x" * 254]


@pytest.mark.parametrize("text", ODD_TEXT)
def test_login_with_any_text_is_401(api: Api, text: str) -> None:
    for body in ({"email": text, "password": "taro-pass-1234"}, {"email": "taro@example.jp", "password": text}):
        answer = api.post("/auth/login", body)
        assert answer.status_code == 401 and error_code(answer) == "auth.bad_credentials", (body, answer.text)


@pytest.mark.parametrize("text", [t[:64] for t in ODD_TEXT])
def test_product_sign_in_with_any_text_is_401(api: Api, text: str) -> None:
    inst = api.ok(api.get("/sim/installation", sim=True))
    for body in ({"serial": text, "installation_secret": inst["installation_secret"]},
                 {"serial": inst["serial"], "installation_secret": text}):
        answer = api.post("/auth/product", body)
        assert answer.status_code == 401 and error_code(answer) == "auth.bad_installation", (body, answer.text)


def test_login_with_undecodable_bytes_is_a_clear_4xx(api: Api) -> None:
    answer = api.request("POST", "/auth/login", data=b'{"email": "\xff\xfe", "password": "\xc0\x80"}',
                         headers={"Content-Type": "application/json"})
    assert answer.status_code in (400, 401), answer.text


# Header values as bytes (latin-1 on the wire): the non-ASCII, a tab, DEL, and long ones.
ODD_HEADERS = [b"\xff\xfe\xfd", "ｔｏｋｅｎ".encode(), b"a\tb", b"\x7f", b"x" * 8000, b"=" * 3, b"a b c"]


@pytest.mark.parametrize("value", ODD_HEADERS)
def test_bearer_tokens_of_any_bytes_are_401(api: Api, value: bytes) -> None:
    for header in (b"Bearer " + value, value, b"Basic " + value):
        answer = requests.get(api.base + "/licences", headers={"Authorization": header}, timeout=10)
        assert answer.status_code == 401 and error_code(answer).startswith("auth."), (header[:40], answer.text)


@pytest.mark.parametrize("value", ODD_HEADERS)
def test_sim_tokens_of_any_bytes_are_refused(api: Api, value: bytes) -> None:
    """A wrong simulation token is the documented 403 `sim.forbidden`, whatever its bytes."""
    answer = requests.get(api.base + "/sim/clock", headers={"X-Sim-Token": value}, timeout=10)
    assert answer.status_code == 403 and error_code(answer) == "sim.forbidden", answer.text


# --- an event that fails -----------------------------------------------------------------------------

def test_a_failing_event_is_marked_failed_logged_once_and_the_runner_goes_on(
        fresh_server: EmbeddedServer, caplog: pytest.LogCaptureFixture) -> None:
    api = Api(fresh_server.url, fresh_server.sim_token)
    api.load("vb_cloud_in_term")
    taro = api.login()
    order = taro.ok(taro.order([ITEM]), 201)
    # A corrupt row: due (it sorts before the clock) but no instant, so running it raises.
    with sqlite3.connect(fresh_server.db_path, timeout=10) as conn:
        conn.execute("INSERT INTO events (order_id, kind, due_at) VALUES (?, 'slip_mailed', '2000-00-00T00:00')",
                     (order["id"],))
    caplog.set_level(logging.ERROR, logger="vb_renew.server")
    api.ok(api.request("PUT", "/sim/clock", json={"seconds_per_day": None}, sim=True))  # wakes the runner
    ran = api.next_event()["events"]  # (the background runner, or this call, met the corrupt row first)
    assert [(e["kind"], e["applied"]) for e in ran if e["due_at"] != "2000-00-00T00:00"] == [("slip_mailed", True)]
    for _ in range(3):  # further events run; the failed one is not taken again
        api.next_event()
    time.sleep(0.3)  # the background runner too
    assert taro.get_order(order["id"])["state"] in ("slip_delivered", "lapsed")
    failures = [r for r in caplog.records if EVENT_LOG in r.getMessage()]
    assert len(failures) == 1 and failures[0].exc_info is None
    assert "\n" not in failures[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]
    with sqlite3.connect(fresh_server.db_path, timeout=10) as conn:
        done, failed = conn.execute("SELECT done, failed FROM events WHERE due_at = '2000-00-00T00:00'").fetchone()
    assert done == 1 and "ValueError" in failed
