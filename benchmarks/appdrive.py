"""The real app in this process, driven as a user drives it: for the benchmarks that time the UI.

:class:`AppUnderTest` starts vb-renew as ``vb-renew`` does (``vb_renew.ui.app.run``: the application, its
translators, the main window; after its first paint the start-up module's ``connect``: the product's poll policy,
the embedded backend with its data in a folder of its own, the controller). Only the moment ``connect`` runs is
the benchmark's, so it can measure in between. Then it clicks and types into the window.

:class:`Sim` is the backend's simulation API (``docs/api.md``), always called off the UI thread (a call made on
it would itself freeze the window). :class:`FrameTimer` times a click to the end of the frame that paints the
next screen, the time the UI thread waited on workers (network, disk) apart. :class:`Heartbeat` finds the UI
thread's stalls.

Offscreen unless QT_QPA_PLATFORM says otherwise; the keyring is keyring's null backend (the user's is never
read or written). Import this module before anything of Qt.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # a source checkout without the package installed

API = "/api/v1"
# The customer a user types on S6 (the postal code fills 東京都 / 新宿区西新宿 from the offline table).
CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
            "postal_code": "1600023", "address_line": "6-10-1", "phone": "03-1234-5678"}


class Timeout(RuntimeError):
    pass


# -- the event loop ---------------------------------------------------------------------------------------------

def wait(condition: Callable[[], Any], timeout: float = 60.0, what: str = "the app") -> Any:
    """Run the UI's event loop until ``condition()`` is true (asleep between events, as the app's own loop)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    tick = QTimer()
    tick.start(50)  # a condition may turn without an event of ours (another thread)
    try:
        while not (result := condition()):
            if time.monotonic() > deadline:
                raise Timeout(f"{what}: not reached within {timeout:.0f} s")
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return result
    finally:
        tick.stop()


def idle(seconds: float) -> None:
    """Let the app run on its own for ``seconds``: its event loop, nothing of ours (no polling timer)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def off_ui(fn: Callable[[], Any], timeout: float = 60.0) -> Any:
    """``fn()`` on a thread of its own while the UI's event loop runs; its result (or its exception)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = fn()
        except BaseException as error:  # handed to the caller
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    wait(lambda: not thread.is_alive(), timeout, getattr(fn, "__name__", "a call"))
    if "error" in box:
        raise box["error"]
    return box.get("result")


# -- the simulation API ----------------------------------------------------------------------------------------

class Sim:
    """The backend's ``/sim/*`` (QA mode), over HTTP as a QA tool calls it; every call off the UI thread."""

    def __init__(self, base_url: str, sim_token: str) -> None:
        import requests

        self.base = f"{base_url}{API}/sim"
        self.http = requests.Session()
        self.http.headers["X-Sim-Token"] = sim_token
        # A new connection each call: a kept-alive one may be closed by the server while the benchmark waits
        # (uvicorn closes idle ones after 5 s), and a POST is not sent twice.
        self.http.headers["Connection"] = "close"

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        def call() -> Any:
            answer = self.http.request(method, f"{self.base}{path}", json=body, timeout=30)
            if answer.status_code >= 400:
                raise RuntimeError(f"{method} /sim{path}: {answer.status_code} {answer.text[:300]}")
            return answer.json() if answer.content else None
        call.__name__ = f"{method} /sim{path}"
        return off_ui(call)

    def clock(self) -> dict[str, Any]:
        return self._call("GET", "/clock")

    def stop_clock(self) -> dict[str, Any]:
        """The simulated clock stands still, whatever mode it was in; checked by reading it twice."""
        self._call("PUT", "/clock", {"seconds_per_day": None})
        first = self.clock()
        off_ui(lambda: time.sleep(0.3))
        second = self.clock()
        if first.get("now") != second.get("now") or second.get("running") is True:
            raise RuntimeError(f"the simulated clock still runs after PUT /sim/clock: {first} -> {second}")
        return second

    def next_event(self) -> dict[str, Any]:
        return self._call("POST", "/clock/advance", {"to_next_event": True})

    def pay(self, order_id: str, amount: int, place: str = "convenience_store") -> dict[str, Any]:
        return self._call("POST", f"/orders/{order_id}/pay", {"place": place, "amount": amount})

    def add_fault(self, **fault: Any) -> dict[str, Any]:
        return self._call("POST", "/faults", fault)

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")


# -- the app ----------------------------------------------------------------------------------------------------

class AppUnderTest:
    """vb-renew started as ``vb-renew --basedir BASEDIR [options]`` starts, in this process."""

    def __init__(self, basedir: Path, *options: str) -> None:
        from vb_renew import paths, startup

        self.args = startup.parse_args(["--basedir", str(basedir), *options])
        paths.configure(self.args.basedir)
        self.app = None
        self.window = None
        self.controller = None
        self._sim: Sim | None = None

    def qt(self) -> None:
        """The application and its translators (``ui.app.run``'s first lines)."""
        from vb_renew.ui.app import application, install_translators

        self.app = application()
        install_translators(self.app)

    def paint(self) -> float:
        """Show the main window (S1, no licence yet); seconds until its first paint."""
        from PySide6.QtGui import QIcon

        from vb_renew.resources import resource_path
        from vb_renew.ui.app import AfterFirstPaint
        from vb_renew.ui.main_window import MainWindow
        from vb_renew.ui.widgets import after_first_paint

        if self.app is None:
            self.qt()
        started = time.perf_counter()
        self.window = MainWindow()
        painted: list[float] = []
        AfterFirstPaint(self.window, lambda: painted.append(time.perf_counter()))
        self.window.show()
        wait(lambda: painted, 30, "the main window's first paint")
        after_first_paint(self.window)
        self.app.setWindowIcon(QIcon(str(resource_path("icons", "vb-renew.png"))))
        return painted[0] - started

    def connect(self, timeout: float = 60.0) -> None:
        """The start-up module's ``connect``; returns once S1 shows the licence."""
        from vb_renew import startup

        startup.connect(self.args, self.app, self.window)
        self.controller = self.window.controller
        wait(lambda: self.controller.view is not None, timeout, "S1 showing the licence")

    def start(self) -> AppUnderTest:
        self.paint()
        self.connect()
        return self

    @property
    def sim(self) -> Sim:
        if self._sim is None:
            session = self.controller.session
            self._sim = Sim(session.base_url, session.sim_token)
        return self._sim

    def close(self) -> None:
        if self.controller is not None:
            self.controller.shutdown()
            self.controller = None

    # -- acting as a user ------------------------------------------------------------------------------------

    def click(self, widget, *, on_box: bool = False) -> None:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        if not widget.isVisible() or not widget.isEnabled():
            raise RuntimeError(f"{widget.objectName()} cannot be clicked (visible {widget.isVisible()}, "
                               f"enabled {widget.isEnabled()})")
        pos = QPoint(8, widget.height() // 2) if on_box else widget.rect().center()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)

    def type(self, widget, text: str) -> None:
        """Keys as an input method delivers them: ASCII as key clicks, the rest as key events with text."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        widget.setFocus()
        for char in text:
            if char.isascii():
                QTest.keyClicks(widget, char)
            else:
                QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                                   Qt.KeyboardModifier.NoModifier)

    def find(self, root, cls: type, object_name: str):
        found = root.findChild(cls, object_name)
        if found is None:
            raise LookupError(object_name)
        return found

    # -- the main path, step by step (each a click; the benchmark times what follows) -------------------------

    @property
    def wizard(self):
        return self.controller.wizard

    def years_button(self, years: int = 1, product: str = "vb_cloud"):
        from PySide6.QtWidgets import QPushButton

        return self.find(self.wizard.product_page, QPushButton, f"productPage.years{years}.{product}")

    def fill_customer(self, customer: dict[str, str] | None = None) -> None:
        """Type S6's customer details into the empty fields (the wizard keeps them for the next application) and
        tick the agreement; returns once the postal code filled the address and 次へ is enabled."""
        from vb_renew.core.flow import Step

        page = self.wizard.page(Step.PAYMENT)
        for field, value in (customer or CUSTOMER).items():
            if not page.customer_form.value(field):
                self.type(page.customer_form.inputs[field], value)
        wait(lambda: page.customer_form.value("prefecture") == "東京都", 30, "the address from the postal code")
        if not page.agreement.agreed():
            self.click(page.agreement.check, on_box=True)
        wait(lambda: page.next_button.isEnabled(), 10, "S6's button enabled")

    def order_dialog(self):
        from PySide6.QtWidgets import QMessageBox

        return self.wizard.findChild(QMessageBox, "orderPlacedDialog")

    def order_dialog_ok(self):
        from PySide6.QtWidgets import QPushButton

        return self.find(self.order_dialog(), QPushButton, "orderPlacedDialog.ok")

    def leave_dialog(self):
        """The question キャンセル asks while the form holds input (「入力内容を破棄する」 / 「入力を続ける」)."""
        from PySide6.QtWidgets import QMessageBox

        return self.window.findChild(QMessageBox, "leaveWizardDialog")

    def leave_dialog_leave(self):
        from PySide6.QtWidgets import QPushButton

        return self.find(self.leave_dialog(), QPushButton, "leaveWizardDialog.leave")

    def order_by_slip(self):
        """The main path from S1 to S10: 今すぐ更新, one year, the customer, confirm, S8's OK, S9's status button.
        Returns the order placed and its waiting page (S10)."""
        from vb_renew.core.flow import Step

        window = self.window
        self.click(window.home.expiry_link)
        self.click(window.account_info.renew_button)
        wait(lambda: self.wizard is not None and self.wizard.current_step() is Step.PRODUCT, 30, "S5")
        self.click(self.years_button())
        self.fill_customer()
        self.click(self.wizard.page(Step.PAYMENT).next_button)
        wait(lambda: self.wizard.confirm_page.next_button.isEnabled(), 30, "S7")
        self.click(self.wizard.confirm_page.next_button)
        wait(self.order_dialog, 30, "S8's dialog")
        self.click(self.order_dialog_ok())
        wait(lambda: self.wizard.current_step() is Step.COMPLETE, 30, "S9")
        order = self.wizard.order
        self.click(self.wizard.status_button)
        return order, wait(lambda: self.waiting_page(order.id), 30, "S10")

    def waiting_page(self, order_id: str):
        return self.controller.waiting.get(order_id)


# -- timing a step ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StepTime:
    wall: float  # seconds from the click to the end of the frame that painted the next screen
    waited: float  # of which the UI thread slept in its event loop: waiting on workers (network, disk)
    probe: float  # of which the timer itself took on the UI thread (its filters' bodies, finding windows)
    events: int = 0  # the events the timer's filters saw (each also costs Qt's call into Python: left in)

    @property
    def ui(self) -> float:
        """The UI thread's own part: handling the click, building and laying out, painting."""
        return max(0.0, self.wall - self.waited - self.probe)


def _frame_timer_class():
    from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject
    from PySide6.QtGui import QWindow
    from PySide6.QtWidgets import QApplication, QWidget
    from shiboken6 import isValid

    update_request, expose, blocked = QEvent.Type.UpdateRequest, QEvent.Type.Expose, QEvent.Type.WindowBlocked

    class Waker(QObject):
        """On the application only while the UI thread is about to sleep: the first event after is what woke it."""

        def __init__(self, woke: Callable[[float], None]) -> None:
            super().__init__()
            self._woke = woke

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            self._woke(time.perf_counter())
            return False

    class FrameTimer(QObject):
        """Times a click to the end of the frame that first paints the next screen.

        Its filter is on the windows (every top-level widget and its ``QWindow``), not on the application: a
        Python filter there is called for every event of the app, and each call makes Python objects for the
        event and its receiver. For the many objects Qt made itself (a message box's parts, a window's handle),
        that means a new wrapper found by a search of the type tree: 5-20 µs an event, a few hundred events when a
        window-modal box blocks the window. That is not the app's time, and the per-event estimate this timer
        used to take out (measured on objects made in Python) left most of it in.

        A window's frame is its ``UpdateRequest`` (or, for a window that shows, its ``Expose``): the timer paints
        it itself (``event()``), so it knows when the frame is done. The step ends with the first frame of the
        window that holds the next screen, begun with that screen visible and its updates on: showing it marked
        it to be painted, so that frame paints it. A window that shows during the step is watched from when it
        blocks the window (a window-modal box: ``WindowBlocked``) or takes the focus, both before its first
        frame; one that does neither is not seen, and the step times out. The time the UI thread slept in its event loop (waiting on workers) is from the dispatcher's
        ``aboutToBlock`` to the first event after it, seen by a filter (``Waker``) on the application from then
        to that event only.
        """

        def __init__(self) -> None:
            super().__init__()
            self._root_of: Callable[[], Any] | None = None
            self._done: float | None = None
            self._in_frame = False
            self._slept_at: float | None = None
            self._waited = 0.0
            self._probe = 0.0
            self._events = 0
            self._windows: list[QObject] = []  # watched: kept so that their wrappers stay the same objects
            self._waker = Waker(self._woke)
            self._waking = False
            # PySide makes a Python type (and its enums) when first needed. The first object of a type it does not
            # know (one Qt made) has it search the type tree, making every type on the way: about 140 enums, 5-10
            # ms. The filters here are handed such objects: that search is made now, before any step.
            from PySide6.QtTest import QTest  # the clicks' module, its types among them

            for name in dir(QTest):
                getattr(QTest, name)
            for window in QApplication.topLevelWidgets():
                window.findChildren(QObject)
            QApplication.instance().findChildren(QObject)
            dispatcher = QAbstractEventDispatcher.instance()
            dispatcher.aboutToBlock.connect(self._blocking)
            dispatcher.awake.connect(self._awake)
            QApplication.instance().focusWindowChanged.connect(self._window_focused)

        def _watch_windows(self) -> None:
            self._windows = [window for window in self._windows if isValid(window)]
            for widget in QApplication.topLevelWidgets():
                for window in (widget, widget.windowHandle()):
                    if window is not None and not any(window is known for known in self._windows):
                        window.installEventFilter(self)
                        self._windows.append(window)

        def _window_focused(self) -> None:
            if self._root_of is not None and self._done is None:
                begun = time.perf_counter()
                self._watch_windows()  # a window that shows takes the focus before its first frame
                self._probe += time.perf_counter() - begun

        def _blocking(self) -> None:
            if self._root_of is None or self._done is not None:
                return
            begun = time.perf_counter()
            if not self._waking:
                self._waking = True
                QApplication.instance().installEventFilter(self._waker)
            self._slept_at = time.perf_counter()
            self._probe += self._slept_at - begun

        def _woke(self, at: float) -> None:
            QApplication.instance().removeEventFilter(self._waker)
            self._waking = False
            if self._slept_at is not None:
                self._waited += at - self._slept_at
                self._slept_at = None
            self._probe += time.perf_counter() - at

        def _awake(self) -> None:
            # GLib's dispatcher says awake once it has dispatched what woke it: only if the waker saw no event
            if self._slept_at is not None:
                self._waited += time.perf_counter() - self._slept_at
                self._slept_at = None

        def _painted_in(self, window: QObject) -> bool:
            """The next screen is visible, its updates on, in ``window`` (a top-level widget or its handle)."""
            root = self._root_of() if self._root_of is not None else None
            if root is None or not root.isVisible() or not root.updatesEnabled():
                return False
            top = root.window()
            return window is top or window is top.windowHandle()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            begun = time.perf_counter()
            if self._root_of is None or self._done is not None:
                return False
            self._events += 1
            handled, frame = False, 0.0
            kind = event.type()
            if kind == blocked:
                self._watch_windows()  # a window-modal window shows: watched before it is exposed
            elif not self._in_frame and ((kind == update_request and isinstance(watched, QWidget))
                                         or (kind == expose and isinstance(watched, QWindow))):
                painting = self._painted_in(watched)
                self._in_frame = True
                started = time.perf_counter()
                try:
                    watched.event(event)  # the frame, painted and flushed now
                finally:
                    self._in_frame = False
                ended = time.perf_counter()
                frame = ended - started
                if painting:
                    self._done = ended
                handled = True
            self._probe += time.perf_counter() - begun - frame
            return handled

        def measure(self, act: Callable[[], None], root_of: Callable[[], Any], timeout: float = 30.0) -> StepTime:
            """``act()`` (a click), then until the widget ``root_of()`` (the next screen) has been painted."""
            self._watch_windows()
            self._done, self._waited, self._slept_at, self._probe, self._events = None, 0.0, None, 0.0, 0
            self._root_of = root_of
            started = time.perf_counter()
            try:
                act()
                wait(lambda: self._done is not None, timeout, "the next screen painted")
            finally:
                self._root_of, self._slept_at = None, None
                if self._waking:
                    QApplication.instance().removeEventFilter(self._waker)
                    self._waking = False
            return StepTime(self._done - started, self._waited, self._probe, self._events)

    return FrameTimer


def frame_timer():
    """A :class:`FrameTimer` on the running application's windows (built here: Qt is imported late)."""
    return _frame_timer_class()()


class Heartbeat:
    """A precise timer on the UI thread every ``interval`` ms: how late it fires is how long the thread stalled."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval = interval_ms / 1000
        self.stalls: list[float] = []  # seconds of lateness, every tick
        self._last: float | None = None
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.stalls.append(max(0.0, now - self._last - self.interval))
        self._last = now

    def longest(self, n: int = 1) -> list[float]:
        return sorted(self.stalls, reverse=True)[:n]
