"""Before the wizard's first page: what it loads on a worker, and the page it shows meanwhile.

:func:`load_job` is the worker's job: the serials' renewal options (``POST /renewal-options``, typed
by the API client) and, from the resources, the licence agreement and the privacy notice the pages
show. :class:`StatePage` says that they are loading, or why they could not be, with 「再試行」.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from vb_renew.core.api import ApiClient
from vb_renew.core.data import RenewalOptions
from vb_renew.resources import resource_path
from vb_renew.ui.style import heading, styled, wrapped
from vb_renew.ui.widgets import secondary_button

LICENCE_FILE = "licence-agreement.txt"
PRIVACY_FILE = "privacy-notice.txt"


def read_texts() -> tuple[str, str]:
    """The licence agreement and the privacy notice (a worker reads them: disk)."""
    return (resource_path(LICENCE_FILE).read_text(encoding="utf-8"),
            resource_path(PRIVACY_FILE).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Loaded:
    """What the wizard needs before its first page."""

    options: RenewalOptions
    licence_text: str
    privacy_text: str


def load_job(client_factory: Callable[[], ApiClient], serials: Iterable[str]) -> Callable[[], Loaded]:
    """The load, for a worker thread: the renewal options of ``serials`` and the texts."""
    serials = list(serials)

    def work() -> Loaded:
        client = client_factory()
        try:
            options = client.renewal_options(serials)
        finally:
            client.close()
        return Loaded(options, *read_texts())

    return work


class StatePage(QWidget):
    """Loading, or a failure with 「再試行」: shown before the first wizard page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizard.statePage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        self.title = heading(QCoreApplication.translate("RenewalWizard", "契約更新のお申し込み"), self,
                             "wizard.stateTitle")
        layout.addWidget(self.title)
        self.text = wrapped("", self, "wizard.stateText")
        layout.addWidget(self.text)
        self.retry_button = secondary_button(
            "wizard.loadRetryButton", QCoreApplication.translate("RenewalWizard", "再試行"), self)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def show_loading(self) -> None:
        self.text.setText(QCoreApplication.translate("RenewalWizard", "契約更新の内容を読み込んでいます…"))
        styled(self.text, "muted")
        self.retry_button.setVisible(False)

    def show_failure(self, message: str) -> None:
        self.text.setText(message)
        styled(self.text, "errorPanel")
        self.retry_button.setVisible(True)
