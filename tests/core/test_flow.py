"""The wizard's flow, in plain pytest: every branch without a GUI."""

from __future__ import annotations

import pytest

from vb_renew.core.flow import Choice, Draft, Step, first_step, next_step, previous_step, steps_for
from vb_renew.core.pending import PendingOrders
from vb_renew.rules.payment import PaymentMethod

RENEW = Choice("VB-1", "vb_cloud", 1, 5280, upgrade=False)
UPGRADE = Choice("VB-1", "ts_premium", 2, 15000, upgrade=True)


def test_one_serial_skips_the_serial_selection() -> None:
    draft = Draft(renewable_serials=("VB-1",), selected_serials=("VB-1",))
    assert first_step(draft) is Step.PRODUCT
    assert previous_step(Step.PRODUCT, draft) is None


def test_several_serials_start_with_the_selection_and_can_go_back_to_it() -> None:
    draft = Draft(renewable_serials=("VB-1", "VB-2"))
    assert first_step(draft) is Step.SERIALS
    assert previous_step(Step.PRODUCT, draft) is Step.SERIALS


def test_a_renewal_is_paid_by_slip_through_the_customer_form() -> None:
    draft = Draft(renewable_serials=("VB-1",), selected_serials=("VB-1",)).choose(RENEW)
    assert draft.payment_method is PaymentMethod.SLIP
    assert steps_for(draft) == [Step.PRODUCT, Step.PAYMENT, Step.CONFIRM, Step.COMPLETE]
    assert previous_step(Step.CONFIRM, draft) is Step.PAYMENT


def test_an_upgrade_is_paid_by_card_never_by_slip() -> None:
    draft = Draft(renewable_serials=("VB-1",), selected_serials=("VB-1",)).choose(UPGRADE)
    assert draft.payment_method is PaymentMethod.CREDIT_CARD
    assert next_step(Step.PRODUCT, draft) is Step.CARD
    assert previous_step(Step.CONFIRM, draft) is Step.CARD


def test_bulk_renewal_with_one_upgrade_pays_all_by_card() -> None:
    draft = Draft(renewable_serials=("VB-1", "VB-2"), selected_serials=("VB-1", "VB-2"))
    draft = draft.choose(Choice("VB-2", "vb_cloud", 1, 5280, False)).choose(UPGRADE)
    assert [c.serial for c in draft.choices] == ["VB-1", "VB-2"]  # in the order they were selected
    assert draft.total == 15000 + 5280
    assert draft.order_body()["payment_method"] == "credit_card"


def test_choosing_again_replaces_the_choice_and_forgets_the_key() -> None:
    draft = Draft(selected_serials=("VB-1",)).choose(RENEW).with_key()
    assert draft.idempotency_key
    again = draft.choose(Choice("VB-1", "vb_cloud", 3, 12320, False))
    assert [c.years for c in again.choices] == [3]
    assert again.idempotency_key is None  # a different application gets a different key


def test_the_key_is_made_once_and_kept() -> None:
    draft = Draft(selected_serials=("VB-1",)).choose(RENEW).with_key()
    assert draft.with_key().idempotency_key == draft.idempotency_key


def test_no_going_back_once_the_order_is_placed() -> None:
    assert previous_step(Step.COMPLETE, Draft()) is None
    with pytest.raises(ValueError):
        next_step(Step.COMPLETE, Draft())


def test_a_slip_order_body_carries_the_customer_and_no_card() -> None:
    draft = Draft(selected_serials=("VB-1",), customer={"family_name": "山田"}).choose(RENEW)
    body = draft.order_body()
    assert body == {"items": [{"serial": "VB-1", "product": "vb_cloud", "years": 1}],
                    "payment_method": "slip", "customer": {"family_name": "山田"}, "card": None}


def test_a_pending_submission_survives_a_restart(tmp_path) -> None:
    PendingOrders(tmp_path).save("key-1", {"items": [], "payment_method": "slip", "card": None})
    assert PendingOrders(tmp_path).load() == ("key-1", {"items": [], "payment_method": "slip", "card": None})
    PendingOrders(tmp_path).clear()
    assert PendingOrders(tmp_path).load() is None


def test_a_card_number_never_reaches_the_disk(tmp_path) -> None:
    PendingOrders(tmp_path).save("key-2", {"card": {"number": "4242424242424242"}})
    assert not any(tmp_path.iterdir())


def test_a_corrupt_pending_file_is_dropped_not_a_crash(tmp_path) -> None:
    (tmp_path / "pending-order.json").write_text("{half", encoding="utf-8")
    assert PendingOrders(tmp_path).load() is None
    assert not (tmp_path / "pending-order.json").exists()


def test_a_card_order_body_sends_the_expiry_as_integers() -> None:
    draft = Draft(card={"number": "4242424242424242", "expiry_month": "03", "expiry_year": "2031",
                        "security_code": "123", "holder": "TARO YAMADA"}).choose(UPGRADE)
    card = draft.order_body()["card"]
    assert card["expiry_month"] == 3 and card["expiry_year"] == 2031
    assert card["number"] == "4242424242424242" and card["security_code"] == "123"  # text stays text
