"""The Qt binding itself must not corrupt the interpreter (a long-running app would abort)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel


def test_calls_that_return_nothing_do_not_drain_nones_reference_count(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("有効期限")
        QCoreApplication.processEvents()
    # Python 3.12+ makes None immortal; before that, a binding that forgets to take a reference
    # to None (PySide6 6.12.0) lowers the count by one per call until the interpreter aborts.
    assert sys.getrefcount(None) - before > -100
