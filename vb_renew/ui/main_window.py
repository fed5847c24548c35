"""The product's main screen (S1) and the window that holds every page.

Built before the first paint, so it imports only the Qt classes S1 needs:
PySide6 builds each class's enums when it is first imported, and that is most
of what a first paint costs beyond a bare window. Other pages (お客さま情報,
the wizard, the account route) are imported and built after the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (  # not Qt: see vb_renew/ui/widgets.py
    QCoreApplication,
    QEvent,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vb_renew.rules.formatting import slash_date
from vb_renew.ui.keyboard import layout_order, set_tab_order
from vb_renew.ui.style import follow_palette, heading, restyle, styled
from vb_renew.ui.widgets import StatusBadge, link_button, primary_button, publish

if TYPE_CHECKING:  # names only: the licence arrives after the first paint, with datetime and core.data
    from datetime import date, datetime

    from vb_renew.core.data import Licence


def _left_aligned(widget: QWidget) -> QHBoxLayout:
    """``widget`` at its natural width on the left (a stretch instead of Qt.AlignLeft)."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widget)
    row.addStretch(1)
    return row


def days_left(licence: Licence, today: date | None) -> int | None:
    """Days from ``today`` (the simulated clock's) to the licence's expiry; None when today is not known."""
    return (licence.expiry - today).days if today is not None else None


class Header(QFrame):
    """The red title bar with the product's name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        styled(self, "header")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.title = QLabel(QCoreApplication.translate("MainWindow", "ウイルスバスター クラウド"), self)
        self.title.setObjectName("productTitle")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        layout.addStretch(1)

    def set_product_name(self, product_name: str) -> None:
        self.title.setText(product_name)


class HomePage(QWidget):
    """S1: the protection status, and 「有効期限:YYYY/MM/DD」 at the lower right.

    Signals: ``expiryClicked()`` (the expiry link), ``accountRouteClicked()``,
    ``orderLinkClicked(str)`` (a link of the order banner, with its order id).
    """

    expiryClicked = Signal()
    accountRouteClicked = Signal()
    orderLinkClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePage")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 16)

        status_row = QHBoxLayout()
        self.badge = StatusBadge(self)
        self.badge.setObjectName("protectionBadge")
        self.badge.setFixedSize(96, 96)
        badge_column = QVBoxLayout()  # keeps the badge at the top without Qt.AlignTop
        badge_column.addWidget(self.badge)
        badge_column.addStretch(1)
        status_row.addLayout(badge_column)
        texts = QVBoxLayout()
        self.status_title = heading("", self, "protectionStatus", 8)
        self.status_detail = QLabel(self)
        self.status_detail.setObjectName("protectionDetail")
        self.status_detail.setWordWrap(True)
        texts.addWidget(self.status_title)
        texts.addWidget(self.status_detail)
        texts.addStretch(1)
        status_row.addSpacing(16)
        status_row.addLayout(texts, 1)
        outer.addLayout(status_row)

        self.notice = QLabel(self)
        self.notice.setObjectName("expiryNotice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        outer.addSpacing(16)
        outer.addWidget(self.notice)
        self.renew_button = primary_button(
            "homeRenewButton", QCoreApplication.translate("MainWindow", "今すぐ更新"), self)
        self.renew_button.setVisible(False)
        self.renew_button.clicked.connect(self.expiryClicked)
        outer.addLayout(_left_aligned(self.renew_button))
        # Orders in progress (「お申し込み手続き中です」), each with a link to its waiting screen.
        self.order_banner = QFrame(self)
        self.order_banner.setObjectName("orderBanner")
        styled(self.order_banner, "orderBanner")
        banner_layout = QVBoxLayout(self.order_banner)
        banner_layout.setContentsMargins(10, 8, 10, 8)
        banner_layout.setSpacing(2)
        self.order_banner_text = QLabel(self.order_banner)
        self.order_banner_text.setObjectName("orderBannerText")
        self.order_banner_text.setWordWrap(True)
        self.order_banner_text.setStyleSheet("font-weight: bold;")
        banner_layout.addWidget(self.order_banner_text)
        self.order_links: list = []
        self.order_banner.setVisible(False)
        outer.addSpacing(8)
        outer.addWidget(self.order_banner)
        outer.addStretch(1)
        self.connection_banner = QLabel(self)
        self.connection_banner.setObjectName("connectionBanner")
        publish(self.connection_banner, "status message")
        self.connection_banner.setWordWrap(True)
        styled(self.connection_banner, "connectionBanner")
        self.connection_banner.setVisible(False)
        outer.addWidget(self.connection_banner)

        bottom = QHBoxLayout()
        self.account_link = link_button(
            "accountRouteLink", QCoreApplication.translate("MainWindow", "トレンドマイクロアカウントから更新"), self)
        self.account_link.clicked.connect(self.accountRouteClicked)
        bottom.addWidget(self.account_link)
        bottom.addStretch(1)
        self.expiry_link = link_button("expiryLink", "", self)
        self.expiry_link.clicked.connect(self.expiryClicked)
        bottom.addWidget(self.expiry_link)
        outer.addLayout(bottom)
        self.show_loading()

    def show_loading(self) -> None:
        self.badge.set_kind(StatusBadge.UNKNOWN)
        self.status_title.setText(QCoreApplication.translate("MainWindow", "状態を確認しています…"))
        self.status_detail.setText(QCoreApplication.translate("MainWindow", "ライセンス情報を読み込んでいます。"))
        self.expiry_link.setText(QCoreApplication.translate("MainWindow", "有効期限:----/--/--"))
        self.expiry_link.setEnabled(False)
        self.expiry_link.setAccessibleName(self.expiry_link.text())

    def set_connection_message(self, text: str) -> None:
        """Say how the connection to the backend is (connecting, offline); empty hides it."""
        self.connection_banner.setText(text)
        self.connection_banner.setVisible(bool(text))

    def set_order_links(self, title: str, links: list[tuple[str, str]]) -> None:
        """The order banner: ``title`` and one link per ``(order_id, text)``; no links hides it."""
        for button in self.order_links:
            button.hide()
            button.deleteLater()
        self.order_links = []
        from PySide6.QtCore import (
            Qt,  # after the first paint: the banner shows once orders are known
        )

        layout = self.order_banner.layout()
        for number, (order_id, text) in enumerate(links, 1):
            button = link_button(f"homeOrderLink{number}", text, self.order_banner)
            button.setProperty("orderId", order_id)
            button.clicked.connect(self._order_link_clicked)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.order_links.append(button)
        self.order_banner_text.setText(title)
        self.order_banner.setVisible(bool(links))
        set_tab_order(layout_order(self))  # the links are new: Tab reaches them before the links below

    @Slot()
    def _order_link_clicked(self) -> None:
        button = self.sender()
        if button is not None:
            self.orderLinkClicked.emit(str(button.property("orderId")))

    def show_licence(self, licence: Licence, today: date | None) -> None:
        """Draw the three looks: in term, expiring soon, expired."""
        from vb_renew.rules.eligibility import LicenceState  # after the first paint: a licence is known

        state = licence.state
        expiry = slash_date(licence.expiry)
        self.expiry_link.setText(QCoreApplication.translate("MainWindow", "有効期限:{date}").format(date=expiry))
        self.expiry_link.setAccessibleName(self.expiry_link.text())
        self.expiry_link.setEnabled(True)
        left = days_left(licence, today)
        if state is LicenceState.EXPIRED:
            self.badge.set_kind(StatusBadge.STOPPED)
            self.status_title.setText(QCoreApplication.translate("MainWindow", "保護が停止しています"))
            self.status_detail.setText(QCoreApplication.translate("MainWindow", "本製品の有効期限が終了しました"))
            self.notice.setText(QCoreApplication.translate(
                "MainWindow", "ウイルスやネット詐欺からコンピューターを守るには、契約を更新してください。"))
            styled(self.notice, "notice.expired")
            self.notice.setVisible(True)
            self.renew_button.setVisible(True)
        elif state is LicenceState.EXPIRING_SOON:
            self.badge.set_kind(StatusBadge.WARNING)
            self.status_title.setText(QCoreApplication.translate("MainWindow", "保護されています"))
            self.status_detail.setText(QCoreApplication.translate("MainWindow", "このコンピューターは保護されています。"))
            self.notice.setText(QCoreApplication.translate(
                "MainWindow", "有効期限まであと{days}日です。引き続きご利用いただくには、契約を更新してください。"
            ).format(days=max(left or 0, 0)))
            styled(self.notice, "notice.expiring")
            self.notice.setVisible(True)
            self.renew_button.setVisible(True)
        else:
            self.badge.set_kind(StatusBadge.OK)
            self.status_title.setText(QCoreApplication.translate("MainWindow", "保護されています"))
            self.status_detail.setText(QCoreApplication.translate("MainWindow", "このコンピューターは保護されています。"))
            self.notice.setVisible(False)
            self.renew_button.setVisible(False)
        self.badge.setAccessibleName(self.status_title.text())


class MainWindow(QMainWindow):
    """The window: the main screen, お客さま情報, and the wizard embedded as a page."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "ウイルスバスター クラウド"))
        self.resize(820, 560)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = Header(central)
        layout.addWidget(self.header)
        self.stack = QStackedWidget(central)
        self.stack.setObjectName("mainStack")
        self.home = HomePage(self.stack)
        self.stack.addWidget(self.home)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._account_info = None
        self.simulated_clock: QLabel | None = None  # the status bar's simulated date and time, once known
        self.home.expiryClicked.connect(self.show_account_info)
        base = QFont(self.font())
        base.setPointSize(max(base.pointSize(), 10))
        self.setFont(base)
        follow_palette(self)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        # The system switched between light and dark (the application's palette changed): every page's
        # style sheets follow, built again from the new palette.
        if event.type() == QEvent.Type.PaletteChange:
            restyle(self)
        super().changeEvent(event)

    @Slot(object)
    def show_simulated_clock(self, now: datetime) -> None:
        """「シミュレーション日時: 2026/11/26 10:00」 in the status bar (built on the first reading: after the first
        paint, the connection reads the clock)."""
        text = QCoreApplication.translate("MainWindow", "シミュレーション日時: {date} {time}").format(
            date=now.strftime("%Y/%m/%d"), time=now.strftime("%H:%M"))
        if self.simulated_clock is None:
            self.simulated_clock = QLabel(self)
            self.simulated_clock.setObjectName("simulatedClock")
            publish(self.simulated_clock, "status message")
            self.statusBar().setObjectName("statusBar")
            self.statusBar().addPermanentWidget(self.simulated_clock)
        self.simulated_clock.setText(text)
        self.simulated_clock.setAccessibleName(text)

    @Slot()
    def show_home(self) -> None:
        self.stack.setCurrentWidget(self.home)

    @property
    def account_info(self):
        """S2 お客さま情報, built on first use."""
        if self._account_info is None:
            from vb_renew.ui.account_info import AccountInfoPage

            self._account_info = AccountInfoPage(self.stack)
            self.stack.addWidget(self._account_info)
            self._account_info.backClicked.connect(self.show_home)
        return self._account_info

    @Slot()
    def show_account_info(self) -> None:
        self.stack.setCurrentWidget(self.account_info)

    def show_page(self, page: QWidget) -> None:
        """Show an embedded page (the wizard, the account route), adding it on first use."""
        if self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
