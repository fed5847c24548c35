"""The mails the service sends (application complete, renewal complete) and the outbox that shows them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from vb_renew.rules.catalogue import load_catalogue
from vb_renew.rules.payment import PaymentMethod
from vb_renew.server import store
from vb_renew.server.service import views

if TYPE_CHECKING:
    from vb_renew.server.service.auth import Principal
    from vb_renew.server.service.world import World


class Mails:
    def __init__(self, world: World) -> None:
        self.world = world

    def send(self, conn: sqlite3.Connection, order_id: str, kind: str, at: str) -> None:
        """Write the order's mail of ``kind`` to its account, in the transaction that changed the order."""
        order = store.order_with_email(conn, order_id)
        subject, body = mail_text(kind, order, store.order_items(conn, order_id))
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


def mail_text(kind: str, order: sqlite3.Row, items: Iterable[sqlite3.Row]) -> tuple[str, str]:
    """The wording is ours [sim]; the mails themselves are [seed, pub]."""
    catalogue = load_catalogue()
    lines = [f"・{catalogue.name(i['product'])} {i['years']}年 シリアル番号 {i['serial']}"
             + (f" 新しい有効期限 {i['new_expiry']}" if i["new_expiry"] else "") for i in items]
    if kind == "application_complete":
        subject = f"【トレンドマイクロ】お申し込み完了のお知らせ（{order['number']}）"
        intro = ("契約更新のお申し込みを承りました。\n"
                 + ("振込用紙はお申し込みから1～2週間ほどでお届けします。\n"
                    if order["payment_method"] == PaymentMethod.SLIP else ""))
    else:
        subject = f"【トレンドマイクロ】契約更新手続き完了のお知らせ（{order['number']}）"
        intro = "ご入金を確認し、契約更新の手続きが完了しました。有効期限は自動で延長されます。\n"
    body = (f"{intro}\nお申し込み番号: {order['number']}\nお支払い金額: {order['total']:,}円\n" + "\n".join(lines)
            + "\n\n（このメールは vb-renew シミュレーターが送信したものです）")
    return subject, body
