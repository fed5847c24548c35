"""A failure becomes a message in one place, with one fallback: Japanese, never a bare code."""

from __future__ import annotations

from vb_renew.core import errors
from vb_renew.core.credentials import KEYRING_FAILED, CredentialError
from vb_renew.core.errors import FALLBACK, ApiError, UserMessage, user_message


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
