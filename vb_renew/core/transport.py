"""The HTTP session of one API client: its requests can be cut from another thread, and a kept-alive connection
the server closed is tried again once.

:func:`cuttable_session` makes a ``requests`` session whose connections, direct or through an HTTP(S) proxy, its
:class:`Connections` knows from before they connect: :meth:`Connections.cut_all` shuts their sockets from any thread,
and a request made after it does not connect (``ApiClient.abort``: the app's quit does not wait out a long poll
held by a remote server).
"""

from __future__ import annotations

import socket
import threading
import weakref
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ReadTimeoutError
from urllib3.poolmanager import PoolManager, ProxyManager
from urllib3.util.retry import Retry


def cuttable_session() -> tuple[requests.Session, Connections]:
    """A session, and what can cut its connections. A kept-alive connection the server closed while it sat idle
    (uvicorn: after 5 s) fails the next request with "connection reset": such a failure is retried once, for methods
    safe to repeat. POST is not among them; orders carry an Idempotency-Key and their own retries."""
    session, connections = requests.Session(), Connections()
    retry = _RetryReset(total=1, connect=1, read=1, status=0, redirect=0,
                        allowed_methods=Retry.DEFAULT_ALLOWED_METHODS, raise_on_status=False)
    retry.connections = connections
    adapter = _CuttableAdapter(connections, max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session, connections


class _RetryReset(Retry):
    """Retry a dropped connection, never a timeout: a slow server is reported as slow, and a long
    poll that ran out is not sent again. Nor a connection the client cut (``ApiClient.abort``): that is no broken
    connection to retry (urllib3 would log that it retries)."""

    connections: Connections | None = None  # the client's, set once made; kept by each new() below

    def new(self, **kwargs: Any) -> _RetryReset:
        retry = super().new(**kwargs)
        retry.connections = self.connections
        return retry

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):  # noqa: ANN001
        if isinstance(error, ReadTimeoutError) or (self.connections is not None and self.connections.cut):
            raise error
        return super().increment(method, url, response, error, _pool, _stacktrace)


class Connections:
    """The open connections of one client, so that another thread can cut them (``ApiClient.abort``). Held weakly: a
    connection knows its client's, and a client dropped with connections open is then freed by reference counting
    alone, not left for the cyclic collector (the app freezes what lives once it is up: ``ui.collector``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: weakref.WeakSet[HTTPConnection] = weakref.WeakSet()
        self.cut = False

    def opening(self, connection: HTTPConnection) -> None:
        """Before ``connection`` connects: known from now, so that a cut shuts its socket while it connects (a
        proxy's tunnel, a TLS handshake) too."""
        with self._lock:
            if self.cut:  # a request retried after the cut, or sent after it, does not connect again
                raise ConnectionAbortedError("the client was stopped")
            self._open.add(connection)

    def opened(self, connection: HTTPConnection) -> None:
        """Once ``connection`` has connected: cut before its socket existed (cut_all found none to shut), shut now."""
        with self._lock:
            cut = self.cut
        if cut:
            _shut(connection)

    def closed(self, connection: HTTPConnection) -> None:
        with self._lock:
            self._open.discard(connection)

    def cut_all(self) -> None:
        with self._lock:
            self.cut = True
            connections = list(self._open)
        for connection in connections:
            _shut(connection)


def _shut(connection: HTTPConnection) -> None:
    """Shut the connection's socket: a recv blocked on it in another thread returns at once."""
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


# urllib3's connection and pool classes, told of their client's connections (:class:`Connections`): made once
# here, not for each client (classes made per client were cyclic garbage once it was dropped).

class _TrackedConnection:
    known: Connections | None = None  # set by its pool when made

    def connect(self) -> None:
        if self.known is not None:
            self.known.opening(self)  # type: ignore[arg-type]
        super().connect()  # type: ignore[misc]
        if self.known is not None:
            self.known.opened(self)  # type: ignore[arg-type]

    def close(self) -> None:
        if self.known is not None:
            self.known.closed(self)  # type: ignore[arg-type]
        super().close()  # type: ignore[misc]


class _TrackedHTTPConnection(_TrackedConnection, HTTPConnection):
    pass


class _TrackedHTTPSConnection(_TrackedConnection, HTTPSConnection):
    pass


class _CuttablePool:
    known: Connections | None = None  # set by its pool manager when made

    def _new_conn(self) -> HTTPConnection:
        connection = super()._new_conn()  # type: ignore[misc]
        connection.known = self.known
        return connection


class _CuttableHTTPPool(_CuttablePool, HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _CuttableHTTPSPool(_CuttablePool, HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


class _CuttableManager:
    """A pool manager whose pools' connections ``known`` knows."""

    def __init__(self, known: Connections, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.known = known
        self.pool_classes_by_scheme = {"http": _CuttableHTTPPool, "https": _CuttableHTTPSPool}

    def _new_pool(self, scheme: str, host: str, port: int, request_context: dict[str, Any] | None = None) -> Any:
        pool = super()._new_pool(scheme, host, port, request_context)  # type: ignore[misc]
        pool.known = self.known
        return pool


class _CuttablePoolManager(_CuttableManager, PoolManager):
    pass


class _CuttableProxyManager(_CuttableManager, ProxyManager):
    """Through an HTTP(S) proxy (``HTTPS_PROXY``...): the connections to the proxy, and the tunnels through it."""


class _CuttableAdapter(HTTPAdapter):
    """requests' adapter whose connections :class:`Connections` knows of."""

    def __init__(self, connections: Connections, **kwargs: Any) -> None:
        self._connections = connections  # before HTTPAdapter.__init__: it makes the pool manager
        super().__init__(**kwargs)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)  # what requests keeps of them too
        self.poolmanager = _CuttablePoolManager(self._connections, num_pools=connections, maxsize=maxsize,
                                                block=block, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        """requests' own for SOCKS; for an HTTP(S) proxy, one whose connections are known (a cut reaches them)."""
        if proxy not in self.proxy_manager and not proxy.lower().startswith("socks"):
            self.proxy_manager[proxy] = _CuttableProxyManager(
                self._connections, proxy, proxy_headers=self.proxy_headers(proxy), num_pools=self._pool_connections,
                maxsize=self._pool_maxsize, block=self._pool_block, **proxy_kwargs)
        return super().proxy_manager_for(proxy, **proxy_kwargs)
