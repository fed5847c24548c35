"""The backend's HTTP API, as plain blocking calls (run them off the UI thread).

Contract: ``docs/api.md``. Every call has an explicit timeout; every failure
becomes an :class:`~vb_renew.core.errors.ApiError`.

Every request, whichever client sent it, is announced to the listeners of :func:`add_call_listener` as an
:class:`ApiCall` (method, path, status or error, duration): the QA panel's event log. Listeners are called on
the thread that made the request, and must be quick.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import requests

from vb_renew.core import errors
from vb_renew.core.data import (
    Clock,
    Fault,
    Health,
    Installation,
    Licence,
    Mail,
    Order,
    RenewalOptions,
    Scenarios,
    SignedIn,
    SimSettings,
    World,
    read,
)
from vb_renew.core.errors import ApiError
from vb_renew.core.transport import cuttable_session

log = logging.getLogger(__name__)

API = "/api/v1"
# (connect, read) seconds. A long poll adds its wait to the read timeout.
DEFAULT_TIMEOUT = (3.05, 15.0)

# The language the backend's messages come in (``Accept-Language`` on every request): the UI's, which the start-up
# module sets once with :func:`use_language` before the first client is made; Japanese until then.
_language = "ja"


def use_language(language: str) -> None:
    """Ask the backend to answer in ``language`` (``ja``, ``en``): every client made from now on."""
    global _language
    _language = language


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


# -- every request, announced ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiCall:
    """One request a client sent, and how it ended.

    ``status`` is the HTTP status (None: no answer came); ``error`` the :class:`ApiError`'s code (None: it
    succeeded). An answer whose body cannot be read is announced again, with the same ``id`` and its error.
    """

    id: int
    method: str
    path: str  # with the API's prefix, without the query: "/api/v1/licences/VB-..."
    status: int | None
    error: str | None
    duration: float  # seconds
    at: float  # when it was sent (time.time())

    @property
    def ok(self) -> bool:
        return self.error is None


CallListener = Callable[[ApiCall], None]
_listeners: list[CallListener] = []
_listeners_lock = threading.Lock()
_call_ids = itertools.count(1)


def add_call_listener(listener: CallListener) -> None:
    """Call ``listener(call)`` after every request of every client, on the thread that made it."""
    with _listeners_lock:
        _listeners.append(listener)


def remove_call_listener(listener: CallListener) -> None:
    """Stop calling ``listener`` (one that was never added: nothing happens)."""
    with _listeners_lock:
        if listener in _listeners:
            _listeners.remove(listener)


def _announce(call: ApiCall) -> ApiCall:
    with _listeners_lock:
        listeners = tuple(_listeners)
    for listener in listeners:
        try:
            listener(call)
        except Exception:  # a listener never breaks a request
            log.exception("API call listener failed")
    return call


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class ApiClient:
    """A session on one backend; thread-safe for one request at a time per thread (one session each), and
    :meth:`abort` from any thread."""

    def __init__(self, base_url: str, *, token: str | None = None, sim_token: str | None = None,
                 timeout: tuple[float, float] | None = None, language: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.sim_token = sim_token
        self.timeout = timeout or DEFAULT_TIMEOUT  # read now: a test of a hanging server may shorten it
        self.last_call: ApiCall | None = None  # this client's latest request, as announced
        self._session, self._connections = cuttable_session()
        # The server's messages and mails in the UI's language (None: the one use_language() set).
        self._session.headers["Accept-Language"] = language or _language

    # -- plumbing -----------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """:meth:`_send`, announced to the call listeners with its outcome and duration."""
        started, at = time.monotonic(), time.time()
        status: int | None = None
        error: str | None = None
        try:
            response = self._send(method, path, **kwargs)
            status = response.status_code
            return response
        except ApiError as exc:
            status, error = exc.status, exc.code
            raise
        except Exception as exc:  # not a failure the client knows: still never announced as a success
            error = type(exc).__name__
            raise
        finally:
            self.last_call = _announce(ApiCall(next(_call_ids), method, API + path, status, error,
                                               time.monotonic() - started, at))

    def _send(self, method: str, path: str, *, json_body: Any = None, headers: dict[str, str] | None = None,
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

    def _json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except (ValueError, json.JSONDecodeError) as exc:
            if self.last_call is not None:  # the request is announced again, as the failure it turned out to be
                self.last_call = _announce(replace(self.last_call, error="response.malformed"))
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

    def sim_set_clock(self, *, now: str | None = None, seconds_per_day: float | None = None,
                      run: str | None = None) -> Clock:
        """Set the clock: ``now`` (forwards, or back where the history allows), its speed, its run mode."""
        body: dict[str, Any] = {}
        if now is not None:
            body["now"] = now
        if seconds_per_day is not None:
            body["seconds_per_day"] = seconds_per_day
        if run is not None:
            body["run"] = run
        return read(Clock.from_json, self._json(self._request("PUT", "/sim/clock", json_body=body, sim=True)))

    def sim_advance(self, **by: Any) -> Clock:
        return read(Clock.from_json, self._post("/sim/clock/advance", by, sim=True))

    def sim_pay(self, order_id: str, place: str, amount: int, *, on: date | None = None,
                confirm_on: date | None = None) -> Order:
        """Pay the slip at ``place``: now, or on the day ``on``; confirmed on ``confirm_on`` (else a day drawn)."""
        body: dict[str, Any] = {"place": place, "amount": amount}
        if on is not None:
            body["on"] = on.isoformat()
        if confirm_on is not None:
            body["confirm_on"] = confirm_on.isoformat()
        return read(Order.from_json, self._post(f"/sim/orders/{order_id}/pay", body, sim=True))

    def sim_settings(self) -> SimSettings:
        return read(SimSettings.from_json, self._get("/sim/settings", sim=True))

    def sim_set_settings(self, *, clock_run: str | None = None, customer_pays: str | None = None,
                         expired_base: str | None = None) -> SimSettings:
        """Change the settings given (the others stay)."""
        body = {name: value for name, value in (("clock_run", clock_run), ("customer_pays", customer_pays),
                                                ("expired_base", expired_base)) if value is not None}
        return read(SimSettings.from_json, self._json(self._request("PUT", "/sim/settings", json_body=body,
                                                                    sim=True)))

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

    def sim_faults(self) -> list[Fault]:
        """The active faults (a ``once`` fault is gone once it fired)."""
        return read(lambda raw: [Fault.from_json(item) for item in raw["faults"]], self._get("/sim/faults", sim=True))

    def sim_remove_fault(self, fault_id: str) -> None:
        self._request("DELETE", f"/sim/faults/{fault_id}", sim=True)

    def sim_outbox(self) -> list[Mail]:
        """Every mail of every account."""
        return read(lambda raw: [Mail.from_json(item) for item in raw["mails"]], self._get("/sim/outbox", sim=True))

    def sim_scenarios(self) -> Scenarios:
        return read(Scenarios.from_json, self._get("/sim/scenarios", sim=True))

    def sim_load_world(self, document: dict[str, Any]) -> World:
        """Wipe the world and load this world document (``PUT /sim/world``, docs/worlds.md)."""
        return read(World.from_json, self._json(self._request("PUT", "/sim/world", json_body=document, sim=True)))

    def abort(self) -> None:
        """From any thread: the request in flight fails now (``network.offline``), as does any later one. The app's
        quit cuts a long poll held on a remote server this way instead of waiting out its 20 s."""
        self._connections.cut_all()

    def close(self) -> None:
        self._session.close()
