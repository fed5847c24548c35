"""Whether a licence can be renewed today, and how it shows in the account and the product.

VB Cloud: renewable from 39 months before the end of term to 2 years after it
[seed]; Total Security: always [seed]. More than a year after expiry the serial
leaves the Trend Micro account, so only the product route reaches it [seed].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.rules.catalogue import Product, load_catalogue
from vb_renew.rules.dates import add_months, add_years
from vb_renew.rules.errors import Violation
from vb_renew.rules.formatting import slash_date
from vb_renew.rules.slips import load_simulation  # the simulation settings live with the slips

TOO_EARLY = QT_TRANSLATE_NOOP("Rules", "{date}から契約更新のお手続きができます。")
EXPIRED_OVER_2_YEARS = QT_TRANSLATE_NOOP(
    "Rules",
    "契約期間が終了して2年以上経過しているため、契約更新のお手続きができません。"
    "新しく製品をご購入ください。",
)  # [pub]: after 2 years expired the licence cannot be renewed; buy a new one

LISTED_YEARS_AFTER_EXPIRY = 1  # [seed] 「1 年」を経過するとトレンドマイクロアカウント上に…表示されなくなる


@dataclass(frozen=True)
class RenewalStatus:
    renewable: bool
    listed_in_account: bool  # False: only the product route (main screen) reaches this serial [seed]
    window_start: date | None  # None: no limit (Total Security)
    window_end: date | None
    refusal: Violation | None  # "renewal.too_early" or "renewal.expired_over_2_years" when not renewable


class LicenceState(StrEnum):
    IN_TERM = "in_term"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"


def listed_in_account(expiry: date, today: date) -> bool:
    """The serial shows in the account until one year after its expiry, that day included [seed]."""
    return today <= add_years(expiry, LISTED_YEARS_AFTER_EXPIRY)


def renewal_status(product: Product | str, expiry: date, today: date) -> RenewalStatus:
    """Whether ``product`` (a Product or its key) expiring on ``expiry`` can be renewed on ``today``."""
    if isinstance(product, str):
        product = load_catalogue().product(product)
    listed = listed_in_account(expiry, today)
    window = product.window
    if window is None:
        return RenewalStatus(True, listed, None, None, None)
    start = add_months(expiry, -window.months_before)
    end = add_years(expiry, window.years_after)
    refusal: Violation | None = None
    if today < start:
        refusal = Violation("renewal.too_early", TOO_EARLY,
                                      params=(("date", slash_date(start)),))
    elif today > end:
        refusal = Violation("renewal.expired_over_2_years", EXPIRED_OVER_2_YEARS)
    return RenewalStatus(refusal is None, listed, start, end, refusal)


def licence_state(expiry: date, today: date, soon_days: int | None = None) -> LicenceState:
    """In term, expiring within ``soon_days`` (default from resources/simulation.json [sim]), or expired.

    The licence protects through its expiry day; it is expired from the day after.
    """
    if soon_days is None:
        soon_days = load_simulation().expiring_soon_days
    days_left = (expiry - today).days
    if days_left < 0:
        return LicenceState.EXPIRED
    if days_left <= soon_days:
        return LicenceState.EXPIRING_SOON
    return LicenceState.IN_TERM
