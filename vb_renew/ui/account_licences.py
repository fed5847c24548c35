"""ライセンス管理 (S3, signed in): the account's licences, one card each, and the popup that picks one.

What the account route shows once the customer is signed in: :class:`LicenceListScreen` lists the
licences (:class:`~vb_renew.core.data.Licence`), one :class:`LicenceCard` each with 「今すぐ契約更新」, and
:class:`ChooseLicenceDialog` asks which one to renew when several can be. They render and emit intents;
the page (:mod:`vb_renew.ui.account_route`) signs in, reads the licences and decides. A licence with
あんしん自動更新 on is renewed by slip only once the user confirmed it
(:mod:`vb_renew.ui.auto_renew_warning`): its card asks before it emits, and the popup asks when another licence
than the card's is chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vb_renew.core import account
from vb_renew.i18n import Text
from vb_renew.ui.auto_renew_warning import confirm_slip_renewal
from vb_renew.ui.formats import short_date
from vb_renew.ui.keyboard import ArrowGroup
from vb_renew.ui.style import heading, styled
from vb_renew.ui.widgets import (
    link_button,
    name,
    primary_button,
    publish,
    scrolled_body,
    secondary_button,
    selectable_text,
    tr_text,
)

if TYPE_CHECKING:
    from vb_renew.core.data import Licence


class ChooseLicenceDialog(QDialog):
    """The popup shown when several licences can be renewed: one radio button per licence.

    Opened with ``open()`` (never ``exec()``); ``accepted`` means :meth:`selected_serial` is the choice.
    ``preselected`` is the licence whose card was clicked (and confirmed, if it has あんしん自動更新 on): choosing
    another one with あんしん自動更新 on asks before the popup is accepted.
    """

    def __init__(self, licences: list[Licence], preselected: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QCoreApplication.translate("AccountRoute", "契約更新するライセンスの選択")
        self.setWindowTitle(title)
        name(self, "chooseLicenceDialog", title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        intro = selectable_text("chooseLicenceText", self)
        intro.setText(QCoreApplication.translate(
            "AccountRoute", "更新できるライセンスが複数存在します。契約更新するライセンスを選択してください。"))
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        self.licences = {licence.serial: licence for licence in licences}
        self.preselected = preselected
        for licence in licences:
            serial = licence.serial
            text = QCoreApplication.translate(
                "AccountRoute", "{product}\nシリアル番号: {serial}　有効期限: {expiry}").format(
                product=licence.product_name, serial=serial, expiry=short_date(licence.expiry))
            radio = QRadioButton(text, self)
            name(radio, f"chooseLicenceRadio.{serial}", text.replace("\n", " "))
            styled(radio, "check.roomy")
            radio.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # the ring hugs its text
            self.group.addButton(radio)
            self.radios[serial] = radio
            layout.addWidget(radio)
        chosen = preselected if preselected in self.radios else next(iter(self.radios), None)
        if chosen is not None:
            self.radios[chosen].setChecked(True)
        # One stop for Tab, at the licence chosen; the arrow keys choose another, as radio buttons do.
        self.arrows = ArrowGroup(self.radios.values(), self, "chooseLicence.radios", arrows_check=True)
        buttons = QDialogButtonBox(self)
        self.ok_button = primary_button("chooseLicenceOk", QCoreApplication.translate("AccountRoute", "OK"), self)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = secondary_button(
            "chooseLicenceCancel", QCoreApplication.translate("AccountRoute", "キャンセル"), self)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.group.buttonToggled.connect(self._update_ok)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        self._update_ok()

    def selected_serial(self) -> str | None:
        for serial, radio in self.radios.items():
            if radio.isChecked():
                return serial
        return None

    def accept(self) -> None:
        """「OK」: accepted, once confirmed if the licence chosen has あんしん自動更新 on (unless its card asked)."""
        licence = self.licences.get(self.selected_serial() or "")
        if licence is None or licence.serial == self.preselected:
            super().accept()
            return
        confirm_slip_renewal(self, licence, super().accept)

    @Slot()
    def _update_ok(self, *_args: object) -> None:
        self.ok_button.setEnabled(self.selected_serial() is not None)


class LicenceCard(QFrame):
    """One licence: product, serial, expiry, state, and 「今すぐ契約更新」 (disabled with the refusal).

    Signals: ``renewClicked(str)`` with the serial.
    """

    renewClicked = Signal(str)

    def __init__(self, licence: Licence, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.licence = licence
        self.serial = licence.serial
        self.setObjectName(f"licenceCard.{self.serial}")
        self.setProperty("licenceCard", True)
        styled(self, "account.licenceCard")
        layout = QGridLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setHorizontalSpacing(16)
        layout.setVerticalSpacing(2)

        title = QHBoxLayout()
        title.setSpacing(12)
        product = QLabel(licence.product_name or licence.product, self)
        product.setObjectName(f"licenceProduct.{self.serial}")
        font = product.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 1)
        product.setFont(font)
        title.addWidget(product)
        state_name = account.STATE_NAMES.get(licence.state)
        self.state_label = self._value(f"licenceState.{self.serial}",
                                       tr_text(state_name) if state_name else licence.state.value)
        styled(self.state_label, f"account.state.{licence.state.value}")  # one sheet per LicenceState
        self.state_label.setAccessibleName(QCoreApplication.translate("AccountRoute", "状態"))
        title.addWidget(self.state_label)
        title.addStretch(1)
        layout.addLayout(title, 0, 0)

        details = QFormLayout()
        details.setHorizontalSpacing(12)
        details.setVerticalSpacing(2)
        self.serial_label = self._value(f"licenceSerial.{self.serial}", self.serial)
        self.expiry_label = self._value(f"licenceExpiry.{self.serial}", short_date(licence.expiry))
        details.addRow(QCoreApplication.translate("AccountRoute", "シリアル番号"), self.serial_label)
        details.addRow(QCoreApplication.translate("AccountRoute", "有効期限"), self.expiry_label)
        layout.addLayout(details, 1, 0)

        renewable, refusal = account.renew_offer(licence)
        self.renew_button = primary_button(
            f"renewLicenceButton.{self.serial}", QCoreApplication.translate("AccountRoute", "今すぐ契約更新"), self)
        self.renew_button.setAccessibleName(QCoreApplication.translate(
            "AccountRoute", "{serial} を今すぐ契約更新").format(serial=self.serial))
        self.renew_button.setEnabled(renewable)
        self.renew_button.clicked.connect(self._clicked)
        layout.addWidget(self.renew_button, 0, 1, 2, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.setColumnStretch(0, 1)

        self.refusal_label = publish(selectable_text(f"licenceRefusal.{self.serial}", self, "alert"))
        if not renewable:
            if isinstance(refusal, Text):
                refusal = tr_text(refusal)
            self.refusal_label.setText(refusal or QCoreApplication.translate(
                "AccountRoute", "このライセンスはここでは契約更新できません。"))
            self.renew_button.setToolTip(self.refusal_label.text())
            self.renew_button.setAccessibleDescription(self.refusal_label.text())
        self.refusal_label.setVisible(not renewable)
        layout.addWidget(self.refusal_label, 2, 0, 1, 2)

    def _value(self, object_name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(object_name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @Slot()
    def _clicked(self) -> None:
        """「今すぐ契約更新」: emitted at once, or once confirmed when the licence has あんしん自動更新 on."""
        confirm_slip_renewal(self, self.licence, lambda: self.renewClicked.emit(self.serial))


class LicenceListScreen(QWidget):
    """ライセンス管理: who is signed in (with ログアウト), the licences' cards, and why one may be missing.

    Signals: ``renewClicked(str)`` (a card's 「今すぐ契約更新」, with its serial), ``logoutClicked()``,
    ``reloadClicked()`` (「再読み込み」 after the licences could not be read).
    """

    renewClicked = Signal(str)
    logoutClicked = Signal()
    reloadClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("licenceManagementScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(heading(QCoreApplication.translate("AccountRoute", "ライセンス管理"), self,
                              "licenceManagementHeading", 6))
        top.addStretch(1)
        self.account_label = QLabel(self)
        self.account_label.setObjectName("accountSignedInAs")
        styled(self.account_label, "muted")
        top.addWidget(self.account_label)
        self.logout_link = link_button("accountLogoutLink", QCoreApplication.translate("AccountRoute", "ログアウト"),
                                       self)
        self.logout_link.clicked.connect(self.logoutClicked)
        top.addWidget(self.logout_link)
        layout.addLayout(top)

        self.licences_hint = selectable_text("licenceManagementHint", self)
        self.licences_hint.setText(QCoreApplication.translate(
            "AccountRoute", "更新したい対象を選択し、[今すぐ契約更新] をクリックしてください。"))
        layout.addWidget(self.licences_hint)

        self.licences_error = publish(selectable_text("licencesError", self, "account.error"))
        self.licences_error.setVisible(False)
        self.reload_button = link_button(
            "licencesReloadButton", QCoreApplication.translate("AccountRoute", "再読み込み"), self)
        self.reload_button.clicked.connect(self.reloadClicked)
        self.reload_button.setVisible(False)
        error_row = QHBoxLayout()
        error_row.addWidget(self.licences_error, 1)
        error_row.addWidget(self.reload_button)
        layout.addLayout(error_row)

        self.scroll, self.list_widget = scrolled_body("licenceList", "licenceListContent", self, horizontal=True)
        self.scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setContentsMargins(0, 0, 4, 0)
        self.list_layout.setSpacing(8)
        self.empty_label = selectable_text("noLicencesLabel", self.list_widget, "account.note")
        self.empty_label.setText(QCoreApplication.translate(
            "AccountRoute", "このアカウントに表示できるライセンスはありません。"))
        self.empty_label.setVisible(False)
        self.list_layout.addWidget(self.empty_label)
        self.list_layout.addStretch(1)
        layout.addWidget(self.scroll, 1)
        self.cards: dict[str, LicenceCard] = {}

        self.expired_note = selectable_text("expiredOverAYearNote", self, "account.note")
        self.expired_note.setText(tr_text(account.EXPIRED_OVER_A_YEAR))
        layout.addWidget(self.expired_note)

    def set_account(self, email: str) -> None:
        self.account_label.setText(QCoreApplication.translate("AccountRoute", "ログイン中: {email}").format(
            email=email))
        self.account_label.setAccessibleName(self.account_label.text())

    def show_licences(self, licences: list[Licence]) -> None:
        """One card per licence, in the order given (the ones the account lists)."""
        for card in self.cards.values():
            self.list_layout.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        for index, licence in enumerate(licences):
            card = LicenceCard(licence, self.list_widget)
            card.renewClicked.connect(self.renewClicked)
            self.list_layout.insertWidget(index, card)
            self.cards[card.serial] = card
        self.empty_label.setVisible(not licences)
        self.licences_hint.setVisible(bool(licences))

    def renew_buttons(self) -> list:
        """The cards' 「今すぐ契約更新」, in the order shown."""
        return [card.renew_button for card in self.cards.values()]

    def set_error(self, text: str | None) -> None:
        """Say the licences could not be read (with 「再読み込み」); None clears it."""
        self.licences_error.setText(text or "")
        self.licences_error.setVisible(bool(text))
        self.reload_button.setVisible(bool(text))
        self.reload_button.setEnabled(True)

    def set_reloading(self) -> None:
        self.reload_button.setEnabled(False)
