"""Log records go to the app's log file, and to the console only when there is one."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from vb_renew import logs
from vb_renew.server.embedded import EmbeddedServer


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    logs.configure(None)
    root.handlers[:] = handlers
    root.setLevel(level)


def test_without_a_console_records_go_to_the_log_file_only(tmp_path: Path, monkeypatch, restore_logging) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    folder = tmp_path / "log"
    path = logs.configure(folder)
    assert path == folder / "vb-renew.log" and not folder.exists()  # opened at the first record, not at start-up
    logging.getLogger("vb_renew.test").warning("最初の記録")
    assert not any(isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
                   for h in logging.getLogger().handlers if getattr(h, "vb_renew", False))
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "WARNING [MainThread] vb_renew.test: 最初の記録" in path.read_text(encoding="utf-8")


def test_the_embedded_backend_starts_and_logs_without_a_console(tmp_path: Path, monkeypatch, restore_logging) -> None:
    """The windowed build's blocker: uvicorn's default logging config needs a stderr stream."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    path = logs.configure(tmp_path / "log")
    server = EmbeddedServer(tmp_path / "backend.sqlite3", seconds_per_day=None).start()
    try:
        assert server.wait_ready(15), repr(server._failed)
        assert requests.get(f"{server.url}/health", timeout=10).json()["status"] == "ok"
        logging.getLogger("uvicorn.error").warning("from the backend's server")
    finally:
        server.stop()
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "uvicorn.error: from the backend's server" in path.read_text(encoding="utf-8")
