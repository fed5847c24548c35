"""The account route's core (S3), in plain pytest: which licences it shows, the saved login, signing out.

Signing out runs against the real backend, in this process on loopback.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from vb_renew.core import account
from vb_renew.core.account import AccountSession
from vb_renew.core.credentials import CredentialError, CredentialStore
from vb_renew.core.data import Licence, Refusal
from vb_renew.core.errors import ApiError
from vb_renew.rules.eligibility import LicenceState

TOKEN = "tok_abcdefghijklmnopqrstuvwxyz0123456789"
SCENARIO = "vb_cloud_in_term"
TARO = ("taro@example.jp", "taro-pass-1234")  # the scenario's account


def licence(serial: str, *, renewable: bool = True, listed: bool = True, refusal: Refusal | None = None,
            state: str = "in_term", open_order: str | None = None) -> Licence:
    return Licence(serial=serial, product="vb_cloud", product_name="ウイルスバスター クラウド",
                   expiry=date(2027, 9, 26), auto_renew=False, installed=False, listed_in_account=listed,
                   state=LicenceState(state), renewable=renewable, refusal=refusal, open_order=open_order)


TOO_EARLY = Refusal("renewal.too_early", "2027/01/01から契約更新のお手続きができます。")


# -- which licences ライセンス管理 shows and offers ---------------------------------------


def test_a_licence_expired_over_a_year_is_not_listed() -> None:
    shown = account.listed([licence("A"), licence("OLD", listed=False, renewable=False, state="expired")])
    assert [lic.serial for lic in shown] == ["A"]


def test_only_listed_renewable_licences_can_be_renewed_from_the_account() -> None:
    licences = [licence("A"), licence("B", renewable=False, refusal=TOO_EARLY),
                licence("OLD", listed=False, renewable=True), licence("C", state="expired")]
    assert [lic.serial for lic in account.renewable_in_account(licences)] == ["A", "C"]


@pytest.mark.parametrize(("licences", "expected"), [
    ([], False),
    ([licence("A")], False),
    ([licence("A"), licence("B", renewable=False, refusal=TOO_EARLY)], False),
    ([licence("A"), licence("OLD", listed=False)], False),  # the unlisted one never counts
    ([licence("A"), licence("B")], True),
    ([licence("A"), licence("B"), licence("C")], True),
])
def test_the_popup_is_needed_only_when_several_licences_can_be_renewed(licences: list, expected: bool) -> None:
    assert account.needs_choice(licences) is expected


def test_a_licence_that_cannot_be_renewed_carries_the_servers_refusal() -> None:
    assert account.renew_offer(licence("A")) == (True, None)
    assert account.renew_offer(licence("B", renewable=False, refusal=TOO_EARLY)) == (False, TOO_EARLY.message)
    assert account.renew_offer(licence("C", renewable=False)) == (False, None)


def test_a_licence_whose_renewal_is_under_way_cannot_be_renewed_again() -> None:
    waiting = licence("B", open_order="ord_1")
    assert account.renew_offer(waiting) == (False, account.OPEN_ORDER)
    assert account.renewable_in_account([licence("A"), waiting]) == [licence("A")]
    assert not account.needs_choice([licence("A"), waiting])


def test_the_chosen_serial_is_what_the_wizard_gets() -> None:
    licences = [licence("A"), licence("B"), licence("X", renewable=False, refusal=TOO_EARLY)]
    assert account.serials_to_renew(licences, "B") == ["B"]
    with pytest.raises(ValueError):
        account.serials_to_renew(licences, "X")
    with pytest.raises(ValueError):
        account.serials_to_renew(licences, "NOPE")


def test_a_rejected_token_means_logging_in_again() -> None:
    assert account.token_rejected(ApiError("auth.token_expired", status=401))
    assert account.token_rejected(ApiError("auth.invalid_token", status=401))
    assert not account.token_rejected(ApiError("network.offline"))
    assert not account.token_rejected(ApiError("service.unavailable", status=503))
    assert not account.token_rejected(ValueError("x"))


def test_a_session_gives_each_worker_its_own_client_and_hides_its_token() -> None:
    session = AccountSession("http://127.0.0.1:9/", TOKEN, "a@example.jp")
    first, second = session.client(), session.client()
    try:
        assert first is not second
        assert first.token == TOKEN and first.base_url == "http://127.0.0.1:9"
    finally:
        first.close()
        second.close()
    assert TOKEN not in repr(session)


# -- the saved login: the keyring, never a file ----------------------------------------------


def test_a_saved_login_round_trips_through_the_keyring(memory_keyring, isolated_basedir: Path) -> None:
    assert account.load_saved() is None
    account.save_token("a@example.jp", TOKEN)
    assert account.load_saved() == ("a@example.jp", TOKEN)
    assert list(memory_keyring.secrets) == [("vb-renew", account.SAVED_LOGIN_KEY)]
    session = account.session_from_saved("http://127.0.0.1:9")
    assert session == AccountSession("http://127.0.0.1:9", TOKEN, "a@example.jp")
    account.forget()
    assert account.load_saved() is None
    account.forget()  # forgetting twice is fine
    assert not any(TOKEN in p.read_text(errors="ignore") for p in isolated_basedir.rglob("*") if p.is_file())


def test_saving_again_replaces_the_previous_login(memory_keyring) -> None:
    account.save_token("a@example.jp", "old-token")
    account.save_token("b@example.jp", TOKEN)
    assert account.load_saved() == ("b@example.jp", TOKEN)
    assert len(memory_keyring.secrets) == 1


@pytest.mark.parametrize("garbage", ["", "not json", "[]", '{"email": "a@example.jp"}', '{"email": 1, "token": 2}',
                                     '{"email": "a@example.jp", "token": ""}'])
def test_an_unreadable_saved_login_counts_as_none(memory_keyring, garbage: str) -> None:
    memory_keyring.secrets[("vb-renew", account.SAVED_LOGIN_KEY)] = garbage
    assert account.load_saved() is None


def test_a_machine_without_a_keyring_gets_a_credential_error_and_no_file(isolated_basedir: Path) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse fixture puts the previous keyring back
    for action in (lambda: account.save_token("a@example.jp", TOKEN), account.load_saved, account.forget,
                   lambda: account.sign_out(None)):
        with pytest.raises(CredentialError) as caught:
            action()
        assert caught.value.code == "keyring.unavailable"
        assert "キーリング" in caught.value.text.source
    assert not any(TOKEN in p.read_text(errors="ignore") for p in isolated_basedir.rglob("*") if p.is_file())


def test_an_explicit_store_is_used(memory_keyring) -> None:
    store = CredentialStore(service="vb-renew-test")
    account.save_token("a@example.jp", TOKEN, store)
    assert ("vb-renew-test", account.SAVED_LOGIN_KEY) in memory_keyring.secrets
    assert account.load_saved() is None  # the default service holds nothing
    assert account.load_saved(store) == ("a@example.jp", TOKEN)


# -- signing out: the server revokes the token, the keyring forgets it --------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from vb_renew.server.embedded import EmbeddedServer

    backend = EmbeddedServer(tmp_path_factory.mktemp("account") / "backend.sqlite3",
                             sim_token=secrets.token_urlsafe(16), scenario=SCENARIO, seconds_per_day=None)
    backend.start()
    if not backend.wait_ready(20):
        pytest.fail("the embedded backend did not start")
    yield backend
    backend.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_signing_out_revokes_the_token_and_forgets_the_saved_login(server, memory_keyring) -> None:
    session = account.log_in(server.url, *TARO)
    assert [lic.serial for lic in session.licences()]  # the token works
    account.save_token(session.email, session.token)
    other = account.log_in(server.url, *TARO)  # another sign-in of the same account, elsewhere
    assert account.sign_out(session) is True
    assert account.load_saved() is None
    with pytest.raises(ApiError) as caught:
        session.licences()
    assert account.token_rejected(caught.value)
    assert other.licences()  # only this sign-in ended


def test_a_token_the_server_no_longer_knows_is_still_forgotten(server, memory_keyring) -> None:
    account.save_token("a@example.jp", TOKEN)
    assert account.sign_out(AccountSession(server.url, TOKEN, "a@example.jp")) is False
    assert account.load_saved() is None


def test_an_unreachable_server_does_not_keep_the_saved_login(memory_keyring) -> None:
    account.save_token("a@example.jp", TOKEN)
    unreachable = AccountSession(f"http://127.0.0.1:{_free_port()}", TOKEN, "a@example.jp")
    assert account.sign_out(unreachable) is False
    assert account.load_saved() is None


def test_signing_out_without_a_session_forgets_the_saved_login(memory_keyring) -> None:
    account.save_token("a@example.jp", TOKEN)
    assert account.sign_out(None) is False
    assert account.load_saved() is None
