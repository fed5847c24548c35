"""Work in slices: a generator's steps, one at each turn of the event loop, so that no slice stalls a frame.

:class:`InTurns` drives one generator, and a click can hold it until the page it opened has painted (the
controller builds the renewal wizard ahead with one). :func:`in_turns` is the short form for work that needs no
holding (painting pages offscreen, a page's parts).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


class InTurns(QObject):
    """One generator's steps, one per turn of the event loop, while ``still()``; held and resumed on request.

    A step that raises ends the work (logged): what it was doing ahead is done when needed instead, where a
    failure shows. Its turns stop with its parent.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: Iterator[None] | None = None
        self._still: Callable[[], bool] = lambda: True
        self._queued = False  # a turn is due
        self._held = False
        self._ended: Callable[[], None] = lambda: None

    @property
    def running(self) -> bool:
        """Steps are left (held or not)."""
        return self._steps is not None

    def start(self, steps: Iterator[None], still: Callable[[], bool] = lambda: True,
              ended: Callable[[], None] = lambda: None) -> None:
        """``steps`` from the next turn on (replacing any left), while ``still()``; ``ended()`` once they have
        ended in turns (done, failed or no longer wanted)."""
        self._steps, self._still, self._ended, self._held = steps, still, ended, False
        self._next_turn()

    def stop(self) -> None:
        self._steps = None

    def run_until(self, condition: Callable[[], bool]) -> None:
        """Now, on this turn: steps until ``condition()`` or their end; a step that raises raises here."""
        while self._steps is not None and not condition():
            if next(self._steps, StopIteration) is StopIteration:
                self._steps = None

    def hold(self) -> None:
        """No step until :meth:`resume` (the user opens what is being built: the UI thread is the click's)."""
        self._held = self._steps is not None

    def resume(self, after_painting: QWidget | None = None) -> None:
        """Held: go on at the next turn, or once ``after_painting`` has painted for the first time."""
        if not self._held:
            return
        if after_painting is None:
            self._release()
        else:
            from vb_renew.ui.app import AfterFirstPaint

            AfterFirstPaint(after_painting, self._release)  # held until then

    def _release(self) -> None:
        self._held = False
        self._next_turn()

    def _next_turn(self) -> None:
        if not self._queued:
            self._queued = True
            QTimer.singleShot(0, self, self._turn)

    def _turn(self) -> None:
        self._queued = False
        if self._steps is None or self._held:
            return
        try:
            done = not self._still() or next(self._steps, StopIteration) is StopIteration
        except Exception:
            log.exception("work done in turns failed")
            done = True
        if done:
            self._steps = None
            self._ended()
        else:
            self._next_turn()


def in_turns(owner: QWidget, steps: Iterator[None], still: Callable[[], bool]) -> None:
    """Take ``steps``: the first now, then one at each turn of the event loop while ``still()`` (and ``owner``
    lives)."""
    if still() and next(steps, StopIteration) is not StopIteration:
        turns = InTurns(owner)  # owned by ``owner``: its turns stop with it
        turns.start(steps, still, ended=turns.deleteLater)
