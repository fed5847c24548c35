"""Run by ``test_call_log.py`` in a process of its own: the client core announces API calls from several threads
while the UI thread keeps making QA call logs and deleting them, as windows open and close. Prints how many calls
the logs received; a race between an announcement and a deletion crashes this process.

Usage: ``python call_log_churn.py SECONDS``
"""

from __future__ import annotations

import faulthandler
import sys
import threading
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication

from vb_renew.core import api
from vb_renew.core.api import API, ApiCall
from vb_renew.ui.qa_panel.calls import ApiCallLog
from vb_renew.ui.tasks import TaskRunner


def main(seconds: float) -> None:
    faulthandler.enable()
    app = QApplication(sys.argv[:1])
    runner = TaskRunner(app)
    ids = iter(range(1, 10**9))
    stop = threading.Event()

    def announce() -> None:  # a thread of the client core that made a request
        while not stop.is_set():
            api._announce(ApiCall(next(ids), "GET", f"{API}/health", 200, None, 0.001, time.time()))
            time.sleep(0)

    received = 0

    def count(_call: object) -> None:
        nonlocal received
        received += 1

    threads = [threading.Thread(target=announce, daemon=True) for _ in range(3)]
    for thread in threads:
        thread.start()
    for _ in range(2):  # the pool's threads announce too, as they do in the app
        runner.submit(lambda: [api._announce(ApiCall(next(ids), "GET", f"{API}/health", 200, None, 0.001,
                                                     time.time())) for _ in range(20_000)])
    end, cycles = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        window = QObject()
        logs = [ApiCallLog(runner, window) for _ in range(3)]
        for log in logs:
            log.added.connect(count)
        QCoreApplication.processEvents()
        if cycles % 2:
            logs[0].close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del logs, window
        cycles += 1
    stop.set()
    for thread in threads:
        thread.join()
    runner.shutdown(finish_queued=False)
    print(f"cycles={cycles} received={received}", flush=True)
    del app


if __name__ == "__main__":
    main(float(sys.argv[1]))
