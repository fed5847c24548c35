"""The frozen app against a bare PySide6 window frozen the same way: bundle size and start-up.

    bash .ci/build-bundle                        # builds dist/vb-renew and build/venv-build
    build/venv-build/bin/python benchmarks/bundle.py [--runs 15] [--size-only] [--rebuild] [--json]

The bare window is ``benchmarks/first_paint.py``'s (a QMainWindow with a label that reports its first
paint), frozen by ``build.spec`` itself (VB_RENEW_SPEC_SCRIPT): the same excludes, the same pruning of
Qt plugins, Qt libraries, translations and system libraries, the same stripping, one folder, no UPX;
only our script, resources, hidden imports, icon and version information differ. It is built into
``build/bench/`` and reused while build.spec, the bare script, Python, PyInstaller and Qt are the ones
it was built with (``--rebuild`` builds it again, and vb-renew's bundle too if it is missing).

Size: bytes of every file in each one-folder bundle (symbolic links not followed), their ratio, and
the ten largest extras of vb-renew over the bare window, by top-level package or folder: a package's
folder, its metadata and its modules in the executable's compressed module archive (PYZ) count
together; a standard-library extension module or a system library counts by its name. Start-up: from
just before the process is started to the first paint of its main window (VB_RENEW_FIRST_PAINT_PROBE=1
makes both print ``first-paint <epoch>`` and quit), medians over ``--runs`` interleaved runs after one
warm-up run each (``--size-only`` skips it). Offscreen unless QT_QPA_PLATFORM says otherwise.
Target: both ratios <= 1.3. ``--json``: the figures as one JSON line on stdout for ``run_all.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path, PurePath

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import Figure, add_json_option, emit, human_stream
from first_paint import BARE  # the same bare window as the source benchmark

TARGET = 1.3
OURS = REPO / "dist" / "vb-renew"
BENCH = REPO / "build" / "bench"
BARE_NAME = "bare-window"
SPEC = REPO / "build.spec"
EXTRAS_SHOWN = 10


def bundle_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def part_of(relative: PurePath) -> str:
    """The top-level package or folder a bundle's file belongs to (see the module docstring)."""
    parts = relative.parts[1:] if relative.parts[0] == "_internal" and len(relative.parts) > 1 else relative.parts
    top = parts[0]
    if top.startswith("python3") and parts[1:2] == ("lib-dynload",) and len(parts) > 2:
        return parts[2].split(".")[0]  # python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so: _ssl
    if top.endswith(".dist-info"):
        return top.split("-")[0].lower()  # a package's metadata counts with the package
    if len(parts) == 1 and not top.startswith("lib") and top.split(".")[-1] in {"so", "pyd"}:
        return top.split(".")[0]  # an extension module in the top folder
    return top


def archive_parts(exe: Path) -> Counter[str]:
    """The executable's bytes: its module archive (PYZ) by top-level module, and the rest (bootloader)."""
    size = exe.stat().st_size
    try:
        from PyInstaller.archive.readers import CArchiveReader

        package = CArchiveReader(str(exe))
        pyz = package.open_embedded_archive(next(n for n, entry in package.toc.items() if entry[-1] == "z"))
    except Exception as error:  # no PyInstaller in this Python, or an executable without a PYZ
        print(f"(the executable {exe.name} is counted whole: {error!r})")
        return Counter({exe.name: size})
    parts: Counter[str] = Counter()
    for module, entry in pyz.toc.items():
        parts[module.split(".")[0]] += entry[-1]  # compressed length
    parts["executable (bootloader, start-up scripts)"] = size - sum(parts.values())
    return parts


def bundle_parts(folder: Path, name: str) -> Counter[str]:
    """Bytes of a one-folder bundle by top-level package or folder (they add up to bundle_bytes)."""
    exe = executable(folder, name)
    parts: Counter[str] = Counter()
    for path in folder.rglob("*"):
        if path == exe:
            parts.update(archive_parts(exe))
        elif path.is_file() or path.is_symlink():
            parts[part_of(path.relative_to(folder))] += path.lstat().st_size
    return parts


def bare_stamp() -> str:
    """What the bare bundle is built from: it is rebuilt when any of these changes."""
    sources = [SPEC.read_text(encoding="utf-8"), BARE, sys.version, version("pyinstaller"), version("shiboken6")]
    return hashlib.sha256("\0".join(sources).encode()).hexdigest()


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
    parser.add_argument("--size-only", action="store_true", help="measure the sizes, not the start-up")
    parser.add_argument("--rebuild", action="store_true", help="build the bare bundle again")
    parser.add_argument("--ours", type=Path, default=OURS, help="vb-renew's one-folder bundle")
    add_json_option(parser)
    args = parser.parse_args()
    out = human_stream(args.json)

    bare_dir = BENCH / "dist" / BARE_NAME
    stamp_file, stamp = BENCH / "dist" / f"{BARE_NAME}.stamp", bare_stamp()
    built_from = stamp_file.read_text(encoding="utf-8") if stamp_file.exists() else None
    if args.rebuild or not executable(bare_dir, BARE_NAME).exists() or built_from != stamp:
        shutil.rmtree(bare_dir, ignore_errors=True)
        stamp_file.unlink(missing_ok=True)
        BENCH.mkdir(parents=True, exist_ok=True)
        script = BENCH / "bare_window.py"
        script.write_text(BARE, encoding="utf-8")
        pyinstaller(script, BENCH / "dist", BENCH / "work")
        stamp_file.write_text(stamp, encoding="utf-8")
    if not executable(args.ours, "vb-renew").exists():
        if args.ours != OURS:
            raise SystemExit(f"no bundle at {args.ours}")
        pyinstaller(None, REPO / "dist", REPO / "build" / "pyinstaller")
    if executable(args.ours, "vb-renew").stat().st_mtime < SPEC.stat().st_mtime:
        print(f"note: {args.ours} is older than build.spec (bash .ci/build-bundle builds it again)")

    size_bare, size_ours = bundle_bytes(bare_dir), bundle_bytes(args.ours)
    size_ratio = size_ours / size_bare
    mib = 1024 * 1024
    print(f"bundle size: bare PySide6 window {size_bare} bytes ({size_bare / mib:.1f} MiB), "
          f"vb-renew {size_ours} bytes ({size_ours / mib:.1f} MiB): ratio {size_ratio:.2f} (target <= {TARGET})",
          file=out)
    bare_parts, our_parts = bundle_parts(bare_dir, BARE_NAME), bundle_parts(args.ours, "vb-renew")
    extras = Counter({part: size - bare_parts[part] for part, size in our_parts.items()
                      if size > bare_parts[part]})
    print(f"largest extras of vb-renew over the bare window, of {(size_ours - size_bare) / mib:.1f} MiB "
          "(by top-level package or folder):", file=out)
    for part, size in extras.most_common(EXTRAS_SHOWN):
        print(f"  {size / mib:6.2f} MiB  {part}", file=out)
    figures = [Figure("bundle size (one folder), vs a bare PySide6 window", round(size_ratio, 2), "x", TARGET,
                      shown=f"{size_ours / mib:.1f} MiB vs {size_bare / mib:.1f} MiB: {size_ratio:.2f}x")]
    if args.size_only:
        emit("bundle", figures, args.json)
        return 0 if size_ratio <= TARGET else 1

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
    start_ratio = o / b
    print(f"frozen start-up to first paint, median of {args.runs} ({env['QT_QPA_PLATFORM']}): "
          f"bare {b * 1000:.0f} ms (min {min(bare) * 1000:.0f}), "
          f"vb-renew {o * 1000:.0f} ms (min {min(ours) * 1000:.0f}): ratio {start_ratio:.2f} (target <= {TARGET})",
          file=out)
    figures.append(Figure("first paint of the frozen bundle, vs a bare PySide6 window", round(start_ratio, 2), "x",
                          TARGET, shown=f"{o * 1000:.0f} ms vs {b * 1000:.0f} ms: {start_ratio:.2f}x",
                          note=f"medians of {args.runs}"))
    emit("bundle", figures, args.json)
    return 0 if size_ratio <= TARGET and start_ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
