"""S7 お申し込み内容の確認 and S9 お申し込み完了 [seed]."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from vb_renew.core.data import Order
from vb_renew.core.flow import Draft, Step
from vb_renew.rules.payment import PaymentMethod
from vb_renew.ui.error_panel import ErrorPanel
from vb_renew.ui.formats import short_date
from vb_renew.ui.style import (
    card_frame,
    heading,
    section_title,
    styled,
    wrapped,
    yen,
)
from vb_renew.ui.widgets import ErrorParts, error_parts, primary_button, secondary_button
from vb_renew.ui.wizard.base import (
    OrderSummary,
    WizardPage,
    document_text,
    show_document,
)
from vb_renew.ui.wizard.cardcheck import last4


def _value(parent: QWidget, object_name: str, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ConfirmPage(WizardPage):
    """S7: the application, the payment details, the personal-information notice, and the submit button.

    Signals: ``retryClicked()`` (「再試行」 after a failed submission: the same idempotency key).
    ``next_button`` is 「同意して、お申し込み内容を完了する」 [seed].
    """

    retryClicked = Signal()
    step = Step.CONFIRM

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("confirmPage", parent)
        self.body_layout.addWidget(heading(QCoreApplication.translate("WizardConfirm", "お申し込み内容の確認"), self.body,
                                           "confirmPage.heading"))
        self.body_layout.addWidget(wrapped(QCoreApplication.translate(
            "WizardConfirm", "お申し込みの内容とお支払方法の内容をご確認ください。"), self.body, "confirmPage.intro"))
        self.status = wrapped("", self.body, "confirmPage.status", "muted.bold")
        self.status.setVisible(False)
        self.body_layout.addWidget(self.status)
        # A send that answers at once shows no status line: it would push the page down and back for nothing.
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.timeout.connect(lambda: self.status.setVisible(bool(self.status.text())))
        error_row = QWidget(self.body)
        error_layout = QHBoxLayout(error_row)
        error_layout.setContentsMargins(0, 0, 0, 0)
        # A failed send: a heading by its kind, what happened and what to do; 「再試行」 where it may work.
        self.error_panel = ErrorPanel("confirmPage.errorPanel", "confirmPage.errorTitle", "confirmPage.errorLabel",
                                      error_row)
        self.error = self.error_panel.text
        self.retry_button = secondary_button(
            "confirmPage.retryButton", QCoreApplication.translate("WizardConfirm", "再試行"), error_row)
        self.retry_button.clicked.connect(self.retryClicked)
        error_layout.addWidget(self.error_panel, 1)
        error_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        self.error_row = error_row
        error_row.setVisible(False)
        self.body_layout.addWidget(error_row)

        self.body_layout.addWidget(section_title(QCoreApplication.translate("WizardConfirm", "お申し込みの内容"), self.body,
                                                 "confirmPage.summaryTitle"))
        self.summary = OrderSummary("confirmPage.summary", self.body)
        self.body_layout.addWidget(self.summary)

        self.body_layout.addWidget(section_title(QCoreApplication.translate("WizardConfirm", "お支払方法の内容"), self.body,
                                                 "confirmPage.paymentTitle"))
        payment_box = card_frame(self.body, "confirmPage.paymentBox")
        self.payment_form = QFormLayout(payment_box)
        self.payment_form.setContentsMargins(12, 8, 12, 8)
        self.payment_form.setHorizontalSpacing(20)
        self.payment_form.setVerticalSpacing(4)
        self.method = _value(payment_box, "confirmPage.paymentMethod", "")
        self.card = _value(payment_box, "confirmPage.card", "")
        self.customer_name = _value(payment_box, "confirmPage.customerName", "")
        self.address = _value(payment_box, "confirmPage.address", "")
        self.phone = _value(payment_box, "confirmPage.phone", "")
        self.email = _value(payment_box, "confirmPage.email", "")
        self.payment_form.addRow(QCoreApplication.translate("WizardConfirm", "お支払方法"), self.method)
        self.payment_form.addRow(QCoreApplication.translate("WizardConfirm", "クレジットカード"), self.card)
        self.payment_form.addRow(QCoreApplication.translate("WizardConfirm", "お名前"), self.customer_name)
        self.payment_form.addRow(QCoreApplication.translate("WizardConfirm", "ご住所"), self.address)
        self.payment_form.addRow(QCoreApplication.translate("WizardConfirm", "電話番号"), self.phone)
        self.payment_form.addRow(QCoreApplication.translate("WizardConfirm", "メールアドレス"), self.email)
        self.body_layout.addWidget(payment_box)

        self.body_layout.addWidget(section_title(QCoreApplication.translate("WizardConfirm", "個人情報の取り扱い"), self.body,
                                                 "confirmPage.privacyTitle"))
        self.body_layout.addWidget(wrapped(QCoreApplication.translate(
            "WizardConfirm", "個人情報の取り扱いをご確認のうえ、［同意して、お申し込み内容を完了する］をクリックしてください。"),
            self.body, "confirmPage.privacyIntro"))  # [seed], as an instruction
        self.privacy = document_text(
            "confirmPage.privacyText", QCoreApplication.translate("WizardConfirm", "個人情報の取り扱い"),
            QCoreApplication.translate("WizardConfirm", "個人情報の取り扱いを読み込んでいます…"), (130, 170), self.body)
        self.body_layout.addWidget(self.privacy)
        self.body_layout.addStretch(1)
        self.next_button = primary_button(  # [seed]
            "confirmPage.submitButton", QCoreApplication.translate("WizardConfirm", "同意して、お申し込み内容を完了する"), self)

    def set_privacy_text(self, text: str) -> None:
        """The privacy notice (:func:`~.base.show_document`)."""
        show_document(self.privacy, text)

    def show_draft(self, draft: Draft, product_names: dict[str, str]) -> None:
        self.summary.set_choices(draft.choices, product_names, draft.total)
        customer = draft.customer
        card = draft.payment_method is PaymentMethod.CREDIT_CARD
        self.method.setText(QCoreApplication.translate("WizardConfirm", "クレジットカード") if card else QCoreApplication.translate("WizardConfirm", "振込用紙"))
        self.card.setText(QCoreApplication.translate("WizardConfirm", "****{last4}（名義: {holder}）").format(
            last4=last4(draft.card.get("number", "")), holder=draft.card.get("holder", "")) if card else "")
        self.payment_form.setRowVisible(self.card, card)
        self.customer_name.setText(QCoreApplication.translate("WizardConfirm", "{family} {given}（{family_kana} {given_kana}）").format(
            family=customer.get("family_name", ""), given=customer.get("given_name", ""),
            family_kana=customer.get("family_kana", ""), given_kana=customer.get("given_kana", "")))
        self.address.setText(QCoreApplication.translate("WizardConfirm", "〒{postal} {prefecture}{city}{line} {building}").format(
            postal=customer.get("postal_code", ""), prefecture=customer.get("prefecture", ""),
            city=customer.get("city", ""), line=customer.get("address_line", ""),
            building=customer.get("building", "")).strip())
        self.phone.setText(customer.get("phone", ""))
        self.email.setText(customer.get("email", ""))

    def show_busy(self, text: str, after_ms: int = 0) -> None:
        """``text`` above the application while it is sent (``""``: none); ``after_ms``: only if the send
        still goes on by then."""
        self._status_timer.stop()
        self.status.setText(text)
        if text:
            self.error_row.setVisible(False)
        if text and after_ms > 0 and not self.status.isVisible():
            self._status_timer.start(after_ms)
        else:
            self.status.setVisible(bool(text))

    def show_failure(self, error: BaseException, retry: bool | None = None) -> None:
        """The send failed and no automatic resend follows: the failure by its kind; ``retry``: 「再試行」 sends
        the same application again (None: wherever trying again may work, the network or the server)."""
        parts = error_parts(error, input_fields=())  # nothing to type on S7: a refused field is a refusal here
        retry = parts.retry if retry is None else retry
        lead = QCoreApplication.translate("WizardConfirm", "お申し込みを送信できませんでした。") if retry else ""
        tail = QCoreApplication.translate(
            "WizardConfirm", "［再試行］をクリックすると、同じお申し込みをもう一度送信します（二重に申し込まれることはありません）。"
        ) if retry else ""
        self._show_panel(parts, lead, tail, retry)

    def show_error(self, message: str, retry: bool) -> None:
        """A failure that is not a request's (told as it is), under the heading of any other error."""
        self.show_failure(RuntimeError(message), retry)
        self.error.setText(message)
        self.error.setAccessibleName(message)

    def _show_panel(self, parts: ErrorParts, lead: str, tail: str, retry: bool) -> None:
        self._status_timer.stop()
        self.status.setVisible(False)
        self.error_panel.show_parts(parts, lead, tail)
        self.retry_button.setVisible(retry)
        self.error_row.setVisible(True)
        self.ensure_visible(self.error_row)

    def clear_error(self) -> None:
        self._status_timer.stop()
        self.error_row.setVisible(False)
        self.status.setVisible(False)


class CompletePage(WizardPage):
    """S9 お申し込み完了: the order number, the completion mail, the slip's arrival, faster alternatives.

    ``next_button`` is 「メイン画面に戻る」.
    """

    step = Step.COMPLETE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("completePage", parent)
        self.body_layout.addWidget(heading(QCoreApplication.translate("WizardComplete", "お申し込み完了"), self.body,
                                           "completePage.heading", 7))
        number_box = card_frame(self.body, "completePage.numberBox")
        number_form = QFormLayout(number_box)
        number_form.setContentsMargins(12, 8, 12, 8)
        self.order_number = _value(number_box, "completePage.orderNumber", "")
        styled(self.order_number, "accent.bold")
        self.total = _value(number_box, "completePage.total", "")
        self.expiry = _value(number_box, "completePage.newExpiry", "")
        number_form.addRow(QCoreApplication.translate("WizardComplete", "お申し込み番号"), self.order_number)
        number_form.addRow(QCoreApplication.translate("WizardComplete", "お支払い金額"), self.total)
        number_form.addRow(QCoreApplication.translate("WizardComplete", "新しい有効期限"), self.expiry)
        self.number_form = number_form
        self.body_layout.addWidget(number_box)
        # [seed] S9's text, verbatim.
        self.done = wrapped(QCoreApplication.translate(
            "WizardComplete",
            "更新の手続きは終了となります。ご登録のメールアドレス宛にお申し込み完了のお知らせメールが送信されます。"),
            self.body, "completePage.doneText")
        self.body_layout.addWidget(self.done)
        self.mail = wrapped("", self.body, "completePage.mailTo", "muted")
        self.body_layout.addWidget(self.mail)
        self.slip = wrapped(QCoreApplication.translate(
            "WizardComplete",
            "振込用紙が到着するまでに「 1 ~ 2 週間ほど」お時間をいただいておりますので、あらかじめご了承ください。"),
            self.body, "completePage.slipArrival")  # [seed]
        self.body_layout.addWidget(self.slip)
        self.faster = wrapped(QCoreApplication.translate(
            "WizardComplete",
            "お早めに更新手続きをご希望の場合、クレジットカード決済、またはかんたんコンビニ決済をご利用ください。"),
            self.body, "completePage.fasterAlternatives")  # [seed]
        self.body_layout.addWidget(self.faster)
        self.paying = wrapped(QCoreApplication.translate(
            "WizardComplete",
            "振込用紙が届いたら、コンビニエンスストア、もしくは郵便局でお支払いの手続きを実施してください。"
            "ご入金が確認でき次第、ご利用端末の有効期限は自動で延長されます。"),
            self.body, "completePage.howToPay")  # [seed], as an instruction
        self.body_layout.addWidget(self.paying)
        self.card_done = wrapped("", self.body, "completePage.cardPaid")
        self.body_layout.addWidget(self.card_done)
        self.body_layout.addStretch(1)
        # Back, not a main action: 「メイン画面に戻る」 looks as it does on S10–S12 (and every 戻る does).
        self.next_button = secondary_button(
            "completePage.backToMainButton", QCoreApplication.translate("WizardComplete", "メイン画面に戻る"), self)

    def show_order(self, order: Order, email: str | None) -> None:
        card = order.payment_method is PaymentMethod.CREDIT_CARD
        self.order_number.setText(order.number or order.id)
        self.total.setText(yen(order.total))
        address = email or (order.customer.email if order.customer is not None else "")
        self.mail.setText(QCoreApplication.translate("WizardComplete", "送信先: {email}").format(email=address))
        self.slip.setVisible(not card)
        self.faster.setVisible(not card)
        self.paying.setVisible(not card)
        self.card_done.setVisible(card)
        expiries = [short_date(item.new_expiry) for item in order.items if item.new_expiry is not None]
        self.expiry.setText(QCoreApplication.translate("WizardComplete", "、").join(expiries))  # the language's
        self.number_form.setRowVisible(self.expiry, bool(expiries))
        if card:
            self.card_done.setText(QCoreApplication.translate(
                "WizardComplete",
                "クレジットカード（****{last4}）でのお支払いが完了しました。振込用紙の送付はありません。"
                "有効期限はすでに延長されています。").format(last4=order.card_last4 or ""))
