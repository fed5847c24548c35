"""What the forms of S6 and the card page share: the field set, the payment methods, the licence agreement.

:class:`FieldSet` lays out rows of label, input and inline error; errors show in Japanese, below
each field, once the user has typed in it or left it. The customer's details
(:mod:`vb_renew.ui.wizard.customer_form`) and the card (:mod:`vb_renew.ui.wizard.card_form`)
are field sets.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vb_renew.rules.payment import PaymentMethod
from vb_renew.ui.keyboard import ArrowGroup
from vb_renew.ui.style import (
    camel,
    styled,
    wrapped,
)
from vb_renew.ui.widgets import name, publish
from vb_renew.ui.wizard.base import document_text, show_document


def _tag(parent: QWidget, required: bool) -> QLabel:
    tag = QLabel(QCoreApplication.translate("WizardForms", "必須") if required
                 else QCoreApplication.translate("WizardForms", "任意"), parent)
    styled(tag, "tag.required" if required else "tag.optional")
    tag.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return tag


def _style_field(field: QWidget, sheet: str) -> None:
    """Give a field the sheet of its state (``field``, ``field.error``), its font kept: a sheet set again re-polishes
    the field, and Qt then resolves its font against the application's, not its parent's (10 pt became 9 pt, the
    row a pixel lower). Neither sheet sets a font."""
    font = QFont(field.font())
    styled(field, sheet)
    if field.font() != font:
        font.setResolveMask(0xFFFFFFFF)  # all of it, not resolved again
        field.setFont(font)


class FieldSet(QWidget):
    """Rows of label, input and inline error; tracks which fields the user has touched.

    Signals: ``changed()`` when any value (and so maybe the completeness) changed.
    Subclasses say a field's problem (:meth:`message`).
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
        styled(combo, "field")
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
            _style_field(self.inputs[field], "field.error" if message else "field")

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


class PaymentMethods(QWidget):
    """お支払方法の選択: the order's method selected (振込用紙, or the card for an upgrade), the other methods
    of the real page listed but not offered here. Automation: ``<prefix>.method.<methodCamel>``.
    """

    def __init__(self, prefix: str, selected: PaymentMethod, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        methods = (
            (PaymentMethod.SLIP, QCoreApplication.translate("WizardForms", "振込用紙")),  # [seed]
            (PaymentMethod.CREDIT_CARD, QCoreApplication.translate("WizardForms", "クレジットカード")),  # [seed]
            (PaymentMethod.KONBINI, QCoreApplication.translate("WizardForms", "かんたんコンビニ決済")),  # [seed]
            (PaymentMethod.INVOICE, QCoreApplication.translate("WizardForms", "請求書")),  # [pub]
        )
        self.group = QButtonGroup(self)
        self.buttons: dict[PaymentMethod, QRadioButton] = {}
        for method, text in methods:
            button = QRadioButton(text, self)
            name(button, f"{prefix}.method.{camel(method)}", text)
            button.setChecked(method is selected)
            button.setEnabled(method is selected)
            styled(button, "check")
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # the ring hugs its text
            self.group.addButton(button)
            self.buttons[method] = button
            layout.addWidget(button)
        # One stop for Tab, at the selected method (a QButtonGroup alone would stop at the first, disabled).
        self.arrows = ArrowGroup(self.buttons.values(), self, f"{prefix}.methods", arrows_check=True)
        if selected is PaymentMethod.CREDIT_CARD:
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
        self.text = document_text(f"{prefix}.licenceText", QCoreApplication.translate("WizardForms", "使用許諾契約書"),
                                  QCoreApplication.translate("WizardForms", "使用許諾契約書を読み込んでいます…"),
                                  (150, 190), self)
        layout.addWidget(self.text)
        self.check = QCheckBox(QCoreApplication.translate("WizardForms", "使用許諾契約書の内容を確認し、同意します"), self)
        name(self.check, f"{prefix}.agreeCheck", self.check.text())
        styled(self.check, "check")
        self.check.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # the ring hugs its text
        self.check.toggled.connect(self.toggled)
        layout.addWidget(self.check)

    def set_text(self, text: str) -> None:
        """The agreement's text (:func:`~.base.show_document`)."""
        show_document(self.text, text)

    def agreed(self) -> bool:
        return self.check.isChecked()
