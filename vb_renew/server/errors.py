"""The service's errors: one JSON shape for every failure, stable codes, messages in the language asked for.

Handlers raise :class:`ApiError`; the exception handlers installed by :func:`install`
turn it, FastAPI's validation errors, unknown routes and any unexpected fault into
``{"error": {"code", "message", "field", "details"}}``. Nothing answers 500: an
unexpected fault is a ``503 service.unavailable`` with ``Retry-After``. The messages are
Japanese source texts carried untold until :func:`error_body` writes them in the language of
the request's ``Accept-Language`` (Japanese by default), which ``Content-Language`` names
(:mod:`vb_renew.server.language`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.staticfiles import StaticFiles

from vb_renew.i18n import QT_TRANSLATE_NOOP, Text
from vb_renew.rules.errors import Violation
from vb_renew.server.clock import FIRST_DAY, LAST_DAY
from vb_renew.server.language import CONTENT_LANGUAGE, Message, Said, language_of, told
from vb_renew.translations import SOURCE_LANGUAGE

log = logging.getLogger("vb_renew.server")

# The service's own messages, by code (the product rules carry theirs in Violation.text). Japanese source texts,
# told in the request's language when the answer is written (vb_renew.server.language).
MESSAGES: dict[str, Text | Message] = {
    "auth.required": QT_TRANSLATE_NOOP("ServerErrors", "ログインが必要です。"),
    "auth.invalid_token": QT_TRANSLATE_NOOP("ServerErrors", "ログイン情報が無効です。もう一度ログインしてください。"),
    "auth.token_expired": QT_TRANSLATE_NOOP("ServerErrors", "ログインの有効期限が切れました。もう一度ログインしてください。"),
    "auth.bad_credentials": QT_TRANSLATE_NOOP("ServerErrors", "メールアドレスまたはパスワードが正しくありません。"),
    "auth.bad_installation": QT_TRANSLATE_NOOP("ServerErrors", "この製品のシリアル番号を確認できませんでした。"),
    "auth.too_many_attempts": QT_TRANSLATE_NOOP("ServerErrors", "ログインに続けて失敗したため、しばらくログインできません。時間をおいてもう一度お試しください。"),
    "sim.forbidden": QT_TRANSLATE_NOOP("ServerErrors", "シミュレーション操作の権限がありません。"),
    "sim.disabled": QT_TRANSLATE_NOOP("ServerErrors", "このサーバーではシミュレーション操作は無効です。"),
    "sim.unknown_scenario": QT_TRANSLATE_NOOP("ServerErrors", "指定されたシナリオが見つかりません。"),
    "sim.no_installation": QT_TRANSLATE_NOOP("ServerErrors", "このPCにインストールされた製品がありません。"),
    "sim.bad_clock": QT_TRANSLATE_NOOP("ServerErrors", "時刻の指定が正しくありません。"),
    "sim.clock_out_of_range": Message(QT_TRANSLATE_NOOP("ServerErrors", "シミュレーションの日付は{first}から{last}までです。"),
                                      {"first": FIRST_DAY, "last": LAST_DAY}),
    "licence.not_found": QT_TRANSLATE_NOOP("ServerErrors", "ご指定のシリアル番号が見つかりません。"),
    "order.not_found": QT_TRANSLATE_NOOP("ServerErrors", "ご指定のお申し込みが見つかりません。"),
    "order.state_conflict": QT_TRANSLATE_NOOP("ServerErrors", "現在のお申し込みの状態ではこの操作はできません。"),
    "order.already_open": QT_TRANSLATE_NOOP("ServerErrors", "このシリアル番号には手続き中のお申し込みがあります。"),
    "order.duplicate_serial": QT_TRANSLATE_NOOP("ServerErrors", "同じシリアル番号が複数指定されています。"),
    "renewal.product_not_offered": QT_TRANSLATE_NOOP("ServerErrors", "この製品は更新先として選択できません。"),
    "renewal.years_not_offered": QT_TRANSLATE_NOOP("ServerErrors", "更新年数は1年・2年・3年から選択してください。"),
    "payment.slip_not_allowed_for_upgrade": QT_TRANSLATE_NOOP("ServerErrors", "アップグレードのお申し込みはクレジットカード決済のみご利用いただけます。"),
    "payment.method_not_allowed": QT_TRANSLATE_NOOP("ServerErrors", "このお申し込みではご指定のお支払方法をご利用いただけません。"),
    "payment.method_unsupported": QT_TRANSLATE_NOOP("ServerErrors", "このお支払方法は現在ご利用いただけません。"),
    "payment.card_required": QT_TRANSLATE_NOOP("ServerErrors", "クレジットカード情報を入力してください。"),
    "payment.card_not_allowed": QT_TRANSLATE_NOOP("ServerErrors", "振込用紙でのお支払いにはクレジットカード情報は不要です。"),
    "payment.card_declined": QT_TRANSLATE_NOOP("ServerErrors", "このクレジットカードはご利用いただけませんでした。"),
    "payment.card_security_code": QT_TRANSLATE_NOOP("ServerErrors", "セキュリティコードが正しくありません。"),
    "payment.card_unknown_test_card": QT_TRANSLATE_NOOP("ServerErrors", "このカード番号はご利用いただけません（テスト用カード番号を入力してください）。"),
    "payment.card_expired": QT_TRANSLATE_NOOP("ServerErrors", "クレジットカードの有効期限が切れています。"),
    "payment.amount_mismatch": QT_TRANSLATE_NOOP("ServerErrors", "お支払い金額が振込用紙の金額と一致しません。金額を訂正した振込用紙はご利用いただけません。"),
    "payment.slip_not_delivered": QT_TRANSLATE_NOOP("ServerErrors", "振込用紙がまだ届いていません。"),
    "payment.slip_lapsed": QT_TRANSLATE_NOOP("ServerErrors", "振込用紙の支払期限が過ぎています。もう一度お申し込みください。"),
    "payment.already_paid": QT_TRANSLATE_NOOP("ServerErrors", "このお申し込みはお支払い済みです。"),
    "payment.not_a_slip_order": QT_TRANSLATE_NOOP("ServerErrors", "このお申し込みは振込用紙でのお支払いではありません。"),
    "idempotency.key_missing": QT_TRANSLATE_NOOP("ServerErrors", "Idempotency-Key ヘッダーが必要です。"),
    "idempotency.key_reused": QT_TRANSLATE_NOOP("ServerErrors", "この Idempotency-Key は別の内容のお申し込みに使用済みです。"),
    "idempotency.in_flight": QT_TRANSLATE_NOOP("ServerErrors", "同じお申し込みを処理中です。しばらくしてからもう一度お試しください。"),
    "request.malformed": QT_TRANSLATE_NOOP("ServerErrors", "リクエストの形式が正しくありません。"),
    "request.not_found": QT_TRANSLATE_NOOP("ServerErrors", "ご指定のページが見つかりません。"),
    "request.method_not_allowed": QT_TRANSLATE_NOOP("ServerErrors", "この操作はできません。"),
    "validation.required": QT_TRANSLATE_NOOP("ServerErrors", "必須項目です。"),
    "validation.invalid": QT_TRANSLATE_NOOP("ServerErrors", "入力内容が正しくありません。"),
    "validation.type": QT_TRANSLATE_NOOP("ServerErrors", "入力の形式が正しくありません。"),
    "validation.too_long": QT_TRANSLATE_NOOP("ServerErrors", "入力が長すぎます。"),
    "validation.out_of_range": QT_TRANSLATE_NOOP("ServerErrors", "値が範囲外です。"),
    "validation.choice": QT_TRANSLATE_NOOP("ServerErrors", "選択肢の中から指定してください。"),
    "validation.unknown_field": QT_TRANSLATE_NOOP("ServerErrors", "不明な項目が含まれています。"),
    "service.unavailable": QT_TRANSLATE_NOOP("ServerErrors", "ただいまサービスを利用できません。しばらくしてからもう一度お試しください。"),
}


def message(code: str) -> Text | Message:
    """The message of ``code`` (an unknown code: ``validation.invalid``'s)."""
    return MESSAGES.get(code) or MESSAGES["validation.invalid"]


def error_body(code: str, message_text: Said | None = None, field: str | None = None,
               details: Sequence[Mapping[str, Any]] = (), language: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    """The error shape, its messages (the leading one and each detail's) told in ``language``: the one place they
    are."""
    return {"error": {"code": code, "message": told(message_text or message(code), language), "field": field,
                      "details": [_told_detail(d, language) for d in details]}}


def _told_detail(detail: Mapping[str, Any], language: str) -> dict[str, Any]:
    told_detail = dict(detail)
    if told_detail.get("message") is not None:
        told_detail["message"] = told(told_detail["message"], language)
    return told_detail


def error_response(headers: Mapping[str, str], status: int, code: str, message_text: Said | None = None,
                   field: str | None = None, details: Sequence[Mapping[str, Any]] = (),
                   answer_headers: Mapping[str, str] | None = None) -> JSONResponse:
    """An error answer to a request with these ``headers``: in the language its ``Accept-Language`` asks for, which
    ``Content-Language`` names."""
    language = language_of(headers)
    return JSONResponse(error_body(code, message_text, field, details, language), status_code=status,
                        headers={**(answer_headers or {}), CONTENT_LANGUAGE: language})


class ApiError(Exception):
    """An answer other than success, raised anywhere in a request and rendered as the error shape.

    ``message_text``: the message if not the code's own (:data:`MESSAGES`), with ``values`` for its placeholders;
    each detail is ``{"code", "message", "field"}``, its message given the same ways. They are told in the request's
    language when the answer is written.
    """

    def __init__(self, status: int, code: str, message_text: Said | None = None, *,
                 values: Mapping[str, object] | None = None, field: str | None = None,
                 details: Sequence[Mapping[str, Any]] = (), headers: Mapping[str, str] | None = None) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.said = Message.of(message_text or message(code), **(values or {}))
        self.field = field
        self.details = list(details)
        self.headers = dict(headers or {})

    @property
    def message(self) -> str:
        """The message in Japanese (logs, a command line)."""
        return str(self.said)

    @classmethod
    def from_violations(cls, status: int, violations: Iterable[Violation], *,
                        field_prefix: str = "") -> ApiError:
        """The first violation leads; the others go into ``details`` (same shape)."""
        items = list(violations)
        if not items:
            raise ValueError("no violations")

        def field_of(v: Violation) -> str | None:
            if v.field is None:
                return field_prefix.rstrip(".") or None
            return f"{field_prefix}{v.field}"

        first, rest = items[0], items[1:]
        return cls(status, first.code, first, field=field_of(first),
                   details=[{"code": v.code, "message": v, "field": field_of(v)} for v in rest])

    def body(self, language: str = SOURCE_LANGUAGE) -> dict[str, Any]:
        return error_body(self.code, self.said, self.field, self.details, language)

    def response(self, request_headers: Mapping[str, str] | None = None) -> JSONResponse:
        return error_response(request_headers or {}, self.status, self.code, self.said, self.field, self.details,
                              self.headers)


# A request model's validator refusing the body by the product rules (models.py): a pydantic error of this type,
# its context carrying the violations, each naming its field within the model (the error's loc).
RULES_ERROR = "rules"


def refused_by_rules(violations: Iterable[Mapping[str, Any]]) -> PydanticCustomError:
    """The error a validator raises for the rules' violations (``{"code", "message", "field"}``, first leads; each
    message as :class:`ApiError` takes one, told when the answer is written)."""
    items = tuple({"code": v["code"], "message": v["message"], "field": v.get("field")} for v in violations)
    if not items:
        raise ValueError("no violations")
    return PydanticCustomError(RULES_ERROR, "{message}", {"message": told(items[0]["message"]), "violations": items})


def _validation_items(error: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One pydantic error as the answer's items: the rules' violations keep their code, message and field."""
    field = _field_from_loc(error.get("loc", ()))
    if error.get("type") == RULES_ERROR:  # as ApiError.from_violations with the model's place as the prefix
        return [{"code": v["code"], "message": v["message"],
                 "field": ".".join(part for part in (field, v["field"]) if part) or None}
                for v in error["ctx"]["violations"]]
    code = _validation_code(str(error.get("type", "")))
    return [{"code": code, "message": message(code), "field": field}]


def _field_from_loc(loc: Sequence[Any]) -> str | None:
    """("body", "items", 0, "years") -> "items[0].years"; headers and query keep their name."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or None


_PYDANTIC_TYPES = {
    "missing": "validation.required",
    "extra_forbidden": "validation.unknown_field",
    "string_too_long": "validation.too_long",
    "too_long": "validation.too_long",
    "literal_error": "validation.choice",
    "enum": "validation.choice",
    "greater_than": "validation.out_of_range",
    "greater_than_equal": "validation.out_of_range",
    "less_than": "validation.out_of_range",
    "less_than_equal": "validation.out_of_range",
}


def _validation_code(err_type: str) -> str:
    if err_type in _PYDANTIC_TYPES:
        return _PYDANTIC_TYPES[err_type]
    if err_type.endswith("_type") or err_type.endswith("_parsing") or err_type in ("model_attributes_type",):
        return "validation.type"
    return "validation.invalid"


def validation_response(exc: RequestValidationError, headers: Mapping[str, str]) -> JSONResponse:
    """The answer to a request its models refused (``headers``: the request's)."""
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(headers, 400, "request.malformed")
    if errors and errors[0].get("type") == "model_attributes_type" and tuple(errors[0].get("loc", ())) == ("body",):
        return error_response(headers, 400, "request.malformed")
    items = [item for e in errors for item in _validation_items(e)] or [
        {"code": "validation.invalid", "message": message("validation.invalid"), "field": None}]
    first = items[0]
    return error_response(headers, 422, first["code"], first["message"], first["field"], items[1:])


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


def allowed_methods(request: Request) -> str:
    """The ``Allow`` of a 405: every method some route of the app answers on this path.

    Starlette's own names only the first route that matched the path, while a path's methods are
    often separate routes (``GET`` and ``PUT /sim/clock``; ``GET``, ``POST`` and ``DELETE /sim/faults``).
    """
    scope = request.scope
    allowed = []
    for method in METHODS:
        # As the request came in: a mount (the static files) has moved root_path on by its prefix since.
        probe = {"type": "http", "method": method, "path": scope["path"],
                 "root_path": scope.get("app_root_path", scope.get("root_path", ""))}
        for route in request.app.router.routes:
            if route.matches(probe)[0] is not Match.FULL:
                continue
            # A mount takes any method; the only one, the docs' static files, answers GET and HEAD.
            if method in ("GET", "HEAD") or not isinstance(getattr(route, "app", None), StaticFiles):
                allowed.append(method)
                break
    return ", ".join(allowed)


def install(app: FastAPI) -> None:
    """Route every failure into the one error shape."""

    async def on_api_error(request: Request, exc: ApiError) -> JSONResponse:
        return exc.response(request.headers)

    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_response(exc, request.headers)

    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        asked = request.headers
        if exc.status_code == 404:
            return error_response(asked, 404, "request.not_found", answer_headers=headers)
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
            return error_response(asked, 405, "request.method_not_allowed", answer_headers=headers)
        if exc.status_code == 400:
            return error_response(asked, 400, "request.malformed", answer_headers=headers)
        if exc.status_code >= 500:
            return error_response(asked, 503, "service.unavailable", answer_headers={"Retry-After": "1"})
        return error_response(asked, exc.status_code, "request.malformed", str(exc.detail) if exc.detail else None,
                              answer_headers=headers)

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected fault on %s %s", request.method, request.url.path)
        return error_response(request.headers, 503, "service.unavailable", answer_headers={"Retry-After": "1"})

    app.add_exception_handler(ApiError, on_api_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, on_unexpected)


def dumps(obj: Any) -> str:
    """Canonical JSON (sorted keys, no spaces): the idempotency fingerprint of a body."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
