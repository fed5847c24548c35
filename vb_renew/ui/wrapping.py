"""Word-wrapped text that never breaks a line inside a word a reader takes whole.

Qt wraps Japanese between any two characters (as it should), and so also inside 「（アップグレード）」, between
「5,280」 and 「円」, after a hyphen of a serial number. :data:`UNBREAKABLE` names such runs; :func:`keep_together`
puts an invisible word joiner (U+2060) between their characters, which Qt's line breaking honours on every
platform and with every font; :class:`KeptLabel` is a word-wrapped label that shows its text so.
:mod:`vb_renew.qa.layout_check` reports a line that breaks inside one of these runs.

No ``Qt`` namespace import (see vb_renew/ui/widgets.py): wrapped labels are built before the first paint.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QWidget

WORD_JOINER = "\u2060"

# Runs a reader takes as one word: a line may break before or after one, never inside.
UNBREAKABLE_PATTERNS = (
    r"[¥￥]?\d[\d,]*円(?:（税込）)?",  # a price, with its 税込
    r"\d{4}/\d{1,2}/\d{1,2}",  # a date as slash_date writes it
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}日",  # a date in Japanese
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}",  # a date in English (Oct 2, 2027)
    r"¥\d[\d,]*(?: \(incl\. tax\))?",  # a price in English, with its tax
    r"\d{1,2}:\d{2}",  # a time
    r"〒?\d{3}-\d{4}",  # a postal code
    r"[A-Za-z0-9]+(?:[-.@_+][A-Za-z0-9]+)+",  # a serial, an order number, a phone number, an e-mail address
    r"（[^（）\s、。]{1,16}）",  # a parenthesised word (not a parenthesised sentence: that may wrap)
    r"\([^()\s]{1,16}\)",
)
UNBREAKABLE = re.compile("|".join(f"(?:{pattern})" for pattern in UNBREAKABLE_PATTERNS))


def keep_together(text: str) -> str:
    """``text`` with a word joiner between the characters of each :data:`UNBREAKABLE` run (it shows the same)."""
    return UNBREAKABLE.sub(lambda match: WORD_JOINER.join(match.group()), text)


class KeptLabel(QLabel):
    """A word-wrapped label that never breaks a line inside an :data:`UNBREAKABLE` run.

    It shows its text with word joiners in those runs; :meth:`text` is the text as it was set (what tests, the
    walkthrough's report and other code read). Rich text is shown as it is.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._text = ""
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._text = text
        super().setText(text if "<" in text else keep_together(text))  # "<": markup, perhaps; left as it is

    def text(self) -> str:
        return self._text
