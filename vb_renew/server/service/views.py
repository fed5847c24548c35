"""The API's JSON: licences, orders, mails, refusals (docs/api.md), built from rows the store read."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import date
from typing import Any

from vb_renew.rules import eligibility, slips
from vb_renew.rules.catalogue import Catalogue
from vb_renew.rules.errors import Violation
from vb_renew.rules.lifecycle import OPEN_STATES
from vb_renew.rules.payment import PaidAt
from vb_renew.server.language import told
from vb_renew.translations import SOURCE_LANGUAGE


def refusal(violation: Violation | None, language: str = SOURCE_LANGUAGE) -> dict[str, str] | None:
    """Why a licence or an option cannot be chosen: the rule's code, and its message in ``language``."""
    return None if violation is None else {"code": violation.code, "message": told(violation, language)}


def licence(row: sqlite3.Row, status: eligibility.RenewalStatus, today: date, open_order: str | None,
            catalogue: Catalogue, language: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    return {
        "serial": row["serial"], "product": row["product"], "product_name": catalogue.name(row["product"]),
        "expiry": row["expiry"], "auto_renew": bool(row["auto_renew"]), "installed": bool(row["installed"]),
        "listed_in_account": status.listed_in_account,
        "state": str(eligibility.licence_state(date.fromisoformat(row["expiry"]), today)),
        "renewable": status.renewable,
        "refusal": refusal(status.refusal, language),
        "open_order": open_order,
    }


def order(parts: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """An order as the API shows it, from :func:`vb_renew.server.store.order_parts`."""
    order, items, slip, payment = parts["order"], parts["items"], parts["slip"], parts["payment"]
    expected = None
    if payment is not None and payment["place"] in set(PaidAt):
        first, last = slips.expected_confirmation_window(PaidAt(payment["place"]),
                                                         date.fromisoformat(payment["paid_on"]))
        expected = {"earliest": first.isoformat(), "latest": last.isoformat()}
    return {
        "id": order["id"], "number": order["number"], "version": order["version"], "state": order["state"],
        "open": order["state"] in OPEN_STATES, "payment_method": order["payment_method"],
        "total": order["total"],
        "items": [{"serial": i["serial"], "product": i["product"],
                   "product_name": catalogue.name(i["product"]), "years": i["years"], "price": i["price"],
                   "upgrade": bool(i["upgrade"]), "old_expiry": i["old_expiry"], "new_expiry": i["new_expiry"]}
                  for i in items],
        "customer": json.loads(order["customer"]),
        "card_last4": order["card_last4"],
        "slip": None if slip is None else {
            "number": slip["number"], "barcode_number": slip["barcode_number"], "amount": slip["amount"],
            "issued_on": slip["issued_on"], "deadline": slip["deadline"], "reissue_count": slip["reissue_count"],
            "delivered_on": slip["delivered_on"]},
        "payment": None if payment is None else {
            "place": payment["place"], "amount": payment["amount"], "paid_on": payment["paid_on"],
            "confirmed_on": payment["confirmed_on"]},
        "expected_confirmation": expected,
        "timeline": [{"state": t["state"], "at": t["at"]} for t in parts["timeline"]],
        "created_at": order["created_at"],
        "poll_after_seconds": 1,  # Orders.poll_after sets it when read; a stored answer keeps this
    }


def mail(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": row["id"], "to": row["to_addr"], "subject": row["subject"], "body": row["body"],
            "sent_at": row["sent_at"], "order_id": row["order_id"], "kind": row["kind"]}
