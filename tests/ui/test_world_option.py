"""``vb-renew --world FILE``: the app's embedded backend starts from a world document (docs/worlds.md).

The command line is read by the start-up module, passed on in :class:`~vb_renew.core.backend.Options`, and the
embedded backend :func:`~vb_renew.startup.start_embedded` starts seeds a new database with it (``--reset``: an
existing one too). A file the backend cannot use stops the app before any window, naming each problem's field.
The worlds start on a pinned day, their clocks standing still.
"""

from __future__ import annotations

import json
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import requests

from vb_renew.core.backend import Options
from vb_renew.core.pending import PendingOrders
from vb_renew.core.poller import WatchedOrders
from vb_renew.startup import main, parse_args, product_backend, start_embedded
from vb_renew.ui.connection import Connection

SERIAL = "VB5C-APPW-0001-0001-0001"


def world_file(folder: Path, name: str, *, today: str = "2026-11-26", expiry: Any = None,
               orders: list[dict[str, Any]] | None = None) -> Path:
    document = {"version": 1, "name": name, "today": today, "seed": 3, "clock": {"seconds_per_day": None},
                "accounts": [{"email": "taro@example.jp", "password": "taro-pass-1234",
                              "licences": [{"serial": SERIAL, "product": "vb_cloud",
                                            "expiry": expiry or {"months": 10}, "installed": True}],
                              "orders": orders or []}]}
    path = folder / f"{name}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def health(server: Any) -> dict[str, Any]:
    return requests.get(f"{server.url}/health", timeout=5).json()


def test_the_command_line_names_the_world_file(tmp_path: Path) -> None:
    path = world_file(tmp_path, "from_the_command_line")
    assert parse_args(["--world", str(path)]).world == str(path)
    assert parse_args([]).world is None


def test_the_embedded_backend_starts_from_the_world_and_reset_loads_another(tmp_path: Path) -> None:
    first = world_file(tmp_path, "first_world")
    server = start_embedded(Options(world=str(first)))
    try:
        assert health(server)["scenario"] == "first_world"
        assert health(server)["now"] == "2026-11-26T10:00:00+09:00"
    finally:
        server.stop()
    second = world_file(tmp_path, "second_world", today="2027-03-01")
    server = start_embedded(Options(world=str(second)))  # the database has a world: it stays
    try:
        assert health(server)["scenario"] == "first_world"
    finally:
        server.stop()
    server = start_embedded(Options(world=str(second), reset=True))
    try:
        assert health(server)["scenario"] == "second_world" and health(server)["now"].startswith("2027-03-01")
    finally:
        server.stop()


def test_the_app_shows_the_world_s_licence(qtbot, poll_policy, tmp_path: Path) -> None:
    path = world_file(tmp_path, "shown_world", expiry="2027-09-26")
    backend = product_backend(Options(world=str(path)))
    connection = Connection(backend, poll_policy, pending=PendingOrders(tmp_path), watched=WatchedOrders(tmp_path))
    seen: list[Any] = []
    connection.licenceChanged.connect(seen.append)
    connection.start()
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=30000)
        view = seen[-1]
        assert view.licence.serial == SERIAL and view.licence.expiry == date(2027, 9, 26)
        assert view.today == date(2026, 11, 26)
    finally:
        connection.shutdown()


@pytest.mark.parametrize(("args", "said"), [
    (partial(world_file, name="far", expiry={"years": 90}), "accounts[0].licences[0].expiry:"),
    (partial(world_file, name="late", orders=[{"items": [{"serial": SERIAL}], "state": "applied",
                                               "applied_on": {"days": -5}}]), "accounts[0].orders[0].state:"),
])
def test_a_world_file_the_backend_refuses_stops_the_app_before_any_window(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: Any, said: str) -> None:
    path = args(tmp_path)
    assert main(["--world", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"vb-renew: the world file {path} cannot be used: ") and said in error, error


def test_a_world_file_is_for_the_embedded_backend(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = world_file(tmp_path, "not_for_a_server")
    assert main(["--world", str(path), "--server", "http://127.0.0.1:9"]) == 2
    assert "PUT /api/v1/sim/world" in capsys.readouterr().err
    missing = tmp_path / "missing.json"
    assert main(["--world", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err
