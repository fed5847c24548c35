"""The screens-on-record command renders every screen and lists its automation ids."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.needs import needs_japanese_font

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_every_screen_renders_to_a_png_with_its_automation_ids(tmp_path: Path) -> None:
    needs_japanese_font()  # the pictures are of Japanese text: without a font, dialogs shrink to empty boxes
    out, ids = tmp_path / "screens", tmp_path / "automation-ids.md"
    # --quick: not the main path again at each size, at 150 % and in English (tests/ui/test_layouts.py renders those
    # with the same command's --main-path, and checks them).
    run = subprocess.run([sys.executable, "-m", "vb_renew.qa.screens", "--quick", "--out", str(out), "--ids", str(ids)],
                         capture_output=True, text=True, cwd=REPO, timeout=300,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert run.returncode == 0, run.stderr[-2000:]
    rendered = sorted(p.stem for p in out.glob("*.png"))
    committed = sorted(p.stem for p in (REPO / "docs" / "screens").glob("*.png"))
    assert rendered == committed, "docs/screens/ lists the screens the command renders"
    # The main path in dark mode too: the same screens (their ids are the light ones', not listed again).
    dark = sorted(p.stem for p in (out / "dark").glob("*.png"))
    assert dark == sorted(p.stem for p in (REPO / "docs" / "screens" / "dark").glob("*.png")), \
        "docs/screens/dark/ lists the screens the command renders in dark mode"
    assert {"s5-product", "s7-confirm", "s11-waiting-confirmation"} <= set(dark) <= set(rendered)
    for png in [*out.glob("*.png"), *(out / "dark").glob("*.png")]:
        image = QImage(str(png))
        assert image.width() >= 200 and image.height() >= 80, png.name  # the S8 dialog is the smallest
    listing = ids.read_text(encoding="utf-8")
    # The same on any day (the worlds start on a pinned day): the listing on record is what the command writes.
    assert listing == (REPO / "docs" / "automation-ids.md").read_text(encoding="utf-8"), \
        "docs/automation-ids.md is not what `python -m vb_renew.qa.screens` writes: render the screens again"
    for name in rendered:
        assert f"## {name}:" in listing
    assert "`expiryLink`" in listing and "`confirmPage.submitButton`" in listing
    # Inside the pages' scroll areas and the dialogs: S4's serials, S5's year buttons, S6's fields, errors and
    # agreement, S8's OK.
    s4, s5, s6, s8 = (_section(listing, name) for name in ("s4-serials", "s5-product", "s6-customer-errors",
                                                           "s8-dialog"))
    assert "| `serialsPage.renew." in s4 and _row(s4, "serialsPage.renewAllButton").endswith(" | button | QPushButton |")
    for years in (1, 2, 3):
        assert f"ウイルスバスター クラウド {years}年 " in _row(s5, f"productPage.years{years}.vb_cloud")
    for field in ("familyName", "givenName", "familyKana", "givenKana", "postalCode", "city", "addressLine",
                  "building", "phone", "email"):
        assert _row(s6, f"customerPage.{field}").endswith(" | text field | QLineEdit |")
        assert _row(s6, f"customerPage.{field}.error").endswith(" | error message | QLabel |")
    assert _row(s6, "customerPage.prefecture").endswith(" | 都道府県 | drop-down list | QComboBox |")
    assert "この電話番号は" in _row(s6, "customerPage.phone.error")  # an error shown on this screen
    assert _row(s6, "customerPage.agreeCheck") == (
        "| `customerPage.agreeCheck` | 使用許諾契約書の内容を確認し、同意します | checkbox | QCheckBox |")
    assert _row(s8, "orderPlacedDialog.ok") == "| `orderPlacedDialog.ok` | OK | button | QPushButton |"
    # The index of the folders: every screen, linked to its pictures.
    index = (out / "README.md").read_text(encoding="utf-8")
    assert "](s5-product.png)" in index and "](dark/s5-product.png)" in index


def _section(listing: str, name: str) -> str:
    """The table of one screen (``## <name>: <title>``)."""
    return next(block for block in listing.split("\n## ") if block.startswith(f"{name}:"))


def _row(section: str, object_name: str) -> str:
    rows = [line for line in section.splitlines() if line.startswith(f"| `{object_name}` |")]
    assert rows, f"{object_name} is listed on {section.splitlines()[0]}"
    return rows[0]
