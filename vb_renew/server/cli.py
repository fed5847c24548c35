"""``vb-renew-server``: the backend standalone, e.g. a shared QA server.

Logs ``vb-renew-server listening on http://HOST:PORT`` once it accepts requests (tests
wait for that line) and ``vb-renew-server stopped`` once it has shut down (SIGTERM or SIGINT: held long
polls answer, the database is closed) and exited with status 0.

In QA mode a simulation token it generated is shown once on stdout, never through logging (or written to
``--sim-token-file``, readable by its owner only); every log handler redacts it. QA mode on an address other
than loopback logs a warning: the simulation API is then open to the network.
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
from vb_renew.server.app import UNSET, create_app
from vb_renew.server.scenarios import DEFAULT_SCENARIO
from vb_renew.server.serving import GracefulServer

log = logging.getLogger("vb_renew.server")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="vb-renew-server", description="The simulated renewal backend.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--db", default=None, help="SQLite file (default: the user's data folder)")
    parser.add_argument("--qa", action="store_true", help="enable /api/v1/sim/* (simulation control)")
    parser.add_argument("--sim-token", default=None,
                        help="token for X-Sim-Token (default: generated, printed once on stdout)")
    parser.add_argument("--sim-token-file", default=None, metavar="FILE",
                        help="write the generated token to FILE (owner-only) instead of printing it")
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO, help="scenario to seed a fresh database with")
    parser.add_argument("--reset", action="store_true", help="load the scenario even if the database has a world")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--seconds-per-day", type=float, default=None,
                        help="real seconds per simulated day (0: the clock stands still)")
    parser.add_argument("--expired-base", choices=["confirmation_date", "old_expiry"], default="confirmation_date",
                        help="an expired licence's new term counts from the payment's confirmation (default) "
                             "or from its old expiry")
    parser.add_argument("--erase-personal-data-after-days", type=float, default=None, metavar="DAYS",
                        help="simulated days after an order closes before its customer details are erased "
                             "(default: resources/simulation.json, 90; negative: never)")
    parser.add_argument("--log-level", default="info")
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
    app = create_app(db_path, qa_mode=args.qa, sim_token=sim_token, scenario=args.scenario, seed=args.seed,
                     seconds_per_day=spd, expired_base=args.expired_base, erase_personal_data_after_days=erase)
    if args.reset:
        app.state.service.load_scenario(args.scenario, seed=args.seed)
        if spd is not UNSET:
            app.state.clock.set(seconds_per_day=spd or None)

    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    # proto IPPROTO_TCP: asyncio sets TCP_NODELAY only on such sockets; without it every answer waited ~40 ms
    # (Nagle against the client's delayed ACK: uvicorn writes the headers and the body separately).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(512)
    sock.setblocking(False)
    host, port = sock.getsockname()[:2]
    shown_host = f"[{host}]" if family == socket.AF_INET6 else host

    config = uvicorn.Config(app, log_level=args.log_level, access_log=False, lifespan="on",
                            timeout_graceful_shutdown=2)
    if sim_token:
        logs.redact_everywhere(sim_token)  # again: uvicorn's Config has just set up its own handlers
    server = GracefulServer(config, app.state.notifier.release_all)

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
        app.state.db.close()
        sock.close()
        log.warning("vb-renew-server stopped")
        print("vb-renew-server stopped", flush=True)
    return 0
