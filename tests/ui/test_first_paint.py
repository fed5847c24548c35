"""First paint first: the window paints before the backend, requests or keyring are imported.

Not a timing test (benchmarks/first_paint.py measures the time); this checks
what has been imported at the moment of the first paint, in a real process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_window_paints_before_anything_heavy_is_imported(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VB_RENEW_FIRST_PAINT_PROBE="1",
               VB_RENEW_BASEDIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "vb_renew"], capture_output=True, text=True, env=env,
                         cwd=REPO, timeout=60)
    assert out.returncode == 0, out.stderr
    line = next(line for line in out.stdout.splitlines() if line.startswith("first-paint "))
    assert line.split(" ")[2] == "-", f"imported before the first paint: {line.split(' ')[2]}"
    assert not any(tmp_path.iterdir()), "nothing is written to disk before the first paint"
