"""Start-up failures explain themselves and touch nothing.

A damaged database, one a newer version wrote, a read-only one, a folder that cannot be made, a port in use:
``vb-renew-server`` prints one line naming the file or the port and what to do, exits with status 3, and the
file is byte for byte as it was (nothing created beside it either). The embedded backend refuses the same
files with the same typed error. ``--reset`` on a busy port deletes nothing: the port is bound first.

Read-only: the server refuses a file without its owner's write bit even when it runs as root (who could write
it anyway), so this test holds for root too and needs no skip.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from vb_renew.core.datafiles import DataFileProblem
from vb_renew.server.cli import EXIT_CANNOT_START
from vb_renew.server.db import SCHEMA_VERSION, Database
from vb_renew.server.embedded import EmbeddedServer
from vb_renew.server.startup_error import DATABASE_PROBLEMS, StartupError, StartupProblem

REPO = Path(__file__).resolve().parents[2]


# -- the files -----------------------------------------------------------------------------------------------

def healthy(path: Path) -> Path:
    """A database of the current schema, closed (its log folded in)."""
    Database(path).close()
    return path


def not_a_database(path: Path) -> Path:
    path.write_bytes(b"this is not an SQLite database\n" * 64)
    return path


def damaged_pages(path: Path) -> Path:
    """A valid header, pages of garbage: only SQLite's own check finds it."""
    healthy(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size + 100:] = b"\xab" * (len(data) - page_size - 100)
    path.write_bytes(bytes(data))
    return path


def newer_schema(path: Path) -> Path:
    """What a newer version leaves: ``PRAGMA user_version`` beyond this one's schema."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE from_the_future (id INTEGER PRIMARY KEY)")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    return path


def read_only(path: Path) -> Path:
    healthy(path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return path


BROKEN: dict[str, tuple[Callable[[Path], Path], StartupProblem, tuple[str, ...]]] = {
    # name: (how to make it, the kind, what the line says besides the path)
    "not a database": (not_a_database, StartupProblem.CORRUPT, ("damaged", "untouched", "move it aside")),
    "damaged pages": (damaged_pages, StartupProblem.CORRUPT, ("damaged", "untouched", "move it aside")),
    "newer schema": (newer_schema, StartupProblem.NEWER_SCHEMA, (f"schema {SCHEMA_VERSION + 1}", "newer",
                                                                 "move the file aside")),
    "read-only": (read_only, StartupProblem.READ_ONLY, ("read-only", "make it writable")),
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and its content's digest."""
    return {str(p.relative_to(folder)): digest(p) if p.is_file() else "folder" for p in sorted(folder.rglob("*"))}


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    yield folder
    for path in folder.rglob("*"):  # a read-only file must not stop pytest's clean-up
        if path.is_file():
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)


# -- vb-renew-server -----------------------------------------------------------------------------------------

def server_command() -> list[str]:
    script = shutil.which("vb-renew-server", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "vb_renew.server"]


def run_server(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([*server_command(), "--host", "127.0.0.1", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line the server printed (on stderr; nothing on stdout, no traceback)."""
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("vb-renew-server: cannot start: ")
    return lines[0]


@pytest.mark.parametrize("case", BROKEN)
def test_the_server_refuses_a_database_in_one_line_and_leaves_it_as_it_was(folder: Path, case: str) -> None:
    make, _kind, words = BROKEN[case]
    database = make(folder / "backend.sqlite3")
    before, files = digest(database), listing(folder)

    result = run_server("--port", "0", "--db", str(database), "--qa", "--sim-token", "t", "--reset")

    assert result.returncode == EXIT_CANNOT_START
    line = one_line(result)
    assert str(database) in line
    for word in words:
        assert word in line
    assert digest(database) == before  # byte for byte: not migrated, not switched to WAL, not reseeded
    assert listing(folder) == files  # and nothing created beside it


def test_a_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be\n")
    database = blocker / "data" / "backend.sqlite3"

    result = run_server("--port", "0", "--db", str(database))

    assert result.returncode == EXIT_CANNOT_START
    line = one_line(result)
    assert str(database) in line and "folder" in line
    assert blocker.read_text() == "a file where the data folder should be\n"


@pytest.fixture
def busy_port() -> Iterator[int]:
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    yield holder.getsockname()[1]
    holder.close()


def test_reset_on_a_busy_port_deletes_nothing(folder: Path, busy_port: int) -> None:
    database = folder / "backend.sqlite3"
    with EmbeddedServer(database, scenario="three_serials", seconds_per_day=None) as server:
        world = server.installation()
    assert world is not None
    before, files = digest(database), listing(folder)

    result = run_server("--port", str(busy_port), "--db", str(database), "--qa", "--sim-token", "t",
                        "--reset", "--scenario", "vb_cloud_in_term")

    assert result.returncode == EXIT_CANNOT_START
    line = one_line(result)
    assert f"port {busy_port} is already in use" in line and "--port" in line
    assert digest(database) == before and listing(folder) == files
    with EmbeddedServer(database, seconds_per_day=None) as server:  # the world is the one it was
        assert server.installation() == world
        assert server.app.state.service.scenario_name == "three_serials"


def test_a_busy_port_creates_no_database_either(tmp_path: Path, busy_port: int) -> None:
    database = tmp_path / "new" / "backend.sqlite3"

    result = run_server("--port", str(busy_port), "--db", str(database), "--reset")

    assert result.returncode == EXIT_CANNOT_START
    assert str(busy_port) in one_line(result)
    assert not (tmp_path / "new").exists()


def test_a_healthy_database_still_serves_after_the_checks(folder: Path) -> None:
    """The checks refuse only what they should: the same server opens, migrates and serves a good file."""
    database = healthy(folder / "backend.sqlite3")
    with EmbeddedServer(database, seconds_per_day=None) as server:
        assert server.startup_error is None
        assert server.app.state.db.version == SCHEMA_VERSION


# -- the embedded backend ------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", BROKEN)
def test_the_embedded_backend_refuses_the_same_files_with_a_typed_error(folder: Path, case: str) -> None:
    make, kind, _words = BROKEN[case]
    database = make(folder / "backend.sqlite3")
    before, files = digest(database), listing(folder)

    server = EmbeddedServer(database, seconds_per_day=None)
    server.start()
    try:
        assert server.wait_ready(15) is False
        refused = server.startup_error
        assert isinstance(refused, StartupError)
        assert refused.kind == kind and refused.path == database
    finally:
        server.stop()
    with pytest.raises(StartupError) as raised:
        with EmbeddedServer(database, seconds_per_day=None):
            pass
    assert raised.value.kind == kind
    assert digest(database) == before and listing(folder) == files


def test_the_app_knows_every_database_kind_by_the_same_value() -> None:
    """The client core's kinds mirror the server's (the start-up module converts one into the other by value)."""
    assert {problem.value for problem in DataFileProblem} == {kind.value for kind in DATABASE_PROBLEMS}
