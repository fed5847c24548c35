"""The postal-code lookup index: built from the .tsv.gz whole or not at all, rebuilt when stale or damaged, read-only.

``vb_renew.rules.postal`` looks codes up in an SQLite file built from ``resources/postal/jp_postal.tsv.gz``: by
the set-up (``resources/postal/build.py --index``), the bundle's build, or its first use.
"""

from __future__ import annotations

import gzip
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from vb_renew.resources import resource_path
from vb_renew.rules import postal
from vb_renew.rules.customer import PREFECTURES
from vb_renew.rules.postal import PostalAddress, PostalTable, build_index, index_is_current, index_path

REPO = Path(__file__).resolve().parents[2]
DATA = resource_path(*postal.DATA_FILE)
SAMPLE = ("# comment\n"
          "9071801\t46\t八重山郡与那国町\t与那国\n"
          "0600001\t0\t札幌市中央区\t北一条西\n"
          "0040000\t0\t\t\n"
          "1000001\t12\t千代田区\t千代田\n")
YONAGUNI = PostalAddress("沖縄県", "八重山郡与那国町", "与那国")


def write_source(path: Path, text: str = SAMPLE) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(text)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- building ---------------------------------------------------------------------------------------------------

def test_a_fresh_build_answers_every_code_and_leaves_nothing_else(tmp_path: Path) -> None:
    source = write_source(tmp_path / "sample.tsv.gz")
    index = build_index(source)
    assert index == tmp_path / "sample.sqlite3" == index_path(source)
    assert index_is_current(index, source)
    assert leftovers(tmp_path) == []
    if os.name == "posix":
        assert stat.S_IMODE(index.stat().st_mode) == 0o644  # an installed app's users all read it
    table = PostalTable.open(index)
    assert len(table) == 4
    assert table.lookup("907-1801") == YONAGUNI
    assert table.lookup("060-0001") == PostalAddress("北海道", "札幌市中央区", "北一条西")
    assert table.lookup("004-0000") == PostalAddress("北海道", "", "")
    assert table.lookup("100-0002") is None
    table.close()


def test_the_bundled_index_says_what_the_table_says_for_every_code(tmp_path: Path) -> None:
    table = PostalTable.open(build_index(DATA, tmp_path / "jp_postal.sqlite3"))
    count = 0
    with gzip.open(DATA, "rt", encoding="utf-8") as stream:
        for line in stream:
            if line.startswith("#"):
                continue
            code, prefecture, city, town = line.rstrip("\n").split("\t")
            assert table.lookup(code) == PostalAddress(PREFECTURES[int(prefecture)], city, town), code
            count += 1
    assert len(table) == count > 140_000
    assert (tmp_path / "jp_postal.sqlite3").stat().st_size < 6_000_000  # shipped in the bundle beside the .tsv.gz
    table.close()


@pytest.mark.parametrize("line", ["100000\t12\t千代田区\t千代田", "1000001\t47\t千代田区\t千代田",
                                  "1000001\t12\t千代田区", "１０００００１\t12\t千代田区\t千代田"])
def test_a_malformed_line_fails_the_build_and_leaves_no_index(tmp_path: Path, line: str) -> None:
    source = write_source(tmp_path / "bad.tsv.gz", SAMPLE + line + "\n")
    with pytest.raises(ValueError, match="line 6"):
        build_index(source)
    assert not index_path(source).exists()
    assert leftovers(tmp_path) == []


def test_a_code_twice_fails_the_build(tmp_path: Path) -> None:
    source = write_source(tmp_path / "twice.tsv.gz", SAMPLE + "1000001\t12\t千代田区\t丸の内\n")
    with pytest.raises(ValueError, match="twice"):
        build_index(source)
    assert not index_path(source).exists()


def test_two_builds_at_once_both_leave_a_whole_index(tmp_path: Path) -> None:
    source = write_source(tmp_path / "sample.tsv.gz")
    errors: list[BaseException] = []

    def build() -> None:
        try:
            build_index(source)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert index_is_current(index_path(source), source)
    assert leftovers(tmp_path) == []


def test_the_set_up_command_builds_the_index_once(tmp_path: Path) -> None:
    target = tmp_path / "jp_postal.sqlite3"
    command = [sys.executable, str(REPO / "resources" / "postal" / "build.py"), "--index", "-o", str(target)]
    first = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    assert "built from jp_postal.tsv.gz" in first.stdout
    assert index_is_current(target, DATA)
    built_at = target.stat().st_mtime_ns
    again = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    assert "up to date" in again.stdout
    assert target.stat().st_mtime_ns == built_at


# -- stale or damaged: rebuilt on first use ---------------------------------------------------------------------

def test_an_index_of_another_table_is_rebuilt(tmp_path: Path) -> None:
    source = write_source(tmp_path / "sample.tsv.gz")
    build_index(source)
    write_source(source, SAMPLE.replace("与那国\n", "与那国島\n"))  # the checkout pulled new data
    assert not index_is_current(index_path(source), source)
    table = PostalTable.from_file(source)
    assert table.lookup("9071801") == PostalAddress("沖縄県", "八重山郡与那国町", "与那国島")
    assert index_is_current(index_path(source), source)
    table.close()


@pytest.mark.parametrize("damage", ["garbage", "cut", "empty", "old_format", "not_ours"])
def test_a_damaged_index_is_rebuilt(tmp_path: Path, damage: str) -> None:
    source = write_source(tmp_path / "sample.tsv.gz")
    index = build_index(source)
    if damage == "garbage":
        index.write_bytes(b"not a database at all" * 100)
    elif damage == "cut":
        data = index.read_bytes()
        index.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        index.write_bytes(b"")
    elif damage == "old_format":
        with closing(sqlite3.connect(index)) as db:
            db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
            db.commit()
    else:
        index.unlink()
        with closing(sqlite3.connect(index)) as db:
            db.execute("CREATE TABLE other (x)")
            db.commit()
    assert not index_is_current(index, source)
    table = PostalTable.from_file(source)
    assert table.lookup("907-1801") == YONAGUNI
    assert index_is_current(index, source)
    table.close()


def test_a_missing_index_is_built_on_first_use(tmp_path: Path) -> None:
    source = write_source(tmp_path / "sample.tsv.gz")
    table = PostalTable.from_file(source)
    assert table.lookup("９０７－１８０１") == YONAGUNI
    assert index_is_current(index_path(source), source)
    table.close()


def test_the_index_alone_is_enough(tmp_path: Path) -> None:
    source = write_source(tmp_path / "sample.tsv.gz")
    build_index(source)
    source.unlink()  # a build that ships the index without the table
    table = PostalTable.from_file(source)
    assert table.lookup("907-1801") == YONAGUNI
    table.close()
    index_path(source).unlink()
    with pytest.raises(FileNotFoundError, match="no postal-code data"):
        PostalTable.from_file(source)


# -- read-only use ----------------------------------------------------------------------------------------------

def test_an_index_is_read_without_writing_beside_it(tmp_path: Path) -> None:
    source = write_source(tmp_path / "sample.tsv.gz")
    index = build_index(source)
    before = sorted(p.name for p in tmp_path.iterdir())
    content = index.read_bytes()
    table = PostalTable.from_file(source)
    assert table.lookup("907-1801") == YONAGUNI
    with pytest.raises(sqlite3.OperationalError):  # opened read-only: a write is refused
        table._db.execute("DELETE FROM postal")
    table.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no journal, no -wal or -shm file
    assert index.read_bytes() == content


def test_a_stale_index_that_cannot_be_rebuilt_is_built_in_memory(tmp_path: Path, monkeypatch) -> None:
    """An installed app's folder cannot be written: the right answers anyway, and the file is left alone."""
    source = write_source(tmp_path / "sample.tsv.gz")
    index = build_index(source)
    index.write_bytes(b"damaged")

    def refused(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(postal, "build_index", refused)
    table = PostalTable.from_file(source)
    assert table.lookup("907-1801") == YONAGUNI
    assert len(table) == 4
    assert index.read_bytes() == b"damaged"
    table.close()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder this user cannot write "
                    "(root writes anywhere: the test above covers it by refusing the build)")
def test_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "installed"
    folder.mkdir()
    source = write_source(folder / "sample.tsv.gz")
    build_index(source)
    folder.chmod(0o555)
    try:
        table = PostalTable.from_file(source)  # current: opened read-only
        assert table.lookup("907-1801") == YONAGUNI
        table.close()
        folder.chmod(0o755)
        write_source(source, SAMPLE.replace("与那国\n", "与那国島\n"))  # new data, and an index of the old
        folder.chmod(0o555)
        table = PostalTable.from_file(source)  # stale, and the folder cannot be written: in memory
        assert table.lookup("907-1801") == PostalAddress("沖縄県", "八重山郡与那国町", "与那国島")
        table.close()
        assert leftovers(folder) == []
    finally:
        folder.chmod(0o755)


# -- threads ----------------------------------------------------------------------------------------------------

def test_lookups_from_many_threads_at_once(tmp_path: Path) -> None:
    table = PostalTable.open(build_index(DATA, tmp_path / "jp_postal.sqlite3"))
    expected = {"100-0001": PostalAddress("東京都", "千代田区", "千代田"),
                "530-0001": PostalAddress("大阪府", "大阪市北区", "梅田"),
                "907-1801": YONAGUNI, "999-9999": None}
    wrong: list[tuple[str, object]] = []

    def work() -> None:
        for _ in range(300):
            for code, address in expected.items():
                found = table.lookup(code)
                if found != address:
                    wrong.append((code, found))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
    table.close()
