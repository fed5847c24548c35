"""Dark mode: with the system in dark mode every page stays readable, and switching while the app runs works.

The app sets no palette: it follows the system's. These tests set a dark one on the application (as
Windows 11 dark or macOS Dark Mode would), walk the main path in the real window on its embedded backend,
and measure every visible label and button with text: the contrast (WCAG 2) between the colour its text is
drawn in and the background it is drawn on must be at least 4.5:1, 3:1 for large or bold text.

- The text's colour is the widget's palette after the style sheets are applied (what Qt draws text with);
  a checked button draws its text in the ``:checked`` colour, not in its palette's, so for it the text
  pixel that contrasts most is measured instead.
- The background is measured: the most common colour of the widget's pixels in the rendered page (text is
  thin; what surrounds it is the background, whoever paints it: the widget, a card, the page). A page in a
  scroll area is rendered whole, so what is scrolled out of view is measured too.
- Disabled widgets are left out, as WCAG leaves out inactive controls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFont, QImage, QPalette
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QLabel, QPushButton, QWidget
from wizard_driving import TIMEOUT, agree, child, choose, click, erase, fill_customer, submit_and_finish, type_text

from tests.needs import needs_japanese_font
from vb_renew.core.api import ApiClient
from vb_renew.core.flow import Step
from vb_renew.qa.palettes import dark_palette
from vb_renew.rules.lifecycle import OrderState

pytestmark = pytest.mark.slow

WAIT_MS = 30_000


# --- measuring ---------------------------------------------------------------------------------------

def luminance(rgb: int) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel((rgb >> 16) & 0xFF) + 0.7152 * channel((rgb >> 8) & 0xFF) + 0.0722 * channel(rgb & 0xFF)


def contrast(a: int, b: int) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def large(font: QFont) -> bool:
    """WCAG's large text (18 pt, or 14 pt bold); bold text is held to the same 3:1 here."""
    return font.pointSizeF() >= 18 or font.weight() >= QFont.Weight.DemiBold


def canvas_of(widget: QWidget) -> QWidget:
    """What to render to see ``widget`` as drawn: the whole content of its scroll area, or its window."""
    ancestor = widget
    while ancestor is not None and not ancestor.isWindow():
        area = ancestor.parentWidget().parentWidget() if ancestor.parentWidget() is not None else None
        if isinstance(area, QAbstractScrollArea) and getattr(area, "widget", lambda: None)() is ancestor:
            return ancestor
        ancestor = ancestor.parentWidget()
    return widget.window()


class Pages:
    """The rendered pages a screen's widgets are on, rendered once each."""

    def __init__(self) -> None:
        self._images: dict[int, tuple[QImage, memoryview]] = {}

    def colours(self, canvas: QWidget, rect: QRect) -> Counter:
        """How often each colour (0xRRGGBB) occurs in ``rect`` of ``canvas``."""
        if id(canvas) not in self._images:
            image = canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
            self._images[id(canvas)] = (image, memoryview(image.constBits()).cast("I"))
        image, pixels = self._images[id(canvas)]
        rect = rect & image.rect()
        per_line = image.bytesPerLine() // 4
        counts: Counter = Counter()
        for y in range(rect.top(), rect.bottom() + 1):
            start = y * per_line + rect.left()
            counts.update(pixels[start:start + rect.width()])
        return Counter({colour & 0xFFFFFF: n for colour, n in counts.items()})


def unreadable(window: QWidget, screen: str) -> tuple[list[str], int]:
    """The visible labels and buttons of ``window`` whose text does not contrast enough; and how many were
    measured."""
    pages = Pages()
    problems: list[str] = []
    measured = 0
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.text().strip():
            continue
        if not widget.isVisible() or not widget.isEnabled() or widget.window() is not window:
            continue
        canvas = canvas_of(widget)
        colours = pages.colours(canvas, QRect(widget.mapTo(canvas, QPoint(0, 0)), widget.size()))
        if not colours:
            continue
        background = colours.most_common(1)[0][0]
        if isinstance(widget, QPushButton) and widget.isChecked():
            text = max(colours, key=lambda colour: contrast(colour, background))
        else:
            text = widget.palette().color(widget.foregroundRole()).rgb() & 0xFFFFFF
        ratio, need = contrast(text, background), 3.0 if large(widget.font()) else 4.5
        measured += 1
        if ratio < need:
            problems.append(f"{screen}: {widget.objectName() or type(widget).__name__} 「{widget.text()[:24]}」 "
                            f"#{text:06x} on #{background:06x}: {ratio:.2f} < {need}")
    return problems, measured


# --- the app ------------------------------------------------------------------------------------------

@pytest.fixture
def dark_system() -> Iterator[None]:
    """The system in dark mode; back to the system's own palette afterwards."""
    app = QApplication.instance()
    app.setPalette(dark_palette())
    yield
    app.setPalette(QPalette())  # no palette of the app's own: the system's again


def advance_until(qtbot, controller, page, state: OrderState) -> None:
    """Run the simulated clock event by event until the waiting page shows ``state``."""
    sim = ApiClient(controller.server.url, sim_token=controller.server.sim_token)
    try:
        for _ in range(20):
            if page.order.state is state:
                return
            version = page.order.version
            sim.sim_advance(to_next_event=True)
            try:
                qtbot.waitUntil(lambda v=version: page.order.version != v, timeout=10_000)
            except qtbot.TimeoutError:
                continue
        qtbot.waitUntil(lambda: page.order.state is state, timeout=WAIT_MS)
    finally:
        sim.close()


class Checks:
    """Every screen measured on the way; the problems of all of them, reported together at the end."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.problems: list[str] = []
        self.measured: dict[str, int] = {}

    def screen(self, qtbot, name: str) -> None:
        qtbot.wait(50)  # layouts and style sheets applied, the page painted
        problems, measured = unreadable(self.window, name)
        self.problems += problems
        self.measured[name] = measured
        assert measured > 3, f"{name}: nothing measured"


def test_the_main_path_is_readable_in_dark_mode(dark_system, app, qtbot) -> None:
    needs_japanese_font()  # the measures are of Japanese text
    window, controller = app
    checks = Checks(window)
    checks.screen(qtbot, "S1")
    window.show_account_info()
    checks.screen(qtbot, "S2")

    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is Step.PRODUCT,
                    timeout=TIMEOUT)
    wizard = controller.wizard
    prices = [label for label in wizard.product_page.findChildren(QLabel)
              if label.objectName().startswith("productPage.price")]
    assert len(prices) >= 6 and all(label.isVisible() for label in prices)  # the cards' prices are measured
    checks.screen(qtbot, "S5")

    choose(qtbot, wizard, controller.session.serial, "vb_cloud", 1)
    page = wizard.page(Step.PAYMENT)
    checks.screen(qtbot, "S6 (empty)")
    phone = page.customer_form.inputs["phone"]
    type_text(qtbot, phone, "0990-12-3456")
    page.customer_form.inputs["email"].setFocus()  # leaving the field shows its error
    qtbot.waitUntil(lambda: "phone" in page.customer_form.visible_errors(), timeout=TIMEOUT)
    checks.screen(qtbot, "S6 (an error)")
    phone.setFocus()
    erase(qtbot, phone)
    fill_customer(qtbot, wizard, {"phone": "03-1234-5678"})
    agree(qtbot, wizard)
    checks.screen(qtbot, "S6 (filled in)")

    click(qtbot, page.next_button)
    assert wizard.current_step() is Step.CONFIRM
    checks.screen(qtbot, "S7")
    order = submit_and_finish(qtbot, wizard)
    checks.screen(qtbot, "S9")

    click(qtbot, child(wizard, QPushButton, "wizard.paymentStatusButton"))
    qtbot.waitUntil(lambda: order.id in controller.waiting, timeout=TIMEOUT)
    waiting = controller.waiting[order.id]
    checks.screen(qtbot, "S10")
    advance_until(qtbot, controller, waiting, OrderState.SLIP_DELIVERED)
    qtbot.waitUntil(waiting.slip_button.isEnabled, timeout=WAIT_MS)
    click(qtbot, waiting.slip_button)
    checks.screen(qtbot, "S10 (the slip)")
    click(qtbot, child(waiting, QPushButton, "slipPayConvenienceStoreButton"))
    qtbot.waitUntil(lambda: waiting.order.state is OrderState.PAID, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: waiting.stack.currentWidget() is waiting.status_view, timeout=TIMEOUT)  # by itself
    checks.screen(qtbot, "S11")
    advance_until(qtbot, controller, waiting, OrderState.EXTENDED)
    checks.screen(qtbot, "S12")

    assert checks.problems == [], "\n".join(checks.problems)


def test_switching_to_dark_and_back_while_the_app_runs(app, qtbot) -> None:
    """The system switches to dark mode with S5 open: the page follows at once; back to light, it is as before."""
    needs_japanese_font()
    window, controller = app
    window.show_account_info()
    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is Step.PRODUCT,
                    timeout=TIMEOUT)
    qtbot.wait(50)
    light = window.grab().toImage()
    application = QApplication.instance()
    application.setPalette(dark_palette())
    try:
        qtbot.wait(50)
        problems, measured = unreadable(window, "S5, switched to dark")
        assert measured > 10 and problems == [], "\n".join(problems)
        card = child(controller.wizard.product_page, QWidget, "productPage.option.vb_cloud")
        assert card.grab().toImage().pixelColor(4, 4).lightness() < 80  # the card is dark, not white
    finally:
        application.setPalette(QPalette())
    qtbot.wait(50)
    assert window.grab().toImage() == light  # the light look, exactly (fonts too: nothing shrank)


def test_the_light_palette_keeps_the_products_colours(app, qtbot) -> None:
    """In a light palette the cards are white and their text black, as the product's pages are."""
    window, controller = app
    window.show_account_info()
    click(qtbot, window.account_info.renew_button)
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is Step.PRODUCT,
                    timeout=TIMEOUT)
    price = child(controller.wizard.product_page, QLabel, "productPage.price1.vb_cloud")
    assert price.palette().color(price.foregroundRole()).name() == "#000000"
    card = child(controller.wizard.product_page, QWidget, "productPage.option.vb_cloud")
    qtbot.wait(50)
    assert card.grab().toImage().pixelColor(4, 4).name() == "#ffffff"


def test_the_theme_reads_the_palette_s_colours_once_per_palette(qapp, monkeypatch) -> None:
    """Every styled widget asks for the theme: its colours are read from the palette again only when the palette is
    another (a switch of the system's, a palette set), not at each call; and a switch is still followed at once."""
    from vb_renew.ui import colours

    reads = Counter()
    read = colours._key

    def counted(palette: QPalette) -> tuple[str, ...]:
        reads["key"] += 1
        return read(palette)

    monkeypatch.setattr(colours, "_key", counted)
    light = colours.theme()
    before = reads["key"]
    assert all(colours.theme() is light for _ in range(100))
    assert reads["key"] - before <= 1  # at most one read, had the palette changed since the last call
    qapp.setPalette(dark_palette())
    try:
        assert colours.theme().dark and reads["key"] - before <= 2
        assert all(colours.theme().dark for _ in range(100)) and reads["key"] - before <= 2
    finally:
        qapp.setPalette(QPalette())
    assert colours.theme().key == light.key and not colours.theme().dark
