"""Why the backend cannot start, as one typed error: a database it must not touch, a port it cannot bind.

Raised where the database is opened (:class:`vb_renew.server.db.Database`) and where the port is bound
(:func:`vb_renew.server.serving.bind`), before anything is written. Waiting does not change any of these, so
nobody retries them: ``vb-renew-server`` prints the message as its one line and exits, and the app's start-up
module hands the database kinds to the UI, which says which file is wrong and offers a fresh start.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path


class StartupProblem(StrEnum):
    CORRUPT = "corrupt"  # not an SQLite database, or one that fails SQLite's check: never opened for writing
    NEWER_SCHEMA = "newer_schema"  # written by a newer version (PRAGMA user_version beyond SCHEMA_VERSION)
    READ_ONLY = "read_only"  # marked read-only (even to an administrator), or SQLite cannot write it
    UNREADABLE = "unreadable"  # there, but this user may not read it
    FOLDER_NOT_WRITABLE = "folder_not_writable"  # the folder cannot be created or written (new file, -wal, -shm)
    PORT_IN_USE = "port_in_use"
    CANNOT_LISTEN = "cannot_listen"  # any other bind failure: no such address, a privileged port


DATABASE_PROBLEMS = frozenset({StartupProblem.CORRUPT, StartupProblem.NEWER_SCHEMA, StartupProblem.READ_ONLY,
                               StartupProblem.UNREADABLE, StartupProblem.FOLDER_NOT_WRITABLE})


class StartupError(Exception):
    """The backend cannot start: ``kind``, the file concerned (None for a port), and one line saying what to do."""

    def __init__(self, kind: StartupProblem, path: str | Path | None, message: str) -> None:
        super().__init__(message)
        self.kind = StartupProblem(kind)
        self.path = Path(path) if path is not None else None
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"StartupError({self.kind.value!r}, {str(self.path) if self.path else None!r}, {self.message!r})"
