"""Qt Linguist files for the tests of the translations read without Qt (``vb_renew.translations``).

The tests write a small ``.ts`` of their own, with the few translations they check, into a temporary folder that
``VB_RENEW_TRANSLATIONS`` points at: they pass whether or not the project's ``resources/i18n`` files exist yet.
:func:`marked_texts` finds the texts a module marks with ``QT_TRANSLATE_NOOP``, as ``pyside6-lupdate`` does.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from vb_renew.i18n import Text
from vb_renew.translations import FOLDER_VARIABLE

__all__ = ["FOLDER_VARIABLE", "marked_texts", "write_ts"]


def write_ts(folder: Path, translations: Mapping[Text, str | tuple[str, str]], language: str = "en") -> Path:
    """``folder/vb_renew_<language>.ts`` with these translations (a ``(translation, type)`` pair gives the
    ``<translation>``'s type, e.g. ``unfinished``), grouped by context as lupdate writes them."""
    contexts: dict[str, list[str]] = {}
    for text, translated in translations.items():
        value, kind = (translated, None) if isinstance(translated, str) else translated
        kind_attr = f' type="{kind}"' if kind else ""
        contexts.setdefault(text.context, []).append(
            f"    <message>\n        <source>{escape(text.source)}</source>\n"
            f"        <translation{kind_attr}>{escape(value)}</translation>\n    </message>")
    body = "".join(f"<context>\n    <name>{escape(name)}</name>\n" + "\n".join(messages) + "\n</context>\n"
                   for name, messages in contexts.items())
    path = folder / f"vb_renew_{language}.ts"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                    f'<TS version="2.1" language="{language}" sourcelanguage="ja_JP">\n{body}</TS>\n',
                    encoding="utf-8")
    return path


def marked_texts(paths: Iterable[Path], contexts: Iterable[str]) -> set[Text]:
    """Every ``QT_TRANSLATE_NOOP("<context>", "<source>")`` of these files whose context is one of ``contexts``."""
    wanted = set(contexts)
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "QT_TRANSLATE_NOOP":
                context, source = (arg.value for arg in node.args)  # type: ignore[attr-defined]
                if context in wanted:
                    found.add(Text(context, source))
    return found
