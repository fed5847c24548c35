"""The backend speaks the language the client asks for (Accept-Language), Japanese by default: its errors, the
licences' refusals, and the mails of an order, written in the language the order was placed in.

The English comes from a small .ts of this test's own (tests/linguist.py), so these tests hold whether or not the
project's resources/i18n files exist yet; without the header every answer is the Japanese the other tests read.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from server_api import CUSTOMER, Api, error_code

from tests.linguist import FOLDER_VARIABLE, write_ts
from vb_renew.rules import customer as customer_rules
from vb_renew.rules.formatting import english_date, japanese_date
from vb_renew.rules.upgrades import NO_UPGRADABLE_SERIAL
from vb_renew.server import db as db_module
from vb_renew.server import store
from vb_renew.server.db import Database
from vb_renew.server.errors import MESSAGES
from vb_renew.server.service import mails
from vb_renew.server.service.mails import mail_text

SERIAL = "VB5C-TARO-0001-0001-0001"  # vb_cloud_in_term
ENGLISH = {"Accept-Language": "en-US,en;q=0.9,ja;q=0.5"}
BAD_CUSTOMER = {**CUSTOMER, "postal_code": "12-345", "phone": "abc"}
# The English of the few texts these tests read.
MAIL_ENGLISH = {
    mails.SUBJECTS[mails.APPLICATION_COMPLETE]: "[Trend Micro] Your application is complete ({number})",
    mails.SUBJECTS[mails.RENEWAL_COMPLETE]: "[Trend Micro] Your renewal is complete ({number})",
    mails.ADDRESSEE: "Dear {name},",
    mails.APPLIED: "Thank you for applying to renew your subscription.",
    mails.RENEWED: "We have confirmed your payment, and your renewal is complete.",
    mails.APPLIED_ON: "Applied on: {date}",
    mails.CONFIRMED_ON: "Payment confirmed on: {date}",
    mails.CURRENT_EXPIRY: "  Current expiry: {date}",
    mails.NEW_EXPIRY: "  New expiry: {date}",
    mails.AMOUNT: "Amount: ¥{amount} (tax included)",
}


def bad_customer_violations() -> list[Any]:
    details, violations = customer_rules.validate_customer(BAD_CUSTOMER)
    assert details is None and len(violations) >= 2
    return violations


@pytest.fixture()
def english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[Any, str]]:
    """English for the texts these tests read; the server (in this process) reads it from a folder of the test's."""
    translations: dict[Any, str] = {
        MESSAGES["order.not_found"]: "The order you asked for was not found.",
        MESSAGES["order.already_open"]: "This serial number already has an order in progress.",
        MESSAGES["sim.clock_out_of_range"].text: "The simulation's dates run from {first} to {last}.",
        NO_UPGRADABLE_SERIAL: "No serial number can be upgraded.",
        **MAIL_ENGLISH,
    }
    for number, violation in enumerate(bad_customer_violations()):
        translations[violation.text] = f"English {number}: " + "".join(f" {{{name}}}" for name in violation.values)
    write_ts(tmp_path, translations)
    monkeypatch.setenv(FOLDER_VARIABLE, str(tmp_path))
    yield translations


def order_body(customer: dict[str, Any] | None = None, method: str = "slip") -> dict[str, Any]:
    return {"items": [{"serial": SERIAL, "product": "vb_cloud", "years": 1}], "payment_method": method,
            "customer": customer or CUSTOMER, "card": None}


def place(who: Api, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return who.post("/orders", body, headers={"Idempotency-Key": str(uuid.uuid4()), **(headers or {})})


# --- errors -------------------------------------------------------------------------------------------------------

def test_a_customer_refused_by_the_rules_is_told_in_english_when_asked(api: Api, english: dict[Any, str]) -> None:
    taro = api.login()
    violations = bad_customer_violations()
    answer = place(taro, order_body(BAD_CUSTOMER), ENGLISH)
    assert answer.status_code == 422 and answer.headers["Content-Language"] == "en"
    error = answer.json()["error"]
    assert error["code"] == violations[0].code and error["field"] == f"customer.{violations[0].field}"
    assert error["message"] == english[violations[0].text].format(**violations[0].values)
    assert [d["message"] for d in error["details"]] == [english[v.text].format(**v.values) for v in violations[1:]]

    japanese = place(taro, order_body(BAD_CUSTOMER))  # no header: Japanese, the same codes
    assert japanese.status_code == 422 and japanese.headers["Content-Language"] == "ja"
    assert japanese.json()["error"]["message"] == violations[0].message
    assert [d["code"] for d in japanese.json()["error"]["details"]] == [d["code"] for d in error["details"]]


def test_not_found_and_conflict_in_english_and_in_japanese(api: Api, english: dict[Any, str]) -> None:
    taro = api.login()
    missing = taro.get("/orders/ord_none", headers={"Accept-Language": "en"})
    assert missing.status_code == 404 and error_code(missing) == "order.not_found"
    assert missing.json()["error"]["message"] == "The order you asked for was not found."
    assert missing.headers["Content-Language"] == "en"
    japanese = taro.get("/orders/ord_none", headers={"Accept-Language": "fr, ja;q=0.5"})
    assert japanese.json()["error"]["message"] == "ご指定のお申し込みが見つかりません。"
    assert japanese.headers["Content-Language"] == "ja"

    taro.ok(place(taro, order_body()), 201)
    again = place(taro, order_body(), {"Accept-Language": "en"})
    assert again.status_code == 409 and error_code(again) == "order.already_open"
    assert again.json()["error"]["message"] == "This serial number already has an order in progress."
    assert place(taro, order_body()).json()["error"]["message"] == "このシリアル番号には手続き中のお申し込みがあります。"


def test_a_messages_dates_follow_the_language(api: Api, english: dict[Any, str]) -> None:
    def refused(headers: dict[str, str]) -> str:
        answer = api.request("PUT", "/sim/clock", json={"now": "2099-12-31T23:00:00+09:00"}, sim=True)
        assert answer.status_code == 200, answer.text
        answer = api.post("/sim/clock/advance", {"days": 2}, sim=True, headers=headers)
        assert answer.status_code == 409 and error_code(answer) == "sim.clock_out_of_range"
        return answer.json()["error"]["message"]

    assert refused({"Accept-Language": "en"}) == "The simulation's dates run from Jan 1, 2000 to Dec 31, 2099."
    assert refused({}) == "シミュレーションの日付は2000年1月1日から2099年12月31日までです。"


def test_a_licences_refusal_is_told_in_the_language_asked_for(api: Api, english: dict[Any, str]) -> None:
    api.load("account_holds_ts")
    taro = api.login()
    serials = {"serials": ["VB5C-TARO-0HTS-0001-0001"]}

    def refusal(headers: dict[str, str]) -> tuple[str, dict[str, str]]:
        answer = taro.post("/renewal-options", serials, headers=headers)
        assert answer.status_code == 200, answer.text
        options = {o["product"]: o for o in answer.json()["items"][0]["options"]}
        return answer.headers["Content-Language"], options["ts_standard"]["refusal"]

    assert refusal({"Accept-Language": "en"}) == (
        "en", {"code": "upgrade.no_upgradable_serial", "message": "No serial number can be upgraded."})
    assert refusal({}) == ("ja", {"code": "upgrade.no_upgradable_serial", "message": NO_UPGRADABLE_SERIAL.source})


# --- mails --------------------------------------------------------------------------------------------------------

def mails_of(who: Api, order_id: str) -> dict[str, dict[str, Any]]:
    return {m["kind"]: m for m in who.ok(who.get("/mails"))["mails"] if m["order_id"] == order_id}


def test_the_mails_of_an_order_placed_in_english_are_in_english(api: Api, english: dict[Any, str]) -> None:
    """Both mails, the renewal's too, sent days later while nobody asks in English: the order keeps its language."""
    taro = api.login()
    order = taro.ok(place(taro, order_body(), {"Accept-Language": "en"}), 201)
    applied = mails_of(taro, order["id"])["application_complete"]
    assert applied["subject"] == f"[Trend Micro] Your application is complete ({order['number']})"
    body = applied["body"]
    assert body.splitlines()[0] == "Dear 山田 太郎,"
    assert f"Applied on: {english_date(order['created_at'])}" in body
    assert f"  Current expiry: {english_date(order['items'][0]['old_expiry'])}" in body
    assert f"Amount: ¥{order['total']:,} (tax included)" in body
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", body), body  # no Japanese date

    api.next_event()  # slip_mailed
    api.next_event()  # slip_delivered
    api.ok(api.pay(order["id"], order["total"]))
    api.next_event()  # payment_confirmed, extended
    done = taro.get_order(order["id"])
    assert done["state"] == "extended"
    renewed = mails_of(taro, order["id"])["renewal_complete"]
    assert renewed["subject"] == f"[Trend Micro] Your renewal is complete ({order['number']})"
    assert f"  New expiry: {english_date(done['items'][0]['new_expiry'])}" in renewed["body"]
    assert f"Payment confirmed on: {english_date(done['payment']['confirmed_on'])}" in renewed["body"]


def test_an_order_placed_without_the_header_is_mailed_in_japanese(api: Api, english: dict[Any, str]) -> None:
    taro = api.login()
    order = taro.ok(place(taro, order_body()), 201)
    mail = taro.get("/mails", headers={"Accept-Language": "en"}).json()["mails"]  # reading in English changes nothing
    body = next(m for m in mail if m["order_id"] == order["id"])["body"]
    assert f"お申し込み日: {japanese_date(order['created_at'])}" in body and "Applied on" not in body


# --- the schema --------------------------------------------------------------------------------------------------

def test_a_schema_3_database_keeps_its_orders_which_were_japanese(tmp_path: Path) -> None:
    """Version 4 adds the order's language; the orders already there were placed in Japanese, and mailed so."""
    path = tmp_path / "v3.sqlite3"
    old = sqlite3.connect(path)
    old.executescript("".join(db_module.MIGRATIONS[:3]) + "PRAGMA user_version = 3;")
    old.execute("INSERT INTO accounts (id, email, password_hash) VALUES (1, 'taro@example.jp', 'x')")
    old.execute("INSERT INTO licences (serial, account_id, product, expiry) VALUES (?, 1, 'vb_cloud', '2027-09-26')",
                (SERIAL,))
    old.execute("INSERT INTO orders (id, number, account_id, state, version, payment_method, total, customer,"
                " created_at, updated_at) VALUES ('ord_v3', 'VB-20261126-0001', 1, 'applied', 1, 'slip', 5280,"
                " '{\"family_name\": \"山田\", \"given_name\": \"太郎\"}', '2026-11-26T10:00:00+09:00',"
                " '2026-11-26T10:00:00+09:00')")
    old.execute("INSERT INTO order_items (order_id, position, serial, product, old_product, years, price, upgrade,"
                " old_expiry) VALUES ('ord_v3', 0, ?, 'vb_cloud', 'vb_cloud', 1, 5280, 0, '2027-09-26')", (SERIAL,))
    old.commit()
    old.close()

    database = Database(path)
    try:
        assert database.version == db_module.SCHEMA_VERSION == 4
        order = store.order_with_email(database, "ord_v3")
        assert (order["number"], order["total"], order["language"]) == ("VB-20261126-0001", 5280, "ja")
        parts = store.order_parts(database, "ord_v3")
        subject, body = mail_text("application_complete", order, parts["items"], language=order["language"])
        assert "お申し込み完了" in subject and body.splitlines()[0] == "山田 太郎 様"
        assert "お申し込み日: 2026年11月26日" in body
        with database.transaction() as conn:  # a new order says its language
            store.add_order(conn, "ord_v4", "VB-20261126-0002", 1, "extended", "credit_card", 5280, {}, "4242",
                            "2026-11-26T11:00:00+09:00", [], language="en")
        assert store.order(database, "ord_v4")["language"] == "en"
    finally:
        database.close()
