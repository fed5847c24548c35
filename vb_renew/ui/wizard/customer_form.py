"""The customer's details on S6 and the card page: name, furigana, address, phone, e-mail.

Validated and normalised by :mod:`vb_renew.rules.customer`; errors show inline, in Japanese,
below each field (:class:`~vb_renew.ui.wizard.forms.FieldSet`). The postal code fills the
prefecture and the city from :func:`vb_renew.rules.postal.lookup`, on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from vb_renew.rules import customer as customer_rules
from vb_renew.ui.style import styled, wrapped
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import tr_text
from vb_renew.ui.wizard.forms import FieldSet


class CustomerForm(FieldSet):
    """The customer details the slip needs: the fields of :data:`vb_renew.rules.customer.FIELDS`.

    Signals: ``changed()``. Automation: ``<prefix>.<fieldCamel>`` and ``<prefix>.<fieldCamel>.error``,
    ``<prefix>.postalStatus``, ``<prefix>.companyHint``.
    """

    def __init__(self, prefix: str, runner: TaskRunner, parent: QWidget | None = None,
                 lookup: Callable[[str], object] | None = None) -> None:
        super().__init__(prefix, parent)
        self.runner = runner
        self._lookup = lookup
        self._looked_up: str | None = None
        self._auto_city: str | None = None
        self._checked: dict[str, tuple[str, object]] = {}  # field -> (the value checked, its violation or None)
        label = {field: tr_text(customer_rules.LABELS[field]) for field in customer_rules.FIELDS}
        label["building"] = QCoreApplication.translate("WizardForms", "建物名（任意）")
        self._add_row("family_name", label["family_name"],
                      self._line("family_name", label["family_name"], QCoreApplication.translate("WizardForms", "例）山田"), 260), True)
        self._add_row("given_name", label["given_name"],
                      self._line("given_name", label["given_name"], QCoreApplication.translate("WizardForms", "例）太郎"), 260), True)
        # [seed] the company-only hint, next to the name it is about.
        hint = "\n".join((
            QCoreApplication.translate(
                "WizardForms",
                "「お名前」は不要で、「会社名」だけの入力をご希望の場合、「お名前」欄に「会社名」を (姓) と (名) に"
                "分けて入力してください。「お名前」がなくても、郵送物が届く場合に限ります。"),
            QCoreApplication.translate("WizardForms", "(例) お名前 (姓) :トレンドマイクロ"),
            QCoreApplication.translate("WizardForms", "(例) お名前 (名) :株式会社"),
        ))  # [seed], verbatim
        self.company_hint = wrapped(hint, self, f"{prefix}.companyHint", "muted.small")
        self.grid.addWidget(self.company_hint, self._row, 2)
        self._row += 1
        self._add_row("family_kana", label["family_kana"],
                      self._line("family_kana", label["family_kana"], QCoreApplication.translate("WizardForms", "例）ヤマダ"), 260), True)
        self._add_row("given_kana", label["given_kana"],
                      self._line("given_kana", label["given_kana"], QCoreApplication.translate("WizardForms", "例）タロウ"), 260), True)
        postal_row = QWidget(self)
        postal_layout = QHBoxLayout(postal_row)
        postal_layout.setContentsMargins(0, 0, 0, 0)
        postal_edit = self._line("postal_code", label["postal_code"], QCoreApplication.translate("WizardForms", "例）160-0023"), 140)
        postal_edit.setMaxLength(10)
        self.postal_status = QLabel(postal_row)
        self.postal_status.setObjectName(f"{prefix}.postalStatus")
        styled(self.postal_status, "muted")
        self.postal_status.setWordWrap(True)
        postal_layout.addWidget(postal_edit)
        postal_layout.addWidget(self.postal_status, 1)
        self._add_row("postal_code", label["postal_code"], postal_row, True, {"postal_code": postal_edit})
        prefecture = self._combo("prefecture", label["prefecture"], QCoreApplication.translate("WizardForms", "選択してください"),
                                 [(p, p) for p in customer_rules.PREFECTURES], 180)
        self._add_row("prefecture", label["prefecture"], prefecture, True)
        self._add_row("city", label["city"], self._line("city", label["city"], QCoreApplication.translate("WizardForms", "例）新宿区西新宿")),
                      True)
        self._add_row("address_line", label["address_line"],
                      self._line("address_line", label["address_line"], QCoreApplication.translate("WizardForms", "例）6-10-1")), True)
        self._add_row("building", label["building"],
                      self._line("building", label["building"], QCoreApplication.translate("WizardForms", "例）アイランドタワー 10階")), False)
        self._add_row("phone", label["phone"],
                      self._line("phone", label["phone"], QCoreApplication.translate("WizardForms", "例）03-1234-5678"), 220), True)
        self._add_row("email", label["email"],
                      self._line("email", label["email"], QCoreApplication.translate("WizardForms", "例）taro@example.co.jp")), True)
        postal_edit.textChanged.connect(self._postal_changed)

    def message(self, field: str) -> str | None:
        value = self.value(field)
        checked = self._checked.get(field)
        if checked is None or checked[0] != value:  # each value checked once: a key re-checks its field alone
            checked = self._checked[field] = (value, customer_rules.validate_field(field, value))
        violation = checked[1]
        if violation is None:
            return None
        return tr_text(violation.text, **dict(getattr(violation, "values", None) or {}))  # 「{char}」 filled

    def is_pristine(self) -> bool:
        return not self.touched and not any(self.value(f) for f in self.inputs if f != "email")

    def set_values(self, values: dict[str, str]) -> None:
        for field, value in values.items():
            if field in self.inputs:
                self.set_value(field, value)
        self.refresh_errors()
        self.changed.emit()

    def restore(self, values: dict[str, str]) -> None:
        """The details of a saved draft, as they were typed: a filled field shows its error, if any, at once;
        the postal code is not looked up again (the address is the one the user kept)."""
        code = values.get("postal_code", "")
        if customer_rules.validate_field("postal_code", code) is None:
            self._looked_up = customer_rules.normalise_field("postal_code", code)
        self.postal_status.setText("")
        self.touched = {field for field, value in values.items() if field in self.inputs and value}
        self.server_errors.clear()
        self.set_values(values)

    def clear(self) -> None:
        """Every field empty, nothing touched: the user chose to discard the details."""
        for field in self.inputs:
            self.set_value(field, "")
        self.touched.clear()
        self.server_errors.clear()
        self._looked_up = self._auto_city = None
        self.postal_status.setText("")
        self.refresh_errors()
        self.changed.emit()

    # -- postal code -> prefecture and city (worker) -------------------------------

    @Slot(str)
    def _postal_changed(self, text: str) -> None:
        if customer_rules.validate_field("postal_code", text) is not None:
            self.postal_status.setText("")
            return
        code = customer_rules.normalise_field("postal_code", text)
        if code == self._looked_up:
            return
        self._looked_up = code
        self.postal_status.setText(QCoreApplication.translate("WizardForms", "住所を検索しています…"))
        lookup = self._lookup
        if lookup is None:
            from vb_renew.rules import postal

            lookup = postal.lookup
        self.runner.submit(lambda: lookup(code), lambda found, c=code: self._postal_found(c, found),
                           lambda _error: self._postal_found(code, None))

    def _postal_found(self, code: str, found: object) -> None:
        if customer_rules.normalise_field("postal_code", self.value("postal_code")) != code:
            return  # the user typed on meanwhile
        if found is None:
            self.postal_status.setText(QCoreApplication.translate(
                "WizardForms", "該当する住所が見つかりませんでした。住所を入力してください。"))
            return
        prefecture = getattr(found, "prefecture", "")
        city = f"{getattr(found, 'city', '')}{getattr(found, 'town', '')}"
        if prefecture:
            self.set_value("prefecture", prefecture)
            self.touched.add("prefecture")
        current_city = self.value("city")
        if city and (not current_city or current_city == self._auto_city):
            self.set_value("city", city)
            self._auto_city = city
            self.touched.add("city")
        self.postal_status.setText(QCoreApplication.translate("WizardForms", "郵便番号から住所を入力しました。"))
        self.refresh_errors()
        self.changed.emit()
