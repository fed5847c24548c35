"""The account route (S3): トレンドマイクロアカウント login, ライセンス管理, and the popup that picks a licence.

For a PC without the product. The customer logs in with e-mail and password
(「ログイン情報を保存」 keeps the token in the OS keyring, never in a file), sees the
licences listed in the account, and clicks 「今すぐ契約更新」; when several licences
can be renewed a popup asks which one. The page then hands the wizard a client
factory and the chosen serial.

Every network and keyring call runs on the :class:`~vb_renew.ui.tasks.TaskRunner`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from vb_renew.core import account
from vb_renew.core.account import AccountSession
from vb_renew.core.credentials import CredentialError, CredentialStore
from vb_renew.core.errors import ApiError
from vb_renew.i18n import Text
from vb_renew.rules.formatting import slash_date
from vb_renew.ui.messages import show_message
from vb_renew.ui.style import heading, styled
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import error_text, link_button, name, primary_button, publish, tr_text


def _wrapped(object_name: str, parent: QWidget, sheet: str = "") -> QLabel:
    """A word-wrapped, selectable label, with the style sheet named ``sheet`` (see vb_renew/ui/style.py)."""
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if sheet:
        styled(label, sheet)
    return label


# -- what the workers hand back ---------------------------------------------------


@dataclass
class _SignedIn:
    session: AccountSession
    licences: list[dict[str, Any]] | None
    licence_error: BaseException | None = None
    save_error: CredentialError | None = None


class _SavedTokenRejected:
    """The saved token no longer signs in (expired): it was forgotten; log in again."""


def _fetch_licences(session: AccountSession) -> _SignedIn:
    try:
        return _SignedIn(session, session.licences())
    except ApiError as error:
        if account.token_rejected(error):
            raise
        return _SignedIn(session, None, licence_error=error)


# -- the popup ----------------------------------------------------------------------


class ChooseLicenceDialog(QDialog):
    """The popup shown when several licences can be renewed: one radio button per licence.

    Opened with ``open()`` (never ``exec()``); ``accepted`` means :meth:`selected_serial` is the choice.
    """

    def __init__(self, licences: list[dict[str, Any]], preselected: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QCoreApplication.translate("AccountRoute", "契約更新するライセンスの選択")
        self.setWindowTitle(title)
        name(self, "chooseLicenceDialog", title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        intro = _wrapped("chooseLicenceText", self)
        intro.setText(QCoreApplication.translate(
            "AccountRoute", "更新できるライセンスが複数存在します。契約更新するライセンスを選択してください。"))
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for licence in licences:
            serial = licence["serial"]
            text = QCoreApplication.translate(
                "AccountRoute", "{product}\nシリアル番号: {serial}　有効期限: {expiry}").format(
                product=licence.get("product_name", ""), serial=serial, expiry=slash_date(licence.get("expiry")))
            radio = QRadioButton(text, self)
            name(radio, f"chooseLicenceRadio.{serial}", text.replace("\n", " "))
            radio.setStyleSheet("QRadioButton { padding: 4px 0; }")
            self.group.addButton(radio)
            self.radios[serial] = radio
            layout.addWidget(radio)
        chosen = preselected if preselected in self.radios else next(iter(self.radios), None)
        if chosen is not None:
            self.radios[chosen].setChecked(True)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(QCoreApplication.translate("AccountRoute", "OK"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        name(self.ok_button, "chooseLicenceOk", self.ok_button.text())
        self.cancel_button = buttons.addButton(QCoreApplication.translate("AccountRoute", "キャンセル"),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        name(self.cancel_button, "chooseLicenceCancel", self.cancel_button.text())
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

    @Slot()
    def _update_ok(self, *_args: object) -> None:
        self.ok_button.setEnabled(self.selected_serial() is not None)


# -- one licence on ライセンス管理 -----------------------------------------------------


class LicenceCard(QFrame):
    """One licence: product, serial, expiry, state, and 「今すぐ契約更新」 (disabled with the refusal).

    Signals: ``renewClicked(str)`` with the serial.
    """

    renewClicked = Signal(str)

    def __init__(self, licence: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.serial = str(licence["serial"])
        self.setObjectName(f"licenceCard.{self.serial}")
        self.setProperty("licenceCard", True)
        styled(self, "account.licenceCard")
        layout = QGridLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setHorizontalSpacing(16)
        layout.setVerticalSpacing(2)

        title = QHBoxLayout()
        title.setSpacing(12)
        product = QLabel(licence.get("product_name") or licence.get("product", ""), self)
        product.setObjectName(f"licenceProduct.{self.serial}")
        font = product.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 1)
        product.setFont(font)
        title.addWidget(product)
        state = licence.get("state", "")
        state_text = tr_text(account.STATE_NAMES[state]) if state in account.STATE_NAMES else str(state)
        self.state_label = self._value(f"licenceState.{self.serial}", state_text)
        styled(self.state_label, f"account.state.{state}" if state in ("expired", "expiring_soon")
               else "account.state.in_term")
        self.state_label.setAccessibleName(QCoreApplication.translate("AccountRoute", "状態"))
        title.addWidget(self.state_label)
        title.addStretch(1)
        layout.addLayout(title, 0, 0)

        details = QFormLayout()
        details.setHorizontalSpacing(12)
        details.setVerticalSpacing(2)
        self.serial_label = self._value(f"licenceSerial.{self.serial}", self.serial)
        self.expiry_label = self._value(f"licenceExpiry.{self.serial}", slash_date(licence.get("expiry")))
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

        self.refusal_label = publish(_wrapped(f"licenceRefusal.{self.serial}", self, "alert"))
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
        self.renewClicked.emit(self.serial)


# -- the page -------------------------------------------------------------------------


class AccountRoutePage(QWidget):
    """S3, the account route: login, ライセンス管理, and the popup that picks the licence to renew.

    Signals:
        ``renewRequested(object, object)``: ``(client_factory, serials)``, a ``Callable[[], ApiClient]``
        signed in as the account and the ``list[str]`` of serials to renew (the wizard starts from them).
        ``backRequested()``: the customer pressed 戻る (back to the main screen).
    """

    renewRequested = Signal(object, object)
    backRequested = Signal()

    LOGIN, BUSY, LICENCES = range(3)

    def __init__(self, runner: TaskRunner, base_url_provider: Callable[[], str | None],
                 parent: QWidget | None = None, *, credentials: CredentialStore | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountRoutePage")
        self._runner = runner
        self._base_url = base_url_provider
        self._credentials = credentials or CredentialStore()
        self.session: AccountSession | None = None
        self.licences: list[dict[str, Any]] = []
        self._saved_tried = False
        self._busy = False
        self.choose_dialog: ChooseLicenceDialog | None = None
        self.message_box: QMessageBox | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 16)
        outer.setSpacing(8)
        self.screens = QStackedWidget(self)
        self.screens.setObjectName("accountRouteScreens")
        self.screens.addWidget(self._build_login())
        self.screens.addWidget(self._build_busy())
        self.screens.addWidget(self._build_licences())
        outer.addWidget(self.screens, 1)

        bottom = QHBoxLayout()
        self.back_button = QPushButton(QCoreApplication.translate("AccountRoute", "戻る"), self)
        name(self.back_button, "accountRouteBackButton", self.back_button.text())
        self.back_button.clicked.connect(self.backRequested)
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        outer.addLayout(bottom)
        self.screens.setCurrentIndex(self.LOGIN)

    # -- building the screens -------------------------------------------------

    def _build_login(self) -> QWidget:
        screen = QWidget(self)
        screen.setObjectName("accountLoginScreen")
        layout = QVBoxLayout(screen)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading(QCoreApplication.translate("AccountRoute", "トレンドマイクロアカウントにログイン"),
                                 screen, "accountLoginHeading", 6))
        intro = _wrapped("accountLoginIntro", screen)
        intro.setText(tr_text(account.ACCOUNT_ROUTE_INTRO))
        layout.addWidget(intro)
        layout.addSpacing(6)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        self.email_edit = QLineEdit(screen)
        name(self.email_edit, "accountEmailEdit", QCoreApplication.translate("AccountRoute", "メールアドレス"))
        self.email_edit.setPlaceholderText("example@example.jp")
        self.email_edit.setMinimumWidth(320)
        self.password_edit = QLineEdit(screen)
        name(self.password_edit, "accountPasswordEdit", QCoreApplication.translate("AccountRoute", "パスワード"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMinimumWidth(320)
        form.addRow(QCoreApplication.translate("AccountRoute", "メールアドレス"), self.email_edit)
        form.addRow(QCoreApplication.translate("AccountRoute", "パスワード"), self.password_edit)
        self.save_check = QCheckBox(QCoreApplication.translate("AccountRoute", "ログイン情報を保存"), screen)
        name(self.save_check, "accountSaveLoginCheck", self.save_check.text())
        self.save_check.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # no blank click area
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_check)
        save_row.addStretch(1)
        form.addRow("", save_row)
        layout.addLayout(form)

        self.login_button = primary_button(
            "accountLoginButton", QCoreApplication.translate("AccountRoute", "ログイン"), screen)
        self.login_button.setMinimumWidth(160)
        self.login_button.setEnabled(False)
        self.login_button.clicked.connect(self.log_in)
        button_row = QHBoxLayout()
        button_row.addWidget(self.login_button)
        button_row.addStretch(1)
        form.addRow("", button_row)

        self.login_error = publish(_wrapped("accountLoginError", screen, "account.error"))
        self.login_error.setAccessibleName(QCoreApplication.translate("AccountRoute", "ログインのエラー"))
        self.login_error.setVisible(False)
        layout.addWidget(self.login_error)
        layout.addStretch(1)

        self.email_edit.textChanged.connect(self._update_login_button)
        self.password_edit.textChanged.connect(self._update_login_button)
        self.email_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self._return_pressed)
        return screen

    def _build_busy(self) -> QWidget:
        screen = QWidget(self)
        screen.setObjectName("accountBusyScreen")
        layout = QVBoxLayout(screen)
        layout.addStretch(1)
        self.busy_label = QLabel(screen)
        self.busy_label.setObjectName("accountBusyLabel")
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.busy_label)
        layout.addStretch(2)
        return screen

    def _build_licences(self) -> QWidget:
        screen = QWidget(self)
        screen.setObjectName("licenceManagementScreen")
        layout = QVBoxLayout(screen)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(heading(QCoreApplication.translate("AccountRoute", "ライセンス管理"), screen,
                              "licenceManagementHeading", 6))
        top.addStretch(1)
        self.account_label = QLabel(screen)
        self.account_label.setObjectName("accountSignedInAs")
        styled(self.account_label, "muted")
        top.addWidget(self.account_label)
        self.logout_link = link_button("accountLogoutLink", QCoreApplication.translate("AccountRoute", "ログアウト"),
                                       screen)
        self.logout_link.clicked.connect(self.log_out)
        top.addWidget(self.logout_link)
        layout.addLayout(top)

        self.licences_hint = _wrapped("licenceManagementHint", screen)
        self.licences_hint.setText(QCoreApplication.translate(
            "AccountRoute", "更新したい対象を選択し、[今すぐ契約更新] をクリックしてください。"))
        layout.addWidget(self.licences_hint)

        self.licences_error = publish(_wrapped("licencesError", screen, "account.error"))
        self.licences_error.setVisible(False)
        self.reload_button = link_button(
            "licencesReloadButton", QCoreApplication.translate("AccountRoute", "再読み込み"), screen)
        self.reload_button.clicked.connect(self.reload_licences)
        self.reload_button.setVisible(False)
        error_row = QHBoxLayout()
        error_row.addWidget(self.licences_error, 1)
        error_row.addWidget(self.reload_button)
        layout.addLayout(error_row)

        self.scroll = QScrollArea(screen)
        self.scroll.setObjectName("licenceList")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.list_widget = QWidget(self.scroll)
        self.list_widget.setObjectName("licenceListContent")
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setContentsMargins(0, 0, 4, 0)
        self.list_layout.setSpacing(8)
        self.empty_label = _wrapped("noLicencesLabel", self.list_widget, "account.note")
        self.empty_label.setText(QCoreApplication.translate(
            "AccountRoute", "このアカウントに表示できるライセンスはありません。"))
        self.empty_label.setVisible(False)
        self.list_layout.addWidget(self.empty_label)
        self.list_layout.addStretch(1)
        self.scroll.setWidget(self.list_widget)
        layout.addWidget(self.scroll, 1)
        self.cards: dict[str, LicenceCard] = {}


        self.expired_note = _wrapped("expiredOverAYearNote", screen, "account.note")
        self.expired_note.setText(tr_text(account.EXPIRED_OVER_A_YEAR))
        layout.addWidget(self.expired_note)
        return screen

    # -- which screen ------------------------------------------------------------

    def current_screen(self) -> int:
        return self.screens.currentIndex()

    def _show_busy(self, text: str) -> None:
        self._busy = True
        self.busy_label.setText(text)
        self.screens.setCurrentIndex(self.BUSY)

    def _show_login(self, error: str | None = None) -> None:
        self._busy = False
        self.login_error.setText(error or "")
        self.login_error.setVisible(bool(error))
        self.screens.setCurrentIndex(self.LOGIN)
        self._update_login_button()
        (self.password_edit if self.email_edit.text() else self.email_edit).setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._busy:
            return
        if self.session is not None:
            self.reload_licences()
        elif not self._saved_tried:
            self.try_saved_login()

    # -- the saved login ------------------------------------------------------------

    @Slot()
    def try_saved_login(self) -> None:
        """Sign in with the token in the keyring, if any; the login form otherwise (or if it expired)."""
        base_url = self._base_url()
        if not base_url:
            self._show_login()
            return  # tried again the next time the page is shown
        self._saved_tried = True
        store = self._credentials

        def job() -> _SignedIn | _SavedTokenRejected | None:
            session = account.session_from_saved(base_url, store)
            if session is None:
                return None
            try:
                return _fetch_licences(session)
            except ApiError as error:
                if not account.token_rejected(error):
                    raise
                try:
                    account.forget(store)
                except CredentialError:
                    pass
                return _SavedTokenRejected()

        self._show_busy(QCoreApplication.translate("AccountRoute", "保存されたログイン情報を確認しています…"))
        self._runner.submit(job, self._guard(self._saved_done), self._guard(self._saved_failed))

    def _saved_done(self, result: _SignedIn | _SavedTokenRejected | None) -> None:
        if isinstance(result, _SignedIn):
            self._signed_in(result)
        elif isinstance(result, _SavedTokenRejected):
            self.save_check.setChecked(True)  # the customer had chosen to save: keep that choice
            self._show_login(QCoreApplication.translate(
                "AccountRoute", "保存されたログイン情報の有効期限が切れました。もう一度ログインしてください。"))
        else:
            self._show_login()

    def _saved_failed(self, error: Exception) -> None:
        # No keyring: nothing was saved, the form is the way in (the message comes if they try to save).
        self._show_login(None if isinstance(error, CredentialError) else error_text(error))

    # -- logging in and out ------------------------------------------------------------

    @Slot()
    def _update_login_button(self, *_args: object) -> None:
        self.login_button.setEnabled(bool(self.email_edit.text().strip() and self.password_edit.text())
                                     and not self._busy)

    @Slot()
    def _return_pressed(self) -> None:
        if self.login_button.isEnabled():
            self.log_in()

    @Slot()
    def log_in(self) -> None:
        email, password = self.email_edit.text().strip(), self.password_edit.text()
        if not email or not password or self._busy:
            return
        base_url = self._base_url()
        if not base_url:
            self._show_login(tr_text(account.NO_SERVER))
            return
        save, store = self.save_check.isChecked(), self._credentials

        def job() -> _SignedIn:
            session = account.log_in(base_url, email, password)
            save_error: CredentialError | None = None
            try:
                if save:
                    account.save_token(session.email, session.token, store)
                else:
                    account.forget(store)  # a login not to be kept replaces any kept one
            except CredentialError as error:
                save_error = error if save else None
            result = _fetch_licences(session)
            result.save_error = save_error
            return result

        self._show_busy(QCoreApplication.translate("AccountRoute", "ログインしています…"))
        self._runner.submit(job, self._guard(self._login_done), self._guard(self._login_failed))

    def _login_done(self, result: _SignedIn) -> None:
        self.password_edit.clear()
        self._signed_in(result)
        if result.save_error is not None:
            self.message_box = show_message(
                self, "credentialMessage", QCoreApplication.translate("AccountRoute", "ログイン情報の保存"),
                tr_text(result.save_error.text), icon=QMessageBox.Icon.Warning)

    def _login_failed(self, error: Exception) -> None:
        advice = tr_text(account.USE_PRODUCT_ROUTE)
        self._show_login(f"{error_text(error)}\n{advice}")  # two translated sentences, one per line

    @Slot()
    def log_out(self) -> None:
        """Sign out and forget the saved login."""
        self.session = None
        self._show_licences([])
        store = self._credentials

        def failed(error: Exception) -> None:
            if isinstance(error, CredentialError) and error.code != "keyring.unavailable":
                self.message_box = show_message(
                    self, "credentialMessage", QCoreApplication.translate("AccountRoute", "ログイン情報の削除"),
                    tr_text(error.text), icon=QMessageBox.Icon.Warning)

        self._runner.submit(lambda: account.forget(store), None, self._guard(failed))
        self.save_check.setChecked(False)
        self._show_login()

    # -- ライセンス管理 -----------------------------------------------------------------

    def _signed_in(self, result: _SignedIn) -> None:
        self._busy = False
        self.session = result.session
        self.account_label.setText(QCoreApplication.translate("AccountRoute", "ログイン中: {email}").format(
            email=result.session.email))
        self.account_label.setAccessibleName(self.account_label.text())
        if result.licences is not None:
            self._show_licences(result.licences)
            self._set_licences_error(None)
        else:
            self._set_licences_error(error_text(result.licence_error or RuntimeError()))
        self.screens.setCurrentIndex(self.LICENCES)

    @Slot()
    def reload_licences(self) -> None:
        session = self.session
        if session is None:
            return

        def done(result: _SignedIn) -> None:
            if self.session is not session:
                return  # logged out meanwhile
            self._signed_in(result)

        def failed(error: Exception) -> None:
            if self.session is not session:
                return
            if account.token_rejected(error):
                self.session = None
                self._show_login(QCoreApplication.translate(
                    "AccountRoute", "ログインの有効期限が切れました。もう一度ログインしてください。"))
            else:
                self._set_licences_error(error_text(error))

        self.reload_button.setEnabled(False)
        self._runner.submit(lambda: _fetch_licences(session), self._guard(done), self._guard(failed))

    def _set_licences_error(self, text: str | None) -> None:
        self.licences_error.setText(text or "")
        self.licences_error.setVisible(bool(text))
        self.reload_button.setVisible(bool(text))
        self.reload_button.setEnabled(True)

    def _show_licences(self, licences: list[dict[str, Any]]) -> None:
        self.licences = account.listed(licences)
        for card in self.cards.values():
            self.list_layout.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        for index, licence in enumerate(self.licences):
            card = LicenceCard(licence, self.list_widget)
            card.renewClicked.connect(self.renew_clicked)
            self.list_layout.insertWidget(index, card)
            self.cards[card.serial] = card
        self.empty_label.setVisible(not self.licences)
        self.licences_hint.setVisible(bool(self.licences))

    @Slot(str)
    def renew_clicked(self, serial: str) -> None:
        """「今すぐ契約更新」: straight on with one renewable licence; the popup when there are several."""
        if self.session is None:
            return
        if not account.needs_choice(self.licences):
            self._request_renewal(serial)
            return
        self._discard_choose_dialog()
        dialog = ChooseLicenceDialog(account.renewable_in_account(self.licences), serial, self)
        dialog.accepted.connect(self._chosen)
        self.choose_dialog = dialog
        dialog.open()

    def _discard_choose_dialog(self) -> None:
        # Deleted when replaced (or with the page), not on close: the popup's answer is read after it closed.
        old, self.choose_dialog = self.choose_dialog, None
        if old is not None and isValid(old):
            old.close()
            old.deleteLater()

    @Slot()
    def _chosen(self) -> None:
        dialog = self.choose_dialog
        serial = dialog.selected_serial() if dialog is not None else None
        if serial is not None:
            self._request_renewal(serial)

    def _request_renewal(self, serial: str) -> None:
        session = self.session
        if session is None:
            return
        try:
            serials = account.serials_to_renew(self.licences, serial)
        except ValueError:
            return
        self.renewRequested.emit(session.client, serials)

    # -- plumbing ------------------------------------------------------------------------

    def _guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """A worker's callback that is dropped if this page was deleted meanwhile."""
        def guarded(value: Any) -> None:
            if isValid(self):
                callback(value)
        return guarded
