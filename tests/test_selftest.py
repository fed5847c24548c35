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
from vb_renew.selftest import (
    KEYRING_ENV,
    PLATFORM_ENV,
    choose_qt_platform,
    keyring_problem,
    native_platform_problem,
)
from vb_renew.server.scenarios import DEFAULT_SCENARIO, offset_date, read_scenario

CHECKS = ["platform", "translators", "folders", "keyring", "resources", "backend", "main window", "wizard",
          "renewal", "main window follows", "backend stop"]


def self_test(*args: str, timeout: float = 90, **env_vars: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the self-test must choose offscreen by itself
    env.pop(PLATFORM_ENV, None)
    env.update(env_vars)
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
    assert f"memory_keyring.MemoryKeyring (chosen by {KEYRING_ENV})" in results["keyring"]  # the tests' keyring
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


# -- which Qt platform plugin, which keyring: the decisions, on fake platform and backend names --------------

WIN_VAULT = "keyring.backends.Windows.WinVaultKeyring"
MACOS_KEYCHAIN = "keyring.backends.macOS.Keyring"
MEMORY = "memory_keyring.MemoryKeyring"
FAIL = "keyring.backends.fail.Keyring"


@pytest.mark.parametrize(("requested", "current", "chosen"), [
    (None, None, "offscreen"),  # headless CI and a user's self-test: no window, no display needed
    ("", None, "offscreen"),
    (None, "xcb", "xcb"),  # QT_QPA_PLATFORM set by hand still wins over the default
    ("offscreen", "windows", "offscreen"),
    ("native", None, None),  # None: QT_QPA_PLATFORM unset, Qt loads windows / cocoa / xcb by itself
    ("native", "offscreen", None),
])
def test_the_self_test_starts_qt_offscreen_unless_native_is_asked_for(requested, current, chosen) -> None:
    assert choose_qt_platform(requested, current) == chosen


def test_an_unknown_platform_request_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=f"{PLATFORM_ENV}='cocoa': expected 'offscreen' or 'native'"):
        choose_qt_platform("cocoa", None)


@pytest.mark.parametrize(("sys_platform", "platform_name", "ok"), [
    ("win32", "windows", True), ("darwin", "cocoa", True), ("linux", "xcb", True), ("linux", "wayland", True),
    ("win32", "offscreen", False), ("darwin", "minimal", False), ("linux", "offscreen", False),
    ("darwin", "windows", False), ("freebsd14", "xcb", True), ("freebsd14", "offscreen", False),
])
def test_native_means_the_platforms_own_plugin(sys_platform, platform_name, ok) -> None:
    problem = native_platform_problem(sys_platform, platform_name)
    assert (problem is None) is ok, problem
    if not ok:
        assert repr(platform_name) in problem


@pytest.mark.parametrize(("sys_platform", "chosen"), [("win32", WIN_VAULT), ("darwin", MACOS_KEYCHAIN)])
def test_windows_and_macos_pass_with_their_own_keyring(sys_platform, chosen) -> None:
    assert keyring_problem(sys_platform, chosen, None) is None


@pytest.mark.parametrize(("sys_platform", "chosen", "wanted"), [
    ("win32", FAIL, WIN_VAULT),  # the backend could not load (win32ctypes left out of the build)
    ("win32", None, WIN_VAULT),  # no usable backend at all
    ("win32", "keyring.backends.chainer.ChainerBackend", WIN_VAULT),
    ("win32", MACOS_KEYCHAIN, WIN_VAULT),
    ("darwin", FAIL, MACOS_KEYCHAIN),
    ("darwin", None, MACOS_KEYCHAIN),
    ("darwin", "keyrings.alt.file.PlaintextKeyring", MACOS_KEYCHAIN),  # never a plaintext fallback
])
def test_windows_and_macos_fail_on_any_other_keyring(sys_platform, chosen, wanted) -> None:
    assert keyring_problem(sys_platform, chosen, None) == \
        f"keyring chose {chosen or 'no usable backend'}, not this platform's {wanted}"


@pytest.mark.parametrize("sys_platform", ["win32", "darwin"])
def test_an_explicit_keyring_choice_passes_only_for_the_backend_it_names(sys_platform) -> None:
    """The tests pick their in-memory keyring with PYTHON_KEYRING_BACKEND (release CI unsets it)."""
    assert keyring_problem(sys_platform, MEMORY, MEMORY) is None
    assert keyring_problem(sys_platform, FAIL, MEMORY) is not None  # named one, got another
    assert keyring_problem(sys_platform, None, MEMORY) is not None


@pytest.mark.parametrize("chosen", [MEMORY, FAIL, None, "keyring.backends.SecretService.Keyring"])
def test_linux_keeps_every_keyring_outcome(chosen) -> None:
    """The memory keyring in tests, the fail keyring (or none) without a Secret Service: all pass."""
    assert keyring_problem("linux", chosen, None) is None
    assert keyring_problem("linux", chosen, MEMORY) is None


def test_an_unknown_platform_request_fails_the_self_test_at_once() -> None:
    done = self_test(timeout=60, **{PLATFORM_ENV: "sideways"})
    assert done.returncode == 1, done.stdout + done.stderr
    first, last = done.stdout.splitlines()  # nothing runs without Qt
    assert first == f"FAIL platform: {PLATFORM_ENV}='sideways': expected 'offscreen' or 'native'"
    assert last.startswith("self-test FAILED: 1 of 1 checks (platform)")
