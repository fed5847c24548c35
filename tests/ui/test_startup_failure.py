"""The app on a data file its backend refuses: a page that says which file and why, no retry loop.

The real start-up path (``vb_renew.startup.start_embedded``, the embedded backend) on a damaged database, one
a newer version wrote, and a read-only one (refused by its missing write bit, root included). 「別名で保存して
新しく始める」 renames the file beside itself, byte for byte, and the app then starts on a fresh database.
"""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from vb_renew import paths
from vb_renew.core.backend import EmbeddedStartError, Options, ProductBackend
from vb_renew.core.datafiles import DataFileError, DataFileProblem, set_aside
from vb_renew.qa.automation import unnamed
from vb_renew.server.db import SCHEMA_VERSION, Database
from vb_renew.startup import product_backend, start_embedded
from vb_renew.ui.controller import AppController
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.startup_failure import StartupFailurePage

DEFAULT_SCENARIO = "vb_cloud_in_term"


def not_a_database(path: Path) -> None:
    path.write_bytes(b"this is not an SQLite database\n" * 64)


def newer_schema(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE from_the_future (id INTEGER PRIMARY KEY)")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()


def read_only(path: Path) -> None:
    Database(path).close()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


BROKEN: dict[str, tuple[Callable[[Path], None], DataFileProblem, str]] = {
    "corrupt": (not_a_database, DataFileProblem.CORRUPT, "壊れている"),
    "newer schema": (newer_schema, DataFileProblem.NEWER_SCHEMA, "新しいバージョン"),
    "read-only": (read_only, DataFileProblem.READ_ONLY, "読み取り専用"),
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def database() -> Iterator[Path]:
    """Where the app's embedded backend keeps its database (this test's own data folder)."""
    path = paths.get().ensure().database
    yield path
    for file in path.parent.iterdir():  # a read-only file must not stop pytest's clean-up
        if file.is_file():
            file.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.fixture
def app_on(qtbot, database: Path, poll_policy) -> Iterator[Callable[[], tuple[MainWindow, AppController]]]:
    """``app_on()``: the main window and its controller, started on whatever ``database`` holds."""
    built: list[AppController] = []

    def start() -> tuple[MainWindow, AppController]:
        window = MainWindow()
        qtbot.addWidget(window)
        controller = AppController(window, product_backend(Options(scenario=DEFAULT_SCENARIO, seconds_per_day=0)),
                                   window, policy=poll_policy)
        built.append(controller)
        window.show()
        controller.start()
        return window, controller

    yield start
    for controller in built:
        controller.shutdown()


def failure_page(window: MainWindow) -> StartupFailurePage | None:
    page = window.stack.currentWidget()
    return page if isinstance(page, StartupFailurePage) else None


@pytest.mark.parametrize("case", BROKEN)
def test_the_app_names_the_refused_file_and_does_not_retry(qtbot, app_on, database: Path, case: str) -> None:
    make, _problem, reason = BROKEN[case]
    make(database)
    before = digest(database)

    window, controller = app_on()
    qtbot.waitUntil(lambda: failure_page(window) is not None, timeout=20000)

    page = failure_page(window)
    assert str(database) in page.file.text()
    assert reason in page.reason.text()
    assert page.fresh_button.isVisible() and page.fresh_button.isEnabled()
    assert page.fresh_button.text() == "別名で保存して新しく始める" and page.quit_button.text() == "終了"
    assert unnamed(page) == []
    assert not controller.connection.retrying  # no "自動的に再試行します" loop
    assert controller.server is None and controller.session is None
    assert digest(database) == before


def test_a_fresh_start_keeps_the_file_aside_and_starts_on_a_new_database(qtbot, app_on, database: Path) -> None:
    not_a_database(database)
    original = database.read_bytes()
    window, controller = app_on()
    qtbot.waitUntil(lambda: failure_page(window) is not None, timeout=20000)

    qtbot.mouseClick(failure_page(window).fresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.view is not None, timeout=20000)

    kept = sorted(database.parent.glob(f"{database.name}.broken-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == original
    assert database.read_bytes()[:16] == b"SQLite format 3\x00"  # a fresh database in its place
    assert window.stack.currentWidget() is window.home
    assert controller.session is not None and controller.session.serial  # signed in on the fresh world
    note = window.findChild(QMessageBox, "freshStartMessage")
    assert note is not None and kept[0].name in note.text()
    note.close()


def test_quit_closes_the_window(qtbot, app_on, database: Path) -> None:
    newer_schema(database)
    window, _controller = app_on()
    qtbot.waitUntil(lambda: failure_page(window) is not None, timeout=20000)

    qtbot.mouseClick(failure_page(window).quit_button, Qt.MouseButton.LeftButton)

    assert not window.isVisible()


def test_a_backend_that_is_only_slow_is_still_retried(qtbot, poll_policy) -> None:
    """Not a refused file (the start-up timed out): the banner and the retries stay."""
    calls = []

    def too_slow(options: Options):
        calls.append(options)
        raise EmbeddedStartError()

    window = MainWindow()
    qtbot.addWidget(window)
    controller = AppController(window, ProductBackend(Options(), too_slow), window, policy=poll_policy)
    window.show()
    controller.start()
    try:
        qtbot.waitUntil(lambda: len(calls) >= 2, timeout=10000)
        assert failure_page(window) is None
        assert "再試行" in window.home.connection_banner.text()
    finally:
        controller.shutdown()


# -- the start-up module and the client core, without a window --------------------------------------------------

@pytest.mark.parametrize("case", BROKEN)
def test_start_embedded_turns_a_refusal_into_a_data_file_error(database: Path, case: str) -> None:
    make, problem, _reason = BROKEN[case]
    make(database)
    with pytest.raises(DataFileError) as raised:
        start_embedded(Options())
    assert raised.value.problem is problem and raised.value.path == database
    assert raised.value.can_set_aside


def test_set_aside_moves_the_file_and_its_log_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "backend.sqlite3"
    when = datetime(2026, 12, 2, 9, 30, 5)
    for round_ in ("first", "second"):
        path.write_bytes(f"{round_} file".encode())
        Path(f"{path}-wal").write_bytes(f"{round_} log".encode())
        kept = set_aside(path, when)
        assert Path(f"{kept}-wal").read_bytes() == f"{round_} log".encode()
        assert kept.read_bytes() == f"{round_} file".encode()
        assert not path.exists() and not Path(f"{path}-wal").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "backend.sqlite3.broken-20261202-093005", "backend.sqlite3.broken-20261202-093005-2",
        "backend.sqlite3.broken-20261202-093005-2-wal", "backend.sqlite3.broken-20261202-093005-wal"]


def test_set_aside_undoes_its_moves_when_one_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    path = tmp_path / "backend.sqlite3"
    path.write_bytes(b"file")
    Path(f"{path}-wal").write_bytes(b"log")
    real_rename = os.rename

    def rename(old, new):
        if Path(old) == path:
            raise PermissionError(13, "denied", str(old))
        real_rename(old, new)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PermissionError):
        set_aside(path)
    assert path.read_bytes() == b"file" and Path(f"{path}-wal").read_bytes() == b"log"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backend.sqlite3", "backend.sqlite3-wal"]
