"""The display language without Qt: which one the app starts in (``--lang``, then the saved choice, then the
locale), the command that restarts it, and the ``Accept-Language`` every API client sends (the backend answers in it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vb_renew.core import api
from vb_renew.core.api import ApiClient
from vb_renew.core.errors import ApiError
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


@pytest.fixture
def backend(tmp_path) -> Iterator[str]:
    """The real backend, on loopback."""
    from vb_renew.server.embedded import EmbeddedServer

    with EmbeddedServer(tmp_path / "backend.sqlite3", scenario="vb_cloud_in_term", seconds_per_day=None) as server:
        yield server.url


def refusal(url: str, **kwargs: object) -> str:
    """The backend's message when a client asks for an order without signing in: in the language it asked for."""
    client = ApiClient(url, **kwargs)
    try:
        with pytest.raises(ApiError) as refused:
            client._get("/orders/VB-20261202-0001")
    finally:
        client.close()
    assert refused.value.code == "auth.required" and refused.value.server_message
    return refused.value.server_message


def test_every_client_asks_for_the_uis_language(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "_language", "ja")  # as a process starts (put back after the test)
    japanese = refusal(backend)  # nothing chosen: Japanese, the backend's default too
    api.use_language("en")  # the start-up module, for an English UI
    english = refusal(backend)
    assert refusal(backend, language="ja") == japanese  # one client may ask otherwise
    assert japanese == "ログインが必要です。"
    assert english != japanese and english.isascii()  # the backend's English (resources/i18n)
