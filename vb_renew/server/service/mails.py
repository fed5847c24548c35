"""The mails the service sends (application complete, renewal complete) and the outbox that shows them.

The mails themselves are [seed, pub]: an application-complete mail at S9 and a procedure-complete mail once the
expiry is extended (S12), both to the account's registered address. Their wording is kept here, in one place:
every text is marked with ``QT_TRANSLATE_NOOP`` (context ``Mails``) so that ``resources/captions.json`` records
its source, ``seed`` where the help page says it word for word, else ``sim`` (the simulator's own). Each mail is
written once, when it is sent, in the language the customer ordered in (the order keeps the ``Accept-Language`` of
its application: a real service mails the customer in their language, whenever the mail goes out), through the Qt
Linguist translations (:mod:`vb_renew.translations`); Japanese by default. Dates are written 「2028年10月2日」 (in
English "Oct 2, 2028") and amounts 「5,280円（税込）」 (:mod:`vb_renew.rules.formatting`); the mail opens with the
customer's name from the order, or 「お客さま」 once those details were erased
(:mod:`vb_renew.server.service.retention`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from vb_renew.i18n import QT_TRANSLATE_NOOP, Text
from vb_renew.rules.catalogue import load_catalogue
from vb_renew.rules.formatting import written_date, yen_amount
from vb_renew.rules.payment import PaymentMethod
from vb_renew.rules.slips import load_simulation
from vb_renew.server import store
from vb_renew.server.service import views
from vb_renew.translations import SOURCE_LANGUAGE, translate, translator

if TYPE_CHECKING:
    from vb_renew.server.service.auth import Principal
    from vb_renew.server.service.world import World

APPLICATION_COMPLETE = "application_complete"
RENEWAL_COMPLETE = "renewal_complete"

# --- the wording ---------------------------------------------------------------------------------

SUBJECTS: Mapping[str, Text] = {
    APPLICATION_COMPLETE: QT_TRANSLATE_NOOP("Mails", "【トレンドマイクロ】お申し込み完了のお知らせ（{number}）"),
    RENEWAL_COMPLETE: QT_TRANSLATE_NOOP("Mails", "【トレンドマイクロ】契約更新手続き完了のお知らせ（{number}）"),
}
ADDRESSEE = QT_TRANSLATE_NOOP("Mails", "{name} 様")
NO_ADDRESSEE = QT_TRANSLATE_NOOP("Mails", "お客さま")  # the order's details were erased
APPLIED = QT_TRANSLATE_NOOP(
    "Mails", "このたびは契約更新をお申し込みいただき、ありがとうございます。以下の内容でお申し込みを承りました。")
RENEWED = QT_TRANSLATE_NOOP("Mails", "ご入金を確認し、契約更新の手続きが完了しました。")
ORDER_NUMBER = QT_TRANSLATE_NOOP("Mails", "お申し込み番号: {number}")
APPLIED_ON = QT_TRANSLATE_NOOP("Mails", "お申し込み日: {date}")
CONFIRMED_ON = QT_TRANSLATE_NOOP("Mails", "ご入金確認日: {date}")
METHODS: Mapping[str, Text] = {
    PaymentMethod.SLIP: QT_TRANSLATE_NOOP("Mails", "お支払方法: 振込用紙"),
    PaymentMethod.CREDIT_CARD: QT_TRANSLATE_NOOP("Mails", "お支払方法: クレジットカード"),
}
AMOUNT = QT_TRANSLATE_NOOP("Mails", "お支払い金額: {amount}円（税込）")
ITEM = QT_TRANSLATE_NOOP("Mails", "・{product}（{years}年）")
SERIAL = QT_TRANSLATE_NOOP("Mails", "　シリアル番号: {serial}")
CURRENT_EXPIRY = QT_TRANSLATE_NOOP("Mails", "　現在の有効期限: {date}")
NEW_EXPIRY = QT_TRANSLATE_NOOP("Mails", "　新しい有効期限: {date}")
SLIP_NOTES = (
    QT_TRANSLATE_NOOP("Mails", "振込用紙が到着するまでに「 1 ~ 2 週間ほど」お時間をいただいておりますので、"
                               "あらかじめご了承ください。"),
    QT_TRANSLATE_NOOP("Mails", "お早めに更新手続きをご希望の場合、クレジットカード決済、"
                               "またはかんたんコンビニ決済をご利用ください。"),
    QT_TRANSLATE_NOOP("Mails", "振込用紙が届いたら、コンビニエンスストア、もしくは郵便局でお支払いください。"
                               "振込用紙の支払期限は発行から{months}か月です。期限を過ぎた場合は、もう一度お申し込みください。"),
)
EXTENDED_AUTOMATICALLY = QT_TRANSLATE_NOOP("Mails", "ご入金が確認でき次第、ご利用端末の有効期限は自動で延長されます。")
EXTENDED = QT_TRANSLATE_NOOP("Mails", "有効期限が延長されていれば、契約更新は完了です。そのままご使用ください。")
SENT_BY_THE_SIMULATOR = QT_TRANSLATE_NOOP("Mails", "（このメールは vb-renew シミュレーターが送信したものです）")


class Mails:
    def __init__(self, world: World) -> None:
        self.world = world

    def send(self, conn: sqlite3.Connection, order_id: str, kind: str, at: str) -> None:
        """Write the order's mail of ``kind`` to its account, in the transaction that changed the order."""
        order = store.order_with_email(conn, order_id)
        parts = store.order_parts(conn, order_id)
        subject, body = mail_text(kind, order, parts["items"], parts["payment"], language=order["language"])
        store.add_mail(conn, order["account_id"], order["email"], subject, body, at, order_id, kind)

    def mails(self, who: Principal | None) -> list[dict[str, Any]]:
        """One account's mails; every mail for the QA outbox (``who`` None)."""
        if who is None:
            rows = store.mails(self.world.db, every=True)
        elif who.account_id is None:
            rows = []
        else:
            rows = store.mails(self.world.db, who.account_id)
        return [views.mail(r) for r in rows]


def addressee(customer: object, language: str = SOURCE_LANGUAGE) -> str:
    """「山田 太郎 様」 from the order's customer details (stored as JSON); 「お客さま」 when they are gone."""
    details: object = customer
    if isinstance(customer, str):
        try:
            details = json.loads(customer)
        except ValueError:
            details = None
    if not isinstance(details, Mapping):
        details = {}
    name = " ".join(str(details.get(part) or "").strip() for part in ("family_name", "given_name")).strip()
    return translate(ADDRESSEE, language, name=name) if name else translate(NO_ADDRESSEE, language)


def mail_text(kind: str, order: Mapping[str, Any] | sqlite3.Row, items: Iterable[Mapping[str, Any] | sqlite3.Row],
              payment: Mapping[str, Any] | sqlite3.Row | None = None,
              language: str = SOURCE_LANGUAGE) -> tuple[str, str]:
    """The subject and body of the order's mail of ``kind`` (``application_complete`` or ``renewal_complete``), in
    ``language``."""
    catalogue = load_catalogue()
    tr = translator(language)
    renewed = kind == RENEWAL_COMPLETE
    if not renewed and kind != APPLICATION_COMPLETE:
        raise ValueError(f"unknown mail kind {kind!r}")
    lines = [tr(ORDER_NUMBER, number=order["number"])]
    if renewed:
        confirmed_on = payment["confirmed_on"] if payment is not None else None
        lines.append(tr(CONFIRMED_ON, date=written_date(confirmed_on or order["updated_at"], language)))
    else:
        lines.append(tr(APPLIED_ON, date=written_date(order["created_at"], language)))
    method = METHODS.get(order["payment_method"])
    if method is not None:
        lines.append(tr(method))
    lines.append(tr(AMOUNT, amount=yen_amount(order["total"])))
    for item in items:
        lines += [tr(ITEM, product=catalogue.name(item["product"]), years=item["years"]),
                  tr(SERIAL, serial=item["serial"])]
        if renewed and item["new_expiry"]:
            lines.append(tr(NEW_EXPIRY, date=written_date(item["new_expiry"], language)))
        elif not renewed and item["old_expiry"]:
            lines.append(tr(CURRENT_EXPIRY, date=written_date(item["old_expiry"], language)))
    if renewed:
        notes = [tr(EXTENDED)]
    else:
        slip = order["payment_method"] == PaymentMethod.SLIP
        months = load_simulation().slip_valid_months
        notes = [*(tr(n, months=months) for n in SLIP_NOTES if slip), tr(EXTENDED_AUTOMATICALLY)]
    paragraphs = [addressee(order["customer"], language), tr(RENEWED if renewed else APPLIED), "\n".join(lines),
                  "\n".join(notes), tr(SENT_BY_THE_SIMULATOR)]
    return tr(SUBJECTS[kind], number=order["number"]), "\n\n".join(paragraphs) + "\n"
