"""Signing in to the backend as the installed product, and reading what the main screen shows.

Blocking calls: the UI runs them on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from vb_renew.core.api import ApiClient


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
    """What S1 and S2 show: the installed licence and the simulated today."""

    licence: dict[str, Any]
    today: str  # YYYY-MM-DD on the simulated clock


def sign_in_installed_product(base_url: str, sim_token: str | None) -> ProductSession:
    """Find the product installed on this (simulated) PC and sign in with its serial and secret."""
    client = ApiClient(base_url, sim_token=sim_token)
    try:
        installation = client.sim_installation()
        answer = client.product_login(installation["serial"], installation["installation_secret"])
    finally:
        client.close()
    account = answer.get("account") or {}
    return ProductSession(base_url, answer["token"], installation["serial"], account.get("email"), sim_token)


def read_licence(session: ProductSession) -> LicenceView:
    client = session.client()
    try:
        licence = client.licence(session.serial)
        today = str(client.health()["now"])[:10]
    finally:
        client.close()
    return LicenceView(licence, today)


def with_token(session: ProductSession, token: str) -> ProductSession:
    return replace(session, token=token)
