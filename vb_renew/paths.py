"""Every folder vb-renew writes to, built once.

``PlatformDirs("vb-renew", APP_AUTHOR)`` gives the per-user folders of each
platform. One switch, ``--basedir`` (or the ``VB_RENEW_BASEDIR`` environment
variable, which subprocesses inherit), moves all of them under one folder: for
tests, the smoke test and portable use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vb_renew import BASEDIR_ENV  # paths' own; kept in the package so the first paint need not import this

APP_NAME = "vb-renew"
# Used by platformdirs on Windows only (%LOCALAPPDATA%\<author>\<app>).
# Never change it: users' data would seem to vanish.
APP_AUTHOR = "vb-renew"


@dataclass(frozen=True)
class AppPaths:
    data: Path  # the embedded backend's database, the client's state
    config: Path  # settings
    cache: Path  # the last known licence state, for the first paint
    log: Path

    @classmethod
    def under(cls, basedir: Path) -> AppPaths:
        base = Path(basedir).resolve()
        return cls(data=base / "data", config=base / "config", cache=base / "cache", log=base / "log")

    @classmethod
    def for_user(cls) -> AppPaths:
        from platformdirs import PlatformDirs

        dirs = PlatformDirs(APP_NAME, APP_AUTHOR)
        return cls(
            data=Path(dirs.user_data_dir),
            config=Path(dirs.user_config_dir),
            cache=Path(dirs.user_cache_dir),
            log=Path(dirs.user_log_dir),
        )

    def ensure(self) -> AppPaths:
        """Create the folders, private to the user (call it off the UI thread)."""
        for folder in (self.data, self.config, self.cache, self.log):
            private_folder(folder, tighten=True)
        return self

    @property
    def database(self) -> Path:
        return self.data / "backend.sqlite3"


def private_folder(folder: Path, *, tighten: bool = False) -> Path:
    """Create ``folder`` (and its parents) with mode 0700 on POSIX; ``tighten``: an existing one too.

    Only the folder itself is ours: a parent (a ``--basedir``, the folder of a ``--db``) keeps its mode.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        if not (tighten and os.name == "posix"):
            return folder
    if os.name == "posix":
        folder.chmod(0o700)  # mkdir's mode goes through the umask
    return folder


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 on POSIX if it does not exist (an existing file is left alone).

    For the database: SQLite gives its -wal and -shm files the database file's mode.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return Path(path)
    os.close(fd)
    return Path(path)


_paths: AppPaths | None = None


def configure(basedir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Fix the folders for this process: ``basedir`` if given, else the environment, else the user's."""
    global _paths
    chosen = basedir or os.environ.get(BASEDIR_ENV)
    _paths = AppPaths.under(Path(chosen)) if chosen else AppPaths.for_user()
    return _paths


def get() -> AppPaths:
    """The folders configured for this process (configured from the environment on first use)."""
    return _paths if _paths is not None else configure()
