"""Bad input on every endpoint: a clear 4xx with a code (and the field), and nothing stored."""

from __future__ import annotations

import uuid

import pytest
from server_api import CUSTOMER, Api, error_code

SERIAL = "VB5C-TARO-0001-0001-0001"
ITEM = {"serial": SERIAL, "product": "vb_cloud", "years": 1}


def raw(client: Api, method: str, path: str, data: bytes, *, sim: bool = False, key: bool = False):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    return client.request(method, path, data=data, headers=headers, sim=sim)


@pytest.mark.parametrize(("body", "status", "code", "field"), [
    ({"items": [{**ITEM, "years": "x"}], "payment_method": "slip", "customer": CUSTOMER}, 422, "validation.type",
     "items[0].years"),
    ({"items": [{**ITEM, "years": 4}], "payment_method": "slip", "customer": CUSTOMER}, 422,
     "renewal.years_not_offered", "items[0].years"),
    ({"items": [{**ITEM, "product": "antivirus_x"}], "payment_method": "slip", "customer": CUSTOMER}, 422,
     "renewal.product_not_offered", "items[0].product"),
    ({"items": [ITEM, ITEM], "payment_method": "slip", "customer": CUSTOMER}, 422, "order.duplicate_serial",
     "items[1].serial"),
    ({"items": [{**ITEM, "serial": "VB5C-NONE-0000-0000-0000"}], "payment_method": "slip", "customer": CUSTOMER},
     404, "licence.not_found", "items[0].serial"),
    ({"items": [], "payment_method": "slip", "customer": CUSTOMER}, 422, "validation.invalid", "items"),
    ({"payment_method": "slip", "customer": CUSTOMER}, 422, "validation.required", "items"),
    ({"items": [ITEM], "payment_method": "cash", "customer": CUSTOMER}, 422, "validation.choice", "payment_method"),
    ({"items": [ITEM], "payment_method": "konbini", "customer": CUSTOMER}, 422, "payment.method_unsupported",
     "payment_method"),
    ({"items": [ITEM], "payment_method": "slip", "customer": {**CUSTOMER, "family_name": ""}}, 422, None,
     "customer.family_name"),
    ({"items": [ITEM], "payment_method": "slip", "customer": {**CUSTOMER, "phone": "abc"}}, 422, None,
     "customer.phone"),
    ({"items": [ITEM], "payment_method": "slip", "customer": {**CUSTOMER, "family_kana": "yamada"}}, 422, None,
     "customer.family_kana"),
    ({"items": [ITEM], "payment_method": "slip", "customer": {}}, 422, None, "customer.family_name"),
    ({"items": [ITEM], "payment_method": "slip", "customer": CUSTOMER,
      "card": {"number": "4242424242424242", "expiry_month": 1, "expiry_year": 2030, "security_code": "123"}},
     422, "payment.card_not_allowed", "card"),
    ([1, 2], 400, "request.malformed", None),
])
def test_bad_orders_are_refused_and_store_nothing(api: Api, body, status: int, code: str | None,
                                                  field: str | None) -> None:
    taro = api.login()
    answer = taro.post("/orders", body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert answer.status_code == status, answer.text
    got = error_code(answer)
    if code:
        assert got == code
    else:
        assert got.startswith("customer."), got
    assert answer.json()["error"]["field"] == field
    assert taro.ok(taro.get("/orders"))["orders"] == []
    assert taro.ok(taro.get("/mails"))["mails"] == []
    assert taro.ok(taro.get(f"/licences/{SERIAL}"))["open_order"] is None


CARD_FIELDS = {"number": "4242424242424242", "expiry_month": 12, "expiry_year": 2030, "security_code": "123"}


@pytest.mark.parametrize(("card", "code", "field"), [
    ({**CARD_FIELDS, "security_code": "12a"}, "payment.card_security_code", "card.security_code"),
    ({**CARD_FIELDS, "security_code": "12"}, "payment.card_security_code", "card.security_code"),
    ({**CARD_FIELDS, "expiry_month": 13}, "validation.out_of_range", "card.expiry_month"),
    ({**CARD_FIELDS, "expiry_month": 0}, "validation.out_of_range", "card.expiry_month"),
    ({**CARD_FIELDS, "expiry_year": 2020}, "payment.card_expired", "card.expiry_year"),  # against today: the service
])
def test_a_card_s_fields_are_refused_naming_the_field(api: Api, card: dict, code: str, field: str) -> None:
    taro = api.login()
    answer = taro.order([ITEM], method="credit_card", card=card)
    assert answer.status_code == 422 and error_code(answer) == code and answer.json()["error"]["field"] == field
    assert taro.ok(taro.get("/orders"))["orders"] == []


def test_the_body_is_checked_before_the_key_and_the_licences(api: Api) -> None:
    """docs/api.md, "Order of checks": every violation of the body in one 422, before anything is looked up."""
    taro = api.login()
    customer = {**CUSTOMER, "phone": "abc", "family_kana": "yamada"}
    unknown = {**ITEM, "serial": "VB5C-NONE-0000-0000-0000"}
    answers = [taro.order([unknown], customer=customer),  # not the licence's 404
               taro.post("/orders", {"items": [ITEM], "payment_method": "slip", "customer": customer})]  # no key
    for answer in answers:
        assert answer.status_code == 422, answer.text
        error = answer.json()["error"]
        assert (error["code"], error["field"]) == ("customer.family_kana.not_katakana", "customer.family_kana")
        assert [(d["code"], d["field"]) for d in error["details"]] == [("customer.phone.invalid", "customer.phone")]
        assert all(d["message"] for d in error["details"])
    mixed = taro.order([{**ITEM, "years": "1"}], customer=customer, method="credit_card",
                       card={**CARD_FIELDS, "security_code": "x"})
    assert [error_code(mixed)] + [d["code"] for d in mixed.json()["error"]["details"]] == [
        "validation.type", "customer.family_kana.not_katakana", "customer.phone.invalid", "payment.card_security_code"]
    assert taro.ok(taro.get("/orders"))["orders"] == []


def test_malformed_json_is_a_400_everywhere(api: Api) -> None:
    taro = api.login()
    for method, path, sim in (("POST", "/auth/login", False), ("POST", "/auth/product", False),
                              ("POST", "/renewal-options", False), ("POST", "/orders", False),
                              ("PUT", "/sim/clock", True), ("POST", "/sim/clock/advance", True),
                              ("POST", "/sim/scenario", True), ("POST", "/sim/orders/ord_x/pay", True)):
        answer = raw(taro, method, path, b'{"items": [', sim=sim, key=True)
        assert answer.status_code == 400 and error_code(answer) == "request.malformed", path
    assert taro.ok(taro.get("/orders"))["orders"] == []


@pytest.mark.parametrize(("method", "path", "body", "code", "field"), [
    ("POST", "/auth/login", {"email": "taro@example.jp"}, "validation.required", "password"),
    ("POST", "/auth/login", {"email": "x" * 300, "password": "p"}, "validation.too_long", "email"),
    ("POST", "/auth/product", {"serial": SERIAL}, "validation.required", "installation_secret"),
    ("POST", "/renewal-options", {"serials": []}, "validation.invalid", "serials"),
    ("POST", "/renewal-options", {"serials": "VB5C"}, "validation.type", "serials"),
    ("GET", "/orders/ord_x?since=-1&wait=1", None, "validation.out_of_range", "since"),
    ("GET", "/orders/ord_x?wait=abc", None, "validation.type", "wait"),
])
def test_bad_client_requests_name_the_field(api: Api, method: str, path: str, body, code: str, field: str) -> None:
    taro = api.login()
    answer = taro.request(method, path, json=body)
    assert answer.status_code == 422, answer.text
    assert error_code(answer) == code and answer.json()["error"]["field"] == field


@pytest.mark.parametrize(("method", "path", "body", "status", "code"), [
    ("POST", "/sim/clock/advance", {"days": -1}, 422, "validation.out_of_range"),
    ("PUT", "/sim/clock", {"now": "yesterday"}, 422, "sim.bad_clock"),
    ("PUT", "/sim/clock", {"now": "2027-02-29"}, 422, "sim.bad_clock"),
    ("PUT", "/sim/clock", {"now": "2026-11-26 10:00"}, 422, "sim.bad_clock"),  # Python reads it; the document not
    ("PUT", "/sim/clock", {"now": "2100-01-01T00:00+09:00"}, 422, "sim.bad_clock"),
    ("PUT", "/sim/clock", {"now": "2099-12-31T23:00-05:00"}, 422, "sim.bad_clock"),  # 2100 in Japan
    ("PUT", "/sim/clock", {"seconds_per_day": 0.001}, 422, "validation.out_of_range"),
    ("PUT", "/sim/clock", {"seconds_per_day": -5}, 422, "validation.out_of_range"),
    ("POST", "/sim/scenario", {"name": "../../etc/passwd"}, 422, "sim.unknown_scenario"),
    ("POST", "/sim/scenario", {"name": "vb_cloud_in_term", "start": "26/11/2026"}, 422, "validation.invalid"),
    ("POST", "/sim/scenario", {"name": "vb_cloud_in_term", "start": "20261126"}, 422, "validation.invalid"),
    ("POST", "/sim/scenario", {"name": "vb_cloud_in_term", "start": ""}, 422, "validation.invalid"),
    ("POST", "/sim/orders/ord_missing/pay", {"place": "convenience_store", "amount": 5280}, 404, "order.not_found"),
    ("POST", "/sim/orders/ord_missing/pay", {"place": "bank", "amount": 5280}, 422, "validation.choice"),
])
def test_bad_simulation_requests(api: Api, method: str, path: str, body, status: int, code: str) -> None:
    answer = api.request(method, path, json=body, sim=True)
    assert answer.status_code == status, answer.text
    assert error_code(answer) == code
    assert api.ok(api.get("/sim/scenarios", sim=True))["current"] == "vb_cloud_in_term"


CARD = {"number": "4242424242424242", "expiry_month": 12, "expiry_year": 2030, "security_code": "123"}


@pytest.mark.parametrize(("method", "path", "body", "field"), [
    # An integer is an integer: not a string of digits, a boolean or a float with nothing after the point.
    ("POST", "/orders", {"items": [{**ITEM, "years": "1"}]}, "items[0].years"),
    ("POST", "/orders", {"items": [{**ITEM, "years": True}]}, "items[0].years"),
    ("POST", "/orders", {"items": [{**ITEM, "years": 1.0}]}, "items[0].years"),
    ("POST", "/orders", {"payment_method": "credit_card", "card": {**CARD, "expiry_month": "12"}},
     "card.expiry_month"),
    ("POST", "/orders", {"payment_method": "credit_card", "card": {**CARD, "expiry_year": 2030.0}},
     "card.expiry_year"),
    ("POST", "/sim/orders/ord_missing/pay", {"place": "post_office", "amount": "5280"}, "amount"),
    ("POST", "/sim/orders/ord_missing/pay", {"place": "post_office", "amount": 5280.0}, "amount"),
    ("POST", "/sim/scenario", {"name": "vb_cloud_in_term", "seed": "7"}, "seed"),
    ("POST", "/sim/faults", {"path": "/api/v1/orders", "kind": "latency", "latency_ms": "100"}, "latency_ms"),
    ("POST", "/sim/faults", {"path": "/api/v1/orders", "kind": "status", "status": 503.0}, "status"),
    ("POST", "/sim/faults", {"path": "/api/v1/orders", "kind": "status", "mode": "every_nth", "n": True}, "n"),
    # A boolean is a boolean, not 0/1 or a string.
    ("POST", "/sim/clock/advance", {"to_next_event": 1}, "to_next_event"),
    ("POST", "/sim/clock/advance", {"to_next_event": "true"}, "to_next_event"),
    ("POST", "/sim/scenario", {"name": "vb_cloud_in_term", "customer_pays": 0}, "customer_pays"),
    # A number may be an integer, never a string or a boolean.
    ("POST", "/sim/clock/advance", {"days": "1"}, "days"),
    ("POST", "/sim/clock/advance", {"hours": True}, "hours"),
    ("PUT", "/sim/clock", {"seconds_per_day": "4"}, "seconds_per_day"),
])
def test_numbers_and_booleans_are_taken_as_typed(api: Api, method: str, path: str, body: dict, field: str) -> None:
    """No coercion: 422 validation.type naming the field, and the request changes nothing."""
    taro = api.login()
    sim = path.startswith("/sim/")
    if path == "/orders":
        body = {"items": [ITEM], "payment_method": "slip", "customer": CUSTOMER, **body}
    clock = api.ok(api.get("/sim/clock", sim=True))
    answer = (api if sim else taro).request(method, path, json=body, sim=sim,
                                            headers={"Idempotency-Key": str(uuid.uuid4())})
    assert answer.status_code == 422, answer.text
    assert error_code(answer) == "validation.type" and answer.json()["error"]["field"] == field
    assert taro.ok(taro.get("/orders"))["orders"] == []
    assert api.ok(api.get("/sim/clock", sim=True)) == clock
    assert api.ok(api.get("/sim/faults", sim=True))["faults"] == []


def test_the_same_values_well_typed_are_accepted(api: Api) -> None:
    taro = api.login()
    card = taro.order([ITEM], method="credit_card", card=CARD)
    assert card.status_code == 201, card.text
    assert api.advance(days=1.0, hours=1, to_next_event=False)["today"] == "2026-11-27"


def test_the_clock_takes_the_instants_the_document_describes(api: Api) -> None:
    for now, today in (("2030-01-02", "2030-01-02"), ("2030-01-02T23:30", "2030-01-02"),
                       ("2030-01-02T23:30:00Z", "2030-01-03"), ("2030-01-02T01:30:15.5-01:00", "2030-01-02"),
                       ("2000-02-29T00:00+09:00", "2000-02-29")):
        clock = api.ok(api.request("PUT", "/sim/clock", json={"now": now}, sim=True))
        assert clock["today"] == today, now


def test_advancing_past_2099_is_a_conflict_with_the_clock(api: Api) -> None:
    """The request is valid (it would be from 2026); from 2099-12-31 it is not: 409, and the clock stays."""
    api.ok(api.request("PUT", "/sim/clock", json={"now": "2099-12-31T10:00:00+09:00"}, sim=True))
    answer = api.post("/sim/clock/advance", {"days": 1}, sim=True)
    assert answer.status_code == 409 and error_code(answer) == "sim.clock_out_of_range"
    assert api.ok(api.get("/sim/clock", sim=True))["today"] == "2099-12-31"


def test_unknown_routes_and_methods(api: Api) -> None:
    missing = api.get("/nothing-here")
    assert missing.status_code == 404 and error_code(missing) == "request.not_found"
    wrong = api.request("DELETE", "/licences")
    assert wrong.status_code == 405 and error_code(wrong) == "request.method_not_allowed"
    assert wrong.headers["Allow"] == "GET"


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


def test_a_405_names_the_methods_the_path_allows(api: Api) -> None:
    """Every other method on every documented path: 405, and Allow lists exactly the documented methods."""
    document = api.ok(api.http.get(f"{api.root}/openapi.json", timeout=10))
    tried = 0
    for template, operations in document["paths"].items():
        path = template.replace("{", "").replace("}", "")  # {order_id} -> order_id: any value routes
        allowed = [method for method in METHODS if method.lower() in operations]
        for method in METHODS:
            if method in allowed:
                continue
            answer = api.http.request(method, api.root + path, timeout=10)
            assert answer.status_code == 405, (method, path, answer.status_code)
            assert answer.headers["Allow"] == ", ".join(allowed), (method, path)
            if method != "HEAD":
                assert error_code(answer) == "request.method_not_allowed"
            tried += 1
    assert tried > 100
    # Paths whose methods are separate routes, as the document lists them.
    assert api.request("PATCH", "/sim/clock").headers["Allow"] == "GET, PUT"
    assert api.request("PUT", "/sim/faults").headers["Allow"] == "GET, POST, DELETE"
    assert api.request("DELETE", "/orders").headers["Allow"] == "GET, POST"


def test_health_and_openapi(api: Api) -> None:
    health = api.ok(api.get("/health"))
    assert health["status"] == "ok" and health["qa_mode"] is True and health["now"].endswith("+09:00")
    assert api.ok(api.http.get(api.root + "/health", timeout=5))["status"] == "ok"
    spec = api.ok(api.http.get(api.root + "/openapi.json", timeout=5))
    assert "/api/v1/orders" in spec["paths"] and "/api/v1/orders/{order_id}" in spec["paths"]
    assert "ErrorOut" in spec["components"]["schemas"]
