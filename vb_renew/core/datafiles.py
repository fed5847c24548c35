"""The app's data file when the embedded backend refuses it, and setting it aside to start afresh.

The backend opens its database only when it can do so without harm: a damaged file, one a newer version wrote,
a read-only one or a folder it cannot write are refused before anything is written. The start-up module hands
such a refusal to the UI as a :class:`DataFileError`. Waiting changes none of them, so the UI does not retry: it
says which file is wrong and why, and offers :func:`set_aside`, which renames the file beside itself (never
deletes, copies or rewrites it) so that the backend starts on a fresh one. No Qt: the UI calls it on a worker.
"""

from __future__ import annotations

import os
from datetime import datetime
from enum import StrEnum
from pathlib import Path


class DataFileProblem(StrEnum):
    """What is wrong with the file (the backend's database kinds, by the same values)."""

    CORRUPT = "corrupt"
    NEWER_SCHEMA = "newer_schema"
    READ_ONLY = "read_only"
    UNREADABLE = "unreadable"
    FOLDER_NOT_WRITABLE = "folder_not_writable"


class DataFileError(Exception):
    """The embedded backend will not use its data file at ``path``, for a reason waiting does not change.

    ``detail`` is the backend's own line (English, for the log); the UI words ``problem`` itself.
    """

    def __init__(self, problem: DataFileProblem | str, path: str | os.PathLike[str], detail: str = "") -> None:
        self.problem = DataFileProblem(problem)
        self.path = Path(path)
        self.detail = detail or f"{self.problem.value}: {self.path}"
        super().__init__(self.detail)

    @property
    def can_set_aside(self) -> bool:
        """Whether renaming the file lets a fresh one start (not when the folder itself cannot be written)."""
        return self.problem is not DataFileProblem.FOLDER_NOT_WRITABLE


# SQLite's files beside a database: its write-ahead log (it may hold the latest changes), the log's index, a
# rollback journal. They move with it: the copy stays whole, and a fresh database never finds an old log beside it.
COMPANIONS = ("-wal", "-shm", "-journal")
ASIDE_MARK = ".broken-"


def aside_path(path: Path, when: datetime) -> Path:
    """``<name>.broken-YYYYMMDD-HHMMSS`` beside ``path``."""
    return path.with_name(f"{path.name}{ASIDE_MARK}{when:%Y%m%d-%H%M%S}")


def set_aside(path: str | os.PathLike[str], when: datetime | None = None) -> Path:
    """Rename the file at ``path`` and its SQLite companions to :func:`aside_path`; the new path of the file.

    A name already taken gets ``-2``, ``-3``...: nothing is overwritten. If one rename fails, those done are
    undone and the error (an ``OSError``) raised: the file is then where it was, whole.
    """
    source = Path(path)
    base = aside_path(source, when or datetime.now())
    target, number = base, 1
    while any(_exists(Path(f"{target}{suffix}")) for suffix in ("", *COMPANIONS)):
        number += 1
        target = base.with_name(f"{base.name}-{number}")
    moves = [(Path(f"{source}{suffix}"), Path(f"{target}{suffix}")) for suffix in COMPANIONS]
    moves = [(old, new) for old, new in moves if _exists(old)]
    moves.append((source, target))  # the file last: until it moves, it keeps its name (and so its log)
    done: list[tuple[Path, Path]] = []
    try:
        for old, new in moves:
            os.rename(old, new)
            done.append((old, new))
    except OSError:
        for old, new in reversed(done):
            try:
                os.rename(new, old)
            except OSError:
                pass
        raise
    return target


def _exists(path: Path) -> bool:
    return os.path.lexists(path)
