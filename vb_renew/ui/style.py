"""The look of the UI, in one place: colours, style sheets, headings, cards, money and dates.

The pages follow the system's light or dark appearance. Every style sheet is built here, from the
application's palette (``QPalette``: Window, Base, Text, WindowText, Link), and given to a widget by
name with :func:`styled`; :func:`restyle` builds them again for the new palette when the system
switches between light and dark while the app runs (the main window calls it on ``PaletteChange``).

- Text and cards take the palette's colours: a card is Base, its text is Text. Greys (secondary text,
  borders, bars) are mixes of Base and Text, chosen so that the usual light palette (white Base, black
  Text) gives the product's colours exactly (``#616161``, ``#d6d6d6``, ...).
- The brand's colours stay (the red header and main button, the status colours); text drawn on them is
  white, readable on both.
- Tinted boxes (notes, errors, status) keep the product's colours in a light palette; in a dark one
  they are a tint of the window's colour, their text a light tint of the palette's text, and every
  coloured text is lightened until it reads (WCAG contrast 4.5:1).

No ``Qt`` namespace import (see vb_renew/ui/widgets.py), and no other heavy module: the main screen
uses this before its first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from vb_renew.rules.formatting import yen_amount

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette

# The brand's colours: the same in light and dark.
BRAND_RED = "#d71518"
OK_GREEN = "#2e9b3a"
WARN_AMBER = "#e08a00"
STOP_RED = "#c62828"
INFO_BLUE = "#1e88e5"
SLATE = "#78909c"

# The dynamic property that names a widget's style sheet (one of SHEETS), for restyle().
STYLE_PROPERTY = "vbStyle"


# --- colours ---------------------------------------------------------------------------------------

def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(a: str, b: str, t: float) -> str:
    """``a`` moved ``t`` of the way to ``b`` (0: ``a``, 1: ``b``), as ``#rrggbb``."""
    return "#{:02x}{:02x}{:02x}".format(*(round(x + (y - x) * t) for x, y in zip(_rgb(a), _rgb(b), strict=True)))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: str, backgrounds: tuple[str, ...], towards: str, ratio: float = 4.5) -> str:
    """``colour``, moved towards ``towards`` (the palette's text) just enough to read on every background."""
    for step in range(21):
        candidate = mix(colour, towards, step / 20)
        if all(contrast(candidate, background) >= ratio for background in backgrounds):
            return candidate
    return towards


class Tone:
    """A tinted box: its background, its text, its border."""

    __slots__ = ("background", "text", "border")

    def __init__(self, background: str, text: str, border: str) -> None:
        self.background, self.text, self.border = background, text, border


# name: (background, text, border) in a light palette, exactly the product's; the hue tints a dark one.
_TONES: dict[str, tuple[str, str, str, str]] = {
    "note": ("#fff8e1", "#5d4200", "#f0d58a", WARN_AMBER),  # notes, the main screen's order banner
    "progress": ("#fff4e0", "#5d4200", "#f0d58a", WARN_AMBER),  # the waiting page's status box
    "expiring": ("#fff4e0", "#8a5300", "#f0d58a", WARN_AMBER),  # S1: the licence expires soon
    "upgrade": ("#fff3e0", "#8a4b00", "#f0d58a", WARN_AMBER),  # S5's upgrade tag
    "info": ("#e8f1fb", "#0d3c6e", "#b6d0ee", INFO_BLUE),  # what the simulation does
    "error": ("#fdecea", STOP_RED, "#f3b8b3", STOP_RED),  # a failure, with a border
    "alert": ("#fdecea", "#b71c1c", "#f3b8b3", STOP_RED),  # S1: expired; the account route's errors
    "success": ("#e8f5e9", "#1b5e20", "#a5d6a7", OK_GREEN),  # extended; S5's current-product tag
    "offline": ("#eceff1", "#37474f", "#cfd8dc", SLATE),  # no connection to the backend
    "quiet": ("#f3f6f9", "#424242", "#cfd8dc", SLATE),  # the account route's notes
}


class Theme:
    """The colours of one palette (plain attributes: a dataclass or a NamedTuple costs the first paint ~1 ms)."""

    key: tuple[str, ...]
    dark: bool
    window: str
    base: str  # cards, fields
    text: str  # on Base and on Window
    strong: str  # text a little softer than ``text`` (#333333)
    muted: str  # secondary text (#616161)
    border: str  # card and field borders (#d6d6d6)
    panel: str  # the step indicator's band (#f6f6f6)
    bar: str  # the button bars (#fafafa)
    hover: str  # a neutral button under the mouse (#f2f2f2)
    outline: str  # a neutral button's border (#9e9e9e)
    disabled_fill: str  # (#f0f0f0)
    disabled_text: str  # (#a0a0a0)
    disabled_border: str  # (#d0d0d0)
    link: str
    link_hover: str
    accent: str  # the brand's red as text on the page
    accent_hover: str  # a choice button under the mouse
    error: str  # an error's text (#c62828)
    alert: str  # a stronger error's text (#b71c1c)
    ok: str  # the status green as text (#2e9b3a)
    success: str  # a success's text (#1b5e20)
    field_error: str  # a field with an error (#fff6f6)
    slip_backdrop: str  # around the painted slip (#eceff1)
    licence_border: str  # the account route's licence cards (#d0d7de)
    primary_disabled: str  # the red button, disabled (#d9a3a4)
    primary_disabled_text: str  # (#f6eaea)
    tones: dict[str, Tone]

    def __init__(self, **colours: object) -> None:
        for name, value in colours.items():
            setattr(self, name, value)


def _key(palette: QPalette) -> tuple[str, str, str, str, str]:
    """The palette's colours a theme is made of (by its brushes: no QPalette enums on the first paint's path)."""
    return (palette.window().color().name(), palette.windowText().color().name(), palette.base().color().name(),
            palette.text().color().name(), palette.link().color().name())


def _theme(palette: QPalette) -> Theme:
    key = _key(palette)
    window, window_text, base, text, link = key
    dark = luminance(window_text) > luminance(window)

    def grey(light: int) -> str:
        """The grey ``#<light>`` of white Base and black Text, as the same mix of this palette's."""
        return mix(base, text, (255 - light) / 255)

    if not dark:
        return Theme(
            key=key, dark=False, window=window, base=base, text=text,
            strong=grey(0x33), muted=grey(0x61), border=grey(0xd6), panel=grey(0xf6), bar=grey(0xfa),
            hover=grey(0xf2), outline=grey(0x9e), disabled_fill=grey(0xf0), disabled_text=grey(0xa0),
            disabled_border=grey(0xd0), link="#0b62b5", link_hover="#084a88", accent=BRAND_RED,
            accent_hover="#fdeeee", error=STOP_RED, alert="#b71c1c", ok=OK_GREEN, success="#1b5e20",
            field_error="#fff6f6", slip_backdrop="#eceff1", licence_border="#d0d7de",
            primary_disabled="#d9a3a4", primary_disabled_text="#f6eaea",
            tones={name: Tone(*colours[:3]) for name, colours in _TONES.items()})

    # Dark: greys by the same mixes, tints of the window, every coloured text lightened until it reads.
    tones = {}
    for name, (_bg, _fg, _border, hue) in _TONES.items():
        background = mix(window, hue, 0.16)
        tones[name] = Tone(background, readable(mix(text, hue, 0.3), (background,), text), mix(window, hue, 0.45))
    panel, bar = grey(0xf6), grey(0xfa)
    surfaces = (window, base, panel, bar)

    def lit(colour: str) -> str:
        return readable(colour, surfaces, text)

    link_colour = readable(link, (*surfaces, tones["note"].background), text)
    return Theme(
        key=key, dark=True, window=window, base=base, text=text,
        strong=grey(0x33), muted=readable(grey(0x61), surfaces, text), border=grey(0xd6), panel=panel, bar=bar,
        hover=grey(0xf2), outline=grey(0x9e), disabled_fill=grey(0xf0), disabled_text=grey(0xa0),
        disabled_border=grey(0xd0), link=link_colour, link_hover=mix(link_colour, text, 0.4),
        accent=lit(BRAND_RED), accent_hover=mix(base, BRAND_RED, 0.18), error=lit(STOP_RED), alert=lit(STOP_RED),
        ok=lit(OK_GREEN), success=lit(OK_GREEN), field_error=mix(base, STOP_RED, 0.12), slip_backdrop=base,
        licence_border=grey(0xd6), primary_disabled=mix(window, BRAND_RED, 0.35),
        primary_disabled_text=mix(window, text, 0.6), tones=tones)


_current: Theme | None = None


def theme() -> Theme:
    """The colours of the application's palette now."""
    global _current
    palette = QGuiApplication.palette()
    if _current is None or _current.key != _key(palette):
        _current = _theme(palette)
    return _current


# --- the style sheets ----------------------------------------------------------------------------

def _tone_box(tone: Tone, padding: str = "8px 10px", border: bool = True) -> str:
    line = f" border: 1px solid {tone.border};" if border else ""
    return f"background: {tone.background}; color: {tone.text}; padding: {padding};{line} border-radius: 4px;"


def _choice_button(t: Theme) -> str:
    """A choice: outlined until chosen, filled in the product's red when chosen."""
    return (
        f"QPushButton {{ background: {t.base}; color: {t.accent}; border: 1px solid {BRAND_RED}; border-radius: 4px;"
        " padding: 6px 12px; font-weight: bold; }"
        f"QPushButton:hover {{ background: {t.accent_hover}; }}"
        f"QPushButton:checked {{ background: {BRAND_RED}; color: white; }}"
        f"QPushButton:disabled {{ background: {t.disabled_fill}; color: {t.disabled_text};"
        f" border-color: {mix(t.base, t.text, 48 / 255)}; }}"
        f"QPushButton:focus {{ outline: 1px dotted {t.link}; }}"
    )


def _secondary_button(t: Theme) -> str:
    return (
        f"QPushButton {{ background: {t.base}; color: {t.strong}; border: 1px solid {t.outline}; border-radius: 4px;"
        " padding: 6px 14px; }"
        f"QPushButton:hover {{ background: {t.hover}; }}"
        f"QPushButton:disabled {{ color: {t.disabled_text}; border-color: {t.disabled_border}; }}"
    )


def _primary_button(t: Theme) -> str:
    """The page's main action, in the product's red."""
    return (
        f"QPushButton {{ background: {BRAND_RED}; color: white; border: none; border-radius: 4px;"
        " padding: 6px 18px; font-weight: bold; }"
        "QPushButton:hover { background: #b81114; }"
        f"QPushButton:disabled {{ background: {t.primary_disabled}; color: {t.primary_disabled_text}; }}"
    )


def _link(t: Theme) -> str:
    """A button that looks like the product's underlined text links."""
    return (
        f"QPushButton {{ color: {t.link}; text-decoration: underline; border: none; padding: 2px; }}"
        f"QPushButton:hover {{ color: {t.link_hover}; }}"
        f"QPushButton:focus {{ outline: 1px dotted {t.link}; }}"
    )


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
    "field": lambda t: f"border: 1px solid {t.border}; background: {t.base}; padding: 3px;",
    "field.error": lambda t: f"border: 1px solid {STOP_RED}; background: {t.field_error}; padding: 3px;",
    # the waiting page (S10–S12)
    "statusBox.progress": _status_box("progress"),
    "statusBox.success": _status_box("success"),
    "statusBox.lapsed": _status_box("error", "8px 10px"),
    "statusTitle.progress": lambda t: f"color: {t.tones['progress'].text};",
    "statusTitle.success": lambda t: f"color: {t.tones['success'].text};",
    "statusTitle.lapsed": lambda t: f"color: {t.tones['error'].text};",
    # the slip
    "slip.backdrop": lambda t: f"QScrollArea {{ background: {t.slip_backdrop}; }}",
    "slip.badge": lambda t: ("QLabel { color: white; background: #6d4c41; border-radius: 3px; padding: 3px 8px;"
                             " font-weight: bold; }"),
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
    and, through :func:`restyle`, the next one."""
    if widget.property(_KEPT_FONT_PROPERTY):
        widget.setProperty(_KEPT_FONT_PROPERTY, None)
        widget.setFont(QFont())  # the font it would have without restyle(): its sheet decides again
    widget.setProperty(STYLE_PROPERTY, sheet)
    widget.setStyleSheet(SHEETS[sheet](theme()) if sheet else "")
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
    """``5280`` -> ``5,280円（税込）``: prices on these pages include tax [seed: the real page shows 税込]."""
    return QCoreApplication.translate("Wizard", "{amount}円（税込）").format(amount=yen_amount(amount))


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
    """A word-wrapped label, with the style sheet named ``sheet`` (see :data:`SHEETS`)."""
    label = QLabel(text, parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
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


def place_name(place: str | None) -> str:
    """Where a slip was paid (or that a card paid), as the user reads it."""
    if place == "convenience_store":
        return QCoreApplication.translate("Payment", "コンビニエンスストア")
    if place == "post_office":
        return QCoreApplication.translate("Payment", "郵便局")
    if place == "credit_card":
        return QCoreApplication.translate("Payment", "クレジットカード")
    return place or ""
