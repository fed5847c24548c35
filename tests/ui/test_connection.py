"""Connection (vb_renew.ui.connection) on its own, without a window: what it says, by signal, from start to quit.

What the window makes of it (S1's banner and licence, the start-up failure page, the retries, the token renewed,
the waiting pages of the orders found) is in test_main_window.py, test_startup_failure.py, test_waiting.py and
test_renewal_end_to_end.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest

from vb_renew.core.backend import Options, ProductBackend
from vb_renew.core.datafiles import DataFileError, DataFileProblem
from vb_renew.core.pending import PendingOrders
from vb_renew.core.poller import WatchedOrders
from vb_renew.core.start_orders import StartOrders
from vb_renew.ui.connection import Connection

CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
            "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
            "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}
SIGNALS = ("connected", "licenceChanged", "statusChanged", "connectionFailed", "dataFileFailed", "ordersFound")


class Heard:
    """Every signal of a connection, in order: ``(name, value)``."""

    def __init__(self, connection: Connection) -> None:
        self.events: list[tuple[str, object]] = []
        for name in SIGNALS:
            getattr(connection, name).connect(partial(self._heard, name))

    def _heard(self, name: str, value: object) -> None:
        self.events.append((name, value))

    def names(self) -> list[str]:
        return [name for name, _ in self.events]

    def values(self, name: str) -> list:
        return [value for heard, value in self.events if heard == name]


def slip_body(serial: str) -> dict:
    return {"items": [{"serial": serial, "product": "vb_cloud", "years": 1}], "payment_method": "slip",
            "customer": CUSTOMER, "card": None}


@pytest.fixture
def connect(poll_policy, tmp_path: Path) -> Iterator:
    """``connect(backend)``: a started Connection with its own pending and watched files, shut down afterwards."""
    built: list[Connection] = []

    def start(backend: ProductBackend) -> tuple[Connection, Heard]:
        connection = Connection(backend, poll_policy, pending=PendingOrders(tmp_path), watched=WatchedOrders(tmp_path))
        built.append(connection)
        heard = Heard(connection)
        connection.start()
        return connection, heard

    yield start
    for connection in built:
        connection.shutdown()


def test_it_signs_in_reads_the_licence_and_resends_the_pending_order(qtbot, connect, backend, signed_in,
                                                                       tmp_path: Path) -> None:
    serial = signed_in().serial
    PendingOrders(tmp_path).save(str(uuid.uuid4()), slip_body(serial))  # its answer never came
    connection, heard = connect(ProductBackend(Options(server_url=backend.url, sim_token=backend.sim_token)))

    with qtbot.waitSignal(connection.ordersFound, timeout=20000) as found:
        pass
    start_orders = found.args[0]
    assert isinstance(start_orders, StartOrders) and start_orders.placed
    order = start_orders.open[0]
    assert heard.names()[:4] == ["statusChanged", "statusChanged", "connected", "licenceChanged"]
    assert heard.values("statusChanged")[:2] == ["サーバーに接続しています…", ""]
    assert heard.values("connected") == [connection.session] and connection.session.serial == serial
    assert heard.values("licenceChanged")[0].licence.open_order is None  # read before the resend
    # The order placed at start is on the licence: read again at once, and said once it differs.
    qtbot.waitUntil(lambda: heard.values("licenceChanged")[-1].licence.open_order == order.id, timeout=10000)
    assert connection.view is heard.values("licenceChanged")[-1]
    changes = len(heard.values("licenceChanged"))
    connection.refresh()
    qtbot.waitUntil(lambda: not connection.refreshing, timeout=10000)
    assert len(heard.values("licenceChanged")) == changes  # the same licence: nothing to say
    assert heard.values("connectionFailed") == heard.values("dataFileFailed") == []


def test_a_refused_data_file_is_handed_on_once_and_not_retried(qtbot, connect, tmp_path: Path) -> None:
    refused = DataFileError(DataFileProblem.CORRUPT, tmp_path / "backend.sqlite3")
    calls = []

    def start(options: Options):
        calls.append(options)
        raise refused

    connection, heard = connect(ProductBackend(Options(), start))
    with qtbot.waitSignal(connection.dataFileFailed, timeout=10000) as failed:
        pass
    assert failed.args == [refused]
    assert not connection.retrying and len(calls) == 1  # a retry would be scheduled by now
    assert heard.names() == ["statusChanged", "dataFileFailed"]
    assert connection.session is None and connection.server is None


def test_the_simulated_clock_is_read_often_only_while_it_runs(qtbot, connect, backend, sim) -> None:
    """The status bar's clock: every second while the simulated clock moves, seldom while it stands still (an
    order placed or a QA action reads it at once)."""
    from vb_renew.ui.connection import CLOCK_READ_MS, CLOCK_STILL_READ_MS

    before = sim.sim_clock()
    try:
        sim.sim_set_clock(run="paused")
        connection, _heard = connect(ProductBackend(Options(server_url=backend.url, sim_token=backend.sim_token)))
        qtbot.waitUntil(lambda: connection._clock_timer.interval() == CLOCK_STILL_READ_MS, timeout=20000)
        sim.sim_set_clock(run="always", seconds_per_day=3600.0)
        with qtbot.waitSignal(connection.clockChanged, timeout=10000):
            connection.read_clock()
        assert connection._clock_timer.interval() == CLOCK_READ_MS
    finally:
        sim.sim_set_clock(run=before.run, seconds_per_day=before.seconds_per_day)


def test_a_clock_read_asked_while_one_is_out_is_made_once_it_is_back(qtbot, connect, backend, sim) -> None:
    """The reading out may have been answered before what the second ask is about (a QA action, an order's news
    moving the clock): its answer is not the last word, a new reading follows it."""
    clock = sim.sim_clock()
    try:
        sim.sim_set_clock(run="paused")  # it moves only when the test says (and is read seldom meanwhile)
        connection, _heard = connect(ProductBackend(Options(server_url=backend.url, sim_token=backend.sim_token)))
        qtbot.waitUntil(lambda: connection.session is not None and not connection._reading_clock, timeout=20000)
        read: list[object] = []
        connection.clockChanged.connect(read.append)
        before = sim.sim_clock().now
        connection.read_clock()  # out now (its answer comes back through the event loop, not yet run)
        sim.sim_advance(hours=1)
        connection.read_clock()  # asked while the first is out
        qtbot.waitUntil(lambda: len(read) >= 2, timeout=10000)
        assert read[-1] == before + timedelta(hours=1)
        qtbot.wait(200)
        assert len(read) == 2  # once again, not again and again
    finally:
        sim.sim_set_clock(run=clock.run, seconds_per_day=clock.seconds_per_day)
