"""What ``/openapi.json`` says beyond what FastAPI infers from the handlers (docs/api.md).

FastAPI documents bodies, parameters and the success answer. This module adds the rest,
so that a client (or schemathesis) can rely on the document alone:

- every error answer of every operation, by status, with the error body and the codes it
  may carry (:func:`refusals`, built from the groups below);
- the headers the service sends (``ETag``, ``X-Poll-After``, ``Location``,
  ``Idempotent-Replayed``, ``Retry-After``, ``WWW-Authenticate``, ``Content-Language``) on the
  answers that send them;
- the ``Idempotency-Key`` request header of ``POST /orders``, documented as required while
  the handler reads it itself (its absence is ``400 idempotency.key_missing``, not a 422);
- the ``Accept-Language`` request header every operation reads (the language of its messages).

:func:`install` finishes the document FastAPI builds: each error answer's body schema gets the
codes it may carry (so a checker holds real answers to them), and what FastAPI adds on its own
and the service never answers goes: a 422 ``HTTPValidationError`` on operations whose input
cannot be invalid (a path parameter that is any string), in a shape the service does not use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI

from vb_renew.server.models import ErrorOut

# --- headers -----------------------------------------------------------------------------------------


def header(description: str, schema: dict[str, Any], *, required: bool = False) -> dict[str, Any]:
    return {"description": description, "required": required, "schema": schema}


SECONDS = {"type": "integer", "minimum": 0}
ETAG = header('The order\'s version as a strong entity tag, e.g. `"3"`; send it back in `If-None-Match`.',
              {"type": "string", "pattern": r'^"[0-9]+"$'}, required=True)
X_POLL_AFTER = header("Seconds before the client should ask for this order again (1 to 60; 60 once it is closed).",
                      {"type": "integer", "minimum": 1, "maximum": 60}, required=True)
CACHE_CONTROL = header("`no-cache`: an order is always revalidated (with `If-None-Match`).",
                       {"type": "string", "enum": ["no-cache"]}, required=True)
LOCATION = header("The new order's URL (`/api/v1/orders/{order_id}`; a tester's world on a shared server: under its "
                  "`/w/{world_id}`).", {"type": "string", "pattern": "^(/w/[^/]+)?/api/v1/orders/[^/]+$"},
                  required=True)
IDEMPOTENT_REPLAYED = header("`true` when this is the stored answer to an earlier request with the same "
                             "`Idempotency-Key` and body (nothing was created again).",
                             {"type": "string", "enum": ["true"]})
RETRY_AFTER = header("Seconds to wait before trying again: always with `service.unavailable`, "
                     "`idempotency.in_flight` and `auth.too_many_attempts`; with `fault.injected` when the fault "
                     "sets one.", SECONDS)
WWW_AUTHENTICATE = header('`Bearer` (no token), or `Bearer error="invalid_token"` (an unknown or expired one).',
                          {"type": "string", "pattern": "^Bearer"})
CONTENT_LANGUAGE = header("The language of the answer's messages: `ja` (the default) or `en`, as the request's "
                          "`Accept-Language` asked.", {"type": "string", "enum": ["ja", "en"]}, required=True)

ORDER_HEADERS = {"ETag": ETAG, "X-Poll-After": X_POLL_AFTER, "Cache-Control": CACHE_CONTROL}
LANGUAGE_HEADERS = {"Content-Language": CONTENT_LANGUAGE}
CREATED_HEADERS = {"Location": LOCATION, **ORDER_HEADERS, "Idempotent-Replayed": IDEMPOTENT_REPLAYED}

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": True,
    "description": "The client's key for this order (a UUID): the same key and body replay the first answer "
                   "(`Idempotent-Replayed: true`), the same key with another body is `422 idempotency.key_reused`, "
                   "the same key still in flight is `409 idempotency.in_flight`; a missing or malformed key is "
                   "`400 idempotency.key_missing`. Printable ASCII, no surrounding spaces, at most 255 characters.",
    # Visible ASCII at both ends: a header's surrounding spaces never reach the server.
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]([ -~]*[!-~])?$"},
}

ACCEPT_LANGUAGE = {
    "name": "Accept-Language", "in": "header", "required": False,
    "description": "The language of the answer's messages (an error's, a licence's refusal) and of the mails of an "
                   "order it places: `en` (or `en-US`...) for English, anything else or nothing for Japanese "
                   "(RFC 9110 weights: `en;q=0.8, ja;q=0.9` is Japanese). `Content-Language` names the one chosen.",
    "schema": {"type": "string"},
}

# --- error answers -----------------------------------------------------------------------------------

Refusals = Mapping[int, Sequence[str]]

VALIDATION = ("validation.required", "validation.type", "validation.too_long", "validation.out_of_range",
              "validation.choice", "validation.invalid")
# Every operation may fail unexpectedly; never a 500.
ANY: Refusals = {503: ("service.unavailable",)}
# QA fault injection (/sim/faults) answers any path outside /sim with the status it is given; the
# client is built for these two.
FAULTS: Refusals = {429: ("fault.injected",), 503: ("fault.injected",)}
BEARER: Refusals = {401: ("auth.required", "auth.invalid_token", "auth.token_expired")}
# Too many failed logins of the account or from the client's address, within the window.
LOGIN_LIMITS: Refusals = {429: ("auth.too_many_attempts",)}
SIM: Refusals = {403: ("sim.disabled", "sim.forbidden")}
JSON_BODY: Refusals = {400: ("request.malformed",), 422: VALIDATION}
QUERY: Refusals = {422: VALIDATION}
# A path parameter holding a "/" (sent as %2F) makes a path no route has.
PATH: Refusals = {404: ("request.not_found",)}

DESCRIPTIONS = {400: "Bad request", 401: "Not signed in", 403: "Forbidden", 404: "Not found", 409: "Conflict",
                422: "Invalid input", 429: "Too many requests", 503: "Service unavailable"}
ERROR_HEADERS = {401: {"WWW-Authenticate": WWW_AUTHENTICATE}, 409: {"Retry-After": RETRY_AFTER},
                 429: {"Retry-After": RETRY_AFTER}, 503: {"Retry-After": RETRY_AFTER}}
# Where refusals() leaves an answer's codes for install() to put in its schema (then removed).
CODES_KEY = "x-vb-renew-error-codes"


def refusals(*groups: Refusals) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of an operation: each status its groups name, with the error body and its codes.

    A code ``family.*`` stands for every code of that family (``customer.*``: the rules name the
    field and the problem, e.g. ``customer.postal_code.format``).
    """
    merged: dict[int, list[str]] = {}
    for group in (*groups, ANY):
        for status, codes in group.items():
            known = merged.setdefault(status, [])
            known.extend(code for code in codes if code not in known)
    answers: dict[int | str, dict[str, Any]] = {}
    for status in sorted(merged):
        codes = merged[status]
        listed = ", ".join(f"`{code}`" for code in codes)
        answer: dict[str, Any] = {"model": ErrorOut, "description": f"{DESCRIPTIONS[status]}: {listed}",
                                  CODES_KEY: codes}
        answer["headers"] = {**ERROR_HEADERS.get(status, {}), **LANGUAGE_HEADERS}
        answers[status] = answer
    return answers


def code_schema(codes: Sequence[str]) -> dict[str, Any]:
    """The schema of ``error.code`` for these codes: an enum, and a prefix for each ``family.*``."""
    exact = {"type": "string", "enum": [code for code in codes if not code.endswith(".*")]}
    families = [code.removesuffix(".*") for code in codes if code.endswith(".*")]
    if not families:
        return exact
    prefix = "|".join(re.escape(family) for family in families)
    return {"anyOf": [exact, {"type": "string", "pattern": f"^(?:{prefix})\\.[a-z0-9_.]+$"}]}


def with_headers(status: int, headers: Mapping[str, dict[str, Any]], *,
                 description: str | None = None) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entry adding headers (and a description) to a success answer."""
    answer: dict[str, Any] = {"headers": dict(headers)}
    if description:
        answer["description"] = description
    return {status: answer}


# --- the document ------------------------------------------------------------------------------------


def _finish(document: dict[str, Any]) -> dict[str, Any]:
    """Each error answer's schema names its codes, each operation its ``Accept-Language``; FastAPI's own 422 answers
    (and their schemas) go.

    An operation that can answer 422 names ours (refusals); FastAPI adds its ``HTTPValidationError``
    to the others, e.g. those whose only input is a path parameter (any string).
    """
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            parameters = operation.setdefault("parameters", [])
            if ACCEPT_LANGUAGE not in parameters:
                parameters.append(ACCEPT_LANGUAGE)
            answers = operation.get("responses", {})
            if "HTTPValidationError" in str(answers.get("422", "")):
                del answers["422"]
            for answer in answers.values():
                codes = answer.pop(CODES_KEY, None)
                if codes is not None:
                    body = answer["content"]["application/json"]
                    body["schema"] = {"allOf": [body["schema"], {"type": "object", "properties": {
                        "error": {"type": "object", "properties": {"code": code_schema(codes)}}}}]}
    schemas = document.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    return document


def install(app: FastAPI) -> None:
    """Serve the finished document (FastAPI builds it once and caches it; finishing it again changes nothing)."""
    build = app.openapi

    def document() -> dict[str, Any]:
        return _finish(build())

    app.openapi = document  # type: ignore[method-assign]
