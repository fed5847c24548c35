"""How long a closed order keeps its customer's details: erased a set time after it closes.

An order in a final state (:data:`vb_renew.rules.lifecycle.FINAL_STATES`: extended or lapsed) needs
no name, address, phone or email any more. ``erase_after_days`` simulated days after its last change
(``updated_at``, the moment it closed) its ``customer`` becomes ``{}``; the order itself (number, items,
amounts, timeline) stays. The default comes from ``resources/simulation.json`` [sim]. The event runner
calls :meth:`Retention.erase_due` each time it wakes (the clock moved, an event ran, or a minute passed).
The order's ``version`` is not bumped: its life cycle did not change, and no one polls a closed order.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from vb_renew.rules.lifecycle import FINAL_STATES
from vb_renew.server.clock import SimClock, iso
from vb_renew.server.db import Database

log = logging.getLogger("vb_renew.server")

ERASED = "{}"


class Retention:
    """Erases the customer details of orders closed more than ``erase_after_days`` ago (None: never)."""

    def __init__(self, db: Database, clock: SimClock, erase_after_days: float | None) -> None:
        self.db = db
        self.clock = clock
        self.erase_after_days = erase_after_days

    def erase_due(self) -> int:
        """Erase what is due now, in one transaction; the number of orders erased."""
        if self.erase_after_days is None:
            return 0
        cutoff = iso(self.clock.now() - timedelta(days=self.erase_after_days))
        states = sorted(str(state) for state in FINAL_STATES)
        marks = ", ".join("?" * len(states))
        with self.db.transaction() as conn:
            erased = conn.execute(
                f"UPDATE orders SET customer = ? WHERE state IN ({marks}) AND updated_at <= ? AND customer != ?",
                (ERASED, *states, cutoff, ERASED)).rowcount
        if erased:
            log.info("erased the customer details of %d closed order(s)", erased)
        return erased
