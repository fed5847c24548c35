"""A dark palette, as a system in dark mode gives the app (Windows 11 dark, macOS Dark Mode).

The app never sets a palette itself: it follows the system's. The screens command and the tests set
this one on the application to see and check the pages in dark mode.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

DARK = {
    "Window": "#2b2b2b",
    "WindowText": "#e6e6e6",
    "Base": "#1e1e1e",
    "AlternateBase": "#262626",
    "Text": "#e6e6e6",
    "PlaceholderText": "#8c8c8c",
    "Button": "#353535",
    "ButtonText": "#e6e6e6",
    "BrightText": "#ffffff",
    "Light": "#4a4a4a",
    "Midlight": "#3c3c3c",
    "Mid": "#5a5a5a",
    "Dark": "#1a1a1a",
    "Shadow": "#000000",
    "Highlight": "#2f7fd8",
    "HighlightedText": "#ffffff",
    "Link": "#6cb4ff",
    "LinkVisited": "#b48cff",
    "ToolTipBase": "#3c3c3c",
    "ToolTipText": "#e6e6e6",
}
DARK_DISABLED_TEXT = "#7a7a7a"


def dark_palette() -> QPalette:
    """A Fusion-style dark palette: light text on dark grey, as Windows 11 and macOS give in dark mode."""
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DARK_DISABLED_TEXT))
    return palette
