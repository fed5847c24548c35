"""The account route (S3): トレンドマイクロアカウント login, ライセンス管理, and the popup that picks a licence.

For a PC without the product. The customer logs in with e-mail and password
(「ログイン情報を保存」 keeps the token in the OS keyring, never in a file), sees the
licences listed in the account, and clicks 「今すぐ契約更新」; when several licences
can be renewed a popup asks which one. The page then hands the wizard a client
factory and the chosen serial. ログアウト revokes the token on the server and forgets
the saved login (:func:`vb_renew.core.account.sign_out`).

Keyboard: the login form shows with the focus in its first empty field, and Enter logs in once both are
filled; ライセンス管理 shows with the focus on the first 「今すぐ契約更新」 that can be clicked. Esc is 「戻る」.

This page holds the route's state and does its work; what it shows is built elsewhere: the login form
(:mod:`vb_renew.ui.account_login`), and the licence list with its cards and popup
(:mod:`vb_renew.ui.account_licences`). Every network and keyring call runs on the
:class:`~vb_renew.ui.tasks.TaskRunner`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from vb_renew.core import account
from vb_renew.core.account import AccountSession
from vb_renew.core.credentials import CredentialError, CredentialStore
from vb_renew.core.errors import ApiError
from vb_renew.ui.account_licences import ChooseLicenceDialog, LicenceListScreen
from vb_renew.ui.account_login import LoginForm
from vb_renew.ui.keyboard import DialogKeys, focus_first, layout_order, set_tab_order
from vb_renew.ui.messages import show_message
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.widgets import error_text, secondary_button, tr_text

if TYPE_CHECKING:
    from vb_renew.core.data import Licence


# -- what the workers hand back ---------------------------------------------------


@dataclass
class _SignedIn:
    session: AccountSession
    licences: list[Licence] | None
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


# -- the page -------------------------------------------------------------------------


class AccountRoutePage(QWidget):
    """S3, the account route: login, ライセンス管理, and the popup that picks the licence to renew.

    Its screens: :attr:`login_form` (:class:`~vb_renew.ui.account_login.LoginForm`), a busy line, and
    :attr:`licence_list` (:class:`~vb_renew.ui.account_licences.LicenceListScreen`).

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
        self.licences: list[Licence] = []
        self._saved_tried = False
        self._busy = False
        self.choose_dialog: ChooseLicenceDialog | None = None
        self.message_box: QMessageBox | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 16)
        outer.setSpacing(8)
        self.screens = QStackedWidget(self)
        self.screens.setObjectName("accountRouteScreens")
        self.login_form = LoginForm(self.screens)
        self.login_form.submitted.connect(self.log_in)
        self.screens.addWidget(self.login_form)
        self.screens.addWidget(self._build_busy())
        self.licence_list = LicenceListScreen(self.screens)
        self.licence_list.renewClicked.connect(self.renew_clicked)
        self.licence_list.logoutClicked.connect(self.log_out)
        self.licence_list.reloadClicked.connect(self.reload_licences)
        self.screens.addWidget(self.licence_list)
        outer.addWidget(self.screens, 1)

        bottom = QHBoxLayout()
        self.back_button = secondary_button(
            "accountRouteBackButton", QCoreApplication.translate("AccountRoute", "戻る"), self)
        self.back_button.clicked.connect(self.backRequested)
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        outer.addLayout(bottom)
        self.screens.setCurrentIndex(self.LOGIN)
        self.keys = DialogKeys(self, default=self._default_button, cancel=lambda: self.back_button)

    def _default_button(self) -> QAbstractButton | None:
        """Enter: 「ログイン」 on the login form (enabled once both fields are filled)."""
        return self.login_form.login_button if self.current_screen() == self.LOGIN else None

    def _build_busy(self) -> QWidget:
        screen = QWidget(self.screens)
        screen.setObjectName("accountBusyScreen")
        layout = QVBoxLayout(screen)
        layout.addStretch(1)
        self.busy_label = QLabel(screen)
        self.busy_label.setObjectName("accountBusyLabel")
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.busy_label)
        layout.addStretch(2)
        return screen

    # -- which screen ------------------------------------------------------------

    def current_screen(self) -> int:
        return self.screens.currentIndex()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.login_form.set_busy(busy)

    def _show_busy(self, text: str) -> None:
        self.busy_label.setText(text)
        self.screens.setCurrentIndex(self.BUSY)  # first: the stack moves the focus along with the screen
        self._set_busy(True)

    def _show_login(self, error: str | None = None) -> None:
        self._set_busy(False)
        self.screens.setCurrentIndex(self.LOGIN)
        self.login_form.show_error(error)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._busy:
            return
        if self.session is not None:
            self.reload_licences()
        elif not self._saved_tried:
            self.try_saved_login()
        elif self.current_screen() == self.LOGIN and not event.spontaneous():
            self.login_form.focus_field()

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
            self.login_form.save_check.setChecked(True)  # the customer had chosen to save: keep that choice
            self._show_login(QCoreApplication.translate(
                "AccountRoute", "保存されたログイン情報の有効期限が切れました。もう一度ログインしてください。"))
        else:
            self._show_login()

    def _saved_failed(self, error: Exception) -> None:
        # No keyring: nothing was saved, the form is the way in (the message comes if they try to save).
        self._show_login(None if isinstance(error, CredentialError) else error_text(error))

    # -- logging in and out ------------------------------------------------------------

    @Slot()
    def log_in(self) -> None:
        email, password = self.login_form.credentials()
        if not email or not password or self._busy:
            return
        base_url = self._base_url()
        if not base_url:
            self._show_login(tr_text(account.NO_SERVER))
            return
        save, store = self.login_form.save_check.isChecked(), self._credentials

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
        self.login_form.password_edit.clear()
        self._signed_in(result)
        if result.save_error is not None:
            self.message_box = show_message(
                self, "credentialMessage", QCoreApplication.translate("AccountRoute", "ログイン情報の保存"),
                tr_text(result.save_error.text), icon=QMessageBox.Icon.Warning)

    def _login_failed(self, error: Exception) -> None:
        self._show_login()
        self.login_form.show_failure(error)  # by its kind: offline, server error, a field, the server's refusal

    @Slot()
    def log_out(self) -> None:
        """Sign out: the form at once; on a worker the server revokes the token (when it can be reached) and
        the saved login is forgotten (:func:`~vb_renew.core.account.sign_out`)."""
        session, self.session = self.session, None
        self._show_licences([])
        store = self._credentials

        def failed(error: Exception) -> None:
            if isinstance(error, CredentialError) and error.code != "keyring.unavailable":
                self.message_box = show_message(
                    self, "credentialMessage", QCoreApplication.translate("AccountRoute", "ログイン情報の削除"),
                    tr_text(error.text), icon=QMessageBox.Icon.Warning)

        self._runner.submit(lambda: account.sign_out(session, store), None, self._guard(failed))
        self.login_form.save_check.setChecked(False)
        self._show_login()

    # -- ライセンス管理 -----------------------------------------------------------------

    def _signed_in(self, result: _SignedIn) -> None:
        self._set_busy(False)
        self.session = result.session
        self.licence_list.set_account(result.session.email)
        if result.licences is not None:
            self._show_licences(result.licences)
            self.licence_list.set_error(None)
        else:
            self.licence_list.set_error(error_text(result.licence_error or RuntimeError()))
        self.screens.setCurrentIndex(self.LICENCES)
        set_tab_order(layout_order(self))  # the cards are new: reading order again, 戻る last
        focused = QApplication.focusWidget()
        if focused is None or self.isAncestorOf(focused) or not focused.isVisible():
            focus_first([*self.licence_list.renew_buttons(), self.licence_list.reload_button,
                         self.licence_list.logout_link])

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
                self.licence_list.set_error(error_text(error))

        self.licence_list.set_reloading()
        self._runner.submit(lambda: _fetch_licences(session), self._guard(done), self._guard(failed))

    def _show_licences(self, licences: list[Licence]) -> None:
        self.licences = account.listed(licences)
        self.licence_list.show_licences(self.licences)

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
