"""The look shared by the pages after the main screen: colours, styles, headings, cards, money and dates.

No ``Qt`` namespace import (see vb_renew/ui/widgets.py), so the main screen may use it too.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from vb_renew.ui.widgets import BRAND_RED

ERROR_RED = "#c62828"
MUTED = "#616161"
BORDER = "#d6d6d6"
PANEL = "#f6f6f6"

ERROR_STYLE = f"color: {ERROR_RED};"
NOTE_STYLE = "background: #fff8e1; color: #5d4200; padding: 8px 10px; border: 1px solid #f0d58a; border-radius: 4px;"
SIM_NOTE_STYLE = "background: #e8f1fb; color: #0d3c6e; padding: 8px 10px; border: 1px solid #b6d0ee; border-radius: 4px;"
ERROR_PANEL_STYLE = (f"background: #fdecea; color: {ERROR_RED}; padding: 8px 10px; border: 1px solid #f3b8b3;"
                     " border-radius: 4px;")

# A choice button: outlined until chosen, filled in the product's red when chosen.
CHOICE_BUTTON_STYLE = (
    f"QPushButton {{ background: white; color: {BRAND_RED}; border: 1px solid {BRAND_RED}; border-radius: 4px;"
    " padding: 6px 12px; font-weight: bold; }"
    "QPushButton:hover { background: #fdeeee; }"
    f"QPushButton:checked {{ background: {BRAND_RED}; color: white; }}"
    "QPushButton:disabled { background: #f0f0f0; color: #a0a0a0; border-color: #cfcfcf; }"
    "QPushButton:focus { outline: 1px dotted #0b62b5; }"
)
SECONDARY_BUTTON_STYLE = (
    "QPushButton { background: white; color: #333333; border: 1px solid #9e9e9e; border-radius: 4px;"
    " padding: 6px 14px; }"
    "QPushButton:hover { background: #f2f2f2; }"
    "QPushButton:disabled { color: #a0a0a0; border-color: #d0d0d0; }"
)


def yen(amount: int) -> str:
    """``5280`` -> ``5,280円（税込）``: prices on these pages include tax [seed: the real page shows 税込]."""
    return QCoreApplication.translate("Wizard", "{amount}円（税込）").format(amount=f"{amount:,}")


def slash_date(iso: str | None) -> str:
    """``2027-09-26`` -> ``2027/09/26``, as the product prints dates."""
    if not iso:
        return ""
    try:
        from datetime import date  # not at import: this module is on the first paint's path

        return date.fromisoformat(iso[:10]).strftime("%Y/%m/%d")
    except ValueError:
        return iso


def years_text(years: int) -> str:
    return QCoreApplication.translate("Wizard", "{years}年版").format(years=years)


def camel(key: str) -> str:
    """``family_name`` -> ``familyName`` (automation ids are camelCase)."""
    head, *rest = key.split("_")
    return head + "".join(part.capitalize() for part in rest)


def heading(text: str, parent: QWidget, object_name: str, size_delta: int = 5) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(object_name)
    font = label.font()
    font.setPointSize(font.pointSize() + size_delta)
    font.setBold(True)
    label.setFont(font)
    return label


def section_title(text: str, parent: QWidget, object_name: str) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(object_name)
    label.setStyleSheet(f"font-weight: bold; border: none; border-left: 4px solid {BRAND_RED}; padding-left: 8px;")
    return label


def wrapped(text: str, parent: QWidget, object_name: str, style: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


def make_card(frame: QFrame) -> QFrame:
    """Style ``frame`` as a white bordered box. By a property, so its child labels are not styled."""
    frame.setProperty("card", True)
    frame.setStyleSheet(f'QFrame[card="true"] {{ background: white; border: 1px solid {BORDER}; border-radius: 4px; }}')
    return frame


def card_frame(parent: QWidget, object_name: str) -> QFrame:
    """A white bordered box (a serial, a product)."""
    frame = QFrame(parent)
    frame.setObjectName(object_name)
    return make_card(frame)


def place_name(place: str | None) -> str:
    """Where a slip was paid (or that a card paid), as the user reads it."""
    if place == "convenience_store":
        return QCoreApplication.translate("Payment", "コンビニエンスストア")
    if place == "post_office":
        return QCoreApplication.translate("Payment", "郵便局")
    if place == "credit_card":
        return QCoreApplication.translate("Payment", "クレジットカード")
    return place or ""
