"""「今すぐ更新」 opens S5 from the options read when S2 painted, with no request in between; they are read again once
S5 has painted, and what changed meanwhile is followed; news that they may have changed (here, another simulated
day) drops them, and the click reads them again.

The tests make the server refuse the options after the reading ahead (an injected 503): a wizard that asks the
server at the click shows its failure page instead of S5.
"""

from __future__ import annotations

import logging
import uuid

import pytest
from PySide6.QtWidgets import QLabel
from wizard_driving import TIMEOUT, click

from vb_renew.core.api import API, ApiClient
from vb_renew.core.flow import Step
from vb_renew.core.renewal_start import OPEN_ORDER
from vb_renew.ui.widgets import tr_text

pytestmark = pytest.mark.slow

CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
            "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
            "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}


def s2_read_ahead(qtbot, window, controller) -> ApiClient:
    """S2 shown and what 「今すぐ更新」 opens read; then the server refuses every options request. The sim client."""
    window.show_account_info()
    qtbot.waitUntil(lambda: controller.options_ahead.kept is not None, timeout=TIMEOUT)
    sim = ApiClient(controller.server.url, sim_token=controller.server.sim_token)
    sim.sim_add_fault(path=f"{API}/renewal-options", method="POST", kind="status", status=503, mode="every_nth", n=1)
    return sim


def test_s5_opens_from_what_was_read_on_s2_and_it_is_read_again_once_painted(app, qtbot, caplog) -> None:
    window, controller = app
    caplog.set_level(logging.INFO, logger="vb_renew.ui.wizard.wizard")
    sim = s2_read_ahead(qtbot, window, controller)
    try:
        click(qtbot, window.account_info.renew_button)
        qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is Step.PRODUCT
                        and controller.wizard.isVisible(), timeout=TIMEOUT)
        assert controller.options_ahead.kept is None  # used: S2 shown again reads anew
        # Read again after the paint: refused here, so S5 stays as it was shown, and the log says so.
        qtbot.waitUntil(lambda: "renewal options not read again" in caplog.text, timeout=TIMEOUT)
        assert controller.wizard.current_step() is Step.PRODUCT and controller.wizard.isVisible()
    finally:
        sim.sim_clear_faults()
        sim.close()


def test_an_order_placed_elsewhere_meanwhile_is_followed_once_s5_has_painted(app, qtbot) -> None:
    window, controller = app
    window.show_account_info()
    qtbot.waitUntil(lambda: controller.options_ahead.kept is not None, timeout=TIMEOUT)
    session = controller.session
    other = session.client()  # another device, or the web site: the app hears nothing of it
    try:
        other.create_order({"items": [{"serial": session.serial, "product": "vb_cloud", "years": 1}],
                                    "payment_method": "slip", "customer": CUSTOMER, "card": None},
                                   str(uuid.uuid4()))
    finally:
        other.close()

    click(qtbot, window.account_info.renew_button)  # S5 at once, from what was read on S2
    wizard = controller.wizard
    # Read again once painted: the serial now has an open order, so the wizard goes to S4, which says so.
    qtbot.waitUntil(lambda: wizard.current_step() is Step.SERIALS and wizard.isVisible(), timeout=TIMEOUT)
    said = [label.text() for label in wizard.serials_page.findChildren(QLabel) if label.isVisible()]
    assert tr_text(OPEN_ORDER) in said


def test_another_simulated_day_drops_what_was_read_and_the_click_asks_the_server(app, qtbot) -> None:
    window, controller = app
    sim = s2_read_ahead(qtbot, window, controller)
    try:
        sim.sim_advance(days=1)
        controller.connection.read_clock()  # as the QA panel's clock buttons do: the app reads it at once
        # Dropped at the clock's reading of another day (or at the licence's next refresh, which sees it too).
        qtbot.waitUntil(lambda: controller.options_ahead.kept is None, timeout=TIMEOUT)
        click(qtbot, window.account_info.renew_button)
        qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.isVisible(), timeout=TIMEOUT)
        wizard = controller.wizard
        qtbot.waitUntil(lambda: wizard.state_page.error_panel.isVisible(), timeout=TIMEOUT)  # the server's refusal
        assert wizard.current_step() is None
    finally:
        sim.sim_clear_faults()
        sim.close()
