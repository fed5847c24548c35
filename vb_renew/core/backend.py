"""The backend the installed product signs in to, as the start-up module hands it to the UI. No Qt.

:class:`Options` is what the command line says about the backend: a ``--server`` URL and its simulation token,
or how the embedded one starts (scenario, simulated day, ``--reset``, expired base, whether the scenario's simulated
customer pays slips on their own). :class:`ProductBackend`
opens the product's session on it: on a worker it starts the embedded backend when no ``--server`` is given,
through the ``start`` the start-up module hands in (the client core imports nothing of the server), then signs
in as the installed product (:func:`~vb_renew.core.session.sign_in_installed_product`). The
:class:`~vb_renew.core.session.ProductSession` it returns is the API client factory (``session.client``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vb_renew.core.session import ProductSession


class EmbeddedStartError(RuntimeError):
    """The embedded backend did not come up in time (raised by a ``start``): worth another try."""


class BackendClosed(RuntimeError):
    """:meth:`ProductBackend.close` came first: :meth:`~ProductBackend.open` starts nothing, or stops what it started."""


@dataclass
class Options:
    server_url: str | None = None  # None: start the embedded backend (the ProductBackend's ``start``)
    sim_token: str | None = None
    scenario: str | None = None  # seeds a new database; with ``reset`` replaces the world of an existing one
    seconds_per_day: float | None = None
    reset: bool = False
    expired_base: str | None = None  # embedded backend: confirmation_date (default) or old_expiry
    customer_pays: bool = False  # embedded backend: the scenario's customer pays on their own (default: only the UI)
    world: str | None = None  # embedded backend: a world file (docs/worlds.md) instead of the scenario, as scenario


class ProductBackend:
    """Where the installed product signs in: ``options.server_url``, or the embedded backend ``start`` starts.

    :meth:`open` (worker thread) starts the embedded backend the first time it is needed: ``start(options)``
    returns it, started (an object with ``url``, ``sim_token`` and ``stop()``), or raises: an
    ``EmbeddedStartError`` when it did not come up in time (worth another try), a
    :class:`~vb_renew.core.datafiles.DataFileError` when it refused its database (not worth one). Then it signs
    in as the installed product. Called again (a retry, an expired token), it signs in again on the backend
    already started. ``options.server_url`` is read at each call. :meth:`close` stops the embedded backend, also one
    that an :meth:`open` still under way starts after it (the app quitting while it connects): that ``open`` stops it
    and raises :class:`BackendClosed`.
    """

    def __init__(self, options: Options, start: Callable[[Options], Any] | None = None) -> None:
        if options.server_url is None and start is None:
            raise ValueError("no backend: give options.server_url or a start")
        self.options = options
        self.start = start
        self.server: Any = None  # the embedded backend, once started
        self._lock = threading.Lock()  # open (a worker) and close (the UI thread, quitting) on self.server
        self._closed = False

    def open(self) -> ProductSession:
        """Worker thread: the embedded backend if it is ours and not up yet, then the product's sign-in."""
        # Imported here, on the worker: requests stays off the UI thread until the window is up.
        from vb_renew.core.session import sign_in_installed_product

        url, sim_token = self.options.server_url, self.options.sim_token
        if url is None:
            server = self._started()
            url, sim_token = server.url, server.sim_token
        return sign_in_installed_product(url, sim_token)

    def _started(self) -> Any:
        """The embedded backend: the one started before, or one started now (slow: outside the lock)."""
        with self._lock:
            if self._closed:
                raise BackendClosed("the app is quitting: no backend is started")
            if self.server is not None:
                return self.server
        assert self.start is not None
        server = self.start(self.options)
        with self._lock:
            closed = self._closed
            if not closed:
                self.server = server
        if closed:  # close() ran while it started: nobody else would ever stop it
            server.stop()
            raise BackendClosed("the app quit while the embedded backend started: stopped again")
        return server

    def close(self) -> None:
        """Stop the embedded backend, if :meth:`open` started one (after the workers that use it are done); an
        :meth:`open` still starting one stops it itself."""
        with self._lock:
            self._closed = True
            server, self.server = self.server, None
        if server is not None:
            server.stop()
