"""The account route (S3), clicked through offscreen against the real backend on loopback.

Login, ライセンス管理, the popup that picks a licence when several can be renewed, and the
saved login (「ログイン情報を保存」): in the keyring, never in a file, and a machine without a
keyring still gets in. ログアウト revokes the token on the server, not only on this PC.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from shiboken6 import isValid

from vb_renew.core import account
from vb_renew.core.api import ApiClient
from vb_renew.core.credentials import KEYRING_UNAVAILABLE
from vb_renew.core.errors import FALLBACK, ApiError
from vb_renew.rules.eligibility import LicenceState
from vb_renew.server.embedded import EmbeddedServer
from vb_renew.ui.account_route import AccountRoutePage
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import tr_text

TARO = ("taro@example.jp", "taro-pass-1234")
HANAKO = ("hanako@example.jp", "hanako-pass-5678")
CUSTOMER = {
    "family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
    "postal_code": "151-0053", "prefecture": "東京都", "city": "渋谷区代々木", "address_line": "2-1-1",
    "building": "", "phone": "03-5334-3601", "email": "taro@example.jp",
}
WAIT_MS = 10_000


# -- the backend and the page ---------------------------------------------------------------


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    """One real backend for this module; each test loads its own scenario with the clock stopped."""
    server = EmbeddedServer(tmp_path_factory.mktemp("account-route") / "backend.sqlite3", seconds_per_day=None)
    server.start()
    assert server.wait_ready(15), "embedded server did not start"
    yield server
    server.stop()


@pytest.fixture()
def load(backend: EmbeddedServer):
    """Load a scenario (a fresh world: every token issued before is gone)."""
    def loader(name: str) -> None:
        client = ApiClient(backend.url, sim_token=backend.sim_token)
        try:
            client.sim_load_scenario(name)
        finally:
            client.close()
    return loader


@pytest.fixture()
def runner(qtbot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


@pytest.fixture()
def make_page(qtbot, runner: TaskRunner, backend: EmbeddedServer):
    """A shown page on the backend; waits until it settled (saved login tried)."""
    def factory(base_url: str | None = "backend") -> AccountRoutePage:
        url = backend.url if base_url == "backend" else base_url
        page = AccountRoutePage(runner, lambda: url)
        qtbot.addWidget(page)
        page.resize(820, 520)
        page.show()
        qtbot.waitUntil(lambda: page.current_screen() != AccountRoutePage.BUSY, timeout=WAIT_MS)
        return page
    return factory


def log_in(qtbot, page: AccountRoutePage, email: str, password: str, *, save: bool = False) -> None:
    assert page.current_screen() == AccountRoutePage.LOGIN
    page.login_form.email_edit.clear()
    page.login_form.password_edit.clear()
    qtbot.keyClicks(page.login_form.email_edit, email)
    qtbot.keyClicks(page.login_form.password_edit, password)
    if save != page.login_form.save_check.isChecked():
        qtbot.mouseClick(page.login_form.save_check, Qt.MouseButton.LeftButton)
    assert page.login_form.login_button.isEnabled()
    qtbot.mouseClick(page.login_form.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.current_screen() != AccountRoutePage.BUSY, timeout=WAIT_MS)


def files_containing(folder: Path, secret: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def api_login(backend: EmbeddedServer, email: str, password: str) -> ApiClient:
    client = ApiClient(backend.url)
    client.login(email, password)
    return client


# -- logging in ---------------------------------------------------------------------------------


def test_the_login_button_waits_for_both_fields(qtbot, load, make_page) -> None:
    load("vb_cloud_in_term")
    page = make_page()
    assert page.current_screen() == AccountRoutePage.LOGIN
    assert not page.login_form.login_button.isEnabled()
    qtbot.keyClicks(page.login_form.email_edit, TARO[0])
    assert not page.login_form.login_button.isEnabled()
    qtbot.keyClicks(page.login_form.password_edit, "x")
    assert page.login_form.login_button.isEnabled()
    page.login_form.email_edit.clear()
    assert not page.login_form.login_button.isEnabled()
    for widget in (page.login_form.email_edit, page.login_form.password_edit, page.login_form.save_check, page.login_form.login_button, page.back_button):
        assert widget.objectName() and widget.accessibleName()


def test_a_wrong_password_shows_the_servers_message_and_the_product_route(qtbot, load, make_page) -> None:
    load("vb_cloud_in_term")
    page = make_page()
    log_in(qtbot, page, TARO[0], "wrong-password")
    assert page.current_screen() == AccountRoutePage.LOGIN
    assert page.login_form.login_error.isVisible()
    text = page.login_form.login_error.text()
    assert "メールアドレスまたはパスワードが正しくありません。" in text  # the server's own message
    assert "「ウイルスバスター クラウド」からアクセスしてください。" in text
    assert page.session is None
    assert page.login_form.login_button.isEnabled()  # the customer can correct and retry


def test_an_unreachable_backend_is_a_clear_message_not_a_freeze(qtbot, load, make_page) -> None:
    page = make_page("http://127.0.0.1:9")  # nothing listens on the discard port
    log_in(qtbot, page, *TARO)
    assert page.current_screen() == AccountRoutePage.LOGIN
    assert "サーバーに接続できません" in page.login_form.login_error.text()

    page_without_backend = make_page(None)
    qtbot.keyClicks(page_without_backend.login_form.email_edit, TARO[0])
    qtbot.keyClicks(page_without_backend.login_form.password_edit, TARO[1])
    qtbot.mouseClick(page_without_backend.login_form.login_button, Qt.MouseButton.LeftButton)
    assert "サーバーの準備ができていません" in page_without_backend.login_form.login_error.text()


class _UnknownErrorHandler(BaseHTTPRequestHandler):
    """A backend newer than the app: refuses with a code the app does not know, and no message."""

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"error": {"code": "auth.something_new"}}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        pass


@pytest.fixture()
def unknown_error_backend() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _UnknownErrorHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_an_unknown_error_code_is_told_in_japanese_not_shown_raw(qtbot, make_page, unknown_error_backend) -> None:
    page = make_page(unknown_error_backend)
    log_in(qtbot, page, *TARO)
    assert page.current_screen() == AccountRoutePage.LOGIN
    text = page.login_form.login_error.text()
    assert "auth.something_new" not in text
    assert tr_text(FALLBACK) in text  # the one fallback of every page
    assert "「ウイルスバスター クラウド」からアクセスしてください。" in text


def test_logging_in_lists_the_accounts_licences(qtbot, load, make_page, backend) -> None:
    load("three_serials")
    page = make_page()
    log_in(qtbot, page, *TARO)
    assert page.current_screen() == AccountRoutePage.LICENCES
    expected = api_login(backend, *TARO).licences()
    assert list(page.licence_list.cards) == [lic.serial for lic in expected]
    assert len(page.licence_list.cards) == 3
    for licence in expected:
        card = page.licence_list.cards[licence.serial]
        assert card.serial_label.text() == licence.serial
        assert card.expiry_label.text() == f"{licence.expiry:%Y/%m/%d}"
        assert card.renew_button.isEnabled()
        assert card.renew_button.text() == "今すぐ契約更新"
    expired = next(lic for lic in expected if lic.state is LicenceState.EXPIRED)  # expired 3 months: still listed
    assert page.licence_list.cards[expired.serial].state_label.text() == "有効期限切れ"
    assert TARO[0] in page.licence_list.account_label.text()
    assert page.licence_list.expired_note.isVisible() and "1年以上" in page.licence_list.expired_note.text()


def test_a_licence_expired_13_months_is_not_listed(qtbot, load, make_page) -> None:
    load("vb_cloud_expired_13_months")
    page = make_page()
    log_in(qtbot, page, *TARO)
    assert page.current_screen() == AccountRoutePage.LICENCES
    assert page.licence_list.cards == {}
    assert page.licence_list.empty_label.isVisible()
    # ... and the page says where to renew it instead.
    assert page.licence_list.expired_note.isVisible()
    assert "メイン画面から契約を更新してください" in page.licence_list.expired_note.text()


# -- 今すぐ契約更新 and the popup ------------------------------------------------------------------


def test_several_renewable_licences_ask_which_one_in_a_popup(qtbot, load, make_page) -> None:
    load("two_serials")
    page = make_page()
    log_in(qtbot, page, *TARO)
    first, second = list(page.licence_list.cards)
    with qtbot.assertNotEmitted(page.renewRequested):
        qtbot.mouseClick(page.licence_list.cards[first].renew_button, Qt.MouseButton.LeftButton)
    dialog = page.choose_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.objectName() == "chooseLicenceDialog"
    assert set(dialog.radios) == {first, second}
    assert dialog.radios[first].isChecked()  # the licence clicked is preselected

    qtbot.mouseClick(dialog.radios[second], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.renewRequested, timeout=WAIT_MS) as emitted:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    client_factory, serials = emitted.args
    assert serials == [second]
    client = client_factory()
    try:  # the factory gives a client signed in as the account
        assert isinstance(client, ApiClient)
        assert client.licence(second).serial == second
    finally:
        client.close()


def test_cancelling_the_popup_renews_nothing(qtbot, load, make_page) -> None:
    load("three_serials")
    page = make_page()
    log_in(qtbot, page, *TARO)
    serial = list(page.licence_list.cards)[2]
    qtbot.mouseClick(page.licence_list.cards[serial].renew_button, Qt.MouseButton.LeftButton)
    dialog = page.choose_dialog
    assert dialog is not None and len(dialog.radios) == 3
    with qtbot.assertNotEmitted(page.renewRequested):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible())
    assert page.current_screen() == AccountRoutePage.LICENCES
    # Asking again gives a fresh popup.
    qtbot.mouseClick(page.licence_list.cards[serial].renew_button, Qt.MouseButton.LeftButton)
    again = page.choose_dialog
    assert again is not None and again is not dialog and again.isVisible()
    with qtbot.waitSignal(page.renewRequested, timeout=WAIT_MS) as emitted:
        qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    assert emitted.args[1] == [serial]


def test_one_renewable_licence_goes_straight_on(qtbot, load, make_page) -> None:
    load("vb_cloud_in_term")
    page = make_page()
    log_in(qtbot, page, *HANAKO)
    (serial,) = page.licence_list.cards
    with qtbot.waitSignal(page.renewRequested, timeout=WAIT_MS) as emitted:
        qtbot.mouseClick(page.licence_list.cards[serial].renew_button, Qt.MouseButton.LeftButton)
    assert emitted.args[1] == [serial]
    assert page.choose_dialog is None
    assert not [w for w in page.findChildren(QDialog) if w.isVisible()]


def test_a_licence_that_cannot_be_renewed_shows_the_refusal_and_leaves_no_choice(qtbot, load, make_page,
                                                                                 backend) -> None:
    load("two_serials")
    client = api_login(backend, *TARO)
    ordered, other = [lic.serial for lic in client.licences()]
    client.create_order({"items": [{"serial": ordered, "product": "vb_cloud", "years": 1}],
                         "payment_method": "slip", "customer": CUSTOMER, "card": None}, str(uuid.uuid4()))
    assert client.licence(ordered).open_order
    page = make_page()
    log_in(qtbot, page, *TARO)
    card = page.licence_list.cards[ordered]
    assert not card.renew_button.isEnabled()
    assert card.refusal_label.isVisible() and card.refusal_label.text() == account.OPEN_ORDER.source
    # Only one licence can be renewed now: no popup.
    with qtbot.waitSignal(page.renewRequested, timeout=WAIT_MS) as emitted:
        qtbot.mouseClick(page.licence_list.cards[other].renew_button, Qt.MouseButton.LeftButton)
    assert emitted.args[1] == [other]
    assert page.choose_dialog is None


def test_back_asks_for_the_main_screen(qtbot, load, make_page) -> None:
    load("vb_cloud_in_term")
    page = make_page()
    with qtbot.waitSignal(page.backRequested, timeout=WAIT_MS):
        qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)


# -- ログイン情報を保存 ---------------------------------------------------------------------------------


def test_a_saved_login_lives_in_the_keyring_and_signs_in_without_the_password(
        qtbot, load, make_page, memory_keyring, isolated_basedir: Path) -> None:
    load("two_serials")
    page = make_page()
    log_in(qtbot, page, *TARO, save=True)
    assert page.current_screen() == AccountRoutePage.LICENCES
    token = page.session.token
    qtbot.waitUntil(lambda: account.load_saved() is not None, timeout=WAIT_MS)
    assert account.load_saved() == (TARO[0], token)
    assert token in memory_keyring.secrets[("vb-renew", account.SAVED_LOGIN_KEY)]
    assert files_containing(isolated_basedir, token) == []

    again = make_page()  # a new start of the app: no password typed
    assert again.current_screen() == AccountRoutePage.LICENCES
    assert again.session is not None and again.session.email == TARO[0]
    assert list(again.licence_list.cards) == list(page.licence_list.cards)
    assert again.login_form.password_edit.text() == ""


def test_an_expired_saved_login_falls_back_to_the_form(qtbot, load, make_page) -> None:
    load("two_serials")
    page = make_page()
    log_in(qtbot, page, *TARO, save=True)
    qtbot.waitUntil(lambda: account.load_saved() is not None, timeout=WAIT_MS)
    load("two_serials")  # a new world: the saved token no longer signs in (401)

    again = make_page()
    assert again.current_screen() == AccountRoutePage.LOGIN
    assert "もう一度ログインしてください" in again.login_form.login_error.text()
    assert again.login_form.save_check.isChecked()  # the customer's choice is kept for the next login
    assert account.load_saved() is None  # the dead token was forgotten
    log_in(qtbot, again, *TARO, save=True)
    assert again.current_screen() == AccountRoutePage.LICENCES


def test_logging_out_forgets_the_saved_login(qtbot, load, make_page) -> None:
    load("vb_cloud_in_term")
    page = make_page()
    log_in(qtbot, page, *TARO, save=True)
    qtbot.waitUntil(lambda: account.load_saved() is not None, timeout=WAIT_MS)
    qtbot.mouseClick(page.licence_list.logout_link, Qt.MouseButton.LeftButton)
    assert page.current_screen() == AccountRoutePage.LOGIN
    assert page.session is None
    qtbot.waitUntil(lambda: account.load_saved() is None, timeout=WAIT_MS)
    assert make_page().current_screen() == AccountRoutePage.LOGIN


def test_logging_out_revokes_the_token_on_the_server(qtbot, load, make_page, backend) -> None:
    load("vb_cloud_in_term")
    page = make_page()
    log_in(qtbot, page, *TARO)
    old = ApiClient(backend.url, token=page.session.token)

    def refused() -> bool:
        try:
            old.licences()
        except ApiError as error:
            return account.token_rejected(error)
        return False

    try:
        assert not refused()  # signed in: the token reads the licences
        qtbot.mouseClick(page.licence_list.logout_link, Qt.MouseButton.LeftButton)
        assert page.current_screen() == AccountRoutePage.LOGIN  # at once: the server is told on a worker
        assert page.session is None
        qtbot.waitUntil(refused, timeout=WAIT_MS)  # the old token no longer signs in
    finally:
        old.close()


def test_logging_in_without_saving_replaces_a_saved_login(qtbot, load, make_page) -> None:
    load("vb_cloud_in_term")
    account.save_token(HANAKO[0], "stale-token")
    page = make_page()  # the stale token is tried, rejected and forgotten
    assert page.current_screen() == AccountRoutePage.LOGIN
    page.login_form.save_check.setChecked(False)
    account.save_token(HANAKO[0], "another-stale-token")
    log_in(qtbot, page, *TARO, save=False)
    assert page.current_screen() == AccountRoutePage.LICENCES
    qtbot.waitUntil(lambda: account.load_saved() is None, timeout=WAIT_MS)


def test_a_machine_without_a_keyring_gets_a_message_and_still_gets_in(
        qtbot, load, make_page, isolated_basedir: Path) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse fixture restores the in-memory one
    load("two_serials")
    page = make_page()
    assert page.current_screen() == AccountRoutePage.LOGIN  # no keyring to read: just the form, no nagging
    assert not page.login_form.login_error.isVisible()
    log_in(qtbot, page, *TARO, save=True)
    assert page.current_screen() == AccountRoutePage.LICENCES
    assert len(page.licence_list.cards) == 2
    box = page.message_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.objectName() == "credentialMessage"
    assert box.text() == KEYRING_UNAVAILABLE.source
    token = page.session.token
    assert files_containing(isolated_basedir, token) == []
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not isValid(box) or not box.isVisible())
    # Logging out on such a machine is quiet too.
    qtbot.mouseClick(page.licence_list.logout_link, Qt.MouseButton.LeftButton)
    assert page.current_screen() == AccountRoutePage.LOGIN
