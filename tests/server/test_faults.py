"""Fault injection (/sim/faults), each kind observed as a client sees it over real HTTP."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from server_api import CUSTOMER, Api, error_code

from vb_renew.server.embedded import EmbeddedServer

SERIAL = "VB5C-TARO-0001-0001-0001"
ITEMS = [{"serial": SERIAL, "product": "vb_cloud", "years": 1}]
HEALTH = "/api/v1/health"


@pytest.fixture(autouse=True)
def no_faults_left(api: Api) -> Iterator[None]:
    """A fault left behind would break the next test's requests."""
    yield
    api.request("DELETE", "/sim/faults", sim=True)


def add_fault(api: Api, **spec: Any) -> str:
    return api.ok(api.post("/sim/faults", spec, sim=True))["id"]


def faults(api: Api) -> list[dict[str, Any]]:
    return api.ok(api.get("/sim/faults", sim=True))["faults"]


def statuses(api: Api, count: int, path: str = "/health") -> list[int]:
    return [api.get(path).status_code for _ in range(count)]


# --- each kind, as the client sees it ------------------------------------------------------------------

def test_latency_delays_the_answer_then_passes_through(api: Api) -> None:
    add_fault(api, path=HEALTH, kind="latency", latency_ms=400, mode="once")
    started = time.monotonic()
    answer = api.get("/health")
    elapsed = time.monotonic() - started
    assert answer.status_code == 200 and answer.json()["status"] == "ok"
    assert elapsed >= 0.4
    assert faults(api) == []  # once: spent


@pytest.mark.parametrize(("status", "retry_after"), [(503, 2), (429, 30)])
def test_status_answers_the_error_shape_with_retry_after(api: Api, status: int, retry_after: int) -> None:
    add_fault(api, path=HEALTH, kind="status", status=status, retry_after=retry_after, mode="once")
    answer = api.get("/health")
    assert answer.status_code == status
    assert answer.headers["Retry-After"] == str(retry_after)
    assert answer.headers["Content-Type"].startswith("application/json")
    assert error_code(answer) == "fault.injected"
    assert "障害" in answer.json()["error"]["message"]


def test_status_defaults_to_503(api: Api) -> None:
    add_fault(api, path=HEALTH, kind="status", mode="once")
    answer = api.get("/health")
    assert answer.status_code == 503 and "Retry-After" not in answer.headers


def test_reset_is_a_connection_error(api: Api) -> None:
    add_fault(api, path=HEALTH, kind="reset", mode="once")
    with pytest.raises(requests.ConnectionError):
        api.get("/health")
    assert api.get("/health").status_code == 200  # the server itself is fine


def test_malformed_is_a_200_whose_json_does_not_parse(api: Api) -> None:
    add_fault(api, path=HEALTH, kind="malformed", mode="once")
    answer = api.get("/health")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    with pytest.raises(requests.JSONDecodeError):
        answer.json()


def test_hang_lasts_until_the_client_times_out(api: Api) -> None:
    add_fault(api, path=HEALTH, kind="hang", mode="once")
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        api.get("/health", timeout=0.5)
    assert time.monotonic() - started >= 0.5
    assert api.get("/health", timeout=5).status_code == 200


def test_a_server_with_a_hung_request_still_stops_cleanly(fresh_server: EmbeddedServer,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    api = Api(fresh_server.url, fresh_server.sim_token)
    add_fault(api, path=HEALTH, kind="hang", mode="once")
    outcome: dict[str, BaseException] = {}

    def hung() -> None:
        try:
            api.get("/health", timeout=30)
        except requests.RequestException as exc:
            outcome["error"] = exc

    client = threading.Thread(target=hung, daemon=True)
    client.start()
    time.sleep(0.2)  # let the request reach the server (nothing to wait on: it never answers)
    fresh_server.stop()
    client.join(10)
    assert not client.is_alive(), "the hung request was not dropped well before the client's own timeout"
    assert isinstance(outcome.get("error"), requests.ConnectionError)  # dropped, not a 500
    # Not cancelled after the graceful-shutdown timeout (uvicorn logs that as an error).
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


# --- modes -----------------------------------------------------------------------------------------------

def test_once_fires_exactly_once(api: Api) -> None:
    add_fault(api, path=HEALTH, kind="status", status=503, mode="once")
    assert statuses(api, 5) == [503, 200, 200, 200, 200]
    assert faults(api) == []


def test_every_nth_fires_on_each_nth_matching_request(api: Api) -> None:
    fault_id = add_fault(api, path=HEALTH, kind="status", status=503, mode="every_nth", n=3)
    assert statuses(api, 7) == [200, 200, 503, 200, 200, 503, 200]
    [listed] = faults(api)
    assert (listed["id"], listed["matched"], listed["fired"]) == (fault_id, 7, 2)


def test_probability_with_a_seed_is_reproducible(api: Api) -> None:
    spec = {"path": HEALTH, "kind": "status", "status": 503, "mode": "probability", "p": 0.5, "seed": 42}
    add_fault(api, **spec)
    first = statuses(api, 30)
    assert 0 < first.count(503) < 30
    assert faults(api)[0]["fired"] == first.count(503)
    assert api.request("DELETE", "/sim/faults", sim=True).status_code == 204
    add_fault(api, **spec)
    assert statuses(api, 30) == first


def test_scope_is_a_path_prefix_and_an_optional_method(api: Api) -> None:
    taro = api.login()
    add_fault(api, path="/api/v1/orders", method="post", kind="status", status=503, mode="every_nth", n=1)
    assert taro.get("/orders").status_code == 200  # GET is not in scope
    assert taro.get("/licences").status_code == 200  # another path
    refused = taro.order(ITEMS)
    assert refused.status_code == 503 and error_code(refused) == "fault.injected"
    assert taro.ok(taro.get("/orders"))["orders"] == []  # the handler never ran


def test_sim_routes_are_never_faulted(api: Api) -> None:
    add_fault(api, path="/", kind="status", status=503, mode="every_nth", n=1)
    assert api.get("/health").status_code == 503
    assert api.get("/sim/clock", sim=True).status_code == 200
    assert len(faults(api)) == 1
    refused = api.post("/sim/faults", {"path": "/api/v1/sim/clock", "kind": "reset"}, sim=True)
    assert refused.status_code == 422 and error_code(refused) == "validation.invalid"
    assert refused.json()["error"]["field"] == "path"


# --- the key test: commit, drop the answer, retry with the same key -------------------------------------

def test_a_dropped_order_response_is_retried_with_the_same_key_and_stored_once(api: Api) -> None:
    taro = api.login()
    add_fault(api, path="/api/v1/orders", method="POST", kind="drop_response", mode="once")
    key = str(uuid.uuid4())
    body = {"items": ITEMS, "payment_method": "slip", "customer": CUSTOMER, "card": None}

    with pytest.raises(requests.ConnectionError):
        taro.post("/orders", body, headers={"Idempotency-Key": key})
    retried = taro.post("/orders", body, headers={"Idempotency-Key": key})  # what a client does next

    order = taro.ok(retried, 201)
    assert retried.headers.get("Idempotent-Replayed") == "true"  # the first attempt did commit
    assert order["state"] == "applied"
    listed = taro.ok(taro.get("/orders"))["orders"]
    assert [o["id"] for o in listed] == [order["id"]]


# --- managing faults ------------------------------------------------------------------------------------

def test_faults_are_listed_deleted_and_cleared(api: Api) -> None:
    first = add_fault(api, path=HEALTH, kind="latency", latency_ms=10, mode="every_nth", n=2)
    second = add_fault(api, path="/api/v1/orders", method="POST", kind="reset", mode="probability", p=0.25)
    listed = faults(api)
    assert [f["id"] for f in listed] == [first, second]
    shown = {k: listed[1][k] for k in ("path", "method", "kind", "mode", "p", "matched", "fired")}
    assert shown == {"path": "/api/v1/orders", "method": "POST", "kind": "reset", "mode": "probability",
                     "p": 0.25, "matched": 0, "fired": 0}
    assert api.request("DELETE", f"/sim/faults/{first}", sim=True).status_code == 204
    assert [f["id"] for f in faults(api)] == [second]
    missing = api.request("DELETE", f"/sim/faults/{first}", sim=True)
    assert missing.status_code == 404 and error_code(missing) == "sim.fault_not_found"
    add_fault(api, path=HEALTH, kind="hang", mode="once")
    assert api.request("DELETE", "/sim/faults", sim=True).status_code == 204
    assert faults(api) == []


def test_loading_a_scenario_clears_the_faults(api: Api) -> None:
    add_fault(api, path=HEALTH, kind="status", mode="every_nth", n=1)
    api.load("vb_cloud_in_term")
    assert faults(api) == []
    assert api.get("/health").status_code == 200


@pytest.mark.parametrize(("spec", "field"), [
    ({"path": HEALTH, "kind": "latency"}, "latency_ms"),
    ({"path": HEALTH, "kind": "status", "mode": "every_nth"}, "n"),
    ({"path": HEALTH, "kind": "status", "mode": "probability"}, "p"),
    ({"path": HEALTH, "kind": "status", "mode": "probability", "p": 1.5}, "p"),
    ({"path": HEALTH, "kind": "explode"}, "kind"),
    ({"path": "api/v1/orders", "kind": "reset"}, "path"),
    ({"kind": "reset"}, "path"),
])
def test_a_bad_fault_is_refused_naming_the_field(api: Api, spec: dict[str, Any], field: str) -> None:
    refused = api.post("/sim/faults", spec, sim=True)
    assert refused.status_code == 422, refused.text
    assert error_code(refused).startswith("validation.")
    assert refused.json()["error"]["field"] == field
    assert faults(api) == []


def test_faults_need_the_sim_token(api: Api) -> None:
    spec = {"path": HEALTH, "kind": "reset"}
    for headers in ({}, {"X-Sim-Token": "wrong"}):
        for method, path in (("POST", "/sim/faults"), ("GET", "/sim/faults"), ("DELETE", "/sim/faults"),
                             ("DELETE", "/sim/faults/flt_1")):
            answer = api.request(method, path, json=spec if method == "POST" else None, headers=headers)
            assert answer.status_code == 403 and error_code(answer) == "sim.forbidden", (method, path)
    assert faults(api) == []


def test_faults_are_refused_outside_qa_mode(tmp_path: Path) -> None:
    with EmbeddedServer(tmp_path / "prod.sqlite3", qa_mode=False, seconds_per_day=None) as prod:
        client = Api(prod.url, prod.sim_token)
        for method, path in (("POST", "/sim/faults"), ("GET", "/sim/faults"), ("DELETE", "/sim/faults")):
            answer = client.request(method, path, json={"path": HEALTH, "kind": "reset"}, sim=True)
            assert answer.status_code == 403 and error_code(answer) == "sim.disabled", (method, path)
        assert client.get("/health").status_code == 200


def test_requests_out_of_scope_pass_straight_through(api: Api) -> None:
    """The middleware wraps every request: while every order request hangs, the others are answered.

    (How fast they are answered is for benchmarks/longpoll.py: a loopback answer is a matter of
    milliseconds; ~40 ms means Nagle's algorithm is back, see the IPPROTO_TCP binding in the server.)
    """
    add_fault(api, path="/api/v1/orders", kind="hang", mode="every_nth", n=1)
    for _ in range(15):
        assert api.get("/health", timeout=10).status_code == 200


def test_a_held_long_poll_answers_at_once_when_the_server_stops(fresh_server: EmbeddedServer,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    """Quitting the app while it waits for a payment: the poll gets the order, not a dropped connection."""
    api = Api(fresh_server.url, fresh_server.sim_token)
    api.load("vb_cloud_in_term")
    product = api.login_product()
    serial = api.ok(api.get("/sim/installation", sim=True))["serial"]
    order = product.ok(product.order([{"serial": serial, "product": "vb_cloud", "years": 1}]), 201)
    answer: dict[str, object] = {}

    def held() -> None:
        try:
            answer["response"] = product.get(f"/orders/{order['id']}?since={order['version']}&wait=25",
                                             timeout=30)
        except requests.RequestException as exc:
            answer["error"] = exc

    client = threading.Thread(target=held, daemon=True)
    client.start()
    time.sleep(0.3)  # let the poll park on the server (nothing to wait on: it answers only at a change)
    fresh_server.stop()
    client.join(10)
    assert not client.is_alive(), "the held poll was not answered well before its wait (25 s) ran out"
    response = answer.get("response")
    assert response is not None, answer.get("error")
    assert response.status_code == 200 and response.json()["version"] == order["version"]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
