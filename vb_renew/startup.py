"""The composition root: what ``vb-renew`` builds when it starts, and who gets it.

:func:`main` reads the command line, then either runs the self-test (which gets the embedded backend's
factory from here), or the QA walkthrough (``vb-renew walkthrough``, which gets :func:`start_embedded`), or starts
the app: the folders (``--basedir``), the display language (:func:`display_language`: ``--lang``, the saved
choice, the locale), Qt and the main window first in that language (``ui.app.run``), and only after the window's
first paint, in :func:`connect`, the log file, the credential store, the backend (:func:`product_backend`: the
``--server`` URL, or the embedded one :func:`start_embedded` starts, asked to answer in the same language) and
the poll policy, handed to the main window's :class:`~vb_renew.ui.controller.AppController`, and the 「言語」
menu. The
QA tooling and the tests take :func:`product_backend` and :func:`start_embedded` from here too.

The one module that imports both the UI and the server. First paint first: at module level it imports only the
standard library and the command line's help (:mod:`vb_renew.cli_help`, which reads a translation only for English);
Qt, the controller, requests, keyring and the backend are imported inside the functions that
run after the first paint (or in the self-test).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vb_renew import __version__
from vb_renew.cli_help import EXPIRED_BASE_HELP, HelpParser
from vb_renew.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from vb_renew.core.backend import Options, ProductBackend
    from vb_renew.core.datafiles import DataFileError
    from vb_renew.server.embedded import EmbeddedServer
    from vb_renew.server.startup_error import StartupError
    from vb_renew.ui.language_settings import LanguageSettings

STARTUP_TIMEOUT_S = 20
EMBEDDED = QT_TRANSLATE_NOOP("Cli", "{what}（組み込みのバックエンド）")  # an option only the embedded backend reads


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line; its help in the language of ``--lang`` or the system's (:mod:`vb_renew.cli_help`).
    ``lang``: None when the command line did not choose (the app then follows the system)."""
    parser = HelpParser(argv, prog="vb-renew")
    tr = parser.tr
    parser.description = tr(QT_TRANSLATE_NOOP("Cli", "ウイルスバスター 契約更新シミュレーター"))
    parser.epilog = tr(QT_TRANSLATE_NOOP("Cli", "QA: vb-renew walkthrough --help（アプリの決まった道筋をたどり、"
                                                "画面ごとの画像と報告書を作ります）"))
    parser.add_argument("--basedir", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "すべてのファイル（データベース、設定、キャッシュ）をこのフォルダーの下に置きます")))
    parser.add_argument("--server", metavar="URL", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "組み込みのバックエンドを起動せずに、この URL のバックエンドを使います")))
    parser.add_argument("--sim-token", help=tr(QT_TRANSLATE_NOOP("Cli", "--server のシミュレーション用トークン（QA モード）")))
    parser.add_argument("--scenario", help=tr(QT_TRANSLATE_NOOP("Cli", "新しい組み込みデータベースを始めるシナリオ")))
    parser.add_argument("--world", metavar="FILE", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "シナリオの代わりに新しい組み込みデータベースを始めるワールド文書（docs/worlds.md）。--reset と一緒なら、"
               "データベースにワールドがあっても読み込みます")))
    parser.add_argument("--reset", action="store_true", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "データベースにワールドがあっても、シナリオ（指定がなければ既定のシナリオ）を読み込み直します")))
    parser.add_argument("--seconds-per-day", type=float, help=tr(QT_TRANSLATE_NOOP(
        "Cli", "シミュレーションの1日に当たる実時間の秒数（組み込みのバックエンド）")))
    parser.add_argument("--expired-base", choices=["confirmation_date", "old_expiry"],
                        help=tr(EMBEDDED, what=tr(EXPIRED_BASE_HELP)))
    parser.add_argument("--customer-pays", action="store_true", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "シナリオの模擬のお客さまが、届いた振込用紙をシナリオのとおりに自分で支払います（組み込みのバックエンド。"
               "既定では振込用紙の画面の支払いボタンでだけ支払います）")))
    parser.add_argument("--qa", action="store_true", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "起動したときに QA パネル（時計、支払い、障害、メール、ワールド、API ログ）を開きます。"
               "QA メニューや Ctrl+Shift+Q でも開けます")))
    parser.add_argument("--self-test", action="store_true", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "このインストールを確かめます（画面には出さず、一時フォルダーで）。確かめたことを1行ずつ表示し、"
               "すべて合格したときだけ終了コード 0 で終わります")))
    parser.add_argument("--self-test-log", metavar="FILE", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "セルフテストの行を FILE にも書きます（Windows のウィンドウアプリには標準出力がありません）")))
    parser.add_argument("--self-test-timeout", metavar="SECONDS", type=float, default=120.0, help=tr(QT_TRANSLATE_NOOP(
        "Cli", "セルフテストがこれより長くかかったら失敗にします（既定: 120）")))
    parser.add_version(f"vb-renew {__version__}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["walkthrough"]:  # QA's walkthrough recorder: its own options; imported only when asked
        try:
            from vb_renew.qa.walkthrough import main as walkthrough
        except ModuleNotFoundError as error:  # the packaged app leaves the QA tooling out (build.spec)
            if not (error.name or "").startswith("vb_renew.qa"):
                raise
            print("vb-renew walkthrough: QA tooling, not part of this build; run it from a checkout", file=sys.stderr)
            return 2
        return walkthrough(argv[1:], start_embedded, prog="vb-renew walkthrough")
    args = parse_args(argv)
    if args.world and not args.self_test:
        refusal = world_refusal(args)
        if refusal:  # before any window: the file and each problem, as a command-line error
            print(f"vb-renew: {refusal}", file=sys.stderr)
            return 2
    # Qt first, for the app and the self-test alike: a Qt that cannot load is a crash, which the guard records.
    from vb_renew.ui.app import run

    if args.self_test:
        # Before any window: the self-test makes its own, offscreen, on a backend it builds with ours.
        from vb_renew.selftest import run_self_test

        return run_self_test(args, embedded_server)
    if args.basedir:
        from vb_renew import paths

        paths.configure(args.basedir)  # otherwise resolved on first use, after the first paint
    language, settings = display_language(args)
    return run(lambda app, window: connect(args, app, window, language, settings), language)


def display_language(args: argparse.Namespace) -> tuple[str, LanguageSettings]:
    """The UI's language (``--lang``, else the one saved from the 「言語」 menu, else the system locale's:
    :func:`vb_renew.core.language.choose`), and where the menu keeps its choice (under ``--basedir`` or
    ``VB_RENEW_BASEDIR`` when given, else the user's settings)."""
    from vb_renew import BASEDIR_ENV  # not vb_renew.paths: before the first paint
    from vb_renew.core.language import choose
    from vb_renew.translations import system_language
    from vb_renew.ui.language_settings import LanguageSettings

    settings = LanguageSettings(args.basedir or os.environ.get(BASEDIR_ENV))
    return choose(args.lang, settings.saved(), system_language()), settings


def connect(args: argparse.Namespace, app: Any, window: Any, language: str | None = None,
            settings: LanguageSettings | None = None) -> None:
    """After the first paint: the log file, the credential store, the backend, the controller that joins them,
    the 「言語」 menu; the backend is asked for answers in the UI's ``language`` (None: the one the UI was started
    in)."""
    from vb_renew import logs, paths
    from vb_renew.core import api
    from vb_renew.core.backend import Options
    from vb_renew.core.credentials import CredentialStore
    from vb_renew.core.poller import PollPolicy
    from vb_renew.ui import formats
    from vb_renew.ui.controller import AppController
    from vb_renew.ui.language_menu import LanguageMenu

    language = language or formats.language()
    logs.configure(paths.get().log)  # the file opens at the first record, not here
    api.use_language(language)  # before the first client: every request says Accept-Language
    options = Options(args.server, args.sim_token, args.scenario, args.seconds_per_day, args.reset, args.expired_base,
                      customer_pays=args.customer_pays, world=args.world)
    controller = AppController(window, product_backend(options), window, policy=PollPolicy(),
                               credentials=CredentialStore())
    app.aboutToQuit.connect(controller.shutdown)
    from vb_renew.ui.collector import collect_on_ui_thread

    controller.connection.connected.connect(collect_on_ui_thread(app).settle)  # what start-up made lives to the end
    window.controller = controller
    window.language_menu = LanguageMenu(window, language, settings or display_language(args)[1], parent=window)
    if getattr(args, "qa", False):
        controller.qa.show_panel()
    controller.start()


def world_refusal(args: argparse.Namespace) -> str | None:
    """Why ``--world FILE`` cannot be used (None if it can): with ``--server``, or a file the backend refuses."""
    if args.server:
        return "--world is for the embedded backend; load a world into a server with PUT /api/v1/sim/world"
    from vb_renew.server.service.world import WorldFileError
    from vb_renew.server.worlds import read_world_file

    try:
        read_world_file(args.world)
    except WorldFileError as error:
        return str(error)
    return None


def product_backend(options: Options) -> ProductBackend:
    """Where the installed product signs in: ``options.server_url``, else the embedded backend, which its
    ``open()`` starts on a worker with :func:`start_embedded` (``session.client`` is then the API client factory)."""
    from vb_renew.core.backend import ProductBackend

    return ProductBackend(options, start_embedded)


def embedded_server(database: Path, sim_token: str | None = None, **settings: Any) -> EmbeddedServer:
    """The backend in this process, not started yet (``settings``: see ``EmbeddedServer``)."""
    from vb_renew.server.embedded import EmbeddedServer

    return EmbeddedServer(database, sim_token, **settings)


def start_embedded(options: Options) -> EmbeddedServer:
    """Worker thread: the backend in this process, on loopback, its database in the data folder.

    The ``start`` of :func:`product_backend` when no ``--server`` is given. ``--reset`` loads the scenario (the
    backend's default one when none is named) even into a database that already has a world, once the backend
    is up; ``options.world`` (``--world FILE``) is a world document that does the scenario's part, checked whole
    (the app's start refuses a file it cannot use). The simulated customer never pays a slip on their own (the user presses the slip's pay buttons), unless
    ``options.customer_pays`` keeps the scenario's behaviour (``--customer-pays``). A database the backend refuses (damaged, newer, read-only...) is a ``DataFileError``: the UI says
    which file and offers a fresh start instead of retrying; anything else is an ``EmbeddedStartError`` (retried).
    """
    from vb_renew import paths
    from vb_renew.core.backend import EmbeddedStartError
    from vb_renew.core.datafiles import DataFileError, DataFileProblem
    from vb_renew.server.startup_error import DATABASE_PROBLEMS, StartupError

    settings: dict[str, Any] = {}
    if options.scenario:
        settings["scenario"] = options.scenario
    if options.seconds_per_day is not None:
        settings["seconds_per_day"] = options.seconds_per_day
    if options.expired_base:
        settings["expired_base"] = options.expired_base
    world = None
    if options.world:
        from vb_renew.server.service.world import WorldFileError
        from vb_renew.server.worlds import read_world_file

        try:
            world = settings["world"] = read_world_file(options.world)
        except WorldFileError as error:  # checked at start; changed since
            raise EmbeddedStartError(str(error)) from error
    if not options.customer_pays:
        from vb_renew.server.service.settings import load_defaults

        settings["customer_pays"] = str(load_defaults().app_customer_pays)
    try:
        folders = paths.get().ensure()
    except OSError as error:
        raise DataFileError(DataFileProblem.FOLDER_NOT_WRITABLE, error.filename or paths.get().data,
                            str(error)) from error
    server = embedded_server(folders.database, options.sim_token, **settings)
    try:
        server.start()
    except StartupError as error:  # no loopback port for now: worth another try
        raise EmbeddedStartError(str(error)) from error
    if not server.wait_ready(STARTUP_TIMEOUT_S):
        server.stop()
        refused = server.startup_error
        if refused is not None and refused.kind in DATABASE_PROBLEMS:
            raise data_file_error(refused) from refused
        raise EmbeddedStartError()
    if options.reset and world is not None:  # the world file, into a database that may hold another world
        again: dict[str, Any] = {} if options.seconds_per_day is None else {"seconds_per_day": options.seconds_per_day}
        if "customer_pays" in settings:  # the new world too: only the slip's pay buttons pay
            again["customer_pays"] = settings["customer_pays"] == "auto"
        server.load_world(world, **again)
    elif options.reset:
        from vb_renew.core.api import ApiClient
        from vb_renew.server.scenarios import DEFAULT_SCENARIO

        client = ApiClient(server.url, sim_token=server.sim_token)
        try:
            extra: dict[str, Any] = {} if options.seconds_per_day is None else {
                "seconds_per_day": options.seconds_per_day}
            if "customer_pays" in settings:  # the new world too: only the slip's pay buttons pay
                extra["customer_pays"] = settings["customer_pays"] == "auto"
            client.sim_load_scenario(options.scenario or DEFAULT_SCENARIO, **extra)
        finally:
            client.close()
    return server


def data_file_error(refused: StartupError) -> DataFileError:
    """The backend's refusal of its database, as the client core's error (the UI does not know the server)."""
    from vb_renew.core.datafiles import DataFileError

    return DataFileError(refused.kind.value, refused.path or "", refused.message)
