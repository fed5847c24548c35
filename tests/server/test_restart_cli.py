"""Restarts lose nothing and extend each licence exactly once; the standalone CLI serves too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests
from server_api import START, Api

from vb_renew.server.embedded import EmbeddedServer

REPO = Path(__file__).resolve().parents[2]
SERIAL = "VB5C-TARO-0001-0001-0001"


def start(db: Path, **kw) -> tuple[EmbeddedServer, Api]:
    server = EmbeddedServer(db, sim_token="restart-token", **kw)
    server.start()
    assert server.wait_ready(15)
    return server, Api(server.url, server.sim_token)


def test_a_restart_mid_life_cycle_loses_nothing_and_extends_once(tmp_path: Path) -> None:
    db = tmp_path / "backend.sqlite3"
    server, api = start(db, seconds_per_day=None)
    api.load("three_serials")
    taro = api.login()
    serials = [lic["serial"] for lic in taro.ok(taro.get("/licences"))["licences"]]
    first = taro.ok(taro.order([{"serial": serials[0], "product": "vb_cloud", "years": 1}], key="k-1"), 201)
    second = taro.ok(taro.order([{"serial": serials[1], "product": "vb_cloud", "years": 2}], key="k-2"), 201)
    api.advance(days=15)
    api.ok(api.pay(first["id"], 5280))
    token = taro.token
    server.stop()

    server, api = start(db)  # same database, nothing reseeded
    taro = Api(server.url, server.sim_token, token)  # the token survives the restart
    assert taro.get_order(first["id"])["state"] == "paid"
    assert taro.get_order(second["id"])["state"] == "slip_delivered"
    replay = taro.order([{"serial": serials[0], "product": "vb_cloud", "years": 1}], key="k-1")
    assert replay.status_code == 201 and replay.json()["id"] == first["id"]  # the key survived too
    api.ok(api.pay(second["id"], 9570))
    api.advance(days=12)
    server.stop()

    server, api = start(db)
    taro = Api(server.url, server.sim_token, token)
    api.advance(days=30)
    for order, years in ((first, 1), (second, 2)):
        done = taro.get_order(order["id"])
        assert done["state"] == "extended"
        assert [t["state"] for t in done["timeline"]].count("extended") == 1
        old = done["items"][0]["old_expiry"]
        assert done["items"][0]["new_expiry"] == f"{int(old[:4]) + years}{old[4:]}"
    mails = taro.ok(taro.get("/mails"))["mails"]
    assert sorted(m["kind"] for m in mails) == ["application_complete"] * 2 + ["renewal_complete"] * 2
    assert len(taro.ok(taro.get("/orders"))["orders"]) == 2
    server.stop()


def test_events_due_while_the_server_was_down_run_at_start(tmp_path: Path) -> None:
    db = tmp_path / "backend.sqlite3"
    server, api = start(db, seconds_per_day=None)
    api.load("vb_cloud_in_term", customer_pays=True, start=START)
    taro = api.login()
    order = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}]), 201)
    api.ok(api.request("PUT", "/sim/clock", json={"seconds_per_day": 0.02}, sim=True))  # 50 days a second
    server.stop()
    time.sleep(1.0)  # the simulated world goes on: ~50 days pass while no server runs
    server, api = start(db)
    taro = Api(server.url, server.sim_token, taro.token)
    deadline = time.monotonic() + 5
    while taro.get_order(order["id"])["state"] != "extended" and time.monotonic() < deadline:
        taro.get(f"/orders/{order['id']}", params={"since": taro.get_order(order["id"])["version"], "wait": 1})
    assert taro.get_order(order["id"])["state"] == "extended"
    server.stop()


def test_the_standalone_server_logs_its_address_and_serves(tmp_path: Path) -> None:
    script = shutil.which("vb-renew-server", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "vb_renew.server"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", "0", "--db", str(tmp_path / "qa.sqlite3"), "--qa",
         "--sim-token", "cli-token", "--scenario", "two_serials", "--seconds-per-day", "0"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        deadline = time.monotonic() + 20
        lines = []
        while time.monotonic() < deadline and process.poll() is None:
            line = process.stdout.readline()  # type: ignore[union-attr]
            lines.append(line)
            if "vb-renew-server listening on http://" in line:
                url = line.strip().rsplit(" ", 1)[-1]
                break
        assert url, "".join(lines)
        health = requests.get(url + "/health", timeout=5).json()
        assert health["qa_mode"] is True and health["scenario"] == "two_serials"
        clock = requests.get(url + "/api/v1/sim/clock", headers={"X-Sim-Token": "cli-token"}, timeout=5).json()
        assert clock["seconds_per_day"] is None
        api = Api(url, "cli-token")
        assert len(api.login().ok(api.login().get("/licences"))["licences"]) == 2
    finally:
        process.terminate()
        try:
            assert process.wait(10) == 0
        finally:
            if process.poll() is None:
                process.kill()
