"""A command line's help and errors in the user's language: ``vb-renew``, ``vb-renew-server``, ``vb-renew walkthrough``.

The language is ``--lang ja|en`` when the command line has it (read before the parser is built), else the system
locale's (:func:`vb_renew.translations.command_line_language`: English for an English locale, else Japanese). Each
entry point builds a :class:`HelpParser` and passes its option's help through :attr:`HelpParser.tr`: the help is a
Japanese source text marked ``QT_TRANSLATE_NOOP("Cli", ...)``, translated through the Qt Linguist translations like
the rest of the app.

argparse's own words ("usage:", "options", "show this help message and exit", its errors) come from
``gettext.gettext``, which argparse imported as its module's ``_`` (and ``ngettext``). While one of our parsers is
built, formats its help or reads a command line, those two names are swapped for a lookup of :data:`ARGPARSE_WORDS`
(argparse's English words and their Japanese, marked for Linguist too), then put back: other parsers are untouched.
Words argparse has that are not listed stay English.

Japanese has no spaces to wrap at, so :class:`HelpFormatter` wraps by the width a terminal gives each character
(two columns for a Japanese one), between any two Japanese characters but never before a closing mark.
"""

from __future__ import annotations

import argparse
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from vb_renew.i18n import QT_TRANSLATE_NOOP, Text
from vb_renew.translations import LANGUAGES, command_line_language, translator

# argparse's words (Python 3.11 to 3.13) -> their Japanese source text; the English translation is argparse's own.
ARGPARSE_WORDS: dict[str, Text] = {
    "usage: ": QT_TRANSLATE_NOOP("Cli", "使用法: "),
    "positional arguments": QT_TRANSLATE_NOOP("Cli", "引数"),
    "options": QT_TRANSLATE_NOOP("Cli", "オプション"),
    "show this help message and exit": QT_TRANSLATE_NOOP("Cli", "このヘルプを表示して終了します"),
    "%(prog)s: error: %(message)s\n": QT_TRANSLATE_NOOP("Cli", "%(prog)s: エラー: %(message)s\n"),
    "argument %(argument_name)s: %(message)s": QT_TRANSLATE_NOOP("Cli", "引数 %(argument_name)s: %(message)s"),
    "the following arguments are required: %s": QT_TRANSLATE_NOOP("Cli", "次の引数が必要です: %s"),
    "unrecognized arguments: %s": QT_TRANSLATE_NOOP("Cli", "認識できない引数があります: %s"),
    "invalid choice: %(value)r (choose from %(choices)s)": QT_TRANSLATE_NOOP(
        "Cli", "選択できない値です: %(value)r（%(choices)s から選んでください）"),
    "invalid %(type)s value: %(value)r": QT_TRANSLATE_NOOP("Cli", "%(type)s の値として正しくありません: %(value)r"),
    "expected one argument": QT_TRANSLATE_NOOP("Cli", "値を1つ指定してください"),
    "expected at most one argument": QT_TRANSLATE_NOOP("Cli", "値は1つまでです"),
    "expected at least one argument": QT_TRANSLATE_NOOP("Cli", "値を1つ以上指定してください"),
    "expected %s argument": QT_TRANSLATE_NOOP("Cli", "値を %s つ指定してください"),
    "expected %s arguments": QT_TRANSLATE_NOOP("Cli", "値を %s 個指定してください"),
    "not allowed with argument %s": QT_TRANSLATE_NOOP("Cli", "引数 %s と一緒には指定できません"),
    "one of the arguments %s is required": QT_TRANSLATE_NOOP("Cli", "引数 %s のどれかが必要です"),
    "ambiguous option: %(option)s could match %(matches)s": QT_TRANSLATE_NOOP(
        "Cli", "オプション %(option)s があいまいです（%(matches)s のどれにも当てはまります）"),
    "ignored explicit argument %r": QT_TRANSLATE_NOOP("Cli", "値 %r は使われません"),
}
LANG_HELP = QT_TRANSLATE_NOOP("Cli", "表示の言語: ja（日本語）または en（英語）。既定はシステムのロケールの言語です")
VERSION_HELP = QT_TRANSLATE_NOOP("Cli", "バージョンを表示して終了します")
# An option vb-renew and vb-renew-server share (--expired-base).
EXPIRED_BASE_HELP = QT_TRANSLATE_NOOP("Cli", "期限切れのライセンスの新しい期間を、入金の確認日（既定）と元の有効期限の"
                                             "どちらから数えるか")

_swapping = threading.RLock()


@contextmanager
def argparse_words(tr: Callable[[Text], str]) -> Iterator[None]:
    """argparse's own words in ``tr``'s language, for the time of the ``with`` (this thread's parsers; other threads
    wait for their own to finish first)."""

    def gettext(message: str) -> str:
        text = ARGPARSE_WORDS.get(message)
        return message if text is None else tr(text)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    with _swapping:
        saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
        argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
        try:
            yield
        finally:
            argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping Japanese text by its width on a terminal."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))


class HelpParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` in the language of a command line (``--lang``, else the system's), with ``--lang``.

    ``tr(text, **values)`` translates a ``Cli`` text into that language (:attr:`language`).
    """

    def __init__(self, argv: Sequence[str], **kwargs: Any) -> None:
        self.language = command_line_language(argv)
        self.tr = translator(self.language)
        kwargs.setdefault("formatter_class", HelpFormatter)
        with argparse_words(self.tr):  # the groups' titles and -h's help are argparse's words, set here
            super().__init__(**kwargs)
        self.add_argument("--lang", choices=LANGUAGES, default=None, help=self.tr(LANG_HELP))

    def add_version(self, version: str) -> None:
        """``--version``, with its help in the parser's language."""
        self.add_argument("--version", action="version", version=version, help=self.tr(VERSION_HELP))

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        with argparse_words(self.tr):  # "unrecognized arguments" is said here, after parse_known_args
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        with argparse_words(self.tr):
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with argparse_words(self.tr):
            return super().format_usage()

    def format_help(self) -> str:
        with argparse_words(self.tr):
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with argparse_words(self.tr):
            super().error(message)


# --- wrapping by the terminal's columns -------------------------------------------------------------------------

# Marks that never start a line (they stay with what comes before) and that never end one (they go with what follows).
CLOSING = set("、。，．,.:;!?）」』】〕〉》”’ー・：；！？%")
OPENING = set("（「『【〔〈《“‘")
_WORD = re.compile(r"\s+|[^\s]")


def columns(text: str) -> int:
    """The columns ``text`` takes on a terminal: two for a wide (Japanese) character."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pieces(text: str) -> list[str]:
    """``text`` in the pieces a line may break between: a Latin word, a Japanese character (with the marks that
    cling to it), a space."""
    pieces: list[str] = []
    glue = False  # the previous piece ends with an opening mark: what follows joins it
    for char in _WORD.findall(" ".join(text.split())):
        wide = columns(char) == 2
        if char == " ":
            pieces.append(char)
            glue = False
            continue
        if pieces and pieces[-1] != " " and (glue or char in CLOSING or not (wide or _is_wide(pieces[-1][-1]))):
            pieces[-1] += char
        else:
            pieces.append(char)
        glue = char in OPENING
    return pieces


def _is_wide(char: str) -> bool:
    return columns(char) == 2


def wrap(text: str, width: int) -> list[str]:
    """``text`` (its whitespace collapsed) in lines of at most ``width`` columns where it can break."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if piece == " ":
            if line:
                line += " "
            continue
        if line and columns(line + piece) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines
