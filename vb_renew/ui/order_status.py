"""What S10–S12 show of an order, rendered from an :class:`~vb_renew.core.data.Order`: words and two cards.

- :func:`status_words`: the waiting page's status box (its tone, title and text) for the order's state;
  :func:`product_line` and :func:`new_expiry` for its summary and S12; :func:`end_notice`, the tray's words
  when the order ends.
- :class:`OrderTimeline` lists the order's steps (申込完了 → 振込用紙発送 → 振込用紙到着 → お支払い → 入金確認 →
  有効期限延長, from :data:`vb_renew.rules.lifecycle.MAIN_PATH`, and お支払い期限切れ for a lapsed order) with
  the simulated day each was reached, or what is planned for it.
- :class:`ConfirmationWindow` is the seed's table of 入金確認までの期間 by where the slip is paid, the actual
  place highlighted with the days the backend expects.

Nothing here polls, emits or reads a date string: the dates are the order's ``date`` values, written by
:func:`vb_renew.ui.formats.short_date`. Wording: captions marked [seed] are the help page's, verbatim;
the rest is ours [sim].
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from vb_renew.rules.lifecycle import MAIN_PATH, OrderState
from vb_renew.rules.payment import PaidAt
from vb_renew.ui.formats import short_date
from vb_renew.ui.style import make_card, place_name, styled, wrapped

if TYPE_CHECKING:
    from vb_renew.core.data import Order

STEPS = MAIN_PATH  # the timeline's rows, in order (a lapsed order adds its own row)
ROWS = (*STEPS, OrderState.LAPSED)
# [seed] the slip arrives 1–2 weeks after the application: the planned window on the timeline.
SLIP_ARRIVAL_DAYS = (7, 14)


def step_title(state: OrderState) -> str:
    """The timeline's words for each state [sim]."""
    titles = {
        OrderState.APPLIED: QCoreApplication.translate("Waiting", "申込完了"),
        OrderState.SLIP_MAILED: QCoreApplication.translate("Waiting", "振込用紙発送"),
        OrderState.SLIP_DELIVERED: QCoreApplication.translate("Waiting", "振込用紙到着"),
        OrderState.PAID: QCoreApplication.translate("Waiting", "お支払い"),
        OrderState.CONFIRMED: QCoreApplication.translate("Waiting", "入金確認"),
        OrderState.EXTENDED: QCoreApplication.translate("Waiting", "有効期限延長"),
        OrderState.LAPSED: QCoreApplication.translate("Waiting", "お支払い期限切れ"),
    }
    return titles.get(state, str(state))


def new_expiry(order: Order) -> date | None:
    """The latest of the items' new expiries, once extended."""
    return max((item.new_expiry for item in order.items if item.new_expiry is not None), default=None)


def product_line(order: Order) -> str:
    separator = QCoreApplication.translate("Waiting", "、")  # the language's list separator (", " in English)
    return separator.join(QCoreApplication.translate("Waiting", "{product} {years}年").format(
        product=item.product_name or item.product, years=item.years) for item in order.items)


def status_words(order: Order) -> tuple[str, str, str]:
    """The status box: its tone (a ``statusBox.*`` style), its title and its text."""
    state, slip, payment = order.state, order.slip, order.payment
    if state is OrderState.APPLIED:
        return "progress", QCoreApplication.translate("Waiting", "お申し込みを受け付けました"), (
            QCoreApplication.translate("Waiting", "振込用紙を発送する準備をしています。")
            + QCoreApplication.translate(  # [seed]
                "Waiting", "振込用紙が到着するまでに「 1 ~ 2 週間ほど」お時間をいただいておりますので、あらかじめご了承ください。"))
    if state is OrderState.SLIP_MAILED:
        return "progress", QCoreApplication.translate("Waiting", "振込用紙を発送しました"), QCoreApplication.translate(
            "Waiting", "振込用紙が届くまでお待ちください。届いたら、コンビニエンスストア、もしくは郵便局でお支払いの手続きを実施します。")
    if state is OrderState.SLIP_DELIVERED:
        return "progress", QCoreApplication.translate("Waiting", "振込用紙が届きました"), (
            QCoreApplication.translate(  # [seed]
                "Waiting", "コンビニエンスストア、もしくは郵便局でお支払いの手続きを実施します。")
            + QCoreApplication.translate("Waiting", "お支払い期限は {deadline} です。").format(
                deadline=short_date(slip.deadline if slip else None)))
    if state is OrderState.PAID:
        text = QCoreApplication.translate(
            "Waiting", "{place}でのお支払い（{paid_on}）を受け付けました。入金確認までの期間は下の表のとおりです。").format(
            place=place_name(payment.place if payment else None),
            paid_on=short_date(payment.paid_on if payment else None))
        expected = order.expected_confirmation
        if expected is not None:
            text += "\n" + QCoreApplication.translate("Waiting", "入金確認の予定：{first} ~ {last} ごろ").format(
                first=short_date(expected.earliest), last=short_date(expected.latest))
        return "progress", QCoreApplication.translate("Waiting", "ご入金の確認をお待ちください"), text
    if state is OrderState.CONFIRMED:
        return "progress", QCoreApplication.translate("Waiting", "ご入金を確認しました"), QCoreApplication.translate(
            "Waiting", "有効期限を延長しています。しばらくお待ちください。")
    if state is OrderState.EXTENDED:
        return "success", QCoreApplication.translate("Waiting", "契約更新が完了しました"), (
            QCoreApplication.translate(  # [seed]
                "Waiting", "有効期限が延長されていれば、契約更新は完了です。そのままご使用ください。") + "\n"
            + QCoreApplication.translate(  # [seed]
                "Waiting", "更新手続きが完了すると、トレンドマイクロアカウントにご登録のメールアドレス宛に手続き完了のメールをお送りします。"))
    if state is OrderState.LAPSED:  # the style's statusBox.lapsed / statusTitle.lapsed
        return str(OrderState.LAPSED), QCoreApplication.translate("Waiting", "振込用紙のお支払い期限が過ぎました"), (
            QCoreApplication.translate(
                "Waiting", "振込用紙の有効期限（発行から2か月、{deadline}まで）を過ぎたため、このお申し込みは無効になりました。"
                           "契約を更新するには、もう一度お申し込みください。").format(
                deadline=short_date(slip.deadline if slip else None)))
    return "progress", str(state), ""


def end_notice(order: Order) -> tuple[str, str] | None:
    """The tray's (title, message) for an order that ended; None for one that did not."""
    if order.state is OrderState.EXTENDED:
        return (QCoreApplication.translate("Waiting", "契約更新が完了しました"),
                QCoreApplication.translate("Waiting", "有効期限が {date} まで延長されました。").format(
                    date=short_date(new_expiry(order))))
    if order.state is OrderState.LAPSED:
        return (QCoreApplication.translate("Waiting", "振込用紙のお支払い期限が過ぎました"),
                QCoreApplication.translate(
                    "Waiting", "お申し込み（{number}）は無効になりました。もう一度お申し込みください。").format(
                    number=order.number or order.id))
    return None


def planned_window(first: object, last: object) -> str:
    """「{first} ~ {last} ごろ（予定）」 for two dates."""
    return QCoreApplication.translate("Waiting", "{first} ~ {last} ごろ（予定）").format(
        first=short_date(first), last=short_date(last))


class OrderTimeline(QFrame):
    """The order's steps with their simulated dates; reached steps ticked, the current one highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waiting.timeline")
        make_card(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(2, 1)
        self.rows: dict[OrderState, tuple[QLabel, QLabel, QLabel]] = {}
        for row, state in enumerate(ROWS):
            marker = QLabel(self)
            marker.setObjectName(f"waiting.timeline.{state}.marker")
            marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
            marker.setFixedWidth(24)
            title = QLabel(step_title(state), self)
            title.setObjectName(f"waiting.timeline.{state}")
            when = QLabel(self)
            when.setObjectName(f"waiting.timeline.{state}.date")
            when.setWordWrap(True)
            for column, label in enumerate((marker, title, when)):
                grid.addWidget(label, row, column)
            self.rows[state] = (marker, title, when)
        self.current: OrderState | None = None

    def date_text(self, state: OrderState | str) -> str:
        return self.rows[OrderState(state)][2].text()

    def show_order(self, order: Order) -> None:
        at = order.reached()
        state = order.state
        lapsed = state is OrderState.LAPSED
        self.current = state
        plans = self._plans(order, at)
        for step in ROWS:
            marker, title, when = self.rows[step]
            visible = step is not OrderState.LAPSED or lapsed
            for label in (marker, title, when):
                label.setVisible(visible)
            if not visible:
                continue
            when.setText(short_date(at[step]) if step in at else plans.get(step, "—"))
            if step is state:
                sheet = "error.bold" if lapsed else ("ok.bold" if step is OrderState.EXTENDED else "accent.bold")
                marker.setText("✕" if lapsed else ("✓" if step is OrderState.EXTENDED else "●"))
                for label in (marker, title, when):
                    styled(label, sheet)
                self.setAccessibleDescription(QCoreApplication.translate("Waiting", "現在の状況: {step}").format(
                    step=title.text()))
            elif step in at:
                marker.setText("✓")
                styled(marker, "ok")
                styled(title, "strong")
                styled(when, "strong")
            else:
                marker.setText("○")
                for label in (marker, title, when):
                    styled(label, "muted")
            title.setAccessibleName(QCoreApplication.translate("Waiting", "{step}: {date}").format(
                step=title.text(), date=when.text()))

    @staticmethod
    def _plans(order: Order, at: dict[OrderState, datetime]) -> dict[OrderState, str]:
        """What is planned for the steps not reached yet [sim wording; the windows are the seed's]."""
        plans: dict[OrderState, str] = {}
        if order.state is OrderState.LAPSED:
            return plans
        applied = at.get(OrderState.APPLIED, order.created_at).date()
        if OrderState.SLIP_DELIVERED not in at:
            first, last = (applied + timedelta(days=d) for d in SLIP_ARRIVAL_DAYS)
            plans[OrderState.SLIP_DELIVERED] = planned_window(first, last)
        if OrderState.PAID not in at and order.slip is not None:
            plans[OrderState.PAID] = QCoreApplication.translate("Waiting", "お支払い期限 {deadline}").format(
                deadline=short_date(order.slip.deadline))
        expected = order.expected_confirmation
        if OrderState.CONFIRMED not in at and expected is not None:
            plans[OrderState.CONFIRMED] = planned_window(expected.earliest, expected.latest)
            plans[OrderState.EXTENDED] = QCoreApplication.translate("Waiting", "入金確認後、自動で延長")
        return plans


class ConfirmationWindow(QFrame):
    """入金確認までの期間 [seed table]: by where the slip is paid; the row of the actual place highlighted,
    with the dates the backend expects (``Order.expected_confirmation``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waiting.confirmationWindow")
        make_card(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        self.rows: dict[PaidAt, tuple[QLabel, QLabel]] = {}
        entries = (
            (PaidAt.CONVENIENCE_STORE, QCoreApplication.translate("Waiting", "振込用紙(コンビニエンスストア)"),  # [seed]
             QCoreApplication.translate("Waiting", "当日 ~ 5 日程度")),  # [seed]
            (PaidAt.POST_OFFICE, QCoreApplication.translate("Waiting", "振込用紙(郵便局)"),  # [seed]
             QCoreApplication.translate("Waiting", "翌日 ~ 10 日程度")),  # [seed]
        )
        for row, (place, label_text, window_text) in enumerate(entries):
            label = QLabel(label_text, self)
            label.setObjectName(f"waiting.window.{place}")
            value = QLabel(window_text, self)
            value.setObjectName(f"waiting.window.{place}.days")
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.rows[place] = (label, value)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        self.expected = wrapped("", self, "waiting.expectedConfirmation")
        layout.addWidget(self.expected)
        self.place: PaidAt | None = None

    def show_order(self, order: Order) -> None:
        payment = order.payment
        self.place = payment.paid_at if payment is not None else None
        for place, (label, value) in self.rows.items():
            sheet = "accent.bold" if place == self.place else ("muted" if self.place else "strong")
            styled(label, sheet)
            styled(value, sheet)
        expected = order.expected_confirmation
        if expected is not None and payment is not None and self.place is not None:
            self.expected.setText(QCoreApplication.translate(
                "Waiting", "{place}で {paid_on} にお支払い：入金確認は {first} ~ {last} ごろの予定です"
                           "（シミュレーション上の日付）。").format(
                place=place_name(self.place), paid_on=short_date(payment.paid_on),
                first=short_date(expected.earliest), last=short_date(expected.latest)))
            self.expected.setVisible(True)
        else:
            self.expected.setVisible(False)
