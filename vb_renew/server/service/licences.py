"""Licences and their renewal options: what an account (or the installed product) sees and may renew."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from vb_renew.rules import eligibility, upgrades
from vb_renew.rules.payment import PaymentMethod
from vb_renew.server import store
from vb_renew.server.errors import ApiError
from vb_renew.server.service import views
from vb_renew.translations import SOURCE_LANGUAGE

if TYPE_CHECKING:
    from vb_renew.server.service.auth import Principal
    from vb_renew.server.service.world import World


LICENCE_KINDS = frozenset(kind.value for kind in upgrades.LicenceKind)


class Licences:
    """The licences someone may see, their renewal status and their options."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.catalogue = world.catalogue

    def visible_rows(self, who: Principal, today: date) -> list[sqlite3.Row]:
        """The account route sees listed licences; the product route also its own, whatever its age [seed]."""
        db = self.world.db
        rows = store.account_licences(db, who.account_id) if who.account_id is not None else []
        seen = [r for r in rows if eligibility.listed_in_account(date.fromisoformat(r["expiry"]), today)
                or (who.route == "product" and r["serial"] == who.serial)]
        if who.route == "product" and who.serial and all(r["serial"] != who.serial for r in seen):
            own = store.licence(db, who.serial)
            if own:
                seen.insert(0, own)
        return seen

    def row(self, who: Principal, serial: str, today: date, field: str | None = None) -> sqlite3.Row:
        """The licence ``serial`` if ``who`` sees it (as :meth:`visible_rows` would list it), else 404: one row
        read, however many licences the account holds."""
        row = store.licence(self.world.db, serial)
        if row is None or not self.visible(who, row, today):
            raise ApiError(404, "licence.not_found", field=field)
        return row

    @staticmethod
    def visible(who: Principal, row: sqlite3.Row, today: date) -> bool:
        """Whether :meth:`visible_rows` lists ``row`` for ``who``."""
        own = who.route == "product" and row["serial"] == who.serial
        if own:
            return True
        return (who.account_id is not None and row["account_id"] == who.account_id
                and eligibility.listed_in_account(date.fromisoformat(row["expiry"]), today))

    def status(self, row: sqlite3.Row, today: date) -> eligibility.RenewalStatus:
        expiry = date.fromisoformat(row["expiry"])
        if row["product"] not in self.catalogue.products:  # Password Manager etc.: held, not renewed here
            return eligibility.RenewalStatus(False, eligibility.listed_in_account(expiry, today), None, None,
                                             None)
        return eligibility.renewal_status(self.catalogue.product(row["product"]), expiry, today)

    def open_order_of(self, serial: str) -> str | None:
        return store.open_order_of(self.world.db, serial)

    def _view(self, row: sqlite3.Row, today: date, language: str) -> dict[str, Any]:
        return views.licence(row, self.status(row, today), today, self.open_order_of(row["serial"]), self.catalogue,
                             language)

    def licences(self, who: Principal, language: str = SOURCE_LANGUAGE) -> list[dict[str, Any]]:
        """The licences ``who`` sees, their refusals' messages in ``language``."""
        today = self.world.clock.today()
        return [self._view(r, today, language) for r in self.visible_rows(who, today)]

    def licence(self, who: Principal, serial: str, language: str = SOURCE_LANGUAGE) -> dict[str, Any]:
        today = self.world.clock.today()
        return self._view(self.row(who, serial, today), today, language)

    @staticmethod
    def held(row: sqlite3.Row) -> upgrades.HeldLicence:
        kind = row["kind"] if row["kind"] in LICENCE_KINDS else upgrades.LicenceKind.PAID
        return upgrades.HeldLicence(serial=row["serial"], product=row["product"],
                                    expiry=date.fromisoformat(row["expiry"]), kind=upgrades.LicenceKind(kind),
                                    auto_renew=bool(row["auto_renew"]), upgraded=bool(row["upgraded"]))

    def account_held(self, account_id: int | None) -> list[upgrades.HeldLicence]:
        if account_id is None:
            return []
        return [self.held(r) for r in store.account_licences(self.world.db, account_id)]

    def renewal_options(self, who: Principal, serials: Sequence[str],
                        language: str = SOURCE_LANGUAGE) -> dict[str, Any]:
        """Each serial's renewal status and options, the refusals' messages in ``language``."""
        today = self.world.clock.today()
        held = self.account_held(who.account_id)
        items = []
        for index, serial in enumerate(serials):
            row = self.row(who, serial, today, field=f"serials[{index}]")
            status = self.status(row, today)
            options = []
            if row["product"] in self.catalogue.products:
                for product in self.catalogue.offered_for(row["product"]):
                    refusal = upgrades.upgrade_refusal(self.held(row), product.key, held, today, self.catalogue)
                    options.append({
                        "product": product.key, "product_name": product.name,
                        "upgrade": upgrades.is_upgrade(row["product"], product.key),
                        "payment_methods": [str(m) for m in upgrades.payment_methods(row["product"], product.key)
                                            if m in (PaymentMethod.SLIP, PaymentMethod.CREDIT_CARD)],
                        "refusal": views.refusal(refusal, language),
                        "prices": [{"years": y, "price": self.catalogue.price(product.key, y)}
                                   for y in self.catalogue.years],
                    })
            items.append({"serial": serial, "current_product": row["product"],
                          "current_product_name": self.catalogue.name(row["product"]), "expiry": row["expiry"],
                          "renewable": status.renewable, "refusal": views.refusal(status.refusal, language),
                          "open_order": self.open_order_of(serial), "options": options})
        return {"today": today.isoformat(), "items": items}
