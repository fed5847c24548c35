"""The QA panel's log of API calls: calls made on any thread reach it on the UI thread, and a log that goes away
while requests are being announced never takes the app down with it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QThread

from vb_renew.core import api
from vb_renew.core.api import API, ApiCall
from vb_renew.ui.qa_panel.calls import ApiCallLog
from vb_renew.ui.tasks import TaskRunner


def announce_on_a_thread(call_id: int) -> None:
    """What the client core does after each request, on the thread that made it."""
    thread = threading.Thread(target=api._announce, args=(ApiCall(call_id, "GET", f"{API}/health", 200, None,
                                                                    0.01, time.time()),))
    thread.start()
    thread.join()


def test_a_call_made_on_another_thread_reaches_the_log_on_the_ui_thread_and_none_after_it_is_closed(qtbot) -> None:
    owner = QObject()
    runner = TaskRunner(owner)
    log = ApiCallLog(runner, owner)
    threads: list[QThread] = []
    log.added.connect(lambda _call: threads.append(QThread.currentThread()))
    qtbot.waitUntil(lambda: runner.busy == 0)  # subscribed (on a worker)

    announce_on_a_thread(-1)
    qtbot.waitUntil(lambda: any(call.id == -1 for call in log.calls))
    assert threads == [owner.thread()]

    log.close()
    announce_on_a_thread(-2)
    qtbot.wait(50)  # a queued call would have arrived by now
    assert [call.id for call in log.calls if call.id < 0] == [-1]
    runner.shutdown()


def test_calls_announced_on_many_threads_while_logs_are_deleted_never_crash_the_app() -> None:
    """Windows closing while requests are announced: the log used to be emitted on from the request's thread,
    and its deletion on the UI thread raced that emit (a segmentation fault within a second here, nearly every time)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    script = Path(__file__).with_name("call_log_churn.py")
    done = subprocess.run([sys.executable, str(script), "1.5"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    counts = dict(part.split("=") for part in done.stdout.split())
    assert int(counts["cycles"]) > 0 and int(counts["received"]) > 0, done.stdout
