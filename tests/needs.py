"""What some tests need from the machine, beyond Python packages, and the skip that says so.

README's test command installs all of it on Debian (``vb_renew.bootstrap``: ``fonts-noto-cjk``,
``poppler-utils``). Elsewhere a test that needs an absent tool or font is skipped with the reason
(``-ra`` prints it), never run weaker in silence.
"""

from __future__ import annotations

import shutil

import pytest

from vb_renew.bootstrap import FONT_PACKAGES, TEST_TOOLS


def needs_tool(command: str) -> str:
    """The path of ``command``; skips the test, naming the package, when it is not installed."""
    path = shutil.which(command)
    if path is None:
        pytest.skip(f"needs {command} (Debian package {TEST_TOOLS[command]}), which is not installed")
    return path


def needs_japanese_font() -> None:
    """Skips the test when Qt finds no font for Japanese: its text would render as empty boxes."""
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])  # Qt reads its fonts once an application exists (pytest-qt reuses it)
    if not QFontDatabase.families(QFontDatabase.WritingSystem.Japanese):
        pytest.skip(f"needs a Japanese font (Debian package {', '.join(FONT_PACKAGES)}), which is not installed")
