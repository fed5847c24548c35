"""The one wrapper around ``keyring``.

Call it off the UI thread: a keychain may block (macOS asks the user, Secret
Service talks D-Bus). Any keyring failure becomes a :class:`CredentialError`
carrying a Japanese message for the user; there is no plaintext fallback.
"""

from __future__ import annotations

from vb_renew.i18n import QT_TRANSLATE_NOOP, Text

SERVICE = "vb-renew"
# Windows' Credential Manager holds at most 2560 bytes per secret; keep well under.
MAX_SECRET_BYTES = 2000

KEYRING_UNAVAILABLE = QT_TRANSLATE_NOOP(
    "Credentials",
    "このコンピューターでは資格情報を安全に保存できません（キーリングが使えません）。"
    "ログイン情報は保存されませんが、アプリはそのまま使えます。",
)
KEYRING_FAILED = QT_TRANSLATE_NOOP(
    "Credentials",
    "資格情報の保存先（キーリング）でエラーが起きました。ログイン情報は保存されていません。",
)
SECRET_TOO_LARGE = QT_TRANSLATE_NOOP(
    "Credentials", "保存しようとした資格情報が大きすぎます。ログイン情報は保存されていません。"
)


class CredentialError(Exception):
    """A secret could not be read, stored or removed."""

    def __init__(self, code: str, text: Text, detail: str = "") -> None:
        super().__init__(f"{code}: {text.source} {detail}".strip())
        self.code = code
        self.text = text
        self.detail = detail


class CredentialStore:
    """Secrets (login tokens) in the operating system's keyring."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def _keyring(self):
        import keyring  # imported late: keeps it off the first paint's path

        return keyring

    def _guard(self, action):
        from keyring.errors import KeyringError, NoKeyringError

        try:
            return action()
        except NoKeyringError as exc:
            raise CredentialError("keyring.unavailable", KEYRING_UNAVAILABLE, str(exc)) from exc
        except KeyringError as exc:
            raise CredentialError("keyring.failed", KEYRING_FAILED, str(exc)) from exc

    def get(self, name: str) -> str | None:
        return self._guard(lambda: self._keyring().get_password(self.service, name))

    def set(self, name: str, secret: str) -> None:
        if len(secret.encode("utf-8")) > MAX_SECRET_BYTES:
            raise CredentialError("keyring.too_large", SECRET_TOO_LARGE)
        self._guard(lambda: self._keyring().set_password(self.service, name, secret))

    def delete(self, name: str) -> None:
        """Forget a secret; forgetting one that is not there is not an error."""
        from keyring.errors import PasswordDeleteError

        def remove() -> None:
            try:
                self._keyring().delete_password(self.service, name)
            except PasswordDeleteError:
                pass

        self._guard(remove)

    def backend_name(self) -> str:
        backend = self._guard(lambda: self._keyring().get_keyring())
        return f"{type(backend).__module__}.{type(backend).__name__}"
