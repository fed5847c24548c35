"""The account route (S3): a Trend Micro account, signed in with e-mail and password.

For a PC without the product: the customer logs in, sees the licences listed in
the account (ライセンス管理) and picks the one to renew. A licence expired more
than a year ago is not listed there; it is renewed from the product's own screen.

Blocking calls (network, keyring): the UI runs them on a worker thread. No Qt here.

Signing out (:func:`sign_out`) revokes the token on the server when it can, and forgets
the saved login whether or not the server could be reached.

The saved login (「ログイン情報を保存」) lives in the OS keyring only, through
:class:`~vb_renew.core.credentials.CredentialStore`: one secret under a fixed key
holding the e-mail and the token. Nothing of it is ever written to a file; a
machine without a keyring gets a :class:`~vb_renew.core.credentials.CredentialError`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from vb_renew.core.api import ApiClient
from vb_renew.core.credentials import CredentialStore
from vb_renew.core.data import Licence
from vb_renew.core.errors import ApiError
from vb_renew.i18n import QT_TRANSLATE_NOOP, Text
from vb_renew.rules.eligibility import LicenceState

log = logging.getLogger(__name__)

# The keyring entry of the saved login (service ``vb-renew``). Never rename it:
# a saved login would seem to vanish.
SAVED_LOGIN_KEY = "account-login"

# The server's codes for a token that no longer signs in.
TOKEN_REJECTED = frozenset({"auth.token_expired", "auth.invalid_token", "auth.required"})

# What the seed says next to the login form, cleaned of its typos and stray quoting.
ACCOUNT_ROUTE_INTRO = QT_TRANSLATE_NOOP(
    "AccountRoute",
    "お手元にウイルスバスター クラウドがインストールされているパソコンがなくても、"
    "トレンドマイクロアカウントからアクセスできます。",
)
USE_PRODUCT_ROUTE = QT_TRANSLATE_NOOP(
    "AccountRoute",
    "うまくトレンドマイクロアカウントにログインできない場合や、有効期限が切れて1年以上経過している場合は、"
    "「ウイルスバスター クラウド」からアクセスしてください。",
)
EXPIRED_OVER_A_YEAR = QT_TRANSLATE_NOOP(
    "AccountRoute",
    "有効期限が切れて1年以上経過したライセンスは、ここには表示されません。"
    "「ウイルスバスター クラウド」のメイン画面から契約を更新してください。",
)
OPEN_ORDER = QT_TRANSLATE_NOOP(
    "AccountRoute",
    "このライセンスはお申し込み手続き中です。お支払いが確認されると有効期限が延長されます。",
)
NO_SERVER = QT_TRANSLATE_NOOP("AccountRoute", "サーバーの準備ができていません。しばらくしてからもう一度お試しください。")

STATE_NAMES: dict[LicenceState, Text] = {
    LicenceState.IN_TERM: QT_TRANSLATE_NOOP("AccountRoute", "有効"),
    LicenceState.EXPIRING_SOON: QT_TRANSLATE_NOOP("AccountRoute", "まもなく有効期限"),
    LicenceState.EXPIRED: QT_TRANSLATE_NOOP("AccountRoute", "有効期限切れ"),
}


@dataclass(frozen=True)
class AccountSession:
    """A signed-in Trend Micro account (the account route)."""

    base_url: str
    token: str
    email: str

    def client(self) -> ApiClient:
        """A fresh client for one worker (sessions are not shared between threads)."""
        return ApiClient(self.base_url, token=self.token)

    def licences(self) -> list[Licence]:
        """The licences the account lists (blocking)."""
        client = self.client()
        try:
            return client.licences()
        finally:
            client.close()

    def __repr__(self) -> str:  # the token stays out of logs and tracebacks
        return f"AccountSession(base_url={self.base_url!r}, email={self.email!r}, token=<hidden>)"


def log_in(base_url: str, email: str, password: str) -> AccountSession:
    """Sign in with e-mail and password (blocking). ``ApiError`` ``auth.bad_credentials`` when they are wrong."""
    client = ApiClient(base_url)
    try:
        answer = client.login(email.strip(), password)
    finally:
        client.close()
    return AccountSession(base_url, answer.token, answer.email or email.strip())


def token_rejected(error: BaseException) -> bool:
    """The server no longer accepts the token (expired, revoked, unknown): log in again."""
    return isinstance(error, ApiError) and (error.status == 401 or error.code in TOKEN_REJECTED)


# -- the saved login (keyring only) ---------------------------------------------


def save_token(email: str, token: str, store: CredentialStore | None = None) -> None:
    """Keep the login in the OS keyring (``CredentialError`` when there is none; never a file)."""
    (store or CredentialStore()).set(SAVED_LOGIN_KEY, json.dumps({"email": email, "token": token}))


def load_saved(store: CredentialStore | None = None) -> tuple[str, str] | None:
    """The saved ``(email, token)``, or None. An unreadable entry counts as none."""
    raw = (store or CredentialStore()).get(SAVED_LOGIN_KEY)
    if not raw:
        return None
    try:
        saved = json.loads(raw)
        email, token = saved["email"], saved["token"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(email, str) or not isinstance(token, str) or not token:
        return None
    return email, token


def forget(store: CredentialStore | None = None) -> None:
    """Remove the saved login (nothing saved is not an error)."""
    (store or CredentialStore()).delete(SAVED_LOGIN_KEY)


def sign_out(session: AccountSession | None, store: CredentialStore | None = None) -> bool:
    """Sign out (blocking): revoke ``session``'s token on the server, best effort, then forget the saved login.

    True when the server revoked the token. A failure to reach it, or its refusal (the token already expired,
    an older server without ``POST /auth/logout``), is logged and does not keep the saved login: the token is
    forgotten here either way. A ``CredentialError`` from the keyring is raised, as :func:`forget` raises it.
    """
    revoked = False
    try:
        if session is not None:
            client = session.client()
            try:
                client.logout()
                revoked = True
            except ApiError as error:
                log.info("signing out: the server did not revoke the token (%s); forgetting it anyway", error.code)
            finally:
                client.close()
    finally:
        forget(store)
    return revoked


def session_from_saved(base_url: str, store: CredentialStore | None = None) -> AccountSession | None:
    saved = load_saved(store)
    if saved is None:
        return None
    email, token = saved
    return AccountSession(base_url, token, email)


# -- what ライセンス管理 shows ------------------------------------------------------


def listed(licences: Iterable[Licence]) -> list[Licence]:
    """The licences the account route shows: those listed in the account (not expired over a year)."""
    return [lic for lic in licences if lic.listed_in_account]


def can_renew(licence: Licence) -> bool:
    """Renewable by the server's rules, and no renewal of it already waiting for its payment."""
    return licence.renewable and not licence.open_order


def renewable_in_account(licences: Iterable[Licence]) -> list[Licence]:
    """The listed licences 「今すぐ契約更新」 can renew."""
    return [lic for lic in listed(licences) if can_renew(lic)]


def needs_choice(licences: Iterable[Licence]) -> bool:
    """Several licences can be renewed: the popup asks which one (the seed's rule)."""
    return len(renewable_in_account(licences)) > 1


def renew_offer(licence: Licence) -> tuple[bool, str | Text | None]:
    """Whether 「今すぐ契約更新」 is enabled for this licence, and why not.

    The reason is the server's refusal message (already Japanese), or our own :class:`Text`
    for a licence whose renewal is already under way (``open_order``), or None.
    """
    if can_renew(licence):
        return True, None
    if licence.refusal is not None and licence.refusal.message:
        return False, licence.refusal.message
    if licence.renewable and licence.open_order:
        return False, OPEN_ORDER
    return False, None


def serials_to_renew(licences: Sequence[Licence], chosen: str) -> list[str]:
    """What 「今すぐ契約更新」 on ``chosen`` hands to the wizard (ValueError if it cannot be renewed)."""
    if chosen not in {lic.serial for lic in renewable_in_account(licences)}:
        raise ValueError(f"{chosen} cannot be renewed from the account")
    return [chosen]
