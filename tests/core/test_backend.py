"""ProductBackend (vb_renew.core.backend): opening the installed product's session, in plain pytest.

On a real backend in this process, on loopback: a ``--server`` one, or an embedded one that the backend's
``start`` (the start-up module's, in the app) starts on the first ``open()``.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

import pytest

from vb_renew.core.backend import BackendClosed, EmbeddedStartError, Options, ProductBackend
from vb_renew.core.errors import ApiError
from vb_renew.core.session import sign_in_installed_product


def embedded(database: Path):
    from vb_renew.server.embedded import EmbeddedServer

    server = EmbeddedServer(database, sim_token=secrets.token_urlsafe(16), scenario="vb_cloud_in_term",
                            seconds_per_day=None)
    server.start()
    if not server.wait_ready(20):
        pytest.fail("the embedded backend did not start")
    return server


def test_a_server_url_is_signed_in_to_as_the_installed_product(tmp_path: Path) -> None:
    server = embedded(tmp_path / "shared.sqlite3")
    try:
        backend = ProductBackend(Options(server_url=server.url, sim_token=server.sim_token))
        session = backend.open()
        assert session.base_url == server.url and session.sim_token == server.sim_token
        client = session.client()  # the API client factory
        try:
            assert client.licence(session.serial).serial == session.serial
        finally:
            client.close()
        assert backend.server is None
        backend.close()  # not ours: left running
        assert sign_in_installed_product(server.url, server.sim_token).serial == session.serial
    finally:
        server.stop()


def test_the_embedded_backend_is_started_once_and_stopped_on_close(tmp_path: Path) -> None:
    started = []

    def start(options: Options):
        started.append(embedded(tmp_path / "backend.sqlite3"))
        return started[-1]

    backend = ProductBackend(Options(), start)
    first = backend.open()
    again = backend.open()  # a retry, an expired token: the same backend, signed in again
    assert len(started) == 1 and backend.server is started[0]
    assert first.base_url == again.base_url == started[0].url and first.serial == again.serial
    backend.close()
    assert backend.server is None
    with pytest.raises(ApiError):
        sign_in_installed_product(first.base_url, first.sim_token)
    backend.close()  # nothing left to stop


def test_quitting_while_the_backend_starts_stops_it_once_it_is_up(tmp_path: Path) -> None:
    """The app quits (close) while its worker is still starting the embedded backend (open): the backend that comes
    up afterwards is stopped, not left serving with nobody to stop it."""
    closed, started = threading.Event(), []

    def start(options: Options):
        closed.wait(10)  # still starting when the app quits
        started.append(embedded(tmp_path / "backend.sqlite3"))
        return started[-1]

    backend = ProductBackend(Options(), start)
    outcome: list[BaseException | object] = []

    def open_on_a_worker() -> None:
        try:
            outcome.append(backend.open())
        except BaseException as error:  # handed to the test
            outcome.append(error)

    worker = threading.Thread(target=open_on_a_worker)
    worker.start()
    backend.close()  # nothing started yet: nothing to stop now
    closed.set()
    worker.join(30)
    assert not worker.is_alive() and isinstance(outcome[0], BackendClosed)
    assert len(started) == 1 and backend.server is None
    with pytest.raises(ApiError):  # stopped: nothing answers at its address any more
        sign_in_installed_product(started[0].url, started[0].sim_token)
    with pytest.raises(BackendClosed):  # and a later open (a retry already queued) starts nothing
        backend.open()
    assert len(started) == 1


def test_a_backend_that_does_not_come_up_is_started_again_on_the_next_open() -> None:
    attempts = []

    def too_slow(options: Options):
        attempts.append(options)
        raise EmbeddedStartError()

    options = Options(scenario="vb_cloud_in_term")
    backend = ProductBackend(options, too_slow)
    for _ in range(2):
        with pytest.raises(EmbeddedStartError):
            backend.open()
    assert attempts == [options, options] and backend.server is None


def test_there_is_no_backend_without_a_server_url_or_a_start() -> None:
    with pytest.raises(ValueError):
        ProductBackend(Options())
