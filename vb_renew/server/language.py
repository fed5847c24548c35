"""The language of what the service says: its messages, told in the language the request asks for.

The service's messages are Japanese source texts marked ``QT_TRANSLATE_NOOP`` (context ``ServerErrors``; the product
rules' own in :mod:`vb_renew.rules`), carried as a :class:`Message` (the text and its placeholders' values) until the
answer is written. Only then are they told, in the language of the request's ``Accept-Language``
(:func:`vb_renew.translations.negotiate`: Japanese by default), through the Qt Linguist translations
(:mod:`vb_renew.translations`). A value may itself be a text (told in the same language) or a day (written as that
language writes a date).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from vb_renew.i18n import Text
from vb_renew.rules.errors import Violation
from vb_renew.rules.formatting import written_date
from vb_renew.translations import SOURCE_LANGUAGE, negotiate, translate

CONTENT_LANGUAGE = "Content-Language"


@dataclass(frozen=True)
class Message:
    """A message of the service: a translatable text and the values of its placeholders."""

    text: Text
    values: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def of(cls, said: Said, **values: object) -> Message:
        if isinstance(said, Message):
            return cls(said.text, {**said.values, **values}) if values else said
        if isinstance(said, Violation):
            return cls(said.text, {**said.values, **values})
        if isinstance(said, Text):
            return cls(said, values)
        return cls(Text("", said), {})  # a text nobody translates (a path, the system's words): as it is

    def told(self, language: str = SOURCE_LANGUAGE) -> str:
        values = {name: _value(value, language) for name, value in self.values.items()}
        if not self.text.context:
            return self.text.source
        return translate(self.text, language, **values)

    def __str__(self) -> str:
        """The Japanese message (logs, a command line's error)."""
        return self.told(SOURCE_LANGUAGE)


# What a message may be given as: a Message, a marked text, a rule's violation, or words nobody translates.
Said = Message | Text | Violation | str


def told(said: Said, language: str = SOURCE_LANGUAGE) -> str:
    """``said`` in ``language``."""
    return Message.of(said).told(language)


def _value(value: object, language: str) -> object:
    if isinstance(value, (Message, Text, Violation)):
        return told(value, language)
    if isinstance(value, date):
        return written_date(value, language)
    return value


def language_of(headers: Mapping[str, str]) -> str:
    """The language a request asks for (its ``Accept-Language``): ``ja`` or ``en``."""
    return negotiate(headers.get("accept-language"))
