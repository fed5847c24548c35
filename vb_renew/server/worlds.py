"""A world per tester on a shared server (docs/api.md, "Worlds on a shared server").

``POST /api/v1/sim/worlds`` (the server's simulation token) makes a world of its own: an app built by
:func:`~vb_renew.server.app.create_app` on its own SQLite file next to the server's database, with its own
simulation token, clock, scheduled events, faults and long polls. It is served under ``/w/<id>``: the
:class:`WorldHub`, an ASGI dispatcher wrapped around the server's own app (the outermost layer, as the faults'),
hands every request under that prefix to the world's app, with the prefix as its ``root_path`` (as Starlette's
mounts do), so ``vb-renew --server http://host:port/w/<id> --sim-token <its token>`` works unchanged. Everything
else goes to the server's own world, at the root.

The hub starts each world's lifespan (its event runner and long-poll notifier) when it makes it and stops it when
it drops it: on ``DELETE /sim/worlds/{id}``, after a set time without a request (``drop_idle_worlds_after_seconds``
in ``resources/simulation.json`` [sim]; checked at every request and by a background task), and when the server
stops. A dropped world's file is deleted; worlds do not outlive the server (files left by a crash are deleted when
it starts again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vb_renew import logs
from vb_renew.i18n import QT_TRANSLATE_NOOP
from vb_renew.resources import resource_path
from vb_renew.rules.catalogue import read_json, tagged
from vb_renew.server import scenarios, world_models
from vb_renew.server.clock import SimClock, iso
from vb_renew.server.db import Database
from vb_renew.server.errors import ApiError, error_response
from vb_renew.server.openapi import JSON_BODY, PATH, SIM, refusals
from vb_renew.server.service import Service
from vb_renew.server.service import world as world_files

log = logging.getLogger("vb_renew.server.worlds")

PREFIX = "/w/"
MAX_WORLDS = 100  # [sim] worlds one server holds at once: each is a database file and an event runner
DROP_GRACE = 2.0  # real seconds a dropped world's requests in flight (released long polls) get to answer
NOT_FOUND = "sim.world_not_found"
NOT_FOUND_MESSAGE = QT_TRANSLATE_NOOP(
    "ServerErrors", "ご指定のワールドが見つかりません（削除されたか、しばらく使われなかったため閉じられました）。")
TOO_MANY = "sim.too_many_worlds"
TOO_MANY_MESSAGE = QT_TRANSLATE_NOOP(
    "ServerErrors", "このサーバーのワールドは{count}個までです。使い終わったワールドを削除してください。")
UNSET: Any = ...


@lru_cache(maxsize=8)
def _read_idle(path: Path) -> float | None:
    value = tagged(read_json(path)["drop_idle_worlds_after_seconds"], "drop_idle_worlds_after_seconds")[0]
    return None if value is None or value < 0 else float(value)


def load_drop_idle_after(path: str | Path | None = None) -> float | None:
    """Real seconds without a request before a world is dropped (None: never), from ``resources/simulation.json``."""
    return _read_idle(Path(path or resource_path("simulation.json")).resolve())


def world_database(db_path: str | Path, world_id: str) -> str | Path:
    """A world's SQLite file: next to the server's, ``<name>.world-<id>.sqlite3`` (in memory if the server's is)."""
    if str(db_path) == ":memory:":
        return ":memory:"
    path = Path(db_path)
    return path.with_name(f"{path.stem}.world-{world_id}.sqlite3")


def remove_database(path: str | Path) -> None:
    """Delete a world's file and SQLite's files beside it."""
    if str(path) == ":memory:":
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


@dataclass
class Hosted:
    """A world the hub serves: its app, its token, and when it last had a request (real seconds)."""

    id: str
    app: FastAPI
    database: str | Path
    last_request: float
    active: int = 0
    lifespan: Any = field(default=None, repr=False)

    @property
    def prefix(self) -> str:
        return f"{PREFIX}{self.id}"


class WorldHub:
    """The ASGI dispatcher: ``/w/<id>/...`` to that world's app, the rest to the server's own stack."""

    def __init__(self, make_app: Callable[..., FastAPI], *, db_path: str | Path, default_scenario: str,
                 drop_idle_after: float | None, real_time: Callable[[], float] = time.time) -> None:
        self.make_app = make_app
        self.db_path = db_path
        self.default_scenario = default_scenario
        self.drop_idle_after = drop_idle_after
        self.real_time = real_time
        self.root: ASGIApp | None = None  # the server's own middleware stack (set when the app builds it)
        self.worlds: dict[str, Hosted] = {}
        self._reaper: asyncio.Task[None] | None = None
        self._remove_leftovers()

    # --- dispatching -------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.root is not None
        if scope["type"] == "lifespan":
            await self.root(scope, self._lifespan_receive(receive), send)
            return
        if scope["type"] not in ("http", "websocket"):
            await self.root(scope, receive, send)
            return
        await self.drop_idle()
        root_path = scope.get("root_path", "")
        path: str = scope["path"]
        within = path[len(root_path):] if root_path and path.startswith(root_path) else path
        if not within.startswith(PREFIX):
            await self.root(scope, receive, send)
            return
        world_id = within[len(PREFIX):].split("/", 1)[0]
        hosted = self.worlds.get(world_id)
        if hosted is None:
            if scope["type"] == "http":
                await error_response(Headers(scope=scope), 404, NOT_FOUND, NOT_FOUND_MESSAGE)(scope, receive, send)
            return
        prefix = root_path + hosted.prefix
        hosted.active += 1
        hosted.last_request = self.real_time()
        try:
            await hosted.app({**scope, "root_path": prefix}, receive, located(send, prefix.encode("latin-1")))
        finally:
            hosted.active -= 1
            hosted.last_request = self.real_time()

    def _lifespan_receive(self, receive: Receive) -> Receive:
        """The server's lifespan, passed on; the hub starts its idle check with it and drops every world at the end."""

        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._reaper = asyncio.create_task(self._reap(), name="vb-renew-worlds")
            elif message["type"] == "lifespan.shutdown":
                await self.close()
            return message

        return wrapped

    # --- worlds ------------------------------------------------------------------------------------

    async def create(self, scenario: str | None, document: world_models.WorldIn | None) -> Hosted:
        """A new world from a scenario (default: the server's) or a world document, its lifespan started."""
        if len(self.worlds) >= MAX_WORLDS:
            raise ApiError(409, TOO_MANY, TOO_MANY_MESSAGE, values={"count": MAX_WORLDS})
        name = scenario or (None if document is not None else self.default_scenario)
        if name is not None and name not in scenarios.scenario_names():
            raise ApiError(422, "sim.unknown_scenario", field="scenario")
        world_id = secrets.token_hex(6)
        while world_id in self.worlds:  # pragma: no cover - 48 random bits
            world_id = secrets.token_hex(6)
        token = secrets.token_urlsafe(24)
        logs.redact_everywhere(token)
        database = world_database(self.db_path, world_id)

        def build() -> FastAPI:  # blocking: the database, the passwords' hashes, the orders' history
            app = self.make_app(database, sim_token=token)
            try:
                if document is not None:
                    app.state.service.load_world(document)
                else:
                    app.state.service.load_scenario(name)
            except BaseException:
                app.state.db.close()
                remove_database(database)
                logs.forget_secret(token)
                raise
            return app

        try:
            app = await run_in_threadpool(build)
        except ApiError as refused:
            if document is None or refused.code != world_models.WORLD_INVALID:
                raise
            raise within_body(refused, "world.") from None
        hosted = Hosted(world_id, app, database, self.real_time())
        hosted.lifespan = app.router.lifespan_context(app)
        await hosted.lifespan.__aenter__()
        self.worlds[world_id] = hosted
        log.info("world %s made (%s); %d worlds", world_id, app.state.service.scenario_name, len(self.worlds))
        return hosted

    async def drop(self, world_id: str) -> bool:
        """Drop a world: its requests are refused from now on, its long polls answer, its runner stops, its file goes."""
        hosted = self.worlds.pop(world_id, None)
        if hosted is None:
            return False
        hosted.app.state.notifier.release_all()
        deadline = asyncio.get_running_loop().time() + DROP_GRACE
        while hosted.active and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)
        if hosted.lifespan is not None:
            await hosted.lifespan.__aexit__(None, None, None)
        await run_in_threadpool(hosted.app.state.db.close)
        await run_in_threadpool(remove_database, hosted.database)
        logs.forget_secret(hosted.app.state.sim_token)  # no request can carry it any more
        log.info("world %s dropped; %d worlds", world_id, len(self.worlds))
        return True

    def idle(self, hosted: Hosted) -> float:
        """Real seconds since the world's last request (0 while one is in flight)."""
        return 0.0 if hosted.active else max(0.0, self.real_time() - hosted.last_request)

    async def drop_idle(self) -> None:
        """Drop every world without a request for longer than the set time."""
        if self.drop_idle_after is None:
            return
        for hosted in list(self.worlds.values()):
            if self.idle(hosted) > self.drop_idle_after and self.worlds.get(hosted.id) is hosted:
                log.info("world %s idle for %.0f s", hosted.id, self.idle(hosted))
                await self.drop(hosted.id)

    async def _reap(self) -> None:
        """Check for idle worlds now and then, so that a world nobody asks for again goes too."""
        every = 60.0 if self.drop_idle_after is None else min(60.0, max(1.0, self.drop_idle_after / 10))
        while True:
            await asyncio.sleep(every)
            try:
                await self.drop_idle()
            except Exception:  # noqa: BLE001 - the next round tries again
                log.exception("dropping idle worlds failed")

    def release_all(self) -> None:
        """Shutdown begins: every world's held long polls answer now (on the server's loop)."""
        for hosted in list(self.worlds.values()):
            hosted.app.state.notifier.release_all()

    async def close(self) -> None:
        """The server stops: every world is dropped."""
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
            self._reaper = None
        for world_id in list(self.worlds):
            await self.drop(world_id)

    def close_databases(self) -> None:
        """After the server's loop has ended without its lifespan's end (a crash): close what is left."""
        for hosted in list(self.worlds.values()):
            hosted.app.state.db.close()
            remove_database(hosted.database)
        self.worlds.clear()

    def _remove_leftovers(self) -> None:
        """Files of worlds a server that did not stop cleanly left behind: worlds never outlive their server."""
        if str(self.db_path) == ":memory:":
            return
        path = Path(self.db_path)
        for leftover in path.parent.glob(f"{path.stem}.world-*.sqlite3*"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def view(self, hosted: Hosted, base_url: str) -> dict[str, Any]:
        """A world as ``GET /sim/worlds`` lists it (blocking: its clock reads its database)."""
        return {"id": hosted.id, "url": base_url + hosted.prefix, "name": hosted.app.state.service.scenario_name,
                "now": iso(hosted.app.state.clock.now()), "idle_seconds": round(self.idle(hosted), 3)}


def within_body(refused: ApiError, prefix: str) -> ApiError:
    """A refusal of the world in a request's body: its fields named from the body (``world.accounts[0]...``)."""
    def named(field: str | None) -> str:
        return f"{prefix}{field}" if field else prefix.rstrip(".")

    return ApiError(refused.status, refused.code, refused.said, field=named(refused.field),
                    details=[{**item, "field": named(item.get("field"))} for item in refused.details])


def located(send: Send, prefix: bytes) -> Send:
    """``send``, with a ``Location`` the world's app gives as a path (``/api/v1/orders/...``) under its prefix."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(key, prefix + value if key.lower() == b"location" and value.startswith(b"/")
                        and not value.startswith(prefix + b"/") else value)
                       for key, value in message.get("headers", [])]
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


def base_url(request: Request) -> str:
    """The server's URL as the client reached it (its root path included), without the trailing slash."""
    return str(request.base_url).rstrip("/")


def install(app: FastAPI, make_app: Callable[..., FastAPI], *, prefix: str, db_path: str | Path,
            default_scenario: str | None, drop_idle_after: float | None = UNSET,
            real_time: Callable[[], float] = time.time, dependencies: list[Any]) -> WorldHub:
    """Wrap the app's whole middleware stack in a :class:`WorldHub` and add the ``/sim/worlds`` routes.

    ``make_app(database, sim_token=...)``: a world's app (this server's settings); ``prefix``: the simulation
    routes' prefix; ``dependencies`` guard them (QA mode and the server's simulation token).
    """
    if drop_idle_after is UNSET:
        drop_idle_after = load_drop_idle_after()
    hub = WorldHub(make_app, db_path=db_path, default_scenario=default_scenario or scenarios.DEFAULT_SCENARIO,
                   drop_idle_after=drop_idle_after, real_time=real_time)
    build = app.build_middleware_stack

    def build_with_worlds() -> ASGIApp:
        hub.root = build()
        return hub

    app.build_middleware_stack = build_with_worlds  # type: ignore[method-assign]
    app.state.worlds = hub

    router = APIRouter(prefix=prefix, dependencies=[Depends(d) for d in dependencies], tags=["sim"])

    @router.post("/worlds", status_code=201, response_model=world_models.WorldCreatedOut,
                 responses=refusals(SIM, JSON_BODY, {409: (TOO_MANY,), 422: ("sim.unknown_scenario",
                                                                            world_models.WORLD_INVALID)}))
    async def create_world(request: Request, body: world_models.WorldCreateIn | None = None) -> dict[str, Any]:
        """A world of one's own: its base URL and its simulation token (shown once)."""
        body = body or world_models.WorldCreateIn()
        hosted = await hub.create(body.scenario, body.world)
        service, clock = hosted.app.state.service, hosted.app.state.clock
        now = await run_in_threadpool(clock.now)
        return {"id": hosted.id, "url": base_url(request) + hosted.prefix, "sim_token": hosted.app.state.sim_token,
                "name": service.scenario_name, "now": iso(now)}

    @router.get("/worlds", response_model=world_models.WorldsOut, responses=refusals(SIM))
    async def list_worlds(request: Request) -> dict[str, Any]:
        url = base_url(request)
        views = [await run_in_threadpool(hub.view, hosted, url) for hosted in list(hub.worlds.values())]
        return {"worlds": views, "drop_idle_after_seconds": hub.drop_idle_after}

    @router.delete("/worlds/{world_id}", status_code=204, response_class=Response,
                   responses=refusals(SIM, PATH, {404: (NOT_FOUND,)}))
    async def delete_world(world_id: str) -> Response:
        if not await hub.drop(world_id):
            raise ApiError(404, NOT_FOUND, NOT_FOUND_MESSAGE)
        return Response(status_code=204)

    app.include_router(router)
    return hub


def read_world_file(path: str | Path) -> world_models.WorldIn:
    """The world in the file at ``path`` (``--world FILE``), checked whole before anything is bound or written: its
    document, then its open orders, written once into a scratch database in memory; a
    :class:`~vb_renew.server.service.world.WorldFileError` naming each problem's field if it cannot be used."""
    document = world_files.read_world_file(path)
    db = Database(":memory:")
    try:
        Service(db, SimClock(db)).load_world(document)
    except ApiError as refused:
        raise world_files.WorldFileError(path, refused.details or [refused.body()["error"]]) from None
    finally:
        db.close()
    return document


def release_all(app: FastAPI) -> None:
    """Shutdown begins: the held long polls of the server's world, and of every world it hosts, answer now."""
    app.state.notifier.release_all()
    hub: WorldHub | None = getattr(app.state, "worlds", None)
    if hub is not None:
        hub.release_all()


def close(app: FastAPI) -> None:
    """The server has stopped: its database, and those of any world still there, are closed."""
    hub: WorldHub | None = getattr(app.state, "worlds", None)
    if hub is not None:
        hub.close_databases()
    app.state.db.close()
