"""The foundation: folders, credentials, and the layering of the packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from vb_renew import paths
from vb_renew.core.credentials import CredentialError, CredentialStore

REPO = Path(__file__).resolve().parent.parent


def test_every_folder_lives_under_the_basedir(tmp_path: Path) -> None:
    chosen = paths.configure(tmp_path / "portable")
    assert paths.get() is chosen
    for folder in (chosen.data, chosen.config, chosen.cache, chosen.log, chosen.database):
        assert folder.is_relative_to(tmp_path / "portable")
    chosen.ensure()
    assert chosen.data.is_dir() and chosen.log.is_dir()


def test_the_environment_redirects_a_subprocess(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.BASEDIR_ENV, str(tmp_path / "sub"))
    out = subprocess.run(
        [sys.executable, "-c", "from vb_renew import paths; print(paths.get().data)"],
        capture_output=True, text=True, check=True, cwd=REPO,
    ).stdout.strip()
    assert Path(out) == (tmp_path / "sub" / "data").resolve()


def test_without_a_basedir_the_folders_are_the_users(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.BASEDIR_ENV)
    user = paths.configure(None)
    assert "vb-renew" in str(user.data)


def test_credentials_round_trip_in_the_keyring(memory_keyring) -> None:
    store = CredentialStore()
    store.set("token:a@example.jp", "secret-token")
    assert store.get("token:a@example.jp") == "secret-token"
    assert memory_keyring.secrets == {("vb-renew", "token:a@example.jp"): "secret-token"}
    store.delete("token:a@example.jp")
    store.delete("token:a@example.jp")  # forgetting twice is fine
    assert store.get("token:a@example.jp") is None
    assert store.backend_name().endswith("MemoryKeyring")


def test_no_keyring_is_a_clear_error_not_a_plaintext_file(isolated_basedir: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    store = CredentialStore()
    with pytest.raises(CredentialError) as caught:
        store.set("token", "secret")
    assert caught.value.code == "keyring.unavailable"
    assert "キーリング" in caught.value.text.source
    written = [p for p in isolated_basedir.rglob("*") if p.is_file()] if isolated_basedir.exists() else []
    assert not any("secret" in p.read_text(errors="ignore") for p in written)


def test_an_oversized_secret_is_refused(memory_keyring) -> None:
    with pytest.raises(CredentialError) as caught:
        CredentialStore().set("token", "x" * 5000)
    assert caught.value.code == "keyring.too_large"
    assert memory_keyring.secrets == {}


@pytest.mark.parametrize("package", ["vb_renew.rules", "vb_renew.core"])
def test_lower_layers_import_no_qt_http_or_server(package: str) -> None:
    """The rules import no Qt, HTTP or FastAPI; the client core no Qt and no server."""
    forbidden = {"vb_renew.rules": ["PySide6", "requests", "fastapi", "uvicorn", "vb_renew.core",
                                    "vb_renew.ui", "vb_renew.server"],
                 "vb_renew.core": ["PySide6", "fastapi", "uvicorn", "vb_renew.ui", "vb_renew.server"]}[package]
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        f"bad = sorted(n for n in sys.modules if any(n == f or n.startswith(f + '.') for f in {forbidden!r}))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "", f"{package} pulls in {out.stdout.strip()}"


def test_the_test_command_runs_a_worker_per_cpu_unless_told_otherwise() -> None:
    from vb_renew.bootstrap import workers_unchosen

    assert workers_unchosen([]) and workers_unchosen(["-q", "-p", "no:cacheprovider", "-x"])
    assert not workers_unchosen(["-n", "0"]) and not workers_unchosen(["-n2"])
    assert not workers_unchosen(["--numprocesses=3"]) and not workers_unchosen(["-p", "no:xdist"])
