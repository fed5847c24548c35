"""The QA panel's mailbox: every mail the backend sent (``GET /sim/outbox``), newest first, in full.

Read again when shown, when asked, when the panel moved the clock, and when an order the app follows changed
(its mails are sent in the same transaction).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPlainTextEdit, QSplitter, QWidget

from vb_renew.core.qa import newest_first
from vb_renew.ui.qa_panel.common import Section, button, caption, jp_datetime
from vb_renew.ui.widgets import name

if TYPE_CHECKING:
    from vb_renew.core.data import Mail
    from vb_renew.ui.qa_panel.context import QaContext


def mail_text(mail: Mail) -> str:
    """The whole mail, with its header, as the reader shows it."""
    header = QCoreApplication.translate("QaPanel", "件名：{subject}\n宛先：{to}\n送信日時：{sent}").format(
        subject=mail.subject, to=mail.to, sent=jp_datetime(mail.sent_at))
    return f"{header}\n\n{mail.body}"


class MailboxSection(Section):
    """The list of mails (date and subject) above the chosen mail's full text."""

    def __init__(self, context: QaContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "mail", parent)
        self.mails: list[Mail] = []
        row = QHBoxLayout()
        self.count = caption("", self, "qa.mail.count", "muted")
        row.addWidget(self.count, 1)
        self.refresh_button = button("qa.mail.refreshButton", QCoreApplication.translate("QaPanel", "更新"), self,
                                     self.refresh)
        row.addWidget(self.refresh_button)
        self.layout_.addLayout(row)
        splitter = QSplitter(self)
        splitter.setObjectName("qa.mail.splitter")
        splitter.setOrientation(Qt.Orientation.Vertical)
        self.list = QListWidget(splitter)
        name(self.list, "qa.mail.list", QCoreApplication.translate("QaPanel", "メールの一覧（新しい順）"))
        self.list.currentRowChanged.connect(self._chosen)
        self.text = QPlainTextEdit(splitter)
        name(self.text, "qa.mail.text", QCoreApplication.translate("QaPanel", "メールの本文"))
        self.text.setReadOnly(True)
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        splitter.setSizes([140, 320])
        self.layout_.addWidget(splitter, 1)
        self.actions += [self.refresh_button]
        context.tracker.changed.connect(self._news)
        context.clockMoved.connect(self._news)
        context.worldLoaded.connect(self._news)
        self.finish(stretch=False)  # the splitter takes the room

    @Slot()
    def _news(self, *_: object) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self.read(lambda client: client.sim_outbox(), self._show)

    def _show(self, mails: list[Mail]) -> None:
        # The mail being read stays chosen; the newest (the first) is followed by the next newest.
        chosen = self.chosen() if self.list.currentRow() > 0 else None
        self.mails = newest_first(mails)
        self.list.blockSignals(True)
        self.list.clear()
        for mail in self.mails:
            item = QListWidgetItem(QCoreApplication.translate("QaPanel", "{sent}　{subject}").format(
                sent=jp_datetime(mail.sent_at), subject=mail.subject))
            item.setToolTip(mail.to)
            self.list.addItem(item)
        ids = [mail.id for mail in self.mails]
        row = ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0
        self.list.blockSignals(False)
        self.count.setText(QCoreApplication.translate("QaPanel", "{count}通（新しい順）").format(count=len(self.mails)))
        if self.mails:
            self.list.setCurrentRow(row)
            self._chosen(row)
        else:
            self.text.setPlainText(QCoreApplication.translate("QaPanel", "メールはまだありません。"))

    def chosen(self) -> Mail | None:
        row = self.list.currentRow()
        return self.mails[row] if 0 <= row < len(self.mails) else None

    @Slot(int)
    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.mails):
            self.text.setPlainText(mail_text(self.mails[row]))
