"""The frozen app against a bare PySide6 window frozen the same way: bundle size and start-up.

    bash .ci/build-bundle                        # builds dist/vb-renew and build/venv-build
    build/venv-build/bin/python benchmarks/bundle.py [--runs 15] [--rebuild]

The bare window is ``benchmarks/first_paint.py``'s (a QMainWindow with a label that reports its first
paint), frozen by ``build.spec`` itself (VB_RENEW_SPEC_SCRIPT): the same excludes, the same pruning of
Qt plugins and translations, one folder, no UPX. It is built into ``build/bench/`` once and reused
(``--rebuild`` builds it again, and vb-renew's bundle too if it is missing).

Size: bytes of every file in each one-folder bundle (symbolic links not followed). Start-up: from
just before the process is started to the first paint of its main window (VB_RENEW_FIRST_PAINT_PROBE=1
makes both print ``first-paint <epoch>`` and quit), medians over ``--runs`` interleaved runs after one
warm-up run each. Offscreen unless QT_QPA_PLATFORM says otherwise. Target (issue 6): both ratios <= 1.3.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from first_paint import BARE  # the same bare window as the source benchmark

TARGET = 1.3
OURS = REPO / "dist" / "vb-renew"
BENCH = REPO / "build" / "bench"
BARE_NAME = "bare-window"


def bundle_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def pyinstaller(script: Path | None, distpath: Path, workpath: Path) -> None:
    """Run build.spec with this Python's PyInstaller (for the bare window: with VB_RENEW_SPEC_*)."""
    env = dict(os.environ)
    if script is not None:
        env.update(VB_RENEW_SPEC_SCRIPT=str(script), VB_RENEW_SPEC_NAME=BARE_NAME)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(distpath), "--workpath", str(workpath), str(REPO / "build.spec")]
    print("building:", " ".join(command[2:]), flush=True)
    subprocess.run(command, check=True, cwd=REPO, env=env)


def executable(folder: Path, name: str) -> Path:
    return folder / (name + (".exe" if os.name == "nt" else ""))


def first_paint(command: list[str], env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60,
                         check=False).stdout
    line = next((line for line in out.splitlines() if line.startswith("first-paint ")), None)
    if line is None:
        raise SystemExit(f"no first-paint line from {command[0]}; it printed:\n{out}")
    return float(line.split(" ", 2)[1]) - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true", help="build the bare bundle again")
    parser.add_argument("--ours", type=Path, default=OURS, help="vb-renew's one-folder bundle")
    args = parser.parse_args()

    bare_dir = BENCH / "dist" / BARE_NAME
    if args.rebuild or not executable(bare_dir, BARE_NAME).exists():
        shutil.rmtree(bare_dir, ignore_errors=True)
        BENCH.mkdir(parents=True, exist_ok=True)
        script = BENCH / "bare_window.py"
        script.write_text(BARE, encoding="utf-8")
        pyinstaller(script, BENCH / "dist", BENCH / "work")
    if not executable(args.ours, "vb-renew").exists():
        if args.ours != OURS:
            raise SystemExit(f"no bundle at {args.ours}")
        pyinstaller(None, REPO / "dist", REPO / "build" / "pyinstaller")

    size_bare, size_ours = bundle_bytes(bare_dir), bundle_bytes(args.ours)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["VB_RENEW_FIRST_PAINT_PROBE"] = "1"
    bare_cmd = [str(executable(bare_dir, BARE_NAME))]
    ours_cmd = [str(executable(args.ours, "vb-renew"))]
    with tempfile.TemporaryDirectory() as home:
        env["VB_RENEW_BASEDIR"] = home
        first_paint(bare_cmd, env), first_paint(ours_cmd, env)  # warm-up: the page cache, fontconfig's cache
        bare, ours = [], []
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            bare.append(first_paint(bare_cmd, env))
            ours.append(first_paint(ours_cmd, env))
    b, o = statistics.median(bare), statistics.median(ours)
    size_ratio, start_ratio = size_ours / size_bare, o / b
    mib = 1024 * 1024
    print(f"bundle size: bare PySide6 window {size_bare} bytes ({size_bare / mib:.1f} MiB), "
          f"vb-renew {size_ours} bytes ({size_ours / mib:.1f} MiB): ratio {size_ratio:.2f} (target <= {TARGET})")
    print(f"frozen start-up to first paint, median of {args.runs} ({env['QT_QPA_PLATFORM']}): "
          f"bare {b * 1000:.0f} ms (min {min(bare) * 1000:.0f}), "
          f"vb-renew {o * 1000:.0f} ms (min {min(ours) * 1000:.0f}): ratio {start_ratio:.2f} (target <= {TARGET})")
    return 0 if size_ratio <= TARGET and start_ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
