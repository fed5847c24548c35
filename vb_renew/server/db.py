"""The backend's SQLite database: schema, migrations, and one-transaction-per-change.

One connection, shared under a lock: the database is small and local, every write is
short, and SQLite serialises writers anyway. The service calls it from the app's thread
pool (so ``check_same_thread=False``); a transaction holds the lock from BEGIN to COMMIT,
so another thread's statements wait for it, and its after-commit hooks are its own thread's. WAL lets a second process (a QA tool)
read while the service writes. The schema version lives in ``PRAGMA user_version``;
:data:`MIGRATIONS` are applied in order, each in its own transaction.

Opening is careful: a file that is not an SQLite database (or fails ``PRAGMA quick_check``), one a newer version
wrote, a read-only one, or a folder it cannot write is refused with a
:class:`~vb_renew.server.startup_error.StartupError` before SQLite writes anything to it (no WAL switch, no
migration), so the file stays byte for byte as it was. What can be told from the file itself (its header, its
permissions) is checked before SQLite opens it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from vb_renew.paths import private_file, private_folder
from vb_renew.rules.lifecycle import OPEN_STATES
from vb_renew.server.startup_error import StartupError, StartupProblem

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        display_name TEXT
    );
    CREATE TABLE licences (
        serial TEXT PRIMARY KEY,
        account_id INTEGER REFERENCES accounts(id),
        product TEXT NOT NULL,
        expiry TEXT NOT NULL,
        auto_renew INTEGER NOT NULL DEFAULT 0,
        kind TEXT NOT NULL DEFAULT 'paid',
        upgraded INTEGER NOT NULL DEFAULT 0,
        installed INTEGER NOT NULL DEFAULT 0,
        installation_secret TEXT
    );
    CREATE TABLE tokens (
        token_hash TEXT PRIMARY KEY,
        account_id INTEGER REFERENCES accounts(id),
        serial TEXT,
        route TEXT NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        state TEXT NOT NULL,
        version INTEGER NOT NULL,
        payment_method TEXT NOT NULL,
        total INTEGER NOT NULL,
        customer TEXT NOT NULL,
        card_last4 TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX orders_account ON orders(account_id, created_at);
    CREATE TABLE order_items (
        order_id TEXT NOT NULL REFERENCES orders(id),
        position INTEGER NOT NULL,
        serial TEXT NOT NULL REFERENCES licences(serial),
        product TEXT NOT NULL,
        old_product TEXT NOT NULL,
        years INTEGER NOT NULL,
        price INTEGER NOT NULL,
        upgrade INTEGER NOT NULL,
        old_expiry TEXT NOT NULL,
        new_expiry TEXT,
        PRIMARY KEY (order_id, position)
    );
    CREATE INDEX order_items_serial ON order_items(serial);
    CREATE TABLE order_timeline (
        id INTEGER PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES orders(id),
        state TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE slips (
        order_id TEXT PRIMARY KEY REFERENCES orders(id),
        number TEXT NOT NULL,
        barcode_number TEXT NOT NULL,
        amount INTEGER NOT NULL,
        issued_on TEXT NOT NULL,
        deadline TEXT NOT NULL,
        reissue_count INTEGER NOT NULL DEFAULT 0,
        delivered_on TEXT
    );
    CREATE TABLE payments (
        order_id TEXT PRIMARY KEY REFERENCES orders(id),
        place TEXT NOT NULL,
        amount INTEGER NOT NULL,
        paid_on TEXT NOT NULL,
        paid_at TEXT NOT NULL,
        confirmed_on TEXT
    );
    CREATE TABLE mails (
        id INTEGER PRIMARY KEY,
        account_id INTEGER REFERENCES accounts(id),
        to_addr TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        order_id TEXT,
        kind TEXT NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES orders(id),
        kind TEXT NOT NULL,
        due_at TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0,
        ran_at TEXT
    );
    CREATE INDEX events_due ON events(done, due_at, id);
    CREATE TABLE idempotency (
        account_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        response TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (account_id, key)
    );
    """,
    # 2: one open order per serial, held by the database: a row per serial of an order not yet final (the life
    # cycle's table says which), added with the order and removed when it reaches a final state. Filled from the
    # open orders already there; if an old race left several for one serial, the oldest holds it.
    f"""
    CREATE TABLE open_orders (
        serial TEXT PRIMARY KEY REFERENCES licences(serial),
        order_id TEXT NOT NULL REFERENCES orders(id)
    );
    CREATE INDEX open_orders_order ON open_orders(order_id);
    INSERT OR IGNORE INTO open_orders (serial, order_id)
        SELECT i.serial, o.id FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE o.state IN ({", ".join(f"'{state}'" for state in OPEN_STATES)})
        ORDER BY o.created_at, o.number;
    """,
    # 3: an event that failed to run (its transaction rolled back) is done, never retried, and says why.
    """
    ALTER TABLE events ADD COLUMN failed TEXT;
    """,
    # 4: the language the customer ordered in (the request's Accept-Language): the order's mails are written in it.
    # The orders before it were all Japanese.
    """
    ALTER TABLE orders ADD COLUMN language TEXT NOT NULL DEFAULT 'ja';
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

# Tables wiped (in this order) when a scenario is loaded.
ALL_TABLES = ("open_orders", "idempotency", "events", "mails", "payments", "slips", "order_timeline", "order_items",
              "orders", "tokens", "licences", "accounts", "meta")


class Database:
    """The connection, its lock and the migrations; :meth:`transaction` is the only way to write."""

    def __init__(self, path: str | Path) -> None:
        """Open (or create) the database; a :class:`StartupError` if it must not be used (see the module)."""
        self.path = Path(path)
        in_memory = str(path) == ":memory:"
        where = self.path.absolute()  # what a refusal names
        if not in_memory:
            check_before_opening(where)  # and create it, private to the user, if it is not there yet
        self._lock = threading.RLock()
        self._tx_thread: int | None = None  # the thread whose transaction is in progress
        self._after_commit: list[Callable[[], None]] = []
        try:
            self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10.0)
        except sqlite3.Error as exc:
            problem = _classified(exc, where)
            if problem is None:
                raise
            raise problem from exc
        try:
            self._conn.row_factory = sqlite3.Row
            if not in_memory:
                self._check_with_sqlite(where)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except BaseException as exc:
            self._conn.close()
            problem = _classified(exc, where) if isinstance(exc, sqlite3.Error) else None
            if problem is None:
                raise
            raise problem from exc

    def _check_with_sqlite(self, where: Path) -> None:
        """Before the first write: the version as SQLite reads it (the log included), its check, a write lock."""
        _refuse_newer(self.version, where)
        problems = [row[0] for row in self._conn.execute("PRAGMA quick_check(3)").fetchall()]
        if problems != ["ok"]:
            raise _corrupt(where, "; ".join(map(str, problems)))
        # BEGIN IMMEDIATE takes the write lock without writing: SQLITE_READONLY here if SQLite opened it read-only.
        self._conn.execute("BEGIN IMMEDIATE")
        self._conn.execute("ROLLBACK")

    @property
    def version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Bring the schema to :data:`SCHEMA_VERSION`, one migration per transaction."""
        with self._lock:
            current = self.version
            _refuse_newer(current, self.path.absolute())
            for number in range(current, SCHEMA_VERSION):
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _statements(MIGRATIONS[number]):
                        self._conn.execute(statement)
                    self._conn.execute(f"PRAGMA user_version = {number + 1}")
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One state change: BEGIN IMMEDIATE ... COMMIT, then the after-commit hooks (notifications)."""
        with self._lock:
            if self._in_tx:  # nested: part of the outer transaction
                yield self._conn
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._tx_thread = threading.get_ident()
            try:
                yield self._conn
            except BaseException:
                self._after_commit.clear()
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._tx_thread = None
            hooks, self._after_commit = self._after_commit, []
        for hook in hooks:
            hook()

    @property
    def _in_tx(self) -> bool:
        """Whether this thread is inside a transaction (another thread's does not count)."""
        return self._tx_thread == threading.get_ident()

    def after_commit(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` once the current transaction has committed (dropped on rollback)."""
        if not self._in_tx:
            hook()
        else:
            self._after_commit.append(hook)

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


# -- refusing a database that must not be opened -------------------------------------------------------------

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
USER_VERSION_OFFSET = 60  # the header's "user version", big-endian (PRAGMA user_version)
# sqlite3_errorcode's primary codes (the low byte of an extended one)
SQLITE_PERM, SQLITE_READONLY, SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_NOTADB = 3, 8, 11, 14, 26


def check_before_opening(path: Path) -> None:
    """What the file and its folder say before SQLite opens it (opening may write: WAL, a journal's rollback).

    A missing file is created empty, private to the user (folder 0700, file 0600; SQLite gives its -wal and -shm
    the file's mode). An existing one is read, never written: its header, its schema version, its permissions.
    """
    folder = path.parent
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # not there (a file where a folder should be: fails below)
        try:
            private_file(private_folder(folder) / path.name)
        except OSError as exc:
            raise StartupError(StartupProblem.FOLDER_NOT_WRITABLE, path,
                               f"cannot create the database {path} ({_reason(exc)}); "
                               "choose a folder you can write to (--db, or the app's --basedir)") from exc
        return
    except OSError as exc:
        raise StartupError(StartupProblem.UNREADABLE, path, f"cannot read the database {path} ({_reason(exc)}); "
                           "give your user access to it, or move it aside and start again") from exc
    if not stat.S_ISREG(mode):
        raise _corrupt(path, "it is not a file")
    try:
        with open(path, "rb") as file:
            header = file.read(HEADER_SIZE)
    except OSError as exc:
        raise StartupError(StartupProblem.UNREADABLE, path, f"cannot read the database {path} ({_reason(exc)}); "
                           "give your user access to it, or move it aside and start again") from exc
    if header and (len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER)):
        raise _corrupt(path, "it is not an SQLite database")
    if header:
        _refuse_newer(int.from_bytes(header[USER_VERSION_OFFSET:USER_VERSION_OFFSET + 4], "big"), path)
    # The owner's write bit, not only access(): an administrator may write anything, but a file marked
    # read-only is not ours to write, whoever runs the server.
    if not (mode & stat.S_IWUSR) or not os.access(path, os.W_OK):
        raise StartupError(StartupProblem.READ_ONLY, path,
                           f"the database {path} is read-only; make it writable (e.g. chmod u+w) "
                           "or move it aside and start again")
    # POSIX only: on Windows a folder's read-only attribute (which access() reads) does not stop writing in it.
    if os.name == "posix" and not os.access(folder, os.W_OK | os.X_OK):
        raise StartupError(StartupProblem.FOLDER_NOT_WRITABLE, path,
                           f"cannot write to the folder {folder} (SQLite keeps its -wal and -shm files beside "
                           "the database); make the folder writable or choose another (--db, or the app's --basedir)")


def _refuse_newer(version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise StartupError(StartupProblem.NEWER_SCHEMA, path,
                           f"the database {path} was written by a newer vb-renew (schema {version}; this one knows "
                           f"up to {SCHEMA_VERSION}); use that version, or move the file aside and start again")


def _corrupt(path: Path, why: str) -> StartupError:
    return StartupError(StartupProblem.CORRUPT, path,
                        f"the database {path} is damaged ({why}); it was left untouched: "
                        "move it aside (or delete it) and start again")


def _classified(exc: sqlite3.Error, path: Path) -> StartupError | None:
    """SQLite's refusal as a :class:`StartupError` when waiting will not help; None for the rest (busy, disk full)."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return _corrupt(path, str(exc))
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return StartupError(StartupProblem.READ_ONLY, path,
                            f"the database {path} cannot be written ({exc}); make it and its folder writable "
                            "or move it aside and start again")
    if code == SQLITE_CANTOPEN:
        return StartupError(StartupProblem.FOLDER_NOT_WRITABLE, path,
                            f"cannot open the database {path} or its -wal and -shm files ({exc}); "
                            "make its folder writable or choose another (--db, or the app's --basedir)")
    return None


def _reason(exc: OSError) -> str:
    """The system's words, and the path they are about (a parent, maybe)."""
    return f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc)
