"""The QA panel's backend: its address and the simulation token, to copy into another tool (a browser, curl, a
script); the token stays hidden until shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QApplication, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from vb_renew.ui.qa_panel.common import Section, button, caption
from vb_renew.ui.widgets import name

if TYPE_CHECKING:
    from vb_renew.ui.qa_panel.context import QaContext


class BackendSection(Section):
    """The backend's URL and the simulation token, each with 「コピー」; 「表示」 shows the token."""

    def __init__(self, context: QaContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "backend", parent)
        form = QFormLayout()
        url_row = QHBoxLayout()
        self.url = QLineEdit(self)
        name(self.url, "qa.backend.url", QCoreApplication.translate("QaPanel", "サーバーのURL"))
        self.url.setReadOnly(True)
        url_row.addWidget(self.url, 1)
        self.copy_url_button = button("qa.backend.copyUrl", QCoreApplication.translate("QaPanel", "コピー"), self,
                                      self.copy_url)
        self.copy_url_button.setAccessibleName(QCoreApplication.translate("QaPanel", "URLをコピー"))
        url_row.addWidget(self.copy_url_button)
        form.addRow(QCoreApplication.translate("QaPanel", "URL"), url_row)
        token_row = QHBoxLayout()
        self.token = QLineEdit(self)
        name(self.token, "qa.backend.token", QCoreApplication.translate("QaPanel", "シミュレーション用トークン"))
        self.token.setReadOnly(True)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        token_row.addWidget(self.token, 1)
        self.show_token_button = QPushButton(QCoreApplication.translate("QaPanel", "表示"), self)
        name(self.show_token_button, "qa.backend.showToken", QCoreApplication.translate("QaPanel", "トークンを表示"))
        self.show_token_button.setCheckable(True)
        self.show_token_button.toggled.connect(self._show_token)
        token_row.addWidget(self.show_token_button)
        self.copy_token_button = button("qa.backend.copyToken", QCoreApplication.translate("QaPanel", "コピー"), self,
                                        self.copy_token)
        self.copy_token_button.setAccessibleName(QCoreApplication.translate("QaPanel", "トークンをコピー"))
        token_row.addWidget(self.copy_token_button)
        form.addRow(QCoreApplication.translate("QaPanel", "トークン"), token_row)
        self.serial = caption("", self, "qa.backend.serial")
        form.addRow(QCoreApplication.translate("QaPanel", "このPCの製品"), self.serial)
        self.layout_.addLayout(form)
        self.note = caption(QCoreApplication.translate(
            "QaPanel", "シミュレーションAPI（/api/v1/sim/…）には、ヘッダー X-Sim-Token にこのトークンを付けて要求します。"
            "トークンは秘密です。共有しないでください。"), self, "qa.backend.note", "muted")
        self.layout_.addWidget(self.note)
        self.actions += [self.copy_url_button, self.copy_token_button, self.show_token_button]
        self.finish()
        context.readyChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        """What the app knows (no request)."""
        self.url.setText(self.context.base_url() or "")
        self.token.setText(self.context.sim_token() or "")
        self.serial.setText(self.context.serial() or "")
        self.update_actions()

    def action_allowed(self, widget: QWidget) -> bool:
        if widget is self.copy_url_button:
            return bool(self.url.text())
        return bool(self.token.text())

    @Slot(bool)
    def _show_token(self, shown: bool) -> None:
        self.token.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_token_button.setText(QCoreApplication.translate("QaPanel", "隠す") if shown else
                                       QCoreApplication.translate("QaPanel", "表示"))

    def copy_url(self) -> None:
        QApplication.clipboard().setText(self.url.text())
        self.say(QCoreApplication.translate("QaPanel", "URLをコピーしました。"))

    def copy_token(self) -> None:
        QApplication.clipboard().setText(self.token.text())
        self.say(QCoreApplication.translate("QaPanel", "トークンをコピーしました。"))
