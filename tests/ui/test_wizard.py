"""The renewal wizard (S4–S9) against the real embedded backend over HTTP on loopback.

Each test shows the wizard first, types into the real fields, checks that the main
button follows the page's completeness, clicks through, and asserts on what the
backend stored (``GET /orders``), not on widgets alone. Waits are on conditions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
import requests
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget
from wizard_driving import (
    TIMEOUT,
    agree,
    assert_automation_names,
    child,
    choose,
    click,
    erase,
    fill_customer,
    orders_of,
    serials_of,
    submit_and_finish,
    submit_and_finish_clicked,
    type_text,
)

from vb_renew.core.api import API, ApiClient
from vb_renew.core.errors import ApiError
from vb_renew.core.flow import Step
from vb_renew.core.pending import PendingOrders
from vb_renew.core.session import ProductSession
from vb_renew.rules.customer import LABELS
from vb_renew.rules.payment import PaymentMethod
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import tr_text
from vb_renew.ui.wizard import RenewalWizard
from vb_renew.ui.wizard import wizard as wizard_module


@pytest.fixture
def pending(tmp_path) -> PendingOrders:
    return PendingOrders(tmp_path / "pending")


@pytest.fixture
def make_wizard(qtbot, pending: PendingOrders) -> Iterator[Callable[..., RenewalWizard]]:
    runners: list[TaskRunner] = []
    wizards: list[RenewalWizard] = []  # alive until the runners stopped, as the main window keeps it

    def make(session: ProductSession, serials: list[str] | None = None) -> RenewalWizard:
        runner = TaskRunner()
        runners.append(runner)
        wizard = RenewalWizard(runner, pending)
        wizards.append(wizard)
        wizard.submit_backoff = replace(wizard.submit_backoff, base=0.05, cap=0.2, floor=0.05)  # the app's, quicker
        qtbot.addWidget(wizard)
        wizard.resize(820, 560)
        wizard.show()
        qtbot.waitExposed(wizard)
        assert wizard.current_step() is None  # nothing shown before start
        wizard.start(session.client, serials if serials is not None else serials_of(session), session.email)
        qtbot.waitUntil(lambda: wizard.current_step() is not None, timeout=TIMEOUT)
        return wizard

    yield make
    for runner in runners:
        runner.shutdown()


# -- S5 → S9, slip ------------------------------------------------------------------------


def test_slip_renewal_from_product_to_completion(qtbot, make_wizard, product_session, pending) -> None:
    session = product_session
    wizard = make_wizard(session)
    serial = session.serial
    # One serial: S4 is skipped [seed].
    assert wizard.current_step() is Step.PRODUCT
    assert wizard.indicator.steps == [Step.PRODUCT, Step.PAYMENT, Step.CONFIRM, Step.COMPLETE]
    assert not wizard.back_button.isVisible()
    section = child(wizard.product_page, QWidget, f"productPage.section.{serial}")
    current = child(section, QPushButton, "productPage.years2.vb_cloud")
    assert current.text() == "この製品で契約更新する"
    assert child(section, QPushButton, "productPage.years2.ts_premium").text() == "お申し込みはこちら"
    assert child(section, QLabel, "productPage.price2.vb_cloud").text() == "9,570円（税込）"
    assert wizard.product_page.upgrade_note.text() == "Web からアップグレードする場合はクレジットカード決済での契約更新となります。"

    choose(qtbot, wizard, serial, "vb_cloud", 2)
    assert wizard.current_step() is Step.PAYMENT
    page = wizard.payment_page
    assert page.methods.buttons[PaymentMethod.SLIP].isChecked()
    assert not page.methods.buttons[PaymentMethod.CREDIT_CARD].isEnabled()
    assert page.customer_form.value("email") == session.email  # pre-filled from the session
    assert "トレンドマイクロ" in page.customer_form.company_hint.text()
    assert "使用許諾契約書" in page.agreement.text.toPlainText()
    # Hiragana furigana and full-width digits are accepted and normalised.
    fill_customer(qtbot, wizard, {"family_kana": "やまだ", "phone": "０３１２３４５６７８"})
    agree(qtbot, wizard)
    assert page.next_button.isEnabled()
    assert page.next_button.text() == "同意して、お申し込み内容を確認する"

    click(qtbot, page.next_button)
    assert wizard.current_step() is Step.CONFIRM
    confirm = wizard.confirm_page
    assert confirm.method.text() == "振込用紙"
    assert confirm.address.text().startswith("〒160-0023 東京都新宿区西新宿6-10-1")
    assert confirm.next_button.text() == "同意して、お申し込み内容を完了する"
    assert "個人情報" in confirm.privacy.toPlainText()
    assert orders_of(session) == []
    assert_automation_names(wizard)

    order = submit_and_finish(qtbot, wizard)
    complete = wizard.complete_page
    assert complete.order_number.text() == order.number
    assert "1 ~ 2 週間ほど" in complete.slip.text()
    assert complete.slip.isVisible() and complete.faster.isVisible()
    assert not wizard.cancel_link.isVisible() and not wizard.back_button.isVisible()

    stored = orders_of(session)
    assert len(stored) == 1
    assert stored[0].id == order.id
    assert stored[0].payment_method is PaymentMethod.SLIP
    assert [(i.serial, i.product, i.years, i.price) for i in stored[0].items] == [(serial, "vb_cloud", 2, 9570)]
    customer = stored[0].customer
    assert customer is not None
    assert customer.family_name == "山田" and customer.given_name == "太郎"
    assert customer.family_kana == "ヤマダ"  # hiragana folded to katakana
    assert customer.phone == "03-1234-5678"  # full width folded, hyphenated
    assert customer.postal_code == "160-0023"
    assert (customer.prefecture, customer.city) == ("東京都", "新宿区西新宿")
    assert customer.email == session.email
    assert not pending.path.exists()  # cleared once the server answered

    with qtbot.waitSignal(wizard.finished, timeout=TIMEOUT):
        click(qtbot, complete.next_button)
    assert complete.next_button.text() == "メイン画面に戻る"


def test_back_keeps_the_choice_and_cancel_leaves(qtbot, make_wizard, product_session) -> None:
    wizard = make_wizard(product_session)
    choose(qtbot, wizard, product_session.serial, "vb_cloud", 3)
    assert wizard.current_step() is Step.PAYMENT
    click(qtbot, wizard.back_button)
    assert wizard.current_step() is Step.PRODUCT
    section = child(wizard.product_page, QWidget, f"productPage.section.{product_session.serial}")
    assert child(section, QPushButton, "productPage.years3.vb_cloud").isChecked()
    with qtbot.waitSignal(wizard.cancelled, timeout=TIMEOUT):
        click(qtbot, wizard.cancel_link)
    assert orders_of(product_session) == []


# -- S4: bulk renewal ------------------------------------------------------------------------


def test_bulk_renewal_of_two_serials(qtbot, make_wizard, signed_in) -> None:
    session = signed_in("two_serials")
    serials = serials_of(session)
    assert len(serials) == 2
    wizard = make_wizard(session, serials)
    assert wizard.current_step() is Step.SERIALS
    for serial in serials:
        assert child(wizard.serials_page, QPushButton, f"serialsPage.renew.{serial}").text() == "契約更新を申し込む"
    click(qtbot, child(wizard.serials_page, QPushButton, "serialsPage.renewAllButton"))
    assert wizard.current_step() is Step.PRODUCT
    assert set(wizard.product_page.sections) == set(serials)
    choose(qtbot, wizard, serials[0], "vb_cloud", 1)
    assert wizard.current_step() is Step.PRODUCT  # one serial still to choose
    assert "1件" in wizard.product_page.status.text()
    choose(qtbot, wizard, serials[1], "vb_cloud", 3)
    assert wizard.current_step() is Step.PAYMENT
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    click(qtbot, wizard.payment_page.next_button)
    order = submit_and_finish(qtbot, wizard)

    stored = orders_of(session)
    assert len(stored) == 1 and stored[0].id == order.id
    assert sorted((i.serial, i.years) for i in stored[0].items) == sorted([(serials[0], 1), (serials[1], 3)])
    assert stored[0].total == 5280 + 12320


def test_one_serial_of_three_goes_alone(qtbot, make_wizard, signed_in) -> None:
    session = signed_in("three_serials")
    serials = serials_of(session)
    wizard = make_wizard(session, serials)
    assert wizard.current_step() is Step.SERIALS
    click(qtbot, child(wizard.serials_page, QPushButton, f"serialsPage.renew.{serials[1]}"))
    assert list(wizard.product_page.sections) == [serials[1]]
    click(qtbot, wizard.back_button)
    assert wizard.current_step() is Step.SERIALS


def test_a_serial_that_cannot_be_renewed_shows_why(qtbot, make_wizard, signed_in) -> None:
    session = signed_in("vb_cloud_expired_25_months")
    wizard = make_wizard(session, [session.serial])
    assert wizard.current_step() is Step.SERIALS
    refusal = child(wizard.serials_page, QLabel, f"serialsPage.refusal.{session.serial}")
    assert "2年" in refusal.text()
    assert wizard.serials_page.findChild(QPushButton, f"serialsPage.renew.{session.serial}") is None


# -- upgrade, paid by the simulated card ---------------------------------------------------------


def stored_json(session: ProductSession) -> str:
    """``GET /orders`` as the backend answers it: every field, also those the client does not read."""
    answer = requests.get(f"{session.base_url}{API}/orders", headers={"Authorization": f"Bearer {session.token}"},
                          timeout=10)
    answer.raise_for_status()
    return answer.text


def fill_card(qtbot, wizard: RenewalWizard, number: str) -> None:
    form = wizard.card_page.card_form
    type_text(qtbot, form.inputs["number"], number)
    for field, presses in (("expiry_month", 3), ("expiry_year", 2)):
        combo = form.inputs[field]
        combo.setFocus()
        for _ in range(presses):
            qtbot.keyClick(combo, Qt.Key.Key_Down)
    type_text(qtbot, form.inputs["security_code"], "123")
    type_text(qtbot, form.inputs["holder"], "taro yamada")


def start_upgrade(qtbot, make_wizard, session: ProductSession) -> RenewalWizard:
    wizard = make_wizard(session)
    choose(qtbot, wizard, session.serial, "ts_premium", 1)
    assert wizard.current_step() is Step.CARD
    assert wizard.indicator.steps == [Step.PRODUCT, Step.CARD, Step.CONFIRM, Step.COMPLETE]
    page = wizard.card_page
    assert page.methods.buttons[PaymentMethod.CREDIT_CARD].isChecked()
    assert not page.methods.buttons[PaymentMethod.SLIP].isEnabled()
    note = child(page, QLabel, "cardPage.simNote").text()
    assert "4242 4242 4242 4242" in note and "4000 0000 0000 0002" in note and "4000 0000 0000 0127" in note
    return wizard


def test_upgrade_paid_by_test_card(qtbot, make_wizard, product_session, pending) -> None:
    session = product_session
    wizard = start_upgrade(qtbot, make_wizard, session)
    page = wizard.card_page
    fill_card(qtbot, wizard, "4242 4242 4242 4241")  # a typo: the Luhn check fails
    assert "カード番号" in page.card_form.visible_errors()["number"]
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    assert not page.next_button.isEnabled()
    qtbot.keyClick(page.card_form.inputs["number"], Qt.Key.Key_Backspace)
    type_text(qtbot, page.card_form.inputs["number"], "2")
    assert page.card_form.visible_errors() == {}
    assert page.next_button.isEnabled()
    click(qtbot, page.next_button)
    assert wizard.confirm_page.method.text() == "クレジットカード"
    assert wizard.confirm_page.card.text().startswith("****4242")
    order = submit_and_finish(qtbot, wizard)
    assert wizard.complete_page.card_done.isVisible() and not wizard.complete_page.slip.isVisible()

    stored = orders_of(session)
    assert len(stored) == 1 and stored[0].id == order.id
    assert stored[0].payment_method is PaymentMethod.CREDIT_CARD
    assert stored[0].card_last4 == "4242"
    assert [(i.product, i.upgrade) for i in stored[0].items] == [("ts_premium", True)]
    assert "4242424242424242" not in stored_json(session)  # in no field, read by the client or not
    assert page.card_form.value("number") == ""  # not kept on screen either
    assert_automation_names(wizard)
    assert not pending.path.exists()  # a card order is never written to disk


@pytest.mark.parametrize(("number", "field", "message"), [
    ("4000 0000 0000 0002", "number", "このクレジットカードはご利用いただけませんでした。"),
    ("4000 0000 0000 0127", "security_code", "セキュリティコードが正しくありません。"),
])
def test_refused_test_card_shows_the_message_at_its_field(qtbot, make_wizard, product_session, number, field,
                                                          message) -> None:
    session = product_session
    wizard = start_upgrade(qtbot, make_wizard, session)
    page = wizard.card_page
    fill_card(qtbot, wizard, number)
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    click(qtbot, page.next_button)
    click(qtbot, wizard.confirm_page.next_button)
    # Back on the card page, the server's message at the field.
    qtbot.waitUntil(lambda: wizard.current_step() is Step.CARD, timeout=TIMEOUT)
    assert page.card_form.visible_errors().get(field) == message
    assert orders_of(session) == []
    # The customer corrects the card: a new application body, a new key, one order.
    erase(qtbot, page.card_form.inputs["number"])
    type_text(qtbot, page.card_form.inputs["number"], "4242424242424242")
    click(qtbot, page.next_button)
    submit_and_finish(qtbot, wizard)
    assert len(orders_of(session)) == 1


@pytest.mark.parametrize(("scenario", "message"), [
    ("auto_renew_on", "アップグレードする前にあんしん自動更新を解除してください"),
    ("account_holds_ts", "アップグレード可能なシリアル番号がみつかりませんでした"),
])
def test_each_upgrade_refusal_is_shown_and_cannot_be_chosen(qtbot, make_wizard, signed_in, scenario,
                                                            message) -> None:
    session = signed_in(scenario)
    wizard = make_wizard(session, [session.serial])
    assert wizard.current_step() is Step.PRODUCT
    section = child(wizard.product_page, QWidget, f"productPage.section.{session.serial}")
    refused = [p for p in ("ts_standard", "ts_premium")
               if section.findChild(QLabel, f"productPage.refusal.{p}") is not None]
    assert refused
    for product in refused:
        assert child(section, QLabel, f"productPage.refusal.{product}").text() == message
        for years in (1, 2, 3):
            button = child(section, QPushButton, f"productPage.years{years}.{product}")
            assert not button.isEnabled()
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() is Step.PRODUCT
    assert wizard.draft.choices == ()
    assert child(section, QPushButton, "productPage.years1.vb_cloud").isEnabled()  # renewing as is still works


# -- bad input in each customer field ------------------------------------------------------------

BAD_INPUT = [
    ("family_name", ""),
    ("given_name", "髙"),  # not printable on the slip (not JIS X 0208)
    ("family_kana", "yamada"),
    ("given_kana", "太郎"),
    ("postal_code", "12345"),
    ("prefecture", None),  # back to 「選択してください」
    ("city", ""),
    ("address_line", ""),
    ("building", "あ" * 51),
    ("phone", "12345"),
    ("email", "taro@"),
]


@pytest.mark.parametrize(("field", "bad"), BAD_INPUT, ids=[f for f, _ in BAD_INPUT])
def test_bad_input_in_each_customer_field_keeps_the_button_disabled(qtbot, make_wizard, product_session, field,
                                                                     bad) -> None:
    wizard = make_wizard(product_session)
    choose(qtbot, wizard, product_session.serial, "vb_cloud", 1)
    page = wizard.payment_page
    form = page.customer_form
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    assert page.next_button.isEnabled()
    widget = form.inputs[field]
    if field == "prefecture":
        widget.setFocus()
        while widget.currentIndex() > 0:
            qtbot.keyClick(widget, Qt.Key.Key_Up)
    else:
        erase(qtbot, widget)
        type_text(qtbot, widget, bad)
    assert not page.next_button.isEnabled()
    errors = form.visible_errors()
    assert list(errors) == [field]
    assert tr_text(LABELS[field]) in errors[field]  # the message names the field
    assert "{" not in errors[field]  # placeholders filled
    error_label = child(page, QLabel, f"customerPage.{field.split('_')[0]}"
                        + "".join(p.capitalize() for p in field.split("_")[1:]) + ".error")
    assert error_label.isVisible()


def test_an_error_shows_when_leaving_an_empty_field(qtbot, make_wizard, product_session) -> None:
    wizard = make_wizard(product_session)
    choose(qtbot, wizard, product_session.serial, "vb_cloud", 1)
    form = wizard.payment_page.customer_form
    assert form.visible_errors() == {}  # nothing before the user did anything
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=TIMEOUT)
    field = form.inputs["family_name"]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=TIMEOUT)
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # leave it, empty
    qtbot.waitUntil(lambda: not field.hasFocus(), timeout=TIMEOUT)
    assert form.visible_errors() == {"family_name": "お名前（姓）を入力してください。"}


# -- a backend fault during submission ------------------------------------------------------------


def go_to_confirm(qtbot, wizard: RenewalWizard, session: ProductSession) -> None:
    choose(qtbot, wizard, session.serial, "vb_cloud", 1)
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    click(qtbot, wizard.payment_page.next_button)
    assert wizard.current_step() is Step.CONFIRM


def has_fault_api(sim: ApiClient) -> bool:
    try:
        sim.sim_clear_faults()
        return True
    except ApiError as error:  # 404/405 from a backend without fault injection
        if error.status in (404, 405):
            return False
        raise


def test_lost_answer_is_retried_with_the_same_key_through_the_fault_api(qtbot, make_wizard, product_session, sim,
                                                                        pending) -> None:
    if not has_fault_api(sim):
        pytest.skip("the backend has no /sim/faults yet (fault injection is being written); "
                    "test_lost_answer_is_retried_with_the_same_key covers it with a test middleware")
    wizard = make_wizard(product_session)
    go_to_confirm(qtbot, wizard, product_session)
    sim.sim_add_fault(path="/api/v1/orders", method="POST", kind="drop_response", mode="once")
    order = submit_and_finish(qtbot, wizard)
    stored = orders_of(product_session)
    assert [o.id for o in stored] == [order.id]  # one order, not two
    assert not pending.path.exists()


class Shown(QObject):
    """Records each time ``widget`` is shown (a status line that shows and hides again between two checks)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show:
            self.count += 1
        return False


def test_a_quick_send_keeps_s7_still_and_says_so_in_the_button_bar(qtbot, make_wizard, product_session,
                                                                   monkeypatch) -> None:
    monkeypatch.setattr(wizard_module, "SENDING_SHOWN_AFTER_MS", 60_000)  # quick: whatever this machine takes
    wizard = make_wizard(product_session)
    go_to_confirm(qtbot, wizard, product_session)
    status = Shown(wizard.confirm_page.status)
    click(qtbot, wizard.confirm_page.next_button)
    assert wizard.busy_label.text() == "送信中…"  # at once, where the buttons are
    submit_and_finish_clicked(qtbot, wizard)
    assert status.count == 0 and not wizard.confirm_page.status.isVisible()  # S7 did not move


def test_a_slow_send_says_so_above_the_application(qtbot, make_wizard, product_session, sim, monkeypatch) -> None:
    monkeypatch.setattr(wizard_module, "SENDING_SHOWN_AFTER_MS", 50)
    wizard = make_wizard(product_session)
    go_to_confirm(qtbot, wizard, product_session)
    sim.sim_add_fault(path=f"{API}/orders", method="POST", kind="latency", latency_ms=1500, mode="once")
    click(qtbot, wizard.confirm_page.next_button)
    status = wizard.confirm_page.status
    qtbot.waitUntil(status.isVisible, timeout=TIMEOUT)
    assert status.text() == "お申し込みを送信しています…"
    assert wizard.findChild(QMessageBox, "orderPlacedDialog") is None  # still on its way
    submit_and_finish_clicked(qtbot, wizard)
    assert not status.isVisible()


class DropAnswers:
    """Test middleware for a private backend: the order is committed, then its answer is lost.

    ``failures`` POST /orders answers become a bare 503 (as a proxy would send) after the server
    handled the request; every Idempotency-Key seen is recorded.
    """

    def __init__(self) -> None:
        self.failures = 0
        self.keys: list[str] = []

    def install(self, app) -> None:
        from starlette.responses import Response

        @app.middleware("http")
        async def drop(request, call_next):
            response = await call_next(request)
            if request.method == "POST" and request.url.path.endswith("/orders"):
                self.keys.append(request.headers.get("Idempotency-Key", ""))
                if self.failures > 0:
                    self.failures -= 1
                    return Response("upstream connection lost", status_code=503)
            return response


@pytest.fixture
def faulty_backend(tmp_path) -> Iterator[tuple[object, DropAnswers]]:
    from vb_renew.server.embedded import EmbeddedServer

    faults = DropAnswers()
    server = EmbeddedServer(tmp_path / "faulty.sqlite3", sim_token="faulty", scenario="vb_cloud_in_term",
                            seconds_per_day=None, configure=faults.install)
    server.start()
    assert server.wait_ready(20)
    yield server, faults
    server.stop()


@pytest.fixture
def faulty_session(faulty_backend) -> ProductSession:
    from vb_renew.core.session import sign_in_installed_product

    server, _ = faulty_backend
    return sign_in_installed_product(server.url, server.sim_token)


def test_lost_answer_is_retried_with_the_same_key(qtbot, make_wizard, faulty_backend, faulty_session,
                                                  pending) -> None:
    _, faults = faulty_backend
    wizard = make_wizard(faulty_session)
    go_to_confirm(qtbot, wizard, faulty_session)
    faults.failures = 2  # the order is stored, then two answers are lost; the automatic retry gets it
    order = submit_and_finish(qtbot, wizard)
    assert len(faults.keys) == 3 and len(set(faults.keys)) == 1  # three sends, one key
    assert [o.id for o in orders_of(faulty_session)] == [order.id]  # one order, not two


def test_retry_button_after_the_automatic_retries_reuses_the_key(qtbot, make_wizard, faulty_backend,
                                                                 faulty_session, pending) -> None:
    _, faults = faulty_backend
    wizard = make_wizard(faulty_session)
    go_to_confirm(qtbot, wizard, faulty_session)
    faults.failures = 1 + wizard.submit_backoff.retries  # more than the automatic retries
    click(qtbot, wizard.confirm_page.next_button)
    retry = wizard.confirm_page.retry_button
    qtbot.waitUntil(retry.isVisible, timeout=TIMEOUT)
    assert "再試行" in wizard.confirm_page.error.text()
    assert pending.load() is not None  # kept on disk: a restart would resend it with the same key
    assert wizard.current_step() is Step.CONFIRM
    click(qtbot, retry)
    qtbot.waitUntil(lambda: wizard.findChild(QMessageBox, "orderPlacedDialog") is not None, timeout=TIMEOUT)
    dialog = wizard.findChild(QMessageBox, "orderPlacedDialog")
    with qtbot.waitSignal(wizard.orderPlaced, timeout=TIMEOUT):
        click(qtbot, child(dialog, QPushButton, "orderPlacedDialog.ok"))
    assert len(set(faults.keys)) == 1 and len(faults.keys) == 2 + wizard.submit_backoff.retries
    assert len(orders_of(faulty_session)) == 1
    assert not pending.path.exists()
