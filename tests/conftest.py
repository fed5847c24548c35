"""Test set-up shared by every test.

Qt runs offscreen (set before anything imports Qt); every test gets its own
data folder and an in-memory keyring, so no test touches the user's real data
or keychain.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_ACCESSIBILITY", "0")

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

import keyring  # noqa: E402
import pytest  # noqa: E402
from memory_keyring import MemoryKeyring  # noqa: E402

from vb_renew import paths  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_basedir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every folder vb-renew writes to lives under this test's temporary folder."""
    basedir = tmp_path / "vb-renew-home"
    monkeypatch.setenv(paths.BASEDIR_ENV, str(basedir))
    paths.configure(basedir)
    yield basedir
    paths.configure(basedir)  # leave nothing pointing at the user's folders


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """An in-memory keyring for this process and any subprocess the test starts."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "memory_keyring.MemoryKeyring")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(TESTS_DIR), os.environ.get("PYTHONPATH")])))
    yield backend
    keyring.set_keyring(previous)
