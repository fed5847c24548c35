"""``python -m vb_renew --self-test``: run as a user (or CI, on the built bundle) runs it, in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from vb_renew.rules.dates import add_years
from vb_renew.server.scenarios import DEFAULT_SCENARIO, offset_date, read_scenario

CHECKS = ["platform", "translators", "folders", "keyring", "resources", "backend", "main window", "wizard",
          "renewal", "main window follows", "backend stop"]


def self_test(*args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the self-test must choose offscreen by itself
    return subprocess.run([sys.executable, "-m", "vb_renew", "--self-test", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=timeout, check=False)


def installed_licence(scenario: str) -> dict:
    world = read_scenario(scenario)
    return next(lic for account in world["accounts"] for lic in account["licences"] if lic.get("installed"))


def check_lines(stdout: str) -> dict[str, str]:
    """``{check: detail}`` of the ``ok`` lines; fails on any other line but the summary."""
    lines = stdout.splitlines()
    assert lines[-1].startswith("self-test passed: 11 checks"), stdout
    results = {}
    for line in lines[:-1]:
        assert line.startswith("ok  "), line
        name, _, detail = line[4:].partition(": ")
        results[name] = detail
    return results


@pytest.mark.slow
def test_self_test_passes_and_prints_one_line_per_check() -> None:
    done = self_test()
    assert done.returncode == 0, done.stdout + done.stderr
    results = check_lines(done.stdout)
    assert list(results) == CHECKS
    assert "platform offscreen" in results["platform"]
    assert "qtbase_ja" in results["translators"]
    assert "vb-renew-self-test-" in results["folders"]  # a temporary folder, not the user's
    assert "memory_keyring.MemoryKeyring" in results["keyring"]  # the tests' keyring, named
    # The default scenario's installed licence, counted from the day the backend said it started on;
    # in term, so the new expiry is that plus the 2 years bought (the rules' calendar, 29 February included).
    today = datetime.fromisoformat(re.search(r"now (\S+)\)", results["backend"]).group(1)).date()
    old = offset_date(today, installed_licence(DEFAULT_SCENARIO)["expiry"])
    new = add_years(old, 2)
    assert f"expiry {old.isoformat()} -> {new.isoformat()}" in results["renewal"]
    assert f"有効期限:{new:%Y/%m/%d}" in results["main window follows"]


@pytest.mark.slow
def test_self_test_under_basedir_writes_its_log(tmp_path: Path) -> None:
    basedir, log = tmp_path / "home", tmp_path / "logs" / "self-test.log"
    done = self_test("--basedir", str(basedir), "--self-test-log", str(log))
    assert done.returncode == 0, done.stdout + done.stderr
    assert log.read_text(encoding="utf-8") == done.stdout  # the same lines, for a windowed build
    assert str(basedir.resolve()) in check_lines(done.stdout)["folders"]
    assert (basedir / "data" / "backend.sqlite3").exists()


def test_a_self_test_that_hangs_fails_with_a_line() -> None:
    done = self_test("--self-test-timeout", "0.2", timeout=60)
    assert done.returncode == 1
    assert "FAIL self-test: timed out after 0 s" in done.stdout


def closed_streams() -> None:
    """In the child, before Python starts: no stdin, stdout or stderr, as a windowed build has none."""
    for fd in (0, 1, 2):
        os.close(fd)


def run_without_console(*args: str, env: dict[str, str] | None = None) -> int:
    environ = dict(os.environ if env is None else env)
    environ.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([sys.executable, "-m", "vb_renew", *args], env=environ, preexec_fn=closed_streams,
                          timeout=90, check=False).returncode


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="closes the child's streams with os.close before exec (POSIX)")
def test_self_test_passes_with_no_console_at_all(tmp_path: Path) -> None:
    """A windowed Windows build has sys.stdout and sys.stderr None: the embedded backend must start anyway."""
    log = tmp_path / "self-test.log"
    assert run_without_console("--self-test", "--self-test-log", str(log)) == 0, log.read_text(encoding="utf-8")
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[-1].startswith("self-test passed: 11 checks"), lines
    assert any(line.startswith("ok  backend: http://127.0.0.1:") for line in lines)


@pytest.fixture
def broken_qt(tmp_path: Path) -> dict[str, str]:
    """An environment whose PySide6 fails at import, as in a bundle that lost a Qt library."""
    fake = tmp_path / "broken" / "PySide6"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise ImportError("libQt6Gui.so.6: cannot open shared object file")\n')
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(fake.parent), os.environ.get("PYTHONPATH", "")]))


@pytest.mark.skipif(os.name != "posix", reason="closes the child's streams with os.close before exec (POSIX)")
def test_a_crash_at_import_in_self_test_mode_is_written_to_the_logs_and_exits_1(tmp_path, broken_qt) -> None:
    log, basedir = tmp_path / "self-test.log", tmp_path / "home"
    code = run_without_console("--self-test", "--self-test-log", str(log), "--basedir", str(basedir), env=broken_qt)
    assert code == 1  # at once: no dialog waits for a click
    text = log.read_text(encoding="utf-8")
    assert text.startswith("FAIL self-test: crashed: ImportError: libQt6Gui.so.6: cannot open shared object file")
    assert "Traceback (most recent call last)" in text and "vb_renew/__main__.py" in text.replace("\\", "/")
    assert "libQt6Gui.so.6" in (basedir / "log" / "vb-renew.log").read_text(encoding="utf-8")


def test_a_crash_at_import_outside_the_self_test_is_logged_and_still_raised(tmp_path, broken_qt) -> None:
    basedir = tmp_path / "home"
    done = subprocess.run([sys.executable, "-m", "vb_renew", "--basedir", str(basedir)], env=broken_qt,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.rstrip().endswith("ImportError: libQt6Gui.so.6: cannot open shared object file")
    logged = (basedir / "log" / "vb-renew.log").read_text(encoding="utf-8")
    assert "CRITICAL vb-renew crashed" in logged and "Traceback (most recent call last)" in logged
