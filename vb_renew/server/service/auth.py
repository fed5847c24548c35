"""Who is asking: passwords, bearer tokens, the account and the installed product's sign-in.

Passwords are salted scrypt hashes (standard library) written ``scrypt$N$r$p$salt$digest``: each hash carries
its parameters, so one made with older ones still verifies (and is made again with the current ones at its
account's next login). The current ones, N = 2**10, r = 8, p = 1, take 1 MiB and about 2 ms of one CPU per
hash, so that 200 logins at once are answered within a second on 2 CPUs (README, benchmarks/login_burst.py;
with N = 2**11 the last answers came after 0.7 to 1.3 s). The previous ones, N = 2**14, took 16 MiB and
40 ms. This trades strength against offline guessing (the simulator's accounts are test data) for a crowd
answered in time; online guessing is what the failed-login limits stop. A stored hash asking for more than
:data:`MAX_HASH_MEMORY` does not verify.

A crowd signing in stays bounded: at most :attr:`PasswordHasher.bound` hashes (the CPUs) run at once, the
other logins wait for a slot, so memory stays at a few MiB per CPU; the hashing runs in worker threads
(scrypt releases the GIL), never on the event loop. Failed logins are limited (:class:`LoginLimiter`): per account (the e-mail
address given, whether an account has it or not) and per client address, within a window of real seconds
(``login_limits`` in ``resources/simulation.json`` [sim]); past the limit, ``429 auth.too_many_attempts``
with ``Retry-After``, before any hashing. Only failures count, so any number of right passwords from one
address go through, and a successful login clears its account's failures. Logging out deletes the token.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vb_renew.resources import resource_path
from vb_renew.rules.catalogue import read_json, tagged
from vb_renew.server import store
from vb_renew.server.clock import JST
from vb_renew.server.errors import ApiError

if TYPE_CHECKING:
    from vb_renew.server.service.world import World

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**10, 8, 1  # 128 * N * r bytes = 1 MiB per hash
MAX_HASH_MEMORY = 32 * 2**20  # bytes: a stored hash needing more (a corrupt or foreign one) does not verify
FORGET_TOKENS_AFTER = 86400.0  # real seconds an expired token is kept (it still answers "expired", not "invalid")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash (standard library), self-describing so parameters can change later."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def _parameters(stored: str) -> tuple[int, int, int, bytes, str]:
    """N, r, p, the salt and the digest of a stored hash; ValueError if it is not one we can verify."""
    scheme, n_text, r_text, p_text, salt_hex, digest_hex = stored.split("$")
    n, r, p = int(n_text), int(r_text), int(p_text)
    if scheme != "scrypt" or n < 2 or n & (n - 1) or r < 1 or p < 1 or not digest_hex:
        raise ValueError("not a scrypt hash")
    if 128 * r * (n + p + 2) > MAX_HASH_MEMORY:
        raise ValueError("scrypt parameters past the memory bound")
    return n, r, p, bytes.fromhex(salt_hex), digest_hex


def verify_password(password: str, stored: str) -> bool:
    try:
        n, r, p, salt, digest_hex = _parameters(stored)
        digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                                dklen=len(digest_hex) // 2, maxmem=MAX_HASH_MEMORY + 2**20)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


def needs_rehash(stored: str) -> bool:
    """Made with other parameters than the current ones."""
    return not stored.startswith(f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$")


_DUMMY_HASH = hash_password("timing-equaliser")


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class PasswordHasher:
    """At most ``bound`` password hashes at once (default: the CPUs); the others wait for a slot.

    ``active``, ``waiting`` and ``peak`` (the most ever active at once) say what it is doing.
    """

    def __init__(self, bound: int | None = None) -> None:
        self.bound = max(1, bound or cpu_count())
        self._slots = threading.BoundedSemaphore(self.bound)
        self._lock = threading.Lock()
        self.active = 0
        self.waiting = 0
        self.peak = 0

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the ``bound`` slots (blocking until one is free)."""
        with self._lock:
            self.waiting += 1
        self._slots.acquire()
        with self._lock:
            self.waiting -= 1
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            yield
        finally:
            with self._lock:
                self.active -= 1
            self._slots.release()

    def hash(self, password: str) -> str:
        with self.slot():
            return hash_password(password)

    def verify(self, password: str, stored: str) -> bool:
        with self.slot():
            return verify_password(password, stored)


HASHER = PasswordHasher()  # one per process: the bound is the machine's, whatever the number of services


# --- failed logins -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginLimits:
    """Failed logins allowed within ``window_seconds`` (real): per account, and per client address."""

    account_failures: int
    address_failures: int
    window_seconds: float
    tracked: int = 10_000  # accounts (and addresses) remembered at most: the limiter's memory is bounded

    def __post_init__(self) -> None:
        if self.account_failures < 1 or self.address_failures < 1 or self.window_seconds <= 0 or self.tracked < 1:
            raise ValueError(f"login limits must be positive: {self}")


@lru_cache(maxsize=8)
def _read_limits(path: Path) -> LoginLimits:
    raw = read_json(path)["login_limits"]
    return LoginLimits(**{name: tagged(raw[name], f"login_limits.{name}")[0]
                          for name in ("account_failures", "address_failures", "window_seconds")})


def load_login_limits(path: str | Path | None = None) -> LoginLimits:
    """The limits in ``path`` (default ``resources/simulation.json``, ``login_limits``), read once per path."""
    return _read_limits(Path(path or resource_path("simulation.json")).resolve())


class TooManyAttempts(ApiError):
    """429 ``auth.too_many_attempts``, ``Retry-After`` in whole seconds."""

    def __init__(self, seconds: float) -> None:
        super().__init__(429, "auth.too_many_attempts", headers={"Retry-After": str(max(1, math.ceil(seconds)))})


class LoginLimiter:
    """The failed logins of each account and client address within the window (a sliding log per key).

    Thread-safe. ``clock``: real seconds (the service's ``real_time``; tests pass their own).
    """

    def __init__(self, limits: LoginLimits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self.clock = clock
        self._lock = threading.Lock()
        self._accounts: dict[str, deque[float]] = {}
        self._addresses: dict[str, deque[float]] = {}

    @staticmethod
    def account_key(email: str) -> str:
        return email.strip().casefold()

    def _wait(self, table: dict[str, deque[float]], key: str | None, allowed: int, now: float) -> float:
        """Seconds until ``key`` may try again (0: now)."""
        failures = table.get(key) if key is not None else None
        if not failures or len(failures) < allowed:
            return 0.0
        return max(0.0, failures[0] + self.limits.window_seconds - now)

    def check(self, email: str, address: str | None) -> None:
        """Raise :class:`TooManyAttempts` while the account or the address has had its failures."""
        now = self.clock()
        with self._lock:
            wait = max(self._wait(self._accounts, self.account_key(email), self.limits.account_failures, now),
                       self._wait(self._addresses, address, self.limits.address_failures, now))
        if wait > 0:
            raise TooManyAttempts(wait)

    def _note(self, table: dict[str, deque[float]], key: str, allowed: int, now: float) -> None:
        failures = table.pop(key, None) or deque(maxlen=allowed)
        table[key] = failures  # last in the table's order: the most recent failure
        failures.append(now)
        if len(table) > self.limits.tracked:
            horizon = now - self.limits.window_seconds
            for stale in [k for k, times in table.items() if times[-1] <= horizon]:
                del table[stale]
            while len(table) > self.limits.tracked:  # still too many: forget the longest quiet
                del table[next(iter(table))]

    def failed(self, email: str, address: str | None) -> None:
        now = self.clock()
        with self._lock:
            self._note(self._accounts, self.account_key(email), self.limits.account_failures, now)
            if address is not None:
                self._note(self._addresses, address, self.limits.address_failures, now)

    def succeeded(self, email: str) -> None:
        """A right password: the account's failures are forgotten (not the address's)."""
        with self._lock:
            self._accounts.pop(self.account_key(email), None)

    def clear(self) -> None:
        """A new world: nobody has failed yet."""
        with self._lock:
            self._accounts.clear()
            self._addresses.clear()


@dataclass(frozen=True)
class Principal:
    """The holder of a bearer token: an account, reached by login or by the installed product."""

    account_id: int | None
    email: str | None
    route: str  # "account" | "product"
    serial: str | None = None  # the product route's own serial


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Auth:
    """Sign-in and the tokens it issues."""

    def __init__(self, world: World, limits: LoginLimits | None = None, hasher: PasswordHasher | None = None) -> None:
        self.world = world
        self.hasher = hasher or HASHER
        self.limiter = LoginLimiter(limits or load_login_limits(), world.real_time)

    def _issue_token(self, conn: sqlite3.Connection, account_id: int | None, route: str,
                     serial: str | None) -> tuple[str, float]:
        token = secrets.token_urlsafe(32)
        expires = self.world.real_time() + self.world.token_ttl
        store.add_token(conn, _token_hash(token), account_id, serial, route, expires,
                        forget_before=self.world.real_time() - FORGET_TOKENS_AFTER)
        return token, expires

    @staticmethod
    def _token_answer(token: str, expires: float, email: str | None) -> dict[str, Any]:
        return {"token": token, "expires_at": datetime.fromtimestamp(expires, JST).replace(microsecond=0).isoformat(),
                "account": {"email": email}}

    def check_password(self, email: str, password: str, address: str | None = None) -> sqlite3.Row:
        """The account with this e-mail address and password: 401 if none, 429 past the failed-login limits.

        The limits are checked before the hash and again once a hashing slot is held, and the outcome is noted
        before the slot is given back: logins racing past the first check are at most the hasher's bound.
        """
        self.limiter.check(email, address)
        row = store.account_by_email(self.world.db, email.strip())
        stored = row["password_hash"] if row else _DUMMY_HASH
        with self.hasher.slot():
            self.limiter.check(email, address)
            ok = verify_password(password, stored) and row is not None
            if ok:
                self.limiter.succeeded(email)
            else:
                self.limiter.failed(email, address)
        if not ok:
            raise ApiError(401, "auth.bad_credentials")
        if needs_rehash(stored):  # made with older parameters: the current ones from now on (unless it changed)
            fresh = self.hasher.hash(password)
            with self.world.db.transaction() as conn:
                store.replace_password_hash(conn, row["id"], stored, fresh)
        return row

    def login(self, account: sqlite3.Row) -> dict[str, Any]:
        with self.world.db.transaction() as conn:
            token, expires = self._issue_token(conn, account["id"], "account", None)
        return self._token_answer(token, expires, account["email"])

    def login_product(self, serial: str, secret: str) -> dict[str, Any]:
        row = store.installed_licence(self.world.db, serial.strip())
        # As bytes: compare_digest takes ASCII text only, and a secret sent may be any text.
        if not row or not row["installation_secret"] or not hmac.compare_digest(
                row["installation_secret"].encode(), secret.encode("utf-8", "surrogatepass")):
            raise ApiError(401, "auth.bad_installation")
        with self.world.db.transaction() as conn:
            token, expires = self._issue_token(conn, row["account_id"], "product", row["serial"])
        return self._token_answer(token, expires, row["email"])

    def password_login(self, email: str, password: str, address: str | None = None) -> dict[str, Any]:
        """``POST /auth/login``: a token for the account, from the client at ``address``."""
        return self.login(self.check_password(email, password, address))

    def logout(self, token: str) -> None:
        """Revoke ``token`` (after :meth:`authenticate` accepted it): from now on it answers 401."""
        with self.world.db.transaction() as conn:
            store.remove_token(conn, _token_hash(token))

    def clear_attempts(self) -> None:
        """A new world (a scenario loaded): every account and address starts with no failed login."""
        self.limiter.clear()

    def authenticate(self, token: str | None) -> Principal:
        if not token:
            raise ApiError(401, "auth.required", headers={"WWW-Authenticate": "Bearer"})
        row = store.token(self.world.db, _token_hash(token))
        if not row:
            raise ApiError(401, "auth.invalid_token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if row["expires_at"] <= self.world.real_time():
            raise ApiError(401, "auth.token_expired", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return Principal(row["account_id"], row["email"], row["route"], row["serial"])
