"""What can go wrong talking to the backend, as values the UI can show; and what to tell the user.

:func:`user_message` is the one place a failure becomes a message: the server's own Japanese
sentence when it gave one, else our translatable text, else :data:`FALLBACK`: a Japanese sentence,
never a bare code. The UI translates it at its edge (``vb_renew.ui.widgets.error_text``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from vb_renew.core.credentials import CredentialError
from vb_renew.i18n import QT_TRANSLATE_NOOP, Text

OFFLINE = QT_TRANSLATE_NOOP(
    "Api", "サーバーに接続できません。ネットワークの接続を確認してください。自動的に再試行します。"
)
TIMEOUT = QT_TRANSLATE_NOOP("Api", "サーバーからの応答がありません（タイムアウト）。しばらくしてからもう一度お試しください。")
SERVER = QT_TRANSLATE_NOOP(
    "Api", "サーバーで一時的な問題が起きています（エラー {status}）。しばらくしてからもう一度お試しください。"
)
MALFORMED = QT_TRANSLATE_NOOP("Api", "サーバーからの応答を読み取れませんでした。しばらくしてからもう一度お試しください。")
# Whatever has no message of its own: an unknown code, a bug, anything a worker raised.
FALLBACK = QT_TRANSLATE_NOOP("Errors", "予期しないエラーが起きました。もう一度お試しください。")


class ApiError(Exception):
    """A failed API call.

    ``code`` is the server's stable code (``order.not_found``...) or one of ours
    (``network.offline``, ``network.timeout``, ``server.error``, ``response.malformed``).
    ``server_message`` is the server's Japanese message when it gave one;
    otherwise ``text`` is our own translatable message.
    """

    def __init__(
        self,
        code: str,
        *,
        status: int | None = None,
        server_message: str | None = None,
        text: Text | None = None,
        text_values: dict[str, object] | None = None,
        field: str | None = None,
        details: list[dict] | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.code = code
        self.status = status
        self.server_message = server_message
        self.text = text
        self.text_values = text_values or {}
        self.field = field
        self.details = details or []
        self.retry_after = retry_after
        super().__init__(f"{code} ({status}): {self.message}")

    @property
    def message(self) -> str:
        """The untranslated Japanese message (the UI translates ``text`` instead when set)."""
        if self.server_message:
            return self.server_message
        if self.text is not None:
            return self.text.format(**self.text_values)
        return FALLBACK.source

    @property
    def transient(self) -> bool:
        """Worth retrying: the network, a timeout, a 5xx, a 429, or a request still in flight."""
        return (
            self.code in {"network.offline", "network.timeout", "response.malformed", "idempotency.in_flight"}
            or (self.status is not None and (self.status >= 500 or self.status == 429))
        )


@dataclass(frozen=True)
class UserMessage:
    """What to tell the user about a failure: ``server_message`` as it is, else ``text`` translated and filled."""

    text: Text
    values: Mapping[str, object] = field(default_factory=dict)
    server_message: str | None = None


def user_message(error: BaseException) -> UserMessage:
    """The message for a failure from a worker: an :class:`ApiError`, a ``CredentialError``, anything."""
    if isinstance(error, ApiError):
        if error.server_message:
            return UserMessage(FALLBACK, server_message=error.server_message)  # the backend's Japanese sentence
        if error.text is not None:
            return UserMessage(error.text, error.text_values)
    elif isinstance(error, CredentialError):
        return UserMessage(error.text)
    return UserMessage(FALLBACK)
