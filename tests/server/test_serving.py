"""The listening server's own settings (vb_renew.server.serving): the collector of a shared server."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from vb_renew.server.serving import SERVER_GC_THRESHOLDS, tune_collector


@pytest.fixture
def collector_as_it_was() -> Iterator[None]:
    thresholds, automatic = gc.get_threshold(), gc.isenabled()
    gc.unfreeze()  # the suite's own freeze (tests/conftest.py), so that the test sees tune_collector's
    gc.disable()  # as the suite runs (the app's way: tests/conftest.py): a standalone server turns it on
    yield
    gc.set_threshold(*thresholds)  # what was frozen stays frozen, as the suite had it
    if not automatic:
        gc.disable()


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_a_tuned_server_still_frees_reference_cycles(collector_as_it_was) -> None:
    tune_collector()
    assert gc.isenabled() and gc.get_threshold() == SERVER_GC_THRESHOLDS
    assert gc.get_freeze_count() > 0  # what the server set up before serving is out of the collector's sight
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: reference counting alone never frees it
    gone = weakref.ref(a)
    del a, b
    kept = [Node() for _ in range(SERVER_GC_THRESHOLDS[0] * 2)]  # enough new objects to set off a pass by itself
    assert gone() is None
    assert len(kept) == SERVER_GC_THRESHOLDS[0] * 2
