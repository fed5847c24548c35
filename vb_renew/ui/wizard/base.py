"""What every wizard page shares: the page base class, the step indicator, the button bar, the order summary.

The wizard is a stacked widget built the way QWizard is: pages keyed by
:class:`vb_renew.core.flow.Step`, each with ``is_complete()`` and a
``completeChanged`` signal that drive its main button.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vb_renew.core.flow import Choice, Step
from vb_renew.ui.keyboard import layout_order
from vb_renew.ui.style import (
    make_card,
    styled,
    wrapped,
    yen,
)
from vb_renew.ui.widgets import link_button, name, primary_button, publish, scrolled_body, secondary_button
from vb_renew.ui.wrapping import KeptLabel


class BuiltInParts:
    """A widget built a part at a time (the wizard built ahead): ``_parts`` is what is left to build, None once whole."""

    _parts: Iterator[None] | None = None

    def build_part(self) -> bool:
        """Build the next part; True once every part is built."""
        if self._parts is not None:
            try:
                next(self._parts)
            except StopIteration:
                self._parts = None
        return self._parts is None

    def finish_building(self) -> None:
        """Build every part not built yet (the widget is needed now)."""
        while not self.build_part():
            pass


def document_text(object_name: str, accessible_name: str, loading: str, heights: tuple[int, int],
                  parent: QWidget) -> QTextBrowser:
    """A long document on a page (the licence agreement, the privacy notice), "loading…" until
    :func:`show_document` sets it: the arrow keys scroll it, Tab goes on."""
    view = QTextBrowser(parent)
    name(view, object_name, accessible_name)
    view.setOpenExternalLinks(False)
    view.setTabChangesFocus(True)
    styled(view, "document")
    view.setMinimumHeight(heights[0])
    view.setMaximumHeight(heights[1])
    view.setPlainText(loading)
    return view


def show_document(view: QTextBrowser, text: str) -> None:
    """The document's text; the same text again is kept as it is (laid out once, not at every opening) and shown
    from its top."""
    if text != view.property(DOCUMENT_TEXT):
        view.setProperty(DOCUMENT_TEXT, text)
        view.setPlainText(text)
    else:
        view.moveCursor(QTextCursor.MoveOperation.Start)  # at the top, nothing selected, as when set
        view.verticalScrollBar().setValue(0)


DOCUMENT_TEXT = "documentText"  # the dynamic property holding what show_document set


class WizardPage(BuiltInParts, QWidget):
    """One page of the renewal wizard, its content in a scroll area.

    Signals: ``completeChanged()`` when ``is_complete()`` may have changed.
    ``next_button`` (or None) is the page's main action; the wizard shows it in
    its button bar and enables it from ``is_complete()``.
    """

    completeChanged = Signal()

    step: Step

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll, self.body = scrolled_body(f"{object_name}.scroll", f"{object_name}.body", self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(28, 12, 28, 16)
        self.body_layout.setSpacing(10)
        outer.addWidget(self.scroll)
        self.next_button: QPushButton | None = None
        self.notice: QLabel | None = None  # built on first use: :meth:`show_notice`
        # Counts the times the page built controls after its first ones (S4's rows, S5's choices): the wizard sets
        # the Tab order again when it changed, not at every step.
        self.controls_built = 0
        self._parts: Iterator[None] | None = None  # what is left to build of a page built in parts

    def is_complete(self) -> bool:
        return True

    def show_notice(self, text: str) -> None:
        """A note under the page's heading (S6: the details of a saved draft were restored); "" hides it.

        Automation: ``<page>.notice``, read by its text.
        """
        if self.notice is None:
            if not text:
                return
            self.notice = wrapped("", self.body, f"{self.objectName()}.notice", "note")
            publish(self.notice, "status message")
            self.body_layout.insertWidget(min(1, self.body_layout.count()), self.notice)  # under the heading
        self.notice.setText(text)
        self.notice.setAccessibleName(text)
        self.notice.setVisible(bool(text))

    def ensure_visible(self, widget: QWidget) -> None:
        """Scroll so that ``widget`` (a field with an error) is on screen."""
        self.scroll.ensureWidgetVisible(widget, 40, 40)

    def first_focus(self) -> Iterable[QWidget]:
        """Where the focus goes when the page shows, best first (the first that takes it): by default its
        controls in reading order."""
        return layout_order(self)


class StepIndicator(QFrame):
    """The steps of this application in order, the current one highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizard.stepIndicator")
        self.setProperty("bar", True)
        styled(self, "steps")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(20, 8, 20, 8)
        self._layout.setSpacing(6)
        self._labels: dict[Step, QLabel] = {}
        self._built: list[Step] = []  # the steps the labels are for (hidden while self.steps is empty)
        self.steps: list[Step] = []
        self.current: Step | None = None

    def _text(self, step: Step) -> str:
        if step is Step.SERIALS:
            return QCoreApplication.translate("WizardSteps", "シリアル番号")
        if step is Step.PRODUCT:
            return QCoreApplication.translate("WizardSteps", "製品・年数")
        if step is Step.PAYMENT:
            return QCoreApplication.translate("WizardSteps", "お支払方法・お客さま情報")
        if step is Step.CARD:
            return QCoreApplication.translate("WizardSteps", "クレジットカード・お客さま情報")
        if step is Step.CONFIRM:
            return QCoreApplication.translate("WizardSteps", "確認")
        return QCoreApplication.translate("WizardSteps", "完了")

    def set_steps(self, steps: Sequence[Step], current: Step | None) -> None:
        """Show ``steps``, ``current`` highlighted; none while loading. The labels of the last steps shown are kept
        (hidden while none show): the same steps again, as when the wizard opens again, only show them."""
        steps = list(steps)
        if steps and steps != self._built:
            while self._layout.count():
                item = self._layout.takeAt(0)
                if item.widget() is not None:
                    item.widget().hide()
                    item.widget().deleteLater()
            self._labels = {}
            for number, step in enumerate(steps, 1):
                if number > 1:
                    arrow = QLabel("›", self)
                    styled(arrow, "muted")
                    self._layout.addWidget(arrow)
                label = QLabel(QCoreApplication.translate("WizardSteps", "{number}. {name}").format(
                    number=number, name=self._text(step)), self)
                label.setObjectName(f"wizard.step.{step.name.lower()}")
                self._labels[step] = label
                self._layout.addWidget(label)
            self._layout.addStretch(1)
            self._built = steps
        elif steps != self.steps:
            for index in range(self._layout.count()):
                widget = self._layout.itemAt(index).widget()
                if widget is not None:
                    widget.setVisible(bool(steps))
        self.steps = steps
        self.current = current
        passed = True
        for step, label in (self._labels if steps else {}).items():  # hidden labels keep their look
            if step is current:
                styled(label, "step.current")
                passed = False
            elif passed and current is not None:
                styled(label, "step.passed")
            else:
                styled(label, "step.next")
        self.setAccessibleName(QCoreApplication.translate("WizardSteps", "お申し込みの手順"))
        if current is not None and current in self._labels:
            self.setAccessibleDescription(self._labels[current].text())


class ButtonBar(QWidget):
    """The bar below the pages: 「戻る」, 「キャンセル」, what is going on, 「お支払い状況を確認する」 (S9 of a slip
    order) and each page's main action (its ``next_button``, moved here; the wizard shows the current one's)."""

    def __init__(self, pages: Iterable[WizardPage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizard.buttonBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # a QWidget subclass: its sheet's background
        self.setProperty("bar", True)
        styled(self, "buttonBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 8)
        self.back_button = secondary_button(
            "wizard.backButton", QCoreApplication.translate("RenewalWizard", "戻る"), self)
        self.cancel_link = link_button("wizard.cancelLink", QCoreApplication.translate("RenewalWizard", "キャンセル"),
                                       self)
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("wizard.busyLabel")
        styled(self.busy_label, "muted")
        layout.addWidget(self.back_button)
        layout.addWidget(self.cancel_link)
        layout.addStretch(1)
        layout.addWidget(self.busy_label)
        # S9 of a slip order: the waiting screen (S10–S12) follows the payment. The page's main action (and Enter's):
        # what comes next is paying the slip, which that screen shows.
        self.status_button = primary_button(
            "wizard.paymentStatusButton", QCoreApplication.translate("RenewalWizard", "お支払い状況を確認する"), self)
        self.status_button.setVisible(False)
        layout.addWidget(self.status_button)
        for page in pages:
            if page.next_button is not None:
                page.next_button.setParent(self)
                page.next_button.setVisible(False)
                layout.addWidget(page.next_button)


class OrderSummary(QFrame):
    """The application's lines (serial, product, years, price) and the total: on S6, the card page and S7.

    Its labels are made once and kept: other choices only change their texts (a line more, or fewer, shows or hides
    one). It starts with one line, the usual application, laid out and painted ahead with its page."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        make_card(self)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(12, 8, 12, 8)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(1, 1)
        self._shown: tuple | None = None  # what set_choices() shows
        headers = (QCoreApplication.translate("OrderSummary", "シリアル番号"),
                   QCoreApplication.translate("OrderSummary", "製品"),
                   QCoreApplication.translate("OrderSummary", "更新年数"),
                   QCoreApplication.translate("OrderSummary", "金額"))
        for column, text in enumerate(headers):
            label = QLabel(text, self)
            styled(label, "muted")
            self._grid.addWidget(label, 0, column)
        self._rows: list[tuple[QLabel, KeptLabel, QLabel, QLabel]] = []
        self._line = QFrame(self)
        self._line.setFrameShape(QFrame.Shape.HLine)
        styled(self._line, "rule")
        self._total_label = QLabel(QCoreApplication.translate("OrderSummary", "合計金額"), self)
        self._total_label.setStyleSheet("font-weight: bold;")
        self._total = QLabel(self)
        self._total.setObjectName(f"{object_name}.total")
        styled(self._total, "accent.bold")
        self._total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._lines(1)

    def _lines(self, count: int) -> None:
        """``count`` lines on show (made when there were fewer), the total under them."""
        base = self.objectName()
        while len(self._rows) < count:
            row = len(self._rows) + 1
            serial = QLabel(self)
            serial.setObjectName(f"{base}.serial{row}")
            product = KeptLabel("", self)  # wrapped, but never inside 「（アップグレード）」
            product.setObjectName(f"{base}.product{row}")
            years = QLabel(self)
            years.setObjectName(f"{base}.years{row}")
            price = QLabel(self)
            price.setObjectName(f"{base}.price{row}")
            price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, widget in enumerate((serial, product, years, price)):
                self._grid.addWidget(widget, row, column)
            self._rows.append((serial, product, years, price))
        for number, row in enumerate(self._rows, 1):
            for widget in row:
                widget.setVisible(number <= count)
        if self._grid.getItemPosition(self._grid.indexOf(self._line))[0] != count + 1:
            for widget in (self._line, self._total_label, self._total):
                self._grid.removeWidget(widget)
            self._grid.addWidget(self._line, count + 1, 0, 1, 4)
            self._grid.addWidget(self._total_label, count + 2, 2)
            self._grid.addWidget(self._total, count + 2, 3)

    def set_choices(self, choices: Sequence[Choice], product_names: dict[str, str], total: int) -> None:
        shown = (tuple(choices), dict(product_names), total)
        if shown == self._shown:
            return  # the same lines: kept as they are laid out
        self._shown = shown
        self._lines(len(choices))
        for (serial, product, years, price), choice in zip(self._rows, choices, strict=False):
            serial.setText(choice.serial)
            name = product_names.get(choice.product, choice.product)
            product.setText(QCoreApplication.translate("OrderSummary", "{name}（アップグレード）").format(name=name)
                            if choice.upgrade else name)
            years.setText(QCoreApplication.translate("OrderSummary", "{years}年").format(years=choice.years))
            price.setText(yen(choice.price))
        self._total.setText(yen(total))
