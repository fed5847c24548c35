"""ProductBackend (vb_renew.core.backend): opening the installed product's session, in plain pytest.

On a real backend in this process, on loopback: a ``--server`` one, or an embedded one that the backend's
``start`` (the start-up module's, in the app) starts on the first ``open()``.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from vb_renew.core.backend import EmbeddedStartError, Options, ProductBackend
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
