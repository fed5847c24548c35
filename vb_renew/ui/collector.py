"""Python's cyclic garbage collector, run by the UI thread only: from a timer, as the automatic one would.

Left automatic, the collector runs on whichever thread allocates when a threshold is passed: in the app, often
the embedded server's thread or a worker's. A Qt object owned by Python alone and caught in a reference cycle is
then destroyed on that thread. ``QObject::~QObject`` takes Qt's lock on connections and calls back into Python,
which needs the GIL; the UI thread may be holding the GIL and waiting for that very lock (PySide does not release
the GIL to connect a signal, and ``setStyleSheet`` connects some). Neither goes on: seen once in the test suite,
between a widget being styled and the server's thread collecting in the middle of a request.

So automatic collection is off, and a timer on the UI thread collects what is due (qutebrowser does the same).
The embedded server's thread and the workers then only free by reference counting, which is what nearly all their
objects need; cycles wait for the next tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

# How often the UI thread looks whether a collection is due. A look is a call to gc.get_count(); what a collection
# costs is the same as when the automatic collector ran it (and it stopped every thread then too: it holds the GIL).
COLLECT_EVERY_MS = 1000
_KEPT_AS = "_vb_renew_collector"  # the application's attribute holding its collector


def collect_due(thresholds: tuple[int, ...] | None = None) -> int:
    """Collect the generations the automatic collector would have by now; the number of objects found unreachable.

    As Python does: the oldest generation whose count has passed its threshold is collected with those younger.
    ``thresholds`` defaults to Python's own (``gc.get_threshold()``).
    """
    limits = thresholds or gc.get_threshold()
    counts = gc.get_count()
    for generation in reversed(range(len(counts))):
        if limits[generation] and counts[generation] > limits[generation]:
            return gc.collect(generation)
    return 0


class UiThreadCollector(QObject):
    """Turns automatic collection off for as long as it lives, and collects what is due every tick."""

    def __init__(self, parent: QObject, every_ms: int = COLLECT_EVERY_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)  # coarse, as QTimer is by default (no Qt namespace here: see ui/widgets.py)
        self._timer.timeout.connect(self._tick)
        self._timer.start(every_ms)
        self._settle = "no"  # "no", "due" (at the next tick), "done"
        gc.disable()

    @property
    def settled(self) -> bool:
        """Whether what start-up made has been moved out of the collector's sight (:meth:`settle`)."""
        return self._settle == "done"

    @Slot(object)
    def settle(self, _why: object = None) -> None:
        """The app is up (its modules, the embedded backend, the main window): at the next tick, once the screen has
        painted, what lives then is moved out of the collector's sight (``gc.freeze``): it lives to the end, and
        later full passes walk only what came after. Only the first call counts.

        No pass to free garbage first: it walks every object start-up made, 50-75 ms of the UI thread when the
        user may click. What is garbage then stays: seen, 30-110 objects (under 100 KB), the embedded server's
        closed connections among them; the API client leaves none (``core.api``)."""
        if self._settle == "no":
            self._settle = "due"

    @Slot()
    def _tick(self) -> None:
        if self._settle == "due":
            self._settle = "done"
            gc.freeze()
        else:
            collect_due()


def collect_on_ui_thread(app: QApplication) -> UiThreadCollector:
    """Make the UI thread the only one that collects cycles, for as long as ``app`` lives (once per application)."""
    gc.disable()  # also if it was turned on again since: the collector below is already running
    # Kept on the application: findChild (its default argument builds Qt's namespace: ui/widgets.py) and children()
    # (it wraps Qt's own children of the application) each cost 7-10 ms before the first paint.
    existing = getattr(app, _KEPT_AS, None)
    try:
        if existing is not None and existing.parent() is app:
            return existing
    except RuntimeError:  # deleted meanwhile
        pass
    collector = UiThreadCollector(app)
    setattr(app, _KEPT_AS, collector)
    return collector
