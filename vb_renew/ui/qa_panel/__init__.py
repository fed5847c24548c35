"""The QA workbench in the main window: the 「QA」 menu, its shortcut (Ctrl+Shift+Q) and the QA panel, a dock.

:class:`QaWorkbench` is what the controller builds (after the first paint): the menu, the shortcut and the log of
the app's API calls, which starts at once so the panel shows the calls made before it was opened. The panel
itself (:mod:`.panel`: one module per section) is built when first opened: from the menu, the shortcut, or
``--qa`` on the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction, QKeySequence

from vb_renew.ui.qa_panel.calls import ApiCallLog
from vb_renew.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from vb_renew.ui.controller import AppController
    from vb_renew.ui.qa_panel.panel import QaPanel

SHORTCUT = "Ctrl+Shift+Q"


class QaWorkbench(QObject):
    """The 「QA」 menu of ``controller.window`` and the QA panel it opens.

    Use: ``QaWorkbench(controller, parent)``; :meth:`show_panel` (``--qa``); :meth:`shutdown` on quit.
    """

    def __init__(self, controller: AppController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.window = controller.window
        self._runner = TaskRunner(self, max_threads=1)
        self.calls = ApiCallLog(self._runner, self)
        self.panel: QaPanel | None = None
        bar = self.window.menuBar()
        bar.setObjectName("menuBar")
        self.menu = bar.addMenu(QCoreApplication.translate("QaPanel", "QA"))
        self.menu.setObjectName("qaMenu")
        self.action = QAction(QCoreApplication.translate("QaPanel", "QAパネル"), self.window)
        self.action.setObjectName("qaPanelAction")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setToolTip(QCoreApplication.translate("QaPanel", "QAパネルを表示します（{shortcut}）").format(
            shortcut=SHORTCUT))
        self.action.toggled.connect(self._toggled)
        self.menu.addAction(self.action)

    @Slot()
    def show_panel(self) -> None:
        self.action.setChecked(True)

    @Slot()
    def hide_panel(self) -> None:
        self.action.setChecked(False)

    @Slot(bool)
    def _toggled(self, shown: bool) -> None:
        if shown and self.panel is None:
            from vb_renew.ui.qa_panel.panel import QaPanel

            self.panel = QaPanel(self.controller, self.calls, self.window)
            self.panel.closed.connect(self.hide_panel)
            self.panel.dock_into(self.window)
        if self.panel is not None:
            self.panel.setVisible(shown)
            if shown:
                self.panel.raise_()

    def shutdown(self) -> None:
        """Listen to the API calls no more; wait for the panel's requests."""
        self.calls.close()
        if self.panel is not None:
            self.panel.shutdown()
        self._runner.shutdown()
