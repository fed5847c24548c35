"""What can go wrong talking to the backend, as values the UI can show; and what to tell the user.

:func:`classify` is the one place a failure becomes something to say. It sorts every failure into a
:class:`ErrorKind`, each with a short title and a sentence of what to do:

- ``OFFLINE``: no answer came (nobody listening, the connection dropped, a timeout). Check the network;
  the caller either tries again by itself or asks the user to.
- ``SERVER``: the server failed (a 5xx, an answer that cannot be read). Try again later; the title carries
  the HTTP status, for support.
- ``INPUT``: a 422 naming fields the user typed: each field's own sentence, and "correct them".
- ``REFUSED``: the rules said no (401, 403, 404, 409, 429, or a 422 about no field the user typed): the
  server's own Japanese sentence, which already says what to do.
- ``OTHER``: not the server's answer (a bug, the disk, the keyring): our text, else :data:`FALLBACK`.

Every text is a Japanese sentence, never a bare code; the UI translates it at its edge
(``vb_renew.ui.widgets.error_parts`` and ``error_text``). An HTTP 500 is never told as "cannot connect".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from vb_renew.core.credentials import CredentialError
from vb_renew.i18n import QT_TRANSLATE_NOOP, Text

# What happened, as one sentence (also ``ApiError.message`` for logs and the API's callers). What to do
# depends on who asked (the app may try again by itself): see :meth:`Failure.advice`.
OFFLINE = QT_TRANSLATE_NOOP("Api", "サーバーに接続できません。")
TIMEOUT = QT_TRANSLATE_NOOP("Api", "サーバーからの応答がありません（タイムアウト）。")
SERVER = QT_TRANSLATE_NOOP("Api", "サーバーでエラーが発生しました（エラー {status}）。")
MALFORMED = QT_TRANSLATE_NOOP("Api", "サーバーからの応答を読み取れませんでした。")
# Whatever has no message of its own: an unknown code, a bug, anything a worker raised.
FALLBACK = QT_TRANSLATE_NOOP("Errors", "予期しないエラーが起きました。もう一度お試しください。")


class ErrorKind(StrEnum):
    """What kind of failure it was, as the user needs to know it (see the module's docstring)."""

    OFFLINE = "offline"
    SERVER = "server"
    INPUT = "input"
    REFUSED = "refused"
    OTHER = "other"


# Each kind's title: a heading, a message box's title (no full stop).
TITLES: dict[ErrorKind, Text] = {
    ErrorKind.OFFLINE: QT_TRANSLATE_NOOP("Errors", "サーバーに接続できません"),
    ErrorKind.SERVER: QT_TRANSLATE_NOOP("Errors", "サーバーでエラーが発生しました"),
    ErrorKind.INPUT: QT_TRANSLATE_NOOP("Errors", "入力内容に誤りがあります"),
    ErrorKind.REFUSED: QT_TRANSLATE_NOOP("Errors", "お手続きを進められません"),
    ErrorKind.OTHER: QT_TRANSLATE_NOOP("Errors", "エラーが発生しました"),
}
TIMEOUT_TITLE = QT_TRANSLATE_NOOP("Errors", "サーバーからの応答がありません")
SERVER_STATUS_TITLE = QT_TRANSLATE_NOOP("Errors", "サーバーでエラーが発生しました（エラー {status}）")

# What to do. The app's own retries (S1's connection, the waiting page's polls) say so; elsewhere the user
# tries again. A refusal or any other failure carries its own advice in its sentence.
OFFLINE_ADVICE = QT_TRANSLATE_NOOP("Errors", "ネットワークの接続を確認してから、もう一度お試しください。")
OFFLINE_RETRYING = QT_TRANSLATE_NOOP("Errors", "ネットワークの接続を確認してください。自動的に再試行します。")
SERVER_ADVICE = QT_TRANSLATE_NOOP("Errors", "しばらくしてからもう一度お試しください。")
SERVER_RETRYING = QT_TRANSLATE_NOOP("Errors", "しばらくすると自動的に再試行します。")
INPUT_ADVICE = QT_TRANSLATE_NOOP("Errors", "エラーのある項目を訂正してから、もう一度お試しください。")

_NETWORK = frozenset({"network.offline", "network.timeout"})


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


@dataclass(frozen=True)
class FieldProblem:
    """One field a 422 names: the API's name for it (``customer.postal_code``, ``email``) and the server's
    sentence about it."""

    field: str
    message: str
    code: str = ""


@dataclass(frozen=True)
class Failure:
    """A failure, sorted: its kind, title and sentence, the status (for support), the fields to correct.

    ``message`` says what happened, as one sentence; ``detail`` is the same, or None when the title already
    says it (「サーバーに接続できません」, 「…（エラー 500）」: a heading above it need not say it twice).
    ``retryable``: the same request again may work (the network, the server, a 429 or a request still in
    flight), so a 「再試行」 button makes sense.
    """

    kind: ErrorKind
    title: UserMessage
    message: UserMessage
    detail: UserMessage | None = None
    status: int | None = None
    fields: tuple[FieldProblem, ...] = ()
    transient: bool = False

    @property
    def retryable(self) -> bool:
        return self.kind in (ErrorKind.OFFLINE, ErrorKind.SERVER) or self.transient

    def advice(self, retrying: bool = False) -> Text | None:
        """What to do: ``retrying`` when the app tries again by itself. None: the message says it."""
        if self.kind is ErrorKind.OFFLINE:
            return OFFLINE_RETRYING if retrying else OFFLINE_ADVICE
        if self.kind is ErrorKind.SERVER:
            return SERVER_RETRYING if retrying else SERVER_ADVICE
        if self.kind is ErrorKind.INPUT:
            return INPUT_ADVICE
        return None


def field_problems(error: ApiError) -> tuple[FieldProblem, ...]:
    """The fields a refusal names, the leading one first, then its ``details`` (each once)."""
    problems: list[FieldProblem] = []
    if error.field:
        problems.append(FieldProblem(error.field, error.server_message or FALLBACK.source, error.code))
    for item in error.details:
        name = item.get("field") if isinstance(item, Mapping) else None
        if isinstance(name, str) and name and all(p.field != name for p in problems):
            problems.append(FieldProblem(name, str(item.get("message") or FALLBACK.source), str(item.get("code") or "")))
    return tuple(problems)


def _typed(problem: FieldProblem, input_fields: Iterable[str] | None) -> bool:
    if input_fields is None:
        return True
    return any(problem.field == name or (name.endswith(".") and problem.field.startswith(name))
               for name in input_fields)


def classify(error: BaseException, input_fields: Iterable[str] | None = None) -> Failure:
    """Sort a failure from a worker (an :class:`ApiError`, a ``CredentialError``, anything).

    ``input_fields``: the fields the user can correct where the failure is shown, as API names or prefixes
    (``("customer.", "card.")``, ``("email", "password")``); a 422 naming none of them is a refusal, not bad
    input. None: any field named is one the user typed.
    """
    if isinstance(error, CredentialError):
        return _failure(ErrorKind.OTHER, UserMessage(error.text))
    if not isinstance(error, ApiError):
        return _failure(ErrorKind.OTHER, UserMessage(FALLBACK))
    status, transient = error.status, error.transient
    if error.code in _NETWORK:
        timeout = error.code == "network.timeout"
        return Failure(ErrorKind.OFFLINE, UserMessage(TIMEOUT_TITLE if timeout else TITLES[ErrorKind.OFFLINE]),
                       UserMessage(TIMEOUT if timeout else OFFLINE), None, status, transient=transient)
    if (status is not None and status >= 500) or error.code == "response.malformed":
        # A 5xx says nothing the user could act on, whatever its body: its status is what support needs.
        if status is None or status < 400:  # an answer that cannot be read
            return Failure(ErrorKind.SERVER, UserMessage(TITLES[ErrorKind.SERVER]), UserMessage(MALFORMED),
                           UserMessage(MALFORMED), status, transient=transient)
        title = UserMessage(SERVER_STATUS_TITLE, {"status": status})
        if error.code == "response.malformed":  # a 4xx whose body is not the API's (a proxy's page)
            return Failure(ErrorKind.SERVER, title, UserMessage(MALFORMED), UserMessage(MALFORMED), status,
                           transient=transient)
        return Failure(ErrorKind.SERVER, title, UserMessage(SERVER, {"status": status}), None, status,
                       transient=transient)
    said = (UserMessage(FALLBACK, server_message=error.server_message) if error.server_message
            else UserMessage(error.text, error.text_values) if error.text is not None else None)
    problems = field_problems(error)
    if status == 422 and any(_typed(p, input_fields) for p in problems):
        return _failure(ErrorKind.INPUT, said or UserMessage(FALLBACK), status, problems, transient)
    if said is not None:
        return _failure(ErrorKind.REFUSED, said, status, problems, transient)
    return _failure(ErrorKind.OTHER, UserMessage(FALLBACK), status, problems, transient)


def _failure(kind: ErrorKind, message: UserMessage, status: int | None = None,
             problems: tuple[FieldProblem, ...] = (), transient: bool = False) -> Failure:
    return Failure(kind, UserMessage(TITLES[kind]), message, message, status, problems, transient)


def user_message(error: BaseException) -> UserMessage:
    """What happened, as one sentence: the server's own for a refusal, else ours (see :func:`classify`)."""
    return classify(error).message
