"""Before a renewal starts (core, plain pytest): 「今すぐ更新」 with an open order, and which licence is warned
about あんしん自動更新 before a slip renewal."""

from __future__ import annotations

from datetime import date

import pytest

from vb_renew.core import renewal_start
from vb_renew.core.data import Licence, Refusal, RenewalOptions
from vb_renew.rules.eligibility import LicenceState

TOO_EARLY = Refusal("renewal.too_early", "2027/01/01から契約更新のお手続きができます。")
TOO_LATE = Refusal("renewal.expired_over_2_years", "契約期間が終了して2年以上経過しているため…")


def licence(*, auto_renew: bool = False, state: LicenceState = LicenceState.IN_TERM, renewable: bool = True,
            refusal: Refusal | None = None, open_order: str | None = None) -> Licence:
    return Licence(serial="VB5C-TARO-0001-0001-0001", product="vb_cloud", product_name="ウイルスバスター クラウド",
                   expiry=date(2027, 9, 26), auto_renew=auto_renew, installed=True, listed_in_account=True,
                   state=state, renewable=renewable, refusal=refusal, open_order=open_order)


# -- 「今すぐ更新」 ----------------------------------------------------------------------------------


def test_a_renewable_licence_without_an_open_order_can_be_renewed_now() -> None:
    assert renewal_start.renew_now(licence()) == renewal_start.RenewNow(True)


def test_an_open_order_disables_renewing_and_points_to_that_order() -> None:
    offer = renewal_start.renew_now(licence(open_order="ord_1"))
    assert offer == renewal_start.RenewNow(False, renewal_start.OPEN_ORDER, "ord_1")
    assert offer.reason.source.startswith("このシリアル番号には手続き中のお申し込みがあります")


def test_the_open_order_is_said_before_a_refusal_of_the_rules() -> None:
    # Placed while renewable; the user needs the way to its status more than the window's rule.
    offer = renewal_start.renew_now(licence(renewable=False, refusal=TOO_EARLY, open_order="ord_1"))
    assert (offer.enabled, offer.open_order) == (False, "ord_1")


def test_a_licence_the_rules_refuse_says_the_servers_reason() -> None:
    assert renewal_start.renew_now(licence(renewable=False, refusal=TOO_LATE)) == renewal_start.RenewNow(
        False, TOO_LATE.message)
    assert renewal_start.renew_now(licence(renewable=False)) == renewal_start.RenewNow(False)


# -- the warning before a slip renewal ------------------------------------------------------------


@pytest.mark.parametrize(("case", "expected"), [
    (licence(auto_renew=True), True),
    (licence(auto_renew=True, state=LicenceState.EXPIRING_SOON), True),
    (licence(), False),  # あんしん自動更新 off: nothing to warn about
    (licence(state=LicenceState.EXPIRED), False),
    # Expired with it on: the automatic renewal did not happen; a slip renewal is what it needs.
    (licence(auto_renew=True, state=LicenceState.EXPIRED), False),
    # Nothing starts: an open order (the server refuses a second), or the rules refuse a renewal today.
    (licence(auto_renew=True, open_order="ord_1"), False),
    (licence(auto_renew=True, renewable=False, refusal=TOO_EARLY), False),
])
def test_only_a_licence_renewed_automatically_is_warned_before_a_slip_renewal(case: Licence, expected: bool) -> None:
    assert renewal_start.warns_before_slip_renewal(case) is expected


def test_the_warning_says_why_and_names_the_expiry() -> None:
    text = renewal_start.AUTO_RENEW_TEXT.format(expiry="2027/09/26")
    assert "あんしん自動更新" in text and "クレジットカード" in text and "2027/09/26" in text
    assert "二重" in renewal_start.AUTO_RENEW_QUESTION.source


# -- the options read ahead ------------------------------------------------------------------------------

def test_options_read_ahead_stand_in_for_a_reading_for_a_while_and_on_their_day_only() -> None:
    options = RenewalOptions(today=date(2026, 11, 26), items=())
    ahead = renewal_start.OptionsAhead(("VB5C-TARO-0001-0001-0001",), options, read_at=100.0)
    assert ahead.current(100.0) and ahead.current(100.0 + renewal_start.OPTIONS_AHEAD_FOR_S - 0.1)
    assert not ahead.current(100.0 + renewal_start.OPTIONS_AHEAD_FOR_S)  # too old: read again
    assert not ahead.current(99.0)  # a clock that went back: nothing to trust
    assert ahead.current(100.0, today=date(2026, 11, 26))
    assert not ahead.current(100.0, today=date(2026, 11, 27))  # another simulated day: other options
