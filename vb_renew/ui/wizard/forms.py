"""The forms of S6 and the card page: customer details, the card, the licence agreement.

Errors show inline, in Japanese, below each field, once the user has typed in it
or left it (validated by :mod:`vb_renew.rules.customer` and
:mod:`vb_renew.ui.wizard.cardcheck`). The postal code fills the prefecture and
the city from :func:`vb_renew.rules.postal.lookup`, on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vb_renew.rules import customer as customer_rules
from vb_renew.ui.style import (
    camel,
    styled,
    wrapped,
)
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import name, publish, tr_text
from vb_renew.ui.wizard.cardcheck import check_card_field


def _tag(parent: QWidget, required: bool) -> QLabel:
    tag = QLabel(QCoreApplication.translate("WizardForms", "必須") if required
                 else QCoreApplication.translate("WizardForms", "任意"), parent)
    styled(tag, "tag.required" if required else "tag.optional")
    tag.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return tag


class _FieldSet(QWidget):
    """Rows of label, input and inline error; tracks which fields the user has touched.

    Signals: ``changed()`` when any value (and so maybe the completeness) changed.
    """

    changed = Signal()

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefix = prefix
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(2, 1)
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.touched: set[str] = set()
        self.server_errors: dict[str, str] = {}
        self._row = 0

    # -- building ----------------------------------------------------------------

    def _add_row(self, field: str, label_text: str, widget: QWidget, required: bool,
                 inputs: dict[str, QLineEdit | QComboBox] | None = None) -> None:
        label = QLabel(label_text, self)
        label.setObjectName(f"{self.prefix}.{camel(field)}.label")
        label.setMinimumWidth(130)
        self.grid.addWidget(label, self._row, 0, Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(_tag(self, required), self._row, 1, Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(widget, self._row, 2)
        for key, field_input in (inputs or {field: widget}).items():  # type: ignore[dict-item]
            error = QLabel(self)
            name(error, f"{self.prefix}.{camel(key)}.error", "")
            publish(error)
            error.setWordWrap(True)
            styled(error, "error")
            error.setVisible(False)
            self.errors[key] = error
            self.inputs[key] = field_input
            self.grid.addWidget(error, self._row + 1, 2)
            self._row += 1
        self._row += 1

    def _line(self, field: str, accessible: str, placeholder: str = "", width: int | None = None) -> QLineEdit:
        edit = QLineEdit(self)
        name(edit, f"{self.prefix}.{camel(field)}", accessible)
        edit.setPlaceholderText(placeholder)
        styled(edit, "field")
        if width:
            edit.setMaximumWidth(width)
        edit.textEdited.connect(lambda _text, f=field: self._edited(f))
        edit.setProperty("fieldKey", field)
        edit.installEventFilter(self)  # leaving the field (Qt 6's editingFinished skips an unchanged one)
        return edit

    def _combo(self, field: str, accessible: str, placeholder: str, items: list[tuple[str, str]],
               width: int | None = None) -> QComboBox:
        combo = QComboBox(self)
        name(combo, f"{self.prefix}.{camel(field)}", accessible)
        combo.addItem(placeholder, "")
        for text, value in items:
            combo.addItem(text, value)
        if width:
            combo.setMaximumWidth(width)
        combo.activated.connect(lambda _index, f=field: self._edited(f))
        combo.setProperty("fieldKey", field)
        combo.installEventFilter(self)
        return combo

    # -- values --------------------------------------------------------------------

    def value(self, field: str) -> str:
        widget = self.inputs[field]
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        return widget.text()

    def set_value(self, field: str, value: str) -> None:
        widget = self.inputs[field]
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        else:
            widget.setText(value)

    def values(self) -> dict[str, str]:
        return {field: self.value(field) for field in self.inputs}

    def message(self, field: str) -> str | None:
        """The field's problem as the user reads it, or None."""
        raise NotImplementedError

    def is_valid(self) -> bool:
        return all(self.message(field) is None for field in self.inputs)

    # -- errors ----------------------------------------------------------------------

    @Slot()
    def _edited(self, field: str) -> None:
        self.touched.add(field)
        self.server_errors.pop(field, None)
        self.refresh_errors()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and event.reason() not in (
                Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            field = watched.property("fieldKey")
            if field in self.inputs:
                self._left(field)
        return super().eventFilter(watched, event)

    def _left(self, field: str) -> None:
        self.touched.add(field)  # leaving a field, even empty, shows its error
        self.refresh_errors()

    def refresh_errors(self) -> None:
        for field, label in self.errors.items():
            message = self.server_errors.get(field) or (self.message(field) if field in self.touched else None)
            label.setText(message or "")
            label.setAccessibleName(message or "")
            label.setVisible(bool(message))
            widget = self.inputs[field]
            if isinstance(widget, QLineEdit):
                styled(widget, "field.error" if message else "field")

    def show_all_errors(self) -> None:
        self.touched.update(self.inputs)
        self.refresh_errors()

    def set_server_error(self, field: str, message: str) -> QWidget | None:
        """Show the backend's message at a field (until the user edits it); the field, or None if unknown."""
        if field not in self.inputs:
            return None
        self.server_errors[field] = message
        self.refresh_errors()
        return self.inputs[field]

    def visible_errors(self) -> dict[str, str]:
        return {field: label.text() for field, label in self.errors.items() if label.isVisible() and label.text()}


class CustomerForm(_FieldSet):
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
        postal_edit = self._line("postal_code", label["postal_code"], QCoreApplication.translate("WizardForms", "例）163-0044"), 140)
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
        violation = customer_rules.validate_field(field, self.value(field))
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


class CardForm(_FieldSet):
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


class PaymentMethods(QWidget):
    """お支払方法の選択: 振込用紙 selected, the other methods of the real page listed but not offered here."""

    def __init__(self, prefix: str, card: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QButtonGroup, QRadioButton

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        methods = (
            ("slip", QCoreApplication.translate("WizardForms", "振込用紙")),  # [seed]
            ("creditCard", QCoreApplication.translate("WizardForms", "クレジットカード")),  # [seed]
            ("konbini", QCoreApplication.translate("WizardForms", "かんたんコンビニ決済")),  # [seed]
            ("invoice", QCoreApplication.translate("WizardForms", "請求書")),  # [pub]
        )
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        selected = "creditCard" if card else "slip"
        for key, text in methods:
            button = QRadioButton(text, self)
            name(button, f"{prefix}.method.{key}", text)
            button.setChecked(key == selected)
            button.setEnabled(key == selected)
            self.group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
        if card:
            note = QCoreApplication.translate("WizardForms",
                     "アップグレードのお申し込みはクレジットカード決済となります。このシミュレーターのクレジットカード決済は"
                     "模擬的なもので、実際の請求は発生しません。")
        else:
            note = QCoreApplication.translate("WizardForms",
                     "このシミュレーターでは「振込用紙」でのお支払いを再現しています。ほかのお支払方法は表示のみで、"
                     "選択できません。")  # [sim]
        self.note = wrapped(note, self, f"{prefix}.methodNote", "muted.small")
        layout.addWidget(self.note)


class AgreementBox(QWidget):
    """The licence agreement (使用許諾契約書), readable in full, and the acknowledgement.

    Signals: ``toggled(bool)``.
    """

    toggled = Signal(bool)

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = wrapped(QCoreApplication.translate("WizardForms", "使用許諾契約書をご確認のうえ、お進みください。"), self,
                        f"{prefix}.licenceIntro")
        layout.addWidget(intro)
        self.text = QTextBrowser(self)
        name(self.text, f"{prefix}.licenceText", QCoreApplication.translate("WizardForms", "使用許諾契約書"))
        self.text.setOpenExternalLinks(False)
        self.text.setMinimumHeight(150)
        self.text.setMaximumHeight(190)
        self.text.setPlainText(QCoreApplication.translate("WizardForms", "使用許諾契約書を読み込んでいます…"))
        layout.addWidget(self.text)
        self.check = QCheckBox(QCoreApplication.translate("WizardForms", "使用許諾契約書の内容を確認し、同意します"), self)
        name(self.check, f"{prefix}.agreeCheck", self.check.text())
        self.check.toggled.connect(self.toggled)
        layout.addWidget(self.check)

    def set_text(self, text: str) -> None:
        self.text.setPlainText(text)

    def agreed(self) -> bool:
        return self.check.isChecked()


class SimCardNote(QLabel):
    """The visible note that the card is simulated, with the test numbers."""

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        from vb_renew.ui.wizard.cardcheck import (
            TEST_CARD_ACCEPTED,
            TEST_CARD_BAD_SECURITY_CODE,
            TEST_CARD_DECLINED,
        )

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
