"""S6 お支払方法とお客さま情報 (振込用紙), and its twin for an upgrade: the simulated credit card."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, QTimer, Slot
from PySide6.QtWidgets import QWidget

from vb_renew.core.errors import ApiError
from vb_renew.core.flow import Choice, Step
from vb_renew.core.submission import FORM_FIELDS
from vb_renew.rules import customer as customer_rules
from vb_renew.rules.payment import PaymentMethod
from vb_renew.rules.upgrades import UPGRADE_BY_CARD_ONLY
from vb_renew.ui.error_panel import ErrorPanel
from vb_renew.ui.style import (
    heading,
    section_title,
    wrapped,
)
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import error_parts, primary_button, tr_text
from vb_renew.ui.wizard.base import (
    OrderSummary,
    WizardPage,
)
from vb_renew.ui.wizard.card_form import CardForm, SimCardNote
from vb_renew.ui.wizard.customer_form import CustomerForm
from vb_renew.ui.wizard.forms import AgreementBox, PaymentMethods


class _DetailsPage(WizardPage):
    """What the slip page and the card page share: summary, methods, customer form, agreement, button."""

    def __init__(self, prefix: str, runner: TaskRunner, card: bool, parent: QWidget | None = None, *,
                 in_parts: bool = False) -> None:
        """``in_parts``: built by :meth:`~.base.WizardPage.build_part`, a part at a time (the wizard built ahead)."""
        super().__init__(prefix, parent)
        self.prefix = prefix
        self.card_form: CardForm | None = None
        self._parts = self._build_parts(prefix, runner, card)
        if not in_parts:
            self.finish_building()

    def _build_parts(self, prefix: str, runner: TaskRunner, card: bool) -> Iterator[None]:
        self.body_layout.addWidget(heading(
            QCoreApplication.translate("WizardPayment", "お申し込み内容の確認とお支払方法の選択"), self.body, f"{prefix}.heading"))
        # The backend refused the details: 「入力内容に誤りがあります」, what to do; each field's sentence at it.
        self.server_error_panel = ErrorPanel(f"{prefix}.serverErrorPanel", f"{prefix}.serverErrorTitle",
                                             f"{prefix}.serverError", self.body)
        self.server_error = self.server_error_panel.text
        self.body_layout.addWidget(self.server_error_panel)
        self._scroll_target: QWidget | None = None
        self.body_layout.addWidget(section_title(QCoreApplication.translate("WizardPayment", "お申し込みの内容"), self.body,
                                                 f"{prefix}.summaryTitle"))
        self.summary = OrderSummary(f"{prefix}.summary", self.body)
        self.body_layout.addWidget(self.summary)
        self.body_layout.addWidget(section_title(QCoreApplication.translate("WizardPayment", "お支払方法の選択"), self.body,
                                                 f"{prefix}.methodTitle"))
        self.methods = PaymentMethods(prefix, PaymentMethod.CREDIT_CARD if card else PaymentMethod.SLIP, self.body)
        self.body_layout.addWidget(self.methods)
        if card:
            self.body_layout.addWidget(wrapped(tr_text(UPGRADE_BY_CARD_ONLY), self.body, f"{prefix}.upgradeNote",
                                               "note"))
            self.body_layout.addWidget(section_title(QCoreApplication.translate("WizardPayment", "クレジットカード情報"), self.body,
                                                     f"{prefix}.cardTitle"))
            self.body_layout.addWidget(SimCardNote(prefix, self.body))
            yield
            self.card_form = CardForm(prefix, self.body)
            self.card_form.changed.connect(self._changed)
            self.body_layout.addWidget(self.card_form)
        yield
        self.body_layout.addWidget(section_title(
            QCoreApplication.translate("WizardPayment", "お客さま情報（振込用紙の送付先）") if not card
            else QCoreApplication.translate("WizardPayment", "お客さま情報"), self.body, f"{prefix}.customerTitle"))
        self.customer_form = CustomerForm(prefix, runner, self.body)
        self.customer_form.changed.connect(self._changed)
        self.body_layout.addWidget(self.customer_form)
        yield
        self.body_layout.addWidget(section_title(QCoreApplication.translate("WizardPayment", "使用許諾契約書"), self.body,
                                                 f"{prefix}.licenceTitle"))
        self.agreement = AgreementBox(prefix, self.body)
        self.agreement.toggled.connect(self._changed)
        self.body_layout.addWidget(self.agreement)
        self.body_layout.addStretch(1)
        self.next_button = primary_button(  # [seed]
            f"{prefix}.nextButton", QCoreApplication.translate("WizardPayment", "同意して、お申し込み内容を確認する"), self)

    @Slot()
    def _changed(self) -> None:
        self.server_error_panel.setVisible(False)
        self.completeChanged.emit()

    def first_focus(self) -> Iterator[QWidget]:
        """The first field to type in: the card's number, else the customer's family name (the page's other
        controls in reading order only if neither takes the focus)."""
        for form in (self.card_form, self.customer_form):
            if form is not None:
                yield next(iter(form.inputs.values()))
        yield from super().first_focus()

    def is_complete(self) -> bool:
        card_ok = self.card_form is None or self.card_form.is_valid()
        return card_ok and self.customer_form.is_valid() and self.agreement.agreed()

    def begin(self, email: str | None) -> None:
        """A new application: the customer's details may be kept for it; consent and the card may not."""
        self.customer_form.touched.clear()
        self.customer_form.server_errors.clear()
        self.agreement.check.setChecked(False)
        if email:
            self.customer_form.set_value("email", email)
        if self.card_form is not None:
            self.card_form.clear_card()

    def carry_customer(self, other: _DetailsPage) -> None:
        """The details typed on the other payment page, when none were typed here (the product changed)."""
        if self.customer_form.is_pristine() and not other.customer_form.is_pristine():
            self.customer_form.set_values(other.customer_form.values())

    def checked(self) -> bool:
        """Complete, and the details valid as a whole (pure: no I/O); if not, every field's error shows."""
        if not self.is_complete():
            return False
        _details, violations = customer_rules.validate_customer(self.customer_form.values())
        if violations:
            self.customer_form.show_all_errors()
            return False
        return True

    def set_summary(self, choices: tuple[Choice, ...], product_names: dict[str, str], total: int) -> None:
        self.summary.set_choices(choices, product_names, total)

    def customer(self) -> dict[str, str]:
        """The details, normalised as the backend stores them (the form is valid when this is asked)."""
        return customer_rules.normalise_customer(self.customer_form.values())

    def card(self) -> dict[str, str]:
        """The card as the order's body takes it; empty on S6 (the slip)."""
        return self.card_form.card() if self.card_form is not None else {}

    def show_refusal(self, error: BaseException) -> None:
        """The backend refused the order for the details typed (a 422): every field it names gets its sentence
        at the field, the box above says to correct them, and the focus goes to the first one."""
        parts = error_parts(error, input_fields=FORM_FIELDS)
        first: QWidget | None = None
        elsewhere: list[str] = []  # a field this page does not have: its sentence goes in the box
        for problem in parts.failure.fields:
            widget = self._set_field_error(problem.field, problem.message)
            if widget is None:
                elsewhere.append(problem.message)
            first = first or widget
        if not parts.failure.fields:
            elsewhere.append(parts.detail)
        tail = "\n".join(text for text in elsewhere if text)
        self.server_error_panel.show_parts(replace(parts, detail=""), tail=tail)  # the fields say what is wrong
        self._scroll_target = first or self.server_error_panel
        self.ensure_visible(self._scroll_target)
        QTimer.singleShot(0, self._scroll_to_target)  # again once the errors shown under the fields are laid out
        if first is not None:
            first.setFocus()  # where the user corrects it

    @Slot()
    def _scroll_to_target(self) -> None:
        if self._scroll_target is not None:
            self.ensure_visible(self._scroll_target)
            self._scroll_target = None

    def show_server_error(self, field: str | None, message: str) -> None:
        """The backend refused the order with ``message`` about ``field`` (None: the order as a whole)."""
        self.show_refusal(ApiError("validation.invalid", status=422, server_message=message, field=field))

    def _set_field_error(self, field: str, message: str) -> QWidget | None:
        if field.startswith("customer."):
            return self.customer_form.set_server_error(field.removeprefix("customer."), message)
        if field.startswith("card.") and self.card_form is not None:
            return self.card_form.set_server_error(field.removeprefix("card."), message)
        return None


class PaymentPage(_DetailsPage):
    """S6: order summary, 「振込用紙」 selected, the customer's details, the licence agreement.

    Signals: ``completeChanged()`` (inherited). ``next_button`` is 「同意して、お申し込み内容を確認する」 [seed].
    """

    step = Step.PAYMENT

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, *, in_parts: bool = False) -> None:
        super().__init__("customerPage", runner, card=False, parent=parent, in_parts=in_parts)


class CardPage(_DetailsPage):
    """The upgrade's payment page: the simulated credit card, the customer's details, the agreement.

    Signals: ``completeChanged()`` (inherited).
    """

    step = Step.CARD

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, *, in_parts: bool = False) -> None:
        super().__init__("cardPage", runner, card=True, parent=parent, in_parts=in_parts)

    def set_today(self, today: date) -> None:
        assert self.card_form is not None
        self.card_form.set_today(today)
