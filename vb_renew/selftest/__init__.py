"""``vb-renew --self-test``: does this build of the app work here?

Run on every built bundle (CI) and from source. One line per check on stdout,
``ok  <check>: <detail>`` or ``FAIL <check>: <detail>``, and exit status 0 only
if every check passed::

    vb-renew --self-test [--self-test-log FILE] [--basedir DIR]

It starts Qt offscreen (unless ``QT_QPA_PLATFORM`` says otherwise; with
``VB_RENEW_SELF_TEST_PLATFORM=native`` on the platform's own plugin, as users
run it: release CI does so on Windows and macOS), loads the translators,
resolves the folders (under a temporary folder unless ``--basedir`` is given: a
self-test never touches the user's data), names the keyring backend (on Windows
and macOS it must be the platform's own), finds the resources, starts the
embedded backend, shows the main window connected to it and opens the renewal
wizard, completes one slip renewal through the simulation API, checks that the
licence's expiry moved by the years bought (and that the main window shows it),
and stops the backend.

A watchdog ends the process with a ``FAIL`` line if the whole run takes longer
than ``--self-test-timeout`` seconds (a hung backend must fail CI, not stall it).

On Windows the app is built windowed and has no stdout: ``--self-test-log``
writes the same lines to a file, which CI prints.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vb_renew import logs
from vb_renew.selftest.checks import DEFAULT_TIMEOUT_S, SelfTest
from vb_renew.selftest.platforms import (
    KEYRING_ENV,
    PLATFORM_ENV,
    choose_qt_platform,
    keyring_problem,
    native_platform_problem,
)
from vb_renew.selftest.report import Report, start_watchdog

__all__ = ["DEFAULT_TIMEOUT_S", "KEYRING_ENV", "PLATFORM_ENV", "choose_qt_platform", "keyring_problem",
           "native_platform_problem", "run_self_test"]


def run_self_test(args: argparse.Namespace, new_backend: Callable[..., Any]) -> int:
    """Run every check (see the module's docstring); 0 only if all passed.

    ``args``: the app's command line (``vb_renew.startup.parse_args``); ``new_backend``: see :class:`SelfTest`.
    """
    report = Report(args.self_test_log)
    # Warnings to the console if there is one, and beside the self-test's own log if it has one (a
    # windowed build has no console: that file is then the only record of what went wrong).
    logs.configure(Path(args.self_test_log).parent if args.self_test_log else None, level=logging.WARNING)
    watchdog = start_watchdog(report, args.self_test_timeout)
    temporary = None
    if args.basedir:
        basedir = Path(args.basedir)
    else:
        temporary = tempfile.mkdtemp(prefix="vb-renew-self-test-")
        basedir = Path(temporary)
    started = time.monotonic()
    test = SelfTest(report, basedir, new_backend)
    try:
        checks: list[tuple[str, Callable[[], str]]] = [
            ("platform", test.platform),
            ("translators", test.translators),
            ("folders", test.folders),
            ("keyring", test.keyring_backend),
            ("resources", test.resources),
            ("backend", test.backend),
            ("main window", test.main_window),
            ("wizard", test.wizard),
            ("renewal", test.renewal),
            ("main window follows", test.window_follows),
            ("backend stop", test.stop),
        ]
        for name, action in checks:
            if not report.check(name, action) and name == "platform":
                break  # without Qt nothing else can run
        failed = [name for name, ok in report.results if not ok]
        seconds = time.monotonic() - started
        if failed:
            report.line(f"self-test FAILED: {len(failed)} of {len(report.results)} checks ({', '.join(failed)}) "
                        f"in {seconds:.1f} s")
        else:
            report.line(f"self-test passed: {len(report.results)} checks in {seconds:.1f} s")
        return 0 if report.passed else 1
    finally:
        test.cleanup()
        watchdog.cancel()
        report.close()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
