"""Fault injection for QA (docs/api.md, Simulation control): what a real network does to a client.

QA registers faults through ``/api/v1/sim/faults``; each is scoped to a path prefix (and
optionally a method) and fires ``once``, on ``every_nth`` matching request, or with a
``probability`` drawn from a seeded RNG, so a run can be replayed. Faults live in memory,
per app, and are cleared when a scenario is loaded. They never apply to ``/sim/*``.

Why a pure ASGI middleware, and the outermost one: ``BaseHTTPMiddleware`` pipes the
response through a memory stream, which breaks long polls and streaming; and closing a
connection *without any answer* needs uvicorn's transport, reachable only from the
``send`` uvicorn itself passes in (Starlette's ``ServerErrorMiddleware`` wraps ``send``,
and uvicorn answers 500 to an app that raises or returns without starting a response).
So :func:`install` wraps the app's whole middleware stack.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import random
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Response
from pydantic import BaseModel, Field
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.server.errors import ApiError, error_body
from vb_renew.server.language import CONTENT_LANGUAGE, language_of
from vb_renew.server.models import RequestBody
from vb_renew.server.openapi import JSON_BODY, PATH, SIM, refusals

log = logging.getLogger("vb_renew.server.faults")

FaultKind = Literal["latency", "status", "reset", "malformed", "hang", "drop_response"]
FaultMode = Literal["once", "every_nth", "probability"]

FAULT_CODE = "fault.injected"
FAULT_TEXT = QT_TRANSLATE_NOOP("ServerErrors", "ただいま通信障害が発生しています（QA用に発生させた障害です）。"
                                               "しばらくしてからもう一度お試しください。")
FAULT_MESSAGE = FAULT_TEXT.source  # in Japanese, as a client that sends no Accept-Language reads it
NOT_FOUND_CODE = "sim.fault_not_found"
NOT_FOUND_MESSAGE = QT_TRANSLATE_NOOP("ServerErrors", "ご指定の障害設定が見つかりません。")
ON_SIM_MESSAGE = QT_TRANSLATE_NOOP("ServerErrors", "シミュレーション操作（/sim）には障害を設定できません。")

# A hang lasts until the client gives up (it disconnects), the server stops, or this many seconds.
HANG_LIMIT = 600.0
# Broken JSON, as a proxy that cut the body short would deliver it.
MALFORMED_BODY = b'{"id": "ord_fault", "state": "appl'


# --- the API's bodies --------------------------------------------------------------------------------

class FaultIn(RequestBody):
    """One fault; the fields a kind or mode needs are checked in :func:`validate`, naming the field."""

    path: str = Field(max_length=200, pattern="^/", description="prefix of the request path, e.g. /api/v1/orders;"
                                                                " not under /api/v1/sim (422)")
    method: str | None = Field(default=None, max_length=10, description="e.g. POST; absent: every method")
    kind: FaultKind
    latency_ms: int | None = Field(default=None, ge=0, le=600_000, description="kind latency")
    status: int | None = Field(default=None, ge=400, le=599, description="kind status (default 503)")
    retry_after: int | None = Field(default=None, ge=0, le=86_400, description="seconds, sent as Retry-After")
    mode: FaultMode = "once"
    n: int | None = Field(default=None, ge=1, le=1_000_000, description="mode every_nth: fire on every nth match")
    p: float | None = Field(default=None, ge=0, le=1, description="mode probability")
    seed: int | None = Field(default=None, description="the draws' seed (default: the scenario's, per fault)")


class FaultOut(BaseModel):
    id: str
    path: str
    method: str | None
    kind: FaultKind
    latency_ms: int | None
    status: int | None
    retry_after: int | None
    mode: FaultMode
    n: int | None
    p: float | None
    seed: int | None
    matched: int
    fired: int


class FaultCreatedOut(BaseModel):
    id: str


class FaultsOut(BaseModel):
    faults: list[FaultOut]


# --- the registry ------------------------------------------------------------------------------------

@dataclass
class Fault:
    """A registered fault and its counters (``matched``: requests in scope, ``fired``: faults applied)."""

    id: str
    path: str
    method: str | None
    kind: str
    latency_ms: int | None
    status: int | None
    retry_after: int | None
    mode: str
    n: int | None
    p: float | None
    seed: int | None
    rng: random.Random = field(repr=False)
    matched: int = 0
    fired: int = 0

    def applies_to(self, method: str, path: str) -> bool:
        return path.startswith(self.path) and (self.method is None or self.method == method)

    def draw(self) -> bool:
        """Count one matching request; True when the fault fires on it."""
        self.matched += 1
        if self.mode == "once":
            hit = self.fired == 0
        elif self.mode == "every_nth":
            hit = self.matched % (self.n or 1) == 0
        else:
            hit = self.rng.random() < (self.p or 0.0)
        if hit:
            self.fired += 1
        return hit

    def view(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "method": self.method, "kind": self.kind,
                "latency_ms": self.latency_ms, "status": self.status, "retry_after": self.retry_after,
                "mode": self.mode, "n": self.n, "p": self.p, "seed": self.seed,
                "matched": self.matched, "fired": self.fired}


class FaultRegistry:
    """The app's active faults, in the order they were added (the first that fires wins)."""

    def __init__(self, excluded_prefix: str, default_seed: Callable[[], int] = lambda: 0) -> None:
        self.excluded_prefix = excluded_prefix.rstrip("/")
        self.default_seed = default_seed
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)

    def add(self, spec: FaultIn) -> Fault:
        number = next(self._numbers)
        # A string seed is hashed the same way in every process: the same seed replays the same draws.
        rng_seed = f"fault:{spec.seed}" if spec.seed is not None else f"scenario:{self.default_seed()}:{number}"
        fault = Fault(id=f"flt_{number}", path=spec.path, method=spec.method.upper() if spec.method else None,
                      kind=spec.kind, latency_ms=spec.latency_ms,
                      status=spec.status if spec.status is not None or spec.kind != "status" else 503,
                      retry_after=spec.retry_after, mode=spec.mode, n=spec.n, p=spec.p, seed=spec.seed,
                      rng=random.Random(rng_seed))
        with self._lock:
            self._faults.append(fault)
        log.info("fault %s added: %s %s %s (%s)", fault.id, fault.kind, fault.method or "*", fault.path, fault.mode)
        return fault

    def list(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear(self) -> int:
        with self._lock:
            count = len(self._faults)
            self._faults.clear()
        return count

    def remove(self, fault_id: str) -> bool:
        with self._lock:
            for i, fault in enumerate(self._faults):
                if fault.id == fault_id:
                    del self._faults[i]
                    return True
        return False

    def is_excluded(self, path: str) -> bool:
        return path == self.excluded_prefix or path.startswith(self.excluded_prefix + "/")

    def pick(self, method: str, path: str) -> Fault | None:
        """The fault to apply to this request, if any; every fault in scope counts the request."""
        if not self._faults or self.is_excluded(path):
            return None
        chosen = None
        with self._lock:
            for fault in self._faults:
                if fault.applies_to(method, path) and fault.draw() and chosen is None:
                    chosen = fault
            if chosen is not None and chosen.mode == "once":
                self._faults.remove(chosen)  # spent: no longer active
        return chosen


# --- the middleware ----------------------------------------------------------------------------------

class ConnectionDropped(ConnectionError):
    """Raised instead of dropping the connection when no uvicorn transport is reachable (e.g. a test client)."""


def _transport(send: Send) -> asyncio.Transport | None:
    """uvicorn's transport, behind the ``send`` bound method it hands to the outermost app."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    return transport if isinstance(transport, asyncio.BaseTransport) else None


async def _until_disconnect(receive: Receive) -> None:
    """Read (and discard) the request until the client is gone."""
    while (await receive())["type"] != "http.disconnect":
        pass


def route_path(scope: Scope) -> str:
    """The request's path within the app: a world on a shared server is served under ``/w/<id>``, its root path
    (the path keeps it, as Starlette's mounts do)."""
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root + "/") else path


class FaultMiddleware:
    """Applies the registry's faults to HTTP requests; everything else passes straight through."""

    def __init__(self, app: ASGIApp, registry: FaultRegistry) -> None:
        self.app = app
        self.registry = registry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fault = self.registry.pick(scope["method"], route_path(scope)) if scope["type"] == "http" else None
        if fault is None:
            await self.app(scope, receive, send)
            return
        log.info("fault %s (%s) on %s %s", fault.id, fault.kind, scope["method"], scope["path"])
        if fault.kind == "latency":
            await asyncio.sleep((fault.latency_ms or 0) / 1000)
            await self.app(scope, receive, send)
        elif fault.kind == "status":
            await self._status(fault, scope, send)
        elif fault.kind == "malformed":
            await self._send(send, 200, MALFORMED_BODY)
        elif fault.kind == "hang":
            await self._hang(receive, send)
        elif fault.kind == "reset":
            await self._drop(receive, send, reset=True)
        elif fault.kind == "drop_response":
            async def swallow(message: Message) -> None:
                """The handler runs and commits; its answer never leaves the server."""

            await self.app(scope, receive, swallow)
            await self._drop(receive, send, reset=False)
        else:  # pragma: no cover (FaultIn admits no other kind)
            await self.app(scope, receive, send)

    @staticmethod
    async def _send(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] = ()) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()), *headers]})
        await send({"type": "http.response.body", "body": body})

    async def _status(self, fault: Fault, scope: Scope, send: Send) -> None:
        language = language_of(Headers(scope=scope))
        headers = [(CONTENT_LANGUAGE.lower().encode(), language.encode())]
        if fault.retry_after is not None:
            headers.append((b"retry-after", str(fault.retry_after).encode()))
        body = json.dumps(error_body(FAULT_CODE, FAULT_TEXT, language=language), ensure_ascii=False).encode()
        await self._send(send, fault.status or 503, body, headers)

    async def _hang(self, receive: Receive, send: Send) -> None:
        """No answer until the client gives up; if the server stops first, drop the connection.

        uvicorn runs the lifespan shutdown only after open requests end (or are cancelled after
        the graceful timeout, which would make it answer 500), so a hang watches the sign of a
        shutdown that uvicorn gives an open request: its cycle's ``keep_alive`` turns False.
        """
        cycle = getattr(send, "__self__", None)
        watch = getattr(cycle, "keep_alive", None) is True

        async def server_stops() -> None:
            while not watch or cycle.keep_alive:  # type: ignore[union-attr]
                await asyncio.sleep(0.1)

        gone = asyncio.ensure_future(_until_disconnect(receive))
        stopping = asyncio.ensure_future(server_stops())
        try:
            await asyncio.wait({gone, stopping}, timeout=HANG_LIMIT, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (gone, stopping):
                task.cancel()
        if not gone.done() or gone.cancelled():
            await self._drop(receive, send, reset=False)

    @staticmethod
    async def _drop(receive: Receive, send: Send, *, reset: bool) -> None:
        """Close the connection with no answer at all: a TCP reset, or a plain close after the handler ran."""
        transport = _transport(send)
        if transport is None:
            raise ConnectionDropped("fault injected: connection dropped")
        if reset:
            sock = transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):  # linger 0: the close sends RST, not FIN
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()
        else:
            transport.close()
        # Let uvicorn see the connection lost before we return, or it would answer 500 on a dead socket.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2.0):
                await _until_disconnect(receive)


# --- installing it -----------------------------------------------------------------------------------

def validate(spec: FaultIn, sim_prefix: str) -> None:
    """What each kind and mode needs (422, naming the field)."""
    if not spec.path.startswith("/"):
        raise ApiError(422, "validation.invalid", field="path")
    if spec.path.startswith(sim_prefix):
        raise ApiError(422, "validation.invalid", ON_SIM_MESSAGE, field="path")
    if spec.kind == "latency" and spec.latency_ms is None:
        raise ApiError(422, "validation.required", field="latency_ms")
    if spec.mode == "every_nth" and spec.n is None:
        raise ApiError(422, "validation.required", field="n")
    if spec.mode == "probability" and spec.p is None:
        raise ApiError(422, "validation.required", field="p")


def install(app: FastAPI, *, prefix: str, dependencies: list[Any],
            default_seed: Callable[[], int] = lambda: 0) -> FaultRegistry:
    """Wrap the app's middleware stack in :class:`FaultMiddleware` and add the ``/sim/faults`` routes.

    ``prefix`` is the simulation routes' prefix (never faulted); ``dependencies`` guard them
    (QA mode and the simulation token).
    """
    registry = FaultRegistry(prefix, default_seed)
    build = app.build_middleware_stack

    def build_with_faults() -> ASGIApp:
        return FaultMiddleware(build(), registry)

    app.build_middleware_stack = build_with_faults  # type: ignore[method-assign]

    router = APIRouter(prefix=prefix, dependencies=[Depends(d) for d in dependencies], tags=["sim"])

    @router.post("/faults", response_model=FaultCreatedOut, responses=refusals(SIM, JSON_BODY))
    async def add_fault(body: FaultIn) -> dict[str, Any]:
        validate(body, prefix)
        return {"id": registry.add(body).id}

    @router.get("/faults", response_model=FaultsOut, responses=refusals(SIM))
    async def list_faults() -> dict[str, Any]:
        return {"faults": [f.view() for f in registry.list()]}

    @router.delete("/faults", status_code=204, response_class=Response, responses=refusals(SIM))
    async def clear_faults() -> Response:
        registry.clear()
        return Response(status_code=204)

    @router.delete("/faults/{fault_id}", status_code=204, response_class=Response,
                   responses=refusals(SIM, PATH, {404: (NOT_FOUND_CODE,)}))
    async def remove_fault(fault_id: str) -> Response:
        if not registry.remove(fault_id):
            raise ApiError(404, NOT_FOUND_CODE, NOT_FOUND_MESSAGE)
        return Response(status_code=204)

    app.include_router(router)
    return registry
