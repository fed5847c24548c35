"""Driving the app as a user does, for the screens on record (:mod:`vb_renew.qa.screens`) and the walkthrough
recorder (:mod:`vb_renew.qa.walkthrough`).

:class:`Driver` boots real windows on their own embedded backends, loaded with a scenario, clicks and types
into them, waits for what the backend answers, and photographs each screen (light, and dark for the main
path). The helpers below walk the paths several screens share: to S7, to S9, the simulated clock to a state.
Import it after ``QT_QPA_PLATFORM`` is set (the screens command sets it to ``offscreen``).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from vb_renew import paths
from vb_renew.qa.automation import automation_ids, unnamed
from vb_renew.qa.palettes import dark_palette
from vb_renew.rules.lifecycle import OrderState


def load_pinned_world(server: Any, scenario: str, start: date, seed: int | None = None, **options: Any) -> None:
    """Wipe ``server``'s world and load ``scenario`` again from ``start`` (``options``: the simulation API's, e.g.
    ``seconds_per_day``): the same dates on whatever day it runs."""
    from vb_renew.core.api import ApiClient

    client = ApiClient(server.url, sim_token=server.sim_token)
    try:
        client.sim_load_scenario(scenario, seed=seed, start=start.isoformat(), **options)
    finally:
        client.close()


class Driver:
    """Boots windows on fresh embedded backends and photographs them."""

    def __init__(self, out: Path, workdir: Path, start_backend: Callable, dark: Iterable[str] = (),
                 credentials=None) -> None:
        self.out = out
        self.workdir = workdir
        self.start_backend = start_backend  # the start-up module's: a window's own embedded backend
        self.dark = frozenset(dark)  # the screens also photographed in dark mode
        self.credentials = credentials  # the windows' CredentialStore (None: the system keyring's)
        self.ids: dict[str, list] = {}
        self.shots: list[Path] = []
        self.unnamed: list[str] = []  # interactive widgets without an objectName or accessibleName
        self._controller = None  # the window's booted last (one at a time: end_window)
        self._count = 0

    def wait(self, condition: Callable[[], bool], timeout: float = 90.0) -> None:  # generous: a busy CI machine
        """Until ``condition()``, asleep between events (a busy loop would starve the backend's threads)."""
        deadline = time.monotonic() + timeout
        tick = QTimer()
        tick.start(20)  # wakes the loop at least this often: a condition may turn without an event of ours
        try:
            while not condition():
                if time.monotonic() > deadline:
                    raise TimeoutError("the screen did not reach the expected state")
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        finally:
            tick.stop()

    def settle(self) -> None:
        for _ in range(5):
            QCoreApplication.processEvents()
        # Widgets replaced on the way (deleteLater) go now: they are neither drawn nor listed.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def boot(self, scenario: str | None = "vb_cloud_in_term", *, server_url: str | None = None,
             connect: bool = True):
        """A main window on its own embedded backend (or ``server_url``), connected and showing a licence."""
        from vb_renew.core.backend import Options, ProductBackend
        from vb_renew.core.poller import PollPolicy
        from vb_renew.ui.controller import AppController
        from vb_renew.ui.main_window import MainWindow

        self.end_window()
        self._count += 1
        paths.configure(self.workdir / f"home-{self._count}")
        window = MainWindow()
        window.show()
        # The simulated clock stands still (0), and both the screens and the walkthrough load their world from a
        # pinned day (load_pinned_world): the pictures show the same dates whatever day they are taken.
        # The product's order polls idle for the server's hint (up to a minute) and hold a long poll for 20 s.
        # Here the driver moves the simulated clock itself: a waiting page asks again at once and holds briefly,
        # so it shows a change as soon as the backend has it, and an injected fault meets its next request.
        # It still learns every state by polling, as in the product.
        policy = PollPolicy(long_poll_wait=1.0, default_interval=0.05, min_interval=0.05, max_interval=0.05)
        backend = ProductBackend(Options(server_url=server_url, scenario=scenario, seconds_per_day=0),
                                 self.start_backend)
        controller = AppController(window, backend, window, policy=policy, credentials=self.credentials)
        self._controller = controller
        if connect:
            controller.start()
            if server_url is None:  # and the status bar's simulated clock: a picture taken before it lacks it
                self.wait(lambda: controller.view is not None and window.simulated_clock is not None)
        self.settle()
        return window, controller

    def shot(self, widget: QWidget, name: str, title: str, *, picture: bool = True) -> None:
        """Save ``widget`` as ``<name>.png`` (unless not ``picture``) and record the automation ids of the window it
        is in."""
        self.settle_clock(widget)
        self.settle()
        if picture:
            self.save_picture(widget, self.out / f"{name}.png")
        self.ids[f"{name}: {title}"] = automation_ids(widget, current_screen=True)
        self.unnamed += [f"{name}: {entry}" for entry in unnamed(widget)]
        if name in self.dark:
            self.dark_shot(widget, name)

    def save_picture(self, widget: QWidget, path: Path) -> None:
        widget.grab().save(str(path))
        self.shots.append(path)

    def settle_clock(self, widget: QWidget) -> None:
        """The status bar's simulated clock as the backend's reads now (the app reads it in turns): the picture of a
        main window, and its ids, show the screen's own simulated time, not the one before the driver moved it."""
        window = widget.window()
        controller = self._controller if self._controller is not None and self._controller.window is window else None
        label = getattr(window, "simulated_clock", None)
        if controller is None or controller.session is None or label is None:
            return
        sim = sim_client(controller)
        try:
            now = sim.sim_clock().now
        except Exception:  # noqa: BLE001 (no simulation API here, or no backend: the clock as it shows)
            return
        finally:
            sim.close()
        from vb_renew.ui.main_window import simulated_clock_text

        shown = simulated_clock_text(now)

        def read_again() -> bool:  # a reading from before the move may be on its way: asked again until it shows
            controller.connection.read_clock()
            return label.text() == shown

        self.wait(read_again)

    def dark_shot(self, widget: QWidget, name: str) -> None:
        """Save ``widget`` as ``dark/<name>.png`` with the system in dark mode, then switch back to light."""
        app = QApplication.instance()
        app.setPalette(dark_palette())
        self.settle()
        path = self.out / "dark" / f"{name}.png"
        path.parent.mkdir(exist_ok=True)
        self.save_picture(widget, path)
        app.setPalette(QPalette())  # no palette of the app's own: the system's (light) again
        self.settle()

    # -- acting as a user --------------------------------------------------------------

    def click(self, widget: QWidget, *, on_box: bool = False) -> None:
        if not widget.isEnabled():
            raise RuntimeError(f"{widget.objectName()} is disabled")
        pos = QPoint(8, widget.height() // 2) if on_box else widget.rect().center()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        self.settle()

    def type(self, widget: QWidget, text: str) -> None:
        """Keys as an input method delivers them: ASCII as key clicks, the rest as key events with text."""
        widget.setFocus()
        for char in text:
            if char.isascii():
                QTest.keyClicks(widget, char)
            else:
                QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                                   Qt.KeyboardModifier.NoModifier)
        self.settle()

    def reveal(self, widget: QWidget) -> None:
        """Scroll the page so ``widget`` is in view, as a user would before looking at it."""
        from PySide6.QtWidgets import QScrollArea

        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(widget, 0, 120)
        self.settle()

    def find(self, root: QWidget, cls: type, object_name: str):
        found = root.findChild(cls, object_name)
        if found is None:
            raise LookupError(object_name)
        return found

    def open_wizard(self, window, controller):
        window.show_account_info()
        self.click(window.account_info.renew_button)
        self.wait(lambda: controller.wizard is not None and controller.wizard.current_step() is not None)
        return controller.wizard

    def waiting_page(self, controller, order_id: str):
        """The order's waiting page (S10–S12), once it is there."""
        self.wait(lambda: order_id in controller.waiting)
        return controller.waiting[order_id]

    def end_window(self) -> None:
        """Close the window booted last, as its user would quit the app: its polls and its backend stop. One window
        at a time: those left open would go on polling their backends and each restyle itself at every switch of
        the system's palette (dark_shot), slowing every screen after them."""
        controller, self._controller = self._controller, None
        if controller is None:
            return
        controller.shutdown()
        controller.window.close()
        controller.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def close(self) -> None:
        self.end_window()


def closed_port() -> int:
    """A loopback port nothing listens on (a backend that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "やまだ", "given_kana": "たろう",
            "postal_code": "1600023", "address_line": "6-10-1", "building": "新宿ビル 3F", "phone": "090-1234-5678"}


def to_confirmation(d: Driver, window, controller):
    """S2 → S7 for a one-year slip renewal with a valid customer; returns the wizard on S7."""
    from vb_renew.core.flow import Step

    wizard = d.open_wizard(window, controller)
    d.click(d.find(wizard.product_page, QPushButton, "productPage.years1.vb_cloud"))
    page = wizard.page(Step.PAYMENT)
    for field, value in CUSTOMER.items():
        d.type(page.customer_form.inputs[field], value)
    d.wait(lambda: page.customer_form.value("prefecture") == "東京都")
    d.click(page.agreement.check, on_box=True)
    d.click(page.next_button)
    return wizard


def apply_by_slip(d: Driver, window, controller):
    """S2 → S9 with a valid customer; returns the wizard on S9."""
    from vb_renew.core.flow import Step

    wizard = to_confirmation(d, window, controller)
    d.click(wizard.confirm_page.next_button)
    d.wait(lambda: wizard.findChild(QMessageBox, "orderPlacedDialog") is not None)
    d.click(d.find(wizard.findChild(QMessageBox, "orderPlacedDialog"), QPushButton, "orderPlacedDialog.ok"))
    d.wait(lambda: wizard.current_step() is Step.COMPLETE)
    return wizard


def sim_client(controller):
    from vb_renew.core.api import ApiClient

    return ApiClient(controller.session.base_url, sim_token=controller.session.sim_token)


def advance_until(d: Driver, controller, page, states: set[OrderState]) -> None:
    """Run the simulated clock event by event until the waiting page shows one of ``states``."""
    sim = sim_client(controller)
    for _ in range(20):
        if page.order.state in states:
            break
        version = page.order.version
        sim.sim_advance(to_next_event=True)
        # Each event changes the order (the page's long poll answers at once) or runs a customer's step.
        try:
            d.wait(lambda: page.order.version != version, timeout=10)
        except TimeoutError:
            continue
    d.wait(lambda: page.order.state in states)
