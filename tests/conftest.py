"""Test set-up shared by every test.

Qt runs offscreen (set before anything imports Qt); every test gets its own
data folder and an in-memory keyring, so no test touches the user's real data
or keychain.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_ACCESSIBILITY", "0")

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

import keyring  # noqa: E402
import pytest  # noqa: E402
from memory_keyring import MemoryKeyring  # noqa: E402

from vb_renew import paths  # noqa: E402
from vb_renew.server.clock import JST  # noqa: E402

MOVED_CLOCK_ENV = "VB_RENEW_MOVED_CLOCK"  # set by tests/on_date.py


def pytest_sessionstart(session: pytest.Session) -> None:
    """Say which wall clock the suite runs on (also with -q); on a moved clock, prove that it really moved."""
    now = datetime.now(JST)
    moved = os.environ.get(MOVED_CLOCK_ENV)
    if moved and abs((now - datetime.fromisoformat(moved)).total_seconds()) > 600:
        pytest.exit(f"the wall clock was to be moved to {moved}, but this process reads {now.isoformat()}", 4)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"wall clock: {now:%Y-%m-%d %H:%M} JST" + (" (moved)" if moved else " (real)"))


@pytest.fixture(autouse=True)
def isolated_basedir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every folder vb-renew writes to lives under this test's temporary folder."""
    basedir = tmp_path / "vb-renew-home"
    monkeypatch.setenv(paths.BASEDIR_ENV, str(basedir))
    paths.configure(basedir)
    yield basedir
    paths.configure(basedir)  # leave nothing pointing at the user's folders


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """An in-memory keyring for this process and any subprocess the test starts."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "memory_keyring.MemoryKeyring")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(TESTS_DIR), os.environ.get("PYTHONPATH")])))
    yield backend
    keyring.set_keyring(previous)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What exists once the tests are collected (the modules: Qt, FastAPI, hypothesis...) lives to the end: out of
    the collector's sight, so that its full passes during the tests do not walk it again and again.

    Cycles are then collected as the app has them collected, by the main (UI) thread only: never automatically on
    the embedded server's thread, which could destroy there a Qt object an earlier test left in a cycle and
    deadlock with the UI thread (``vb_renew.ui.collector``). ``collected_on_the_main_thread`` collects.
    """
    gc.collect()
    gc.freeze()
    gc.disable()


@pytest.fixture(autouse=True)
def collected_on_the_main_thread() -> Iterator[None]:
    """During a test that runs Qt's event loop, the app's timer collects; after every test, what is due."""
    from PySide6.QtWidgets import QApplication

    from vb_renew.ui.collector import collect_due, collect_on_ui_thread

    def on_the_app() -> None:
        app = QApplication.instance()
        if app is not None:
            collect_on_ui_thread(app)

    on_the_app()
    yield
    on_the_app()  # the first test that made the application has it from now on
    collect_due()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests (marked slow) first, each in its own order: on two workers, the suite ends when the last
    test started ends, and a 15 s test started near the end leaves the other worker idle for as long."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


# Modules whose tests share a set-up too costly to make twice: on two workers, each of them would make it (a
# module-scoped fixture runs once per worker that runs one of its tests). test_walkthrough.py walks every scripted
# path through the app once for its checks (about 10 s).
ONE_WORKER_MODULES = frozenset({"tests/ui/test_walkthrough.py"})


def pytest_configure(config: pytest.Config) -> None:
    """A worker that crashes ends the run, naming the test it was running. pytest-xdist would otherwise start a new
    worker and hand it the crashed test's unit again (see the scheduler below), which can crash it too and leave the
    run waiting for workers that never come. ``--max-worker-restart`` given on the command line is kept."""
    if getattr(config.option, "maxworkerrestart", "") is None:
        config.option.maxworkerrestart = "0"


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown under -p no:xdist
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: a worker per CPU, plus one. About a quarter of the workers' time is spent waiting on real time,
    not on a CPU (held long polls, the client's timeouts and injected latency, subprocesses starting up); the spare
    worker runs tests meanwhile. On 2 cores the whole suite took 116-124 s with 2 workers, 100 s with 3 and 102 s
    with 4. ``PYTEST_XDIST_AUTO_NUM_WORKERS`` still decides when it is set (pytest-xdist's own hook reads it)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cpus + 1


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown under -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """pytest-xdist's ``--dist load`` (what ``-n`` gives), but the tests of each of :data:`ONE_WORKER_MODULES` go to
    one worker together, as one unit sent first (the heaviest); every other test is a unit of its own, as with
    ``load``. Another ``--dist`` is left as it is."""
    if config.getoption("dist", None) != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedSetUpOnce(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER_MODULES else nodeid

    return SharedSetUpOnce(config, log)
