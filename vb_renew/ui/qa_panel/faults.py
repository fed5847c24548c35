"""The QA panel's faults: what a real network does to the app, injected by the backend.

Every kind the backend has (:data:`vb_renew.core.qa.FAULT_KINDS`: latency, an error status, a reset connection,
a broken answer, no answer, an answer lost after the work was done), on a path prefix and a method, fired once,
on every nth request or with a probability. ``POST/GET/DELETE /sim/faults`` (docs/api.md, Simulation control);
the form's fields follow :func:`vb_renew.core.qa.fault_fields`, its body :class:`vb_renew.core.qa.FaultSpec`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from vb_renew.core.qa import (
    DEFAULT_STATUS,
    FAULT_KINDS,
    FAULT_METHODS,
    FAULT_MODES,
    FAULT_PATHS,
    FaultSpec,
    fault_fields,
)
from vb_renew.ui.qa_panel.common import Section, button
from vb_renew.ui.style import section_title
from vb_renew.ui.widgets import name

if TYPE_CHECKING:
    from vb_renew.core.api import ApiClient
    from vb_renew.core.data import Fault
    from vb_renew.ui.qa_panel.context import QaContext

NONE = -1  # a spin box's "not given"


def kind_name(kind: str) -> str:
    names = {
        "latency": QCoreApplication.translate("QaPanel", "遅延（latency）"),
        "status": QCoreApplication.translate("QaPanel", "エラー応答（status）"),
        "reset": QCoreApplication.translate("QaPanel", "接続リセット（reset）"),
        "malformed": QCoreApplication.translate("QaPanel", "壊れた応答（malformed）"),
        "hang": QCoreApplication.translate("QaPanel", "無応答（hang）"),
        "drop_response": QCoreApplication.translate("QaPanel", "応答の消失（drop_response）"),
    }
    return names.get(kind, kind)


def mode_name(mode: str) -> str:
    names = {
        "once": QCoreApplication.translate("QaPanel", "1回だけ"),
        "every_nth": QCoreApplication.translate("QaPanel", "N回ごと"),
        "probability": QCoreApplication.translate("QaPanel", "確率で"),
    }
    return names.get(mode, mode)


def when_text(fault: Fault) -> str:
    """When a fault fires, as the list says it."""
    if fault.mode == "every_nth":
        return QCoreApplication.translate("QaPanel", "{n}回ごと").format(n=fault.n)
    if fault.mode == "probability":
        return QCoreApplication.translate("QaPanel", "確率{p}").format(p=f"{fault.p:g}")
    return mode_name(fault.mode)


def _spin(parent: QWidget, object_name: str, accessible: str, low: int, high: int, value: int,
          none_text: str = "") -> QSpinBox:
    spin = QSpinBox(parent)
    name(spin, object_name, accessible)
    spin.setRange(low, high)
    if none_text:
        spin.setSpecialValueText(none_text)  # shown for the minimum, NONE
    spin.setValue(value)
    return spin


class FaultSection(Section):
    """The form for a new fault, and the list of those active (their counts read every two seconds)."""

    refresh_ms = 2000

    def __init__(self, context: QaContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "fault", parent)
        self.faults: list[Fault] = []
        form = QFormLayout()
        self.kind = QComboBox(self)
        name(self.kind, "qa.fault.kind", QCoreApplication.translate("QaPanel", "障害の種類"))
        for kind in FAULT_KINDS:
            self.kind.addItem(kind_name(kind), kind)
        form.addRow(QCoreApplication.translate("QaPanel", "種類"), self.kind)
        self.path = QComboBox(self)
        name(self.path, "qa.fault.path", QCoreApplication.translate("QaPanel", "対象のパス（前方一致）"))
        self.path.setEditable(True)
        self.path.addItems(FAULT_PATHS)
        form.addRow(QCoreApplication.translate("QaPanel", "パス"), self.path)
        self.method = QComboBox(self)
        name(self.method, "qa.fault.method", QCoreApplication.translate("QaPanel", "対象のメソッド"))
        self.method.addItem(QCoreApplication.translate("QaPanel", "すべて"), None)
        for method in FAULT_METHODS:
            self.method.addItem(method, method)
        form.addRow(QCoreApplication.translate("QaPanel", "メソッド"), self.method)
        self.latency = _spin(self, "qa.fault.latency", QCoreApplication.translate("QaPanel", "遅延（ミリ秒）"),
                             0, 600_000, 2000)
        self.latency.setSuffix(QCoreApplication.translate("QaPanel", " ミリ秒"))
        self.latency.setSingleStep(500)
        form.addRow(QCoreApplication.translate("QaPanel", "遅延"), self.latency)
        self.status_code = _spin(self, "qa.fault.statusCode", QCoreApplication.translate("QaPanel", "HTTPステータス"),
                                 400, 599, DEFAULT_STATUS)
        form.addRow(QCoreApplication.translate("QaPanel", "ステータス"), self.status_code)
        self.retry_after = _spin(self, "qa.fault.retryAfter", QCoreApplication.translate("QaPanel", "Retry-After（秒）"),
                                 NONE, 86_400, NONE, QCoreApplication.translate("QaPanel", "なし"))
        form.addRow(QCoreApplication.translate("QaPanel", "Retry-After"), self.retry_after)
        self.mode = QComboBox(self)
        name(self.mode, "qa.fault.mode", QCoreApplication.translate("QaPanel", "発生のしかた"))
        for mode in FAULT_MODES:
            self.mode.addItem(mode_name(mode), mode)
        form.addRow(QCoreApplication.translate("QaPanel", "発生"), self.mode)
        self.n = _spin(self, "qa.fault.n", QCoreApplication.translate("QaPanel", "何回ごと"), 1, 1_000_000, 2)
        form.addRow(QCoreApplication.translate("QaPanel", "N"), self.n)
        self.p = QDoubleSpinBox(self)
        name(self.p, "qa.fault.p", QCoreApplication.translate("QaPanel", "発生する確率"))
        self.p.setRange(0.0, 1.0)
        self.p.setSingleStep(0.1)
        self.p.setDecimals(2)
        self.p.setValue(0.5)
        form.addRow(QCoreApplication.translate("QaPanel", "確率"), self.p)
        self.seed = _spin(self, "qa.fault.seed", QCoreApplication.translate("QaPanel", "乱数のシード"),
                          NONE, 2_147_483_647, NONE, QCoreApplication.translate("QaPanel", "シナリオから"))
        form.addRow(QCoreApplication.translate("QaPanel", "シード"), self.seed)
        self.layout_.addLayout(form)
        self.fields = {"latency_ms": self.latency, "status": self.status_code, "retry_after": self.retry_after,
                       "n": self.n, "p": self.p, "seed": self.seed}
        self.kind.currentIndexChanged.connect(self._follow_kind)
        self.mode.currentIndexChanged.connect(self._follow_kind)
        self.add_button = button("qa.fault.addButton", QCoreApplication.translate("QaPanel", "障害を追加"), self,
                                 self.add)
        self.layout_.addWidget(self.add_button)

        self.layout_.addWidget(section_title(QCoreApplication.translate("QaPanel", "有効な障害"), self,
                                             "qa.fault.listTitle"))
        self.list = QTreeWidget(self)
        name(self.list, "qa.fault.list", QCoreApplication.translate("QaPanel", "有効な障害の一覧"))
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setHeaderLabels([QCoreApplication.translate("QaPanel", "ID"),
                                   QCoreApplication.translate("QaPanel", "種類"),
                                   QCoreApplication.translate("QaPanel", "対象"),
                                   QCoreApplication.translate("QaPanel", "発生"),
                                   QCoreApplication.translate("QaPanel", "一致/発生")])
        self.list.setMinimumHeight(110)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == 2 else
                                        QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemSelectionChanged.connect(self.update_actions)
        self.layout_.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.remove_button = button("qa.fault.removeButton", QCoreApplication.translate("QaPanel", "選択を削除"),
                                    self, self.remove_selected)
        self.clear_button = button("qa.fault.clearButton", QCoreApplication.translate("QaPanel", "すべて解除"), self,
                                   self.clear)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.clear_button)
        self.layout_.addLayout(row)
        self.actions += [self.add_button, self.remove_button, self.clear_button]
        self._follow_kind()
        self.finish()

    # -- the form ----------------------------------------------------------------------------------------

    @Slot()
    def _follow_kind(self, *_: object) -> None:
        used = fault_fields(self.kind.currentData(), self.mode.currentData())
        for field, widget in self.fields.items():
            widget.setEnabled(field in used)

    def spec(self) -> FaultSpec:
        def given(spin: QSpinBox) -> int | None:
            return None if spin.value() == NONE else spin.value()

        return FaultSpec(path=self.path.currentText(), kind=self.kind.currentData(), method=self.method.currentData(),
                         mode=self.mode.currentData(), latency_ms=self.latency.value(),
                         status=self.status_code.value(), retry_after=given(self.retry_after), n=self.n.value(),
                         p=self.p.value(), seed=given(self.seed))

    def set_spec(self, spec: FaultSpec) -> None:
        """Fill the form (a QA script, a test)."""
        self.kind.setCurrentIndex(self.kind.findData(spec.kind))
        self.path.setCurrentText(spec.path)
        self.method.setCurrentIndex(max(self.method.findData(spec.method), 0))
        self.mode.setCurrentIndex(self.mode.findData(spec.mode))
        for field, widget in self.fields.items():
            value = getattr(spec, field)
            if value is not None:
                widget.setValue(value)

    # -- the backend's faults ----------------------------------------------------------------------------

    def add(self) -> None:
        spec = self.spec()
        if spec.problems():
            self.say(QCoreApplication.translate("QaPanel", "入力を確認してください：{fields}").format(
                fields=QCoreApplication.translate("QaPanel", "、").join(spec.problems())), "error")
            return
        body = spec.body()

        def add(client: ApiClient) -> list[Fault]:
            client.sim_add_fault(**body)
            return client.sim_faults()

        self.act(add, self._added)

    def _added(self, faults: list[Fault]) -> None:
        self._show(faults)
        self.say(QCoreApplication.translate("QaPanel", "障害を追加しました。"))

    def remove_selected(self) -> None:
        ids = [item.text(0) for item in self.list.selectedItems()]
        if not ids:
            return

        def remove(client: ApiClient) -> list[Fault]:
            for fault_id in ids:
                client.sim_remove_fault(fault_id)
            return client.sim_faults()

        self.act(remove, self._removed)

    def _removed(self, faults: list[Fault]) -> None:
        self._show(faults)
        self.say(QCoreApplication.translate("QaPanel", "選択した障害を削除しました。"))

    def clear(self) -> None:
        def clear(client: ApiClient) -> list[Fault]:
            client.sim_clear_faults()
            return client.sim_faults()

        self.act(clear, self._cleared)

    def _cleared(self, faults: list[Fault]) -> None:
        self._show(faults)
        self.say(QCoreApplication.translate("QaPanel", "障害をすべて解除しました。"))

    def refresh(self) -> None:
        self.read(lambda client: client.sim_faults(), self._show)

    def _show(self, faults: list[Fault]) -> None:
        selected = {item.text(0) for item in self.list.selectedItems()}
        self.faults = faults
        self.list.clear()
        every_method = QCoreApplication.translate("QaPanel", "すべて")
        for fault in faults:
            target = f"{fault.method or every_method} {fault.path}"
            item = QTreeWidgetItem([fault.id, kind_name(fault.kind), target, when_text(fault),
                                    f"{fault.matched}/{fault.fired}"])
            self.list.addTopLevelItem(item)
            item.setSelected(fault.id in selected)
        self.update_actions()

    def action_allowed(self, widget: QWidget) -> bool:
        if widget is self.remove_button:
            return bool(self.list.selectedItems())
        if widget is self.clear_button:
            return bool(self.faults)
        return True
