"""The QA panel's worlds: load a scenario or a world file (wiping the world), and the world's settings.

``GET /sim/scenarios``, ``POST /sim/scenario`` (a seed, a start day, the customer's habit, the clock), ``PUT
/sim/world`` (a world document, docs/worlds.md) and ``GET/PUT /sim/settings`` (docs/api.md, Simulation control).
After a load the app follows the new world: the orders of the old one are dropped and the installed product signs
in again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QWidget,
)

from vb_renew.core.qa import CUSTOMER_PAYS, EXPIRED_BASES
from vb_renew.ui.qa_panel.common import Section, button, caption, jp_datetime
from vb_renew.ui.style import section_title
from vb_renew.ui.widgets import error_text, name

if TYPE_CHECKING:
    from vb_renew.core.api import ApiClient
    from vb_renew.core.data import Scenarios, SimSettings, World
    from vb_renew.ui.qa_panel.context import QaContext

NO_SEED = -1


def setting_name(value: str) -> str:
    names = {
        "auto": QCoreApplication.translate("QaPanel", "シナリオのお客さまが自分で支払う"),
        "never": QCoreApplication.translate("QaPanel", "支払わない（QAが支払う）"),
        "confirmation_date": QCoreApplication.translate("QaPanel", "入金確認日から"),
        "old_expiry": QCoreApplication.translate("QaPanel", "もとの有効期限から"),
    }
    return names.get(value, value)


class WorldFileError(Exception):
    """A world file that could not be read (not the backend's refusal: that is an ApiError)."""


def read_world_file(path: str) -> dict[str, Any]:
    """Worker thread: the world document in ``path``."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise WorldFileError(QCoreApplication.translate("QaPanel", "ファイルを読めませんでした：{error}").format(
            error=error.strerror or error)) from error
    except ValueError as error:
        raise WorldFileError(QCoreApplication.translate(
            "QaPanel", "ワールドファイルはJSONではありません：{error}").format(error=error)) from error
    if not isinstance(document, dict):
        raise WorldFileError(QCoreApplication.translate("QaPanel", "ワールドファイルの中身がJSONのオブジェクトではありません。"))
    return document


class WorldSection(Section):
    """Which scenario is loaded, the form that loads one, 「ファイルから読み込む」, and the world's settings."""

    def __init__(self, context: QaContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "world", parent)
        self.scenarios: Scenarios | None = None
        self.settings: SimSettings | None = None
        self.current = caption("", self, "qa.world.current")
        self.layout_.addWidget(self.current)
        form = QFormLayout()
        self.scenario = QComboBox(self)
        name(self.scenario, "qa.world.scenario", QCoreApplication.translate("QaPanel", "シナリオ"))
        form.addRow(QCoreApplication.translate("QaPanel", "シナリオ"), self.scenario)
        self.seed = QSpinBox(self)
        name(self.seed, "qa.world.seed", QCoreApplication.translate("QaPanel", "乱数のシード"))
        self.seed.setRange(NO_SEED, 2_147_483_647)
        self.seed.setSpecialValueText(QCoreApplication.translate("QaPanel", "指定しない"))
        self.seed.setValue(NO_SEED)
        form.addRow(QCoreApplication.translate("QaPanel", "シード"), self.seed)
        start_row = QHBoxLayout()
        self.use_start = QCheckBox(QCoreApplication.translate("QaPanel", "指定する"), self)
        name(self.use_start, "qa.world.useStart", QCoreApplication.translate("QaPanel", "開始日を指定する"))
        self.start = QDateEdit(self)
        name(self.start, "qa.world.start", QCoreApplication.translate("QaPanel", "開始日"))
        self.start.setDisplayFormat("yyyy/MM/dd")
        self.start.setCalendarPopup(True)
        self.start.setMinimumDate(QDate(2000, 1, 1))
        self.start.setMaximumDate(QDate(2099, 12, 31))
        self.start.setEnabled(False)
        self.use_start.toggled.connect(self.start.setEnabled)
        start_row.addWidget(self.use_start)
        start_row.addWidget(self.start, 1)
        form.addRow(QCoreApplication.translate("QaPanel", "開始日"), start_row)
        self.customer_pays = QComboBox(self)
        name(self.customer_pays, "qa.world.customerPays", QCoreApplication.translate("QaPanel", "お客さまの支払い"))
        self.customer_pays.addItem(QCoreApplication.translate("QaPanel", "シナリオのとおり"), None)
        self.customer_pays.addItem(QCoreApplication.translate("QaPanel", "自分で支払う"), True)
        self.customer_pays.addItem(QCoreApplication.translate("QaPanel", "支払わない（QAが支払う）"), False)
        form.addRow(QCoreApplication.translate("QaPanel", "お客さまの支払い"), self.customer_pays)
        self.clock_choice = QComboBox(self)
        name(self.clock_choice, "qa.world.clock", QCoreApplication.translate("QaPanel", "読み込んだあとの時計"))
        self.clock_choice.addItem(QCoreApplication.translate("QaPanel", "シナリオのとおり"), False)
        self.clock_choice.addItem(QCoreApplication.translate("QaPanel", "止めておく"), True)
        form.addRow(QCoreApplication.translate("QaPanel", "時計"), self.clock_choice)
        self.layout_.addLayout(form)
        self.warning = caption(QCoreApplication.translate(
            "QaPanel", "読み込むと、いまの世界（お申し込み・メール・障害）はすべて消えます。"), self, "qa.world.warning",
            "muted")
        self.layout_.addWidget(self.warning)
        loads = QHBoxLayout()
        self.load_button = button("qa.world.loadButton", QCoreApplication.translate("QaPanel", "読み込む（リセット）"),
                                  self, self.load)
        self.file_button = button("qa.world.loadFileButton",
                                  QCoreApplication.translate("QaPanel", "ファイルから読み込む…"), self, self.choose_file)
        loads.addWidget(self.load_button, 1)
        loads.addWidget(self.file_button)
        self.layout_.addLayout(loads)

        self.layout_.addWidget(section_title(QCoreApplication.translate("QaPanel", "このワールドの設定"), self,
                                             "qa.world.settingsTitle"))
        settings = QFormLayout()
        self.setting_customer_pays = QComboBox(self)
        name(self.setting_customer_pays, "qa.world.settingCustomerPays",
             QCoreApplication.translate("QaPanel", "お客さまの支払い（設定）"))
        for value in CUSTOMER_PAYS:
            self.setting_customer_pays.addItem(setting_name(value), value)
        settings.addRow(QCoreApplication.translate("QaPanel", "お客さまの支払い"), self.setting_customer_pays)
        self.setting_expired_base = QComboBox(self)
        name(self.setting_expired_base, "qa.world.settingExpiredBase",
             QCoreApplication.translate("QaPanel", "期限切れの更新の起算日"))
        for value in EXPIRED_BASES:
            self.setting_expired_base.addItem(setting_name(value), value)
        settings.addRow(QCoreApplication.translate("QaPanel", "期限切れの更新"), self.setting_expired_base)
        self.layout_.addLayout(settings)
        self.settings_button = button("qa.world.settingsButton", QCoreApplication.translate("QaPanel", "設定を変更"),
                                      self, self.change_settings)
        self.layout_.addWidget(self.settings_button)
        self.actions += [self.load_button, self.file_button, self.settings_button]
        self.finish()

    # -- what is loaded ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.read(lambda client: (client.sim_scenarios(), client.sim_settings()), self._show)

    def _show(self, read: tuple[Scenarios, SimSettings]) -> None:
        scenarios, settings = read
        chosen = self.scenario.currentText() or scenarios.current
        self.scenarios = scenarios
        self.scenario.clear()
        self.scenario.addItems(list(scenarios.names))
        index = self.scenario.findText(chosen) if chosen else -1
        self.scenario.setCurrentIndex(max(index, 0))
        self.current.setText(QCoreApplication.translate("QaPanel", "読み込まれているシナリオ：{name}").format(
            name=scenarios.current or QCoreApplication.translate("QaPanel", "なし")))
        self._show_settings(settings)
        now = self.context.now
        if now is not None and not self.use_start.isChecked():  # a start day to change from: today's
            self.start.setDate(QDate(now.year, now.month, now.day))
        self.update_actions()

    def _show_settings(self, settings: SimSettings) -> None:
        self.settings = settings
        self.setting_customer_pays.setCurrentIndex(max(self.setting_customer_pays.findData(settings.customer_pays), 0))
        self.setting_expired_base.setCurrentIndex(max(self.setting_expired_base.findData(settings.expired_base), 0))

    def action_allowed(self, widget: QWidget) -> bool:
        return widget is not self.load_button or bool(self.scenario.currentText())

    # -- loading -----------------------------------------------------------------------------------------

    def options(self) -> dict[str, Any]:
        """``POST /sim/scenario``'s options beyond the name (absent: the scenario's own)."""
        options: dict[str, Any] = {}
        if self.seed.value() != NO_SEED:
            options["seed"] = self.seed.value()
        if self.use_start.isChecked():
            options["start"] = self.start.date().toString("yyyy-MM-dd")
        if self.customer_pays.currentData() is not None:
            options["customer_pays"] = bool(self.customer_pays.currentData())
        if self.clock_choice.currentData():
            options["seconds_per_day"] = None  # null: the clock stands still
        return options

    def load(self) -> None:
        scenario, options = self.scenario.currentText(), self.options()
        if not scenario:
            return
        self.act(lambda client: client.sim_load_scenario(scenario, **options), self._loaded,
                 QCoreApplication.translate("QaPanel", "読み込んでいます…"))

    def choose_file(self) -> None:
        """「ファイルから読み込む…」: a file dialog (not modal to the app: the window keeps running)."""
        dialog = QFileDialog(self, QCoreApplication.translate("QaPanel", "ワールドファイルを選ぶ"))
        dialog.setObjectName("qa.world.fileDialog")
        dialog.setNameFilter(QCoreApplication.translate("QaPanel", "ワールドファイル (*.json)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load_file)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot(str)
    def load_file(self, path: str) -> None:
        """Load the world document in ``path`` (read on a worker)."""
        def load(client: ApiClient) -> World:
            return client.sim_load_world(read_world_file(path))

        self.act(load, self._loaded, QCoreApplication.translate("QaPanel", "{file} を読み込んでいます…").format(
            file=Path(path).name))

    def _loaded(self, world: World) -> None:
        self.context.world_loaded(world)
        self.say(QCoreApplication.translate("QaPanel", "シナリオ {name}（シード {seed}）を読み込みました。{now}").format(
            name=world.name, seed=world.seed, now=jp_datetime(world.now)))
        self.refresh()

    def fail(self, error: Exception) -> None:
        """A file that could not be read says so; a world the backend refused lists its problems."""
        if isinstance(error, WorldFileError):
            self.say(str(error), "error")
            return
        problems = [f"・{detail.get('field') or ''} {detail.get('message') or detail.get('code')}".rstrip()
                    for detail in (getattr(error, "details", None) or [])[:5] if isinstance(detail, dict)]
        self.say("\n".join([error_text(error), *problems]), "error")

    # -- the world's settings ----------------------------------------------------------------------------

    def change_settings(self) -> None:
        customer_pays, expired_base = self.setting_customer_pays.currentData(), self.setting_expired_base.currentData()
        self.act(lambda client: client.sim_set_settings(customer_pays=customer_pays, expired_base=expired_base),
                 self._settings_changed)

    def _settings_changed(self, settings: SimSettings) -> None:
        self._show_settings(settings)
        self.say(QCoreApplication.translate("QaPanel", "設定を変更しました。"))
