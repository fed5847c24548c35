"""The backend inside the desktop app: uvicorn in a background thread on 127.0.0.1, ephemeral port.

Usage (off the UI thread for ``wait_ready``)::

    server = EmbeddedServer(paths.get().database)      # sim_token generated unless given
    server.start()                                     # returns at once; the window shows meanwhile
    server.wait_ready(10)                              # True once /health answers
    client = ApiClient(server.url, sim_token=server.sim_token)
    server.installation()                              # {"serial", "installation_secret"} of "this PC"
    server.load_world(worlds.read_world_file(path))    # --reset --world FILE: a world document (docs/worlds.md)
    ...
    server.stop()                                      # on quit: clean shutdown, thread joined

We bind the listening socket ourselves (port 0) so the port is known before uvicorn
starts, and hand it to uvicorn with ``sockets=``. A database it must not use (damaged, from a newer version,
read-only, in a folder it cannot write) stops the start: ``wait_ready`` answers False at once and
:attr:`EmbeddedServer.startup_error` says why, with the file untouched.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import socket
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from vb_renew.server import worlds
from vb_renew.server.app import UNSET, create_app
from vb_renew.server.scenarios import DEFAULT_SCENARIO
from vb_renew.server.serving import GracefulServer, bind
from vb_renew.server.startup_error import StartupError

log = logging.getLogger("vb_renew.server")


class EmbeddedServer:
    """One backend on loopback for this process; QA mode on, protected by :attr:`sim_token`."""

    def __init__(self, db_path: str | Path, sim_token: str | None = None, *, scenario: str = DEFAULT_SCENARIO,
                 seed: int | None = None, seconds_per_day: Any = UNSET, qa_mode: bool = True,
                 host: str = "127.0.0.1", **app_options: Any) -> None:
        self.db_path = Path(db_path)
        self.sim_token = sim_token or secrets.token_urlsafe(24)
        self.host = host
        self._app_args = dict(qa_mode=qa_mode, sim_token=self.sim_token, scenario=scenario, seed=seed,
                              seconds_per_day=seconds_per_day, **app_options)
        self.app = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._failed: BaseException | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (known as soon as :meth:`start` returns)."""
        if self.port is None:
            raise RuntimeError("the embedded server is not started")
        return f"http://{self.host}:{self.port}"

    def start(self) -> EmbeddedServer:
        """Bind (a :class:`StartupError` if it cannot), then serve in a daemon thread; the database is opened (and
        seeded) in that thread."""
        if self._thread is not None:
            return self
        sock = bind(self.host, 0, 128)
        self._socket = sock
        self.port = sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name="vb-renew-server", daemon=True)
        self._thread.start()
        return self

    def _serve(self) -> None:
        try:
            self.app = create_app(self.db_path, **self._app_args)
            # log_config=None: the host process owns logging (vb_renew.logs). uvicorn's default config
            # writes to stderr, which a windowed build does not have: the backend would never start.
            # http="h11": one client (the app); the pure-Python parser keeps httptools out of the bundle.
            config = uvicorn.Config(self.app, log_config=None, log_level="warning", access_log=False,
                                    lifespan="on", timeout_graceful_shutdown=1, http="h11")
            app = self.app
            self._server = GracefulServer(config, lambda: worlds.release_all(app))
            asyncio.run(self._server.serve(sockets=[self._socket]))
        except StartupError as exc:  # the file is as it was; startup_error tells the app why
            self._failed = exc
            log.warning("embedded server cannot start: %s", exc)
        except BaseException as exc:  # noqa: BLE001 (reported through wait_ready)
            self._failed = exc
            log.exception("embedded server failed")

    @property
    def startup_error(self) -> StartupError | None:
        """Why the start failed when waiting will not help (a database it must not use); None otherwise."""
        return self._failed if isinstance(self._failed, StartupError) else None

    @property
    def started(self) -> bool:
        return bool(self._server is not None and self._server.started)

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """Block (not on the UI thread) until the server accepts requests; False on timeout or failure."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._failed is not None or (self._thread is not None and not self._thread.is_alive()):
                return False
            if self.started:
                log.info("embedded backend listening on %s", self.url)
                return True
            time.sleep(0.01)
        return False

    def installation(self) -> dict[str, str] | None:
        """The serial and installation secret of the product installed on "this PC" (after wait_ready)."""
        if self.app is None:
            return None
        return self.app.state.service.installation()

    def load_world(self, document: Any, **options: Any) -> dict[str, Any]:
        """Wipe the world and load ``document`` (a validated world, after wait_ready), as ``PUT /sim/world`` does
        (``options``: seed, seconds_per_day, customer_pays)."""
        if self.app is None:
            raise RuntimeError("the embedded server is not started")
        loaded = self.app.state.service.load_world(document, **options)
        self.app.state.faults.clear()
        return loaded

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask uvicorn to finish (open long polls are cut after 1 s of grace), join the thread, close the database.

        False if the thread did not end within ``timeout``: the database is then left open under it (closed under a
        server still running, its scheduled events would fail) and ends with the process; the log says so.
        """
        server, thread = self._server, self._thread
        if server is not None:
            server.request_exit()
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("embedded backend did not stop within %.0f s; its database is left open", timeout)
                return False
        if self.app is not None:
            worlds.close(self.app)
        if self._socket is not None:
            self._socket.close()
        if thread is not None:
            log.info("embedded backend stopped")
        self._thread = None
        self._server = None
        return True

    def __enter__(self) -> EmbeddedServer:
        self.start()
        if not self.wait_ready():
            self.stop()
            if self.startup_error is not None:
                raise self.startup_error
            raise RuntimeError(f"embedded server did not start: {self._failed!r}")
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
