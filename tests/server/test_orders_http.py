"""Idempotency keys, ETag/304, and the long poll."""

from __future__ import annotations

import threading
import time
import uuid

from server_api import CUSTOMER, Api, Gate, error_code

SERIAL = "VB5C-TARO-0001-0001-0001"
ITEMS = [{"serial": SERIAL, "product": "vb_cloud", "years": 1}]


def test_same_key_and_body_replays_the_first_answer(api: Api) -> None:
    taro = api.login()
    key = str(uuid.uuid4())
    first = taro.order(ITEMS, key=key)
    second = taro.order(ITEMS, key=key)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert len(taro.ok(taro.get("/orders"))["orders"]) == 1


def test_same_key_with_another_body_is_refused(api: Api) -> None:
    taro = api.login()
    key = str(uuid.uuid4())
    taro.ok(taro.order(ITEMS, key=key), 201)
    other = taro.order([{**ITEMS[0], "years": 2}], key=key)
    assert other.status_code == 422 and error_code(other) == "idempotency.key_reused"


def test_same_key_with_another_invalid_body_is_that_body_s_422_and_the_key_still_replays(api: Api) -> None:
    """The body is validated before the key is looked at (docs/api.md, "Order of checks")."""
    taro = api.login()
    key = str(uuid.uuid4())
    first = taro.ok(taro.order(ITEMS, key=key), 201)
    other = taro.order(ITEMS, key=key, customer={**CUSTOMER, "phone": "abc"})
    assert other.status_code == 422 and error_code(other) == "customer.phone.invalid"
    again = taro.order(ITEMS, key=key)
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first


def test_missing_key_is_a_400_and_stores_nothing(api: Api) -> None:
    taro = api.login()
    body = {"items": ITEMS, "payment_method": "slip", "customer": CUSTOMER}
    missing = taro.post("/orders", body)
    assert missing.status_code == 400 and error_code(missing) == "idempotency.key_missing"
    assert taro.ok(taro.get("/orders"))["orders"] == []


def test_a_key_still_in_flight_answers_409(api: Api, gate: Gate) -> None:
    taro = api.login()
    key = str(uuid.uuid4())
    gate.armed = True
    results: dict[str, object] = {}
    first = threading.Thread(target=lambda: results.setdefault("first", taro.order(ITEMS, key=key)))
    first.start()
    assert gate.entered.wait(5)
    concurrent = api.login().order(ITEMS, key=key)  # same account, another session
    assert concurrent.status_code == 409 and error_code(concurrent) == "idempotency.in_flight"
    gate.release.set()
    first.join(10)
    assert results["first"].status_code == 201  # type: ignore[attr-defined]
    assert taro.order(ITEMS, key=key).json() == results["first"].json()  # type: ignore[attr-defined]


def test_a_refused_order_does_not_burn_its_key(api: Api) -> None:
    taro = api.login()
    key = str(uuid.uuid4())
    bad = taro.order(ITEMS, key=key, customer={**CUSTOMER, "postal_code": "12"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "customer.postal_code"
    assert taro.order(ITEMS, key=key).status_code == 201


def test_etag_and_if_none_match(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order(ITEMS), 201)
    first = taro.get(f"/orders/{order['id']}")
    etag = first.headers["ETag"]
    assert etag == '"1"' and int(first.headers["X-Poll-After"]) >= 1
    same = taro.get(f"/orders/{order['id']}", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.headers["ETag"] == etag and not same.content
    api.next_event()
    changed = taro.get(f"/orders/{order['id']}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] == '"2"'


def test_long_poll_answers_at_the_timeout_when_nothing_changes(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order(ITEMS), 201)
    started = time.monotonic()
    answer = taro.get(f"/orders/{order['id']}", params={"since": 1, "wait": 0.5})
    assert time.monotonic() - started >= 0.45  # held for its wait
    assert answer.status_code == 200 and answer.json()["version"] == 1  # then answered, unchanged
    with_etag = taro.get(f"/orders/{order['id']}", params={"since": 1, "wait": 0.2}, headers={"If-None-Match": '"1"'})
    assert with_etag.status_code == 304


def test_long_poll_answers_right_after_a_change(api: Api) -> None:
    """The held poll answers with the change, not at the end of its wait (how soon: benchmarks/longpoll.py)."""
    taro = api.login()
    order = taro.ok(taro.order(ITEMS), 201)
    wait = 25  # seconds; the server holds at most 30
    got: dict[str, int] = {}

    def poll() -> None:
        answer = taro.get(f"/orders/{order['id']}", params={"since": 1, "wait": wait})
        got["version"] = answer.json()["version"]

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    time.sleep(0.3)  # the poll is parked on the server
    api.next_event()  # slip_mailed
    poller.join(wait / 2)
    assert not poller.is_alive(), "the held poll was not answered well before its wait ran out"
    assert got["version"] == 2


def test_long_poll_wakes_on_a_change_made_by_the_running_clock(api: Api) -> None:
    api.load("vb_cloud_in_term", seconds_per_day=None)
    taro = api.login()
    order = taro.ok(taro.order(ITEMS), 201)
    api.ok(api.request("PUT", "/sim/clock", json={"seconds_per_day": 0.5}, sim=True))  # the slip is mailed ~0.5 s later
    answer = taro.get(f"/orders/{order['id']}", params={"since": 1, "wait": 10})
    assert answer.json()["version"] >= 2
    api.ok(api.request("PUT", "/sim/clock", json={"seconds_per_day": None}, sim=True))


def test_wait_over_30_seconds_is_refused(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order(ITEMS), 201)
    bad = taro.get(f"/orders/{order['id']}", params={"since": 1, "wait": 31})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "wait"


def test_many_held_polls_are_answered_by_one_read_with_the_order_as_it_is(fresh_server) -> None:  # noqa: ANN001
    """One change wakes every poll held on the order; they share one read of the order (what keeps a change cheap
    with hundreds of clients: benchmarks/longpoll.py), and each gets what a plain GET gets."""
    api = Api(fresh_server.url, fresh_server.sim_token)
    api.load("vb_cloud_in_term")
    taro = api.login()
    order = taro.ok(taro.order(ITEMS), 201)
    notifier = fresh_server.app.state.notifier
    reads: list[str] = []
    load = notifier.load
    notifier.load = lambda order_id: (reads.append(order_id), load(order_id))[1]
    answers: list[object] = []

    def poll() -> None:
        answers.append(taro.get(f"/orders/{order['id']}", params={"since": 1, "wait": 20}))

    pollers = [threading.Thread(target=poll, daemon=True) for _ in range(20)]
    for poller in pollers:
        poller.start()
    deadline = time.monotonic() + 10
    while order["id"] not in notifier._waiters and time.monotonic() < deadline:  # the first poll is parked
        time.sleep(0.05)
    time.sleep(0.5)  # and the others
    api.next_event()  # slip_mailed
    for poller in pollers:
        poller.join(10)
    assert len(answers) == 20
    fresh = taro.get(f"/orders/{order['id']}")
    assert {answer.status_code for answer in answers} == {200}
    assert {answer.content for answer in answers} == {fresh.content}
    assert {answer.headers["ETag"] for answer in answers} == {'"2"'}
    assert reads == [order["id"]]


def test_a_held_poll_on_another_account_s_order_is_not_found(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order(ITEMS), 201)
    hanako = api.login(("hanako@example.jp", "hanako-pass-5678"))
    answer = hanako.get(f"/orders/{order['id']}", params={"since": 1, "wait": 5})
    assert answer.status_code == 404 and error_code(answer) == "order.not_found"


def test_clients_polling_again_at_once_miss_no_change(api: Api) -> None:
    """Each client polls again with the version it just got (parked on the shared answer, without a read of its
    own); changes made back to back still reach every client, up to the last."""
    taro = api.login()
    order = taro.ok(taro.order(ITEMS), 201)
    seen: dict[int, list[int]] = {}
    stop = threading.Event()

    def follow(index: int) -> None:
        version, versions = 1, seen.setdefault(index, [])
        while not stop.is_set() and version < 4:
            answer = taro.get(f"/orders/{order['id']}", params={"since": version, "wait": 10})
            version = answer.json()["version"]
            versions.append(version)

    followers = [threading.Thread(target=follow, args=(i,), daemon=True) for i in range(8)]
    for follower in followers:
        follower.start()
    time.sleep(0.5)
    api.next_event()  # slip_mailed: version 2
    api.next_event()  # slip_delivered: version 3
    api.ok(api.request("POST", f"/sim/orders/{order['id']}/pay", json={"place": "convenience_store",
                                                                       "amount": order["total"]}, sim=True))
    for follower in followers:
        follower.join(15)
    stop.set()
    assert all(versions and versions[-1] == 4 for versions in seen.values()), seen
    assert all(versions == sorted(versions) for versions in seen.values())
