"""Every step of an order's life, with the simulated clock moved through /sim."""

from __future__ import annotations

from server_api import CARD_OK, Api, error_code

SERIAL = "VB5C-TARO-0001-0001-0001"  # vb_cloud_in_term: expires in 10 months (2027-09-26)


def test_slip_order_goes_through_every_state_and_extends_once(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}]), 201)
    assert order["state"] == "applied" and order["total"] == 5280 and order["slip"] is None
    assert order["items"][0]["old_expiry"] == "2027-09-26"
    assert [m["kind"] for m in taro.ok(taro.get("/mails"))["mails"]] == ["application_complete"]
    assert taro.ok(taro.get(f"/licences/{SERIAL}"))["open_order"] == order["id"]

    ran = api.next_event()
    assert [e["kind"] for e in ran["events"]] == ["slip_mailed"]
    mailed = taro.get_order(order["id"])
    assert mailed["state"] == "slip_mailed" and mailed["version"] == 2
    slip = mailed["slip"]
    assert slip["amount"] == 5280 and len(slip["barcode_number"]) == 44 and slip["barcode_number"].startswith("91")
    assert slip["issued_on"] == "2026-11-27" and slip["deadline"] == "2027-01-27" and slip["delivered_on"] is None

    assert error_code(api.pay(order["id"], 5280)) == "payment.slip_not_delivered"
    ran = api.next_event()
    assert [e["kind"] for e in ran["events"]] == ["slip_delivered"]
    delivered = taro.get_order(order["id"])
    assert delivered["state"] == "slip_delivered"
    assert 7 <= (int(delivered["slip"]["delivered_on"][-2:]) - 26) % 30 <= 14

    wrong = api.pay(order["id"], 5200)
    assert wrong.status_code == 422 and error_code(wrong) == "payment.amount_mismatch"
    assert wrong.json()["error"]["field"] == "amount"
    assert taro.get_order(order["id"])["state"] == "slip_delivered"

    paid = api.ok(api.pay(order["id"], 5280, "post_office"))
    assert paid["state"] == "paid" and paid["payment"]["place"] == "post_office"
    window = paid["expected_confirmation"]
    assert window["earliest"] > paid["payment"]["paid_on"]  # post office: from the next day [seed]
    assert error_code(api.pay(order["id"], 5280)) == "payment.already_paid"

    ran = api.next_event()
    assert [e["kind"] for e in ran["events"]] == ["payment_confirmed", "extend"]
    done = taro.get_order(order["id"])
    assert done["state"] == "extended" and not done["open"]
    assert done["payment"]["confirmed_on"] is not None
    assert window["earliest"] <= done["payment"]["confirmed_on"] <= window["latest"]
    assert done["items"][0]["new_expiry"] == "2028-09-26"  # in term: old expiry + 1 year [pub]
    assert [t["state"] for t in done["timeline"]] == ["applied", "slip_mailed", "slip_delivered", "paid",
                                                       "confirmed", "extended"]
    licence = taro.ok(taro.get(f"/licences/{SERIAL}"))
    assert licence["expiry"] == "2028-09-26" and licence["open_order"] is None
    kinds = [m["kind"] for m in taro.ok(taro.get("/mails"))["mails"]]
    assert kinds == ["application_complete", "renewal_complete"]

    # Nothing left to run; a long time later the licence is still extended exactly once.
    api.advance(days=400)
    assert taro.ok(taro.get(f"/licences/{SERIAL}"))["expiry"] == "2028-09-26"
    assert len(taro.ok(taro.get("/mails"))["mails"]) == 2


def test_an_unpaid_slip_lapses_at_its_deadline(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 2}]), 201)
    api.advance(days=20)
    assert taro.get_order(order["id"])["state"] == "slip_delivered"
    api.advance(days=43)  # 2027-01-28: the day after the deadline 2027-01-27
    lapsed = taro.get_order(order["id"])
    assert lapsed["state"] == "lapsed" and not lapsed["open"]
    assert error_code(api.pay(order["id"], 9570)) == "payment.slip_lapsed"
    assert taro.ok(taro.get(f"/licences/{SERIAL}"))["expiry"] == "2027-09-26"
    again = taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}])  # the user applies again
    assert again.status_code == 201


def test_the_simulated_customer_pays_by_itself(api: Api) -> None:
    api.load("vb_cloud_in_term", customer_pays=True)
    taro = api.login()
    order = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 3}]), 201)
    api.advance(days=40)
    done = taro.get_order(order["id"])
    assert done["state"] == "extended" and done["payment"]["place"] == "convenience_store"
    assert done["items"][0]["new_expiry"] == "2030-09-26"


def test_the_same_seed_replays_the_same_world(api: Api) -> None:
    days = []
    for _ in range(2):
        api.load("vb_cloud_in_term", customer_pays=True, seed=42)
        taro = api.login()
        order = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}]), 201)
        api.advance(days=40)
        done = taro.get_order(order["id"])
        days.append((done["slip"]["delivered_on"], done["payment"]["paid_on"], done["payment"]["confirmed_on"]))
    assert days[0] == days[1]


def test_a_serial_with_an_open_order_cannot_be_ordered_again(api: Api) -> None:
    taro = api.login()
    taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}]), 201)
    again = taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 2}])
    assert again.status_code == 409 and error_code(again) == "order.already_open"


def test_card_order_is_extended_at_once(api: Api) -> None:
    taro = api.login()
    order = taro.ok(taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}], method="credit_card",
                               card=CARD_OK), 201)
    assert order["state"] == "extended" and order["card_last4"] == "4242"
    assert order["items"][0]["new_expiry"] == "2028-09-26"
    assert "4242424242424242" not in taro.get(f"/orders/{order['id']}").text


def test_test_cards_are_declined_with_their_reasons(api: Api) -> None:
    taro = api.login()
    cases = {"4000000000000002": "payment.card_declined", "4000000000000127": "payment.card_security_code",
             "4111111111111111": "payment.card_unknown_test_card"}
    for number, code in cases.items():
        refused = taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}], method="credit_card",
                             card={**CARD_OK, "number": number})
        assert refused.status_code == 422 and error_code(refused) == code
    missing = taro.order([{"serial": SERIAL, "product": "vb_cloud", "years": 1}], method="credit_card")
    assert error_code(missing) == "payment.card_required"
    assert taro.ok(taro.get("/orders"))["orders"] == []


def test_an_upgrade_cannot_be_paid_by_slip_but_by_card(api: Api) -> None:
    taro = api.login()
    refused = taro.order([{"serial": SERIAL, "product": "ts_standard", "years": 1}])
    assert refused.status_code == 422 and error_code(refused) == "payment.slip_not_allowed_for_upgrade"
    upgraded = taro.ok(taro.order([{"serial": SERIAL, "product": "ts_standard", "years": 1}], method="credit_card",
                                  card=CARD_OK), 201)
    assert upgraded["state"] == "extended" and upgraded["items"][0]["upgrade"] is True
    licence = taro.ok(taro.get(f"/licences/{SERIAL}"))
    assert licence["product"] == "ts_standard" and licence["expiry"] == "2028-09-26"


def test_several_serials_in_one_order(api: Api) -> None:
    api.load("three_serials")
    taro = api.login()
    serials = [lic["serial"] for lic in taro.ok(taro.get("/licences"))["licences"]]
    assert len(serials) == 3
    order = taro.ok(taro.order([{"serial": s, "product": "vb_cloud", "years": 1} for s in serials]), 201)
    assert order["total"] == 3 * 5280
    api.advance(days=15)
    api.ok(api.pay(order["id"], 3 * 5280))
    api.advance(days=11)
    done = taro.get_order(order["id"])
    assert done["state"] == "extended" and all(i["new_expiry"] for i in done["items"])
    expired = next(i for i in done["items"] if i["old_expiry"] < "2026-11-26")
    confirmed = done["payment"]["confirmed_on"]
    assert expired["new_expiry"] == f"{int(confirmed[:4]) + 1}{confirmed[4:]}"  # expired: confirmation + 1 year [sim]


def test_the_expired_base_setting_counts_the_new_term_from_the_old_expiry(tmp_path) -> None:
    """`--expired-base old_expiry`: an expired licence's new term starts at its old expiry, not at the
    payment's confirmation (the spec leaves the choice open; the default is the confirmation date)."""
    from vb_renew.server.embedded import EmbeddedServer

    with EmbeddedServer(tmp_path / "old-expiry.sqlite3", seconds_per_day=None, expired_base="old_expiry") as server:
        api = Api(server.url, server.sim_token)
        api.load("vb_cloud_expired_6_months")
        product = api.login_product()
        serial = api.ok(api.get("/sim/installation", sim=True))["serial"]
        old_expiry = product.ok(product.get(f"/licences/{serial}"))["expiry"]
        order = product.ok(product.order([{"serial": serial, "product": "vb_cloud", "years": 2}]), 201)
        api.advance(days=15)
        api.ok(api.pay(order["id"], 9570))
        api.advance(days=11)
        done = product.get_order(order["id"])
        assert done["state"] == "extended"
        assert done["items"][0]["new_expiry"] == f"{int(old_expiry[:4]) + 2}{old_expiry[4:]}"
