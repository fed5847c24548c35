"""The mails the service sends: addressed to the customer by name, dates in Japanese, amounts as the product
writes them. Every expected date is read from the order the API answers, never from today."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from server_api import CARD_OK, CUSTOMER, Api

from vb_renew.server.service.mails import mail_text

SERIAL = "VB5C-TARO-0001-0001-0001"  # vb_cloud_in_term
ISO_DATE = re.compile(r"\d{4}\s*[-/]\s*\d{1,2}\s*[-/]\s*\d{1,2}")  # 2028-10-02, 2028/10/02 and the like


def in_japanese(value: str) -> str:
    """``2028-10-02`` or ``2028-10-02T09:00:00+09:00`` (the service answers Japan time) -> ``2028年10月2日``."""
    day = date.fromisoformat(value[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def mails_of(who: Api, order: dict[str, Any]) -> dict[str, dict[str, Any]]:
    mails = [m for m in who.ok(who.get("/mails"))["mails"] if m["order_id"] == order["id"]]
    by_kind = {m["kind"]: m for m in mails}
    assert len(by_kind) == len(mails), "one mail of each kind per order"
    return by_kind


def assert_addressed_to_taro(mail: dict[str, Any]) -> None:
    assert mail["body"].splitlines()[0] == "山田 太郎 様"
    assert mail["to"] == "taro@example.jp"


def test_the_slip_application_mail_names_the_customer_and_writes_its_dates_in_japanese(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}]), 201)
    mail = mails_of(taro, order)["application_complete"]
    assert_addressed_to_taro(mail)
    assert order["number"] in mail["subject"] and "お申し込み完了" in mail["subject"]
    body = mail["body"]
    assert f"お申し込み日: {in_japanese(order['created_at'])}" in body
    assert f"現在の有効期限: {in_japanese(order['items'][0]['old_expiry'])}" in body
    assert "お支払方法: 振込用紙" in body
    assert f"お支払い金額: {order['total']:,}円（税込）" in body
    assert "振込用紙が到着するまでに" in body  # the slip comes later [seed]
    assert "新しい有効期限" not in body  # not extended yet
    assert not ISO_DATE.search(body), body


def test_the_slip_orders_completion_mail_gives_the_new_expiry_in_japanese(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 2}]), 201)
    api.next_event()  # slip_mailed
    api.next_event()  # slip_delivered
    api.ok(api.pay(order["id"], order["total"]))
    api.next_event()  # payment_confirmed, extend
    done = taro.get_order(order["id"])
    assert done["state"] == "extended"

    mails = mails_of(taro, done)
    assert set(mails) == {"application_complete", "renewal_complete"}
    mail = mails["renewal_complete"]
    assert_addressed_to_taro(mail)
    assert done["number"] in mail["subject"] and "完了" in mail["subject"]
    body = mail["body"]
    assert f"新しい有効期限: {in_japanese(done['items'][0]['new_expiry'])}" in body
    assert f"ご入金確認日: {in_japanese(done['payment']['confirmed_on'])}" in body
    assert f"お支払い金額: {done['total']:,}円（税込）" in body
    assert "振込用紙が到着するまでに" not in body
    assert not ISO_DATE.search(body), body


def test_a_card_order_gets_both_mails_addressed_with_japanese_dates(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 3}], method="credit_card",
                               card=CARD_OK), 201)
    assert order["state"] == "extended"
    mails = mails_of(taro, order)
    applied, renewed = mails["application_complete"], mails["renewal_complete"]
    for mail in (applied, renewed):
        assert_addressed_to_taro(mail)
        assert "お支払方法: クレジットカード" in mail["body"]
        assert not ISO_DATE.search(mail["body"]), mail["body"]
    assert f"お申し込み日: {in_japanese(order['created_at'])}" in applied["body"]
    assert "振込用紙" not in applied["body"]
    assert f"新しい有効期限: {in_japanese(order['items'][0]['new_expiry'])}" in renewed["body"]
    assert f"ご入金確認日: {in_japanese(order['payment']['confirmed_on'])}" in renewed["body"]


def test_a_company_only_name_is_the_addressee_as_given(api: Api) -> None:
    taro = api.login()
    company = {**CUSTOMER, "family_name": "トレンドマイクロ", "given_name": "株式会社"}  # [seed] example
    order = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}], customer=company), 201)
    assert mails_of(taro, order)["application_complete"]["body"].splitlines()[0] == "トレンドマイクロ 株式会社 様"


def test_no_mail_in_the_outbox_shows_an_iso_date(api: Api) -> None:
    taro = api.login()
    slip = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}]), 201)
    api.next_event()
    api.next_event()
    api.ok(api.pay(slip["id"], slip["total"], "post_office"))
    api.next_event()
    hanako = api.login(("hanako@example.jp", "hanako-pass-5678"))
    hanakos = hanako.ok(hanako.get("/licences"))["licences"][0]["serial"]
    hanako.ok(hanako.order([{"serial": hanakos, "product": "vb_cloud", "years": 1}], method="credit_card",
                           card=CARD_OK, customer={**CUSTOMER, "family_name": "佐藤", "given_name": "花子"}), 201)
    outbox = api.ok(api.get("/sim/outbox", sim=True))["mails"]
    assert len(outbox) == 4
    for mail in outbox:
        assert not ISO_DATE.search(mail["body"]) and not ISO_DATE.search(mail["subject"]), mail
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", mail["body"]), mail["body"]


def test_an_order_whose_details_were_erased_is_addressed_neutrally() -> None:
    order = {"number": "VB-20261126-0001", "payment_method": "slip", "total": 5280, "customer": "{}",
             "created_at": "2026-11-26T10:00:00+09:00", "updated_at": "2027-01-05T10:00:00+09:00"}
    item = {"product": "vb_cloud", "years": 1, "serial": SERIAL, "old_expiry": "2027-09-26",
            "new_expiry": "2028-09-26"}
    payment = {"confirmed_on": "2027-01-04"}
    subject, body = mail_text("renewal_complete", order, [item], payment)
    assert body.splitlines()[0] == "お客さま"
    assert "様" not in body and "None" not in body
    assert "新しい有効期限: 2028年9月26日" in body and "ご入金確認日: 2027年1月4日" in body
    assert "お支払い金額: 5,280円（税込）" in body
    assert not ISO_DATE.search(body)
