"""Talking to the backend in the server tests: the HTTP client, fixed test data, the error shape.

A module of its own (not conftest) so that test modules import it by a name no other folder uses.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

import requests

START = "2026-11-26"  # a fixed simulated today, so dates in assertions are exact

CUSTOMER = {
    "family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
    "postal_code": "151-0053", "prefecture": "東京都", "city": "渋谷区代々木", "address_line": "2-1-1",
    "building": "", "phone": "03-5334-3601", "email": "taro@example.jp",
}
TARO = ("taro@example.jp", "taro-pass-1234")
HANAKO = ("hanako@example.jp", "hanako-pass-5678")
CARD_OK = {"number": "4242424242424242", "expiry_month": 12, "expiry_year": 2030, "security_code": "123",
           "holder": "TARO YAMADA"}


class Gate:
    """Holds an order in flight (the test hook of create_app) while ``closed``."""

    def __init__(self) -> None:
        self.armed = False
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self) -> None:
        if self.armed:
            self.entered.set()
            self.release.wait(10)

    def reset(self) -> None:
        self.armed = False
        self.entered.clear()
        self.release.clear()


class Api:
    """A thin HTTP helper: one bearer token, the sim token, and the request/response of each call."""

    def __init__(self, base: str, sim_token: str | None, token: str | None = None) -> None:
        self.base = base.rstrip("/") + "/api/v1"
        self.root = base.rstrip("/")
        self.sim_token = sim_token
        self.token = token
        self.http = requests.Session()

    def request(self, method: str, path: str, *, json: Any = None, headers: dict[str, str] | None = None,
                sim: bool = False, **kw: Any) -> requests.Response:
        sent = dict(headers or {})
        if self.token and "Authorization" not in sent:
            sent["Authorization"] = f"Bearer {self.token}"
        if sim:
            sent.setdefault("X-Sim-Token", self.sim_token or "")
        kw.setdefault("timeout", 40)
        return self.http.request(method, self.base + path, json=json, headers=sent, **kw)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.request("POST", path, json=json, **kw)

    def ok(self, response: requests.Response, status: int = 200) -> Any:
        assert response.status_code == status, (response.status_code, response.text)
        return response.json()

    # --- flows -------------------------------------------------------------------------------------

    def load(self, name: str, *, seed: int = 7, customer_pays: bool = False, start: str = START,
             seconds_per_day: float | None = None) -> dict[str, Any]:
        return self.ok(self.post("/sim/scenario", {"name": name, "seed": seed, "customer_pays": customer_pays,
                                                   "start": start, "seconds_per_day": seconds_per_day}, sim=True))

    def login(self, who: tuple[str, str] = TARO) -> Api:
        answer = self.ok(self.post("/auth/login", {"email": who[0], "password": who[1]}))
        return Api(self.root, self.sim_token, answer["token"])

    def login_product(self) -> Api:
        inst = self.ok(self.get("/sim/installation", sim=True))
        answer = self.ok(self.post("/auth/product", inst))
        return Api(self.root, self.sim_token, answer["token"])

    def order(self, items: list[dict[str, Any]], *, method: str = "slip", card: dict[str, Any] | None = None,
              key: str | None = None, customer: dict[str, Any] | None = None) -> requests.Response:
        body = {"items": items, "payment_method": method, "customer": customer or CUSTOMER, "card": card}
        return self.post("/orders", body, headers={"Idempotency-Key": key or str(uuid.uuid4())})

    def advance(self, **by: Any) -> dict[str, Any]:
        return self.ok(self.post("/sim/clock/advance", by, sim=True))

    def next_event(self) -> dict[str, Any]:
        return self.advance(to_next_event=True)

    def get_order(self, order_id: str) -> dict[str, Any]:
        return self.ok(self.get(f"/orders/{order_id}"))

    def pay(self, order_id: str, amount: int, place: str = "convenience_store") -> requests.Response:
        return self.post(f"/sim/orders/{order_id}/pay", {"place": place, "amount": amount}, sim=True)


def error_code(response: requests.Response) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field", "details"}, body
    assert body["error"]["message"], body
    return body["error"]["code"]
