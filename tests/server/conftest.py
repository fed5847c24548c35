"""The real backend on loopback, driven over HTTP with requests.

One embedded server per test session (fast); every test loads its scenario through
``/sim/scenario`` with the clock stopped and the simulated customer idle, so nothing
moves unless the test moves it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from server_api import Api, Gate

from vb_renew.server.embedded import EmbeddedServer


@pytest.fixture(scope="session")
def gate() -> Gate:
    return Gate()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, gate: Gate) -> Iterator[EmbeddedServer]:
    db = tmp_path_factory.mktemp("backend") / "backend.sqlite3"
    embedded = EmbeddedServer(db, seconds_per_day=None, before_order_commit=gate)
    embedded.start()
    assert embedded.wait_ready(15), "embedded server did not start"
    yield embedded
    embedded.stop()


@pytest.fixture()
def api(server: EmbeddedServer, gate: Gate) -> Iterator[Api]:
    """The session's server, reset to the default scenario (clock stopped at START)."""
    gate.reset()
    client = Api(server.url, server.sim_token)
    client.load("vb_cloud_in_term")
    yield client
    gate.reset()


@pytest.fixture()
def fresh_server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    """A server of its own (restart, token expiry...)."""
    embedded = EmbeddedServer(tmp_path / "own.sqlite3", seconds_per_day=None)
    embedded.start()
    assert embedded.wait_ready(15)
    yield embedded
    embedded.stop()
