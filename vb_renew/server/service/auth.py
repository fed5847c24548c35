"""Who is asking: passwords, bearer tokens, the account and the installed product's sign-in."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from vb_renew.server import store
from vb_renew.server.clock import JST
from vb_renew.server.errors import ApiError

if TYPE_CHECKING:
    from vb_renew.server.service.world import World

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
FORGET_TOKENS_AFTER = 86400.0  # real seconds an expired token is kept (it still answers "expired", not "invalid")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash (standard library), self-describing so parameters can change later."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r),
                                p=int(p), dklen=len(digest_hex) // 2)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


_DUMMY_HASH = hash_password("timing-equaliser")


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

    def __init__(self, world: World) -> None:
        self.world = world

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

    def check_password(self, email: str, password: str) -> sqlite3.Row:
        row = store.account_by_email(self.world.db, email.strip())
        ok = verify_password(password, row["password_hash"] if row else _DUMMY_HASH)
        if not row or not ok:
            raise ApiError(401, "auth.bad_credentials")
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

    def authenticate(self, token: str | None) -> Principal:
        if not token:
            raise ApiError(401, "auth.required", headers={"WWW-Authenticate": "Bearer"})
        row = store.token(self.world.db, _token_hash(token))
        if not row:
            raise ApiError(401, "auth.invalid_token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if row["expires_at"] <= self.world.real_time():
            raise ApiError(401, "auth.token_expired", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return Principal(row["account_id"], row["email"], row["route"], row["serial"])
