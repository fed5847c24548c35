"""``vb-renew-server``: the backend standalone, e.g. a shared QA server.

Logs ``vb-renew-server listening on http://HOST:PORT`` once it accepts requests (tests
wait for that line) and ``vb-renew-server stopped`` once it has shut down (SIGTERM or SIGINT: held long
polls answer, the database is closed) and exited with status 0.

In QA mode it is a shared server: each tester may make a world of their own (``POST /api/v1/sim/worlds``, served
under ``/w/<id>``: :mod:`vb_renew.server.worlds`). ``--world FILE`` seeds a fresh database with a world document
(docs/worlds.md) instead of ``--scenario``; a file it cannot use is named, with each problem's field, before the port
is bound.

In QA mode a simulation token it generated is shown once on stdout, never through logging (or written to
``--sim-token-file``, readable by its owner only); every log handler redacts it. QA mode on an address other
than loopback logs a warning: the simulation API is then open to the network.

The port is bound first; only then is the database opened (created, migrated, seeded) and, with ``--reset``,
the scenario loaded: a port in use leaves every file as it was. When it cannot start for a reason waiting will
not change (a port in use, a damaged database, one a newer version wrote, a read-only file or folder: see
:class:`~vb_renew.server.startup_error.StartupError`), it prints one line on stderr,
``vb-renew-server: cannot start: ...`` naming the port or the file and what to do, and exits with status
:data:`EXIT_CANNOT_START` (1 is a crash, 2 a wrong command line).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import os
import secrets
import signal
import socket
import sys
from typing import Any

import uvicorn

from vb_renew import logs, paths
from vb_renew.cli_help import EXPIRED_BASE_HELP, HelpParser
from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.server import worlds
from vb_renew.server.app import UNSET, create_app
from vb_renew.server.errors import ApiError
from vb_renew.server.scenarios import DEFAULT_SCENARIO
from vb_renew.server.service.world import WorldFileError
from vb_renew.server.serving import GracefulServer, bind, tune_collector
from vb_renew.server.startup_error import StartupError

log = logging.getLogger("vb_renew.server")

EXIT_CANNOT_START = 3


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line; its help in the language of ``--lang`` or the system's (:mod:`vb_renew.cli_help`)."""
    argv = sys.argv[1:] if argv is None else argv
    parser = HelpParser(argv, prog="vb-renew-server", description=None)
    tr = parser.tr
    parser.description = tr(QT_TRANSLATE_NOOP("Cli", "契約更新シミュレーターのバックエンド（模擬の契約更新・ライセンスサービス）です。"))
    parser.add_argument("--host", default="127.0.0.1",
                        help=tr(QT_TRANSLATE_NOOP("Cli", "待ち受けるアドレス（既定: 127.0.0.1）")))
    parser.add_argument("--port", type=int, default=8765,
                        help=tr(QT_TRANSLATE_NOOP("Cli", "待ち受けるポート（既定: 8765）。0 なら空いているポートを選びます")))
    parser.add_argument("--db", default=None,
                        help=tr(QT_TRANSLATE_NOOP("Cli", "SQLite のデータベースファイル（既定: ユーザーのデータフォルダーの中）")))
    parser.add_argument("--qa", action="store_true",
                        help=tr(QT_TRANSLATE_NOOP("Cli", "/api/v1/sim/*（シミュレーションの操作）を有効にします")))
    parser.add_argument("--sim-token", default=None, help=tr(QT_TRANSLATE_NOOP(
        "Cli", "X-Sim-Token のトークン（既定: 生成して、標準出力に一度だけ表示します）")))
    parser.add_argument("--sim-token-file", default=None, metavar="FILE", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "生成したトークンを表示せずに FILE に書きます（所有者だけが読めるファイル）")))
    seeds = parser.add_mutually_exclusive_group()
    seeds.add_argument("--scenario", default=DEFAULT_SCENARIO,
                       help=tr(QT_TRANSLATE_NOOP("Cli", "新しいデータベースに入れるシナリオ")))
    seeds.add_argument("--world", default=None, metavar="FILE", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "シナリオの代わりに新しいデータベースに入れるワールド文書（docs/worlds.md）")))
    parser.add_argument("--reset", action="store_true", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "データベースにワールドがあっても、シナリオ（または --world）を読み込み直します")))
    parser.add_argument("--seed", type=int, default=None, help=tr(QT_TRANSLATE_NOOP(
        "Cli", "シミュレーションの乱数の種（同じ種なら同じ結果になります）")))
    parser.add_argument("--seconds-per-day", type=float, default=None, help=tr(QT_TRANSLATE_NOOP(
        "Cli", "シミュレーションの1日に当たる実時間の秒数（0: 時計は止まったままです）")))
    parser.add_argument("--expired-base", choices=["confirmation_date", "old_expiry"], default="confirmation_date",
                        help=tr(EXPIRED_BASE_HELP))
    parser.add_argument("--erase-personal-data-after-days", type=float, default=None, metavar="DAYS",
                        help=tr(QT_TRANSLATE_NOOP(
                            "Cli", "お申し込みが終わってから、お客さまの情報を消すまでのシミュレーション上の日数"
                                   "（既定: resources/simulation.json の 90。負の値: 消しません）")))
    parser.add_argument("--drop-idle-worlds-after", type=float, default=None, metavar="SECONDS",
                        help=tr(QT_TRANSLATE_NOOP(
                            "Cli", "テスターのワールド（/sim/worlds）にリクエストが来ないまま、それを閉じるまでの実時間の"
                                   "秒数（既定: resources/simulation.json の 7200。負の値: 閉じません）")))
    parser.add_argument("--log-level", default="info", help=tr(QT_TRANSLATE_NOOP(
        "Cli", "ログのレベル: debug、info、warning、error（既定: info）")))
    return parser.parse_args(argv)


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def write_private(path: str, text: str) -> None:
    """Write ``text`` to ``path``, readable and writable by its owner only (on POSIX)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        if hasattr(os, "fchmod"):
            os.fchmod(file.fileno(), 0o600)  # an existing file keeps its mode otherwise
        file.write(text + "\n")


def cannot_start(error: StartupError | WorldFileError) -> int:
    """The one line that says why it cannot start and what to do (no traceback: nothing is wrong with the code)."""
    print(f"vb-renew-server: cannot start: {error}", file=sys.stderr, flush=True)
    return EXIT_CANNOT_START


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    db_path = args.db or str(paths.get().database)
    sim_token = args.sim_token or (secrets.token_urlsafe(24) if args.qa else None)
    if sim_token:
        logs.redact_everywhere(sim_token)
    if args.qa and not is_loopback(args.host):
        log.warning("QA mode on %s: the simulation API (/api/v1/sim/*: clock, payments, scenarios, faults) is "
                    "open to the network, guarded by the simulation token only", args.host)
    spd: Any = UNSET if args.seconds_per_day is None else args.seconds_per_day
    erase: Any = UNSET
    if args.erase_personal_data_after_days is not None:
        erase = None if args.erase_personal_data_after_days < 0 else args.erase_personal_data_after_days
    idle: Any = UNSET
    if args.drop_idle_worlds_after is not None:
        idle = None if args.drop_idle_worlds_after < 0 else args.drop_idle_worlds_after
    world = None
    if args.world:  # read and checked first: a file it cannot use leaves the port and the database alone
        try:
            world = worlds.read_world_file(args.world)
        except WorldFileError as error:
            return cannot_start(error)
    try:
        sock = bind(args.host, args.port, 512)  # first: a port in use must leave the database as it was
    except StartupError as error:
        return cannot_start(error)
    try:  # then the database: created, checked, migrated, seeded; with --reset, the scenario loaded
        app = create_app(db_path, qa_mode=args.qa, sim_token=sim_token, scenario=args.scenario, seed=args.seed,
                         seconds_per_day=spd, expired_base=args.expired_base, erase_personal_data_after_days=erase,
                         world=world, multi_world=args.qa, drop_idle_worlds_after=idle)
        if args.reset:
            if world is not None:
                app.state.service.load_world(world, seed=args.seed)
            else:
                app.state.service.load_scenario(args.scenario, seed=args.seed)
            if spd is not UNSET:
                app.state.clock.set(seconds_per_day=spd or None)
    except StartupError as error:
        sock.close()
        return cannot_start(error)
    except ApiError as refused:  # the world's open orders could not be written as the file says
        sock.close()
        return cannot_start(WorldFileError(args.world or args.scenario, refused.details or [refused.body()["error"]]))
    except BaseException:
        sock.close()
        raise

    host, port = sock.getsockname()[:2]
    shown_host = f"[{host}]" if sock.family == socket.AF_INET6 else host

    # http="auto": httptools (a dependency: a shared server answers many clients at once), else h11.
    config = uvicorn.Config(app, log_level=args.log_level, access_log=False, lifespan="on",
                            timeout_graceful_shutdown=2, http="auto")
    if sim_token:
        logs.redact_everywhere(sim_token)  # again: uvicorn's Config has just set up its own handlers
    server = GracefulServer(config, lambda: worlds.release_all(app))
    tune_collector()

    async def serve() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.01)
        if server.started:
            if args.qa and not args.sim_token:
                if args.sim_token_file:
                    write_private(args.sim_token_file, sim_token)
                    log.warning("simulation token (X-Sim-Token) written to %s", args.sim_token_file)
                else:  # once, on the console only: never through logging
                    print(f"simulation token (X-Sim-Token): {sim_token}", flush=True)
            log.warning("vb-renew-server listening on http://%s:%s", shown_host, port)
            print(f"vb-renew-server listening on http://{shown_host}:{port}", flush=True)
        await task

    # uvicorn re-raises the SIGTERM it handled once it has shut down; make that a clean exit (status 0).
    signal.signal(signal.SIGTERM, _exit_cleanly)
    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass
    finally:  # also after the SystemExit(0) of a SIGTERM
        worlds.close(app)
        sock.close()
        log.warning("vb-renew-server stopped")
        print("vb-renew-server stopped", flush=True)
    return 0
