"""The QA panel's event log: every API request the app made, newest first, and how it ended.

The calls come from :class:`~vb_renew.ui.qa_panel.calls.ApiCallLog` (the client core's announcements, brought to
the UI thread). The clock's reads (the main window's and the clock section's, every second) are hidden unless
asked for; the panel's own simulation requests are shown unless hidden.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QTableView, QWidget

from vb_renew.core.qa import call_outcome, is_clock_read, is_simulation
from vb_renew.ui.colours import theme
from vb_renew.ui.qa_panel.calls import LIMIT
from vb_renew.ui.qa_panel.common import Section, button, caption
from vb_renew.ui.widgets import name

if TYPE_CHECKING:
    from vb_renew.core.api import ApiCall
    from vb_renew.ui.qa_panel.calls import ApiCallLog
    from vb_renew.ui.qa_panel.context import QaContext

Index = QModelIndex | QPersistentModelIndex


def duration_text(seconds: float) -> str:
    if seconds < 10:
        return QCoreApplication.translate("QaPanel", "{ms} ms").format(ms=f"{seconds * 1000:,.0f}")
    return QCoreApplication.translate("QaPanel", "{s} 秒").format(s=f"{seconds:.1f}")


class CallTable(QAbstractTableModel):
    """The calls the log shows, newest first, through its filters."""

    def __init__(self, log: ApiCallLog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log = log
        self.rows: list[ApiCall] = []
        self.show_clock_reads = False
        self.show_simulation = True
        self.headers = [QCoreApplication.translate("QaPanel", "時刻（実時間）"), QCoreApplication.translate("QaPanel", "メソッド"),
                        QCoreApplication.translate("QaPanel", "パス"), QCoreApplication.translate("QaPanel", "結果"),
                        QCoreApplication.translate("QaPanel", "所要時間")]
        log.added.connect(self._added)
        log.cleared.connect(self.rebuild)
        self.rebuild()

    def shown(self, call: ApiCall) -> bool:
        return ((self.show_clock_reads or not is_clock_read(call))
                and (self.show_simulation or not is_simulation(call)))

    @Slot()
    def rebuild(self) -> None:
        self.beginResetModel()
        self.rows = [call for call in reversed(self.log.calls) if self.shown(call)]
        self.endResetModel()

    @Slot(object)
    def _added(self, call: ApiCall) -> None:
        for row, shown in enumerate(self.rows[:50]):  # announced again (an answer that could not be read)
            if shown.id == call.id:
                self.rows[row] = call
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))
                return
        if not self.shown(call):
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.rows.insert(0, call)
        self.endInsertRows()
        if len(self.rows) > LIMIT:
            self.beginRemoveRows(QModelIndex(), LIMIT, len(self.rows) - 1)
            del self.rows[LIMIT:]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name and default)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name and default)
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt's name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        call = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(call, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{call.method} {call.path}\n{call_outcome(call)}　{duration_text(call.duration)}"
        if role == Qt.ItemDataRole.ForegroundRole and not call.ok:
            return QBrush(QColor(theme().error))
        return None

    @staticmethod
    def text(call: ApiCall, column: int) -> str:
        if column == 0:
            return datetime.fromtimestamp(call.at).strftime("%H:%M:%S.%f")[:-3]
        if column == 1:
            return call.method
        if column == 2:
            return call.path
        if column == 3:
            return call_outcome(call)
        return duration_text(call.duration)

    def line(self, row: int) -> str:
        """A row as one line of text (tests, copying)."""
        call = self.rows[row]
        return " ".join(self.text(call, column) for column in range(len(self.headers)))


class EventLogSection(Section):
    """The table of calls, its two filters, and 「消去」."""

    needs_connection = False

    def __init__(self, context: QaContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "events", parent)
        self.model = CallTable(context.calls, self)
        filters = QHBoxLayout()
        self.show_simulation = QCheckBox(QCoreApplication.translate("QaPanel", "QA操作（/sim）"), self)
        name(self.show_simulation, "qa.events.showSimulation",
             QCoreApplication.translate("QaPanel", "QA操作（/sim）を表示する"))
        self.show_simulation.setChecked(True)
        self.show_simulation.toggled.connect(self._filter)
        self.show_clock_reads = QCheckBox(QCoreApplication.translate("QaPanel", "時刻の読み取り"), self)
        name(self.show_clock_reads, "qa.events.showClockReads",
             QCoreApplication.translate("QaPanel", "時刻の読み取りを表示する"))
        self.show_clock_reads.toggled.connect(self._filter)
        filters.addWidget(self.show_simulation)
        filters.addWidget(self.show_clock_reads)
        filters.addStretch(1)
        self.clear_button = button("qa.events.clearButton", QCoreApplication.translate("QaPanel", "消去"), self,
                                   context.calls.clear)
        filters.addWidget(self.clear_button)
        self.actions += [self.clear_button]
        self.layout_.addLayout(filters)
        self.table = QTableView(self)
        name(self.table, "qa.events.table", QCoreApplication.translate("QaPanel", "APIの呼び出し（新しい順）"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.layout_.addWidget(self.table, 1)
        self.count = caption("", self, "qa.events.count", "muted")
        self.layout_.addWidget(self.count)
        self.model.rowsInserted.connect(self._count)
        self.model.modelReset.connect(self._count)
        self.finish(stretch=False)
        self._count()

    @Slot()
    def _filter(self, *_: object) -> None:
        self.model.show_simulation = self.show_simulation.isChecked()
        self.model.show_clock_reads = self.show_clock_reads.isChecked()
        self.model.rebuild()

    @Slot()
    def _count(self, *_: object) -> None:
        self.count.setText(QCoreApplication.translate("QaPanel", "表示 {shown} 件／記録 {kept} 件").format(
            shown=self.model.rowCount(), kept=len(self.context.calls.calls)))
