"""The renewal wizard, embedded in the main window: S4 → S5 → S6 (or the card page) → S7 → S8 → S9.

Built the way QWizard is: a stacked widget of pages keyed by
:class:`vb_renew.core.flow.Step`; which page comes next is decided by
:mod:`vb_renew.core.flow` alone; each page's ``is_complete()`` and
``completeChanged`` drive its main button. Every request and file read runs on
the :class:`~vb_renew.ui.tasks.TaskRunner`; the UI thread never waits.

Submitting (S7) is :class:`vb_renew.core.submission.Submission`'s: the idempotency
key, the pending-order file and whether (and when) a failed send goes again are
decided there; the wizard runs its send on the task runner, keeps the timer of the
automatic resends and shows the outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vb_renew.core import flow
from vb_renew.core.api import ApiClient
from vb_renew.core.backoff import Backoff
from vb_renew.core.flow import Draft, Step
from vb_renew.core.pending import PendingOrders
from vb_renew.core.submission import Conflict, Outcome, Placed, Refused, Submission, Transient
from vb_renew.resources import resource_path
from vb_renew.rules import customer as customer_rules
from vb_renew.rules.formatting import parse_day
from vb_renew.ui.messages import show_message
from vb_renew.ui.style import (
    heading,
    styled,
    wrapped,
)
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import error_text, link_button, name
from vb_renew.ui.wizard.base import (
    StepIndicator,
    WizardPage,
)
from vb_renew.ui.wizard.confirm_page import CompletePage, ConfirmPage
from vb_renew.ui.wizard.payment_pages import CardPage, PaymentPage
from vb_renew.ui.wizard.product_page import ProductPage
from vb_renew.ui.wizard.serials_page import SerialsPage, renewable_item

log = logging.getLogger(__name__)

LICENCE_FILE = "licence-agreement.txt"
PRIVACY_FILE = "privacy-notice.txt"


def read_texts() -> tuple[str, str]:
    """The licence agreement and the privacy notice (a worker reads them: disk)."""
    return (resource_path(LICENCE_FILE).read_text(encoding="utf-8"),
            resource_path(PRIVACY_FILE).read_text(encoding="utf-8"))


class _StatePage(QWidget):
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
        self.retry_button = QPushButton(QCoreApplication.translate("RenewalWizard", "再試行"), self)
        name(self.retry_button, "wizard.loadRetryButton", self.retry_button.text())
        styled(self.retry_button, "button.secondary")
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


class RenewalWizard(QWidget):
    """The renewal wizard, a page of the main window.

    Signals:
        ``cancelled()``: the user left before the order was placed (「キャンセル」).
        ``orderPlaced(object)``: the order (the backend's order dict), when S9 shows.
        ``finished()``: the user clicked 「メイン画面に戻る」 on S9.
        ``paymentStatusRequested(object)``: 「お支払い状況を確認する」 on S9 (slip orders), with the order.

    Use: ``start(client_factory, serials, email=None)``; ``client_factory`` makes a fresh
    :class:`~vb_renew.core.api.ApiClient` for each worker (e.g. ``ProductSession.client``).
    """

    cancelled = Signal()
    orderPlaced = Signal(object)
    finished = Signal()
    paymentStatusRequested = Signal(object)


    def __init__(self, runner: TaskRunner, pending: PendingOrders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("renewalWizard")
        self.setAccessibleName(QCoreApplication.translate("RenewalWizard", "契約更新のお申し込み"))
        self.setMinimumSize(820, 480)
        self.runner = runner
        self.submission = Submission(pending)  # the key, the pending file and the automatic resends
        self._client_factory: Callable[[], ApiClient] | None = None
        self._email: str | None = None
        self._draft = Draft()
        self._items: list[dict[str, Any]] = []
        self._today: date | None = None
        self._step: Step | None = None
        self._generation = 0
        self._loading = False
        self._submitting = False
        self._order: dict[str, Any] | None = None
        self._dialog = None
        self._serials: list[str] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.indicator = StepIndicator(self)
        outer.addWidget(self.indicator)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("wizard.stack")
        outer.addWidget(self.stack, 1)

        self.state_page = _StatePage(self.stack)
        self.state_page.retry_button.clicked.connect(self._load)
        self.stack.addWidget(self.state_page)
        self.pages: dict[Step, WizardPage] = {}
        self.serials_page = SerialsPage(self.stack)
        self.product_page = ProductPage(self.stack)
        self.payment_page = PaymentPage(runner, self.stack)
        self.card_page = CardPage(runner, self.stack)
        self.confirm_page = ConfirmPage(self.stack)
        self.complete_page = CompletePage(self.stack)
        for page in (self.serials_page, self.product_page, self.payment_page, self.card_page, self.confirm_page,
                     self.complete_page):
            self.pages[page.step] = page
            self.stack.addWidget(page)
            page.completeChanged.connect(self._update_buttons)

        bar = QWidget(self)
        bar.setObjectName("wizard.buttonBar")
        bar.setProperty("bar", True)
        styled(bar, "buttonBar")
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(20, 8, 20, 8)
        self.back_button = QPushButton(QCoreApplication.translate("RenewalWizard", "戻る"), bar)
        name(self.back_button, "wizard.backButton", self.back_button.text())
        styled(self.back_button, "button.secondary")
        self.back_button.clicked.connect(self.go_back)
        self.cancel_link = link_button("wizard.cancelLink", QCoreApplication.translate("RenewalWizard", "キャンセル"),
                                       bar)
        self.cancel_link.clicked.connect(self.cancel)
        self.busy_label = QLabel(bar)
        self.busy_label.setObjectName("wizard.busyLabel")
        styled(self.busy_label, "muted")
        bar_layout.addWidget(self.back_button)
        bar_layout.addWidget(self.cancel_link)
        bar_layout.addStretch(1)
        bar_layout.addWidget(self.busy_label)
        # S9 of a slip order: the waiting screen (S10–S12) follows the payment.
        self.status_button = QPushButton(QCoreApplication.translate("RenewalWizard", "お支払い状況を確認する"), bar)
        name(self.status_button, "wizard.paymentStatusButton", self.status_button.text())
        styled(self.status_button, "button.secondary")
        self.status_button.setVisible(False)
        self.status_button.clicked.connect(self._payment_status)
        bar_layout.addWidget(self.status_button)
        for page in self.pages.values():
            if page.next_button is not None:
                page.next_button.setParent(bar)
                page.next_button.setVisible(False)
                bar_layout.addWidget(page.next_button)
        outer.addWidget(bar)

        self.serials_page.serialsChosen.connect(self._serials_chosen)
        self.product_page.choiceMade.connect(self._choice_made)
        self.payment_page.next_button.clicked.connect(self._details_done)
        self.card_page.next_button.clicked.connect(self._details_done)
        self.confirm_page.next_button.clicked.connect(self.submit)
        self.confirm_page.retryClicked.connect(self.retry)
        self.complete_page.next_button.clicked.connect(self._finish)

        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._send)
        self._show_state()

    # -- public API -----------------------------------------------------------------

    @property
    def draft(self) -> Draft:
        return self._draft

    @property
    def pending(self) -> PendingOrders:
        return self.submission.pending

    @property
    def submit_backoff(self) -> Backoff:
        """The automatic resends of a transient failure while submitting (then 「再試行」): the submission's."""
        return self.submission.backoff

    @submit_backoff.setter
    def submit_backoff(self, backoff: Backoff) -> None:
        self.submission.backoff = backoff

    @property
    def order(self) -> dict[str, Any] | None:
        return self._order

    @property
    def client_factory(self) -> Callable[[], ApiClient] | None:
        """The factory of the current application's clients (its account: product or account route)."""
        return self._client_factory

    def current_step(self) -> Step | None:
        """The page on screen, or None while loading (or before ``start``)."""
        return self._step

    def page(self, step: Step) -> WizardPage:
        return self.pages[step]

    def start(self, client_factory: Callable[[], ApiClient], serials: list[str], email: str | None = None) -> None:
        """Begin an application for ``serials``: load their renewal options, then show S4 or S5."""
        self._generation += 1
        self._retry_timer.stop()
        self._client_factory = client_factory
        self._serials = list(serials)
        self._email = email
        self._draft = Draft()
        self._items = []
        self._order = None
        self._submitting = False
        self.submission.reset()
        for form_page in (self.payment_page, self.card_page):
            # The customer's details may be kept for the next application; consent and the card may not.
            form_page.customer_form.touched.clear()
            form_page.customer_form.server_errors.clear()
            form_page.agreement.check.setChecked(False)
            if email:
                form_page.customer_form.set_value("email", email)
        self.card_page.card_form.clear_card()
        self.confirm_page.clear_error()
        self._load()

    @Slot()
    def go_back(self) -> None:
        if self._step is None or self._busy():
            return
        previous = flow.previous_step(self._step, self._draft)
        if previous is not None:
            self._show(previous)

    @Slot()
    def cancel(self) -> None:
        """Leave the wizard before ordering (not while an order is being submitted or once it is placed)."""
        if self._submitting or self._order is not None:
            return
        self._generation += 1  # drop answers still on their way
        self._retry_timer.stop()
        self.cancelled.emit()

    @Slot()
    def submit(self) -> None:
        """S7's 「同意して、お申し込み内容を完了する」: send the order (one key per application body)."""
        if self._submitting or self._order is not None or self._step is not Step.CONFIRM:
            return
        self._draft = self.submission.start(self._draft)
        self._send()

    @Slot()
    def retry(self) -> None:
        """「再試行」: send the same application again, with the same key."""
        if self._submitting or self._order is not None or not self.submission.again():
            return
        self._send()

    # -- loading --------------------------------------------------------------------------

    @Slot()
    def _load(self) -> None:
        if self._client_factory is None:
            return
        self._loading = True
        self._step = None
        self._show_state()
        self.state_page.show_loading()
        generation, factory, serials = self._generation, self._client_factory, list(self._serials)

        def work() -> tuple[dict[str, Any], tuple[str, str]]:
            client = factory()
            try:
                options = client.renewal_options(serials)
            finally:
                client.close()
            return options, read_texts()

        self.runner.submit(work, lambda result: self._loaded(generation, result),
                           lambda error: self._load_failed(generation, error))
        self._update_buttons()

    def _loaded(self, generation: int, result: tuple[dict[str, Any], tuple[str, str]]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        options, (licence_text, privacy_text) = result
        self.payment_page.agreement.set_text(licence_text)
        self.card_page.agreement.set_text(licence_text)
        self.confirm_page.set_privacy_text(privacy_text)
        self._today = parse_day(options.get("today"))
        if self._today is not None:
            self.card_page.set_today(self._today)
        self._items = list(options.get("items", []))
        renewable = tuple(str(item["serial"]) for item in self._items if renewable_item(item))
        self._draft = Draft(renewable_serials=renewable, selected_serials=renewable if len(renewable) == 1 else ())
        self.serials_page.set_items(self._items)
        if not renewable:
            self._show(Step.SERIALS)  # nothing to renew: S4 shows why
            return
        if len(renewable) == 1:
            self._prepare_products()
        self._show(flow.first_step(self._draft))

    def _load_failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._loading = False
        log.warning("renewal options failed: %r", error)
        self.state_page.show_failure(error_text(error))
        self._update_buttons()

    # -- steps ----------------------------------------------------------------------------

    def _prepare_products(self) -> None:
        selected = set(self._draft.selected_serials)
        self.product_page.set_items([item for item in self._items if str(item["serial"]) in selected])
        self.product_page.show_choices(self._draft.choices)

    @Slot(list)
    def _serials_chosen(self, serials: list[str]) -> None:
        if self._busy():
            return
        chosen = tuple(s for s in self._draft.renewable_serials if s in set(serials))
        if not chosen:
            return
        kept = tuple(c for c in self._draft.choices if c.serial in chosen)
        if chosen != self._draft.selected_serials:
            self._draft = replace(self._draft, selected_serials=chosen, choices=kept, idempotency_key=None)
            self._prepare_products()
        self._show(flow.next_step(Step.SERIALS, self._draft))

    @Slot(object)
    def _choice_made(self, choice: flow.Choice) -> None:
        if self._busy():
            return
        self._draft = self._draft.choose(choice)
        self.product_page.show_choices(self._draft.choices)
        chosen = {c.serial for c in self._draft.choices}
        left = [serial for serial in self._draft.selected_serials if serial not in chosen]
        if left:
            self.product_page.scroll_to(left[0])
        else:
            self._show(flow.next_step(Step.PRODUCT, self._draft))

    @Slot()
    def _details_done(self) -> None:
        """S6 (or the card page) → S7; validation is pure (no I/O), so it runs here."""
        page = self.pages.get(self._step) if self._step else None
        if not isinstance(page, (PaymentPage, CardPage)) or not page.is_complete():
            return
        _details, violations = customer_rules.validate_customer(page.customer_form.values())
        if violations:
            page.customer_form.show_all_errors()
            return
        card = page.card() if isinstance(page, CardPage) else {}
        self._draft = replace(self._draft, customer=page.customer(), card=card, agreed_licence=True)
        self._show(flow.next_step(self._step, self._draft))

    @Slot()
    def _finish(self) -> None:
        self.finished.emit()

    @Slot()
    def _payment_status(self) -> None:
        if self._order is not None:
            self.paymentStatusRequested.emit(self._order)

    def _show(self, step: Step) -> None:
        self._step = step
        page = self.pages[step]
        names = self.product_page.product_names()
        if step in (Step.PAYMENT, Step.CARD):
            assert isinstance(page, (PaymentPage, CardPage))
            page.set_summary(self._draft.choices, names, self._draft.total)
            other = self.card_page if step is Step.PAYMENT else self.payment_page
            if page.customer_form.is_pristine() and not other.customer_form.is_pristine():
                page.customer_form.set_values(other.customer_form.values())
        elif step is Step.CONFIRM:
            self.confirm_page.show_draft(self._draft, names)
            self.confirm_page.clear_error()
        self.stack.setCurrentWidget(page)
        page.scroll.verticalScrollBar().setValue(0)
        steps = flow.steps_for(self._draft) if self._draft.renewable_serials else [Step.SERIALS]
        self.indicator.set_steps(steps, step)
        self._update_buttons()

    def _show_state(self) -> None:
        self.stack.setCurrentWidget(self.state_page)
        self.indicator.set_steps([], None)

    # -- submitting -------------------------------------------------------------------------

    @Slot()
    def _send(self) -> None:
        if self._order is not None or self._client_factory is None:
            return
        attempt = self.submission.attempt
        self._submitting = True
        self.confirm_page.show_busy(QCoreApplication.translate("RenewalWizard", "お申し込みを送信しています…")
                                    if attempt == 0 else
                                    QCoreApplication.translate(
                                        "RenewalWizard", "通信に失敗したため、再送信しています（{attempt}回目）…").format(
                                        attempt=attempt))
        self._update_buttons()
        generation = self._generation
        self.runner.submit(self.submission.job(self._client_factory),
                           lambda outcome: self._sent(generation, outcome),
                           lambda error: self._send_failed(generation, error))

    def _sent(self, generation: int, outcome: Outcome) -> None:
        if generation != self._generation:
            return
        if isinstance(outcome, Placed):
            self._ordered(outcome.order)
            return
        delay = self.submission.retry_delay(outcome)
        if delay is not None:
            self._retry_timer.start(int(delay * 1000))  # core decided; the wait stays off the worker
            return
        self._submitting = False
        error = outcome.error if isinstance(outcome, (Refused, Conflict, Transient)) else None
        message = error_text(error) if error is not None else ""
        log.warning("order submission failed: %r", outcome)
        if isinstance(outcome, Refused) and outcome.form_field:
            target = self.card_page if self._draft.is_upgrade else self.payment_page
            self._show(target.step)
            target.show_server_error(outcome.form_field, message)
        elif isinstance(outcome, Transient):
            self.confirm_page.show_error(QCoreApplication.translate(
                "RenewalWizard", "お申し込みを送信できませんでした。{message}\n［再試行］をクリックすると、"
                "同じお申し込みをもう一度送信します（二重に申し込まれることはありません）。").format(message=message),
                retry=True)
        else:
            self.confirm_page.show_error(message, retry=False)
        self._update_buttons()

    def _send_failed(self, generation: int, error: Exception) -> None:
        """Not the server's answer (the disk, a sign-in): shown as it is, nothing sent again by itself."""
        if generation != self._generation:
            return
        self._submitting = False
        log.warning("order submission failed: %r", error)
        self.confirm_page.show_error(error_text(error), retry=False)
        self._update_buttons()

    def _ordered(self, order: dict[str, Any]) -> None:
        self._submitting = False
        self._order = order
        self._draft = replace(self._draft, order=order, card={})
        self.card_page.card_form.clear_secrets()
        self.confirm_page.clear_error()
        self._update_buttons()
        # S8: the dialog with 「OK」 [seed]; non-blocking, S9 follows when it closes.
        self._dialog = show_message(
            self, "orderPlacedDialog", QCoreApplication.translate("RenewalWizard", "お申し込み"),
            QCoreApplication.translate("RenewalWizard", "お申し込みを受け付けました。"))
        # Connected to our slot (not a lambda holding the wizard): the box, our child, must not own us.
        self._dialog.finished.connect(self._show_complete)

    @Slot()
    def _show_complete(self) -> None:
        self._dialog = None
        if self._order is None or self._step is Step.COMPLETE:
            return
        self.complete_page.show_order(self._order, self._email or self._draft.customer.get("email"))
        self._show(Step.COMPLETE)
        self.orderPlaced.emit(self._order)

    # -- buttons ---------------------------------------------------------------------------

    def _busy(self) -> bool:
        return self._loading or self._submitting

    @Slot()
    def _update_buttons(self) -> None:
        step, busy = self._step, self._busy()
        current = self.pages.get(step) if step is not None else None
        for page in self.pages.values():
            if page.next_button is None:
                continue
            page.next_button.setVisible(page is current)
            page.next_button.setEnabled(page is current and not busy and page.is_complete()
                                        and not (step is Step.CONFIRM and self._order is not None))
        can_back = step is not None and flow.previous_step(step, self._draft) is not None and self._order is None
        self.back_button.setVisible(can_back)
        self.back_button.setEnabled(can_back and not busy)
        self.cancel_link.setVisible(self._order is None)
        self.status_button.setVisible(step is Step.COMPLETE and self._order is not None
                                      and bool(self._order.get("open")))
        self.cancel_link.setEnabled(not self._submitting)
        if self._loading:
            self.busy_label.setText(QCoreApplication.translate("RenewalWizard", "読み込み中…"))
        elif self._submitting:
            self.busy_label.setText(QCoreApplication.translate("RenewalWizard", "送信中…"))
        else:
            self.busy_label.setText("")
