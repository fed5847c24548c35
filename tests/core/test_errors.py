"""A failure becomes a message in one place, with one fallback: Japanese, never a bare code; and one
classification into kinds (offline, server error, bad input, refused, other), each with its title and advice."""

from __future__ import annotations

import pytest

from vb_renew.core import errors
from vb_renew.core.credentials import KEYRING_FAILED, CredentialError
from vb_renew.core.errors import FALLBACK, ApiError, ErrorKind, FieldProblem, UserMessage, classify, user_message


def test_the_servers_own_sentence_comes_first() -> None:
    error = ApiError("order.not_found", status=404, server_message="ご指定のお申し込みが見つかりません。")
    assert user_message(error).server_message == "ご指定のお申し込みが見つかりません。"


def test_our_text_with_its_values() -> None:
    error = ApiError("server.error", status=503, text=errors.SERVER, text_values={"status": 503})
    assert user_message(error) == UserMessage(errors.SERVER, {"status": 503})
    assert user_message(CredentialError("keyring.failed", KEYRING_FAILED)) == UserMessage(KEYRING_FAILED)


def test_an_unknown_code_or_any_other_failure_gets_the_one_japanese_fallback() -> None:
    for error in (ApiError("auth.something_new", status=400), KeyError("x"), RuntimeError()):
        assert user_message(error) == UserMessage(FALLBACK)
    assert ApiError("auth.something_new", status=400).message == FALLBACK.source  # for the API's callers too
    assert "auth" not in FALLBACK.source


# -- the kinds: offline, server error, bad input, refused, anything else ------------------------------------

def _no_answer() -> ApiError:
    return ApiError("network.offline", text=errors.OFFLINE)


def test_no_answer_is_offline_and_says_what_to_check_and_who_retries() -> None:
    failure = classify(_no_answer())
    assert failure.kind is ErrorKind.OFFLINE
    assert failure.title == UserMessage(errors.TITLES[ErrorKind.OFFLINE])
    assert failure.detail is None  # the title says it: 「サーバーに接続できません」
    assert failure.retryable
    assert failure.advice() is errors.OFFLINE_ADVICE and "確認" in errors.OFFLINE_ADVICE.source
    assert failure.advice(retrying=True) is errors.OFFLINE_RETRYING and "自動的に再試行" in errors.OFFLINE_RETRYING.source


def test_a_timeout_is_offline_with_a_title_of_its_own() -> None:
    failure = classify(ApiError("network.timeout", text=errors.TIMEOUT))
    assert failure.kind is ErrorKind.OFFLINE
    assert failure.title == UserMessage(errors.TIMEOUT_TITLE)
    assert failure.message == UserMessage(errors.TIMEOUT)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_5xx_is_a_server_error_with_its_status_never_cannot_connect(status: int) -> None:
    # The backend's own body (an injected fault's sentence) or none at all: the same server error.
    for error in (ApiError("fault.injected", status=status, server_message="ただいま通信障害が発生しています。"),
                  ApiError("server.error", status=status, text=errors.SERVER, text_values={"status": status})):
        failure = classify(error)
        assert failure.kind is ErrorKind.SERVER
        assert failure.status == status
        assert failure.title == UserMessage(errors.SERVER_STATUS_TITLE, {"status": status})
        assert failure.message == UserMessage(errors.SERVER, {"status": status})
        assert failure.retryable
        assert failure.advice() is errors.SERVER_ADVICE and failure.advice(retrying=True) is errors.SERVER_RETRYING
        said = errors.SERVER_STATUS_TITLE.format(status=status) + failure.message.text.format(status=status)
        assert str(status) in said and "接続できません" not in said


def test_an_answer_that_cannot_be_read_is_a_server_error() -> None:
    unreadable = classify(ApiError("response.malformed", status=200, text=errors.MALFORMED))
    assert unreadable.kind is ErrorKind.SERVER
    assert unreadable.title == UserMessage(errors.TITLES[ErrorKind.SERVER])  # no "error 200"
    assert unreadable.detail == UserMessage(errors.MALFORMED)
    proxy_page = classify(ApiError("response.malformed", status=404, text=errors.MALFORMED))
    assert proxy_page.title == UserMessage(errors.SERVER_STATUS_TITLE, {"status": 404})


def _refused_customer() -> ApiError:
    """A 422 as the backend sends it: the first violation leads, the others are in ``details``."""
    return ApiError("customer.postal_code.invalid", status=422, server_message="郵便番号は7桁で入力してください。",
                    field="customer.postal_code",
                    details=[{"code": "customer.phone.invalid", "message": "電話番号を正しく入力してください。",
                              "field": "customer.phone"},
                             {"code": "customer.postal_code.other", "message": "二度目", "field": "customer.postal_code"}])


def test_a_422_naming_fields_is_bad_input_with_every_field() -> None:
    failure = classify(_refused_customer(), input_fields=("customer.", "card."))
    assert failure.kind is ErrorKind.INPUT
    assert failure.title == UserMessage(errors.TITLES[ErrorKind.INPUT])
    assert failure.fields == (
        FieldProblem("customer.postal_code", "郵便番号は7桁で入力してください。", "customer.postal_code.invalid"),
        FieldProblem("customer.phone", "電話番号を正しく入力してください。", "customer.phone.invalid"))
    assert failure.advice() is errors.INPUT_ADVICE and "訂正" in errors.INPUT_ADVICE.source
    assert not failure.retryable  # the same body again would be refused again


def test_a_422_about_no_field_the_user_typed_is_a_refusal() -> None:
    error = ApiError("renewal.too_early", status=422, server_message="まだ更新できません。", field="items[0]")
    assert classify(error).kind is ErrorKind.INPUT  # any field, when the caller does not say which it has
    failure = classify(error, input_fields=("customer.", "card."))
    assert failure.kind is ErrorKind.REFUSED
    assert failure.message.server_message == "まだ更新できません。"
    assert classify(error, input_fields=("items",)).kind is ErrorKind.REFUSED  # a name, not a prefix
    assert classify(ApiError("validation.too_long", status=422, server_message="入力が長すぎます。", field="email"),
                    input_fields=("email", "password")).kind is ErrorKind.INPUT


@pytest.mark.parametrize(("status", "code", "transient"), [
    (401, "auth.bad_credentials", False), (403, "sim.forbidden", False), (404, "order.not_found", False),
    (409, "order.already_open", False), (409, "idempotency.in_flight", True), (429, "auth.too_many_attempts", True),
    (422, "fault.injected", False),  # a 422 naming no field
])
def test_a_refusal_by_the_rules_is_the_servers_own_sentence(status: int, code: str, transient: bool) -> None:
    failure = classify(ApiError(code, status=status, server_message="サーバーの文。"))
    assert failure.kind is ErrorKind.REFUSED
    assert failure.title == UserMessage(errors.TITLES[ErrorKind.REFUSED])
    assert failure.message.server_message == failure.detail.server_message == "サーバーの文。"
    assert failure.advice() is None  # the sentence says what to do
    assert failure.retryable is transient  # a 429 or a request still in flight: trying again later may work


def test_anything_else_is_other_with_its_own_text_or_the_fallback() -> None:
    keyring = classify(CredentialError("keyring.failed", KEYRING_FAILED))
    assert (keyring.kind, keyring.message) == (ErrorKind.OTHER, UserMessage(KEYRING_FAILED))
    for error in (RuntimeError("disk"), ApiError("auth.something_new", status=400)):
        failure = classify(error)
        assert (failure.kind, failure.message, failure.retryable) == (ErrorKind.OTHER, UserMessage(FALLBACK), False)
        assert failure.title == UserMessage(errors.TITLES[ErrorKind.OTHER])


def test_every_kind_has_a_distinct_title_and_the_texts_are_japanese_sentences() -> None:
    titles = [errors.TITLES[kind].source for kind in ErrorKind]
    assert len(set(titles)) == len(ErrorKind)
    for text in (errors.OFFLINE_ADVICE, errors.OFFLINE_RETRYING, errors.SERVER_ADVICE, errors.SERVER_RETRYING,
                 errors.INPUT_ADVICE, errors.OFFLINE, errors.TIMEOUT, errors.SERVER, errors.MALFORMED):
        assert text.source.endswith("。")
    for title in (*titles, errors.TIMEOUT_TITLE.source, errors.SERVER_STATUS_TITLE.source):
        assert not title.endswith("。")
