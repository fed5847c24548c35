"""The app quits by its normal path on SIGTERM and SIGINT: the controller's shutdown stops the embedded backend."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vb_renew.logs import LOG_FILE

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]


def wait_for_line(log: Path, text: str, process: subprocess.Popen, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if log.exists() and text in (content := log.read_text(encoding="utf-8")):
            return content
        time.sleep(0.05)
    output = "" if process.poll() is None else process.communicate()[0]
    raise AssertionError(f"no {text!r} in {log}; app output:\n{output}")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_quits_the_app_through_its_shutdown(tmp_path: Path, signum: int) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([sys.executable, "-m", "vb_renew", "--basedir", str(tmp_path), "--seconds-per-day",
                                "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               encoding="utf-8")
    log = tmp_path / "log" / LOG_FILE
    try:
        wait_for_line(log, "embedded backend listening on", process)
        process.send_signal(signum)
        output = process.communicate(timeout=20)[0]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "embedded backend stopped" in log.read_text(encoding="utf-8")
    assert "Traceback" not in output
