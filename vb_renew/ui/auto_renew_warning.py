"""The question before a slip renewal of a licence with あんしん自動更新 on: S2's 「今すぐ更新」 and the account
route's 「今すぐ契約更新」 ask it. The core decides which licence gets it and says it
(:mod:`vb_renew.core.renewal_start`); this shows it with :func:`vb_renew.ui.messages.ask`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from vb_renew.core import renewal_start
from vb_renew.ui.formats import short_date
from vb_renew.ui.messages import ask
from vb_renew.ui.widgets import tr_text

if TYPE_CHECKING:
    from vb_renew.core.data import Licence

OBJECT_NAME = "autoRenewWarning"  # its buttons: autoRenewWarning.confirm (go on), autoRenewWarning.cancel (戻る)


def confirm_slip_renewal(parent: QWidget, licence: Licence, proceed: Callable[[], None]) -> QMessageBox | None:
    """``proceed()`` now when ``licence`` needs no warning; else once the user chose to go on anyway (「戻る」,
    Enter or Esc leave it at that). Returns the question shown, if one is."""
    if not renewal_start.warns_before_slip_renewal(licence):
        proceed()
        return None
    return ask(parent, OBJECT_NAME, tr_text(renewal_start.AUTO_RENEW_TITLE),
               tr_text(renewal_start.AUTO_RENEW_TEXT, expiry=short_date(licence.expiry)),
               detail=tr_text(renewal_start.AUTO_RENEW_QUESTION),
               confirm=tr_text(renewal_start.AUTO_RENEW_CONTINUE), cancel=tr_text(renewal_start.AUTO_RENEW_BACK),
               on_confirm=proceed)
