"""Logging in, token expiry, the product route, and one account never seeing another's data."""

from __future__ import annotations

import time
import uuid

import requests
from server_api import CUSTOMER, HANAKO, Api, error_code

from vb_renew.server.embedded import EmbeddedServer

TARO_SERIAL = "VB5C-TARO-0001-0001-0001"
HANAKO_SERIAL = "VB5C-HANA-0002-0001-0001"


def test_bad_credentials(api: Api) -> None:
    for body in ({"email": "taro@example.jp", "password": "wrong"}, {"email": "nobody@example.jp", "password": "x"}):
        answer = api.post("/auth/login", body)
        assert answer.status_code == 401 and error_code(answer) == "auth.bad_credentials"


def test_every_account_route_needs_a_valid_token(api: Api) -> None:
    for method, path in (("GET", "/licences"), ("GET", f"/licences/{TARO_SERIAL}"), ("POST", "/renewal-options"),
                         ("POST", "/orders"), ("GET", "/orders"), ("GET", "/orders/ord_x"), ("GET", "/mails")):
        body = {"serials": [TARO_SERIAL]} if path == "/renewal-options" else None
        none = api.request(method, path, json=body)
        assert none.status_code == 401 and error_code(none) == "auth.required", path
        bad = api.request(method, path, json=body, headers={"Authorization": "Bearer not-a-token"})
        assert bad.status_code == 401 and error_code(bad) == "auth.invalid_token", path


def test_tokens_expire(tmp_path) -> None:
    with EmbeddedServer(tmp_path / "ttl.sqlite3", seconds_per_day=None, token_ttl=0.5) as server:
        api = Api(server.url, server.sim_token)
        taro = api.login()
        assert taro.get("/licences").status_code == 200
        time.sleep(0.6)
        expired = taro.get("/licences")
        assert expired.status_code == 401 and error_code(expired) == "auth.token_expired"


def test_another_accounts_resources_are_not_found(api: Api) -> None:
    taro, hanako = api.login(), api.login(HANAKO)
    taro_order = taro.ok(taro.order([{"serial": TARO_SERIAL, "product": "vb_cloud", "years": 1}]), 201)
    assert [lic["serial"] for lic in hanako.ok(hanako.get("/licences"))["licences"]] == [HANAKO_SERIAL]
    for answer, code in (
        (hanako.get(f"/licences/{TARO_SERIAL}"), "licence.not_found"),
        (hanako.post("/renewal-options", {"serials": [TARO_SERIAL]}), "licence.not_found"),
        (hanako.get(f"/orders/{taro_order['id']}"), "order.not_found"),
        (hanako.get(f"/orders/{taro_order['id']}", params={"since": 0, "wait": 0.1}), "order.not_found"),
        (hanako.order([{"serial": TARO_SERIAL, "product": "vb_cloud", "years": 1}],
                      customer={**CUSTOMER, "email": "hanako@example.jp"}), "licence.not_found"),
    ):
        assert answer.status_code == 404 and error_code(answer) == code
    assert hanako.ok(hanako.get("/orders"))["orders"] == []
    assert hanako.ok(hanako.get("/mails"))["mails"] == []
    assert len(taro.ok(taro.get("/mails"))["mails"]) == 1
    # the same idempotency key in two accounts is two different keys
    key = str(uuid.uuid4())
    assert taro.order([{"serial": TARO_SERIAL, "product": "vb_cloud", "years": 1}], key=key).status_code == 409
    assert hanako.order([{"serial": HANAKO_SERIAL, "product": "vb_cloud", "years": 1}], key=key).status_code == 201


def test_the_product_route_reaches_a_serial_the_account_no_longer_lists(api: Api) -> None:
    api.load("vb_cloud_expired_13_months")
    serial = "VB5C-TARO-0013-0001-0001"
    account = api.login()
    assert account.ok(account.get("/licences"))["licences"] == []
    assert account.get(f"/licences/{serial}").status_code == 404
    product = api.login_product()
    licence = product.ok(product.get(f"/licences/{serial}"))
    assert licence["listed_in_account"] is False and licence["renewable"] is True and licence["state"] == "expired"
    assert product.order([{"serial": serial, "product": "vb_cloud", "years": 1}]).status_code == 201


def test_a_wrong_installation_secret_is_refused(api: Api) -> None:
    answer = api.post("/auth/product", {"serial": TARO_SERIAL, "installation_secret": "guess"})
    assert answer.status_code == 401 and error_code(answer) == "auth.bad_installation"


def test_simulation_control_needs_its_token(api: Api) -> None:
    for token in (None, "wrong", "日本語".encode()):
        headers = {} if token is None else {"X-Sim-Token": token}
        answer = requests.get(api.base + "/sim/clock", headers=headers, timeout=5)
        assert answer.status_code == 403 and error_code(answer) == "sim.forbidden"


def test_simulation_control_is_off_outside_qa_mode(tmp_path) -> None:
    with EmbeddedServer(tmp_path / "prod.sqlite3", qa_mode=False) as server:
        answer = requests.get(server.url + "/api/v1/sim/clock", headers={"X-Sim-Token": server.sim_token}, timeout=5)
        assert answer.status_code == 403 and error_code(answer) == "sim.disabled"
        health = requests.get(server.url + "/health", timeout=5).json()
        assert health["qa_mode"] is False and health["status"] == "ok"
