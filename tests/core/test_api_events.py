"""Every request of every ApiClient is announced to the call listeners: method, path, status or error, duration.

A tiny server on loopback answers as told; the listeners are plain functions (the QA panel's event log is one).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from vb_renew.core.api import API, ApiCall, ApiClient, add_call_listener, remove_call_listener
from vb_renew.core.errors import ApiError

HEALTH = b'{"status": "ok", "version": "1", "qa_mode": true, "now": "2026-11-26T10:00:00+09:00", "scenario": null}'


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802
        status, body = self.routes.get(self.path.split("?")[0], (404, b""))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, tuple[int, bytes]]]]:
    routes: dict[str, tuple[int, bytes]] = {f"{API}/health": (200, HEALTH)}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"routes": routes}))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", routes
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def heard() -> Iterator[list[ApiCall]]:
    calls: list[ApiCall] = []
    add_call_listener(calls.append)
    yield calls
    remove_call_listener(calls.append)


def test_a_request_that_succeeds_is_announced_with_its_status_and_duration(server, heard) -> None:
    url, _ = server
    client = ApiClient(url)
    assert client.health().now.hour == 10
    [call] = heard
    assert (call.method, call.path, call.status, call.error, call.ok) == ("GET", f"{API}/health", 200, None, True)
    assert 0 <= call.duration < 5
    assert call.at > 0
    assert client.last_call == call


def test_a_refusal_is_announced_with_its_status_and_code(server, heard) -> None:
    url, routes = server
    routes[f"{API}/licences/VB-1"] = (503, b'{"error": {"code": "fault.injected", "message": "..."}}')
    with pytest.raises(ApiError):
        ApiClient(url).licence("VB-1")
    [call] = heard
    assert (call.path, call.status, call.error, call.ok) == (f"{API}/licences/VB-1", 503, "fault.injected", False)


def test_no_answer_at_all_is_announced_without_a_status() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    calls: list[ApiCall] = []
    add_call_listener(calls.append)
    try:
        with pytest.raises(ApiError):
            ApiClient(f"http://127.0.0.1:{port}", timeout=(1.0, 1.0)).health()
    finally:
        remove_call_listener(calls.append)
    [call] = calls
    assert (call.status, call.error) == (None, "network.offline")


def test_an_answer_that_cannot_be_read_is_announced_again_as_the_failure_it_was(server, heard) -> None:
    url, routes = server
    routes[f"{API}/health"] = (200, b'{"status": "o')
    with pytest.raises(ApiError) as caught:
        ApiClient(url).health()
    assert caught.value.code == "response.malformed"
    first, again = heard
    assert first.id == again.id
    assert (first.status, first.error) == (200, None)
    assert (again.status, again.error) == (200, "response.malformed")


def test_a_failing_listener_breaks_no_request_and_a_removed_one_hears_nothing(server, heard) -> None:
    url, _ = server

    def broken(call: ApiCall) -> None:
        raise RuntimeError("a listener's own bug")

    later: list[ApiCall] = []
    add_call_listener(broken)
    add_call_listener(later.append)
    try:
        ApiClient(url).health()
    finally:
        remove_call_listener(broken)
    remove_call_listener(later.append)
    remove_call_listener(later.append)  # twice: nothing happens
    ApiClient(url).health()
    assert len(heard) == 2
    assert len(later) == 1


def test_clients_on_many_threads_announce_each_request_once_while_listeners_come_and_go(server, heard) -> None:
    url, _ = server
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        client = ApiClient(url)
        try:
            for _ in range(10):
                client.health()
        except BaseException as exc:  # noqa: BLE001 (reported by the assertion below)
            errors.append(exc)
        finally:
            client.close()

    def churn() -> None:
        while not stop.is_set():
            listener: list[ApiCall] = []
            add_call_listener(listener.append)
            remove_call_listener(listener.append)

    churner = threading.Thread(target=churn)
    churner.start()
    askers = [threading.Thread(target=ask) for _ in range(4)]
    for thread in askers:
        thread.start()
    for thread in askers:
        thread.join(30)
    stop.set()
    churner.join(5)
    assert errors == []
    assert len(heard) == 40
    assert len({call.id for call in heard}) == 40
