"""The service's OpenAPI document: it validates, it names every header and error, and the API conforms to it.

The conformance run is schemathesis' own engine (what ``st run --checks all`` does) against the
real server on loopback, with every built-in check: the coverage phase (boundary values, missing
required headers, methods the document does not list), a few fuzzed examples per operation and
short stateful sequences. It is bounded (few examples, few steps, a fixed seed: the same requests
every run) and takes a few seconds. No faults are registered on that server, so any 5xx (503
included) is a bug. Requests a generator seldom builds (a real order, its ETag, a payment) follow,
checked the same way.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import schemathesis
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema
from server_api import CUSTOMER, TARO, Api

from vb_renew.server.embedded import EmbeddedServer

SERIAL = "VB5C-TARO-0001-0001-0001"
# Sent by the HTTP layer on every answer; not the API's own.
FRAMING = {"content-type", "content-length", "date", "server", "connection", "keep-alive", "transfer-encoding"}


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    """A server of its own: the run moves its clock and creates orders at random."""
    server = EmbeddedServer(tmp_path_factory.mktemp("openapi") / "backend.sqlite3", seconds_per_day=None)
    server.start()
    assert server.wait_ready(15)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def document(own_server: EmbeddedServer) -> dict[str, Any]:
    answer = requests.get(f"{own_server.url}/openapi.json", timeout=10)
    assert answer.status_code == 200
    return answer.json()


@pytest.fixture(scope="module")
def headers(own_server: EmbeddedServer) -> dict[str, str]:
    """A bearer token for the client routes and the simulation token for /sim (both sent on every call)."""
    email, password = TARO
    login = requests.post(f"{own_server.url}/api/v1/auth/login", json={"email": email, "password": password},
                          timeout=10)
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['token']}", "X-Sim-Token": own_server.sim_token}


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_document_is_a_valid_openapi_3_document(own_server: EmbeddedServer, document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    schemathesis.openapi.from_dict(document).validate()  # the OpenAPI 3.x meta-schema (jsonschema-rs)


def test_the_document_lists_the_api(document: dict[str, Any]) -> None:
    paths = document["paths"]
    for path in ("/api/v1/auth/login", "/api/v1/licences", "/api/v1/renewal-options", "/api/v1/orders",
                 "/api/v1/orders/{order_id}", "/api/v1/mails", "/api/v1/sim/faults", "/api/v1/sim/faults/{fault_id}"):
        assert path in paths, path
    assert set(paths["/api/v1/sim/faults"]) == {"get", "post", "delete"}


def test_the_document_names_the_request_headers_and_who_may_call(document: dict[str, Any]) -> None:
    create = document["paths"]["/api/v1/orders"]["post"]
    key = {p["name"]: p for p in create["parameters"] if p["in"] == "header"}["Idempotency-Key"]
    assert key["required"] is True and key["schema"]["maxLength"] == 255
    get_order = document["paths"]["/api/v1/orders/{order_id}"]["get"]
    assert "If-None-Match" in {p["name"] for p in get_order["parameters"] if p["in"] == "header"}

    schemes = document["components"]["securitySchemes"]
    assert (schemes["bearer"]["type"], schemes["bearer"]["scheme"]) == ("http", "bearer")
    assert (schemes["simToken"]["in"], schemes["simToken"]["name"]) == ("header", "X-Sim-Token")
    for path, method, operation in operations(document):
        if path.startswith("/api/v1/sim/"):
            expected = [{"simToken": []}]
        elif path == "/api/v1/auth/logout":
            expected = [{"bearer": []}]  # revokes the token it is sent with
        elif path.startswith("/api/v1/auth/") or path.endswith("/health"):
            expected = None  # how one gets a token, and the health check: open
        else:
            expected = [{"bearer": []}]
        assert operation.get("security") == expected, f"{method.upper()} {path}"


def test_the_document_names_the_response_headers(document: dict[str, Any]) -> None:
    def documented(path: str, method: str, status: str) -> set[str]:
        return set(document["paths"][path][method]["responses"][status].get("headers", {}))

    order = {"ETag", "X-Poll-After", "Cache-Control"}
    assert documented("/api/v1/orders", "post", "201") == {"Location", "Idempotent-Replayed"} | order
    assert documented("/api/v1/orders/{order_id}", "get", "200") == order
    assert documented("/api/v1/orders/{order_id}", "get", "304") == order
    assert documented("/api/v1/sim/orders/{order_id}/pay", "post", "200") == order
    assert documented("/api/v1/orders", "post", "409") == {"Retry-After", "Content-Language"}  # idempotency.in_flight
    for path, method, operation in operations(document):
        answers = operation["responses"]
        assert "Retry-After" in answers["503"]["headers"], f"{method.upper()} {path}"
        if "429" in answers:
            assert "Retry-After" in answers["429"]["headers"]
        if "401" in answers:
            assert "WWW-Authenticate" in answers["401"]["headers"]


def test_every_error_answer_is_documented_with_its_codes(document: dict[str, Any]) -> None:
    """Each operation's error statuses, each with the error body and the codes it may carry."""
    for path, method, operation in operations(document):
        label = f"{method.upper()} {path}"
        errors = {status: answer for status, answer in operation["responses"].items() if int(status) >= 400}
        assert "503" in errors, label
        assert ("429" in errors) is not path.startswith("/api/v1/sim/"), label  # faults never apply to /sim
        signs_in = operation.get("security") == [{"bearer": []}] or path.startswith("/api/v1/auth/")
        assert ("401" in errors) is signs_in, label
        assert ("403" in errors) is path.startswith("/api/v1/sim/"), label
        assert ("422" in errors) is ("requestBody" in operation or any(
            p["in"] == "query" for p in operation.get("parameters", []))), label
        for status, answer in errors.items():
            ref, codes = answer["content"]["application/json"]["schema"]["allOf"]
            assert ref == {"$ref": "#/components/schemas/ErrorOut"}, (label, status)
            code = codes["properties"]["error"]["properties"]["code"]
            assert code.get("enum") or code["anyOf"][0]["enum"], (label, status)
    assert "HTTPValidationError" not in document["components"]["schemas"]


def undocumented_headers(document: dict[str, Any], method: str, path: str, response: requests.Response) -> set[str]:
    answer = document["paths"][path][method.lower()]["responses"][str(response.status_code)]
    known = {name.lower() for name in answer.get("headers", {})}
    return {name for name in response.headers if name.lower() not in known | FRAMING}


def test_the_api_sends_no_header_the_document_does_not_name(api: Api) -> None:
    document = api.ok(api.http.get(f"{api.root}/openapi.json", timeout=10))
    taro = api.login()
    body = {"items": [{"serial": SERIAL, "product": "vb_cloud", "years": 1}], "payment_method": "slip",
            "customer": CUSTOMER}
    key = str(uuid.uuid4())
    created = taro.post("/orders", body, headers={"Idempotency-Key": key})
    replayed = taro.post("/orders", body, headers={"Idempotency-Key": key})
    assert (created.status_code, replayed.status_code) == (201, 201), created.text
    assert replayed.headers["Idempotent-Replayed"] == "true"
    order = created.json()
    url = f"/orders/{order['id']}"
    calls: list[tuple[str, str, requests.Response]] = [
        ("POST", "/api/v1/orders", created), ("POST", "/api/v1/orders", replayed),
        ("POST", "/api/v1/orders", taro.post("/orders", body)),
        ("GET", "/api/v1/orders/{order_id}", taro.get(url)),
        ("GET", "/api/v1/orders/{order_id}", taro.get(url, headers={"If-None-Match": created.headers["ETag"]})),
        ("GET", "/api/v1/orders/{order_id}", api.get(url)),
        ("GET", "/api/v1/orders/{order_id}", api.get(url, headers={"Authorization": "Bearer nope"})),
        ("GET", "/api/v1/orders/{order_id}", taro.get(f"{url}?wait=soon")),
        ("GET", "/api/v1/orders/{order_id}", taro.get("/orders/ord_none")),
        ("POST", "/api/v1/sim/orders/{order_id}/pay", api.pay(order["id"], order["total"])),
        ("POST", "/api/v1/sim/orders/{order_id}/pay", api.post(f"/sim/orders/{order['id']}/pay", {})),
        ("GET", "/api/v1/licences", taro.get("/licences")),
        ("GET", "/api/v1/sim/clock", api.get("/sim/clock")),
    ]
    seen = set()
    for method, path, response in calls:
        seen.add(response.status_code)
        assert not undocumented_headers(document, method, path, response), (method, path, response.status_code)
    assert {200, 201, 304, 400, 401, 403, 404, 409, 422} <= seen
    assert replayed.headers["Location"] == f"/api/v1/orders/{order['id']}"


# --- the API page ------------------------------------------------------------------------------------


class Assets(HTMLParser):
    """The URLs a page loads: scripts, style sheets, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        url = named.get("src") if tag in ("script", "img") else named.get("href") if tag == "link" else None
        if url:
            self.urls.append(url)


def test_the_api_page_works_offline(api: Api) -> None:
    """/docs loads Swagger UI from the backend itself: no CDN, no other host, every asset there."""
    page = api.http.get(f"{api.root}/docs", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    parser = Assets()
    parser.feed(page.text)
    # The document itself, named in the page's script.
    document = re.search(r"url: '([^']+)'", page.text)
    assert document, page.text
    urls = [*parser.urls, document.group(1)]
    assert any(url.endswith(".js") for url in urls) and any(url.endswith(".css") for url in urls), urls
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]", page.text, re.IGNORECASE), "a URL to another host"
    origin = urlsplit(api.root)
    for url in urls:
        absolute = urlsplit(urljoin(page.url, url))
        assert (absolute.scheme, absolute.netloc) == (origin.scheme, origin.netloc), url
        asset = api.http.get(absolute.geturl(), timeout=10)
        assert asset.status_code == 200 and asset.content, url
    # The OAuth2 redirect page of Swagger UI is served too, and /redoc is not (its viewer is not shipped).
    redirect = api.http.get(f"{api.root}/docs/oauth2-redirect", timeout=10)
    assert redirect.status_code == 200 and "http" not in redirect.text
    assert api.http.get(f"{api.root}/redoc", timeout=10).status_code == 404
    asset = urljoin(page.url, parser.urls[0])
    assert api.http.post(asset, timeout=10).headers["Allow"] == "GET, HEAD"


# --- the conformance run -----------------------------------------------------------------------------

EXAMPLES = 5  # fuzzed per operation (the coverage phase adds its own, a few dozen per operation)
STEPS = 5  # stateful: longest sequence of linked calls
SEED = 20261126
# What schemathesis' positive_data_acceptance check takes, by default, as a schema-valid request accepted.
POSITIVE_DATA_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]


def run_config(headers: dict[str, str]) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict({
        "seed": SEED,
        "headers": headers,
        "workers": 1,
        "request-timeout": 10,
        # Every built-in check; no answer may take 10 s (the longest held long poll a run could ask for is 30 s).
        "checks": {"enabled": True, "max_response_time": 10},
        "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
        # Undocumented methods: one no path has, and OPTIONS (its Allow must list the documented ones); every
        # other method on every path is tried by tests/server/test_bad_input.py.
        "phases": {"examples": {"enabled": True},
                   "coverage": {"enabled": True, "unexpected-methods": ["PATCH", "OPTIONS"]},
                   "fuzzing": {"enabled": True}, "stateful": {"enabled": True, "max-steps": STEPS}},
        # An order's customer is checked by the product rules (printable on the slip, a Japanese phone number, one
        # of the 47 prefectures...), which no JSON Schema states: a schema-valid body may be 422 customer.*. The
        # body is validated before the licences are looked up (docs/api.md, "Order of checks"), so that 422 now
        # comes first; it used to hide behind the 404 a generated serial gets.
        "operations": [{"include-path": "/api/v1/orders", "include-method": "POST", "checks": {
            "positive_data_acceptance": {"expected-statuses": [*POSITIVE_DATA_ACCEPTED, "422"]}}}],
    })


def failures_of(event: events.EngineEvent) -> Iterator[str]:
    if isinstance(event, events.ScenarioFinished):
        for case_id, checks in event.recorder.checks.items():
            for check in checks:
                if check.failure_info is not None:
                    failure = check.failure_info.failure
                    yield (f"{check.name} on {event.recorder.label}: {failure.title}\n{failure.message}\n"
                           f"{check.failure_info.code_sample}")
    elif isinstance(event, events.NonFatalError | events.FatalError):
        yield f"error: {event!r}"
    elif isinstance(event, events.EngineFinished):
        yield from (f"after the run: {failure.title}\n{failure.message}" for failure in event.failures)


def checks_run(event: events.EngineEvent) -> set[str]:
    if isinstance(event, events.ScenarioFinished):
        return {check.name for checks in event.recorder.checks.values() for check in checks}
    return set()


@pytest.mark.slow
def test_the_api_conforms_to_its_document(own_server: EmbeddedServer, headers: dict[str, str]) -> None:
    whole = schemathesis.openapi.from_url(f"{own_server.url}/openapi.json", config=run_config(headers))
    # Out of the run: faults answer 5xx by design (tests/server/test_faults.py); loading a
    # scenario or a world wipes the accounts, and logging out revokes the run's token, so every later call would only
    # see 401 (logging out is checked last, below; the world routes have their own run, tests/server/test_worlds.py).
    schema = whole.exclude(path_regex=r"^/api/v1/(sim/(faults|scenario|world)|auth/logout)")
    sim = {"X-Sim-Token": headers["X-Sim-Token"]}
    start = requests.get(f"{own_server.url}/api/v1/sim/clock", headers=sim, timeout=10).json()
    failures: list[str] = []
    ran: set[str] = set()
    for event in from_schema(schema).execute():
        failures.extend(failures_of(event))
        ran |= checks_run(event)
    load_all_checks()
    assert set(CHECKS.get_all_names()) | {"max_response_time"} <= ran
    assert not failures, "\n\n".join(failures)

    # Requests a random generator seldom builds: a real order, replayed, its ETag, a long poll, payments.
    operations = {op.label: op for op in (result.ok() for result in whole.get_all_operations())}
    session = requests.Session()
    seen: dict[str, set[int]] = {}

    def call(label: str, **parts: Any) -> None:
        case = operations[label].Case(**parts)
        response = case.call(session=session, headers=dict(headers), timeout=10)
        seen.setdefault(label, set()).add(response.status_code)
        try:
            case.validate_response(response, headers=dict(headers))  # the run's checks, from its config
        except (Exception, BaseExceptionGroup) as exc:  # every request is tried, all failures reported
            failures.append(f"{label} {parts}: {exc}")

    # The run left the clock anywhere in 2000-2099, perhaps running: back to where it was, stopped.
    call("PUT /api/v1/sim/clock", body={"now": start["now"], "seconds_per_day": None}, headers=sim)
    order_body = {"items": [{"serial": SERIAL, "product": "vb_cloud", "years": 1}], "payment_method": "slip",
                  "customer": CUSTOMER, "card": None}
    # Refusals the rules decide (their codes are in the document's error schema too); they store nothing.
    for refused in ({"items": [{**order_body["items"][0], "years": 4}]}, {"payment_method": "konbini"},
                    {"customer": {**CUSTOMER, "postal_code": "1"}}, {"payment_method": "credit_card"}):
        call("POST /api/v1/orders", body={**order_body, **refused}, headers={"Idempotency-Key": str(uuid.uuid4())})
    key = {"Idempotency-Key": str(uuid.uuid4())}
    for _ in range(2):  # created, then replayed
        call("POST /api/v1/orders", body=order_body, headers=key)
    orders = session.get(f"{own_server.url}/api/v1/orders", headers=headers, timeout=10).json()["orders"]
    assert orders, "the known order was not created"
    order = orders[0]
    known: list[tuple[str, dict[str, Any]]] = [
        ("POST /api/v1/renewal-options", {"body": {"serials": [SERIAL, "VB5C-NONE-0000-0000-0000"]}}),
        ("POST /api/v1/renewal-options", {"body": {"serials": [SERIAL]}}),
        ("GET /api/v1/licences/{serial}", {"path_parameters": {"serial": SERIAL}}),
        ("POST /api/v1/orders", {"body": order_body, "headers": {"Idempotency-Key": str(uuid.uuid4())}}),  # 409
        ("GET /api/v1/orders/{order_id}", {"path_parameters": {"order_id": order["id"]}}),
        ("GET /api/v1/orders/{order_id}", {"path_parameters": {"order_id": order["id"]},
                                           "headers": {"If-None-Match": f'"{order["version"]}"'}}),
        ("GET /api/v1/orders/{order_id}", {"path_parameters": {"order_id": order["id"]},
                                           "query": {"since": order["version"], "wait": 0.2}}),
        ("POST /api/v1/sim/clock/advance", {"body": {"days": 15}, "headers": sim}),
        ("POST /api/v1/sim/orders/{order_id}/pay", {"path_parameters": {"order_id": order["id"]}, "headers": sim,
                                                    "body": {"place": "post_office", "amount": 1}}),
        ("POST /api/v1/sim/orders/{order_id}/pay", {"path_parameters": {"order_id": order["id"]}, "headers": sim,
                                                    "body": {"place": "post_office", "amount": order["total"]}}),
        ("POST /api/v1/sim/clock/advance", {"body": {"to_next_event": True}, "headers": sim}),
        # Found by an earlier run: a tiny positive compression overflowed the clock (503 on every request after).
        ("PUT /api/v1/sim/clock", {"body": {"seconds_per_day": 1.8e-220}, "headers": sim}),
        ("PUT /api/v1/sim/clock", {"body": {"now": start["now"]}, "headers": sim}),  # for below
        ("GET /api/v1/sim/clock", {"headers": sim}),
    ]
    for label, parts in known:
        call(label, **parts)
    for _ in range(4):  # 30 years a call: the fourth at the latest would pass 2099 (409)
        call("POST /api/v1/sim/clock/advance", body={"days": 3650, "hours": 87600, "minutes": 5256000}, headers=sim)
    for _ in range(2):  # the run's token revoked (204), then no longer valid (401)
        call("POST /api/v1/auth/logout")

    assert not failures, "\n\n".join(failures)
    assert {200, 304} <= seen["GET /api/v1/orders/{order_id}"]
    assert {201, 409, 422} <= seen["POST /api/v1/orders"]
    assert {200, 409} <= seen["POST /api/v1/sim/clock/advance"]
    assert seen["POST /api/v1/auth/logout"] == {204, 401}
