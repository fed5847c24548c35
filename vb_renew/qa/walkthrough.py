"""The walkthrough recorder: a scripted path through the real app, with a picture of every screen and a report.

    vb-renew walkthrough [--path NAME | --path all] [--scenario NAME] --out DIR [--start DAY] [--seed N]
    vb-renew walkthrough --list
    vb-renew walkthrough --check DIR [DIR ...]      (also: python -m vb_renew.qa.walkthrough --check DIR)

A path (:data:`PATHS`) is a user's way through the app, driven by clicks and keys on a real main window
(:class:`~vb_renew.qa.driving.Driver`, offscreen) on the real embedded backend. The world is pinned: the scenario
loads at ``--start`` with ``--seed``, the simulated clock stands still and moves only when the path asks the
simulation API (as does the customer's payment), so the same path in the same world gives the same report. Each
step waits for the screen it leads to and saves its picture to ``DIR/screens/``; then ``DIR/report.html`` and
``DIR/report.md`` (:mod:`vb_renew.qa.report`) list the steps, the mails sent and each licence's expiry before
and after. A step that fails (a disabled button, a screen that does not come) ends the walk: the report says
which and why, with a picture of the window as it was, and the command exits 1.

The start-up module runs it (``vb-renew walkthrough``) and hands it the embedded backend's start; run as
``python -m vb_renew.qa.walkthrough`` it only lists the paths and checks reports.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLineEdit, QRadioButton, QWidget  # noqa: E402

from vb_renew.cli_help import HelpParser  # noqa: E402
from vb_renew.core.credentials import CredentialStore  # noqa: E402
from vb_renew.i18n import QT_TRANSLATE_NOOP  # noqa: E402
from vb_renew.qa import report  # noqa: E402
from vb_renew.qa.driving import Driver, load_pinned_world, sim_client  # noqa: E402
from vb_renew.qa.walk_paths import DEFAULT_PATH, PATHS, SCREENS, screen_of, shows  # noqa: E402
from vb_renew.resources import resource_path  # noqa: E402

DEFAULT_START = date(2026, 4, 1)  # the pinned world's first day (any day of the world's days would do)
DEFAULT_SEED = 20261126  # the scenarios' own seed
STEP_TIMEOUT = 30.0  # seconds a step waits for its screen (generous: a busy CI machine)


class MemoryCredentials(CredentialStore):
    """The walk's saved logins, in memory: the user's keyring is neither read nor changed."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self._secrets.get(name)

    def set(self, name: str, secret: str) -> None:
        self._secrets[name] = secret

    def delete(self, name: str) -> None:
        self._secrets.pop(name, None)


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class StepFailed(Exception):
    """A step of the walk failed; the record already says which and why."""


@dataclass(frozen=True)
class World:
    scenario: str
    start: date
    seed: int


class Walk:
    """One path's run: its steps, as the driver does them, recorded into a :class:`report.Walkthrough`.

    A path opens each step with ``with walk.step("s5"):``, acts inside it (:meth:`click`, :meth:`type`,
    :meth:`sim`...), and the step ends once the window shows that screen (and ``until`` holds).
    """

    def __init__(self, driver: Driver, world: World, record: report.Walkthrough) -> None:
        self.driver = driver
        self.world = world
        self.record = record
        self.window: Any = None
        self.controller: Any = None
        self._actions: list[str] = []
        self._backend_error: BaseException | None = None
        self._expiries_before: dict[str, tuple[str, str]] = {}

    # -- the steps -------------------------------------------------------------------------------------

    @contextmanager
    def step(self, expected: str | tuple[str, ...], until: Callable[[], bool] = lambda: True) -> Iterator[None]:
        number = len(self.record.steps) + 1
        self._actions = []
        started = time.monotonic()
        expected = (expected,) if isinstance(expected, str) else expected
        try:
            yield
            self._reach(expected, until)
            key, widget = screen_of(self.window, self.controller)
            name = f"{number:02d}-{key}"
            step = report.Step(number, list(self._actions), SCREENS[key], f"{report.SCREENS_DIR}/{name}.png",
                               shows(key, widget), self._now(), 0.0)
            self.driver.shot(widget, name, SCREENS[key])  # last: a picture is always of a step recorded
        except Exception as error:
            self.fail(error)
            raise StepFailed(str(error)) from error
        step.seconds = round(time.monotonic() - started, 2)
        self.record.steps.append(step)
        self._actions = []

    def _reach(self, expected: tuple[str, ...], until: Callable[[], bool]) -> None:
        try:
            self.driver.wait(lambda: screen_of(self.window, self.controller)[0] in expected and until(),
                             timeout=STEP_TIMEOUT)
        except TimeoutError:
            shown = screen_of(self.window, self.controller)[0]
            wanted = " or ".join(SCREENS[key] for key in expected)
            state = " (not in the state the step waits for)" if shown in expected else f", not {wanted}"
            raise TimeoutError(f"after {STEP_TIMEOUT:.0f} s the window shows {SCREENS[shown]}{state}") from None

    def fail(self, error: BaseException) -> None:
        """The step under way (the next one, between steps) failed: the record says why, with a picture."""
        number = len(self.record.steps) + 1
        screen, picture = "(no window yet)", None
        if self.window is not None:
            key, widget = screen_of(self.window, self.controller)
            screen, picture = SCREENS[key], f"{report.SCREENS_DIR}/{number:02d}-failed.png"
            widget.grab().save(str(self.driver.out / f"{number:02d}-failed.png"))
        self.record.failure = report.Failure(number, list(self._actions), describe(error), screen, picture)

    def _now(self) -> str:
        client = sim_client(self.controller)
        try:
            return client.sim_clock().now.strftime("%Y-%m-%d %H:%M")
        finally:
            client.close()

    # -- acting -----------------------------------------------------------------------------------------

    def note(self, text: str) -> None:
        self._actions.append(text)

    def boot(self) -> None:
        """The app on its own embedded backend, in the pinned world, showing the licence."""
        world = self.world
        self.note(f"start the app (embedded backend; scenario {world.scenario}, start {world.start.isoformat()}, "
                  f"seed {world.seed}, clock stopped)")
        self.window, self.controller = self.driver.boot(world.scenario, connect=False)
        self.controller.start()
        self.driver.wait(lambda: self.controller.view is not None or self._backend_error is not None,
                         timeout=STEP_TIMEOUT * 2)
        if self._backend_error is not None:
            raise RuntimeError(f"the backend did not load the world: {describe(self._backend_error)}")
        self._expiries_before = self.expiries()

    def start_backend(self, start_embedded: Callable) -> Callable:
        """The driver's backend start: the embedded one, then the pinned world loaded over its default one."""
        def start(options: Any) -> Any:
            server = start_embedded(options)  # a failure here is the app's to retry, as in the product
            try:
                load_pinned_world(server, self.world.scenario, self.world.start, self.world.seed,
                                  seconds_per_day=None, customer_pays=False)  # the path pays, by the API
            except Exception as error:
                self._backend_error = error  # not worth a retry: the walk stops here
                server.stop()
                raise
            return server
        return start

    @staticmethod
    def label(widget: QWidget) -> str:
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        return " ".join((text or widget.accessibleName() or widget.objectName()).split())

    def click(self, widget: QWidget) -> None:
        verb = "choose" if isinstance(widget, QRadioButton) else "tick" if isinstance(widget, QCheckBox) else "click"
        self.note(f"{verb} 「{self.label(widget)}」 ({widget.objectName()})")
        if not widget.isVisible():
            raise RuntimeError(f"「{self.label(widget)}」 ({widget.objectName()}) is not on screen")
        self.driver.reveal(widget)
        self.driver.click(widget, on_box=isinstance(widget, QCheckBox))

    def type(self, widget: QWidget, text: str) -> None:
        """Type ``text`` into an empty field (what was there is cleared first)."""
        hidden = isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal
        shown = f"{len(text)} characters, not shown" if hidden else f"「{text}」"
        self.note(f"type {shown} into 「{widget.accessibleName()}」 ({widget.objectName()})")
        widget.clear()
        self.driver.type(widget, text)

    def find(self, cls: type, object_name: str, root: QWidget | None = None) -> Any:
        return self.driver.find(root or self.window, cls, object_name)

    def sim(self, text: str, call: Callable[[Any], Any], outcome: Callable[[Any], str] | None = None) -> Any:
        """Ask the simulation API (``call(client)``); ``text`` says what for the report, ``outcome(answer)`` after
        an arrow what came of it."""
        self.note(f"simulation API: {text}")
        client = sim_client(self.controller)
        try:
            answer = call(client)
        finally:
            client.close()
        if outcome is not None:
            self._actions[-1] += f" → {outcome(answer)}"
        return answer

    def today(self) -> date:
        """The simulated day (read, not recorded: reading moves nothing)."""
        client = sim_client(self.controller)
        try:
            return client.sim_clock().today
        finally:
            client.close()

    # -- what the backend says ------------------------------------------------------------------------------

    def expiries(self) -> dict[str, tuple[str, str]]:
        """Every licence the installed product sees: serial -> (product, expiry)."""
        client = self.controller.client()
        try:
            return {lic.serial: (lic.product_name, lic.expiry.isoformat()) for lic in client.licences()}
        finally:
            client.close()

    def finish(self) -> None:
        """The mails sent and each licence's expiry, into the record (whatever happened before)."""
        if self.controller is None or self.controller.session is None:
            return
        import requests

        from vb_renew.core.api import API
        from vb_renew.core.data import Mail

        session = self.controller.session
        answer = requests.get(f"{session.base_url}{API}/sim/outbox", headers={"X-Sim-Token": session.sim_token},
                              timeout=10)
        answer.raise_for_status()
        mails = sorted((Mail.from_json(raw) for raw in answer.json()["mails"]), key=lambda mail: mail.id)
        self.record.mails = [report.Mail(m.sent_at.strftime("%Y-%m-%d %H:%M"), m.to, m.subject, m.body)
                             for m in mails]
        after = self.expiries()
        self.record.expiries = [
            report.Expiry(serial, (after.get(serial) or before)[0], before[1], (after.get(serial) or before)[1])
            for serial, before in sorted(self._expiries_before.items())]


# -- running ------------------------------------------------------------------------------------------------


def scenario_names() -> list[str]:
    return sorted(p.stem for p in resource_path("scenarios").glob("*.json"))


def run_path(path: str, world: World, out: Path, start_embedded: Callable) -> report.Walkthrough:
    """Walk ``path`` in ``world``, writing the pictures and reports to ``out``; the record."""
    screens = out / report.SCREENS_DIR
    screens.mkdir(parents=True, exist_ok=True)
    for old in screens.glob("*.png"):  # a picture of an earlier run would be listed by no step
        old.unlink()
    script = PATHS[path]
    record = report.Walkthrough(path, script.title, world.scenario, world.start.isoformat(), world.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="vb-renew-walkthrough-") as work:
        driver = Driver(screens, Path(work), start_embedded, credentials=MemoryCredentials())
        walk = Walk(driver, world, record)
        driver.start_backend = walk.start_backend(start_embedded)
        try:
            script.walk(walk)
        except StepFailed:
            pass
        except Exception as error:  # noqa: BLE001 (between steps: the path's script itself; reported the same)
            walk.fail(error)
        finally:
            try:
                walk.finish()
            except Exception as error:  # noqa: BLE001 (the report says so; the walk's own result stands)
                record.mails = [report.Mail("-", "-", "(the mails could not be read)", f"{error}")]
            driver.close()  # the window goes, with its dialogs: the next path's window is the only one
    record.seconds = round(time.monotonic() - started, 2)
    report.write_reports(record, out)
    return record


def parser(prog: str | None = None, argv: list[str] | None = None) -> HelpParser:
    """The command line (``argv``: the one it will read, for its language: :mod:`vb_renew.cli_help`)."""
    parse = HelpParser(sys.argv[1:] if argv is None else argv, prog=prog or "python -m vb_renew.qa.walkthrough")
    tr = parse.tr
    parse.description = tr(QT_TRANSLATE_NOOP("Cli", "ウォークスルーの記録: アプリの決まった道筋をたどり、画面ごとの画像と"
                                                    "報告書を作ります。"))
    parse.add_argument("--path", default=DEFAULT_PATH, choices=[*PATHS, "all"], metavar="NAME",
                       help=tr(QT_TRANSLATE_NOOP("Cli", "たどる道筋（--list で一覧。既定: {default}）。all: すべての道筋を、"
                                                        "それぞれ --out の下の別のフォルダーに"), default=DEFAULT_PATH))
    parse.add_argument("--scenario", choices=scenario_names(), metavar="NAME", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "ワールド: resources/scenarios/ のシナリオ（既定: 道筋のもの）")))
    parse.add_argument("--out", type=Path, metavar="DIR",
                       help=tr(QT_TRANSLATE_NOOP("Cli", "画像と報告書を置くフォルダー")))
    parse.add_argument("--start", type=date.fromisoformat, default=DEFAULT_START, metavar="YYYY-MM-DD",
                       help=tr(QT_TRANSLATE_NOOP("Cli", "ワールドが始まるシミュレーション上の日（既定: {default}）"),
                               default=DEFAULT_START.isoformat()))
    parse.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="N",
                       help=tr(QT_TRANSLATE_NOOP("Cli", "ワールドの乱数の種（既定: {default}）"), default=DEFAULT_SEED))
    parse.add_argument("--list", action="store_true",
                       help=tr(QT_TRANSLATE_NOOP("Cli", "決まった道筋を一覧にして終了します")))
    parse.add_argument("--check", type=Path, nargs="+", metavar="DIR", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "それぞれの報告書が、すべての画面をその画像とともに挙げているかを確かめて終了します")))
    return parse


OUT_REQUIRED = QT_TRANSLATE_NOOP("Cli", "--out が必要です")
ONE_PATH_SCENARIO = QT_TRANSLATE_NOOP("Cli", "--scenario は1つの道筋と一緒に指定します。all とは一緒にできません"
                                             "（道筋ごとにそれぞれのワールドをたどります）")


def main(argv: list[str] | None = None, start_embedded: Callable | None = None, prog: str | None = None) -> int:
    """``vb-renew walkthrough``: 0 when every path walked went through, 1 when a step failed."""
    argv = sys.argv[1:] if argv is None else argv
    parse = parser(prog, argv)
    args = parse.parse_args(argv)
    if args.list:
        for name, script in PATHS.items():
            default = " (default)" if name == DEFAULT_PATH else ""
            print(f"{name}{default}: {script.title} [scenario {script.scenario}]")
        return 0
    if args.check:
        problems = [problem for folder in args.check for problem in report.check(folder)]
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if args.out is None:
        parse.error(parse.tr(OUT_REQUIRED))
    if args.path == "all" and args.scenario:
        parse.error(parse.tr(ONE_PATH_SCENARIO))
    if start_embedded is None:
        parse.error("walking a path needs the app's embedded backend: run it as vb-renew walkthrough "
                    "(python -m vb_renew walkthrough)")
    from vb_renew.core import api
    from vb_renew.ui.app import application, install_translators

    app = application([prog or "vb-renew walkthrough"])

    language = args.lang or "ja"  # the app in Japanese unless asked: the same record on any machine's locale
    install_translators(app, language)
    api.use_language(language)
    names = list(PATHS) if args.path == "all" else [args.path]
    failed = 0
    for name in names:
        world = World(args.scenario or PATHS[name].scenario, args.start, args.seed)
        out = args.out / name if args.path == "all" else args.out
        record = run_path(name, world, out, start_embedded)
        result = "passed" if record.passed else f"FAILED at step {record.failure.number}: {record.failure.reason}"
        print(f"{name}: {result} ({len(record.steps)} screens) -> {out / report.HTML_NAME}")
        failed += not record.passed
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
