"""A step is a page switch: the wizard is built before it is first opened, and what does not change between two
openings (S5's sections, the long texts, the step labels, a widget's style sheet) is not built again.

The window and its controller start their own embedded backend (clock stopped), as the app does. The assertions are
on what is built and when, never on how long it took (that is the step-switch benchmark's).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget
from shiboken6 import getCppPointer
from wizard_driving import GOOD_CUSTOMER, TIMEOUT, agree, choose, click, erase, fill_customer, type_text

from vb_renew.core.api import API, ApiClient
from vb_renew.core.flow import Choice, Step
from vb_renew.core.pending import PendingOrders
from vb_renew.ui.style import styled, yen
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.wizard import RenewalWizard, ahead
from vb_renew.ui.wizard import wizard as wizard_module
from vb_renew.ui.wizard.base import OrderSummary
from vb_renew.ui.wizard.customer_form import CustomerForm
from vb_renew.ui.wizard.forms import AgreementBox
from vb_renew.ui.wizard.loading import read_texts
from vb_renew.ui.wizard.product_page import ProductPage


def wizards_in(window: QWidget) -> list[RenewalWizard]:
    return window.findChildren(RenewalWizard)


def open_from_s2(qtbot, window, controller) -> RenewalWizard:
    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is Step.PRODUCT,
                    timeout=TIMEOUT)
    return controller.wizard


def test_the_wizard_is_built_ahead_once_s2_shows_and_opening_it_only_switches_pages(app, qtbot) -> None:
    window, controller = app
    serial = controller.session.serial
    qtbot.wait(300)
    assert wizards_in(window) == []  # not on S1: its memory is spent on the way to it only

    qtbot.mouseClick(window.home.expiry_link, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.account_info
    # Built, its pages laid out, and S5 built from this PC's serial's options, while S2 stays on screen.
    qtbot.waitUntil(lambda: controller.wizard is not None and serial in controller.wizard.product_page.sections,
                    timeout=TIMEOUT)
    wizard = controller.wizard
    assert wizards_in(window) == [wizard]
    assert window.stack.currentWidget() is window.account_info
    assert not wizard.isVisible() and wizard.current_step() is None
    section = wizard.product_page.sections[serial]
    licence = wizard.payment_page.agreement.text.document()
    first_line = read_texts()[0].splitlines()[0]
    qtbot.waitUntil(lambda: licence.toPlainText().startswith(first_line), timeout=TIMEOUT)  # not 「…読み込んでいます…」
    revision = licence.revision()

    assert open_from_s2(qtbot, window, controller) is wizard
    assert window.stack.currentWidget() is wizard
    assert wizard.product_page.sections[serial] is section  # the same options: the section built ahead
    assert licence.revision() == revision  # the same text: not set again
    assert not any(button.isChecked() for button in section.findChildren(QPushButton))
    assert wizards_in(window) == [wizard]


def test_the_wizard_built_ahead_wears_s5s_frame_and_opening_it_reuses_it(app, qtbot) -> None:
    # S5 is laid out and painted ahead as it will open, its steps and buttons with it: the opening then only
    # switches pages (the hidden wizard laid out as its loading page would have been laid out again).
    window, controller = app
    serial = controller.session.serial
    qtbot.mouseClick(window.home.expiry_link, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.wizard is not None and serial in controller.wizard.product_page.sections,
                    timeout=TIMEOUT)
    wizard = controller.wizard
    qtbot.waitUntil(lambda: wizard.indicator.steps != [] and wizard.size() == window.stack.size()
                    and wizard.product_page.width() == window.stack.width(), timeout=TIMEOUT)  # laid out at its size
    assert wizard.current_step() is None and not wizard.isVisible()  # what it holds: nothing yet
    assert wizard.stack.currentWidget() is wizard.product_page
    assert wizard.indicator.current is Step.PRODUCT
    labels = wizard.findChildren(QLabel, "wizard.step.product")
    geometry = wizard.product_page.geometry()
    assert not wizard.product_page.status.isVisibleTo(wizard.product_page)  # one serial: no 「あと…件」

    assert open_from_s2(qtbot, window, controller) is wizard
    assert wizard.findChildren(QLabel, "wizard.step.product") == labels  # the same labels, not built again
    assert wizard.product_page.geometry() == geometry
    assert wizard.back_button.isHidden() and not wizard.cancel_link.isHidden()


class PaintsPerFrame(QObject):
    """Each widget of ``window`` painted in each frame (what one UpdateRequest to the window paints), counted. The
    paints of a widget under a hidden one are not the window's: the pages painted offscreen ahead
    (``ahead.paint_offscreen``)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.frames: list[Counter[tuple[int, str]]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.UpdateRequest and watched is self.window:
            self.frames.append(Counter())
        elif (event.type() == QEvent.Type.Paint and self.frames and isinstance(watched, QWidget)
              and watched.isVisibleTo(self.window)):
            key = (getCppPointer(watched)[0], watched.objectName() or type(watched).__name__)  # not id(): a wrapper
            self.frames[-1][key] += 1  # made for the event may be freed and its id reused by the next one's
        return False

    def twice(self) -> list[list[str]]:
        return [[name for (_, name), count in frame.items() if count > 1] for frame in self.frames
                if max(frame.values(), default=0) > 1]


def test_each_step_of_the_wizard_paints_each_widget_once_in_its_frame(app, qtbot) -> None:
    # A page's scroll area paints no background: an opaque widget in it was painted alone, then again with the
    # window, in the frame its page showed in (S5's and S7's whole bodies, once the wizard was built ahead).
    window, controller = app
    paints = PaintsPerFrame(window)
    QApplication.instance().installEventFilter(paints)
    try:
        qtbot.mouseClick(window.home.expiry_link, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: controller.wizard is not None and not controller.building_ahead, timeout=TIMEOUT)
        wizard = open_from_s2(qtbot, window, controller)
        qtbot.waitUntil(lambda: not wizard.product_page.body.visibleRegion().isEmpty(), timeout=TIMEOUT)
        choose(qtbot, wizard, controller.session.serial, "vb_cloud", 1)
        qtbot.waitUntil(lambda: wizard.current_step() is Step.PAYMENT, timeout=TIMEOUT)
        fill_customer(qtbot, wizard)
        agree(qtbot, wizard)
        click(qtbot, wizard.payment_page.next_button)
        qtbot.waitUntil(lambda: wizard.current_step() is Step.CONFIRM, timeout=TIMEOUT)
        qtbot.wait(100)  # the confirmation's frame painted
    finally:
        QApplication.instance().removeEventFilter(paints)
    painted = {name for frame in paints.frames for (_, name) in frame}
    assert {"productPage.body", "customerPage.body", "confirmPage.body"} <= painted, sorted(painted)
    twice = paints.twice()
    assert twice == [], "\n".join(" ".join(frame) for frame in twice)


def test_opening_the_wizard_while_it_is_built_ahead_finishes_the_same_one(app, qtbot) -> None:
    window, controller = app
    window.show_account_info()  # the build ahead starts: nothing of it has run yet
    assert controller.wizard is None
    controller.open_wizard(controller.client, [controller.session.serial], controller.session.email)
    wizard = controller.wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: window.stack.currentWidget() is wizard and wizard.current_step() is Step.PRODUCT,
                    timeout=TIMEOUT)
    qtbot.wait(200)  # what was left of the build ahead has run, or stopped
    assert wizards_in(window) == [wizard]
    assert wizard.isVisible() and wizard.current_step() is Step.PRODUCT


def slow_options(controller, seconds: float) -> ApiClient:
    """Every renewal-options request of this app's backend answers ``seconds`` late (an injected fault)."""
    sim = ApiClient(controller.server.url, sim_token=controller.server.sim_token)
    sim.sim_add_fault(path=f"{API}/renewal-options", method="POST", kind="latency", latency_ms=round(seconds * 1000),
                      mode="every_nth", n=1)
    return sim


def test_a_quick_opening_goes_from_s2_straight_to_s5_with_the_focus_on_it(app, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(wizard_module, "LOADING_SHOWN_AFTER_MS", 60_000)  # quick: whatever this machine takes
    window, controller = app
    window.show_account_info()
    shown: list[tuple[QWidget, Step | None]] = []
    window.stack.currentChanged.connect(lambda _index: shown.append(
        (window.stack.currentWidget(), controller.wizard.current_step() if controller.wizard else None)))
    wizard = open_from_s2(qtbot, window, controller)
    assert shown == [(wizard, Step.PRODUCT)]  # never its loading page
    assert wizard.product_page.isAncestorOf(QApplication.focusWidget())


def test_a_slow_opening_shows_the_loading_page_after_a_moment(app, qtbot) -> None:
    window, controller = app
    sim = slow_options(controller, 1.5)
    try:
        window.show_account_info()
        click(qtbot, window.account_info.renew_button)
        assert window.stack.currentWidget() is window.account_info  # S2 stays, for now
        qtbot.waitUntil(lambda: window.stack.currentWidget() is controller.wizard, timeout=TIMEOUT)
        wizard = controller.wizard
        assert wizard.current_step() is None and wizard.state_page.isVisible()  # loading, and saying so
        qtbot.waitUntil(lambda: wizard.current_step() is Step.PRODUCT, timeout=TIMEOUT)
    finally:
        sim.sim_clear_faults()
        sim.close()


def test_leaving_s2_while_the_wizard_loads_leaves_it_closed(app, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(wizard_module, "LOADING_SHOWN_AFTER_MS", 60_000)
    window, controller = app
    sim = slow_options(controller, 1.5)
    try:
        window.show_account_info()
        click(qtbot, window.account_info.renew_button)
        qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.client_factory is not None,
                        timeout=TIMEOUT)  # opened, hidden, its options on the way
        wizard = controller.wizard
        click(qtbot, window.account_info.back_button)  # 戻る: S1
        assert window.stack.currentWidget() is window.home
        qtbot.waitUntil(lambda: controller.runner.busy == 0, timeout=TIMEOUT)  # the options came, and were dropped
        assert window.stack.currentWidget() is window.home and not wizard.isVisible()
        assert wizard.client_factory is None and not wizard.holds_input()  # closing the window asks nothing
    finally:
        sim.sim_clear_faults()
        sim.close()
    window.show_account_info()
    assert open_from_s2(qtbot, window, controller) is wizard  # and it opens as usual afterwards


class FirstPaint(QObject):
    """Calls ``then()`` at ``widget``'s first paint."""

    def __init__(self, widget: QWidget, then) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.then()
        return False


def test_a_click_while_the_pages_warm_up_has_the_ui_thread_until_s5_has_painted(app, qtbot, monkeypatch) -> None:
    """What is left to build ahead waits from the click on 「今すぐ更新」 to S5's first paint, then goes on."""
    window, controller = app
    timeline: list[str] = []  # the pages' strips painted offscreen, and what the user did and saw
    real = ahead.paint_offscreen

    def user_clicks() -> None:  # S5 may show within this turn (its options read ahead): its paint watched first
        FirstPaint(controller.wizard, lambda: timeline.append("painted"))
        timeline.append("click")
        click(qtbot, window.account_info.renew_button)

    def recorded(page: QWidget, *still):
        for strip in real(page, *still):
            timeline.append(page.objectName())
            if len(timeline) == 3:  # the build ahead under way (the wizard is whole): the user clicks now
                QTimer.singleShot(0, user_clicks)
            yield strip

    monkeypatch.setattr(ahead, "paint_offscreen", recorded)
    window.show_account_info()
    qtbot.waitUntil(lambda: "click" in timeline, timeout=TIMEOUT)
    wizard = controller.wizard
    qtbot.waitUntil(lambda: wizard.current_step() is Step.PRODUCT and "painted" in timeline, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: timeline[-1] == "cardPage" and controller.runner.busy == 0, timeout=TIMEOUT)
    qtbot.wait(100)
    held = timeline[timeline.index("click") + 1:timeline.index("painted")]
    assert held == []  # nothing built ahead between the click and S5 on screen
    after = set(timeline[timeline.index("painted") + 1:])
    assert {"confirmPage", "completePage", "cardPage"} <= after  # then the rest, S5 itself left alone
    assert "productPage" not in after and window.stack.currentWidget() is wizard


def test_opening_the_wizard_again_keeps_s5_and_the_steps_and_resets_the_choice(app, qtbot) -> None:
    window, controller = app
    serial = controller.session.serial
    window.show_account_info()
    wizard = open_from_s2(qtbot, window, controller)
    section = wizard.product_page.sections[serial]
    button = wizard.product_page.button(serial, "vb_cloud", 1)
    step_label = wizard.findChild(QLabel, "wizard.step.product")
    assert step_label is not None
    qtbot.waitUntil(step_label.isVisible, timeout=TIMEOUT)
    choose(qtbot, wizard, serial, "vb_cloud", 1)
    assert wizard.current_step() is Step.PAYMENT
    click(qtbot, wizard.cancel_link)  # nothing typed: leaves without asking
    assert window.stack.currentWidget() is window.account_info

    assert open_from_s2(qtbot, window, controller) is wizard
    assert wizard.product_page.sections[serial] is section
    assert wizard.product_page.button(serial, "vb_cloud", 1) is button and not button.isChecked()
    assert wizard.findChild(QLabel, "wizard.step.product") is step_label and step_label.isVisible()
    assert wizard.indicator.steps == [Step.PRODUCT, Step.PAYMENT, Step.CONFIRM, Step.COMPLETE]


def test_s7_is_laid_out_ahead_once_s6_is_complete_and_shows_what_s6_says_at_the_click(app, qtbot) -> None:
    window, controller = app
    window.show_account_info()
    wizard = open_from_s2(qtbot, window, controller)
    choose(qtbot, wizard, controller.session.serial, "vb_cloud", 1)
    fill_customer(qtbot, wizard)
    phone = wizard.confirm_page.phone
    assert phone.text() != GOOD_CUSTOMER["phone"]  # incomplete: nothing ahead yet
    agree(qtbot, wizard)
    qtbot.waitUntil(lambda: phone.text() == GOOD_CUSTOMER["phone"], timeout=TIMEOUT)  # S7, hidden, laid out
    assert wizard.current_step() is Step.PAYMENT and not wizard.confirm_page.isVisible()

    field = wizard.payment_page.customer_form.inputs["phone"]
    erase(qtbot, field)
    type_text(qtbot, field, "090-1111-2222")
    click(qtbot, wizard.payment_page.next_button)  # at once: before the typing's pause
    assert wizard.current_step() is Step.CONFIRM
    assert phone.text() == "090-1111-2222"  # what S6 said at the click


def test_s5_is_built_again_only_for_other_options(qtbot, product_session) -> None:
    client = product_session.client()
    try:
        item = client.renewal_options([product_session.serial]).items[0]
    finally:
        client.close()
    page = ProductPage()
    qtbot.addWidget(page)
    page.set_items([item])
    section = page.sections[item.serial]
    page.set_items([item])
    assert page.sections[item.serial] is section
    later = replace(item, expiry=item.expiry + timedelta(days=366))  # another year, also from 29 February
    page.set_items([later])
    assert page.sections[item.serial] is not section
    title = page.sections[item.serial].findChild(QLabel, f"productPage.sectionTitle.{item.serial}")
    assert str(later.expiry.year) in title.text()


def test_a_long_text_set_again_is_kept_and_shown_from_its_top(qtbot) -> None:
    box = AgreementBox("test")
    qtbot.addWidget(box)
    box.resize(500, 300)
    box.show()
    text = "\n".join(f"第{number}条 本契約の条項です。" for number in range(200))
    box.set_text(text)
    document = box.text.document()
    revision = document.revision()
    box.text.verticalScrollBar().setValue(box.text.verticalScrollBar().maximum())
    assert box.text.verticalScrollBar().value() > 0
    box.set_text(text)
    assert document.revision() == revision
    assert box.text.verticalScrollBar().value() == 0
    box.set_text(text + "\n附則")
    assert box.text.toPlainText().endswith("附則")


def test_the_waiting_page_is_built_once_s8_has_painted(app, qtbot) -> None:
    window, controller = app
    serial = controller.session.serial
    window.show_account_info()
    wizard = open_from_s2(qtbot, window, controller)
    choose(qtbot, wizard, serial, "vb_cloud", 1)
    fill_customer(qtbot, wizard)
    agree(qtbot, wizard)
    click(qtbot, wizard.page(Step.PAYMENT).next_button)
    assert wizard.current_step() is Step.CONFIRM

    seen: dict[str, object] = {}

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:  # S8's first paint: was the page there already?
                seen.setdefault("page when S8 painted", seen["order"] in controller.waiting)
            return False

    painted = Painted()

    def placed(order) -> None:  # after the wizard's and the controller's own slots
        seen["order"] = order.id
        seen["followed"] = order.id in controller.tracker
        seen["page at once"] = order.id in controller.waiting
        wizard.findChild(QMessageBox, "orderPlacedDialog").installEventFilter(painted)

    wizard.order_sender.placed.connect(placed)
    with qtbot.waitSignal(wizard.orderShown, timeout=TIMEOUT) as announced:
        click(qtbot, wizard.confirm_page.next_button)
    order = announced.args[0]
    assert seen["followed"] is True  # the tracker follows the order from the moment it is placed
    assert seen["page at once"] is False  # its page waits for S8
    assert seen["page when S8 painted"] is False
    qtbot.waitUntil(lambda: order.id in controller.waiting, timeout=TIMEOUT)
    assert wizard.current_step() is Step.CONFIRM  # S8 still on screen: built without 「OK」
    dialog = wizard.findChild(QMessageBox, "orderPlacedDialog")
    click(qtbot, dialog.findChild(QPushButton, "orderPlacedDialog.ok"))
    assert wizard.current_step() is Step.COMPLETE
    click(qtbot, wizard.status_button)
    assert window.stack.currentWidget() is controller.waiting[order.id]


def test_the_summary_keeps_its_labels_and_shows_as_many_lines_as_choices(qtbot) -> None:
    summary = OrderSummary("summary")
    qtbot.addWidget(summary)
    summary.show()
    names = {"vb_cloud": "ウイルスバスター クラウド", "vb_total": "ウイルスバスター トータルセキュリティ"}

    def line(number: int) -> list[str]:
        return [summary.findChild(QLabel, f"summary.{part}{number}").text()
                for part in ("serial", "product", "years", "price")]

    def shown(number: int) -> bool:
        return summary.findChild(QLabel, f"summary.serial{number}").isVisible()

    one = Choice("AAAA-1111", "vb_cloud", 1, 5720, False)
    summary.set_choices([one], names, 5720)
    first = summary.findChild(QLabel, "summary.serial1")
    assert line(1) == ["AAAA-1111", "ウイルスバスター クラウド", "1年", yen(5720)]
    assert summary.findChild(QLabel, "summary.total").text() == yen(5720)
    one_line = summary.sizeHint().height()

    summary.set_choices([replace(one, product="vb_total", years=3, price=15000, upgrade=True)], names, 15000)
    assert summary.findChild(QLabel, "summary.serial1") is first  # the same label, another text
    assert line(1) == ["AAAA-1111", "ウイルスバスター トータルセキュリティ（アップグレード）", "3年", yen(15000)]

    two = Choice("BBBB-2222", "vb_cloud", 2, 10500, False)
    summary.set_choices([one, two], names, 16220)
    assert shown(1) and shown(2) and line(2) == ["BBBB-2222", "ウイルスバスター クラウド", "2年", yen(10500)]
    total = summary.findChild(QLabel, "summary.total")
    summary.layout().activate()
    assert total.geometry().top() > summary.findChild(QLabel, "summary.price2").geometry().bottom()  # under them
    assert total.text() == yen(16220)
    assert summary.sizeHint().height() > one_line

    summary.set_choices([two], names, 10500)
    assert shown(1) and not shown(2) and line(1)[0] == "BBBB-2222"
    assert summary.sizeHint().height() == one_line  # the total right under the one line again


def test_a_wizard_built_in_parts_is_the_wizard_built_at_once(qtbot, tmp_path) -> None:
    runner = TaskRunner()
    try:
        whole = RenewalWizard(runner, PendingOrders(tmp_path / "a"))
        parts = RenewalWizard(runner, PendingOrders(tmp_path / "b"), in_parts=True)
        for wizard in (whole, parts):
            qtbot.addWidget(wizard)
        assert whole.built and not parts.built
        steps = 0
        while not parts.build_part():
            steps += 1
        assert parts.built and steps > 3  # a few parts, each a turn of the event loop when built ahead

        def names(wizard: RenewalWizard) -> list[tuple[str, str]]:
            return sorted((type(w).__name__, w.objectName()) for w in wizard.findChildren(QWidget))

        assert names(parts) == names(whole)
        assert list(parts.pages) == list(whole.pages)
    finally:
        runner.shutdown()


def test_the_same_style_sheet_again_does_not_restyle(qtbot) -> None:
    label = QLabel("text")
    qtbot.addWidget(label)
    label.show()
    changes: list[QEvent.Type] = []

    class Spy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
                changes.append(event.type())
            return False

    spy = Spy()
    label.installEventFilter(spy)
    styled(label, "muted")
    assert changes
    changes.clear()
    styled(label, "muted")  # a form refreshing its errors at every key does this for each field
    assert changes == []
    styled(label, "error")
    assert QEvent.Type.StyleChange in changes


def test_a_field_keeps_its_font_when_its_error_shows_and_goes(qtbot) -> None:
    window = QWidget()
    font = QApplication.font()
    font.setPointSize(font.pointSize() + 1)  # as the main window's: larger than the application's
    window.setFont(font)
    runner = TaskRunner()
    try:
        form = CustomerForm("test", runner, window)
        QVBoxLayout(window).addWidget(form)
        qtbot.addWidget(window)
        window.show()
        phone, name = form.inputs["phone"], form.inputs["family_name"]
        size = phone.font().pointSize()
        assert size == font.pointSize()
        type_text(qtbot, phone, "0")  # not a number yet: its error shows
        form.refresh_errors()
        assert form.visible_errors().get("phone")
        erase(qtbot, phone)
        type_text(qtbot, phone, "03-1234-5678")  # and goes
        assert "phone" not in form.visible_errors()
        assert phone.font().pointSize() == size == name.font().pointSize()  # every field alike, as first shown
    finally:
        runner.shutdown()
