"""Fixtures for UI tests that talk to the real backend over HTTP on loopback.

- ``embedded_backend``: one :class:`~vb_renew.server.embedded.EmbeddedServer` for the test session
  (its own database in a temporary folder, QA mode on, a known simulation token).
- ``backend``: the same server, with no fault left over from an earlier test.
- ``sim``: an :class:`~vb_renew.core.api.ApiClient` holding the simulation token (``/sim/*``).
- ``signed_in``: a factory ``signed_in(scenario="vb_cloud_in_term") -> ProductSession``: loads the
  scenario (wiping the world), stops the simulated clock so nothing moves during the test, and signs
  in as the product installed on "this PC".
- ``product_session``: ``signed_in()`` with the default scenario.
- ``poll_policy``: the :class:`~vb_renew.core.poller.PollPolicy` tests hand to an ``AppController``: the
  product's long polls, but the next request, a retry and the licence's refresh come within a fraction of
  a second instead of the server's hint of seconds (the clock stands still: it hints 5 s).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import pytest
import requests

from vb_renew.core.api import API, ApiClient
from vb_renew.core.errors import ApiError
from vb_renew.core.poller import PollPolicy
from vb_renew.core.session import ProductSession, sign_in_installed_product

DEFAULT_SCENARIO = "vb_cloud_in_term"
# Long polls as in the product (a change shows at once); every wait between requests under half a second.
QUICK_POLICY = PollPolicy(default_interval=0.2, min_interval=0.05, max_interval=0.2, backoff_base=0.05,
                          backoff_cap=0.5, reconnect_cap=0.5, licence_refresh=0.5)


@pytest.fixture(scope="session")
def embedded_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from vb_renew.server.embedded import EmbeddedServer

    folder = tmp_path_factory.mktemp("backend")
    server = EmbeddedServer(folder / "backend.sqlite3", sim_token=secrets.token_urlsafe(16),
                            scenario=DEFAULT_SCENARIO, seconds_per_day=None)
    server.start()
    if not server.wait_ready(20):
        pytest.fail("the embedded backend did not start")
    yield server
    server.stop()


def clear_faults(url: str, sim_token: str) -> None:
    """Remove injected faults, if this backend has fault injection (it answers 404 otherwise)."""
    try:
        requests.delete(f"{url}{API}/sim/faults", headers={"X-Sim-Token": sim_token}, timeout=5)
    except requests.RequestException:
        pass


@pytest.fixture
def backend(embedded_backend: object) -> Iterator[object]:
    clear_faults(embedded_backend.url, embedded_backend.sim_token)
    yield embedded_backend
    clear_faults(embedded_backend.url, embedded_backend.sim_token)


@pytest.fixture
def sim(backend: object) -> Iterator[ApiClient]:
    client = ApiClient(backend.url, sim_token=backend.sim_token)
    yield client
    client.close()


def stop_clock(url: str, sim_token: str) -> None:
    """The simulated clock stands still (scenarios may run it fast): tests decide when time passes."""
    answer = requests.put(f"{url}{API}/sim/clock", json={"seconds_per_day": None},
                          headers={"X-Sim-Token": sim_token}, timeout=5)
    if answer.status_code >= 400:
        raise ApiError("sim.clock", status=answer.status_code, server_message=answer.text)


@pytest.fixture
def signed_in(backend: object, sim: ApiClient) -> Callable[..., ProductSession]:
    def sign_in(scenario: str = DEFAULT_SCENARIO, seed: int | None = None) -> ProductSession:
        sim.sim_load_scenario(scenario, seed=seed)
        stop_clock(backend.url, backend.sim_token)
        return sign_in_installed_product(backend.url, backend.sim_token)

    return sign_in


@pytest.fixture
def product_session(signed_in: Callable[..., ProductSession]) -> ProductSession:
    return signed_in()


@pytest.fixture
def poll_policy() -> PollPolicy:
    return QUICK_POLICY


@pytest.fixture
def app(qtbot):
    """The main window and its controller on their own embedded backend (the default scenario, the clock
    stopped), connected and showing the licence: ``(window, controller)``."""
    from vb_renew.core.backend import Options
    from vb_renew.startup import product_backend
    from vb_renew.ui.controller import AppController
    from vb_renew.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    controller = AppController(window, product_backend(Options(scenario=DEFAULT_SCENARIO, seconds_per_day=0)), window)
    window.show()
    controller.start()
    qtbot.waitUntil(lambda: controller.view is not None, timeout=20000)
    yield window, controller
    controller.shutdown()
