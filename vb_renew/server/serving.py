"""The listening socket, bound before anything else happens; uvicorn, stopping gracefully with long polls held open."""

from __future__ import annotations

import asyncio
import errno
import gc
import os
import socket
from collections.abc import Callable

import uvicorn

from vb_renew.server.startup_error import StartupError, StartupProblem

ADDRESS_IN_USE = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}


def bind(host: str, port: int, backlog: int = 128) -> socket.socket:
    """A listening, non-blocking TCP socket on ``host``:``port`` (0: a free port); a :class:`StartupError` if not.

    The servers bind first, before the database is opened: a port in use leaves every file as it was.
    """
    address = host.strip("[]")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    # proto IPPROTO_TCP: asyncio sets TCP_NODELAY only on such sockets; without it every answer waited ~40 ms
    # (Nagle against the client's delayed ACK: uvicorn writes the headers and the body separately).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if os.name == "posix":  # a restart binds at once, though the last run's connections linger in TIME_WAIT
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        elif hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: SO_REUSEADDR there would share a port in use
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        sock.bind((address, port))
        sock.listen(backlog)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise _bind_error(host, port, exc) from exc
    return sock


def _bind_error(host: str, port: int, exc: OSError) -> StartupError:
    shown = f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"
    if exc.errno in ADDRESS_IN_USE:
        return StartupError(StartupProblem.PORT_IN_USE, None,
                            f"port {port} is already in use on {host}; stop the program using it "
                            "or pass another --port (0 picks a free one)")
    return StartupError(StartupProblem.CANNOT_LISTEN, None,
                        f"cannot listen on {shown}: {exc.strerror or exc}; pass another --host or --port")


# The collector's thresholds for a shared server (Python's default: 700, 10, 10). Thousands of held long polls are
# hundreds of thousands of live objects; at the default, one change's answers and the polls that follow set off
# several full collections of 0.1-0.3 s each that find nothing to free (2,000 clients: the change's p99 went from
# ~0.2 s to ~0.5 s). Their objects are freed by reference counting; cycles wait longer. Measured with
# benchmarks/longpoll.py at 2,000 clients: (50_000, 10, 10) still let 0.2 s second-generation passes through.
SERVER_GC_THRESHOLDS = (20_000, 50, 1000)


def tune_collector() -> None:
    """For a long-running standalone server, once it is set up: what exists now (modules, the app, the world) is
    moved out of the collector's sight, and it runs far less often, automatically, on any thread (there is no Qt in
    its process; the app's embedded server is collected by the UI thread instead: ``ui.collector``)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVER_GC_THRESHOLDS)
    gc.enable()


class GracefulServer(uvicorn.Server):
    """When shutdown begins, ``on_shutdown`` runs first so that held long polls answer at once.

    Otherwise uvicorn waits out its graceful timeout and then cancels them: the
    client sees a dropped connection and the log an error, on every quit.
    """

    def __init__(self, config: uvicorn.Config, on_shutdown: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_shutdown = on_shutdown
        self._loop: asyncio.AbstractEventLoop | None = None
        self._exit_asked: asyncio.Event | None = None

    def request_exit(self) -> None:
        """From any thread: begin the shutdown now (uvicorn alone notices ``should_exit`` at its next 0.1 s tick)."""
        self.should_exit = True
        loop, asked = self._loop, self._exit_asked
        if loop is not None and asked is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(asked.set)
            except RuntimeError:  # the loop closed meanwhile: the server is already gone
                pass

    async def main_loop(self) -> None:
        self._loop, self._exit_asked = asyncio.get_running_loop(), asyncio.Event()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:  # uvicorn's ticks (the Date header, once a second), or at once when asked to exit
            counter = (counter + 1) % 864000
            try:
                await asyncio.wait_for(self._exit_asked.wait(), 0.1)
            except TimeoutError:
                pass
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn's shutdown, but for its fixed 0.1 s pause (here: a check every 10 ms until the connections and
        their tasks are done), once the held long polls were told to answer."""
        self._on_shutdown()
        for server in self.servers:  # stop accepting connections
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):  # idle ones close now, busy ones after answering
            connection.shutdown()
        try:
            await asyncio.wait_for(self._finished(), timeout=self.config.timeout_graceful_shutdown)
        except TimeoutError:
            for task in self.server_state.tasks:
                task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
        if not self.force_exit:
            await self.lifespan.shutdown()

    async def _finished(self) -> None:
        while (self.server_state.connections or self.server_state.tasks) and not self.force_exit:
            await asyncio.sleep(0.01)
        for server in self.servers:
            await server.wait_closed()
