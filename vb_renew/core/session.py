"""Signing in to the backend as the installed product, and reading what the main screen shows.

Blocking calls: the UI runs them on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from vb_renew.core.api import ApiClient
from vb_renew.core.data import Licence, Order, Refusal
from vb_renew.rules import eligibility
from vb_renew.rules.lifecycle import OrderState


@dataclass(frozen=True)
class ProductSession:
    """The installed product, signed in (the product route: serial + installation secret)."""

    base_url: str
    token: str
    serial: str
    email: str | None
    sim_token: str | None = None

    def client(self) -> ApiClient:
        """A fresh client for one worker (sessions are not shared between threads)."""
        return ApiClient(self.base_url, token=self.token, sim_token=self.sim_token)


@dataclass(frozen=True)
class LicenceView:
    """What S1 and S2 show: the installed licence, the simulated today and the account's e-mail address."""

    licence: Licence
    today: date  # on the simulated clock
    email: str | None = None  # the account the product signed in to (S2); None when it has none


def sign_in_installed_product(base_url: str, sim_token: str | None) -> ProductSession:
    """Find the product installed on this (simulated) PC and sign in with its serial and secret."""
    client = ApiClient(base_url, sim_token=sim_token)
    try:
        installation = client.sim_installation()
        answer = client.product_login(installation.serial, installation.installation_secret)
    finally:
        client.close()
    return ProductSession(base_url, answer.token, installation.serial, answer.email, sim_token)


def read_licence(session: ProductSession) -> LicenceView:
    client = session.client()
    try:
        licence = client.licence(session.serial)
        today = client.health().today
    finally:
        client.close()
    return LicenceView(licence, today, session.email)


def with_order(view: LicenceView, order: Order) -> LicenceView:
    """What S1 shows once ``order`` extended this licence: its new expiry (and product, after an upgrade), at once,
    from the order itself; the next read of the licence confirms it. Any other order leaves the view as it is."""
    if order.state is not OrderState.EXTENDED:
        return view
    item = next((i for i in order.items if i.serial == view.licence.serial and i.new_expiry is not None), None)
    if item is None or item.new_expiry is None:
        return view
    status = eligibility.renewal_status(item.product, item.new_expiry, view.today)
    licence = replace(view.licence, product=item.product, product_name=item.product_name, expiry=item.new_expiry,
                      state=eligibility.licence_state(item.new_expiry, view.today), renewable=status.renewable,
                      listed_in_account=status.listed_in_account, refusal=Refusal.from_violation(status.refusal),
                      open_order=None)
    return replace(view, licence=licence)


def with_token(session: ProductSession, token: str) -> ProductSession:
    return replace(session, token=token)


def serials_to_renew(session: ProductSession) -> list[str]:
    """The serials 「今すぐ更新」 opens the wizard with: this PC's first, then the account's other licences that
    can be renewed and have no open order. This PC's serial is always there: if it cannot be renewed, the
    wizard says why."""
    client = session.client()
    try:
        licences = client.licences()
    finally:
        client.close()
    others = [lic.serial for lic in licences if lic.renewable and not lic.open_order and lic.serial != session.serial]
    return [session.serial, *others]
