"""The translations' maintainers' commands: update the ``.ts`` files from the code, build the ``.qm`` files.

    python -m vb_renew.qa.translations update [--language LANG]   # pyside6-lupdate: every caption of the code
    python -m vb_renew.qa.translations build [--stale] [--out DIR] # pyside6-lrelease: resources/i18n/*.ts -> .qm

``update`` runs ``pyside6-lupdate`` over every module of ``vb_renew`` (it finds ``QCoreApplication.translate`` and
``QT_TRANSLATE_NOOP`` calls) into each ``resources/i18n/vb_renew_<lang>.ts``, or a new one for ``--language``: new
captions come in unfinished, captions the code dropped go (``-no-obsolete``; a translation of a caption that only
changed a little is offered again, unfinished), source locations are written relative (a change of a line moves
one entry, not every one below it). Then translate in Qt Linguist (``pyside6-linguist resources/i18n/vb_renew_en.ts``).

``build`` runs ``pyside6-lrelease`` on each ``.ts``: the ``.qm`` files the app loads (not in git). ``--stale``:
only those missing or older than their ``.ts`` (README's one-command run does this at each start). ``--out``: into
another folder (the tests). ``.ci/build-bundle`` runs ``build`` before PyInstaller; ``build.spec`` refuses a
``.ts`` without a fresh ``.qm``. What the translators and these commands do: ``docs/i18n.md``.
"""

from __future__ import annotations

import argparse
import subprocess
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "vb_renew"
FOLDER = REPO / "resources" / "i18n"
SOURCE_LANGUAGE = "ja_JP"
DEFAULT_LANGUAGE = "en"


def qt_tool(name: str) -> Path:
    """A Qt tool that comes with PySide6 (``lupdate``, ``lrelease``), as the ``pyside6-*`` commands run it."""
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return candidate
    raise SystemExit(f"{name} not found in {folder} (PySide6 ships it: is PySide6-Essentials installed?)")


def sources() -> list[Path]:
    """Every module of the package, sorted (lupdate then lists the contexts in a stable order)."""
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def ts_files(folder: Path = FOLDER) -> list[Path]:
    return sorted(folder.glob("vb_renew_*.ts"))


def language_of(ts: Path) -> str:
    return ts.stem.split("_", 2)[2]


def update(languages: Iterable[str] = (), folder: Path = FOLDER) -> list[Path]:
    """Each ``.ts`` of ``folder`` (and one for each of ``languages``) updated from the code; returns them."""
    targets = {path for path in ts_files(folder)} | {folder / f"vb_renew_{language}.ts" for language in languages}
    if not targets:
        targets = {folder / f"vb_renew_{DEFAULT_LANGUAGE}.ts"}
    folder.mkdir(parents=True, exist_ok=True)
    for ts in sorted(targets):
        subprocess.run([str(qt_tool("lupdate")), "-locations", "relative", "-no-obsolete",
                        "-source-language", SOURCE_LANGUAGE, "-target-language", language_of(ts),
                        *(str(path.relative_to(REPO)) for path in sources()), "-ts", str(ts)],
                       check=True, cwd=REPO)
        print(f"updated {ts.relative_to(REPO) if ts.is_relative_to(REPO) else ts}")
    return sorted(targets)


def stale(ts: Path, qm: Path) -> bool:
    """True when ``qm`` is missing or older than ``ts`` (what the app and build.spec check too)."""
    return not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime


def build(folder: Path = FOLDER, out: Path | None = None, only_stale: bool = False) -> list[Path]:
    """Each ``.ts`` of ``folder`` compiled to ``<out or folder>/vb_renew_<lang>.qm``; returns the ``.qm`` built."""
    out = out or folder
    out.mkdir(parents=True, exist_ok=True)
    built = []
    for ts in ts_files(folder):
        qm = out / ts.with_suffix(".qm").name
        if only_stale and not stale(ts, qm):
            continue
        subprocess.run([str(qt_tool("lrelease")), str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vb_renew.qa.translations",
                                     description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    updating = commands.add_parser("update", help="update resources/i18n/*.ts from the code (pyside6-lupdate)")
    updating.add_argument("--language", action="append", default=[], metavar="LANG",
                          help="also a .ts for this language (a new translation), e.g. en")
    building = commands.add_parser("build", help="build the .qm files from resources/i18n/*.ts (pyside6-lrelease)")
    building.add_argument("--stale", action="store_true", help="only the .qm files missing or older than their .ts")
    building.add_argument("--out", type=Path, help="write the .qm files there (default: beside the .ts files)")
    args = parser.parse_args(argv)
    if args.command == "update":
        update(args.language)
        return 0
    for qm in build(out=args.out, only_stale=args.stale):
        print(f"built {qm.relative_to(REPO) if qm.is_relative_to(REPO) else qm}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
