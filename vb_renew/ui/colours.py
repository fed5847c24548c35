"""The UI's colours: the brand's, and those of the application's palette (:class:`Theme`).

The pages follow the system's light or dark appearance, so every colour but the brand's is taken from the
palette (``QPalette``: Window, Base, Text, WindowText, Link) by :func:`theme`, and built again when it changes.

- Greys (secondary text, borders, bars) are mixes of Base and Text, chosen so that the usual light palette
  (white Base, black Text) gives the product's colours exactly (``#616161``, ``#d6d6d6``, ...).
- The brand's colours stay (the red header and main button, the status colours); text drawn on them is
  white, readable on both.
- Tinted boxes (notes, errors, status) keep the product's colours in a light palette; in a dark one
  they are a tint of the window's colour, their text a light tint of the palette's text, and every
  coloured text is lightened until it reads (WCAG contrast 4.5:1).
- The focus ring is the palette's Highlight, moved towards its text until it stands out (3:1, WCAG's
  non-text contrast) from every surface a control sits on, light or dark.

The style sheets made of these colours are :mod:`vb_renew.ui.style`'s. No ``Qt`` namespace import and no
other heavy module: the main screen uses this before its first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette

# The brand's colours: the same in light and dark.
BRAND_RED = "#d71518"
OK_GREEN = "#2e9b3a"
WARN_AMBER = "#e08a00"
STOP_RED = "#c62828"
INFO_BLUE = "#1e88e5"
SLATE = "#78909c"

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
    focus: str  # the focus ring: the palette's Highlight, readable on every surface (3:1)
    tones: dict[str, Tone]

    def __init__(self, **colours: object) -> None:
        for name, value in colours.items():
            setattr(self, name, value)


def _key(palette: QPalette) -> tuple[str, str, str, str, str, str]:
    """The palette's colours a theme is made of (by its brushes: no QPalette enums on the first paint's path)."""
    return (palette.window().color().name(), palette.windowText().color().name(), palette.base().color().name(),
            palette.text().color().name(), palette.link().color().name(), palette.highlight().color().name())


# Non-text contrast (WCAG 1.4.11): the focus ring against what surrounds it.
FOCUS_CONTRAST = 3.0


def _theme(palette: QPalette) -> Theme:
    key = _key(palette)
    window, window_text, base, text, link, highlight = key
    dark = luminance(window_text) > luminance(window)

    def grey(light: int) -> str:
        """The grey ``#<light>`` of white Base and black Text, as the same mix of this palette's."""
        return mix(base, text, (255 - light) / 255)

    if not dark:
        surfaces = (window, base, grey(0xf6), grey(0xfa), _TONES["note"][0])
        return Theme(
            key=key, dark=False, window=window, base=base, text=text,
            strong=grey(0x33), muted=grey(0x61), border=grey(0xd6), panel=grey(0xf6), bar=grey(0xfa),
            hover=grey(0xf2), outline=grey(0x9e), disabled_fill=grey(0xf0), disabled_text=grey(0xa0),
            disabled_border=grey(0xd0), link="#0b62b5", link_hover="#084a88", accent=BRAND_RED,
            accent_hover="#fdeeee", error=STOP_RED, alert="#b71c1c", ok=OK_GREEN, success="#1b5e20",
            field_error="#fff6f6", slip_backdrop="#eceff1", licence_border="#d0d7de",
            primary_disabled="#d9a3a4", primary_disabled_text="#f6eaea",
            focus=readable(highlight, surfaces, text, FOCUS_CONTRAST),
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
        primary_disabled_text=mix(window, text, 0.6),
        focus=readable(highlight, (*surfaces, tones["note"].background), text, FOCUS_CONTRAST), tones=tones)


_current: Theme | None = None
_read_from: int | None = None  # the cacheKey() of the application palette _current was last checked against


def theme() -> Theme:
    """The colours of the application's palette now. Its colours are read again only when the palette is another
    (its ``cacheKey()`` changes with every new or altered palette): a widget being styled asks for the theme, and
    reading six colours by name costs 35-50 µs, a millisecond in a step that styles 30 widgets."""
    global _current, _read_from
    palette = QGuiApplication.palette()
    read_from = palette.cacheKey()
    if _current is None or read_from != _read_from:
        if _current is None or _current.key != _key(palette):
            _current = _theme(palette)
        _read_from = read_from
    return _current
