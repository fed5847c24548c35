"""The wizard's draft on disk: what it holds (never a card field), how it is keyed, what "filled" means, what a
restart takes back, and that a broken file is ignored, not a crash."""

from __future__ import annotations

import json
import logging
import threading
from datetime import date
from pathlib import Path

import pytest

from vb_renew.core.data import Price, RenewalItem, RenewalOption, RenewalOptions
from vb_renew.core.draft import (
    FOLDER,
    DraftStore,
    FormDraft,
    SavedChoice,
    draft_key,
    has_customer_input,
    has_input,
    restore,
    worth_keeping,
)
from vb_renew.core.flow import Choice

CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
            "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
            "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}
CARD = {"number": "4242424242424242", "expiry_month": "12", "expiry_year": "2030", "security_code": "123",
        "holder": "TARO YAMADA"}
NOW = 1_900_000_000.0


def draft(**changes) -> FormDraft:
    values = {"serials": ("VB-2", "VB-1"), "selected": ("VB-1",), "choices": (SavedChoice("VB-1", "vb_cloud", 2),),
              "customer": CUSTOMER, "saved_at": NOW}
    values.update(changes)
    return FormDraft(**values)


def option(product: str, upgrade: bool = False, refused: bool = False) -> RenewalOption:
    from vb_renew.core.data import Refusal

    refusal = Refusal(code="upgrade.auto_renew_on", message="…") if refused else None
    return RenewalOption(product=product, product_name=product, upgrade=upgrade, payment_methods=(),
                         refusal=refusal, prices=(Price(1, 5280), Price(2, 9570), Price(3, 12320)))


def options(*items: RenewalItem) -> RenewalOptions:
    return RenewalOptions(today=date(2026, 11, 26), items=items)


def item(serial: str, *opts: RenewalOption) -> RenewalItem:
    return RenewalItem(serial=serial, current_product="vb_cloud", current_product_name="ウイルスバスター クラウド",
                       expiry=date(2027, 1, 31), renewable=True, refusal=None, open_order=None,
                       options=opts or (option("vb_cloud"), option("ts_premium", upgrade=True)))


# -- what "filled" means --------------------------------------------------------------------------------------


def test_a_pre_filled_email_alone_is_not_input_but_a_changed_one_is() -> None:
    prefilled = {"email": "taro@example.jp"}
    assert not has_input({"email": "taro@example.jp", "family_name": "  "}, {}, prefilled)
    assert has_input({"email": "hanako@example.jp"}, {}, prefilled)
    assert has_input({"family_name": "山田"}, {}, prefilled)
    assert not has_customer_input({})


def test_any_card_field_is_input_but_never_worth_keeping_alone() -> None:
    assert has_input({}, {"number": "4242"})
    assert has_input({}, {"expiry_month": "12"})
    assert not has_input({}, {"number": "", "expiry_year": ""})
    assert not worth_keeping(FormDraft.of(["VB-1"], ["VB-1"], [], {**CARD, "email": ""}))


def test_a_choice_alone_is_not_worth_keeping() -> None:
    chosen = FormDraft.of(["VB-1"], ["VB-1"], [Choice("VB-1", "vb_cloud", 1, 5280, False)], {"email": "a@b.jp"})
    assert not worth_keeping(chosen, {"email": "a@b.jp"})
    assert worth_keeping(FormDraft.of(["VB-1"], ["VB-1"], [], {"phone": "03"}), {"email": "a@b.jp"})


# -- never a card field -------------------------------------------------------------------------------------------


def test_card_fields_never_reach_the_draft_nor_its_file(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    kept = FormDraft.of(["VB-1"], ["VB-1"], [Choice("VB-1", "ts_premium", 1, 8000, True)], {**CUSTOMER, **CARD})
    assert set(kept.customer) == set(CUSTOMER)
    store.save(kept)
    text = store.path(["VB-1"]).read_text(encoding="utf-8")
    for secret in ("4242424242424242", "4242", "security_code", "TARO YAMADA", "expiry_month", '"123"'):
        assert secret not in text
    assert "山田" in text


def test_a_file_with_card_fields_written_by_hand_loses_them(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(draft())
    path = store.path(["VB-1", "VB-2"])
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["customer"].update(CARD)
    raw["card"] = CARD
    path.write_text(json.dumps(raw), encoding="utf-8")
    loaded = store.load(["VB-1", "VB-2"], now=NOW)
    assert loaded is not None and dict(loaded.customer) == CUSTOMER


# -- keyed by the serials ---------------------------------------------------------------------------------------


def test_the_key_is_the_set_of_serials_in_any_order(tmp_path: Path) -> None:
    assert draft_key(["VB-2", "VB-1", "VB-1"]) == draft_key(["VB-1", "VB-2"])
    store = DraftStore(tmp_path)
    store.save(draft())
    assert store.load(["VB-1", "VB-2"], now=NOW) == draft()
    assert store.load(["VB-1"], now=NOW) is None  # another set of serials: another application
    assert store.path(["VB-2", "VB-1"]).parent == tmp_path / FOLDER
    store.clear(["VB-1"])  # another set's: this one stays
    assert store.load(["VB-2", "VB-1"], now=NOW) is not None
    store.clear(["VB-2", "VB-1"])
    assert store.load(["VB-2", "VB-1"], now=NOW) is None
    assert list((tmp_path / FOLDER).iterdir()) == []


def test_a_draft_kept_too_long_is_not_restored(tmp_path: Path) -> None:
    store = DraftStore(tmp_path, kept_days=30)
    store.save(draft())
    assert store.load(["VB-1", "VB-2"], now=NOW + 29 * 86400) is not None
    assert store.load(["VB-1", "VB-2"], now=NOW + 31 * 86400) is None


def test_a_late_write_never_overwrites_a_newer_one(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    older, newer = store.ticket(), store.ticket()
    store.put(["VB-1", "VB-2"], draft(customer={"family_name": "新"}), newer)
    store.put(["VB-1", "VB-2"], draft(customer={"family_name": "旧"}), older)  # the pool ran it late
    assert store.load(["VB-1", "VB-2"], now=NOW).customer["family_name"] == "新"
    store.put(["VB-1", "VB-2"], None, store.ticket())  # discarded
    store.put(["VB-1", "VB-2"], draft(), older)
    assert not store.path(["VB-1", "VB-2"]).exists()


def test_writes_from_several_threads_leave_one_whole_file(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    tickets = [store.ticket() for _ in range(20)]
    threads = [threading.Thread(target=store.put, args=(["VB-1"], draft(serials=("VB-1",), customer={
        "phone": f"03-0000-{ticket:04d}"}), ticket)) for ticket in tickets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.load(["VB-1"], now=NOW).customer["phone"] == f"03-0000-{tickets[-1]:04d}"
    assert [p.name for p in (tmp_path / FOLDER).iterdir()] == [store.path(["VB-1"]).name]  # no temporary left


# -- a broken file -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    b"{not json", b"", b"\xff\xfe\x00garbage", b"[]", b'{"version": 99}', b'"text"',
    b'{"version": 1, "key": "VB-1", "serials": ["VB-1"], "choices": [{"serial": "VB-1"}], "saved_at": 1}',
    b'{"version": 1, "key": "VB-1", "serials": ["VB-1"], "customer": ["x"], "saved_at": 1}',
    b'{"version": 1, "key": "VB-1", "serials": ["VB-1"], "saved_at": "yesterday"}',
    b'{"version": 1, "key": "VB-9", "serials": ["VB-1"], "saved_at": 1}',
    b'{"version": 1, "key": "VB-1", "serials": ["VB-1"], "choices": [{"serial": "VB-1", "product": "p", '
    b'"years": "2"}], "saved_at": 1}',
])
def test_a_corrupt_draft_is_ignored_and_logged(tmp_path: Path, content: bytes, caplog) -> None:
    store = DraftStore(tmp_path)
    path = store.path(["VB-1"])
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="vb_renew.core.draft"):
        assert store.load(["VB-1"]) is None
    assert "ignored" in caplog.text
    store.save(FormDraft.of(["VB-1"], [], [], {"phone": "03"}))  # and a new one replaces it
    assert store.load(["VB-1"]).customer["phone"] == "03"


def test_an_unreadable_draft_is_ignored(tmp_path: Path, caplog) -> None:
    store = DraftStore(tmp_path)
    store.path(["VB-1"]).mkdir(parents=True)  # a folder where the file should be: reading it fails
    with caplog.at_level(logging.WARNING, logger="vb_renew.core.draft"):
        assert store.load(["VB-1"]) is None
    assert "cannot be read" in caplog.text


# -- restoring against today's options ---------------------------------------------------------------------------


def test_a_restored_choice_takes_todays_price_and_upgrade_flag() -> None:
    saved = draft(serials=("VB-1",), selected=("VB-1",), choices=(SavedChoice("VB-1", "ts_premium", 3),))
    restored = restore(saved, ("VB-1",), options(item("VB-1")))
    assert restored.selected == ("VB-1",)
    assert restored.choices == (Choice("VB-1", "ts_premium", 3, 12320, True),)
    assert restored.complete


def test_choices_that_no_longer_hold_are_dropped() -> None:
    saved = draft(serials=("VB-1", "VB-2", "VB-3"), selected=("VB-1", "VB-2", "VB-3"), choices=(
        SavedChoice("VB-1", "vb_cloud", 4),  # years no longer sold
        SavedChoice("VB-2", "ts_premium", 1),  # refused today
        SavedChoice("VB-3", "gone", 1),  # product no longer offered
    ))
    items = (item("VB-1"), item("VB-2", option("vb_cloud"), option("ts_premium", True, refused=True)), item("VB-3"))
    restored = restore(saved, ("VB-1", "VB-2", "VB-3"), options(*items))
    assert restored.selected == ("VB-1", "VB-2", "VB-3") and restored.choices == ()
    assert not restored.complete


def test_a_serial_no_longer_renewable_leaves_the_selection() -> None:
    saved = draft(serials=("VB-1", "VB-2"), selected=("VB-1", "VB-2"),
                  choices=(SavedChoice("VB-1", "vb_cloud", 1), SavedChoice("VB-2", "vb_cloud", 2)))
    restored = restore(saved, ("VB-2",), options(item("VB-1"), item("VB-2")))
    assert restored.selected == ("VB-2",)
    assert [(c.serial, c.years, c.price) for c in restored.choices] == [("VB-2", 2, 9570)]
    assert restored.complete


def test_several_serials_with_nothing_selected_restore_no_selection() -> None:
    saved = draft(serials=("VB-1", "VB-2"), selected=(), choices=())
    restored = restore(saved, ("VB-1", "VB-2"), options(item("VB-1"), item("VB-2")))
    assert restored.selected == () and not restored.complete
