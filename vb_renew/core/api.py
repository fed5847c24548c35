"""The backend's HTTP API, as plain blocking calls (run them off the UI thread).

Contract: ``docs/api.md``. Every call has an explicit timeout; every failure
becomes an :class:`~vb_renew.core.errors.ApiError`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from vb_renew.core import errors
from vb_renew.core.data import (
    Clock,
    Health,
    Installation,
    Licence,
    Mail,
    Order,
    RenewalOptions,
    SignedIn,
    World,
    read,
)
from vb_renew.core.errors import ApiError

API = "/api/v1"
# (connect, read) seconds. A long poll adds its wait to the read timeout.
DEFAULT_TIMEOUT = (3.05, 15.0)


@dataclass(frozen=True)
class OrderPoll:
    """One answer to polling an order: the order (None when unchanged), its ETag and the server's hint."""

    order: Order | None
    etag: str | None
    poll_after: float | None

    @property
    def changed(self) -> bool:
        return self.order is not None


@dataclass(frozen=True)
class PlacedOrder:
    """The answer to ``POST /orders``: the order, and whether the server replayed an earlier answer to this key."""

    order: Order
    replayed: bool


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class _RetryReset(Retry):
    """Retry a dropped connection, never a timeout: a slow server is reported as slow, and a long
    poll that ran out is not sent again."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):  # noqa: ANN001
        if isinstance(error, ReadTimeoutError):
            raise error
        return super().increment(method, url, response, error, _pool, _stacktrace)


class ApiClient:
    """A session on one backend; thread-safe for one request at a time per thread (one session each)."""

    def __init__(self, base_url: str, *, token: str | None = None, sim_token: str | None = None,
                 timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.sim_token = sim_token
        self.timeout = timeout
        self._session = requests.Session()
        # A kept-alive connection the server closed while it sat idle (uvicorn: after 5 s) fails the next
        # request with "connection reset": retry such a failure once, for methods safe to repeat. POST is
        # not among them; orders carry an Idempotency-Key and their own retries.
        adapter = HTTPAdapter(max_retries=_RetryReset(total=1, connect=1, read=1, status=0, redirect=0,
                                                      allowed_methods=Retry.DEFAULT_ALLOWED_METHODS,
                                                      raise_on_status=False))
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    # -- plumbing -----------------------------------------------------------

    def _request(self, method: str, path: str, *, json_body: Any = None, headers: dict[str, str] | None = None,
                 params: dict[str, Any] | None = None, extra_read_timeout: float = 0.0,
                 sim: bool = False) -> requests.Response:
        sent = dict(headers or {})
        if self.token:
            sent.setdefault("Authorization", f"Bearer {self.token}")
        if sim and self.sim_token:
            sent["X-Sim-Token"] = self.sim_token
        connect, read = self.timeout
        try:
            response = self._session.request(method, self.base_url + API + path, json=json_body, headers=sent,
                                             params=params, timeout=(connect, read + extra_read_timeout))
        except requests.Timeout as exc:
            raise ApiError("network.timeout", text=errors.TIMEOUT) from exc
        except requests.ConnectionError as exc:
            raise ApiError("network.offline", text=errors.OFFLINE) from exc
        except requests.RequestException as exc:
            raise ApiError("network.offline", text=errors.OFFLINE) from exc
        if response.status_code >= 400:
            raise self._error(response)
        return response

    @staticmethod
    def _error(response: requests.Response) -> ApiError:
        status = response.status_code
        try:
            error = response.json()["error"]
            return ApiError(error["code"], status=status, server_message=error.get("message"),
                            field=error.get("field"), details=error.get("details") or [],
                            retry_after=_retry_after(response))
        except (ValueError, KeyError, TypeError):
            if status >= 500:
                return ApiError("server.error", status=status, text=errors.SERVER, text_values={"status": status},
                                retry_after=_retry_after(response))
            return ApiError("response.malformed", status=status, text=errors.MALFORMED,
                            retry_after=_retry_after(response))

    @staticmethod
    def _json(response: requests.Response) -> Any:
        try:
            return response.json()
        except (ValueError, json.JSONDecodeError) as exc:
            raise ApiError("response.malformed", status=response.status_code, text=errors.MALFORMED) from exc

    def _get(self, path: str, **kwargs: Any) -> Any:
        return self._json(self._request("GET", path, **kwargs))

    def _post(self, path: str, body: Any, **kwargs: Any) -> Any:
        return self._json(self._request("POST", path, json_body=body, **kwargs))

    # -- the client API -----------------------------------------------------

    def health(self) -> Health:
        return read(Health.from_json, self._get("/health"))

    def login(self, email: str, password: str) -> SignedIn:
        answer = read(SignedIn.from_json, self._post("/auth/login", {"email": email, "password": password}))
        self.token = answer.token
        return answer

    def product_login(self, serial: str, installation_secret: str) -> SignedIn:
        answer = read(SignedIn.from_json, self._post("/auth/product", {"serial": serial,
                                                                       "installation_secret": installation_secret}))
        self.token = answer.token
        return answer

    def logout(self) -> None:
        """Revoke this client's token on the server (``POST /auth/logout``) and forget it."""
        try:
            self._request("POST", "/auth/logout")
        finally:
            self.token = None

    def licences(self) -> list[Licence]:
        return read(lambda raw: [Licence.from_json(item) for item in raw["licences"]], self._get("/licences"))

    def licence(self, serial: str) -> Licence:
        return read(Licence.from_json, self._get(f"/licences/{serial}"))

    def renewal_options(self, serials: list[str]) -> RenewalOptions:
        return read(RenewalOptions.from_json, self._post("/renewal-options", {"serials": list(serials)}))

    def create_order(self, body: dict[str, Any], idempotency_key: str) -> Order:
        """Create an order. Retrying with the same key and body can never create a second one."""
        return self.place_order(body, idempotency_key).order

    def place_order(self, body: dict[str, Any], idempotency_key: str) -> PlacedOrder:
        """:meth:`create_order`, also saying whether the answer is a replay (``Idempotent-Replayed``)."""
        response = self._request("POST", "/orders", json_body=body, headers={"Idempotency-Key": idempotency_key})
        replayed = response.headers.get("Idempotent-Replayed", "").lower() == "true"
        return PlacedOrder(read(Order.from_json, self._json(response)), replayed)

    def orders(self) -> list[Order]:
        return read(lambda raw: [Order.from_json(item) for item in raw["orders"]], self._get("/orders"))

    def poll_order(self, order_id: str, *, etag: str | None = None, since: int | None = None,
                   wait: float = 0.0) -> OrderPoll:
        """Read an order; with ``since``/``wait`` a long poll that answers as soon as it changes."""
        params: dict[str, Any] = {}
        if since is not None and wait > 0:
            params = {"since": since, "wait": wait}
        headers = {"If-None-Match": etag} if etag else None
        response = self._request("GET", f"/orders/{order_id}", params=params, headers=headers,
                                 extra_read_timeout=wait)
        hint = response.headers.get("X-Poll-After")
        poll_after = float(hint) if hint and hint.replace(".", "", 1).isdigit() else None
        if response.status_code == 304:
            return OrderPoll(None, response.headers.get("ETag", etag), poll_after)
        order = read(Order.from_json, self._json(response))
        return OrderPoll(order, response.headers.get("ETag"), poll_after or order.poll_after_seconds)

    def mails(self) -> list[Mail]:
        return read(lambda raw: [Mail.from_json(item) for item in raw["mails"]], self._get("/mails"))

    # -- simulation control (QA mode) ----------------------------------------

    def sim_installation(self) -> Installation:
        return read(Installation.from_json, self._get("/sim/installation", sim=True))

    def sim_clock(self) -> Clock:
        return read(Clock.from_json, self._get("/sim/clock", sim=True))

    def sim_set_clock(self, *, now: str | None = None, seconds_per_day: float | None = None) -> Clock:
        body: dict[str, Any] = {}
        if now is not None:
            body["now"] = now
        if seconds_per_day is not None:
            body["seconds_per_day"] = seconds_per_day
        return read(Clock.from_json, self._json(self._request("PUT", "/sim/clock", json_body=body, sim=True)))

    def sim_advance(self, **by: Any) -> Clock:
        return read(Clock.from_json, self._post("/sim/clock/advance", by, sim=True))

    def sim_pay(self, order_id: str, place: str, amount: int) -> Order:
        return read(Order.from_json, self._post(f"/sim/orders/{order_id}/pay", {"place": place, "amount": amount},
                                                sim=True))

    def sim_load_scenario(self, name: str, seed: int | None = None, **options: Any) -> World:
        """Wipe the world and load a scenario (options: start, seconds_per_day, customer_pays)."""
        body: dict[str, Any] = {"name": name, **options}
        if seed is not None:
            body["seed"] = seed
        return read(World.from_json, self._post("/sim/scenario", body, sim=True))

    def sim_add_fault(self, **fault: Any) -> dict[str, Any]:
        return self._post("/sim/faults", fault, sim=True)

    def sim_clear_faults(self) -> None:
        self._request("DELETE", "/sim/faults", sim=True)

    def close(self) -> None:
        self._session.close()
