"""The look of the UI: the style sheets (light and dark), headings, cards, and the captions for money.

Every style sheet is built here, from the colours of the application's palette (:mod:`vb_renew.ui.colours`),
and given to a widget by name with :func:`styled`; :func:`restyle` builds them again for the new palette
when the system switches between light and dark while the app runs (the main window calls it on
``PaletteChange``). Text and cards take the palette's colours: a card is Base, its text is Text.

Dates and prices are written in the UI's language by :mod:`vb_renew.ui.formats`, from the ``date`` values of
:mod:`vb_renew.core.data`: nothing here reads a date string.

No ``Qt`` namespace import (see vb_renew/ui/widgets.py), and no other heavy module: the main screen
uses this before its first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from vb_renew.ui import formats
from vb_renew.ui.colours import BRAND_RED, STOP_RED, Theme, Tone, mix, theme  # BRAND_RED: pages import it here too
from vb_renew.ui.wrapping import KeptLabel

if TYPE_CHECKING:
    from vb_renew.rules.payment import PaidAt

# The dynamic property that names a widget's style sheet (one of SHEETS), for restyle().
STYLE_PROPERTY = "vbStyle"


# --- the style sheets ----------------------------------------------------------------------------

def _tone_box(tone: Tone, padding: str = "8px 10px", border: bool = True) -> str:
    line = f" border: 1px solid {tone.border};" if border else ""
    return f"background: {tone.background}; color: {tone.text}; padding: {padding};{line} border-radius: 4px;"


# --- focus ----------------------------------------------------------------------------------------
#
# The control with the keyboard focus wears a 2 px ring in the palette's highlight (``Theme.focus``, readable
# on every surface). The ring is drawn where the page showed before: every control keeps a 2 px margin, and
# on focus the margin becomes the ring (the control's own 1 px border, if it has one, becomes its padding), so
# nothing moves and what changes contrasts with the page, around a red button as around a white field.
FOCUS_RING = 2


def _focus(selector: str, t: Theme, padding: str, radius: int = 4, border: int = 1) -> str:
    """The ``:focus`` rule of ``selector``, a control with ``border`` px of its own border, ``padding`` (CSS
    shorthand, px) inside it and a ``FOCUS_RING`` margin outside: the margin and the border become the ring."""
    grown = " ".join(f"{int(value.removesuffix('px')) + border}px" for value in padding.split())
    return (f"{selector}:focus {{ margin: 0; border: {FOCUS_RING}px solid {t.focus};"
            f" border-radius: {radius + FOCUS_RING}px; padding: {grown}; }}")


def _choice_button(t: Theme) -> str:
    """A choice: outlined until chosen, filled in the product's red when chosen."""
    return (
        f"QPushButton {{ background: {t.base}; color: {t.accent}; border: 1px solid {BRAND_RED}; border-radius: 4px;"
        f" margin: {FOCUS_RING}px; padding: 6px 12px; font-weight: bold; }}"
        f"QPushButton:hover {{ background: {t.accent_hover}; }}"
        f"QPushButton:checked {{ background: {BRAND_RED}; color: white; }}"
        f"QPushButton:disabled {{ background: {t.disabled_fill}; color: {t.disabled_text};"
        f" border-color: {mix(t.base, t.text, 48 / 255)}; }}"
        + _focus("QPushButton", t, "6px 12px")
    )


# The buttons of a page, of every kind (primary, secondary, choice): the same padding around the caption and the
# same height (widgets.BUTTON_HEIGHT), so that a bar of buttons lines up whatever their kinds.
_BUTTON_PADDING = "6px 16px"


def _secondary_button(t: Theme) -> str:
    """Any other action (戻る, 閉じる, 再試行...): outlined, in the palette's colours; the primary's shape."""
    return (
        f"QPushButton {{ background: {t.base}; color: {t.strong}; border: 1px solid {t.outline}; border-radius: 4px;"
        f" margin: {FOCUS_RING}px; padding: {_BUTTON_PADDING}; }}"
        f"QPushButton:hover {{ background: {t.hover}; }}"
        f"QPushButton:disabled {{ color: {t.disabled_text}; border-color: {t.disabled_border}; }}"
        + _focus("QPushButton", t, _BUTTON_PADDING)
    )


def _primary_button(t: Theme) -> str:
    """The page's main action, in the product's red."""
    return (
        f"QPushButton {{ background: {BRAND_RED}; color: white; border: 1px solid {BRAND_RED}; border-radius: 4px;"
        f" margin: {FOCUS_RING}px; padding: {_BUTTON_PADDING}; font-weight: bold; }}"
        "QPushButton:hover { background: #b81114; border-color: #b81114; }"
        f"QPushButton:disabled {{ background: {t.primary_disabled}; color: {t.primary_disabled_text};"
        f" border-color: {t.primary_disabled}; }}"
        + _focus("QPushButton", t, _BUTTON_PADDING)
    )


def _link(t: Theme) -> str:
    """A button that looks like the product's underlined text links."""
    return (
        f"QPushButton {{ color: {t.link}; text-decoration: underline; border: none; margin: {FOCUS_RING}px;"
        " padding: 2px; }"
        f"QPushButton:hover {{ color: {t.link_hover}; }}"
        + _focus("QPushButton", t, "2px", radius=2, border=0)
    )


def _field(t: Theme, error: bool = False) -> str:
    """A text field or a drop-down list of a form; with ``error``, the field the error below it is about."""
    colours = (f"border: 1px solid {STOP_RED}; background: {t.field_error};" if error
               else f"border: 1px solid {t.border}; background: {t.base};")
    return (f"QLineEdit, QComboBox {{ {colours} margin: {FOCUS_RING}px; padding: 3px; }}"
            + _focus("QLineEdit", t, "3px", radius=0) + _focus("QComboBox", t, "3px", radius=0))


def _check(t: Theme, padding: str = "2px 4px") -> str:
    """A check box or a radio button: the ring around its box and its text."""
    return (f"QCheckBox, QRadioButton {{ margin: {FOCUS_RING}px; padding: {padding}; }}"
            + _focus("QCheckBox", t, padding, border=0) + _focus("QRadioButton", t, padding, border=0))


def _document(t: Theme) -> str:
    """A text to read in a box (the licence agreement, the privacy notice), scrolled with the arrow keys."""
    return (f"QTextBrowser {{ border: 1px solid {t.border}; margin: {FOCUS_RING}px; padding: 0px; }}"
            + _focus("QTextBrowser", t, "0px", radius=0))


def _status_box(tone: str, padding: str = "10px 12px") -> Callable[[Theme], str]:
    """The waiting page's status: a tinted box whose labels draw no box of their own."""
    return lambda t: (f'QFrame[statusBox="true"] {{ {_tone_box(t.tones[tone], padding)} }}'
                      " QLabel { background: transparent; border: none; padding: 0; }")


_TAG = "border-radius: 3px; padding: 1px 6px; font-size: 9pt;"
_FORM_TAG = "color: white; border-radius: 2px; padding: 0 4px; font-size: 8pt;"
_STATE_LABEL = "color: white; border-radius: 3px; padding: 1px 8px; font-weight: bold;"

# Every style sheet of the UI, by name: a function of the palette's colours.
SHEETS: dict[str, Callable[[Theme], str]] = {
    # text
    "muted": lambda t: f"color: {t.muted};",
    "muted.bold": lambda t: f"color: {t.muted}; font-weight: bold;",
    "muted.small": lambda t: f"color: {t.muted}; font-size: 9pt;",
    "strong": lambda t: f"color: {t.strong};",
    "accent.bold": lambda t: f"color: {t.accent}; font-weight: bold;",
    "ok": lambda t: f"color: {t.ok};",
    "ok.bold": lambda t: f"color: {t.ok}; font-weight: bold;",
    "error": lambda t: f"color: {t.error};",
    "error.bold": lambda t: f"color: {t.error}; font-weight: bold;",
    "alert": lambda t: f"color: {t.alert};",
    "alert.bold": lambda t: f"color: {t.alert}; font-weight: bold;",
    "success.bold": lambda t: f"color: {t.success}; font-weight: bold;",
    "borderless": lambda t: "border: none;",  # a label in a card: the card's border is the card's own
    "section.title": lambda t: f"font-weight: bold; border: none; border-left: 4px solid {BRAND_RED}; padding-left: 8px;",
    # boxes
    "card": lambda t: f'QFrame[card="true"] {{ background: {t.base}; border: 1px solid {t.border}; border-radius: 4px; }}',
    "rule": lambda t: f"color: {t.border};",
    "note": lambda t: _tone_box(t.tones["note"]),
    "simNote": lambda t: _tone_box(t.tones["info"]),
    "errorPanel": lambda t: _tone_box(t.tones["error"]),
    # a failure with its heading, in one box (vb_renew/ui/error_panel.py): the labels in it draw no box
    "errorBox": lambda t: (f'QFrame[errorBox="true"] {{ {_tone_box(t.tones["error"])} }}'
                           ' QLabel { background: transparent; border: none; padding: 0;'
                           f' color: {t.tones["error"].text}; }}'),
    "offline": lambda t: _tone_box(t.tones["offline"]),
    # buttons
    "button.primary": _primary_button,
    "button.secondary": _secondary_button,
    "button.choice": _choice_button,
    "button.link": _link,
    # the main screen
    "header": lambda t: f"#header {{ background: {BRAND_RED}; }} QLabel {{ color: white; }}",
    "orderBanner": lambda t: (
        f"#orderBanner {{ background: {t.tones['note'].background}; border: 1px solid {t.tones['note'].border};"
        f" border-radius: 4px; }} QLabel {{ color: {t.tones['note'].text}; }}"),
    "connectionBanner": lambda t: _tone_box(t.tones["offline"], "8px", border=False),
    "notice.expired": lambda t: _tone_box(t.tones["alert"], "10px", border=False),
    "notice.expiring": lambda t: _tone_box(t.tones["expiring"], "10px", border=False),
    # the main screen's console (vb_renew/ui/home_console.py): the features and スキャン, not simulated
    "home.feature.name": lambda t: f"color: {t.muted}; font-weight: bold; font-size: 10pt;",
    "home.feature.state": lambda t: (f"color: {t.muted}; border: 1px solid {t.disabled_border}; border-radius: 3px;"
                                     " padding: 0 6px; font-size: 9pt;"),
    "button.scan": lambda t: (
        f"QPushButton {{ background: {t.disabled_fill}; color: {t.muted}; border: 1px solid {t.disabled_border};"
        f" border-radius: 18px; margin: {FOCUS_RING}px; padding: 8px 32px; font-weight: bold; }}"),
    "notice.autoRenew": lambda t: _tone_box(t.tones["info"], "10px", border=False),
    "home.footer": lambda t: f"#homeFooter {{ border-top: 1px solid {t.border}; }}",
    # the wizard
    "steps": lambda t: f'QFrame[bar="true"] {{ background: {t.panel}; border-bottom: 1px solid {t.border}; }}',
    "step.current": lambda t: (f"color: white; background: {BRAND_RED}; border-radius: 10px;"
                               " padding: 2px 10px; font-weight: bold;"),
    "step.passed": lambda t: f"color: {t.muted}; padding: 2px 4px;",
    "step.next": lambda t: f"color: {t.strong}; padding: 2px 4px;",
    "buttonBar": lambda t: f'QWidget[bar="true"] {{ border-top: 1px solid {t.border}; background: {t.bar}; }}',
    "tag.current": lambda t: f"{_TAG} background: {t.tones['success'].background}; color: {t.tones['success'].text};",
    "tag.upgrade": lambda t: f"{_TAG} background: {t.tones['upgrade'].background}; color: {t.tones['upgrade'].text};",
    "tag.required": lambda t: f"{_FORM_TAG} background: {STOP_RED};",
    "tag.optional": lambda t: f"{_FORM_TAG} background: {t.outline};",
    "field": _field,
    "field.error": lambda t: _field(t, error=True),
    "check": _check,
    "check.roomy": lambda t: _check(t, "4px 4px"),  # a radio of two lines in a list (the licences' popup)
    "document": _document,
    # the waiting page (S10–S12)
    "statusBox.progress": _status_box("progress"),
    "statusBox.success": _status_box("success"),
    "statusBox.lapsed": _status_box("error", "8px 10px"),
    "statusTitle.progress": lambda t: f"color: {t.tones['progress'].text};",
    "statusTitle.success": lambda t: f"color: {t.tones['success'].text};",
    "statusTitle.lapsed": lambda t: f"color: {t.tones['error'].text};",
    # the slip; its scroll area is a stop for Tab (the arrow keys scroll the slip): the ring is its edge
    "slip.backdrop": lambda t: (f"QScrollArea {{ background: {t.slip_backdrop}; border: {FOCUS_RING}px solid"
                                f" {t.slip_backdrop}; }} QScrollArea:focus {{ border-color: {t.focus}; }}"),
    # 「シミュレーション」 beside the slip's heading: a tag, as S5's are (small, tinted, no border), not a button
    "slip.badge": lambda t: f"{_TAG} background: {t.tones['info'].background}; color: {t.tones['info'].text};",
    # the account route (S3)
    "account.error": lambda t: _tone_box(t.tones["alert"], "8px", border=False),
    "account.note": lambda t: _tone_box(t.tones["quiet"], "8px", border=False),
    "account.licenceCard": lambda t: (f'QFrame[licenceCard="true"] {{ background: {t.base};'
                                      f" border: 1px solid {t.licence_border}; border-radius: 6px; }}"),
    "account.state.expired": lambda t: f"{_STATE_LABEL} background: {STOP_RED};",
    "account.state.expiring_soon": lambda t: f"{_STATE_LABEL} background: #8a5300;",
    "account.state.in_term": lambda t: f"{_STATE_LABEL} background: #2e7d32;",
}


# Set on a widget whose font restyle() put back: the next styled() lets it go.
_KEPT_FONT_PROPERTY = "vbKeptFont"


def styled(widget: QWidget, sheet: str) -> QWidget:
    """Give ``widget`` the style sheet named ``sheet`` (one of :data:`SHEETS`; ``""`` for none), for this palette
    and, through :func:`restyle`, the next one. The same sheet again does nothing: setting a sheet re-polishes the
    widget, which a form refreshing its fields' errors at every key would pay for each field."""
    text = SHEETS[sheet](theme()) if sheet else ""
    if widget.property(_KEPT_FONT_PROPERTY):
        widget.setProperty(_KEPT_FONT_PROPERTY, None)
        widget.setFont(QFont())  # the font it would have without restyle(): its sheet decides again
    elif widget.property(STYLE_PROPERTY) == sheet and widget.styleSheet() == text:
        return widget
    widget.setProperty(STYLE_PROPERTY, sheet)
    widget.setStyleSheet(text)
    return widget


_THEME_KEY_PROPERTY = "vbThemeKey"


def follow_palette(root: QWidget) -> None:
    """Note that the sheets in ``root`` are built for the palette now; :func:`restyle` builds them again when
    it changes."""
    root.setProperty(_THEME_KEY_PROPERTY, "|".join(theme().key))


def restyle(root: QWidget) -> None:
    """Build the named style sheets of ``root`` and everything in it again, if the palette's colours changed
    since :func:`follow_palette` or the last time (the system switched between light and dark)."""
    current = theme()
    if root.property(_THEME_KEY_PROPERTY) == "|".join(current.key):
        return
    root.setProperty(_THEME_KEY_PROPERTY, "|".join(current.key))
    widgets = (root, *root.findChildren(QWidget))
    # Setting a sheet again re-polishes the widget and everything in it, and Qt then resolves their fonts
    # against the application's font, not their parent's: text would shrink (10 pt to 9 pt). Only colours
    # change here, so every font is put back as it was.
    fonts = [QFont(widget.font()) for widget in widgets]
    for widget in widgets:
        sheet = widget.property(STYLE_PROPERTY)
        if sheet:
            widget.setStyleSheet(SHEETS[sheet](current))
    for widget, font in zip(widgets, fonts, strict=True):
        if widget.font() != font:
            font.setResolveMask(0xFFFFFFFF)  # all of it, not resolved again
            widget.setFont(font)
            widget.setProperty(_KEPT_FONT_PROPERTY, True)


def yen(amount: int) -> str:
    """``5280`` -> ``5,280円（税込）`` (English ``¥5,280 (incl. tax)``): prices on these pages include tax [seed: the
    real page shows 税込]; :func:`vb_renew.ui.formats.price`."""
    return formats.price(amount)


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
    styled(label, "section.title")
    return label


def wrapped(text: str, parent: QWidget, object_name: str, sheet: str = "") -> QLabel:
    """A word-wrapped label, with the style sheet named ``sheet`` (see :data:`SHEETS`); its lines never break
    inside a price, a date, a serial or a parenthesised word (:class:`~vb_renew.ui.wrapping.KeptLabel`)."""
    label = KeptLabel(text, parent)
    label.setObjectName(object_name)
    if sheet:
        styled(label, sheet)
    return label


def make_card(frame: QFrame) -> QFrame:
    """Style ``frame`` as a bordered box in the palette's Base (white in a light palette). By a property, so its
    child labels are not styled: they draw the palette's Text on it."""
    frame.setProperty("card", True)
    styled(frame, "card")
    return frame


def card_frame(parent: QWidget, object_name: str) -> QFrame:
    """A bordered box in the palette's Base (a serial, a product)."""
    frame = QFrame(parent)
    frame.setObjectName(object_name)
    return make_card(frame)


def place_name(place: PaidAt | str | None) -> str:
    """Where a slip was paid (a :class:`~vb_renew.rules.payment.PaidAt`, or ``Payment.place``: also
    ``"credit_card"`` for a card), as the user reads it."""
    if place == "convenience_store":
        return QCoreApplication.translate("Payment", "コンビニエンスストア")
    if place == "post_office":
        return QCoreApplication.translate("Payment", "郵便局")
    if place == "credit_card":
        return QCoreApplication.translate("Payment", "クレジットカード")
    return place or ""
