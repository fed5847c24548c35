"""Before a renewal starts: whether 「今すぐ更新」 can start one, the open order in its way, and the warning a
licence with あんしん自動更新 gets before a slip renewal. No Qt.

- A serial has at most one open order: the server refuses a second (409 ``order.already_open``), so while one is
  open 「今すぐ更新」 starts nothing; S2 says so and links to that order's status (:func:`renew_now`).
- With あんしん自動更新 on, the licence is renewed by credit card before it expires and no manual renewal is
  needed [pub]: a slip renewal now would pay twice for the same period, so the user is warned first
  (:func:`warns_before_slip_renewal`). An expired licence is not warned about: its automatic renewal did not
  happen, and a slip renewal is what it needs.

The order an open-order link points to may not be followed yet (placed on the account route, or found only now):
:func:`read_order` reads it (blocking: on a worker) so that it can be followed and its page shown.

What 「今すぐ更新」 opens the wizard with (the serials and their renewal options) is read ahead once S2 has painted
(:func:`read_options_ahead`): a click then shows S5 at once, with no request in between. :class:`OptionsAhead`
says whether a reading may still stand in for one made at the click; the wizard reads them again once it has
shown, and follows what changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from vb_renew.core.api import ApiClient
from vb_renew.core.data import Licence, Order, RenewalOptions
from vb_renew.core.errors import MALFORMED, ApiError
from vb_renew.core.session import ProductSession, serials_to_renew
from vb_renew.i18n import QT_TRANSLATE_NOOP, Text
from vb_renew.rules.eligibility import LicenceState

# Said where a serial has an open order: S2 under 「今すぐ更新」, S4 in the serial's row.
OPEN_ORDER = QT_TRANSLATE_NOOP(
    "WizardSerials", "このシリアル番号には手続き中のお申し込みがあります。お支払いの完了をお待ちください。")

# The confirmation before a slip renewal of a licence with あんしん自動更新 on [sim wording; pub: with it on, the
# licence is renewed by credit card, charged by the end of the month before the expiry month, and no manual
# renewal is needed]. ``{expiry}`` is the licence's expiry, as the product writes dates.
AUTO_RENEW_TITLE = QT_TRANSLATE_NOOP("AutoRenewWarning", "あんしん自動更新が有効です")
AUTO_RENEW_TEXT = QT_TRANSLATE_NOOP(
    "AutoRenewWarning",
    "このライセンスはあんしん自動更新が有効です。有効期限（{expiry}）の前に、ご登録のクレジットカードで"
    "自動的に契約が更新されるため、振込用紙での契約更新は必要ありません。")
AUTO_RENEW_QUESTION = QT_TRANSLATE_NOOP(
    "AutoRenewWarning",
    "いま振込用紙で契約更新すると、同じ期間の料金を二重にお支払いいただくことになります。"
    "それでも振込用紙で契約更新しますか？")
AUTO_RENEW_CONTINUE = QT_TRANSLATE_NOOP("AutoRenewWarning", "振込用紙で契約更新する")
AUTO_RENEW_BACK = QT_TRANSLATE_NOOP("AutoRenewWarning", "戻る")


@dataclass(frozen=True)
class RenewNow:
    """What 「今すぐ更新」 on S2 can do for a licence.

    ``enabled``: it starts the wizard. Otherwise ``reason`` says why not: the server's refusal (already Japanese)
    or our :class:`~vb_renew.i18n.Text`; ``open_order`` is the id of the serial's open order, to link to.
    """

    enabled: bool
    reason: str | Text | None = None
    open_order: str | None = None


def renew_now(licence: Licence) -> RenewNow:
    """「今すぐ更新」 for ``licence``: disabled while its serial has an open order (the server would refuse a second
    one; the user is sent to that order's status instead), or when the rules refuse a renewal today."""
    if licence.open_order:
        return RenewNow(False, OPEN_ORDER, licence.open_order)
    if not licence.renewable:
        return RenewNow(False, licence.refusal.message if licence.refusal is not None else None)
    return RenewNow(True)


def warns_before_slip_renewal(licence: Licence) -> bool:
    """Whether starting a slip renewal of ``licence`` is confirmed first: あんしん自動更新 is on, the licence has
    not expired (its automatic renewal is still to come), and a renewal could start now (renewable, no open
    order; otherwise nothing starts, and there is nothing to warn about)."""
    return (licence.auto_renew and licence.state is not LicenceState.EXPIRED and licence.renewable
            and not licence.open_order)


def read_order(client_factory: Callable[[], ApiClient], order_id: str) -> Order:
    """The order ``order_id`` as it is now, read with a fresh client of ``client_factory`` (blocking: a worker)."""
    client = client_factory()
    try:
        order = client.poll_order(order_id).order
    finally:
        client.close()
    if order is None:  # no ETag was sent: the server always answers with the order
        raise ApiError("response.malformed", text=MALFORMED)
    return order


# How long options read ahead may stand in for a reading at the click [sim: the simulator's own; the product reads
# them when its renewal page opens]. Any news the app has of a change (the licence, an order, the simulated day)
# drops them sooner; this bounds what it cannot know of (a QA tool moving a shared server's clock).
OPTIONS_AHEAD_FOR_S = 60.0


@dataclass(frozen=True)
class OptionsAhead:
    """The serials 「今すぐ更新」 renews (this PC's first) and their renewal options, read at ``read_at``
    (``time.monotonic()``)."""

    serials: tuple[str, ...]
    options: RenewalOptions
    read_at: float

    def current(self, now: float, today: date | None = None) -> bool:
        """Whether they may stand in for a reading at ``now`` (monotonic): read less than
        :data:`OPTIONS_AHEAD_FOR_S` ago, and, if the simulated ``today`` is known, for that day."""
        return 0 <= now - self.read_at < OPTIONS_AHEAD_FOR_S and (today is None or today == self.options.today)


def read_options_ahead(session: ProductSession, client_factory: Callable[[], ApiClient]) -> OptionsAhead:
    """The serials of :func:`~vb_renew.core.session.serials_to_renew` and their renewal options (blocking: a
    worker), as 「今すぐ更新」 would read them."""
    serials = serials_to_renew(session)
    return OptionsAhead(tuple(serials), read_options(client_factory, serials), time.monotonic())


def read_options(client_factory: Callable[[], ApiClient], serials: list[str]) -> RenewalOptions:
    """The renewal options of ``serials``, read with a fresh client of ``client_factory`` (blocking: a worker)."""
    client = client_factory()
    try:
        return client.renewal_options(serials)
    finally:
        client.close()
