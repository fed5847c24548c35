"""The slip view against the real embedded backend: the barcode, what the slip says, saving, paying.

An order by slip is placed through the API (as the wizard does at S7), then the simulated clock is
advanced event by event until the slip is where the test wants it (mailed, or delivered).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, qGray
from PySide6.QtWidgets import QFileDialog
from shiboken6 import isValid

from tests.needs import needs_japanese_font, needs_tool
from tests.ui.wizard_driving import GOOD_CUSTOMER, TIMEOUT, click
from vb_renew.core.api import ApiClient
from vb_renew.core.data import Order
from vb_renew.core.errors import ApiError
from vb_renew.core.poller import WatchedOrders
from vb_renew.core.session import ProductSession
from vb_renew.qa.automation import automation_ids, unnamed
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.slips import decode_barcode, format_barcode, verify_barcode
from vb_renew.ui.barcode import FNC1, START_C, gs1_128_modules
from vb_renew.ui.slip.content import slip_text
from vb_renew.ui.slip.export import PNG_SCALE, render_slip_image
from vb_renew.ui.slip.painting import BARCODE_HEIGHT, SLIP_SIZE, barcode_rect
from vb_renew.ui.slip.view import SlipView
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.tracking import OrderTracker

CUSTOMER = dict(GOOD_CUSTOMER, prefecture="東京都", city="新宿区西新宿", email="taro@example.jp")

# Code 128 symbol values 0..106 as element widths (bar, space, bar, space, bar, space[, bar]): the symbol
# table of ISO/IEC 15417, written out here independently of the encoder under test.
CODE128_WIDTHS = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
    "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
    "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
    "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
    "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
    "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
    "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
    "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
    "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
    "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
]
STOP = 106


def decode_code128_widths(widths: list[int]) -> list[int]:
    """Symbol values from the element widths of a whole Code 128 symbol (start .. check, stop checked)."""
    table = {w: value for value, w in enumerate(CODE128_WIDTHS)}
    assert len(widths) % 6 == 1, f"{len(widths)} elements is not a whole Code 128 symbol"
    symbols, stop = [widths[i:i + 6] for i in range(0, len(widths) - 7, 6)], widths[-7:]
    assert table["".join(map(str, stop))] == STOP
    values = [table["".join(map(str, symbol))] for symbol in symbols]
    *body, check = values
    assert (body[0] + sum(i * v for i, v in enumerate(body) if i)) % 103 == check, "check symbol"
    return body


def element_widths(row: list[bool], module_px: int) -> list[int]:
    """Run lengths of a scanned row (True = dark), first bar to last bar, in modules."""
    first, last = row.index(True), len(row) - 1 - row[::-1].index(True)
    runs: list[int] = []
    current, length = row[first], 0
    for dark in row[first:last + 1]:
        if dark == current:
            length += 1
        else:
            runs.append(length)
            current, length = dark, 1
    runs.append(length)
    assert all(run % module_px == 0 for run in runs), "bars fall on whole pixels"
    return [run // module_px for run in runs]


def scan(image: QImage, y: int, left: int, right: int) -> list[bool]:
    # The translucent red 「見本」 may lie over the bars: a bar under it stays dark (grey ~36), a space
    # under it turns pink (grey ~150); white is 255.
    return [qGray(image.pixel(x, y)) < 100 for x in range(left, right)]


def digits_from_values(values: list[int]) -> str:
    assert values[0] == START_C and values[1] == FNC1, "GS1-128: Start C then FNC1"
    assert all(v < 100 for v in values[2:]), "digits only, set C throughout"
    return "".join(f"{v:02d}" for v in values[2:])


# -- fixtures -------------------------------------------------------------------------------------------


def place_slip_order(session: ProductSession) -> Order:
    client = session.client()
    try:
        body = {"items": [{"serial": session.serial, "product": "vb_cloud", "years": 1}],
                "payment_method": "slip", "customer": CUSTOMER, "card": None}
        return client.create_order(body, str(uuid.uuid4()))
    finally:
        client.close()


def read_order(session: ProductSession, order_id: str) -> Order:
    client = session.client()
    try:
        order = client.poll_order(order_id).order
    finally:
        client.close()
    assert order is not None
    return order


def advance_until(session: ProductSession, sim: ApiClient, order_id: str, state: OrderState) -> Order:
    """Run the simulated world one event at a time until the order reaches ``state``."""
    for _ in range(10):
        order = read_order(session, order_id)
        if order.state is state:
            return order
        sim.sim_advance(to_next_event=True)
    raise AssertionError(f"the order never reached {state}: {order.state}")


@pytest.fixture
def make_view(qtbot) -> Iterator[Callable[[ProductSession, Order], SlipView]]:
    runners: list[TaskRunner] = []
    views: list[SlipView] = []  # alive until the runners stopped

    def make(session: ProductSession, order: Order) -> SlipView:
        runner = TaskRunner()
        runners.append(runner)
        view = SlipView(runner, session.client, order)
        views.append(view)
        qtbot.addWidget(view)
        view.resize(1100, 700)
        view.show()
        qtbot.waitExposed(view)
        return view

    yield make
    for runner in runners:
        runner.shutdown()


@pytest.fixture
def delivered(product_session: ProductSession, sim: ApiClient) -> tuple[ProductSession, Order]:
    order = place_slip_order(product_session)
    return product_session, advance_until(product_session, sim, order.id, OrderState.SLIP_DELIVERED)


@pytest.fixture
def mailed(product_session: ProductSession, sim: ApiClient) -> tuple[ProductSession, Order]:
    order = place_slip_order(product_session)
    return product_session, advance_until(product_session, sim, order.id, OrderState.SLIP_MAILED)


# -- the barcode ---------------------------------------------------------------------------------------


def test_the_barcode_number_verifies_and_says_what_the_slip_says(delivered) -> None:
    _, order = delivered
    slip = order.slip
    number = slip.barcode_number
    assert verify_barcode(number)  # 44 digits, AI 91, GS1 modulus-10 check digit
    fields = decode_barcode(number)
    assert fields["amount"] == slip.amount == order.total == 5280
    assert fields["deadline"] == slip.deadline
    assert fields["reissue"] == slip.reissue_count
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not verify_barcode(broken)


def test_the_drawn_bars_decode_back_to_the_44_digits(qtbot, delivered) -> None:
    _, order = delivered
    number = order.slip.barcode_number
    image = render_slip_image(order)  # what save_png writes
    modules = gs1_128_modules(number)
    bars = barcode_rect(len(modules))
    left = round((bars.left() - 10) * PNG_SCALE)  # from inside the quiet zones
    right = round((bars.right() + 10) * PNG_SCALE)
    for fraction in (0.1, 0.5, 0.9):  # top, middle and bottom of the bars: under the stamp or not
        y = round((bars.top() + BARCODE_HEIGHT * fraction) * PNG_SCALE)
        row = scan(image, y, left, right)
        assert not any(row[: 10 * PNG_SCALE]) and not any(row[-10 * PNG_SCALE:]), "quiet zones are clear"
        widths = element_widths(row, PNG_SCALE)
        assert digits_from_values(decode_code128_widths(widths)) == number
        # and the very modules python-barcode built
        drawn = "".join(("1" if i % 2 == 0 else "0") * w for i, w in enumerate(widths))
        assert drawn == modules


def test_the_decoder_reads_a_pattern_built_independently() -> None:
    """The test's decoder itself, on a symbol built from the table by hand: Start C, FNC1, 91 12 34, check, stop."""
    values = [START_C, FNC1, 91, 12, 34]
    check = (values[0] + sum(i * v for i, v in enumerate(values) if i)) % 103
    widths = [int(c) for v in [*values, check, STOP] for c in CODE128_WIDTHS[v]]
    assert digits_from_values(decode_code128_widths(widths)) == "911234"


# -- what the slip shows --------------------------------------------------------------------------------


def test_the_slip_shows_amount_deadline_and_customer(qtbot, make_view, delivered) -> None:
    session, order = delivered
    view = make_view(session, order)
    summary = view.canvas.accessibleDescription()  # the strings the slip is painted with
    assert "5,280円" in summary
    deadline = order.slip.deadline
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in summary
    assert "山田 太郎 様" in summary
    assert "東京都新宿区西新宿6-10-1" in summary
    assert order.number in summary and order.slip.number in summary
    assert order.slip.barcode_number in summary
    assert "トレンドマイクロ株式会社" in summary
    assert "届きました" in view.status.text()
    assert view.pay_store_button.isEnabled() and view.pay_post_button.isEnabled()
    assert view.simulation_badge.isVisible() and view.simulation_badge.text() == "シミュレーション"
    assert view.canvas.width() > 0.5 * SLIP_SIZE.width()  # scaled to the window, not shrunk to nothing


def test_every_control_has_an_automation_id(qtbot, make_view, delivered) -> None:
    session, order = delivered
    view = make_view(session, order)
    assert unnamed(view) == []
    names = {i.object_name for i in automation_ids(view)}
    assert {"slipSavePdfButton", "slipSavePngButton", "slipPayConvenienceStoreButton", "slipPayPostOfficeButton",
            "slipCloseButton"} <= names


def test_close_asks_to_close(qtbot, make_view, delivered) -> None:
    session, order = delivered
    view = make_view(session, order)
    with qtbot.waitSignal(view.closeRequested, timeout=TIMEOUT):
        click(qtbot, view.close_button)


# -- saving -------------------------------------------------------------------------------------------


def test_save_png_writes_the_slip_at_print_resolution(qtbot, make_view, delivered, tmp_path: Path) -> None:
    session, order = delivered
    view = make_view(session, order)
    path = tmp_path / "slip.png"
    with qtbot.waitSignal(view.saved, timeout=TIMEOUT) as saved:
        view.save_png(str(path))
    assert saved.args == [str(path)]
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == (SLIP_SIZE.width() * PNG_SCALE, SLIP_SIZE.height() * PNG_SCALE)
    assert round(image.dotsPerMeterX() / 1000) == 12  # 12 px/mm: prints at the slip's real size
    assert view.save_png_button.isEnabled()
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_save_pdf_writes_one_page(qtbot, make_view, delivered, tmp_path: Path) -> None:
    session, order = delivered
    view = make_view(session, order)
    path = tmp_path / "slip.pdf"
    with qtbot.waitSignal(view.saved, timeout=TIMEOUT):
        view.save_pdf(str(path))
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) == 1  # one page (and one /Pages tree)


def test_the_saved_pdf_opens_with_the_slip_and_its_japanese_text(qtbot, make_view, delivered, tmp_path) -> None:
    pdftoppm, pdftotext = needs_tool("pdftoppm"), needs_tool("pdftotext")
    needs_japanese_font()
    session, order = delivered
    view = make_view(session, order)
    path = tmp_path / "slip.pdf"
    number = order.slip.barcode_number
    with qtbot.waitSignal(view.saved, timeout=TIMEOUT):
        view.save_pdf(str(path))
    subprocess.run([pdftoppm, "-png", "-r", "50", "-singlefile", str(path), str(tmp_path / "page")], check=True,
                   timeout=60)
    page = QImage(str(tmp_path / "page.png"))
    assert abs(page.width() - 585) <= 1 and abs(page.height() - 413) <= 1  # A4 landscape at 50 dpi
    dark = sum(1 for x in range(0, page.width(), 3) for y in range(0, page.height(), 3)
               if qGray(page.pixel(x, y)) < 128)
    assert dark > 200, "the page has the slip on it"
    text = subprocess.run([pdftotext, "-raw", str(path), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    text = unicodedata.normalize("NFKC", text)  # the CJK font maps some kanji to their radical look-alikes
    for expected in ("払込取扱票", "受領証", "見本", "5,280円", "山田 太郎 様", format_barcode(number)):
        assert expected in text  # Japanese embedded as text, not lost to a missing font


def test_the_save_dialog_does_not_block_and_saves_where_chosen(qtbot, make_view, delivered, tmp_path) -> None:
    session, order = delivered
    view = make_view(session, order)
    click(qtbot, view.save_pdf_button)  # returns at once: the dialog is window-modal, opened with open()
    dialog = view.findChild(QFileDialog, "slipSaveDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.selectedFiles()[0].endswith(".pdf")
    path = tmp_path / "chosen.pdf"
    with qtbot.waitSignal(view.saved, timeout=TIMEOUT) as saved:
        dialog.fileSelected.emit(str(path))  # what accepting the dialog on that file sends
        dialog.close()
    assert saved.args == [str(path)]
    assert path.read_bytes().startswith(b"%PDF-")


def test_a_failed_save_is_told_in_japanese(qtbot, make_view, delivered, tmp_path: Path) -> None:
    session, order = delivered
    view = make_view(session, order)
    with qtbot.waitSignal(view.saveFailed, timeout=TIMEOUT) as failed:
        view.save_png(str(tmp_path / "no such folder" / "slip.png"))
    assert failed.args[0].startswith("保存できませんでした")
    assert view.error.isVisible() and view.error.text() == failed.args[0]
    assert view.save_png_button.isEnabled()


# -- paying (simulation) -------------------------------------------------------------------------------


@pytest.mark.parametrize(("button", "place"), [("pay_store_button", "convenience_store"),
                                               ("pay_post_button", "post_office")])
def test_paying_goes_through_the_simulation_api(qtbot, make_view, delivered, button, place) -> None:
    session, order = delivered
    view = make_view(session, order)
    with qtbot.waitSignal(view.paid, timeout=TIMEOUT) as paid:
        click(qtbot, getattr(view, button))
        assert view.busy.isVisible()
        assert not view.pay_store_button.isEnabled() and not view.pay_post_button.isEnabled()  # no double payment
    announced = paid.args[0]
    stored = read_order(session, order.id)  # what the backend holds
    assert stored.state is OrderState.PAID
    assert stored.payment is not None and stored.payment.place == place
    assert stored.payment.amount == order.slip.amount == 5280
    assert announced.id == order.id and announced.payment == stored.payment
    assert view.order().state is OrderState.PAID
    expected_place = {"convenience_store": "コンビニエンスストア", "post_office": "郵便局"}[place]
    assert expected_place in view.status.text() and "お支払い済み" in view.status.text()
    paid_on = stored.payment.paid_on
    assert f"{paid_on.year}年{paid_on.month}月{paid_on.day}日" in view.status.text()
    assert not view.pay_store_button.isVisible() and not view.busy.isVisible()
    assert not view.error.isVisible()


def test_paying_before_the_slip_arrives_shows_the_servers_message(qtbot, make_view, mailed, sim) -> None:
    session, order = mailed
    assert order.slip is not None and order.slip.delivered_on is None
    view = make_view(session, order)
    assert "郵送中" in view.status.text()
    with pytest.raises(ApiError) as refused:  # what the server says to anyone paying now
        sim.sim_pay(order.id, "convenience_store", order.slip.amount)
    assert refused.value.code == "payment.slip_not_delivered"
    paid: list[object] = []
    view.paid.connect(paid.append)
    click(qtbot, view.pay_store_button)
    qtbot.waitUntil(lambda: view.error.isVisible(), timeout=TIMEOUT)
    assert view.error.text() == refused.value.server_message == "振込用紙がまだ届いていません。"
    assert paid == []
    assert view.pay_store_button.isEnabled() and not view.busy.isVisible()
    assert read_order(session, order.id).state is OrderState.SLIP_MAILED


def test_an_order_without_a_slip_yet_says_so(qtbot, make_view, product_session) -> None:
    order = place_slip_order(product_session)
    view = make_view(product_session, order)
    assert "まだ発行されていません" in view.status.text()
    assert not view.pay_store_button.isEnabled() and not view.save_pdf_button.isEnabled()


def test_with_the_order_tracker_the_slip_shows_a_payment_made_elsewhere(qtbot, delivered, sim, poll_policy,
                                                                         tmp_path) -> None:
    """The view reads the tracker that follows its order: paid at a counter (the simulation pays), it shows the
    receipt stamped without being told."""
    session, order = delivered
    tracker = OrderTracker(replace(poll_policy, long_poll_wait=1.0), watched=WatchedOrders(tmp_path))
    runner = TaskRunner()
    view = SlipView(runner, session.client, order, tracker=tracker)
    qtbot.addWidget(view)
    try:
        tracker.watch(order, session.client)
        qtbot.waitUntil(lambda: tracker.watcher(order.id).outstanding is not None, timeout=TIMEOUT)
        paid = sim.sim_pay(order.id, "post_office", order.slip.amount)
        qtbot.waitUntil(lambda: view.order().state is OrderState.PAID, timeout=TIMEOUT)
        assert view.order() == tracker.order(order.id) == paid
        assert "郵便局" in view.status.text() and "お支払い済み" in view.status.text()
        assert not view.pay_post_button.isVisible()
        text = slip_text(view.order())
        assert text is not None and text.paid and text.paid_at_post_office
        assert text.paid_on == paid.payment.paid_on  # the receipt's 日付印, a date
    finally:
        assert tracker.shutdown()
        runner.shutdown()


def test_closing_the_view_while_paying_is_safe(qtbot, delivered) -> None:
    session, order = delivered
    runner = TaskRunner()
    view = SlipView(runner, session.client, order)  # not handed to qtbot: this test deletes it
    view.show()
    qtbot.waitExposed(view)
    try:
        click(qtbot, view.pay_post_button)
        view.close()
        view.deleteLater()  # the main window drops the view while the payment is in flight
        qtbot.waitUntil(lambda: not isValid(view), timeout=TIMEOUT)
        qtbot.waitUntil(lambda: runner.busy == 0, timeout=TIMEOUT)  # the answer came to a deleted view
    finally:
        runner.shutdown()
    assert read_order(session, order.id).payment.place == "post_office"
