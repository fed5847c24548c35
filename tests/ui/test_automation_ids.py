"""Every interactive widget has a stable objectName and an accessibleName (QA tools, screen readers)."""

from __future__ import annotations

from vb_renew.qa.automation import automation_ids, unnamed
from vb_renew.ui.main_window import MainWindow


def test_main_screen_and_customer_information_name_every_control(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_account_info()
    assert unnamed(window) == []
    names = [i.object_name for i in automation_ids(window)]
    assert len(names) == len(set(names)), "object names are unique within the window"
    assert {"expiryLink", "homeRenewButton", "accountRouteLink", "renewNowButton", "accountInfoBackButton"} <= set(names)
