"""QaPanel: the QA workbench's dock in the main window, one tab per section.

時計 (the simulated clock), 支払い (paying a followed order's slip), 障害 (fault injection), メール (the outbox),
ワールド (scenarios), 通信ログ (the app's API calls), 接続 (the backend's URL and simulation token).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QTabWidget, QWidget

from vb_renew.ui.qa_panel.backend import BackendSection
from vb_renew.ui.qa_panel.clock import ClockSection
from vb_renew.ui.qa_panel.context import QaContext
from vb_renew.ui.qa_panel.events import EventLogSection
from vb_renew.ui.qa_panel.faults import FaultSection
from vb_renew.ui.qa_panel.mailbox import MailboxSection
from vb_renew.ui.qa_panel.payments import PaymentSection
from vb_renew.ui.qa_panel.worlds import WorldSection

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from vb_renew.ui.controller import AppController
    from vb_renew.ui.qa_panel.calls import ApiCallLog
    from vb_renew.ui.qa_panel.common import Section

WIDTH = 480


class QaPanel(QDockWidget):
    """The dock: the sections in tabs, each scrolled when the window is short.

    Signals: ``closed()``: the user closed the dock (its title bar's button).
    """

    closed = Signal()

    def __init__(self, controller: AppController, calls: ApiCallLog, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("QaPanel", "QAパネル"), parent)
        self.setObjectName("qaPanel")
        self.setAccessibleName(QCoreApplication.translate("QaPanel", "QAパネル"))
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.setMinimumWidth(WIDTH)
        self.context = QaContext(controller, calls, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("qa.tabs")
        self.tabs.setAccessibleName(QCoreApplication.translate("QaPanel", "QAパネルの項目"))
        self.tabs.setDocumentMode(True)
        tabs, context = self.tabs, self.context
        self.clock = self._add(ClockSection(context, tabs), QCoreApplication.translate("QaPanel", "時計"))
        self.payments = self._add(PaymentSection(context, tabs), QCoreApplication.translate("QaPanel", "支払い"))
        self.faults = self._add(FaultSection(context, tabs), QCoreApplication.translate("QaPanel", "障害"))
        self.mailbox = self._add(MailboxSection(context, tabs), QCoreApplication.translate("QaPanel", "メール"))
        self.worlds = self._add(WorldSection(context, tabs), QCoreApplication.translate("QaPanel", "ワールド"))
        self.events = self._add(EventLogSection(context, tabs), QCoreApplication.translate("QaPanel", "通信ログ"))
        self.backend = self._add(BackendSection(context, tabs), QCoreApplication.translate("QaPanel", "接続"))
        self.setWidget(self.tabs)

    def _add(self, section: Section, title: str) -> Section:
        scroll = QScrollArea(self.tabs)
        scroll.setObjectName(f"{section.objectName()}.scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(section)  # its parent from now on
        self.tabs.addTab(scroll, title)
        return section

    @property
    def sections(self) -> list[Section]:
        return [self.clock, self.payments, self.faults, self.mailbox, self.worlds, self.events, self.backend]

    def show_section(self, section: Section) -> None:
        """Bring a section's tab to the front."""
        self.tabs.setCurrentIndex(self.sections.index(section))

    def dock_into(self, window: QMainWindow) -> None:
        """Dock at the window's right; the window widens by the panel, so its page keeps its size."""
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        if not (window.isMaximized() or window.isFullScreen()):
            screen = window.screen().availableGeometry() if window.screen() is not None else None
            width = window.width() + WIDTH
            if screen is not None:
                width = min(width, screen.width())
            window.resize(width, window.height())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        super().closeEvent(event)
        self.closed.emit()

    def shutdown(self) -> None:
        self.context.shutdown()
