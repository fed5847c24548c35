"""The command lines' help follows the language: ``--lang ja|en``, else the locale (English only for an English one).

``vb-renew --help``, ``vb-renew-server --help`` and ``vb-renew walkthrough --help`` run as the user runs them, in a
process of their own, with the locale set and a small .ts of the test's own (tests/linguist.py): argparse's words,
and one option's help of each command. Then argparse's errors, and how Japanese help is wrapped.
"""

from __future__ import annotations

import argparse
import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.linguist import FOLDER_VARIABLE, marked_texts, write_ts
from vb_renew.cli_help import ARGPARSE_WORDS, LANG_HELP, HelpParser, columns, wrap

REPO = Path(__file__).resolve().parent.parent
LANG_ENGLISH = "the language shown: ja (Japanese) or en (English); by default the system locale's"


def option_help(path: Path, clue: str) -> object:
    """The one Cli text of ``path`` that holds ``clue``."""
    texts = [t for t in marked_texts([path], ["Cli"]) if clue in t.source]
    assert len(texts) == 1, texts
    return texts[0]


PORT_HELP = option_help(REPO / "vb_renew" / "server" / "cli.py", "8765")
BASEDIR_HELP = option_help(REPO / "vb_renew" / "startup.py", "キャッシュ")


@pytest.fixture(scope="module")
def translations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("i18n")
    write_ts(folder, {**{text: english for english, text in ARGPARSE_WORDS.items()}, LANG_HELP: LANG_ENGLISH,
                      PORT_HELP: "the port to listen on (default: 8765); 0 picks a free port",
                      BASEDIR_HELP: "keep every file (database, settings, cache) under this folder"})
    return folder


def run(translations: Path, lang: str, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if key not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG=lang, COLUMNS="100", PYTHONIOENCODING="utf-8", **{FOLDER_VARIABLE: str(translations)})
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, encoding="utf-8", env=env,
                          cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def flat(text: str) -> str:
    """Without whitespace: Japanese help wraps anywhere."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("command", [("-m", "vb_renew"), ("-m", "vb_renew.server")], ids=["vb-renew", "server"])
def test_the_help_is_english_for_an_english_locale(translations: Path, command: tuple[str, ...]) -> None:
    shown = run(translations, "en_US.UTF-8", *command, "--help")
    assert shown.startswith("usage: vb-renew") and "\noptions:\n" in shown
    assert "show this help message and exit" in shown and LANG_ENGLISH in " ".join(shown.split())
    own = "0 picks a free port" if command[1] == "vb_renew.server" else "keep every file (database, settings"
    assert own in " ".join(shown.split())
    assert "使用法" not in shown and "オプション" not in shown


@pytest.mark.parametrize("command", [("-m", "vb_renew"), ("-m", "vb_renew.server")], ids=["vb-renew", "server"])
def test_the_help_is_japanese_for_a_japanese_locale(translations: Path, command: tuple[str, ...]) -> None:
    shown = run(translations, "ja_JP.UTF-8", *command, "--help")
    assert shown.startswith("使用法: vb-renew") and "\nオプション:\n" in shown
    assert "このヘルプを表示して終了します" in shown and flat(LANG_HELP.source) in flat(shown)
    own = PORT_HELP if command[1] == "vb_renew.server" else BASEDIR_HELP
    assert flat(own.source) in flat(shown)  # type: ignore[attr-defined]
    assert "usage:" not in shown and "show this help" not in shown


def test_lang_chooses_over_the_locale(translations: Path) -> None:
    english = run(translations, "ja_JP.UTF-8", "-m", "vb_renew.server", "--lang", "en", "--help")
    assert english.startswith("usage: vb-renew-server") and "0 picks a free port" in english
    japanese = run(translations, "en_US.UTF-8", "-m", "vb_renew", "--help", "--lang=ja")
    assert japanese.startswith("使用法: vb-renew") and flat(BASEDIR_HELP.source) in flat(japanese)  # type: ignore[attr-defined]


def test_the_walkthroughs_help_follows_the_language_too(translations: Path) -> None:
    shown = run(translations, "ja_JP.UTF-8", "-m", "vb_renew", "walkthrough", "--help", "--lang", "en")
    assert shown.startswith("usage: vb-renew walkthrough") and "show this help message and exit" in shown


# --- in this process ----------------------------------------------------------------------------------------------

def test_argparses_errors_follow_the_language_and_other_parsers_keep_theirs(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    parser = HelpParser(["--port", "x"], prog="demo")
    parser.add_argument("--port", type=int)
    parser.add_argument("--mode", choices=["a", "b"])
    for argv, said in ((["--port", "x"], "demo: エラー: 引数 --port: int の値として正しくありません: 'x'"),
                       (["--mode", "c"], "選択できない値です: 'c'（'a', 'b' から選んでください）"),
                       (["--nope"], "demo: エラー: 認識できない引数があります: --nope")):
        with pytest.raises(SystemExit) as exited:
            parser.parse_args(argv)
        assert exited.value.code == 2 and said in capsys.readouterr().err
    assert parser.format_usage().startswith("使用法: demo")
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]  # put back
    assert argparse.ArgumentParser(prog="plain").format_usage().startswith("usage: plain")


def test_japanese_help_wraps_by_the_terminals_columns() -> None:
    text = "シミュレーションの1日に当たる実時間の秒数（0: 時計は止まったままです）。X-Sim-Token のトークン"
    lines = wrap(text, 20)
    assert all(columns(line) <= 20 for line in lines) and len(lines) > 3
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[0] in "、。）" for line in lines)  # a closing mark stays with what it closes
    assert "X-Sim-Token" in "\n".join(lines).split("\n")[-2] + "\n".join(lines).split("\n")[-1]  # words unbroken
    assert wrap("english words wrap at spaces", 12) == ["english", "words wrap", "at spaces"]
