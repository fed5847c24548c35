"""The QA panel's clock: the simulated now, whether it runs, its speed, run mode and next event; run, pause,
advance, set a date.

Uses ``GET/PUT /sim/clock`` (with its run mode, the world's setting ``clock_run``: while some order is open,
always, or paused) and ``POST /sim/clock/advance`` (docs/api.md, Simulation control); the steps, speeds and modes
are :mod:`vb_renew.core.qa`'s.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QGridLayout, QHBoxLayout, QWidget

from vb_renew.core.qa import ADVANCES, RUN_MODES, SPEEDS, clock_instant
from vb_renew.rules.lifecycle import OrderEvent
from vb_renew.ui.qa_panel.common import Section, button, caption, jp_datetime
from vb_renew.ui.style import heading, section_title
from vb_renew.ui.widgets import name

if TYPE_CHECKING:
    from vb_renew.core.data import Clock
    from vb_renew.ui.qa_panel.context import QaContext


def speed_text(clock: Clock) -> str:
    """Whether the clock runs now, and how fast, as the section says it."""
    if not clock.running or clock.seconds_per_day is None:
        return QCoreApplication.translate("QaPanel", "停止中")
    return QCoreApplication.translate("QaPanel", "動作中：1日 = {duration}（実時間の{times}倍）").format(
        duration=duration_text(clock.seconds_per_day), times=f"{86400 / clock.seconds_per_day:,.0f}")


def run_mode_name(mode: str) -> str:
    names = {
        "auto": QCoreApplication.translate("QaPanel", "自動（手続き中のお申し込みがあるあいだ）"),
        "always": QCoreApplication.translate("QaPanel", "常に進む"),
        "paused": QCoreApplication.translate("QaPanel", "止めておく"),
    }
    return names.get(mode, mode)


def mode_text(clock: Clock) -> str:
    """The run mode and the speed it runs at."""
    speed = (QCoreApplication.translate("QaPanel", "指定なし（止まったまま）") if clock.seconds_per_day is None
             else QCoreApplication.translate("QaPanel", "1日 = {duration}").format(
                 duration=duration_text(clock.seconds_per_day)))
    return QCoreApplication.translate("QaPanel", "進み方：{mode}　速さ：{speed}").format(
        mode=run_mode_name(clock.run), speed=speed)


def duration_text(seconds: float) -> str:
    """Real seconds as the speed list says them: 1日, 1時間, 10分, 1分, 10秒, 0.5秒."""
    if seconds >= 86400 and seconds % 86400 == 0:
        return QCoreApplication.translate("QaPanel", "{n}日").format(n=int(seconds // 86400))
    if seconds >= 3600 and seconds % 3600 == 0:
        return QCoreApplication.translate("QaPanel", "{n}時間").format(n=int(seconds // 3600))
    if seconds >= 60 and seconds % 60 == 0:
        return QCoreApplication.translate("QaPanel", "{n}分").format(n=int(seconds // 60))
    return QCoreApplication.translate("QaPanel", "{n}秒").format(n=f"{seconds:g}")


def event_name(kind: str) -> str:
    """A scheduled event of an order (``Clock.events``), in words."""
    names = {
        OrderEvent.SLIP_MAILED: QCoreApplication.translate("QaPanel", "振込用紙の発送"),
        OrderEvent.SLIP_DELIVERED: QCoreApplication.translate("QaPanel", "振込用紙の到着"),
        OrderEvent.CUSTOMER_PAYS: QCoreApplication.translate("QaPanel", "お客さまのお支払い"),
        OrderEvent.PAYMENT_CONFIRMED: QCoreApplication.translate("QaPanel", "入金の確認"),
        OrderEvent.EXTEND: QCoreApplication.translate("QaPanel", "有効期限の延長"),
        OrderEvent.SLIP_LAPSE: QCoreApplication.translate("QaPanel", "お支払い期限切れ"),
    }
    return names.get(kind, kind)


class ClockSection(Section):
    """The simulated clock: read every second while shown; each move says which events it ran."""

    refresh_ms = 1000

    def __init__(self, context: QaContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "clock", parent)
        self.clock: Clock | None = None
        layout = self.layout_
        self.now_label = heading("", self, "qa.clock.now", 4)
        self.now_label.setText(QCoreApplication.translate("QaPanel", "----年--月--日 --:--"))
        layout.addWidget(self.now_label)
        self.speed_label = caption("", self, "qa.clock.speed")
        layout.addWidget(self.speed_label)
        self.mode_label = caption("", self, "qa.clock.mode", "muted")
        layout.addWidget(self.mode_label)
        self.next_label = caption("", self, "qa.clock.nextEvent", "muted")
        layout.addWidget(self.next_label)

        layout.addWidget(section_title(QCoreApplication.translate("QaPanel", "時計を動かす"), self,
                                       "qa.clock.runTitle"))
        run_row = QHBoxLayout()
        self.speed_choice = QComboBox(self)
        name(self.speed_choice, "qa.clock.speedChoice", QCoreApplication.translate("QaPanel", "時計の速さ"))
        for seconds in SPEEDS:
            self.speed_choice.addItem(QCoreApplication.translate("QaPanel", "1日 = {duration}").format(
                duration=duration_text(seconds)), seconds)
        self.speed_choice.setCurrentIndex(SPEEDS.index(60.0))
        run_row.addWidget(self.speed_choice, 1)
        self.run_button = button("qa.clock.runButton", QCoreApplication.translate("QaPanel", "動かす"), self,
                                 self.run)
        self.pause_button = button("qa.clock.pauseButton", QCoreApplication.translate("QaPanel", "止める"), self,
                                   self.pause)
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.pause_button)
        layout.addLayout(run_row)
        mode_row = QHBoxLayout()
        self.run_mode = QComboBox(self)
        name(self.run_mode, "qa.clock.runMode", QCoreApplication.translate("QaPanel", "時計の進み方"))
        for mode in RUN_MODES:
            self.run_mode.addItem(run_mode_name(mode), mode)
        mode_row.addWidget(self.run_mode, 1)
        self.apply_button = button("qa.clock.applyButton", QCoreApplication.translate("QaPanel", "この進み方にする"),
                                   self, self.apply_mode)
        mode_row.addWidget(self.apply_button)
        layout.addLayout(mode_row)

        layout.addWidget(section_title(QCoreApplication.translate("QaPanel", "時計を進める"), self,
                                       "qa.clock.advanceTitle"))
        steps = QGridLayout()
        self.advance_buttons = {
            "hour": button("qa.clock.advanceHour", QCoreApplication.translate("QaPanel", "1時間進める"), self),
            "day": button("qa.clock.advanceDay", QCoreApplication.translate("QaPanel", "1日進める"), self),
            "week": button("qa.clock.advanceWeek", QCoreApplication.translate("QaPanel", "1週間進める"), self),
            "next_event": button("qa.clock.advanceToNextEvent",
                                 QCoreApplication.translate("QaPanel", "次の予定まで進める"), self),
        }
        for number, (step, widget) in enumerate(self.advance_buttons.items()):
            widget.clicked.connect(partial(self.advance, step))
            steps.addWidget(widget, number // 2, number % 2)
        layout.addLayout(steps)

        layout.addWidget(section_title(QCoreApplication.translate("QaPanel", "日時を指定する"), self,
                                       "qa.clock.setTitle"))
        set_row = QHBoxLayout()
        self.date_time = QDateTimeEdit(self)
        name(self.date_time, "qa.clock.dateTime", QCoreApplication.translate("QaPanel", "シミュレーションの日時"))
        self.date_time.setDisplayFormat("yyyy/MM/dd HH:mm")
        self.date_time.setCalendarPopup(True)
        self.date_time.setMinimumDate(QDate(2000, 1, 1))
        self.date_time.setMaximumDate(QDate(2099, 12, 31))
        set_row.addWidget(self.date_time, 1)
        self.set_button = button("qa.clock.setButton", QCoreApplication.translate("QaPanel", "この日時にする"), self,
                                 self.set_date_time)
        set_row.addWidget(self.set_button)
        layout.addLayout(set_row)

        self.events_label = caption("", self, "qa.clock.events", "muted")
        self.events_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.events_label)
        self.actions += [self.speed_choice, self.run_button, self.pause_button, self.run_mode, self.apply_button,
                         *self.advance_buttons.values(), self.date_time, self.set_button]
        self.finish()

    # -- reading -------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.read(lambda client: client.sim_clock(), self._show)

    def _show(self, clock: Clock) -> None:
        first = self.clock is None
        self.clock = clock
        self.now_label.setText(jp_datetime(clock.now))
        self.now_label.setAccessibleName(self.now_label.text())
        self.speed_label.setText(speed_text(clock))
        self.mode_label.setText(mode_text(clock))
        self.next_label.setText(QCoreApplication.translate("QaPanel", "次の予定：{when}").format(
            when=jp_datetime(clock.next_event)) if clock.next_event is not None else
            QCoreApplication.translate("QaPanel", "次の予定：なし"))
        if first:  # the date to set starts at the clock's, the mode and speed at the clock's
            self._put_date_time(clock)
            self.run_mode.setCurrentIndex(max(self.run_mode.findData(clock.run), 0))
            if clock.seconds_per_day is not None and self.speed_choice.findData(clock.seconds_per_day) >= 0:
                self.speed_choice.setCurrentIndex(self.speed_choice.findData(clock.seconds_per_day))
        self.update_actions()

    def _put_date_time(self, clock: Clock) -> None:
        now = clock.now
        self.date_time.setDateTime(QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute)))

    def action_allowed(self, widget: QWidget) -> bool:
        if widget is self.advance_buttons["next_event"]:
            return self.clock is None or self.clock.next_event is not None
        if widget is self.pause_button:
            return self.clock is None or self.clock.run != "paused"
        return True

    # -- moving it -----------------------------------------------------------------------------------------

    def run(self) -> None:
        """「動かす」: from now on, always, at the chosen speed."""
        seconds = float(self.speed_choice.currentData())
        self.run_mode.setCurrentIndex(self.run_mode.findData("always"))
        self.act(lambda client: client.sim_set_clock(seconds_per_day=seconds, run="always"), self._moved)

    def pause(self) -> None:
        """「止める」: the clock stays where it is until it is moved by hand or set to run again."""
        self.run_mode.setCurrentIndex(self.run_mode.findData("paused"))
        self.act(lambda client: client.sim_set_clock(run="paused"), self._moved)

    def apply_mode(self) -> None:
        """The chosen run mode, at the chosen speed."""
        mode, seconds = self.run_mode.currentData(), float(self.speed_choice.currentData())
        self.act(lambda client: client.sim_set_clock(seconds_per_day=seconds, run=mode), self._moved)

    def advance(self, step: str) -> None:
        by = dict(ADVANCES[step])
        self.act(lambda client: client.sim_advance(**by), self._moved)

    def set_date_time(self) -> None:
        chosen = self.date_time.dateTime()
        day, time = chosen.date(), chosen.time()
        instant = clock_instant(date(day.year(), day.month(), day.day()), time.hour(), time.minute())
        self.act(lambda client: client.sim_set_clock(now=instant), self._moved)

    def _moved(self, clock: Clock) -> None:
        self._show(clock)
        self._put_date_time(clock)
        self.context.clock_moved(clock)
        if clock.events:
            lines = [QCoreApplication.translate("QaPanel", "実行された予定：")]
            lines += [QCoreApplication.translate("QaPanel", "・{when}　{event}（{order}）{failed}").format(
                when=jp_datetime(event.due_at), event=event_name(event.kind), order=self._order_number(event.order_id),
                failed="" if event.applied else QCoreApplication.translate("QaPanel", "［実行されず］"))
                for event in clock.events]
            self.events_label.setText("\n".join(lines))
        else:
            self.events_label.setText(QCoreApplication.translate("QaPanel", "実行された予定はありません。"))
        self.say(QCoreApplication.translate("QaPanel", "時計を{now}にしました。").format(now=jp_datetime(clock.now)))

    def _order_number(self, order_id: str) -> str:
        order = self.context.tracker.order(order_id)
        return order.number if order is not None and order.number else order_id
