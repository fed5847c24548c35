"""First paint: vb-renew's main window against a bare PySide6 window.

Each run starts a fresh Python process and measures, from just before the
process is started to the window's first paint event, the wall time. Target
(the developers' brief): vb-renew within 1.3x of the bare window.

    .venv/bin/python benchmarks/first_paint.py [--runs 15] [--json]

Runs offscreen by default (set QT_QPA_PLATFORM to measure on a real display).
``--json``: the figures as one JSON line on stdout for ``run_all.py`` (see ``figures.py``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import Figure, add_json_option, emit, human_stream

REPO = Path(__file__).resolve().parent.parent
TARGET = 1.3

BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(f"first-paint {time.time():.6f} -", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("bare"))
window.resize(820, 560)
probe = Probe(window)
window.installEventFilter(probe)
window.show()
app.exec()
"""


def first_paint(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.time()
    out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=60).stdout
    line = next(line for line in out.splitlines() if line.startswith("first-paint "))
    _, stamp, loaded = line.split(" ", 2)
    return float(stamp) - start, loaded


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    add_json_option(parser)
    args = parser.parse_args()
    out = human_stream(args.json)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["VB_RENEW_FIRST_PAINT_PROBE"] = "1"
    with tempfile.TemporaryDirectory() as home:
        env["VB_RENEW_BASEDIR"] = home
        bare, ours, heavy = [], [], set()
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            bare.append(first_paint([sys.executable, "-c", BARE], env)[0])
            seconds, loaded = first_paint([sys.executable, "-m", "vb_renew"], env)
            ours.append(seconds)
            heavy.update(m for m in loaded.split(",") if m != "-")
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"bare PySide6 window: median {b * 1000:.0f} ms (min {min(bare) * 1000:.0f})", file=out)
    print(f"vb-renew main window: median {o * 1000:.0f} ms (min {min(ours) * 1000:.0f})", file=out)
    print(f"ratio {o / b:.2f} (target <= {TARGET})", file=out)
    print(f"heavy modules imported before the first paint: {', '.join(sorted(heavy)) or 'none'}", file=out)
    emit("first_paint", [
        Figure("first paint from source, vs a bare PySide6 window", round(o / b, 2), "x", TARGET,
               shown=f"{o * 1000:.0f} ms vs {b * 1000:.0f} ms: {o / b:.2f}x", note=f"medians of {args.runs}"),
        Figure("heavy modules imported before the first paint", len(heavy), "", 0,
               shown=", ".join(sorted(heavy)) or "none"),
    ], args.json)
    return 0 if o / b <= TARGET and not heavy else 1


if __name__ == "__main__":
    raise SystemExit(main())
