"""What 「今すぐ更新」 opens the wizard with, read ahead once S2 has painted: the click then opens S5 at once.

:class:`OptionsReadAhead` reads the serials and their renewal options on a worker
(``core.renewal_start.read_options_ahead``), keeps the last reading, and drops it at any news that may change it:
the licence changed, an order followed changed or ended, a clock reading of another simulated day. What it keeps
stands in for a reading at the click only while ``OptionsAhead.current`` says so; the wizard reads them again
once it has shown them (``RenewalWizard.start``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from vb_renew.core.api import ApiClient
    from vb_renew.core.renewal_start import OptionsAhead
    from vb_renew.core.session import ProductSession
    from vb_renew.ui.connection import Connection
    from vb_renew.ui.tasks import TaskRunner
    from vb_renew.ui.tracking import OrderTracker


class OptionsReadAhead(QObject):
    """The last reading of what 「今すぐ更新」 opens, while nothing says it changed."""

    def __init__(self, runner: TaskRunner, connection: Connection, tracker: OrderTracker,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._kept: OptionsAhead | None = None
        self._readings = 0  # a reading that comes back after a drop or a newer reading is not kept
        for news in (connection.licenceChanged, tracker.changed, tracker.forgotten, tracker.ended):
            news.connect(self.drop)
        connection.clockChanged.connect(self._clock_read)

    @property
    def kept(self) -> OptionsAhead | None:
        """The reading kept (None: none yet, or dropped since)."""
        return self._kept

    def read(self, session: ProductSession, client_factory: Callable[[], ApiClient],
             then: Callable[[OptionsAhead], None] | None = None) -> None:
        """Read now, on a worker (what was kept is dropped); ``then(reading)`` once read, kept or not."""
        from vb_renew.core.renewal_start import read_options_ahead

        self.drop()
        reading = self._readings

        def read(ahead: OptionsAhead) -> None:
            if reading == self._readings:
                self._kept = ahead
            if then is not None:
                then(ahead)

        self.runner.submit(lambda: read_options_ahead(session, client_factory), read, lambda _error: None)

    def take(self) -> OptionsAhead | None:
        """The reading, if it may stand in for one made now; either way it is used up (S2 shown again reads)."""
        ahead, self._kept = self._kept, None
        return ahead if ahead is not None and ahead.current(time.monotonic()) else None

    def drop(self, *_news: object) -> None:
        self._kept = None
        self._readings += 1

    @Slot(object)
    def _clock_read(self, now: datetime) -> None:
        if self._kept is not None and now.date() != self._kept.options.today:
            self.drop()  # another simulated day: other options
