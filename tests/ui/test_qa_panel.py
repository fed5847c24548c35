"""The QA workbench in the real window: the 「QA」 menu and its panel, driven as a tester drives it.

Every test runs the app as a user runs it (a MainWindow and its AppController, which start the embedded backend
on the test's data folder) on a world prepared before it starts: the default scenario on a pinned simulated day,
a customer who never pays by himself, the clock standing still, and optionally a slip order. The tests press the
panel's buttons and wait for what the app shows and what the backend stored; nothing sleeps.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QPushButton, QWidget
from wizard_driving import click

from vb_renew import paths
from vb_renew.core import api
from vb_renew.core.api import API, ApiCall, ApiClient
from vb_renew.core.backend import Options
from vb_renew.core.data import Order
from vb_renew.core.poller import PollPolicy
from vb_renew.core.qa import FaultSpec
from vb_renew.core.session import sign_in_installed_product
from vb_renew.qa.automation import automation_ids, unnamed
from vb_renew.resources import resource_path
from vb_renew.rules.extension import new_expiry
from vb_renew.rules.formatting import slash_date
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.slips import expected_confirmation_window
from vb_renew.server.embedded import EmbeddedServer
from vb_renew.startup import parse_args, product_backend
from vb_renew.ui.controller import AppController
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.qa_panel.panel import QaPanel

pytestmark = pytest.mark.slow

SCENARIO = "vb_cloud_in_term"
START = date(2026, 11, 26)  # the simulated today every test starts on (10:00 in Japan)
TIMEOUT = 30_000
CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
            "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
            "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}


# --- the world and the app -------------------------------------------------------------------------------

def prepare_world(*, place_order: bool = False, until: OrderState | None = None) -> str | None:
    """The app's database before it starts: the default world on START, a customer who never pays by himself,
    the clock stopped; optionally a slip order, moved on until ``until``. Returns the order's id."""
    with EmbeddedServer(paths.get().ensure().database, scenario=SCENARIO, seconds_per_day=None) as server:
        sim = ApiClient(server.url, sim_token=server.sim_token)
        try:
            sim.sim_load_scenario(SCENARIO, start=START.isoformat(), customer_pays=False, seconds_per_day=None)
            if not place_order:
                return None
            session = sign_in_installed_product(server.url, server.sim_token)
            body = {"items": [{"serial": session.serial, "product": "vb_cloud", "years": 1}],
                    "payment_method": "slip", "customer": CUSTOMER, "card": None}
            client = session.client()
            try:
                order = client.create_order(body, str(uuid.uuid4()))
                while until is not None and order.state is not until:
                    sim.sim_advance(to_next_event=True)
                    order = client.poll_order(order.id).order or order
            finally:
                client.close()
            return order.id
        finally:
            sim.close()


@dataclass
class App:
    window: MainWindow
    controller: AppController

    @property
    def panel(self) -> QaPanel:
        panel = self.controller.qa.panel
        assert panel is not None
        return panel

    def order(self, order_id: str) -> Order:
        order = self.controller.tracker.order(order_id)
        assert order is not None
        return order


@pytest.fixture
def start_app(qtbot, poll_policy: PollPolicy) -> Iterator[Any]:
    started: list[AppController] = []

    def start(*, open_panel: bool = True) -> App:
        window = MainWindow()
        qtbot.addWidget(window)
        controller = AppController(window, product_backend(Options(scenario=SCENARIO, seconds_per_day=0)), window,
                                   notifier=lambda title, message: None, policy=poll_policy)
        started.append(controller)
        window.show()
        if open_panel:
            controller.qa.show_panel()
        controller.start()
        qtbot.waitUntil(lambda: controller.view is not None and window.simulated_clock is not None, timeout=TIMEOUT)
        return App(window, controller)

    yield start
    for controller in started:
        controller.shutdown()


def show(qtbot, app: App, section: QWidget) -> None:
    """Bring a section's tab to the front, and wait until it is laid out in its scroll area."""
    app.panel.show_section(section)
    viewport = section.parentWidget()
    qtbot.waitUntil(lambda: section.isVisible() and section.width() == viewport.width(), timeout=TIMEOUT)


def press(qtbot, section: Any, widget: QPushButton) -> None:
    """Click one of a section's actions and wait until the backend answered it (its status line says how)."""
    qtbot.waitUntil(widget.isEnabled, timeout=TIMEOUT)
    click(qtbot, widget)
    qtbot.waitUntil(lambda: not section.acting, timeout=TIMEOUT)


def advance_until(qtbot, app: App, order_id: str, state: OrderState) -> Order:
    """「次の予定まで進める」 until the order the app follows reaches ``state`` (each press runs its next event)."""
    clock = app.panel.clock
    show(qtbot, app, clock)
    for _ in range(10):
        order = app.order(order_id)
        if order.state is state:
            return order
        press(qtbot, clock, clock.advance_buttons["next_event"])
        qtbot.waitUntil(lambda: app.order(order_id).version > order.version, timeout=TIMEOUT)  # the tracker has it
    raise AssertionError(f"order {order_id} never reached {state}")


def clock_text(app: App) -> str:
    label = app.window.simulated_clock
    assert label is not None
    return label.text()


def calls(app: App) -> list[ApiCall]:
    """What the event log shows, newest first."""
    return list(app.panel.events.model.rows)


# --- opening it ----------------------------------------------------------------------------------------

def test_the_menu_the_shortcut_and_the_command_line_open_the_panel_and_every_control_is_named(
        start_app, qtbot) -> None:
    prepare_world()
    app = start_app(open_panel=False)
    window, qa = app.window, app.controller.qa
    menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "QA")
    assert qa.action in menu.actions()
    assert qa.action.text() == "QAパネル" and qa.action.shortcut().toString() == "Ctrl+Shift+Q"
    assert qa.panel is None  # built when first opened

    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: qa.panel is not None and qa.panel.isVisible(), timeout=TIMEOUT)
    assert window.dockWidgetArea(qa.panel) == Qt.DockWidgetArea.RightDockWidgetArea
    assert qa.action.isChecked()
    qa.panel.close()  # its title bar's button
    assert not qa.panel.isVisible() and not qa.action.isChecked()
    qa.action.trigger()  # the menu
    assert qa.panel.isVisible()

    assert parse_args(["--qa"]).qa and not parse_args([]).qa
    assert unnamed(window) == []
    ids = [i.object_name for i in automation_ids(qa.panel)]
    assert len(ids) == len(set(ids)), "object names are unique within the panel"
    assert {"qa.clock.advanceDay", "qa.pay.payButton", "qa.fault.addButton", "qa.mail.list", "qa.world.loadButton",
            "qa.events.table", "qa.backend.copyToken"} <= set(ids)


def test_the_start_up_module_opens_the_panel_with_qa_on_the_command_line(qtbot, monkeypatch) -> None:
    from vb_renew import logs, startup

    prepare_world()
    monkeypatch.setattr(logs, "configure", lambda folder: None)  # the test's log stays the test runner's
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    application = QApplication.instance()
    startup.connect(parse_args(["--qa", "--scenario", SCENARIO]), application, window)
    controller = window.controller
    try:
        assert controller.qa.panel is not None and controller.qa.panel.isVisible()
        qtbot.waitUntil(lambda: window.simulated_clock is not None, timeout=TIMEOUT)
    finally:
        application.aboutToQuit.disconnect(controller.shutdown)
        controller.shutdown()


# --- the clock -----------------------------------------------------------------------------------------

def test_the_main_window_shows_the_simulated_clock_and_follows_it(start_app, qtbot) -> None:
    prepare_world()
    app = start_app()
    clock = app.panel.clock
    assert clock_text(app) == "シミュレーション日時: 2026/11/26 10:00"
    qtbot.waitUntil(lambda: clock.now_label.text() == "2026年11月26日 10:00", timeout=TIMEOUT)
    assert clock.speed_label.text() == "停止中"

    press(qtbot, clock, clock.advance_buttons["hour"])
    qtbot.waitUntil(lambda: clock_text(app) == "シミュレーション日時: 2026/11/26 11:00", timeout=TIMEOUT)
    assert clock.now_label.text() == "2026年11月26日 11:00"
    press(qtbot, clock, clock.advance_buttons["week"])
    qtbot.waitUntil(lambda: clock_text(app) == "シミュレーション日時: 2026/12/03 11:00", timeout=TIMEOUT)

    clock.date_time.setDateTime(QDateTime(QDate(2026, 12, 24), QTime(18, 30)))
    press(qtbot, clock, clock.set_button)
    qtbot.waitUntil(lambda: clock_text(app) == "シミュレーション日時: 2026/12/24 18:30", timeout=TIMEOUT)
    assert clock.status.text() == "時計を2026年12月24日 18:30にしました。"

    # Running: the label moves by itself (a day every ten seconds: a minute every 7 ms), until paused.
    clock.speed_choice.setCurrentIndex(clock.speed_choice.findData(10.0))
    press(qtbot, clock, clock.run_button)
    assert clock.clock.run == "always" and clock.clock.running
    assert clock.speed_label.text().startswith("動作中：1日 = 10秒")
    assert clock.mode_label.text() == "進み方：常に進む　速さ：1日 = 10秒"
    qtbot.waitUntil(lambda: clock_text(app) > "シミュレーション日時: 2026/12/24 18:31", timeout=TIMEOUT)
    press(qtbot, clock, clock.pause_button)
    assert clock.speed_label.text() == "停止中" and clock.clock.run == "paused"
    paused_at = clock.clock.now
    qtbot.waitUntil(lambda: clock_text(app) == f"シミュレーション日時: {paused_at:%Y/%m/%d %H:%M}", timeout=TIMEOUT)

    # The clock's reads (every second) are in the event log once asked for.
    events = app.panel.events
    show(qtbot, app, events)
    assert not any(call.path == f"{API}/health" for call in calls(app))
    events.show_clock_reads.setChecked(True)
    qtbot.waitUntil(lambda: any(call.path == f"{API}/health" and call.ok for call in calls(app)), timeout=TIMEOUT)
    events.show_simulation.setChecked(False)
    assert not any(call.path.startswith(f"{API}/sim/") for call in calls(app))
    show(qtbot, app, clock)

    # 自動: the clock runs only while some order is open; there is none.
    clock.run_mode.setCurrentIndex(clock.run_mode.findData("auto"))
    press(qtbot, clock, clock.apply_button)
    assert clock.clock.run == "auto" and not clock.clock.running
    assert clock.mode_label.text() == "進み方：自動（手続き中のお申し込みがあるあいだ）　速さ：1日 = 10秒"


def test_advancing_the_clock_lets_an_unpaid_slip_lapse(start_app, qtbot) -> None:
    order_id = prepare_world(place_order=True)
    app = start_app()
    qtbot.waitUntil(lambda: order_id in app.controller.waiting, timeout=TIMEOUT)
    app.controller.show_waiting(order_id)
    page = app.controller.waiting[order_id]
    clock = app.panel.clock
    lapsed = advance_until(qtbot, app, order_id, OrderState.LAPSED)  # mailed, delivered, then the deadline passes
    assert "お支払い期限切れ" in clock.events_label.text()
    assert not clock.advance_buttons["next_event"].isEnabled()  # nothing more is planned
    # The status bar reads the clock after the tracker learnt of the order: it follows, within a reading.
    shown = f"シミュレーション日時: {lapsed.reached()[OrderState.LAPSED]:%Y/%m/%d %H:%M}"
    qtbot.waitUntil(lambda: clock_text(app) == shown, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: page.order.state is OrderState.LAPSED, timeout=TIMEOUT)
    assert page.status_title.text() == "振込用紙のお支払い期限が過ぎました"
    assert page.apply_again_button.isVisible()

    payments = app.panel.payments
    show(qtbot, app, payments)
    assert "お支払い期限が過ぎています。" in payments.order_state.text()
    assert not payments.pay_button.isEnabled()


# --- paying ----------------------------------------------------------------------------------------------

def test_a_post_office_payment_leads_to_the_extension_inside_the_expected_window(start_app, qtbot) -> None:
    order_id = prepare_world(place_order=True, until=OrderState.SLIP_DELIVERED)
    app = start_app()
    qtbot.waitUntil(lambda: order_id in app.controller.tracker, timeout=TIMEOUT)
    delivered = app.order(order_id)
    old_expiry = delivered.items[0].old_expiry
    payments = app.panel.payments
    show(qtbot, app, payments)
    qtbot.waitUntil(lambda: payments.offer is not None and payments.offer.payable, timeout=TIMEOUT)
    assert payments.order_choice.currentText() == f"{delivered.number}（振込用紙到着済み）"
    assert payments.amount.value() == delivered.slip.amount  # the slip's amount, prefilled

    payments.place_choice.setCurrentIndex(payments.place_choice.findData("post_office"))
    today = app.controller.connection.view.today
    earliest, latest = expected_confirmation_window("post_office", today)
    qtbot.waitUntil(lambda: payments.window_label.text() == f"{slash_date(earliest)}〜{slash_date(latest)}",
                    timeout=TIMEOUT)
    press(qtbot, payments, payments.pay_button)
    assert payments.status.text() == f"郵便局で{delivered.slip.amount:,}円（税込）を支払いました（{delivered.number}）。"
    paid = app.order(order_id)
    assert paid.state is OrderState.PAID and paid.payment.place == "post_office"
    assert paid.expected_confirmation.earliest == earliest and paid.expected_confirmation.latest == latest
    assert not payments.pay_button.isEnabled()  # paid: nothing more to pay

    extended = advance_until(qtbot, app, order_id, OrderState.EXTENDED)
    confirmed_on = extended.payment.confirmed_on
    assert earliest <= confirmed_on <= latest
    assert extended.items[0].new_expiry == new_expiry(old_expiry, 1, confirmed_on)
    qtbot.waitUntil(lambda: app.window.home.expiry_link.text() == f"有効期限:{slash_date(extended.new_expiry)}",
                    timeout=TIMEOUT)


def test_a_payment_dated_on_an_earlier_day_with_its_confirmation_day_extends_at_once(start_app, qtbot) -> None:
    order_id = prepare_world(place_order=True, until=OrderState.SLIP_DELIVERED)
    app = start_app()
    qtbot.waitUntil(lambda: order_id in app.controller.tracker, timeout=TIMEOUT)
    delivered = app.order(order_id)
    clock = app.panel.clock
    press(qtbot, clock, clock.advance_buttons["week"])  # a week later, the customer says he paid on the first day
    qtbot.waitUntil(lambda: app.panel.payments.offer is not None
                    and app.panel.payments.offer.paid_on_range is not None
                    and app.panel.payments.offer.paid_on_range[1] > delivered.slip.delivered_on, timeout=TIMEOUT)
    payments = app.panel.payments
    show(qtbot, app, payments)
    delivered_on = delivered.slip.delivered_on
    assert payments.offer.paid_on_range[0] == delivered_on
    payments.place_choice.setCurrentIndex(payments.place_choice.findData("post_office"))
    payments.use_on.setChecked(True)
    payments.on.setDate(QDate(delivered_on.year, delivered_on.month, delivered_on.day))
    earliest, latest = expected_confirmation_window("post_office", delivered_on)
    qtbot.waitUntil(lambda: payments.window_label.text() == f"{slash_date(earliest)}〜{slash_date(latest)}",
                    timeout=TIMEOUT)
    confirm_on = earliest + (latest - earliest) // 2
    payments.use_confirm_on.setChecked(True)
    payments.confirm_on.setDate(QDate(confirm_on.year, confirm_on.month, confirm_on.day))
    press(qtbot, payments, payments.pay_button)
    assert payments.status.text().startswith("郵便局で")
    # Paid and confirmed in the past: the pay's answer is the extended order. The long poll may bring the paid one
    # (the same transaction's first change) a moment before that answer arrives: wait for the answer, not a poll.
    qtbot.waitUntil(lambda: app.order(order_id).state is OrderState.EXTENDED, timeout=TIMEOUT)
    extended = app.order(order_id)
    assert (extended.payment.paid_on, extended.payment.confirmed_on) == (delivered_on, confirm_on)
    assert extended.items[0].new_expiry == new_expiry(delivered.items[0].old_expiry, 1, confirm_on)
    assert not payments.use_on.isChecked() and not payments.use_confirm_on.isChecked()


# --- faults ----------------------------------------------------------------------------------------------

LICENCES = f"{API}/licences"
HANG_READ_TIMEOUT = 2.0  # seconds: the client's read timeout in the hang test
# Each kind on the licence's refresh (GET, every half second here), and how the event log shows what the client met.
FAULTS = {
    "latency": (FaultSpec(path=LICENCES, kind="latency", method="GET", mode="every_nth", n=1, latency_ms=1200),
                lambda call: call.ok and call.duration >= 1.2),
    "status": (FaultSpec(path=LICENCES, kind="status", method="GET", mode="every_nth", n=1, status=503),
               lambda call: (call.status, call.error) == (503, "fault.injected")),
    "reset": (FaultSpec(path=LICENCES, kind="reset", method="GET", mode="every_nth", n=1),
              lambda call: (call.status, call.error) == (None, "network.offline")),
    "malformed": (FaultSpec(path=LICENCES, kind="malformed", method="GET", mode="every_nth", n=1),
                  lambda call: (call.status, call.error) == (200, "response.malformed")),
    "hang": (FaultSpec(path=LICENCES, kind="hang", method="GET", mode="once"),  # until the client's read timeout
             lambda call: (call.status, call.error) == (None, "network.timeout")),
    "drop_response": (FaultSpec(path=LICENCES, kind="drop_response", method="GET", mode="every_nth", n=1),
                      lambda call: (call.status, call.error) == (None, "network.offline")),
}


@pytest.mark.parametrize("kind", list(FAULTS))
def test_each_fault_kind_reaches_the_client_and_it_recovers_once_cleared(start_app, qtbot, monkeypatch,
                                                                        kind: str) -> None:
    if kind == "hang":  # the client gives up after its read timeout: 15 s in the product, 2 s here
        monkeypatch.setattr(api, "DEFAULT_TIMEOUT", (api.DEFAULT_TIMEOUT[0], HANG_READ_TIMEOUT))
    prepare_world()
    app = start_app()
    spec, met = FAULTS[kind]
    faults = app.panel.faults
    show(qtbot, app, faults)
    faults.set_spec(spec)
    assert faults.spec().body() == spec.body()
    assert faults.latency.isEnabled() == (kind == "latency") and faults.status_code.isEnabled() == (kind == "status")
    press(qtbot, faults, faults.add_button)
    assert faults.status.text() == "障害を追加しました。"
    if spec.mode != "once":  # a once fault leaves the list when it fires: maybe before the list was read
        assert faults.list.topLevelItemCount() == 1
        assert faults.list.topLevelItem(0).text(2) == f"GET {LICENCES}"

    show(qtbot, app, app.panel.events)
    hit = 20 + (HANG_READ_TIMEOUT if kind == "hang" else 0)  # seconds: a hang ends when the client's read timeout does

    def faulted() -> list[ApiCall]:
        return [call for call in calls(app) if call.path.startswith(LICENCES) and met(call)]

    qtbot.waitUntil(lambda: bool(faulted()), timeout=hit * 1000)
    first = faulted()[-1]
    row = next(n for n, call in enumerate(calls(app)) if call.id == first.id)
    line = app.panel.events.model.line(row)
    assert f"GET {LICENCES}/" in line
    if first.error:
        assert first.error in line
    if kind == "status":  # the main screen says the server failed, with its status (not "cannot connect")
        qtbot.waitUntil(lambda: "（エラー 503）" in app.window.home.connection_banner.text(), timeout=TIMEOUT)
        assert "接続できません" not in app.window.home.connection_banner.text()

    show(qtbot, app, faults)
    if kind != "hang":  # a once fault is gone once fired
        press(qtbot, faults, faults.clear_button)
        assert faults.status.text() == "障害をすべて解除しました。"
    qtbot.waitUntil(lambda: faults.list.topLevelItemCount() == 0, timeout=TIMEOUT)
    show(qtbot, app, app.panel.events)
    qtbot.waitUntil(lambda: any(call.path.startswith(LICENCES) and call.ok and call.id > first.id
                                and call.duration < 1.0 for call in calls(app)), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not app.window.home.connection_banner.isVisible(), timeout=TIMEOUT)


# --- the mailbox, worlds, the backend -----------------------------------------------------------------------

def test_the_mailbox_shows_the_application_and_completion_mails_newest_first_in_full(start_app, qtbot) -> None:
    order_id = prepare_world(place_order=True, until=OrderState.SLIP_DELIVERED)
    app = start_app()
    qtbot.waitUntil(lambda: order_id in app.controller.tracker, timeout=TIMEOUT)
    order = app.order(order_id)
    mailbox = app.panel.mailbox
    show(qtbot, app, mailbox)
    qtbot.waitUntil(lambda: bool(mailbox.mails), timeout=TIMEOUT)
    assert mailbox.mails[-1].kind == "application_complete"
    assert mailbox.list.item(mailbox.list.count() - 1).text().startswith("2026年11月26日 10:00")

    payments = app.panel.payments
    show(qtbot, app, payments)
    press(qtbot, payments, payments.pay_button)  # at a convenience store, the slip's amount
    advance_until(qtbot, app, order_id, OrderState.EXTENDED)
    show(qtbot, app, mailbox)  # read again when shown
    qtbot.waitUntil(lambda: mailbox.mails and mailbox.mails[0].kind == "renewal_complete", timeout=TIMEOUT)
    kinds = [mail.kind for mail in mailbox.mails]
    assert kinds[-1] == "application_complete"
    assert mailbox.count.text() == f"{len(kinds)}通（新しい順）"
    sent = [mail.sent_at for mail in mailbox.mails]
    assert sent == sorted(sent, reverse=True)
    assert mailbox.list.currentRow() == 0
    text = mailbox.text.toPlainText()
    assert text.startswith(f"件名：{mailbox.mails[0].subject}\n宛先：taro@example.jp\n送信日時：")
    assert order.number in text and mailbox.mails[0].body in text
    mailbox.list.setCurrentRow(len(kinds) - 1)
    assert "送信日時：2026年11月26日 10:00" in mailbox.text.toPlainText()
    assert "お申し込み完了" in mailbox.text.toPlainText()


def test_loading_a_world_from_the_panel_starts_the_app_on_it(start_app, qtbot) -> None:
    prepare_world()
    app = start_app()
    worlds = app.panel.worlds
    show(qtbot, app, worlds)
    qtbot.waitUntil(lambda: worlds.scenario.count() > 1, timeout=TIMEOUT)
    assert worlds.current.text() == f"読み込まれているシナリオ：{SCENARIO}"
    worlds.scenario.setCurrentText("vb_cloud_expired_6_months")
    worlds.seed.setValue(7)
    worlds.use_start.setChecked(True)
    worlds.start.setDate(QDate(2027, 3, 1))
    worlds.customer_pays.setCurrentIndex(worlds.customer_pays.findData(False))
    worlds.clock_choice.setCurrentIndex(worlds.clock_choice.findData(True))  # the scenario's clock runs: stop it
    assert worlds.options() == {"seed": 7, "start": "2027-03-01", "customer_pays": False, "seconds_per_day": None}
    press(qtbot, worlds, worlds.load_button)
    assert worlds.status.text().startswith("シナリオ vb_cloud_expired_6_months（シード 7）を読み込みました。")
    qtbot.waitUntil(lambda: clock_text(app) == "シミュレーション日時: 2027/03/01 10:00", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: app.window.home.status_title.text() == "保護が停止しています", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: worlds.current.text() == "読み込まれているシナリオ：vb_cloud_expired_6_months",
                    timeout=TIMEOUT)


def test_a_world_file_loads_and_a_broken_one_says_why(start_app, qtbot, tmp_path: Path) -> None:
    prepare_world()
    app = start_app()
    worlds = app.panel.worlds
    show(qtbot, app, worlds)
    scenario = json.loads((Path(resource_path("scenarios")) / f"{SCENARIO}.json").read_text(encoding="utf-8"))
    world = {**scenario, "name": "qa_file_world", "today": "2027-05-10", "clock": {"seconds_per_day": None}}
    path = tmp_path / "world.json"
    path.write_text(json.dumps(world, ensure_ascii=False), encoding="utf-8")
    click(qtbot, worlds.file_button)  # 「ファイルから読み込む…」: the file dialog, not modal to the app
    dialog = worlds.findChild(QFileDialog, "qa.world.fileDialog")
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    dialog.selectFile(str(path))
    dialog.accept()
    # The file is read and sent on a worker: wait for the answer (``acting`` may not be set yet when asked).
    qtbot.waitUntil(lambda: worlds.status.text().startswith("シナリオ qa_file_world（シード "), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: clock_text(app) == "シミュレーション日時: 2027/05/10 10:00", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: worlds.current.text() == "読み込まれているシナリオ：qa_file_world", timeout=TIMEOUT)

    broken = tmp_path / "broken.json"
    broken.write_text('{"name": ', encoding="utf-8")
    worlds.load_file(str(broken))
    qtbot.waitUntil(lambda: not worlds.acting, timeout=TIMEOUT)
    assert worlds.status.text().startswith("ワールドファイルはJSONではありません")
    refused = tmp_path / "refused.json"
    refused.write_text(json.dumps({**world, "today": "2150-01-01"}), encoding="utf-8")
    worlds.load_file(str(refused))
    qtbot.waitUntil(lambda: not worlds.acting, timeout=TIMEOUT)
    assert "today" in worlds.status.text()  # the backend's refusal names the field
    assert clock_text(app) == "シミュレーション日時: 2027/05/10 10:00"  # and nothing changed


def test_the_world_s_settings_are_read_and_changed(start_app, qtbot) -> None:
    prepare_world()
    app = start_app()
    worlds = app.panel.worlds
    show(qtbot, app, worlds)
    qtbot.waitUntil(lambda: worlds.settings is not None, timeout=TIMEOUT)
    assert worlds.settings.customer_pays == "never"  # the world was prepared so
    assert worlds.setting_customer_pays.currentData() == "never"
    worlds.setting_customer_pays.setCurrentIndex(worlds.setting_customer_pays.findData("auto"))
    worlds.setting_expired_base.setCurrentIndex(worlds.setting_expired_base.findData("old_expiry"))
    press(qtbot, worlds, worlds.settings_button)
    assert worlds.status.text() == "設定を変更しました。"
    assert (worlds.settings.customer_pays, worlds.settings.expired_base) == ("auto", "old_expiry")


def test_the_backend_s_url_and_token_can_be_copied_and_the_token_is_hidden_until_shown(start_app, qtbot) -> None:
    prepare_world()
    app = start_app()
    backend = app.panel.backend
    show(qtbot, app, backend)
    server = app.controller.server
    assert backend.url.text() == server.url
    assert backend.token.text() == server.sim_token
    assert backend.token.echoMode() == QLineEdit.EchoMode.Password
    click(qtbot, backend.show_token_button)
    assert backend.token.echoMode() == QLineEdit.EchoMode.Normal and backend.show_token_button.text() == "隠す"
    click(qtbot, backend.show_token_button)
    assert backend.token.echoMode() == QLineEdit.EchoMode.Password
    click(qtbot, backend.copy_url_button)
    assert QApplication.clipboard().text() == server.url
    assert backend.status.text() == "URLをコピーしました。"
    click(qtbot, backend.copy_token_button)
    assert QApplication.clipboard().text() == server.sim_token
    answer = requests.get(f"{QApplication.clipboard().text() and server.url}{API}/sim/clock", timeout=5,
                          headers={"X-Sim-Token": QApplication.clipboard().text()})
    assert answer.status_code == 200  # what was copied opens the simulation API


# --- how it looks ----------------------------------------------------------------------------------------

def test_the_panel_and_the_window_render_every_section(start_app, qtbot, tmp_path: Path) -> None:
    order_id = prepare_world(place_order=True, until=OrderState.SLIP_DELIVERED)
    app = start_app()
    app.window.resize(1320, 720)
    qtbot.waitUntil(lambda: order_id in app.controller.tracker, timeout=TIMEOUT)
    panel = app.panel
    shown = {panel.clock: lambda: panel.clock.clock is not None,
             panel.payments: lambda: panel.payments.offer is not None, panel.faults: lambda: True, panel.mailbox: lambda: bool(panel.mailbox.mails),
             panel.worlds: lambda: panel.worlds.scenario.count() > 0, panel.events: lambda: bool(panel.events.model.rows),
             panel.backend: lambda: bool(panel.backend.url.text())}
    for section in panel.sections:
        show(qtbot, app, section)
        qtbot.waitUntil(shown[section], timeout=TIMEOUT)  # what it reads has arrived
        picture = app.window.grab()
        assert not picture.isNull() and picture.width() >= 1300
        assert picture.save(str(tmp_path / f"qa-{section.key}.png"))
        assert not app.panel.grab().isNull()
    assert unnamed(app.window) == []
