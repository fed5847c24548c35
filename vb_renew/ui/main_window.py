"""The product's main screen (S1), a product console, and the window that holds every page, in a centred column.

S1's status card is vb_renew/ui/home_card.py; its parts that are not simulated (the protection features,
スキャン) are vb_renew/ui/home_console.py, built just after the first paint (HomePage.build_console).
The window is built before the first paint, so it imports only the Qt classes S1 needs:
PySide6 builds each class's enums when it is first imported, and that is most
of what a first paint costs beyond a bare window. Other pages (お客さま情報,
the wizard, the account route) are imported and built after the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (  # not Qt: see vb_renew/ui/widgets.py
    QCoreApplication,
    QEvent,
    QTimer,
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

from vb_renew.ui.formats import short_date
from vb_renew.ui.home_card import StatusCard
from vb_renew.ui.keyboard import layout_order, set_tab_order
from vb_renew.ui.style import follow_palette, restyle, styled
from vb_renew.ui.widgets import StatusBadge, link_button, publish

if TYPE_CHECKING:  # names only: the licence arrives after the first paint, with datetime and core.data
    from datetime import date, datetime

    from vb_renew.core.data import Licence
    from vb_renew.core.session import LicenceView


# The window's size when it opens: room for S1's console (the status, the features, the notice and an order
# banner at once) and for the wizard's pages without scrolling; it fits a 1366x768 laptop screen.
DEFAULT_SIZE = (1024, 700)
# The pages' widest: on a large window the content stays one column in the middle instead of stretching
# across it; the red header and the status bar still span the window. About 1100 px: a line of 10 pt text
# is then at most ~80 Japanese characters (still read in one sweep), S1's three tiles in a row and S5's
# product cards keep their proportions, and the wizard's pages, laid out for 820 px, do not look stranded.
CONTENT_WIDTH = 1100


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
    """S1, a product console: the protection status with スキャン, the protection features, and the renewal.

    Only the renewal is live: the notice with 「今すぐ更新」, the orders in progress, the account route, and
    「有効期限:YYYY/MM/DD」 at the lower right with あんしん自動更新 beside it. The features and スキャン are
    not simulated: disabled and marked so (vb_renew/ui/home_console.py).

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
        outer.setContentsMargins(24, 16, 24, 12)
        outer.setSpacing(12)  # between what is shown: a hidden banner takes no room

        # The status card: the badge, what it means, スキャン (not simulated); the renewal notice under them.
        self.status_card = StatusCard(self)
        card = self.status_card
        self.badge, self.status_title, self.status_detail = card.badge, card.status_title, card.status_detail
        self.notice, self.renew_button = card.notice, card.renew_button
        self.renew_button.clicked.connect(self.expiryClicked)
        outer.addWidget(self.status_card)
        # Connecting, or no connection: said under the status it keeps from showing.
        self.connection_banner = QLabel(self)
        self.connection_banner.setObjectName("connectionBanner")
        publish(self.connection_banner, "status message")
        self.connection_banner.setWordWrap(True)
        styled(self.connection_banner, "connectionBanner")
        self.connection_banner.setVisible(False)
        outer.addWidget(self.connection_banner)

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
        self._order_banner_shown: tuple[str, list[tuple[str, str]]] | None = None  # what set_order_links last set
        self._order_banner_due: tuple[str, list[tuple[str, str]]] | None = None  # to set once S1 shows
        self.order_banner.setVisible(False)
        outer.addWidget(self.order_banner)

        outer.addSpacing(8)
        self._features_slot = QVBoxLayout()  # the protection features, after the first paint (build_console)
        self._features_slot.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._features_slot)
        outer.addStretch(1)

        # The foot: the account route on the left; あんしん自動更新 and 「有効期限:YYYY/MM/DD」 at the lower right.
        footer = QFrame(self)
        footer.setObjectName("homeFooter")
        styled(footer, "home.footer")
        bottom = QHBoxLayout(footer)
        bottom.setContentsMargins(0, 8, 0, 0)
        self.account_link = link_button(
            "accountRouteLink", QCoreApplication.translate("MainWindow", "トレンドマイクロアカウントから更新"), footer)
        self.account_link.clicked.connect(self.accountRouteClicked)
        bottom.addWidget(self.account_link)
        bottom.addStretch(1)
        self.auto_renew = QLabel(footer)
        self.auto_renew.setObjectName("autoRenewStatus")
        publish(self.auto_renew, "status message")
        styled(self.auto_renew, "muted")
        self.auto_renew.setVisible(False)
        bottom.addWidget(self.auto_renew)
        bottom.addSpacing(12)
        self.expiry_link = link_button("expiryLink", "", footer)
        self.expiry_link.clicked.connect(self.expiryClicked)
        bottom.addWidget(self.expiry_link)
        outer.addWidget(footer)
        self.scan = None  # ScanAction, FeatureSection: see build_console()
        self.features = None
        self._console_scheduled = False
        self.show_loading()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not self._console_scheduled:  # the first paint: the rest of the console comes right after it
            self._console_scheduled = True
            later = QTimer(self)  # a child: it goes with the page if the page goes first
            later.setSingleShot(True)
            later.timeout.connect(self.build_console)
            later.start(0)
        super().paintEvent(event)

    @Slot()
    def build_console(self) -> None:
        """The console's parts that are not simulated: スキャン beside the status and the protection features.

        Built just after the first paint, not before: they are inactive, and the first paint shows what matters
        (the status, 「有効期限」) without their widgets and module (~5 % of a first paint). Nothing moves when
        they come: スキャン takes the right of the status card, the features the room under it."""
        if self.features is not None:
            return
        from vb_renew.ui.home_console import FeatureSection, ScanAction

        self.scan = ScanAction(self.status_card)
        self.status_card.status_row.addWidget(self.scan)
        self.features = FeatureSection(self)
        self._features_slot.addWidget(self.features)

    def show_loading(self) -> None:
        self.status_card.set_status(StatusBadge.UNKNOWN)
        self.status_title.setText(QCoreApplication.translate("MainWindow", "状態を確認しています…"))
        self.status_detail.setText(QCoreApplication.translate("MainWindow", "ライセンス情報を読み込んでいます。"))
        self.expiry_link.setText(QCoreApplication.translate("MainWindow", "有効期限:----/--/--"))
        self.expiry_link.setEnabled(False)
        self.expiry_link.setAccessibleName(self.expiry_link.text())
        self.auto_renew.setVisible(False)

    def set_connection_message(self, text: str) -> None:
        """Say how the connection to the backend is (connecting, offline); empty hides it."""
        self.connection_banner.setText(text)
        self.connection_banner.setVisible(bool(text))

    def set_order_links(self, title: str, links: list[tuple[str, str]]) -> None:
        """The order banner: ``title`` and one link per ``(order_id, text)``; no links hides it. The same again
        (most of the tracker's news: an order's link reads the same until it ends) changes nothing. While another
        page is on screen (the wizard placing an order), it is set when S1 shows again."""
        if not self.isVisibleTo(self.window()):
            self._order_banner_due = (title, list(links))
            return
        self._order_banner_due = None
        if (title, links) == self._order_banner_shown:
            return
        self._order_banner_shown = (title, list(links))
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

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._order_banner_due is not None:
            self.set_order_links(*self._order_banner_due)
        super().showEvent(event)

    @Slot()
    def _order_link_clicked(self) -> None:
        button = self.sender()
        if button is not None:
            self.orderLinkClicked.emit(str(button.property("orderId")))

    def show_licence(self, licence: Licence, today: date | None) -> None:
        """Draw the three looks: in term, expiring soon, expired; and whether あんしん自動更新 is on."""
        from vb_renew.rules.eligibility import LicenceState  # after the first paint: a licence is known

        state = licence.state
        expiry = short_date(licence.expiry)
        self.expiry_link.setText(QCoreApplication.translate("MainWindow", "有効期限:{date}").format(date=expiry))
        self.expiry_link.setAccessibleName(self.expiry_link.text())
        self.expiry_link.setEnabled(True)
        self._show_auto_renew(licence.auto_renew)
        left = days_left(licence, today)
        protected = QCoreApplication.translate("MainWindow", "保護されています")
        protected_detail = QCoreApplication.translate("MainWindow", "このコンピューターは保護されています。")
        if state is LicenceState.EXPIRED:
            self.status_card.set_status(StatusBadge.STOPPED)
            self.status_title.setText(QCoreApplication.translate("MainWindow", "保護が停止しています"))
            self.status_detail.setText(QCoreApplication.translate("MainWindow", "本製品の有効期限が終了しました"))
            self._notice(QCoreApplication.translate(
                "MainWindow", "ウイルスやネット詐欺からコンピューターを守るには、契約を更新してください。"),
                "notice.expired", renew=True)
        elif state is LicenceState.EXPIRING_SOON and licence.auto_renew:
            # Auto-renewal extends the licence by itself [pub]: nothing for the user to do, nothing to warn of.
            self.status_card.set_status(StatusBadge.OK)
            self.status_title.setText(protected)
            self.status_detail.setText(protected_detail)
            self._notice(QCoreApplication.translate(
                "MainWindow", "有効期限まであと{days}日です。\nあんしん自動更新が有効なため、有効期限の前にご登録の"
                "クレジットカードで自動的に1年間更新されます。お手続きは必要ありません。"
            ).format(days=max(left or 0, 0)), "notice.autoRenew", renew=False)
        elif state is LicenceState.EXPIRING_SOON:
            self.status_card.set_status(StatusBadge.WARNING)
            self.status_title.setText(protected)
            self.status_detail.setText(protected_detail)
            self._notice(QCoreApplication.translate(
                "MainWindow", "有効期限まであと{days}日です。引き続きご利用いただくには、契約を更新してください。"
            ).format(days=max(left or 0, 0)), "notice.expiring", renew=True)
        else:
            self.status_card.set_status(StatusBadge.OK)
            self.status_title.setText(protected)
            self.status_detail.setText(protected_detail)
            self._notice("", "", renew=False)
        self.badge.setAccessibleName(self.status_title.text())

    def _notice(self, text: str, sheet: str, *, renew: bool) -> None:
        """The notice under the status (none when ``text`` is empty), with 「今すぐ更新」 beside it or not."""
        self.notice.setText(text)
        if text:
            styled(self.notice, sheet)
        self.notice.setVisible(bool(text))
        self.renew_button.setVisible(renew)

    def _show_auto_renew(self, on: bool) -> None:
        """あんしん自動更新, beside the expiry: on, the licence renews itself by credit card [pub]."""
        if on:
            text = QCoreApplication.translate("MainWindow", "あんしん自動更新: 有効（クレジットカードで自動更新）")
        else:
            text = QCoreApplication.translate("MainWindow", "あんしん自動更新: 無効")
        self.auto_renew.setText(text)
        self.auto_renew.setAccessibleName(text)
        self.auto_renew.setVisible(True)


def simulated_clock_text(now: datetime) -> str:
    """What the status bar says of the simulated clock at ``now``: 「シミュレーション日時: 2026/11/26 10:00」."""
    return QCoreApplication.translate("MainWindow", "シミュレーション日時: {date} {time}").format(
        date=short_date(now), time=now.strftime("%H:%M"))


class MainWindow(QMainWindow):
    """The window: the main screen, お客さま情報, and the wizard embedded as a page."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "ウイルスバスター クラウド"))
        self.resize(*DEFAULT_SIZE)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = Header(central)
        layout.addWidget(self.header)
        self.stack = QStackedWidget(central)
        self.stack.setObjectName("mainStack")
        self.stack.setMaximumWidth(CONTENT_WIDTH)
        self.home = HomePage(self.stack)
        self.stack.addWidget(self.home)
        # The pages at most CONTENT_WIDTH wide, centred: the stack (stretch 1) takes the width up to its cap,
        # the two spacers (stretch 0) only what is left over. The header spans the window.
        column = QHBoxLayout()
        column.setSpacing(0)
        column.addStretch(0)
        column.addWidget(self.stack, 1)
        column.addStretch(0)
        layout.addLayout(column, 1)
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
        text = simulated_clock_text(now)
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

    @Slot(object)
    def show_licence(self, view: LicenceView) -> None:
        """The installed licence, wherever the window shows it: the title, S1's console and expiry, S2."""
        product_name = view.licence.product_name or self.header.title.text()
        self.header.set_product_name(product_name)
        self.setWindowTitle(product_name)
        self.home.show_licence(view.licence, view.today)
        self.account_info.show_licence(view.licence, view.email)

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
