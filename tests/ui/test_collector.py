"""What Python's cyclic garbage collector does to the app's Qt objects.

A Python-owned window left in a reference cycle is freed by the collector, which first clears the Python half of
every object in the cycle; Qt then destroys the window, and that still sends events through the filters of its
helpers.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QPushButton, QRadioButton, QWidget


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
