"""Set up a fresh machine and run vb-renew or its tests: README's two commands.

    python3 -m vb_renew.bootstrap app     # the app on its embedded backend
    python3 -m vb_renew.bootstrap test    # the whole test suite

Standard library only: it runs before anything is installed. It creates
``.venv`` in the checkout, installs the package (with the ``test`` extra for
``test``) when ``pyproject.toml`` changed since the last install, builds the
postal-code lookup index and the translations' .qm files if missing or stale, and on Linux
checks the shared libraries Qt needs, a Japanese font, and for ``test`` the
PDF tools the tests use. On Debian or Ubuntu, run as root, it installs the
missing ones with apt-get; elsewhere it names them and stops.
Extra arguments go to the app or to pytest.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)

# Shared library -> Debian package(s), first name that exists wins (Debian 13 renamed some with t64).
# Offscreen Qt (the tests) needs these ...
OFFSCREEN_LIBS = {
    "EGL": ["libegl1"],
    "GL": ["libgl1"],
    "X11": ["libx11-6"],
    "dbus-1": ["libdbus-1-3"],
    "fontconfig": ["libfontconfig1"],
    "freetype": ["libfreetype6"],
    "glib-2.0": ["libglib2.0-0t64", "libglib2.0-0"],
    "xkbcommon": ["libxkbcommon0"],
    "zstd": ["libzstd1"],
}
# ... and a window on an X11 or XWayland desktop (the app) these as well.
DESKTOP_LIBS = {
    "xcb-cursor": ["libxcb-cursor0"],
    "xcb-icccm": ["libxcb-icccm4"],
    "xcb-keysyms": ["libxcb-keysyms1"],
    "xcb-image": ["libxcb-image0"],
    "xcb-render-util": ["libxcb-render-util0"],
    "xcb-randr": ["libxcb-randr0"],
    "xcb-shape": ["libxcb-shape0"],
    "xcb-xfixes": ["libxcb-xfixes0"],
    "xcb-xkb": ["libxcb-xkb1"],
    "xkbcommon-x11": ["libxkbcommon-x11-0"],
    "X11-xcb": ["libx11-xcb1"],
}
# Japanese text must render, in the app and in the tests that measure or read it back (the S8
# dialog's width, the slip PDF's text); not a library, so checked with fontconfig.
FONT_PACKAGES = ["fonts-noto-cjk", "fontconfig"]  # fontconfig's fc-list is how we look for the font
# Commands the tests use: the saved slip PDF is rendered (pdftoppm) and its text read back (pdftotext).
TEST_TOOLS = {"pdftoppm": "poppler-utils", "pdftotext": "poppler-utils"}


def say(message: str) -> None:
    print(f"[vb-renew bootstrap] {message}", flush=True)


def fail(message: str) -> None:
    say(message)
    raise SystemExit(2)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def missing_libraries(wanted: dict[str, list[str]]) -> dict[str, list[str]]:
    return {lib: pkgs for lib, pkgs in wanted.items() if ctypes.util.find_library(lib) is None}


def is_debian() -> bool:
    return Path("/etc/debian_version").exists() and shutil.which("apt-get") is not None


def installable(candidates: list[str]) -> str:
    """The first Debian package name of ``candidates`` that apt knows."""
    for name in candidates:
        shown = subprocess.run(["apt-cache", "show", name], capture_output=True, text=True)
        if shown.returncode == 0 and shown.stdout.strip():
            return name
    return candidates[-1]


def font_missing() -> bool:
    if shutil.which("fc-list") is None:
        return True
    fonts = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True).stdout
    return not fonts.strip()


def ensure_system_packages(desktop: bool) -> None:
    if not sys.platform.startswith("linux"):
        return  # Windows and macOS: the PySide6 wheels carry what Qt needs
    wanted = dict(OFFSCREEN_LIBS)
    if desktop:
        wanted.update(DESKTOP_LIBS)
    missing = missing_libraries(wanted)
    need_fonts = font_missing()
    tools = [] if desktop else [pkg for cmd, pkg in TEST_TOOLS.items() if shutil.which(cmd) is None]
    if not missing and not need_fonts and not tools:
        return
    names = sorted({pkgs[0] for pkgs in missing.values()} | (set(FONT_PACKAGES) if need_fonts else set())
                   | set(tools))
    if not is_debian():
        fail("Qt needs these shared libraries, which this system lacks: "
             + ", ".join(f"lib{lib}" for lib in sorted(missing))
             + ("; and a Japanese font (e.g. Noto Sans CJK)" if need_fonts else "")
             + (f"; and the tools {', '.join(tools)}" if tools else "")
             + ". Install them with your package manager, then run this command again.")
    if os.geteuid() != 0:
        fail("Missing Debian packages: " + " ".join(names)
             + ". Install them (sudo apt-get install " + " ".join(names) + ") or run this command as root.")
    say("installing the Debian packages vb-renew " + ("needs" if desktop else "and its tests need") + ": "
        + " ".join(names))
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    packages = [installable(pkgs) for pkgs in missing.values()] + (FONT_PACKAGES if need_fonts else []) + tools
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *sorted(set(packages))],
                   check=True, env=env)
    still = missing_libraries(wanted)
    if still:
        fail("still missing after apt-get: " + ", ".join(sorted(still)))


def ensure_venv(extra: str | None) -> Path:
    python = venv_python()
    if not python.exists():
        say(f"creating the virtual environment {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    spec = "." + (f"[{extra}]" if extra else "")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extra or 'app'}"
    if not stamp.exists() or stamp.read_text() != digest:
        say(f"installing vb-renew{spec[1:]} and its dependencies into {VENV}")
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True, cwd=ROOT)
        subprocess.run([*pip, "-e", spec], check=True, cwd=ROOT)
        stamp.write_text(digest)
    return python


def ensure_postal_index(python: Path) -> None:
    """The postal-code lookup index, built from the committed table if missing or stale (a build product: the
    app would otherwise build it on its first lookup, or in memory where it cannot write it)."""
    built = subprocess.run([str(python), str(ROOT / "resources" / "postal" / "build.py"), "--index"], cwd=ROOT,
                           stdout=subprocess.DEVNULL)
    if built.returncode != 0:
        say("could not build the postal-code index (resources/postal/build.py --index); the app builds it when it "
            "first looks up a postal code")


def ensure_translations(python: Path) -> None:
    """The .qm files the UI loads, built from resources/i18n/*.ts when missing or older (a build product, not in
    git: ``python -m vb_renew.qa.translations build``). Without them an English UI reads the .ts, a little slower."""
    folder = ROOT / "resources" / "i18n"
    stale = [ts for ts in sorted(folder.glob("*.ts"))
             if not ts.with_suffix(".qm").exists() or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime]
    if not stale:
        return
    say("building the translations (" + ", ".join(ts.name for ts in stale) + ")")
    built = subprocess.run([str(python), "-m", "vb_renew.qa.translations", "build", "--stale"], cwd=ROOT,
                           stdout=subprocess.DEVNULL)
    if built.returncode != 0:
        say("could not build the translations (python -m vb_renew.qa.translations build); the app reads the .ts")


def workers_unchosen(pytest_args: list[str]) -> bool:
    """True unless the arguments choose pytest-xdist's workers (-n, --numprocesses) or turn it off (-p no:xdist)."""
    chosen = any(arg in {"-n", "--numprocesses"} or arg.startswith(("-n", "--numprocesses=")) for arg in pytest_args)
    return not chosen and "no:xdist" not in pytest_args


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if sys.version_info < MIN_PYTHON:
        fail(f"vb-renew needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; this is {sys.version.split()[0]}.")
    if not args or args[0] not in {"app", "test"}:
        print(__doc__)
        return 2
    command, rest = args[0], args[1:]
    if command == "test":
        ensure_system_packages(desktop=False)
        python = ensure_venv("test")
        ensure_postal_index(python)
        ensure_translations(python)
        if workers_unchosen(rest):
            rest = ["-n", "auto", *rest]  # a worker per CPU and one more (tests/conftest.py); `-n 0`: one process
        return subprocess.run([str(python), "-m", "pytest", *rest], cwd=ROOT).returncode
    ensure_system_packages(desktop=True)
    python = ensure_venv(None)
    ensure_postal_index(python)
    ensure_translations(python)
    return subprocess.run([str(python), "-m", "vb_renew", *rest], cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main())
