"""The account route's login form (S3): トレンドマイクロアカウント, e-mail and password, 「ログイン情報を保存」.

A form only: it says when the customer asks to log in (``submitted``) and shows what went wrong
(:meth:`LoginForm.show_failure`: the network, the server, a field to correct, or the server's refusal). The page
(:mod:`vb_renew.ui.account_route`) signs in on a worker and keeps or forgets the login.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vb_renew.core import account
from vb_renew.core.errors import ErrorKind
from vb_renew.ui.style import heading, styled
from vb_renew.ui.widgets import error_parts, error_text, name, primary_button, publish, selectable_text, tr_text


class LoginForm(QWidget):
    """The login screen: e-mail, password, 「ログイン情報を保存」, 「ログイン」 and the error of the last try.

    Signals: ``submitted()``: 「ログイン」 clicked, or Return in the password field, with both fields filled
    and no login under way. Return in the e-mail field goes on to the password (the page's Enter logs in
    when both are filled: :class:`~vb_renew.ui.keyboard.DialogKeys`).
    """

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountLoginScreen")
        self._busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading(QCoreApplication.translate("AccountRoute", "トレンドマイクロアカウントにログイン"),
                                 self, "accountLoginHeading", 6))
        intro = selectable_text("accountLoginIntro", self)
        intro.setText(tr_text(account.ACCOUNT_ROUTE_INTRO))
        layout.addWidget(intro)
        layout.addSpacing(6)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        self.email_edit = QLineEdit(self)
        name(self.email_edit, "accountEmailEdit", QCoreApplication.translate("AccountRoute", "メールアドレス"))
        styled(self.email_edit, "field")
        self.email_edit.setPlaceholderText("example@example.jp")
        self.email_edit.setMinimumWidth(320)
        self.password_edit = QLineEdit(self)
        name(self.password_edit, "accountPasswordEdit", QCoreApplication.translate("AccountRoute", "パスワード"))
        styled(self.password_edit, "field")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMinimumWidth(320)
        form.addRow(QCoreApplication.translate("AccountRoute", "メールアドレス"), self.email_edit)
        form.addRow(QCoreApplication.translate("AccountRoute", "パスワード"), self.password_edit)
        self.save_check = QCheckBox(QCoreApplication.translate("AccountRoute", "ログイン情報を保存"), self)
        name(self.save_check, "accountSaveLoginCheck", self.save_check.text())
        styled(self.save_check, "check")
        self.save_check.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # no blank click area
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_check)
        save_row.addStretch(1)
        form.addRow("", save_row)
        layout.addLayout(form)

        self.login_button = primary_button(
            "accountLoginButton", QCoreApplication.translate("AccountRoute", "ログイン"), self)
        self.login_button.setMinimumWidth(160)
        self.login_button.setEnabled(False)
        self.login_button.clicked.connect(self._submit)
        button_row = QHBoxLayout()
        button_row.addWidget(self.login_button)
        button_row.addStretch(1)
        form.addRow("", button_row)

        self.login_error = publish(selectable_text("accountLoginError", self, "account.error"))
        self.login_error.setAccessibleName(QCoreApplication.translate("AccountRoute", "ログインのエラー"))
        self.login_error.setVisible(False)
        layout.addWidget(self.login_error)
        layout.addStretch(1)

        self.email_edit.textChanged.connect(self._update_login_button)
        self.password_edit.textChanged.connect(self._update_login_button)
        self.fields = {"email": self.email_edit, "password": self.password_edit}  # the API's names for them
        for edit in self.fields.values():
            edit.textEdited.connect(lambda _text, edit=edit: styled(edit, "field"))  # corrected: unmarked
        self.email_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self._submit)

    def credentials(self) -> tuple[str, str]:
        """``(email, password)`` as typed, the e-mail without surrounding spaces."""
        return self.email_edit.text().strip(), self.password_edit.text()

    def can_submit(self) -> bool:
        email, password = self.credentials()
        return bool(email and password) and not self._busy

    def set_busy(self, busy: bool) -> None:
        """A login (or the saved one) is under way: 「ログイン」 waits for it."""
        self._busy = busy
        self._update_login_button()

    def show_error(self, text: str | None) -> None:
        """The error under the form (None: none), and the focus where the customer types next."""
        for edit in self.fields.values():
            styled(edit, "field")
        self.login_error.setText(text or "")
        self.login_error.setVisible(bool(text))
        self.focus_field()

    def show_failure(self, error: BaseException) -> None:
        """Why the login failed, by its kind: no connection or a server error (what to check, try again later,
        the status), a field the server refused (marked, with the focus in it), or the server's refusal with
        the way through the product."""
        parts = error_parts(error, input_fields=tuple(self.fields))
        failure = parts.failure
        if parts.kind is ErrorKind.INPUT:
            fields = [p for p in failure.fields if p.field in self.fields]
            lines = [parts.title, *(QCoreApplication.translate("AccountRoute", "{field}：{message}").format(
                field=self.fields[p.field].accessibleName(), message=p.message) for p in fields), parts.advice]
            self.show_error("\n".join(line for line in lines if line))
            for problem in fields:
                styled(self.fields[problem.field], "field.error")
            self.fields[fields[0].field].setFocus(Qt.FocusReason.OtherFocusReason)
        elif parts.kind in (ErrorKind.OFFLINE, ErrorKind.SERVER):
            self.show_error(error_text(error))  # the product's route would not help: the same server
        else:  # two translated sentences, one per line
            self.show_error("{}\n{}".format(error_text(error), tr_text(account.USE_PRODUCT_ROUTE)))

    def focus_field(self) -> None:
        """The focus where the customer types next: the e-mail address, or the password once it is there."""
        (self.password_edit if self.email_edit.text() else self.email_edit).setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _update_login_button(self, *_args: object) -> None:
        self.login_button.setEnabled(self.can_submit())

    @Slot()
    def _submit(self) -> None:
        if self.can_submit():
            self.submitted.emit()
