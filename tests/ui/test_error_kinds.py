"""A failed request is told by its kind at every entry point: no connection, a server error, bad input.

Against a real backend over HTTP on loopback: a 500 is the backend's fault injection (``/sim/faults``), offline
is a backend that is not there (stopped, or a closed port), bad input is a 422 the backend sends for what was
typed. For S2's 「今すぐ更新」, S3's login, S7's submit (and the wizard's loading) and the waiting page: the
three cases read differently; a 500 shows its status and never 「接続できません」; offline says what to check
and whether the app tries again by itself; bad input points at the fields to correct.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from wizard_driving import TIMEOUT, agree, child, choose, click, fill_customer, orders_of, type_text

from vb_renew.core import account
from vb_renew.core.api import API, ApiClient
from vb_renew.core.backend import Options, ProductBackend
from vb_renew.core.errors import ApiError, ErrorKind
from vb_renew.core.flow import Step
from vb_renew.core.pending import PendingOrders
from vb_renew.core.poller import PollPolicy
from vb_renew.core.session import ProductSession, sign_in_installed_product
from vb_renew.core.submission import Refused
from vb_renew.qa.driving import closed_port
from vb_renew.server.embedded import EmbeddedServer
from vb_renew.server.faults import FAULT_MESSAGE
from vb_renew.ui.account_route import AccountRoutePage
from vb_renew.ui.controller import AppController
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.style import STYLE_PROPERTY
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import tr_text
from vb_renew.ui.wizard import RenewalWizard

SCENARIO = "vb_cloud_in_term"
TARO = ("taro@example.jp", "taro-pass-1234")
WAIT_MS = 20_000
CANNOT_CONNECT = "接続できません"


class Backend:
    """A backend of the test's own, which the test may stop (a backend that is not there any more)."""

    def __init__(self, folder) -> None:
        self.server = EmbeddedServer(folder / "errors.sqlite3", scenario=SCENARIO, seconds_per_day=None)
        self.server.start()
        assert self.server.wait_ready(20), "the embedded backend did not start"
        self.url, self.sim_token = self.server.url, self.server.sim_token
        self.running = True
        self.sim = ApiClient(self.url, sim_token=self.sim_token)

    def fault(self, path: str, status: int, method: str | None = None) -> None:
        """Every request under ``path`` answers ``status`` (the backend's injected fault) until cleared."""
        self.sim.sim_add_fault(path=API + path, method=method, kind="status", status=status, mode="every_nth", n=1)

    def clear(self) -> None:
        self.sim.sim_clear_faults()

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.sim.close()
            self.server.stop()


@pytest.fixture
def backend(tmp_path) -> Iterator[Backend]:
    own = Backend(tmp_path)
    own.sim.sim_load_scenario(SCENARIO, customer_pays=False, seconds_per_day=None)
    yield own
    own.stop()


def session_of(backend: Backend) -> ProductSession:
    return sign_in_installed_product(backend.url, backend.sim_token)


def no_cannot_connect(*texts: str) -> bool:
    return all(CANNOT_CONNECT not in text for text in texts)


# -- the app: S1's banner, S2's 「今すぐ更新」, the waiting page ------------------------------------------------

@pytest.fixture
def app(qtbot, backend: Backend, poll_policy: PollPolicy) -> Iterator[tuple[MainWindow, AppController]]:
    window = MainWindow()
    qtbot.addWidget(window)
    controller = AppController(window, ProductBackend(Options(server_url=backend.url, sim_token=backend.sim_token)),
                               window, policy=poll_policy)
    window.resize(860, 600)
    window.show()
    controller.start()
    qtbot.waitUntil(lambda: controller.view is not None, timeout=WAIT_MS)
    yield window, controller
    controller.shutdown()


def renew_error(qtbot, window: MainWindow) -> tuple[str, str, str]:
    """Click S2's 「今すぐ更新」 and read the message box it opens: (window title, text, informative text)."""
    def shown() -> QMessageBox | None:
        return next((box for box in window.findChildren(QMessageBox, "renewErrorMessage") if box.isVisible()), None)

    window.show_account_info()
    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: shown() is not None, timeout=WAIT_MS)
    box = shown()
    said = box.windowTitle(), box.text(), box.informativeText()
    assert box.icon() is QMessageBox.Icon.Warning
    assert box.accessibleName() == box.windowTitle()
    with qtbot.waitSignal(box.finished, timeout=TIMEOUT):
        click(qtbot, child(box, QPushButton, "renewErrorMessage.ok"))
    return said


def test_s2_renew_tells_a_server_error_a_refusal_and_offline_apart(qtbot, app, backend: Backend) -> None:
    window, _controller = app

    backend.fault("/licences", 500, method="GET")
    server_error = renew_error(qtbot, window)
    assert server_error[0] == server_error[1] == "サーバーでエラーが発生しました（エラー 500）"
    assert server_error[2] == "しばらくしてからもう一度お試しください。"
    assert no_cannot_connect(*server_error)
    # S1's banner, which reads the licence again by itself, says the same kind, and that it tries again.
    banner = window.home.connection_banner
    qtbot.waitUntil(lambda: "（エラー 500）" in banner.text(), timeout=WAIT_MS)
    assert banner.text() == "サーバーでエラーが発生しました（エラー 500）。しばらくすると自動的に再試行します。"

    backend.clear()
    backend.fault("/licences", 422, method="GET")  # a refusal naming no field: the server's own sentence
    refused = renew_error(qtbot, window)
    assert refused == ("お手続きを進められません", "お手続きを進められません", FAULT_MESSAGE)

    backend.clear()
    backend.stop()
    offline = renew_error(qtbot, window)
    assert offline[0] == offline[1] == "サーバーに接続できません"
    assert offline[2] == "ネットワークの接続を確認してから、もう一度お試しください。"  # the user tries again
    qtbot.waitUntil(lambda: banner.text().startswith("サーバーに接続できません"), timeout=WAIT_MS)
    assert banner.text() == "サーバーに接続できません。ネットワークの接続を確認してください。自動的に再試行します。"
    assert len({server_error, refused, offline}) == 3


def slip_body(serial: str) -> dict[str, Any]:
    customer = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
                "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
                "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}
    return {"items": [{"serial": serial, "product": "vb_cloud", "years": 1}], "payment_method": "slip",
            "customer": customer, "card": None}


@pytest.fixture
def placed(backend: Backend) -> str:
    """A slip order placed before the app starts (the app finds it and follows it)."""
    session = session_of(backend)
    client = session.client()
    try:
        return client.create_order(slip_body(session.serial), str(uuid.uuid4())).id
    finally:
        client.close()


def test_the_waiting_page_tells_a_server_error_a_refusal_and_offline_apart(qtbot, placed: str, app,
                                                                            backend: Backend) -> None:
    window, controller = app
    home = window.home
    qtbot.waitUntil(lambda: bool(home.order_links), timeout=WAIT_MS)
    click(qtbot, home.order_links[0])
    page = controller.waiting[placed]
    watcher = controller.tracker.watcher(placed)
    qtbot.waitUntil(lambda: watcher.requests_made >= 1, timeout=WAIT_MS)
    banner = page.offline_banner

    def seen(fault: Callable[[], None]) -> tuple[str, str]:
        qtbot.waitUntil(lambda: not page.offline, timeout=WAIT_MS)
        fault()
        backend.sim.sim_advance(to_next_event=True)  # ends the held long poll; the next request meets the fault
        qtbot.waitUntil(lambda: page.offline, timeout=WAIT_MS)
        assert controller.tracker.polling(placed)  # it keeps asking by itself
        return banner.text(), banner.property(STYLE_PROPERTY)

    server_error = seen(lambda: backend.fault("/orders", 500))
    assert server_error == ("サーバーでエラーが発生しました（エラー 500）。しばらくすると自動的に再試行します。", "note")
    backend.clear()

    refused = seen(lambda: backend.fault("/orders", 422))
    assert refused == (FAULT_MESSAGE, "errorPanel")
    backend.clear()

    qtbot.waitUntil(lambda: not page.offline, timeout=WAIT_MS)
    backend.stop()
    qtbot.waitUntil(lambda: page.offline, timeout=WAIT_MS)
    offline = banner.text(), banner.property(STYLE_PROPERTY)
    assert offline == ("サーバーに接続できません。ネットワークの接続を確認してください。自動的に再試行します。", "offline")
    assert no_cannot_connect(server_error[0], refused[0])


# -- S3: the account route's login ------------------------------------------------------------------------

@pytest.fixture
def runner(qtbot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


@pytest.fixture
def login_page(qtbot, runner: TaskRunner) -> Callable[[str], AccountRoutePage]:
    def make(url: str) -> AccountRoutePage:
        page = AccountRoutePage(runner, lambda: url)
        qtbot.addWidget(page)
        page.resize(820, 560)
        page.show()
        qtbot.waitUntil(lambda: page.current_screen() != AccountRoutePage.BUSY, timeout=WAIT_MS)
        return page
    return make


def log_in(qtbot, page: AccountRoutePage, email: str, password: str) -> str:
    form = page.login_form
    form.email_edit.clear()
    form.password_edit.clear()
    qtbot.keyClicks(form.email_edit, email)
    qtbot.keyClicks(form.password_edit, password)
    click(qtbot, form.login_button)
    qtbot.waitUntil(lambda: page.current_screen() != AccountRoutePage.BUSY, timeout=WAIT_MS)
    assert page.current_screen() == AccountRoutePage.LOGIN and form.login_error.isVisible()
    return form.login_error.text()


def test_s3_login_tells_offline_a_server_error_and_bad_input_apart(qtbot, login_page, backend: Backend) -> None:
    product_route = tr_text(account.USE_PRODUCT_ROUTE)

    nowhere = login_page(f"http://127.0.0.1:{closed_port()}")  # held: its keys' filter lives with it
    offline = log_in(qtbot, nowhere, *TARO)
    assert offline == "サーバーに接続できません。ネットワークの接続を確認してから、もう一度お試しください。"

    page = login_page(backend.url)
    form = page.login_form
    backend.fault("/auth/login", 500, method="POST")
    server_error = log_in(qtbot, page, *TARO)
    assert server_error == "サーバーでエラーが発生しました（エラー 500）。しばらくしてからもう一度お試しください。"
    assert product_route not in server_error  # the product's route meets the same server
    backend.clear()

    # An e-mail address longer than the backend takes: its 422 names the field, which is marked and focused.
    bad_input = log_in(qtbot, page, "taro" * 70 + "@example.jp", TARO[1])
    assert bad_input.splitlines() == ["入力内容に誤りがあります", "メールアドレス：入力が長すぎます。",
                                      "エラーのある項目を訂正してから、もう一度お試しください。"]
    assert form.email_edit.property(STYLE_PROPERTY) == "field.error"
    assert form.password_edit.property(STYLE_PROPERTY) == "field"
    assert QApplication.focusWidget() is form.email_edit
    qtbot.keyClicks(form.email_edit, "x")  # corrected: no longer marked
    assert form.email_edit.property(STYLE_PROPERTY) == "field"

    refused = log_in(qtbot, page, TARO[0], "wrong-password")
    assert refused == f"メールアドレスまたはパスワードが正しくありません。\n{product_route}"
    assert len({offline, server_error, bad_input, refused}) == 4
    assert no_cannot_connect(server_error, bad_input, refused)


# -- the wizard: loading S4/S5, S7's submit, a refused field on S6 -----------------------------------------

@pytest.fixture
def make_wizard(qtbot, tmp_path) -> Iterator[Callable[..., RenewalWizard]]:
    runners: list[TaskRunner] = []
    wizards: list[RenewalWizard] = []

    def make(session: ProductSession, *, loaded: bool = True) -> RenewalWizard:
        runner = TaskRunner()
        runners.append(runner)
        wizard = RenewalWizard(runner, PendingOrders(tmp_path / "pending"))
        wizards.append(wizard)
        wizard.submit_backoff = replace(wizard.submit_backoff, base=0.05, cap=0.05, floor=0.05)
        qtbot.addWidget(wizard)
        wizard.resize(820, 560)
        wizard.show()
        qtbot.waitExposed(wizard)
        wizard.start(session.client, [session.serial], session.email)
        if loaded:
            qtbot.waitUntil(lambda: wizard.current_step() is not None, timeout=WAIT_MS)
        return wizard

    yield make
    for runner in runners:
        runner.shutdown()


def to_confirm(qtbot, wizard: RenewalWizard, session: ProductSession) -> None:
    choose(qtbot, wizard, session.serial, "vb_cloud", 1)
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    click(qtbot, wizard.payment_page.next_button)
    assert wizard.current_step() is Step.CONFIRM


def submit_failure(qtbot, wizard: RenewalWizard) -> tuple[str, str]:
    """Click S7's submit and wait for its error panel: (heading, text)."""
    page = wizard.confirm_page
    click(qtbot, page.next_button)
    qtbot.waitUntil(lambda: page.error_panel.isVisible() and not wizard.order_sender.busy, timeout=WAIT_MS)
    return page.error_panel.title.text(), page.error.text()


def test_s7_submit_tells_a_server_error_from_offline_each_with_retry(qtbot, make_wizard, backend: Backend) -> None:
    session = session_of(backend)
    wizard = make_wizard(session)
    to_confirm(qtbot, wizard, session)
    page = wizard.confirm_page

    backend.fault("/orders", 500, method="POST")
    title, text = submit_failure(qtbot, wizard)
    assert title == "サーバーでエラーが発生しました（エラー 500）"
    assert text.splitlines() == [
        "お申し込みを送信できませんでした。しばらくしてからもう一度お試しください。",
        "［再試行］をクリックすると、同じお申し込みをもう一度送信します（二重に申し込まれることはありません）。"]
    assert page.error_panel.kind is ErrorKind.SERVER
    assert page.retry_button.isVisible()
    assert no_cannot_connect(title, text)
    server_error = title, text

    backend.clear()
    backend.stop()
    click(qtbot, page.retry_button)  # the same application again: the backend is not there any more
    qtbot.waitUntil(lambda: page.error_panel.title.text() != server_error[0] and not wizard.order_sender.busy,
                    timeout=WAIT_MS)
    offline = page.error_panel.title.text(), page.error.text()
    assert offline[0] == "サーバーに接続できません"
    assert offline[1].startswith("お申し込みを送信できませんでした。ネットワークの接続を確認してから、もう一度お試しください。")
    assert page.error_panel.kind is ErrorKind.OFFLINE
    assert page.retry_button.isVisible()
    assert offline != server_error


def test_s7_a_card_the_server_refuses_is_bad_input_at_its_field_without_retry(qtbot, make_wizard,
                                                                             backend: Backend) -> None:
    session = session_of(backend)
    wizard = make_wizard(session)
    choose(qtbot, wizard, session.serial, "ts_premium", 1)  # an upgrade: paid by card
    page = wizard.card_page
    form = page.card_form
    type_text(qtbot, form.inputs["number"], "4000 0000 0000 0002")  # the backend's declined test card
    for field, presses in (("expiry_month", 3), ("expiry_year", 2)):
        combo = form.inputs[field]
        combo.setFocus()
        for _ in range(presses):
            qtbot.keyClick(combo, Qt.Key.Key_Down)
    type_text(qtbot, form.inputs["security_code"], "123")
    type_text(qtbot, form.inputs["holder"], "taro yamada")
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    click(qtbot, page.next_button)
    click(qtbot, wizard.confirm_page.next_button)

    qtbot.waitUntil(lambda: wizard.current_step() is Step.CARD, timeout=WAIT_MS)  # back where it is corrected
    assert page.server_error_panel.isVisible()
    assert page.server_error_panel.kind is ErrorKind.INPUT
    assert page.server_error_panel.title.text() == "入力内容に誤りがあります"
    assert page.server_error.text() == "エラーのある項目を訂正してから、もう一度お試しください。"
    assert form.visible_errors() == {"number": "このクレジットカードはご利用いただけませんでした。"}
    assert QApplication.focusWidget() is form.inputs["number"]
    assert not wizard.confirm_page.retry_button.isVisible()
    assert orders_of(session) == []


def test_s6_every_field_of_a_real_422_is_marked(qtbot, make_wizard, backend: Backend) -> None:
    """The backend's 422 for a customer lists every field it refuses: each at its field on S6."""
    session = session_of(backend)
    client = session.client()
    body = slip_body(session.serial)
    body["customer"].update(postal_code="12", phone="x")
    with pytest.raises(ApiError) as refused:
        client.create_order(body, str(uuid.uuid4()))
    client.close()
    assert refused.value.status == 422 and refused.value.details  # more than one field
    wizard = make_wizard(session)
    to_confirm(qtbot, wizard, session)

    wizard.order_sender.failed.emit(Refused(refused.value))  # as the sender reports the backend's refusal

    page = wizard.payment_page
    assert wizard.current_step() is Step.PAYMENT
    errors = page.customer_form.visible_errors()
    assert set(errors) == {"postal_code", "phone"}
    assert page.server_error_panel.title.text() == "入力内容に誤りがあります"
    assert QApplication.focusWidget() is page.customer_form.inputs[refused.value.field.removeprefix("customer.")]


def test_loading_the_wizard_tells_a_server_error_from_offline(qtbot, make_wizard, backend: Backend) -> None:
    session = session_of(backend)
    backend.fault("/renewal-options", 500, method="POST")
    wizard = make_wizard(session, loaded=False)
    state = wizard.state_page
    qtbot.waitUntil(lambda: state.error_panel.isVisible(), timeout=WAIT_MS)
    assert state.error_panel.title.text() == "サーバーでエラーが発生しました（エラー 500）"
    assert state.error_panel.text.text() == "契約更新の内容を読み込めませんでした。しばらくしてからもう一度お試しください。"
    assert state.retry_button.isVisible()

    backend.clear()
    backend.fault("/renewal-options", 404, method="POST")  # refused: trying again would not help
    click(qtbot, state.retry_button)
    qtbot.waitUntil(lambda: state.error_panel.isVisible() and state.error_panel.kind is ErrorKind.REFUSED,
                    timeout=WAIT_MS)
    assert state.error_panel.title.text() == "お手続きを進められません"
    assert not state.retry_button.isVisible()

    backend.clear()
    backend.stop()
    wizard.start(session.client, [session.serial], session.email)
    qtbot.waitUntil(lambda: state.error_panel.isVisible() and state.error_panel.kind is ErrorKind.OFFLINE,
                    timeout=WAIT_MS)
    assert state.error_panel.title.text() == "サーバーに接続できません"
    assert "ネットワークの接続を確認" in state.error_panel.text.text()
    assert state.retry_button.isVisible()


def test_the_backend_answers_a_500_not_a_lost_connection(backend: Backend) -> None:
    """The fault the tests above use is a real HTTP 500 over the wire (not a dropped connection)."""
    backend.fault("/health", 500)
    answer = requests.get(f"{backend.url}{API}/health", timeout=5)
    assert answer.status_code == 500 and answer.json()["error"]["code"] == "fault.injected"
