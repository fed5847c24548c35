"""What Python's cyclic garbage collector does to the app's Qt objects.

- Cycles are collected on the UI thread only, so that no Qt object is destroyed on the server's or a worker's
  thread (there it can deadlock with the UI thread: see ``vb_renew.ui.collector``).
- A Python-owned window left in a reference cycle is freed by the collector, which first clears the Python half of
  every object in the cycle; Qt then destroys the window, and that still sends events through the filters of its
  helpers.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QPushButton, QRadioButton, QWidget

from vb_renew.ui.collector import UiThreadCollector, collect_due, collect_on_ui_thread


@pytest.fixture
def automatic_collection() -> Iterator[None]:
    """Python as it starts: automatic collection on (the suite runs with it off, as the app does)."""
    was_on = gc.isenabled()
    gc.enable()
    yield
    if not was_on:
        gc.disable()


def qt_object_in_a_cycle(freed_on: list[int]) -> None:
    """A parentless QObject reachable only from a reference cycle; ``freed_on`` gets the thread that frees it."""
    cycle: dict[str, object] = {"qt": QObject()}
    cycle["self"] = cycle
    weakref.finalize(cycle["qt"], lambda: freed_on.append(threading.get_ident()))


def allocate_on_a_worker(kept: list[object], objects: int = 300_000) -> int:
    """Make many objects the collector tracks on another thread, as the embedded server does under load, and keep
    them in ``kept`` (a count is of objects made less those freed); the worker's thread id."""
    thread_id: list[int] = []

    def work() -> None:
        thread_id.append(threading.get_ident())
        kept.extend([] for _ in range(objects))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    return thread_id[0]


def test_without_it_another_thread_frees_the_qt_object(automatic_collection: None) -> None:
    # What the collector is for: with Python's automatic collection the worker's allocations set it off on the
    # worker (or on another of the process's threads that allocated first: the suite's embedded backend's).
    gc.collect()  # the counts start from nothing: this thread's few allocations below set off no collection
    freed_on: list[int] = []
    qt_object_in_a_cycle(freed_on)
    allocate_on_a_worker(kept=[])
    assert len(freed_on) == 1 and freed_on[0] != threading.get_ident()


def test_a_cycle_holding_a_qt_object_is_freed_on_the_ui_thread(qapp: QApplication, qtbot,
                                                               automatic_collection: None) -> None:
    collect_on_ui_thread(qapp)
    assert not gc.isenabled()
    freed_on: list[int] = []
    qt_object_in_a_cycle(freed_on)

    kept: list[object] = []
    allocate_on_a_worker(kept)
    assert freed_on == []  # the worker went past every threshold and collected nothing

    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)  # the UI thread's next tick
    assert freed_on == [threading.get_ident()]


def test_one_collector_per_application_however_often_asked(qapp: QApplication, automatic_collection: None) -> None:
    first = collect_on_ui_thread(qapp)
    gc.enable()  # something turned it on again: asking again turns it off, and starts no second timer
    assert collect_on_ui_thread(qapp) is first
    assert not gc.isenabled()
    assert len(qapp.findChildren(UiThreadCollector)) == 1


def test_the_apps_application_is_collected_on_its_thread(qapp: QApplication, automatic_collection: None) -> None:
    from vb_renew.ui.app import application

    for earlier in qapp.findChildren(UiThreadCollector):  # the suite's own (tests/conftest.py): as a fresh process
        earlier.setParent(None)
    assert application() is qapp
    assert not gc.isenabled()
    assert len(qapp.findChildren(UiThreadCollector)) == 1
    assert qapp.applicationName() == "vb-renew"


def test_what_lives_once_the_app_is_up_is_frozen_once_at_the_next_tick(qapp: QApplication, qtbot) -> None:
    def in_sight(thing: object) -> bool:  # tracked by the collector, not frozen out of its sight
        return any(tracked is thing for tracked in gc.get_objects())

    collector = UiThreadCollector(qapp, every_ms=20)
    try:
        made_at_start: list[object] = []
        collector.settle(object())  # as the connection's signal calls it
        assert not collector.settled and in_sight(made_at_start)  # not now (the screen is painting): next tick
        qtbot.waitUntil(lambda: collector.settled, timeout=5000)
        assert not in_sight(made_at_start)

        made_later: list[object] = []
        collector.settle()
        qtbot.wait(100)  # five ticks
        assert in_sight(made_later)  # once only: what came later stays in sight
    finally:
        collector.setParent(None)


def test_settling_freezes_without_a_pass_over_what_start_up_made(qapp: QApplication, qtbot) -> None:
    # A pass over everything start-up made took 50-75 ms of the UI thread, just when the user may click.
    passes: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            passes.append(info["generation"])

    thresholds = gc.get_threshold()
    collector = UiThreadCollector(qapp, every_ms=20)
    gc.set_threshold(0, 0, 0)  # nothing due meanwhile (the suite's own ticks included): a pass seen is settling's
    gc.callbacks.append(seen)
    try:
        collector.settle()
        qtbot.waitUntil(lambda: collector.settled, timeout=5000)
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*thresholds)
        collector.setParent(None)
    assert passes == []


def test_the_start_up_module_settles_the_collector_once_connected(qapp: QApplication, qtbot, monkeypatch) -> None:
    from vb_renew import logs, startup
    from vb_renew.ui.main_window import MainWindow

    monkeypatch.setattr(logs, "configure", lambda folder: None)  # the test's log stays the test runner's
    for earlier in qapp.findChildren(UiThreadCollector):  # as a fresh process: none settled yet
        earlier.setParent(None)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    startup.connect(startup.parse_args(["--scenario", "vb_cloud_in_term"]), qapp, window)
    controller = window.controller
    try:
        collector = qapp.findChild(UiThreadCollector)
        assert collector is not None and not collector.settled
        qtbot.waitUntil(lambda: controller.view is not None, timeout=30_000)
        qtbot.waitUntil(lambda: collector.settled, timeout=5000)
    finally:
        qapp.aboutToQuit.disconnect(controller.shutdown)
        controller.shutdown()


def test_collect_due_collects_the_oldest_generation_past_its_threshold(automatic_collection: None) -> None:
    gc.disable()
    gc.collect()
    freed: list[bool] = []
    cycle: list[object] = []
    cycle.append(cycle)
    holder = {"qt": QObject()}
    holder["self"] = holder
    weakref.finalize(holder["qt"], lambda: freed.append(True))
    del cycle, holder

    assert collect_due((10_000, 10, 10)) == 0  # nothing past a threshold yet: nothing collected
    assert freed == []

    young_limit = 50
    alive = [[] for _ in range(young_limit)]  # alive: a count is what was allocated less what was freed
    assert gc.get_count()[0] > young_limit
    assert collect_due((young_limit, 10, 10)) >= 2  # the youngest generation: both cycles found
    assert freed == [True]
    assert gc.get_count()[0] < young_limit and gc.get_count()[1] == 1  # as Python counts: one young collection
    assert len(alive) == young_limit

    for _ in range(11):  # eleven young collections: the next generation is past its threshold of 10
        gc.collect(0)
    assert gc.get_count()[1] > 10
    collect_due((young_limit, 10, 10))
    assert gc.get_count()[1] == 0 and gc.get_count()[2] == 1  # the middle one was collected, with the young


def collected_in_a_cycle(make: Callable[[], tuple[QWidget, QWidget]]) -> None:
    """Free the window ``make()`` gives as the collector frees a Python-owned window left in a cycle, with the
    widget it gives beside it focused."""

    def shown() -> None:
        window, focused = make()
        window.show()
        focused.setFocus()
        QApplication.processEvents()
        window.itself = window  # the cycle: only the collector frees it

    shown()
    gc.collect()


def test_a_window_freed_by_the_collector_is_not_filtered_by_its_cleared_helpers(qapp: QApplication, qtbot) -> None:
    # The collector clears the Python half of every object in the cycle before Qt destroys the window, and
    # destroying it still sends events (a hide, a focus out) through the event filters of its helpers.
    from vb_renew.ui.keyboard import ArrowGroup, DialogKeys
    from vb_renew.ui.leave_guard import CloseGuard
    from vb_renew.ui.tasks import TaskRunner
    from vb_renew.ui.wizard.customer_form import CustomerForm

    def page() -> tuple[QWidget, QWidget]:
        window = QWidget()
        button = QPushButton("OK", window)
        window.keys = DialogKeys(window, default=lambda: button, cancel=lambda: button)
        window.guard = CloseGuard(window, guarded=window)
        return window, button

    def choices() -> tuple[QWidget, QWidget]:
        window = QWidget()
        radios = [QRadioButton(text, window) for text in ("a", "b")]
        window.arrows = ArrowGroup(radios, window, "test.choices", arrows_check=True)
        window.keys = DialogKeys(window)  # holds the window: it outlives the group's attributes in the collection
        return window, radios[0]

    runner = TaskRunner()

    def form() -> tuple[QWidget, QWidget]:
        window = CustomerForm("test", runner)
        window.keys = DialogKeys(window)
        return window, window.inputs[next(iter(window.inputs))]

    try:
        with qtbot.captureExceptions() as raised:
            for make in (page, choices, form):
                collected_in_a_cycle(make)
        assert [str(error[1]) for error in raised] == []
    finally:
        runner.shutdown()
