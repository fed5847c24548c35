"""The display language without Qt: which one the app starts in (``--lang``, then the saved choice, then the
locale), the command that restarts it, and the ``Accept-Language`` every API client sends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from vb_renew.core import api
from vb_renew.core.api import ApiClient
from vb_renew.core.language import choose, known, restart_command
from vb_renew.translations import system_language


@pytest.mark.parametrize(("requested", "saved", "system", "language"), [
    ("en", "ja", "ja", "en"),  # --lang first
    ("ja", "en", "en", "ja"),
    (None, "en", "ja", "en"),  # then the menu's saved choice
    (None, "ja", "en", "ja"),
    (None, None, "en", "en"),  # then the locale
    (None, None, "ja", "ja"),
    (None, "fr", "en", "en"),  # a saved value the app does not speak is no choice
    ("fr", None, "xx", "ja"),  # nothing usable: Japanese, the source language
])
def test_lang_then_the_saved_choice_then_the_locale(requested, saved, system, language) -> None:
    assert choose(requested, saved, system) == language


def test_the_locale_decides_as_for_the_command_lines_help() -> None:
    assert choose(None, None, system_language({"LANG": "en_US.UTF-8"})) == "en"
    assert choose(None, None, system_language({"LANG": "de_DE.UTF-8"})) == "ja"
    assert known("en") == "en" and known("EN") is None and known(None) is None and known(1) is None


def test_a_restart_runs_the_same_command_without_lang_and_reset() -> None:
    argv = ["--basedir", "/data/vb", "--lang", "en", "--reset", "--qa", "--lang=ja", "--scenario", "two_serials"]
    assert restart_command(argv, "/venv/bin/python", frozen=False) == [
        "/venv/bin/python", "-m", "vb_renew", "--basedir", "/data/vb", "--qa", "--scenario", "two_serials"]
    assert restart_command(["--server", "http://127.0.0.1:8765"], "/opt/vb-renew/vb-renew", frozen=True) == [
        "/opt/vb-renew/vb-renew", "--server", "http://127.0.0.1:8765"]
    assert restart_command(["--", "--lang", "x"], "app", frozen=True) == ["app", "--", "--lang", "x"]


# -- Accept-Language ----------------------------------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    seen: list[str | None] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.seen.append(self.headers.get("Accept-Language"))
        body = b'{"status": "ok", "version": "1", "today": "2026-12-02", "now": "2026-12-02T10:00:00+09:00"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list]]:
    seen: list[str | None] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Recorder", (_Recorder,), {"seen": seen}))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def get(url: str, **kwargs: object) -> None:
    client = ApiClient(url, **kwargs)
    try:
        client._get("/health")
    finally:
        client.close()


def test_every_client_asks_for_the_uis_language(recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    url, seen = recorder
    monkeypatch.setattr(api, "_language", "ja")  # as a process starts (put back after the test)
    get(url)  # nothing chosen: Japanese, the backend's default too
    api.use_language("en")  # the start-up module, for an English UI
    get(url)
    get(url, language="ja")  # one client may ask otherwise
    assert seen == ["ja", "en", "ja"]
