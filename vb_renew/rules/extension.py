"""The new expiry date once a renewal payment is confirmed."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from vb_renew.rules.catalogue import INVALID_YEARS
from vb_renew.rules.dates import add_years
from vb_renew.rules.errors import RuleError, Violation


class ExpiredBase(StrEnum):
    """Where the new term of an already expired licence starts (a setting: undocumented [sim])."""

    CONFIRMATION_DATE = "confirmation_date"
    OLD_EXPIRY = "old_expiry"


def new_expiry(old_expiry: date, years: int, confirmed_on: date,
               base: ExpiredBase = ExpiredBase.CONFIRMATION_DATE) -> date:
    """The extended expiry.

    In term (confirmed on or before the old expiry): old expiry + years, so none of the remaining
    term is lost [pub]. Expired: ``base`` + years [sim]; with ``OLD_EXPIRY`` the expired days are
    charged too, and a long-expired licence can even stay expired.
    """
    if isinstance(years, bool) or years < 1:
        raise RuleError(Violation("catalogue.invalid_years", INVALID_YEARS, "years"))
    if confirmed_on <= old_expiry:
        return add_years(old_expiry, years)
    start = confirmed_on if ExpiredBase(base) is ExpiredBase.CONFIRMATION_DATE else old_expiry
    return add_years(start, years)
