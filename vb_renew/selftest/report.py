"""The self-test's report: one line per check, a log file for windowed builds, and a watchdog."""

from __future__ import annotations

import faulthandler
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # the self-test imports the client only once Qt is up (its first check)
    pass


class CheckFailed(Exception):
    """A check's failure, with the detail to print."""


class Report:
    """Prints one line per check to stdout and, if given, to a log file."""

    def __init__(self, log_path: str | None) -> None:
        self.results: list[tuple[str, bool]] = []
        self._log: TextIO | None = None
        if log_path:
            Path(log_path).parent.mkdir(parents=True, exist_ok=True)
            self._log = open(log_path, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 (closed in close())
        self._lock = threading.Lock()

    def line(self, text: str) -> None:
        with self._lock:
            if sys.stdout is not None:  # None in a windowed Windows build
                print(text, flush=True)
            if self._log is not None:
                self._log.write(text + "\n")

    def check(self, name: str, action: Callable[[], str]) -> Any:
        """Run one check; a raised exception (any) fails it with its message."""
        try:
            detail = action()
        except CheckFailed as exc:
            self.results.append((name, False))
            self.line(f"FAIL {name}: {exc}")
            return False
        except Exception as exc:  # noqa: BLE001 (every failure is reported as a line)
            self.results.append((name, False))
            self.line(f"FAIL {name}: {type(exc).__name__}: {exc}")
            return False
        self.results.append((name, True))
        self.line(f"ok  {name}: {detail}")
        return True

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(ok for _, ok in self.results)

    def close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def start_watchdog(report: Report, timeout: float) -> threading.Timer:
    """End the process (exit 1) with a FAIL line and every thread's stack if the run hangs."""

    def expire() -> None:
        report.line(f"FAIL self-test: timed out after {timeout:.0f} s")
        stream = sys.stderr if sys.stderr is not None else None
        if stream is not None:
            faulthandler.dump_traceback(file=stream, all_threads=True)
        report.close()
        os._exit(1)

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    return timer


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Spin the Qt event loop (workers' results arrive through it) until ``predicate`` holds."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise CheckFailed(f"timed out after {timeout:.0f} s waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
