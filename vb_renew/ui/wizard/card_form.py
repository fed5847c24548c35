"""The simulated credit card of an upgrade's payment page, and the note naming the test cards.

Each field's problem comes from :mod:`vb_renew.rules.card`, said by :mod:`vb_renew.ui.wizard.cardcheck`;
errors show inline below each field (:class:`~vb_renew.ui.wizard.forms.FieldSet`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from vb_renew.ui.style import styled
from vb_renew.ui.widgets import tr_text
from vb_renew.ui.wizard.cardcheck import (
    TEST_CARD_ACCEPTED,
    TEST_CARD_BAD_SECURITY_CODE,
    TEST_CARD_DECLINED,
    check_card_field,
)
from vb_renew.ui.wizard.forms import FieldSet


class CardForm(FieldSet):
    """The simulated credit card: number, expiry month/year, security code, holder.

    Signals: ``changed()``. Only the last four digits are ever kept by the backend.
    """

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(prefix, parent)
        self.today: date | None = None
        number = self._line("number", QCoreApplication.translate("WizardForms", "カード番号"), QCoreApplication.translate("WizardForms", "例）4242 4242 4242 4242"), 260)
        number.setMaxLength(23)
        self._add_row("number", QCoreApplication.translate("WizardForms", "カード番号"), number, True)
        expiry = QWidget(self)
        expiry_layout = QHBoxLayout(expiry)
        expiry_layout.setContentsMargins(0, 0, 0, 0)
        month = self._combo("expiry_month", QCoreApplication.translate("WizardForms", "有効期限（月）"), QCoreApplication.translate("WizardForms", "月"),
                            [(f"{m:02d}", str(m)) for m in range(1, 13)], 90)
        year = self._combo("expiry_year", QCoreApplication.translate("WizardForms", "有効期限（年）"), QCoreApplication.translate("WizardForms", "年"), [], 100)
        expiry_layout.addWidget(month)
        expiry_layout.addWidget(QLabel(QCoreApplication.translate("WizardForms", "月 /"), expiry))
        expiry_layout.addWidget(year)
        expiry_layout.addWidget(QLabel(QCoreApplication.translate("WizardForms", "年"), expiry))
        expiry_layout.addStretch(1)
        self._add_row("expiry", QCoreApplication.translate("WizardForms", "有効期限"), expiry, True,
                      {"expiry_month": month, "expiry_year": year})
        code = self._line("security_code", QCoreApplication.translate("WizardForms", "セキュリティコード"), QCoreApplication.translate("WizardForms", "例）123"), 100)
        code.setMaxLength(4)
        code.setEchoMode(QLineEdit.EchoMode.Password)
        self._add_row("security_code", QCoreApplication.translate("WizardForms", "セキュリティコード"), code, True)
        self._add_row("holder", QCoreApplication.translate("WizardForms", "カード名義"),
                      self._line("holder", QCoreApplication.translate("WizardForms", "カード名義"), QCoreApplication.translate("WizardForms", "例）TARO YAMADA"), 260),
                      True)
        self.set_today(date.today())

    def set_today(self, today: date) -> None:
        """The simulated today: the years offered start at its year."""
        if self.today is not None and today.year == self.today.year:
            self.today = today
            return  # the same years offered
        self.today = today
        combo = self.inputs["expiry_year"]
        assert isinstance(combo, QComboBox)
        chosen = combo.currentData()
        combo.clear()
        combo.addItem(QCoreApplication.translate("WizardForms", "年"), "")
        for year in range(today.year, today.year + 11):
            combo.addItem(str(year), str(year))
        if chosen:
            combo.setCurrentIndex(max(combo.findData(chosen), 0))

    def message(self, field: str) -> str | None:
        problem = check_card_field(field, self.values(), self.today)
        return tr_text(problem) if problem is not None else None

    def card(self) -> dict[str, str]:
        """The body's ``card`` object."""
        values = self.values()
        return {"number": "".join(values["number"].split()).replace("-", ""),
                "expiry_month": values["expiry_month"], "expiry_year": values["expiry_year"],
                "security_code": values["security_code"].strip(), "holder": values["holder"].strip().upper()}

    def clear_secrets(self) -> None:
        """After the order: the full number and the security code are not kept, not even on screen."""
        self.set_value("number", "")
        self.set_value("security_code", "")

    def clear_card(self) -> None:
        for field in self.inputs:
            self.set_value(field, "")
        self.touched.clear()
        self.server_errors.clear()
        self.refresh_errors()


class SimCardNote(QLabel):
    """The visible note that the card is simulated, with the test numbers."""

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}.simNote")
        self.setWordWrap(True)
        styled(self, "note")
        self.setText(QCoreApplication.translate(
            "WizardForms",
            "【シミュレーション】このページのクレジットカード決済は模擬的なものです。実在のカード番号は入力しないでください。"
            "次のテスト用カード番号をご利用いただけます（有効期限は未来の年月、セキュリティコードは任意の3桁）。\n"
            "・{accepted}: 決済が承認されます\n"
            "・{declined}: カードが利用できません（拒否）\n"
            "・{bad_code}: セキュリティコードが正しくありません").format(
            accepted=TEST_CARD_ACCEPTED, declined=TEST_CARD_DECLINED, bad_code=TEST_CARD_BAD_SECURITY_CODE))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
