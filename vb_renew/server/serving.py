"""uvicorn, stopping gracefully with long polls held open."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn


class GracefulServer(uvicorn.Server):
    """When shutdown begins, ``on_shutdown`` runs first so that held long polls answer at once.

    Otherwise uvicorn waits out its graceful timeout and then cancels them: the
    client sees a dropped connection and the log an error, on every quit.
    """

    def __init__(self, config: uvicorn.Config, on_shutdown: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_shutdown = on_shutdown

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._on_shutdown()
        await super().shutdown(sockets)
