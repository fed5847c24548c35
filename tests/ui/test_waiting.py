"""S10–S12 in the real window: waiting for the slip's payment and its confirmation, the licence extended.

Every test runs the app as it runs for a user: a MainWindow and its AppController, which start the
embedded backend on the test's data folder (clock stopped: the test moves time through /sim). Before
the app starts, :func:`prepare_world` loads the default world into that same database with a
customer who never pays by himself (the test pays, or lets the slip lapse), and may place a slip
order, as if the app had been used before. A direct :class:`EmbeddedServer` on the same database
plays "time passes while the app is closed".

Assertions are on what the backend stored and on what the page shows.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from itertools import pairwise
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from wizard_driving import (
    TIMEOUT,
    agree,
    choose,
    click,
    fill_customer,
    orders_of,
    submit_and_finish,
)

from vb_renew import paths
from vb_renew.core.api import API, ApiClient
from vb_renew.core.backend import Options
from vb_renew.core.data import Order
from vb_renew.core.poller import PollPolicy, WatchedOrders
from vb_renew.core.session import sign_in_installed_product
from vb_renew.qa.automation import unnamed
from vb_renew.rules.extension import new_expiry as extended_expiry
from vb_renew.rules.formatting import slash_date
from vb_renew.rules.lifecycle import OrderState
from vb_renew.server.embedded import EmbeddedServer
from vb_renew.startup import product_backend
from vb_renew.ui.controller import AppController
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.waiting import TrayNotifier, WaitingPage

pytestmark = pytest.mark.slow

SCENARIO = "vb_cloud_in_term"
# The clock stands still in these tests, so the server hints 5 s between polls. The app runs with the tests'
# quick policy (conftest's poll_policy: the next request within 0.2 s): a change that lands while a long poll
# is held shows at once, otherwise at the next request.
WAIT_MS = 30_000


# --- the world -----------------------------------------------------------------------------------------

def slip_body(serial: str) -> dict[str, Any]:
    customer = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
                "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
                "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}
    return {"items": [{"serial": serial, "product": "vb_cloud", "years": 1}], "payment_method": "slip",
            "customer": customer, "card": None}


def database() -> Any:
    return paths.get().ensure().database


def prepare_world(*, place_order: bool = False, deliver: bool = False) -> str | None:
    """The app's database before the app starts: the default world, a customer who does not pay by
    himself, the clock stopped; optionally a slip order (delivered). Returns the order id."""
    with EmbeddedServer(database(), scenario=SCENARIO, seconds_per_day=None) as server:
        answer = requests.post(f"{server.url}{API}/sim/scenario", timeout=10,
                               json={"name": SCENARIO, "customer_pays": False, "seconds_per_day": None},
                               headers={"X-Sim-Token": server.sim_token})
        answer.raise_for_status()
        if not place_order:
            return None
        session = sign_in_installed_product(server.url, server.sim_token)
        client = session.client()
        try:
            order = client.create_order(slip_body(session.serial), str(uuid.uuid4()))
            if deliver:
                advance_until(client, order.id, OrderState.SLIP_DELIVERED)
        finally:
            client.close()
        return order.id


def order_of(client: ApiClient, order_id: str) -> Order:
    order = client.poll_order(order_id).order
    assert order is not None
    return order


def advance_until(client: ApiClient, order_id: str, state: OrderState, limit: int = 10) -> Order:
    """Move the simulated clock event by event until the order reaches ``state``."""
    for _ in range(limit):
        order = order_of(client, order_id)
        if order.state is state:
            return order
        client.sim_advance(to_next_event=True)
    raise AssertionError(f"order {order_id} never reached {state}")


class Notes:
    """The tray, as a test sees it: every (title, message) shown."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def __call__(self, title: str, message: str) -> None:
        self.shown.append((title, message))

    def titles(self) -> list[str]:
        return [title for title, _ in self.shown]


class App:
    """The window, its controller, and a simulation client on the controller's backend."""

    def __init__(self, qtbot, notes: Notes, policy: PollPolicy, **options: Any) -> None:
        self.notes = notes
        self.window = MainWindow()
        qtbot.addWidget(self.window)
        opts = {"scenario": SCENARIO, "seconds_per_day": 0, **options}
        self.controller = AppController(self.window, product_backend(Options(**opts)), self.window, notifier=notes,
                                        policy=policy)
        self.window.show()
        self.controller.start()
        qtbot.waitUntil(lambda: self.controller.view is not None, timeout=20_000)
        server = self.controller.server
        url = server.url if server else options["server_url"]
        token = server.sim_token if server else options["sim_token"]
        self.sim = ApiClient(url, sim_token=token, token=self.controller.session.token)
        self.closed = False

    def page(self, order_id: str) -> WaitingPage:
        return self.controller.waiting[order_id]

    def polling(self, order_id: str) -> bool:
        return self.controller.tracker.polling(order_id)

    def close(self) -> float:
        """Quit as the app does; returns how long the shutdown took."""
        if self.closed:
            return 0.0
        self.closed = True
        self.sim.close()
        started = time.monotonic()
        self.controller.shutdown()
        return time.monotonic() - started


@pytest.fixture
def apps(qtbot, poll_policy: PollPolicy) -> Iterator[Any]:
    started: list[App] = []

    def start(notes: Notes | None = None, policy: PollPolicy | None = None, **options: Any) -> App:
        app = App(qtbot, notes or Notes(), policy or poll_policy, **options)
        started.append(app)
        return app

    yield start
    for app in started:
        app.close()


def wait_state(qtbot, page: WaitingPage, state: OrderState) -> None:
    qtbot.waitUntil(lambda: page.order.state is state, timeout=WAIT_MS)


def assert_timeline_matches(page: WaitingPage, stored: Order) -> None:
    """Every step the backend recorded is on the page with its simulated date; the current one highlighted."""
    for step in stored.timeline:
        assert page.timeline.date_text(step.state) == step.at.strftime("%Y/%m/%d"), step
    assert page.timeline.current is stored.state


def open_from_banner(qtbot, app: App, order_id: str) -> WaitingPage:
    home = app.window.home
    qtbot.waitUntil(lambda: home.order_banner.isVisible() and bool(home.order_links), timeout=TIMEOUT)
    assert home.order_banner_text.text().startswith("お申し込み手続き中です")
    link = home.order_links[0]
    assert link.property("orderId") == order_id
    click(qtbot, link)
    page = app.page(order_id)
    assert app.window.stack.currentWidget() is page
    return page


# --- S9 to S12 -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("place,window_text,first_day,last_day", [
    ("convenience_store", "当日 ~ 5 日程度", 0, 5),
    ("post_office", "翌日 ~ 10 日程度", 1, 10),
])
def test_from_s9_to_an_extended_licence(apps, qtbot, place, window_text, first_day, last_day) -> None:
    prepare_world()
    app = apps()
    window, controller = app.window, app.controller
    old_expiry = controller.view.licence.expiry

    # S1 → S2 → the wizard → S9, as a user.
    qtbot.mouseClick(window.home.expiry_link, Qt.MouseButton.LeftButton)
    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is not None,
                    timeout=TIMEOUT)
    wizard = controller.wizard
    choose(qtbot, wizard, controller.session.serial, "vb_cloud", 1)
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    click(qtbot, wizard.payment_page.next_button)
    order = submit_and_finish(qtbot, wizard)
    order_id = order.id

    # S9's 「お支払い状況を確認する」 opens the waiting page, which already follows the order.
    click(qtbot, wizard.findChild(QPushButton, "wizard.paymentStatusButton"))
    page = app.page(order_id)
    assert window.stack.currentWidget() is page
    assert unnamed(page) == []
    assert app.polling(order_id)
    assert page.status_title.text() == "お申し込みを受け付けました"
    assert_timeline_matches(page, order_of(app.sim, order_id))

    # S10: the slip is mailed, then delivered (the clock moved through /sim).
    app.sim.sim_advance(to_next_event=True)
    wait_state(qtbot, page, OrderState.SLIP_MAILED)
    assert not page.slip_button.isEnabled()
    advance_until(app.sim, order_id, OrderState.SLIP_DELIVERED)
    wait_state(qtbot, page, OrderState.SLIP_DELIVERED)
    stored = order_of(app.sim, order_id)
    assert_timeline_matches(page, stored)
    assert page.slip_button.isEnabled() == page.slip_button.isVisible()  # visible only if the slip view exists
    assert stored.slip is not None and stored.slip.deadline.strftime("%Y/%m/%d") in page.status_text.text()

    # S11: paid where the test chooses; the expected window is the seed's for that place.
    paid = app.sim.sim_pay(order_id, place, stored.total)
    wait_state(qtbot, page, OrderState.PAID)
    stored = order_of(app.sim, order_id)
    assert_timeline_matches(page, stored)
    assert paid.payment is not None
    paid_on = paid.payment.paid_on
    expected = stored.expected_confirmation
    assert expected is not None
    assert (expected.earliest - paid_on).days == first_day
    assert (expected.latest - paid_on).days == last_day
    assert page.confirmation_window.isVisible()
    assert page.confirmation_window.place == place
    _label, days = page.confirmation_window.rows[place]
    assert days.text() == window_text
    assert "font-weight: bold" in days.styleSheet()  # the row of where it was paid is highlighted
    other = "post_office" if place == "convenience_store" else "convenience_store"
    assert "font-weight: bold" not in page.confirmation_window.rows[other][1].styleSheet()
    for text in (slash_date(expected.earliest), slash_date(expected.latest)):
        assert text in page.confirmation_window.expected.text()
        assert text in page.timeline.date_text("confirmed")  # planned on the timeline too

    # S12: confirmed and extended; the main window's date follows; the tray says so.
    extended = advance_until(app.sim, order_id, OrderState.EXTENDED)
    wait_state(qtbot, page, OrderState.EXTENDED)
    assert_timeline_matches(page, extended)
    new_expiry = extended.items[0].new_expiry
    confirmed_on = extended.reached()[OrderState.CONFIRMED].date()
    assert new_expiry == extended_expiry(old_expiry, extended.items[0].years, confirmed_on)
    assert page.status_title.text() == "契約更新が完了しました"
    assert slash_date(new_expiry) in page.new_expiry.text()
    assert page.help_box.isVisible()  # 有効期限がメイン画面に反映されない場合
    assert not app.polling(order_id)
    qtbot.waitUntil(lambda: window.home.expiry_link.text() == f"有効期限:{slash_date(new_expiry)}", timeout=TIMEOUT)
    assert app.notes.titles() == ["契約更新が完了しました"]
    assert slash_date(new_expiry) in app.notes.shown[0][1]
    assert [o.id for o in orders_of(controller.session)] == [order_id]  # one order, ever

    # Back to S1: the finished page is dropped and nothing is polled any more.
    click(qtbot, page.back_button)
    assert window.stack.currentWidget() is window.home
    assert order_id not in controller.waiting
    assert order_id not in controller.tracker
    assert not window.home.order_banner.isVisible()


def test_s9_back_to_the_main_screen_leaves_a_link_to_the_waiting_screen(apps, qtbot) -> None:
    prepare_world()
    app = apps()
    window, controller = app.window, app.controller
    window.show_account_info()
    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is not None,
                    timeout=TIMEOUT)
    wizard = controller.wizard
    choose(qtbot, wizard, controller.session.serial, "vb_cloud", 1)
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    click(qtbot, wizard.payment_page.next_button)
    order = submit_and_finish(qtbot, wizard)
    assert app.polling(order.id)  # followed from S9 on, wherever the user goes
    click(qtbot, wizard.findChild(QPushButton, "completePage.backToMainButton"))
    assert window.stack.currentWidget() is window.home
    page = open_from_banner(qtbot, app, order.id)
    assert page.order.number == order.number
    assert window.home.order_links[0].text() == f"お支払い状況を確認する（{order.number}）"


def test_the_slip_view_opens_once_delivered_and_its_payment_shows_at_once(apps, qtbot) -> None:
    pytest.importorskip("vb_renew.ui.slip.view")
    order_id = prepare_world(place_order=True, deliver=True)
    app = apps()
    page = open_from_banner(qtbot, app, order_id)
    assert page.slip_button.isVisible() and page.slip_button.isEnabled()
    click(qtbot, page.slip_button)
    slip = page.stack.currentWidget()
    assert type(slip).__name__ == "SlipView"
    paid = app.sim.sim_pay(order_id, "post_office", page.order.total)
    slip.paid.emit(paid)  # what the slip view's own 「郵便局で支払う」 emits
    assert page.stack.currentWidget() is page.status_view
    assert page.order.state is OrderState.PAID
    assert page.confirmation_window.place == "post_office"


# --- a lapsed slip --------------------------------------------------------------------------------------

def test_a_lapsed_slip_says_so_and_offers_to_apply_again(apps, qtbot) -> None:
    order_id = prepare_world(place_order=True)
    app = apps()
    page = open_from_banner(qtbot, app, order_id)
    lapsed = advance_until(app.sim, order_id, OrderState.LAPSED)
    wait_state(qtbot, page, OrderState.LAPSED)
    assert page.status_title.text() == "振込用紙のお支払い期限が過ぎました"
    assert lapsed.slip is not None and slash_date(lapsed.slip.deadline) in page.status_text.text()
    assert page.timeline.rows[OrderState.LAPSED][0].isVisible()
    assert page.timeline.date_text(OrderState.LAPSED) == lapsed.reached()[OrderState.LAPSED].strftime("%Y/%m/%d")
    assert not page.slip_button.isEnabled()
    assert not app.polling(order_id)
    assert app.notes.titles() == ["振込用紙のお支払い期限が過ぎました"]

    button = page.apply_again_button
    assert button.isVisible() and button.text() == "もう一度申し込む"
    click(qtbot, button)
    controller = app.controller
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is not None,
                    timeout=TIMEOUT)
    assert app.window.stack.currentWidget() is controller.wizard
    assert order_id not in controller.waiting
    assert controller.wizard.product_page.isVisible()  # the serial is renewable again: straight to S5


# --- the backend going away ------------------------------------------------------------------------------

@pytest.mark.parametrize(("fault", "banner"), [
    ({"kind": "status", "status": 503, "retry_after": 1},
     "サーバーでエラーが発生しました（エラー 503）。しばらくすると自動的に再試行します。"),  # not "cannot connect"
    ({"kind": "reset"}, "サーバーに接続できません。ネットワークの接続を確認してください。自動的に再試行します。"),
], ids=["503", "reset"])
def test_offline_while_waiting_then_recovery_without_a_restart(apps, qtbot, fault, banner) -> None:
    order_id = prepare_world(place_order=True)
    app = apps()
    page = open_from_banner(qtbot, app, order_id)
    watcher = app.controller.tracker.watcher(order_id)
    qtbot.waitUntil(lambda: watcher.requests_made >= 1, timeout=TIMEOUT)
    assert not page.offline

    app.sim.sim_add_fault(path=f"{API}/orders", mode="every_nth", n=1, **fault)
    app.sim.sim_advance(to_next_event=True)  # ends the held long poll; the next request meets the fault
    qtbot.waitUntil(lambda: page.offline, timeout=WAIT_MS)
    assert page.offline_banner.text() == banner
    assert watcher.failures >= 1
    assert app.polling(order_id)

    app.sim.sim_clear_faults()
    qtbot.waitUntil(lambda: not page.offline, timeout=WAIT_MS)  # by itself: no click, no restart
    assert page.order.state is OrderState.SLIP_MAILED
    app.sim.sim_advance(to_next_event=True)
    wait_state(qtbot, page, OrderState.SLIP_DELIVERED)  # and it follows the order again


# --- closing and starting again ----------------------------------------------------------------------------

def test_closed_during_the_wait_and_started_again_resumes_without_a_second_order(apps, qtbot) -> None:
    order_id = prepare_world(place_order=True)
    first = apps()
    page = open_from_banner(qtbot, first, order_id)
    watcher = first.controller.tracker.watcher(order_id)
    qtbot.waitUntil(lambda: watcher.outstanding is not None, timeout=TIMEOUT)  # a long poll is held
    took = first.close()
    assert took < first.controller.policy.long_poll_wait / 2  # the held poll is cut, not waited for
    assert order_id in WatchedOrders(paths.get().data).load()

    second = apps()
    page = open_from_banner(qtbot, second, order_id)
    assert page.order.state is OrderState.APPLIED
    second.sim.sim_advance(to_next_event=True)
    wait_state(qtbot, page, OrderState.SLIP_MAILED)
    assert [o.id for o in orders_of(second.controller.session)] == [order_id]


def test_an_extension_while_the_app_was_closed_is_shown_on_start(apps, qtbot) -> None:
    order_id = prepare_world(place_order=True)
    first = apps()
    qtbot.waitUntil(lambda: order_id in WatchedOrders(paths.get().data).load(), timeout=TIMEOUT)
    old_expiry = first.controller.view.licence.expiry
    first.close()

    # Time passes with the app closed: the slip arrives, is paid at the post office, confirmed, extended.
    with EmbeddedServer(database(), seconds_per_day=None) as server:
        session = sign_in_installed_product(server.url, server.sim_token)
        client = session.client()
        try:
            delivered = advance_until(client, order_id, OrderState.SLIP_DELIVERED)
            client.sim_pay(order_id, "post_office", delivered.total)
            extended = advance_until(client, order_id, OrderState.EXTENDED)
        finally:
            client.close()
    new_expiry = extended.items[0].new_expiry
    assert new_expiry is not None and new_expiry > old_expiry

    notes = Notes()
    second = apps(notes)
    window = second.window
    qtbot.waitUntil(lambda: window.home.expiry_link.text() == f"有効期限:{slash_date(new_expiry)}", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: order_id in second.controller.waiting, timeout=TIMEOUT)
    page = second.page(order_id)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page, timeout=TIMEOUT)  # opened by itself
    assert page.status_title.text() == "契約更新が完了しました"
    assert slash_date(new_expiry) in page.new_expiry.text()
    assert not second.polling(order_id)
    assert notes.titles() == ["契約更新が完了しました"]
    qtbot.waitUntil(lambda: order_id not in WatchedOrders(paths.get().data).load(), timeout=TIMEOUT)
    assert [o.id for o in orders_of(second.controller.session)] == [order_id]


# --- how often it asks ------------------------------------------------------------------------------------

class OrderPollLog:
    """A pure ASGI middleware recording each ``GET /api/v1/orders/{id}``: when it started and ended, its
    status and the server's hint (``X-Poll-After``). Pure ASGI, so long polls pass through untouched."""

    def __init__(self, app, entries: list[dict[str, Any]]) -> None:
        self.app = app
        self.entries = entries

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "GET" or not path.startswith(f"{API}/orders/"):
            await self.app(scope, receive, send)
            return
        entry: dict[str, Any] = {"start": time.monotonic(), "end": None, "hint": None, "status": None,
                                 "query": scope.get("query_string", b"").decode()}
        self.entries.append(entry)

        async def recording(message) -> None:
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
                hint = dict(message.get("headers", [])).get(b"x-poll-after")
                entry["hint"] = float(hint) if hint else None
            await send(message)

        try:
            await self.app(scope, receive, recording)
        finally:
            entry["end"] = time.monotonic()


def test_a_quiet_simulated_week_costs_what_the_servers_hint_allows(apps, qtbot, poll_policy) -> None:
    """Counted on the server side: the app talks to a backend on its database with a recording
    middleware. The slip is delivered and the customer does not pay; the clock runs at half a second a
    day, so a simulated week is 3.5 real seconds in which nothing happens to the order (its next event,
    the lapse, is weeks away: the server hints tens of seconds). The app's policy is the tests' quick one
    (a hint is read as at most 0.2 s) with long polls held 1 s, so the week holds a few of its cycles."""
    policy = replace(poll_policy, long_poll_wait=1.0)
    order_id = prepare_world(place_order=True, deliver=True)
    entries: list[dict[str, Any]] = []
    server = EmbeddedServer(database(), seconds_per_day=0.5,
                            configure=lambda api: api.add_middleware(OrderPollLog, entries=entries))
    server.start()
    assert server.wait_ready(20)
    try:
        app = apps(policy=policy, server_url=server.url, sim_token=server.sim_token)
        qtbot.waitUntil(lambda: order_id in app.controller.waiting, timeout=TIMEOUT)
        begin_real = time.monotonic()
        begin = app.sim.sim_clock().today
        week_end = begin + timedelta(days=7)
        qtbot.waitUntil(lambda: app.sim.sim_clock().today >= week_end, timeout=40_000)
        week_real = time.monotonic() - begin_real
        # (GET /orders, not /orders/{id}: the test's own look is not counted as the app's.)
        # nothing happened:
        assert [o.state for o in app.sim.orders() if o.id == order_id] == [OrderState.SLIP_DELIVERED]
        polls = [e for e in entries if e["start"] >= begin_real - 1.0]
    finally:
        server.stop()

    print("order polls in the week:", [(round(e["start"] - begin_real, 1), e["end"] and round(e["end"] - begin_real, 1),
                                        e["status"], e["hint"], e["query"]) for e in polls], f"week={week_real:.1f}s")
    # Each request went out no sooner than the hint of the answer before it, as the policy reads the hint
    # (Qt's coarse timers may fire up to 5 % early).
    for before, after in pairwise(polls):
        assert before["end"] is not None and before["hint"] is not None
        assert after["start"] - before["end"] >= 0.9 * policy.interval(before["hint"]), (before, after)
    assert all("since=" in e["query"] and "wait=" in e["query"] for e in polls)  # long polls, not hammering
    # Nothing changed, so the server held each long poll for its whole wait: one request per wait and hint,
    # and the one out at the start.
    gap = min((policy.interval(e["hint"]) for e in polls if e["hint"]), default=policy.min_interval)
    allowed = 1 + int((week_real + 1.0) / (policy.long_poll_wait + gap))
    assert 1 <= len(polls) <= allowed, polls


# --- the speed an end user sees ------------------------------------------------------------------------------

def test_by_default_an_end_user_sees_the_whole_renewal_within_about_two_minutes() -> None:
    """The embedded backend's default clock (the default scenario's, else resources/simulation.json) runs
    so that the slowest slip (delivered after 2 weeks) paid at once at the slowest place (the post office,
    confirmed up to 10 days later) is extended within about two minutes, the client's polling included
    (it asks at the server's hint: the time to the next event, so at most a second or two late)."""
    from vb_renew.rules.payment import PaidAt
    from vb_renew.rules.slips import load_simulation
    from vb_renew.server.scenarios import read_scenario

    simulation = load_simulation()
    seconds_per_day = (read_scenario(SCENARIO).get("clock") or {}).get("seconds_per_day",
                                                                      simulation.seconds_per_day)
    slowest = max(d.last for d in simulation.confirmation.values())
    assert slowest == simulation.confirmation[PaidAt.POST_OFFICE].last == 10
    worst_days = simulation.delivery.last + slowest
    assert worst_days * seconds_per_day + 2 * 2 <= 120
    assert worst_days * seconds_per_day >= 60  # and slow enough to watch each step on the timeline


# --- the tray ---------------------------------------------------------------------------------------------

def test_the_tray_notifier_is_silent_where_there_is_no_tray(qtbot) -> None:
    notifier = TrayNotifier()
    assert not TrayNotifier.available()  # offscreen
    notifier("契約更新が完了しました", "有効期限が 2028/09/26 まで延長されました。")
    assert notifier._icon is None
