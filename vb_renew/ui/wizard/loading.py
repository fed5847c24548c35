"""Before the wizard's first page: what it loads on a worker, and the page it shows meanwhile.

:func:`load_job` is the worker's job: the serials' renewal options (``POST /renewal-options``, typed
by the API client) and, from the resources, the licence agreement and the privacy notice the pages
show. :class:`StatePage` says that they are loading, or why they could not be: a heading by the failure's kind
(no connection, a server error with its status, a refusal), what to do, and 「再試行」 where trying again may work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from vb_renew.core.api import ApiClient
from vb_renew.core.data import RenewalOptions
from vb_renew.resources import resource_path
from vb_renew.ui import formats
from vb_renew.ui.error_panel import ErrorPanel
from vb_renew.ui.style import heading, styled, wrapped
from vb_renew.ui.widgets import error_parts, secondary_button

LICENCE_FILE = "licence-agreement.txt"
PRIVACY_FILE = "privacy-notice.txt"


def read_texts() -> tuple[str, str]:
    """The licence agreement and the privacy notice, in the UI's language (a worker reads them: disk)."""
    return read_document(LICENCE_FILE), read_document(PRIVACY_FILE)


def read_document(name: str) -> str:
    """A document of ``resources/`` in the UI's language: ``licence-agreement.en.txt`` for English, else (and for
    Japanese) ``licence-agreement.txt``, the Japanese source."""
    translated = resource_path(name).with_suffix(f".{formats.language()}.txt")
    if formats.language() != "ja" and translated.exists():
        return translated.read_text(encoding="utf-8")
    return resource_path(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Loaded:
    """What the wizard needs before its first page."""

    options: RenewalOptions
    licence_text: str
    privacy_text: str


def load_job(client_factory: Callable[[], ApiClient], serials: Iterable[str],
             options: RenewalOptions | None = None) -> Callable[[], Loaded]:
    """The load, for a worker thread: the renewal options of ``serials`` (unless ``options``, read ahead, are
    given) and the texts."""
    serials = list(serials)

    def work() -> Loaded:
        from vb_renew.core.renewal_start import read_options

        return Loaded(options if options is not None else read_options(client_factory, serials), *read_texts())

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
        self.error_panel = ErrorPanel("wizard.stateErrorPanel", "wizard.stateErrorTitle", "wizard.stateErrorText",
                                      self)
        layout.addWidget(self.error_panel)
        self.retry_button = secondary_button(
            "wizard.loadRetryButton", QCoreApplication.translate("RenewalWizard", "再試行"), self)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def show_loading(self) -> None:
        self.text.setText(QCoreApplication.translate("RenewalWizard", "契約更新の内容を読み込んでいます…"))
        styled(self.text, "muted")
        self.text.setVisible(True)
        self.error_panel.setVisible(False)
        self.retry_button.setVisible(False)

    def show_failure(self, error: BaseException | str) -> None:
        """The load failed: by its kind, with 「再試行」 where trying again may work (the network, the server).
        A ``str`` is a message of its own, shown as it is under the heading of any other error."""
        parts = error_parts(error if isinstance(error, BaseException) else RuntimeError(error))
        self.text.setVisible(False)
        self.error_panel.show_parts(parts, QCoreApplication.translate(
            "RenewalWizard", "契約更新の内容を読み込めませんでした。"))
        if isinstance(error, str):
            self.error_panel.text.setText(error)
        self.retry_button.setVisible(parts.retry or isinstance(error, str))
