"""Work in slices (``vb_renew.ui.turns``): one step a turn of the event loop, held while a click opens a page."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget
from shiboken6 import Shiboken

from vb_renew.ui.turns import InTurns, in_turns


def recording(log: list[str], count: int, then=None):
    """Steps that say when they ran; the first also asks for a turn of its own (a 0-timer) in between."""
    for number in range(1, count + 1):
        log.append(f"step {number}")
        if number == 1:
            QTimer.singleShot(0, lambda: log.append("a turn"))
        if then is not None:
            then(number)
        yield


def test_one_step_a_turn_from_the_next_turn_on(qtbot) -> None:
    log: list[str] = []
    ended: list[bool] = []
    turns = InTurns()
    turns.start(recording(log, 3), ended=lambda: ended.append(True))
    assert log == [] and turns.running  # nothing before the next turn
    qtbot.waitUntil(lambda: ended == [True])
    assert log == ["step 1", "a turn", "step 2", "step 3"]  # the event loop ran between two steps
    assert not turns.running


def test_held_no_step_runs_until_resumed(qtbot) -> None:
    log: list[str] = []
    turns = InTurns()
    turns.start(recording(log, 3, then=lambda number: turns.hold() if number == 1 else None))
    qtbot.waitUntil(lambda: log[:1] == ["step 1"])
    qtbot.wait(100)
    assert log == ["step 1", "a turn"] and turns.running
    turns.resume()
    qtbot.waitUntil(lambda: not turns.running)
    assert log[-1] == "step 3"


def test_resumed_after_painting_waits_for_the_widgets_first_paint(qtbot) -> None:
    log: list[str] = []
    page = QLabel("S5")
    qtbot.addWidget(page)
    turns = InTurns()
    turns.start(recording(log, 2))
    turns.hold()
    turns.resume(after_painting=page)
    qtbot.wait(100)
    assert log == []  # the page has not painted yet
    page.show()
    qtbot.waitUntil(lambda: not turns.running)
    assert log == ["step 1", "a turn", "step 2"]


def test_run_until_takes_the_steps_now_and_a_failure_raises(qtbot) -> None:
    log: list[str] = []
    turns = InTurns()
    turns.start(recording(log, 4))
    turns.run_until(lambda: len(log) == 2)
    assert log == ["step 1", "step 2"]  # now, without a turn between them
    qtbot.waitUntil(lambda: not turns.running)  # the rest in turns
    assert log[-1] == "step 4"

    def failing():
        yield
        raise RuntimeError("broken part")

    turns.start(failing())
    with pytest.raises(RuntimeError, match="broken part"):
        turns.run_until(lambda: False)


def test_a_step_failing_in_turns_ends_the_work_and_is_logged(qtbot, caplog) -> None:
    def failing():
        yield
        raise RuntimeError("broken part")

    ended: list[bool] = []
    turns = InTurns()
    with caplog.at_level(logging.ERROR, logger="vb_renew.ui.turns"):
        turns.start(failing(), ended=lambda: ended.append(True))
        qtbot.waitUntil(lambda: ended == [True])
    assert not turns.running and "broken part" in caplog.text


def test_in_turns_takes_the_first_step_now_and_stops_when_no_longer_wanted(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    log: list[str] = []
    wanted = [True]
    in_turns(owner, recording(log, 5, then=lambda number: wanted.__setitem__(0, number < 3)), lambda: wanted[0])
    assert log == ["step 1"]  # at once
    qtbot.waitUntil(lambda: owner.findChildren(InTurns) == [])  # ended, and its helper gone with it
    assert log == ["step 1", "a turn", "step 2", "step 3"]  # no step once still() said no


def test_turns_stop_with_their_owner(qtbot) -> None:
    owner = QObject()
    log: list[str] = []
    in_turns(owner, recording(log, 3), lambda: True)
    Shiboken.delete(owner)  # gone before the next turn
    qtbot.wait(100)
    assert log == ["step 1", "a turn"]
