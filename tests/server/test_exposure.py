"""What the backend exposes: the simulation token stays out of the logs, QA mode off loopback warns, the
database is private to its user, and a closed order's customer details are erased after a while;
the standalone server stops cleanly on SIGTERM and SIGINT."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from server_api import Api

from vb_renew import paths
from vb_renew.server.cli import is_loopback
from vb_renew.server.embedded import EmbeddedServer

REPO = Path(__file__).resolve().parents[2]
POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class Standalone:
    """``vb-renew-server`` in a subprocess; its stdout and stderr read apart, line by line."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
        self.process = subprocess.Popen([sys.executable, "-m", "vb_renew.server", "--port", "0", *args], cwd=REPO,
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        encoding="utf-8")
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._readers = [threading.Thread(target=self._read, args=(stream, into), daemon=True)
                         for stream, into in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr))]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream, into: list[str]) -> None:  # noqa: ANN001
        for line in stream:
            into.append(line)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = next((line for line in self.stdout if text in line), None)
            if found:
                return found.strip()
            if self.process.poll() is not None and not any(r.is_alive() for r in self._readers):
                break
            time.sleep(0.02)
        raise AssertionError(f"no {text!r} in\n{''.join(self.stdout)}\n{''.join(self.stderr)}")

    def url(self) -> str:
        return self.wait_for("vb-renew-server listening on http://").rsplit(" ", 1)[-1].replace("0.0.0.0", "127.0.0.1")

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        try:
            code = self.process.wait(15)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        for reader in self._readers:
            reader.join(5)
        return code


def consistent(db: Path) -> None:
    """Closed cleanly: nothing left in a WAL, and SQLite finds the file sound."""
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_loopback_addresses() -> None:
    assert all(is_loopback(host) for host in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(host) for host in ("0.0.0.0", "::", "192.168.1.10", "qa.example.jp"))


@pytest.mark.slow
def test_a_generated_token_is_shown_once_on_stdout_never_logged_and_sigterm_stops_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "qa" / "qa.sqlite3"
    server = Standalone("--host", "0.0.0.0", "--db", str(db), "--qa", "--scenario", "two_serials",
                        "--seconds-per-day", "0", "--log-level", "debug")
    try:
        url = server.url()
        token = server.wait_for("simulation token (X-Sim-Token): ").rsplit(" ", 1)[-1]
        assert requests.get(url + "/api/v1/sim/clock", headers={"X-Sim-Token": token}, timeout=5).ok
        assert requests.get(url + "/api/v1/sim/clock", params={"t": token}, timeout=5).status_code in (401, 403)
        assert server.stop(signal.SIGTERM) == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()
    log = "".join(server.stderr)
    assert "open to the network" in log
    assert token not in log
    assert sum(token in line for line in server.stdout) == 1
    assert "vb-renew-server stopped" in server.stdout[-1]
    consistent(db)
    if os.name == "posix":
        assert mode(db) == 0o600 and mode(db.parent) == 0o700


@pytest.mark.slow
def test_sigint_answers_a_held_long_poll_and_closes_the_database(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    token_file = tmp_path / "sim-token"
    server = Standalone("--host", "127.0.0.1", "--db", str(db), "--qa", "--scenario", "two_serials",
                        "--seconds-per-day", "0", "--sim-token-file", str(token_file))
    try:
        url = server.url()
        token = token_file.read_text(encoding="utf-8").strip()
        if os.name == "posix":
            assert mode(token_file) == 0o600
        taro = Api(url, token).login()
        serial = taro.ok(taro.get("/licences"))["licences"][0]["serial"]
        order = taro.ok(taro.order([{"serial": serial, "product": "vb_cloud", "years": 1}]), 201)
        answers: list[requests.Response] = []
        poll = threading.Thread(target=lambda: answers.append(
            taro.get(f"/orders/{order['id']}", params={"since": order["version"], "wait": 30})))
        poll.start()
        time.sleep(0.5)  # the poll is held: nothing moves with the clock stopped
        started = time.monotonic()
        assert server.stop(signal.SIGINT) == 0
        poll.join(10)
        assert answers and answers[0].status_code in (200, 304), answers
        assert time.monotonic() - started < 5
    finally:
        if server.process.poll() is None:
            server.process.kill()
    assert token not in "".join(server.stderr) + "".join(server.stdout)
    assert "vb-renew-server stopped" in server.stdout[-1]
    consistent(db)


@POSIX
def test_the_folders_and_the_database_are_private(tmp_path: Path) -> None:
    folders = paths.AppPaths.under(tmp_path / "home").ensure()
    for folder in (folders.data, folders.config, folders.cache, folders.log):
        assert mode(folder) == 0o700, folder
    (tmp_path / "loose").mkdir(mode=0o755)
    paths.AppPaths(data=tmp_path / "loose", config=tmp_path / "c", cache=tmp_path / "k", log=tmp_path / "l").ensure()
    assert mode(tmp_path / "loose") == 0o700  # an existing folder of ours is tightened
    with EmbeddedServer(folders.database, sim_token="t", seconds_per_day=None) as server:
        Api(server.url, "t").load("two_serials")
        files = [folders.database, Path(f"{folders.database}-wal"), Path(f"{folders.database}-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}


def test_closed_orders_lose_their_customer_details_after_the_set_days(tmp_path: Path) -> None:
    with EmbeddedServer(tmp_path / "backend.sqlite3", sim_token="t", seconds_per_day=None,
                        erase_personal_data_after_days=60) as server:
        api = Api(server.url, "t")
        api.load("three_serials")
        taro = api.login()
        serials = [lic["serial"] for lic in taro.ok(taro.get("/licences"))["licences"]]
        done = taro.ok(taro.order([{"serial": serials[0], "product": "vb_cloud", "years": 1}], key="k-1"), 201)
        unpaid = taro.ok(taro.order([{"serial": serials[1], "product": "vb_cloud", "years": 1}], key="k-2"), 201)
        api.advance(days=15)
        api.ok(api.pay(done["id"], 5280))
        api.advance(days=30)
        assert taro.get_order(done["id"])["state"] == "extended"
        assert taro.get_order(done["id"])["customer"]["family_name"] == "山田"  # closed less than 60 days ago
        api.advance(days=45)  # more than 60 days after it closed (within 5 days of the payment)
        deadline = time.monotonic() + 10
        while taro.get_order(done["id"])["customer"] and time.monotonic() < deadline:
            time.sleep(0.05)
        erased = taro.get_order(done["id"])
        assert erased["customer"] == {}
        assert erased["number"] == done["number"] and erased["state"] == "extended"  # the order itself stays
        # The unpaid one lapsed at the end of its slip's deadline, less than 60 days ago: it keeps them for now.
        assert taro.get_order(unpaid["id"])["state"] == "lapsed"
        assert taro.get_order(unpaid["id"])["customer"]["phone"]


def test_an_embedded_backend_that_does_not_stop_in_time_keeps_its_database_until_it_does(tmp_path: Path, caplog) -> None:
    """``stop`` gives up waiting (here at once): the database stays open under the server still stopping, so its
    scheduled events do not fail on a closed database; a later ``stop`` finishes and closes it."""
    server = EmbeddedServer(tmp_path / "embedded.sqlite3", scenario="two_serials", seconds_per_day=None).start()
    assert server.wait_ready(20)
    db = server.app.state.db
    # Its thread busy for a moment (it stops in a few ms otherwise, and on a busy machine join(0) could see it end).
    busy = threading.Event()
    server._server._loop.call_soon_threadsafe(lambda: (busy.set(), time.sleep(0.5)))
    assert busy.wait(10)
    with caplog.at_level("WARNING", logger="vb_renew.server"):
        assert server.stop(timeout=0) is False  # its thread cannot have ended in no time
    assert "did not stop within" in caplog.text
    assert db.query_one("SELECT 1")[0] == 1  # not closed under it
    assert server.stop() is True
    with pytest.raises(sqlite3.ProgrammingError):  # closed once its thread ended
        db.query_one("SELECT 1")
    assert "scheduled events failed" not in caplog.text


def test_a_server_asked_to_stop_just_after_its_schedule_moved_stops_at_once(tmp_path: Path) -> None:
    """A request that moves the clock or the schedule wakes the event runner; a stop in the same turn of the loop
    (an app quitting right after it loaded a world) must still end it. On Python 3.11 a cancellation was lost
    there: the runner slept on for a minute and the app's quit waited 5 s for its backend, then left its database
    open."""
    from vb_renew.server.app import create_app

    app = create_app(tmp_path / "backend.sqlite3", scenario="two_serials", seconds_per_day=None)

    async def poke_then_stop() -> None:
        async with app.router.lifespan_context(app):
            await asyncio.sleep(0.2)  # the runner has run the due events and sleeps until it is woken
            app.state.runner.poke()  # as a request's change does, on the loop
        # leaving the lifespan stops the runner

    started = time.monotonic()
    asyncio.run(asyncio.wait_for(poke_then_stop(), timeout=10))
    assert time.monotonic() - started < 5
    app.state.db.close()
