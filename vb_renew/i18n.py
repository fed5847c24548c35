"""Marking translatable text outside the UI layer.

The rules and the client core import no Qt, yet their messages reach the user.
They mark their Japanese source text with :func:`QT_TRANSLATE_NOOP` (the name
``pyside6-lupdate`` looks for) and carry it as a :class:`Text`; the UI passes it
through ``QCoreApplication.translate(text.context, text.source)``.
"""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    """A translatable message: its translation context and Japanese source text."""

    context: str
    source: str

    def format(self, **values: object) -> str:
        """The untranslated text with placeholders filled (for logs and the API)."""
        return self.source.format(**values)


def QT_TRANSLATE_NOOP(context: str, source: str) -> Text:  # noqa: N802 (Qt's name)
    return Text(context, source)
