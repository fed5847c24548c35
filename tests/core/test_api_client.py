"""The API client turns every network or server failure into a clear ApiError.

A few tiny servers on loopback stand in for a misbehaving network; the real
backend's answers are tested in tests/server and tests/ui.
"""

from __future__ import annotations

import gc
import logging
import socket
import threading
import weakref
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from vb_renew.core.api import ApiClient
from vb_renew.core.errors import ApiError


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802
        status, headers, body = self.routes.get(self.path.split("?")[0], (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_server() -> Iterator[tuple[str, dict]]:
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", routes
    server.shutdown()
    server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nobody_listening_is_offline_and_transient() -> None:
    client = ApiClient(f"http://127.0.0.1:{_free_port()}", timeout=(1.0, 1.0))
    with pytest.raises(ApiError) as caught:
        client.health()
    assert caught.value.code == "network.offline"
    assert caught.value.transient
    assert "接続できません" in caught.value.message


def test_a_server_that_never_answers_is_a_timeout() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        client = ApiClient(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=(1.0, 0.3))
        with pytest.raises(ApiError) as caught:
            client.health()
    assert caught.value.code == "network.timeout"
    assert caught.value.transient


def test_a_held_long_poll_is_cut_from_another_thread_and_the_client_sends_nothing_more(caplog) -> None:
    # The app's quit: a long poll held by a remote server (it answers within 20 s) must not hold the quit.
    caplog.set_level(logging.WARNING)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        client = ApiClient(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=(1.0, 15.0))
        failures: list[ApiError] = []

        def poll() -> None:
            try:
                client.poll_order("ord_1", etag='"3"', since=3, wait=20)
            except ApiError as exc:
                failures.append(exc)

        worker = threading.Thread(target=poll, daemon=True)
        worker.start()
        accepted, _ = listener.accept()  # the request is out, and held: nothing answers it
        with accepted:
            client.abort()
            worker.join(10)  # far less than the 35 s the read would otherwise wait
            assert not worker.is_alive()
        assert [failure.code for failure in failures] == ["network.offline"]
        listener.settimeout(0.5)
        with pytest.raises(ApiError) as caught:  # and nothing more goes out: no retry, no new request
            client.health()
        assert caught.value.code == "network.offline"
        with pytest.raises(TimeoutError):
            listener.accept()
    # Quietly: a cut is not "connection broken", and urllib3 is not asked to retry it (its log said so at quit).
    assert [record.getMessage() for record in caplog.records] == []


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_request_through_a_proxy_is_cut_from_another_thread(monkeypatch: pytest.MonkeyPatch, scheme: str) -> None:
    """Behind a proxy (HTTP_PROXY, HTTPS_PROXY): a request the proxy holds (http), or a tunnel whose TLS handshake
    never ends (https: CONNECT answered, then nothing), is cut at once too, not after its timeouts (30 s here)."""
    with socket.socket() as proxy:
        proxy.bind(("127.0.0.1", 0))
        proxy.listen()
        monkeypatch.setenv(f"{scheme.upper()}_PROXY", f"http://127.0.0.1:{proxy.getsockname()[1]}")
        monkeypatch.setenv("NO_PROXY", "")
        client = ApiClient(f"{scheme}://vb-renew.example:8443", timeout=(30.0, 30.0))
        failures: list[ApiError] = []

        def health() -> None:
            try:
                client.health()
            except ApiError as exc:
                failures.append(exc)

        worker = threading.Thread(target=health, daemon=True)
        worker.start()
        accepted, _ = proxy.accept()
        with accepted:
            asked = accepted.recv(4096)
            assert asked.startswith(b"CONNECT vb-renew.example:8443" if scheme == "https"
                                    else b"GET http://vb-renew.example:8443/api/v1/health")
            if scheme == "https":
                accepted.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")  # then no TLS: the handshake waits
            client.abort()
            worker.join(10)
            assert not worker.is_alive()
    assert [failure.code for failure in failures] == ["network.offline"]


def test_the_servers_error_code_and_japanese_message_reach_the_user(fake_server) -> None:
    url, routes = fake_server
    body = '{"error": {"code": "order.not_found", "message": "ご指定のお申し込みが見つかりません。", "field": null}}'
    routes["/api/v1/orders/x"] = (404, {"Content-Type": "application/json"}, body.encode())
    with pytest.raises(ApiError) as caught:
        ApiClient(url).poll_order("x")
    assert (caught.value.code, caught.value.status) == ("order.not_found", 404)
    assert caught.value.message == "ご指定のお申し込みが見つかりません。"
    assert not caught.value.transient


def test_a_5xx_without_a_body_is_a_transient_server_error_with_retry_after(fake_server) -> None:
    url, routes = fake_server
    routes["/api/v1/health"] = (503, {"Retry-After": "7"}, b"<html>busy</html>")
    with pytest.raises(ApiError) as caught:
        ApiClient(url).health()
    assert caught.value.code == "server.error"
    assert caught.value.retry_after == 7.0
    assert caught.value.transient
    assert "503" in caught.value.message


def test_a_malformed_body_is_reported_not_a_crash(fake_server) -> None:
    url, routes = fake_server
    routes["/api/v1/health"] = (200, {"Content-Type": "application/json"}, b'{"status": "ok"')
    with pytest.raises(ApiError) as caught:
        ApiClient(url).health()
    assert caught.value.code == "response.malformed"


def test_an_unchanged_order_is_a_304_with_the_servers_hint(fake_server) -> None:
    url, routes = fake_server
    routes["/api/v1/orders/o1"] = (304, {"ETag": '"3"', "X-Poll-After": "12"}, b"")
    answer = ApiClient(url).poll_order("o1", etag='"3"')
    assert not answer.changed
    assert (answer.etag, answer.poll_after) == ('"3"', 12.0)


def test_a_kept_alive_connection_the_server_closed_is_retried_once() -> None:
    """The server drops an idle keep-alive connection just as the client reuses it: the GET still answers."""
    answered = []

    def serve(listener: socket.socket) -> None:
        body = (b'{"status": "ok", "version": "1", "qa_mode": true, "now": "2027-01-01T09:00:00+09:00", '
                b'"scenario": null}')
        reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
        first, _ = listener.accept()
        first.recv(65536)
        first.sendall(reply)  # keep-alive: the client pools this connection
        second_request = first.recv(65536)  # ... reuses it; the server has "timed it out": reset
        first.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, __import__("struct").pack("ii", 1, 0))
        first.close()
        answered.append(bool(second_request))
        again, _ = listener.accept()  # the retry, on a new connection
        again.recv(65536)
        again.sendall(reply)
        again.close()

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        thread = threading.Thread(target=serve, args=(listener,), daemon=True)
        thread.start()
        client = ApiClient(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=(2.0, 2.0))
        assert client.health().status == "ok"
        assert client.health().status == "ok"
        thread.join(5)
    assert answered == [True]


def test_a_client_used_and_dropped_is_freed_without_the_cyclic_collector(fake_server) -> None:
    # The app freezes what lives once it is up (ui.collector) without a pass to find garbage first: a client
    # must leave no reference cycle (its connection classes were once made per client, and were one).
    base, routes = fake_server
    routes["/api/v1/health"] = (200, {"Content-Type": "application/json"},
                                  b'{"status": "ok", "version": "1", "qa_mode": false, "now": "2026-04-01T09:00:00+09:00"}')
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        client = ApiClient(base)
        client.health()  # a connection opened, kept alive in its pool
        parts = [weakref.ref(part) for part in (client, client._connections, client._session)]
        del client
        assert [part() for part in parts] == [None, None, None]
    finally:
        if was_enabled:
            gc.enable()
