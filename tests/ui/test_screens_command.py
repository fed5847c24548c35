"""The screens-on-record command renders every screen and lists its automation ids."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_every_screen_renders_to_a_png_with_its_automation_ids(tmp_path: Path) -> None:
    out, ids = tmp_path / "screens", tmp_path / "automation-ids.md"
    run = subprocess.run([sys.executable, "-m", "vb_renew.qa.screens", "--out", str(out), "--ids", str(ids)],
                         capture_output=True, text=True, cwd=REPO, timeout=300,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert run.returncode == 0, run.stderr[-2000:]
    rendered = sorted(p.stem for p in out.glob("*.png"))
    committed = sorted(p.stem for p in (REPO / "docs" / "screens").glob("*.png"))
    assert rendered == committed, "docs/screens/ lists the screens the command renders"
    for png in out.glob("*.png"):
        image = QImage(str(png))
        assert image.width() >= 200 and image.height() >= 80, png.name  # the S8 dialog is the smallest
    listing = ids.read_text(encoding="utf-8")
    for name in rendered:
        assert f"## {name}:" in listing
    assert "`expiryLink`" in listing and "`confirmPage.submitButton`" in listing
