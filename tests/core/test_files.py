"""The one atomic write: whole or not at all, flushed to the disk before the rename."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from vb_renew.core import files
from vb_renew.core.files import write_atomically
from vb_renew.core.pending import PendingOrders
from vb_renew.core.poller import WatchedOrders


def test_writes_text_and_bytes_and_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "data.json"
    assert write_atomically(target, "日本語") == target
    assert target.read_text(encoding="utf-8") == "日本語"
    write_atomically(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in target.parent.iterdir()] == ["data.json"]  # no temporary file left


def test_the_data_is_fsynced_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(files.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    write_atomically(tmp_path / "a.txt", "x")
    # The file's data, then the rename, then (POSIX) the folder holding the new name.
    assert events == (["fsync", "replace", "fsync"] if os.name == "posix" else ["fsync", "replace"])


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")

    def crash(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_pending_orders_and_watched_orders_write_through_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[Path] = []
    real = files.write_atomically

    def spy(path, data):
        written.append(Path(path))
        return real(path, data)

    monkeypatch.setattr("vb_renew.core.pending.write_atomically", spy)
    monkeypatch.setattr("vb_renew.core.poller.write_atomically", spy)
    pending, watched = PendingOrders(tmp_path / "p"), WatchedOrders(tmp_path / "w")
    pending.save("key-1", {"items": []})
    watched.add("ord_1")
    assert written == [pending.path, watched.path]
    assert pending.load() == ("key-1", {"items": []})
    assert json.loads(watched.path.read_text(encoding="utf-8")) == {"orders": ["ord_1"]}
