"""A crash before the app could say anything: its trace goes to a log file, never lost.

``python -m vb_renew`` (and the frozen build, whose entry point it is) runs the app inside
:func:`guarded`. An exception that escapes, at import included (a missing Qt library, a broken
bundle), is written with its trace to the app's log file. In self-test mode it is also written to
``--self-test-log`` as a FAIL line and the process exits 1 at once: a windowed build would otherwise
show PyInstaller's "Unhandled exception" dialog, which blocks an unattended installer check until
its job times out. Outside the self-test the exception goes on (the user sees the dialog).

Of the app it uses only ``vb_renew.paths`` and ``vb_renew.logs`` (the folder and the file's name). It is on
the first paint's path, so what it needs to record a crash is imported only when there is one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def _options(argv: list[str]):  # noqa: ANN202 (an argparse.Namespace)
    import argparse

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--self-test-log")
    parser.add_argument("--basedir")
    return parser.parse_known_args(argv)[0]


def _log_folder(basedir: str | None) -> Path:
    """The app's log folder, as ``vb_renew.paths`` finds it (a temporary folder if even that fails)."""
    try:
        from vb_renew import paths

        return paths.configure(basedir).log
    except Exception:  # noqa: BLE001 (the bundle itself may be broken)
        import tempfile

        return Path(tempfile.gettempdir())


def _append(path: Path, text: str) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
        return True
    except OSError:
        return False


def record(exc: BaseException, argv: list[str]) -> bool:
    """Write ``exc`` and its trace where it will be found; True in self-test mode (then exit 1 at once)."""
    import traceback
    from datetime import datetime

    from vb_renew.logs import LOG_FILE  # written here directly: the logging set-up may not have run

    options = _options(argv)
    trace = "".join(traceback.format_exception(exc))
    _append(_log_folder(options.basedir) / LOG_FILE,
            f"{datetime.now().astimezone().isoformat(timespec='seconds')} CRITICAL vb-renew crashed\n{trace}")
    if not options.self_test:
        return False
    summary = traceback.format_exception_only(exc)[-1].strip()
    if options.self_test_log:
        _append(Path(options.self_test_log), f"FAIL self-test: crashed: {summary}\n{trace}")
    if sys.stderr is not None:
        print(f"FAIL self-test: crashed: {summary}\n{trace}", file=sys.stderr, flush=True)
    return True


def guarded(run: Callable[[], int]) -> int:
    """``run()``'s exit code; an escaping exception is recorded first (see the module's docstring)."""
    try:
        return run()
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as exc:  # noqa: BLE001 (recorded, then raised again outside the self-test)
        if record(exc, sys.argv[1:]):
            return 1
        raise
