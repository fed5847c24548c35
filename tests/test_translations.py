"""The translations read without Qt (vb_renew.translations): the .ts and .qm readers, the language a request, a
locale or a command line asks for, and that every text the backend and the command lines mark is translated in
the project's English .ts once it exists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.linguist import FOLDER_VARIABLE, marked_texts, write_ts
from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.resources import resource_path
from vb_renew.rules.formatting import english_date, japanese_date
from vb_renew.translations import (
    _read_ts,
    catalogue,
    command_line_language,
    language_of_locale,
    negotiate,
    requested_language,
    system_language,
    translate,
)

REPO = Path(__file__).resolve().parent.parent
HELLO = QT_TRANSLATE_NOOP("TestContext", "こんにちは、{name}さん")
BYE = QT_TRANSLATE_NOOP("TestContext", "さようなら")


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(FOLDER_VARIABLE, str(tmp_path))
    return tmp_path


@pytest.mark.parametrize(("header", "language"), [
    (None, "ja"), ("", "ja"), ("en", "en"), ("en-US", "en"), ("EN-gb", "en"), ("ja", "ja"), ("ja-JP", "ja"),
    ("fr", "ja"), ("fr, en;q=0.5", "en"), ("de-DE,de;q=0.9", "ja"),
    ("en-US,en;q=0.9,ja;q=0.8", "en"), ("ja,en-US;q=0.9,en;q=0.8", "ja"), ("ja;q=0.1, en;q=0.8", "en"),
    ("en, ja", "en"), ("ja, en", "ja"),  # equal weights: the first listed
    ("en;q=0", "ja"), ("en;q=0, ja", "ja"), ("*", "ja"), ("*;q=0.5, en;q=0.4", "ja"), ("*, ja;q=0.5", "en"),
    ("en;q=abc", "ja"), ("en;q=1.5", "ja"), ("en; q=0.7", "en"), (" , ;q=1, en", "en"), ("日本語", "ja"),
])
def test_the_language_of_an_answer_follows_accept_language(header: str | None, language: str) -> None:
    assert negotiate(header) == language


@pytest.mark.parametrize(("locale_name", "language"), [
    ("en_US.UTF-8", "en"), ("en_GB", "en"), ("en", "en"), ("English_United States", "en"), ("ja_JP.UTF-8", "ja"),
    ("C", "ja"), ("C.UTF-8", "ja"), ("POSIX", "ja"), ("fr_FR.UTF-8", "ja"), ("", "ja"), (None, "ja"),
])
def test_english_only_for_an_english_locale(locale_name: str | None, language: str) -> None:
    assert language_of_locale(locale_name) == language


def test_the_system_language_reads_lc_all_then_lc_messages_then_lang() -> None:
    assert system_language({"LANG": "en_US.UTF-8"}) == "en"
    assert system_language({"LANG": "ja_JP.UTF-8"}) == "ja"
    assert system_language({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}) == "ja"
    assert system_language({"LC_MESSAGES": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"}) == "en"
    assert system_language({"LC_ALL": "", "LANG": "en_US.UTF-8"}) == "en"  # an empty variable is not set


def test_the_command_line_chooses_before_the_locale() -> None:
    assert requested_language(["--lang", "en"]) == "en"
    assert requested_language(["--basedir", "x", "--lang=ja"]) == "ja"
    assert requested_language(["--lang", "en", "--lang", "ja"]) == "ja"  # the last, as argparse reads it
    assert requested_language(["--lang", "fr"]) is None  # the parser says it is wrong
    assert requested_language(["--", "--lang", "en"]) is None and requested_language(["--lang"]) is None
    assert command_line_language(["--lang", "en"], {"LANG": "ja_JP.UTF-8"}) == "en"
    assert command_line_language([], {"LANG": "en_US.UTF-8"}) == "en"
    assert command_line_language([], {"LANG": "ja_JP.UTF-8"}) == "ja"


def test_a_translation_is_found_by_context_and_source_and_filled(folder: Path) -> None:
    write_ts(folder, {HELLO: "Hello, {name}", BYE: "Goodbye"})
    assert translate(HELLO, "en", name="Taro") == "Hello, Taro"
    assert translate(BYE, "en") == "Goodbye"
    assert translate(HELLO, "ja", name="太郎") == "こんにちは、太郎さん"  # Japanese is the source
    assert translate(QT_TRANSLATE_NOOP("Elsewhere", "さようなら"), "en") == "さようなら"  # another context
    assert translate(BYE, "fr") == "さようなら"  # a language without translations


def test_what_is_not_translated_stays_japanese(folder: Path) -> None:
    """Empty, vanished and obsolete translations are none; a filled unfinished one counts, as lrelease builds it
    into the .qm the UI loads. A translation whose placeholders differ from the source's falls back too."""
    write_ts(folder, {QT_TRANSLATE_NOOP("C", "空"): "", QT_TRANSLATE_NOOP("C", "消えた"): ("Vanished", "vanished"),
                      QT_TRANSLATE_NOOP("C", "古い"): ("Obsolete", "obsolete"),
                      QT_TRANSLATE_NOOP("C", "未完"): ("Draft", "unfinished"),
                      QT_TRANSLATE_NOOP("C", "{name}様"): "Dear {nmae}"})
    told = {source: translate(QT_TRANSLATE_NOOP("C", source), "en") for source in ("空", "消えた", "古い", "未完")}
    assert told == {"空": "空", "消えた": "消えた", "古い": "古い", "未完": "Draft"}
    assert translate(QT_TRANSLATE_NOOP("C", "{name}様"), "en", name="Taro") == "Taro様"


def test_no_file_or_a_damaged_one_means_japanese(folder: Path) -> None:
    assert catalogue("en") == {} and translate(BYE, "en") == "さようなら"
    (folder / "vb_renew_en.ts").write_text("<TS><context>", encoding="utf-8")
    assert catalogue("en") == {}


def test_a_changed_file_is_read_again(folder: Path) -> None:
    path = write_ts(folder, {BYE: "Goodbye"})
    assert translate(BYE, "en") == "Goodbye"
    write_ts(folder, {BYE: "Farewell, then"})  # another size: read again even within the same clock tick
    assert path.exists() and translate(BYE, "en") == "Farewell, then"


def test_the_qm_that_lrelease_builds_is_read_when_there_is_no_ts(folder: Path, tmp_path_factory) -> None:
    """The frozen bundle ships only the .qm files."""
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    if not lrelease.exists():
        pytest.skip("needs pyside6-lrelease (PySide6's tools) beside the Python running the tests")
    sources = tmp_path_factory.mktemp("sources")
    ts = write_ts(sources, {HELLO: "Hello, {name}", BYE: "Goodbye", QT_TRANSLATE_NOOP("Other", "改行\nあり"): "Two\nlines",
                            QT_TRANSLATE_NOOP("Other", "空"): ""})
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(folder / "vb_renew_en.qm")], check=True)
    assert not (folder / "vb_renew_en.ts").exists()
    assert translate(HELLO, "en", name="Hanako") == "Hello, Hanako"
    assert translate(QT_TRANSLATE_NOOP("Other", "改行\nあり"), "en") == "Two\nlines"
    assert translate(QT_TRANSLATE_NOOP("Other", "空"), "en") == "空"
    assert catalogue("en") == _read_ts(ts)  # the same translations either way


def test_dates_in_english_and_in_japanese() -> None:
    assert english_date("2028-10-02") == "Oct 2, 2028"
    assert english_date("2026-12-31T23:30:00+09:00") == "Dec 31, 2026"
    assert [english_date(f"2027-{month:02d}-01")[:3] for month in range(1, 13)] == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert english_date(None) == "" and english_date("soon") == "soon"
    assert japanese_date("2028-10-02") == "2028年10月2日"


# --- the project's own English translations --------------------------------------------------------------------

# What the backend and the command lines say, and where they mark it.
OWN_CONTEXTS = ("ServerErrors", "Mails", "Cli")
OWN_FILES = [*sorted((REPO / "vb_renew" / "server").rglob("*.py")),
             REPO / "vb_renew" / "cli_help.py", REPO / "vb_renew" / "startup.py", REPO / "vb_renew" / "qa" / "walkthrough.py"]


def test_the_backend_and_the_command_lines_mark_their_texts() -> None:
    texts = marked_texts(OWN_FILES, OWN_CONTEXTS)
    assert {t.context for t in texts} == set(OWN_CONTEXTS)
    assert QT_TRANSLATE_NOOP("ServerErrors", "ご指定のお申し込みが見つかりません。") in texts
    assert QT_TRANSLATE_NOOP("Cli", "使用法: ") in texts


def test_every_text_of_the_backend_and_the_command_lines_has_an_english_translation(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = resource_path("i18n", "vb_renew_en.ts")
    if not real.exists():
        pytest.skip("resources/i18n/vb_renew_en.ts does not exist yet")
    monkeypatch.delenv(FOLDER_VARIABLE, raising=False)
    english = _read_ts(real)
    missing = sorted(f"{t.context}: {t.source}" for t in marked_texts(OWN_FILES, OWN_CONTEXTS)
                     if not english.get((t.context, t.source)))
    assert missing == []
