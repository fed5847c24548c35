"""The HTTP service (docs/api.md): FastAPI over :class:`~vb_renew.server.service.Service`.

The service blocks (SQLite, scrypt at login, an order held by a test hook), so the handlers
that call it are plain ``def``: FastAPI runs them in its thread pool, off the event loop. Login
is ``async`` only to wait for a thread of its own few (a crowd signing in waits on the loop). The
long poll stays ``async``: it parks on its order's event, and every poll a change wakes shares one
read of the order (``vb_renew.server.longpoll``). A
background task runs the scheduled events (in the thread pool) as the simulated clock passes
them. Fault injection (``vb_renew.server.faults``) wraps the whole middleware stack, so it can
commit an order and then drop the answer; other middleware: pass ``configure=`` to
:func:`create_app`. Over 400 lines: every route sits beside its document entry (``responses=``);
splitting the API and the QA routers apart is the next step.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
import re
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request, Security
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from vb_renew import __version__
from vb_renew.rules.extension import ExpiredBase
from vb_renew.rules.slips import load_simulation
from vb_renew.server import errors, faults, models, openapi, scenarios, world_models, worlds
from vb_renew.server.clock import SimClock, in_range, iso, parse_instant
from vb_renew.server.db import Database
from vb_renew.server.errors import ApiError
from vb_renew.server.language import CONTENT_LANGUAGE, language_of
from vb_renew.server.longpoll import Answer, OrderNotifier, call_in_loop
from vb_renew.server.openapi import BEARER, FAULTS, JSON_BODY, PATH, QUERY, SIM, refusals, with_headers
from vb_renew.server.service import DEFAULT_TOKEN_TTL, LoginLimits, Principal, Service

log = logging.getLogger("vb_renew.server")

API_PREFIX = "/api/v1"
MAX_WAIT = 30.0
# The simulated clock's values, as the document states them (models.DATE_PATTERN, models.INSTANT_PATTERN).
DATE = re.compile(models.DATE_PATTERN)
INSTANT = re.compile(models.INSTANT_PATTERN)
UNSET: Any = ...

# The document's security schemes. The handlers read the values through them, but decide themselves
# what a missing or wrong one answers (401 auth.* and 403 sim.*, in the error shape).
BEARER_TOKEN = HTTPBearer(scheme_name="bearer", auto_error=False,
                          description="The token from `POST /auth/login` or `POST /auth/product`.")
SIM_TOKEN = APIKeyHeader(name="X-Sim-Token", scheme_name="simToken", auto_error=False,
                         description="Simulation control (QA mode): the token the server was started with.")


class EventRunner:
    """Runs the scheduled events as the simulated clock passes them; sleeps until the next one is due."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def poke(self) -> None:
        """Something changed the schedule or the clock (any thread)."""
        if self._wake is not None:
            call_in_loop(self.loop, self._wake.set)

    def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="vb-renew-events")

    async def stop(self) -> None:
        """Let the events running now finish, then end (on the loop). Asked, not cancelled: on Python 3.11,
        ``asyncio.wait_for`` loses a cancellation that comes as the event it waits for is set (a poke just
        before the stop, python/cpython#86296), and the runner then slept on while the server waited for it."""
        if self._task is not None:
            assert self._wake is not None
            self._stopping = True
            self._wake.set()
            await self._task
        self._task = None

    async def _run(self) -> None:
        assert self._wake is not None
        while not self._stopping:
            self._wake.clear()
            timeout = 60.0
            try:
                await run_in_threadpool(self.service.run_due_events)
                await run_in_threadpool(self.service.erase_personal_data)
                due = await run_in_threadpool(self.service.next_event_due)
                if due is not None:
                    # The clock reads the database: in the thread pool, like every other read.
                    seconds = await run_in_threadpool(self.service.clock.real_seconds_until, due)
                    if seconds is not None:
                        timeout = min(60.0, max(0.005, seconds))
            except Exception:  # a fault in one event must not stop the simulated world
                log.exception("scheduled events failed; retrying")
                timeout = 1.0
            if self._stopping:  # asked while the events ran (the wake it set was cleared above)
                return
            try:
                await asyncio.wait_for(self._wake.wait(), timeout)
            except TimeoutError:
                pass


def answered_in(request: Request, response: Response) -> str:
    """The language the request asks for, named on the answer (``Content-Language``)."""
    language = language_of(request.headers)
    response.headers[CONTENT_LANGUAGE] = language
    return language


def principal(request: Request,
              bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER_TOKEN)]) -> Principal:
    """The bearer token's holder (401 without a valid, unexpired token)."""
    if bearer is None and request.headers.get("authorization"):  # another scheme, or no token after "Bearer"
        raise ApiError(401, "auth.invalid_token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return request.app.state.service.authenticate(bearer.credentials if bearer else None)


def sim_access(request: Request, x_sim_token: Annotated[str | None, Security(SIM_TOKEN)]) -> None:
    """Simulation control: QA mode only, and only with the token the server was given."""
    expected = request.app.state.sim_token
    if not request.app.state.qa_mode:
        raise ApiError(403, "sim.disabled")
    if not expected or not x_sim_token or not hmac.compare_digest(x_sim_token.encode(), expected.encode()):
        raise ApiError(403, "sim.forbidden")


Who = Annotated[Principal, Depends(principal)]


def create_app(db_path: str | Path, *, qa_mode: bool = False, sim_token: str | None = None,
               scenario: str | None = None, seed: int | None = None,
               seconds_per_day: float | None = UNSET, token_ttl: float = DEFAULT_TOKEN_TTL,
               before_order_commit: Callable[[], None] | None = None,
               configure: Callable[[FastAPI], None] | None = None,
               expired_base: str = "confirmation_date",
               erase_personal_data_after_days: float | None = UNSET,
               login_limits: LoginLimits | None = None,
               real_time: Callable[[], float] = time.time,
               customer_pays: str | None = None,
               world: world_models.WorldIn | None = None,
               multi_world: bool = False,
               drop_idle_worlds_after: float | None = UNSET) -> FastAPI:
    """The service on the database at ``db_path``.

    ``scenario``: seed the database from it when it holds no world yet. ``seconds_per_day``:
    force the clock's compression at start (None or 0 stops it; absent keeps the stored one).
    ``before_order_commit``: a test hook run (in a worker thread) while an order is in flight.
    ``configure``: called with the app before it serves, e.g. to add fault-injection middleware.
    ``expired_base``: what an expired licence's new term counts from, ``confirmation_date`` (the
    simulator's default) or ``old_expiry`` (a setting: the spec leaves it open).
    ``erase_personal_data_after_days``: simulated days after an order closes before its customer details are
    erased (absent: ``resources/simulation.json``; None: never).
    ``login_limits``: the failed logins allowed (absent: ``resources/simulation.json``).
    ``real_time``: the real clock of tokens' expiry and of the login limits' window (tests pass their own).
    ``customer_pays``: the world's setting at start, ``auto`` or ``never`` (absent: as stored, or the scenario's);
    the desktop app starts its backend with ``never``, so only the slip's pay buttons pay.
    ``world``: a world document (docs/worlds.md) to seed the database with instead of ``scenario``.
    ``multi_world``: a shared server, where each tester makes a world of their own (``/sim/worlds``, served under
    ``/w/<id>``: :mod:`vb_renew.server.worlds`); ``drop_idle_worlds_after``: real seconds without a request before
    such a world is dropped (absent: ``resources/simulation.json``; None: never).
    """
    if erase_personal_data_after_days is UNSET:
        erase_personal_data_after_days = load_simulation().erase_personal_data_after_days
    db = Database(db_path)
    clock = SimClock(db)
    service = Service(db, clock, token_ttl=token_ttl, expired_base=ExpiredBase(expired_base),
                      erase_personal_data_after_days=erase_personal_data_after_days,
                      login_limits=login_limits, real_time=real_time)
    if world is not None and not service.is_seeded():
        service.load_world(world, seed=seed,
                           seconds_per_day=seconds_per_day if seconds_per_day is UNSET else seconds_per_day or None)
    elif scenario and not service.is_seeded():
        service.load_scenario(scenario, seed=seed,
                              seconds_per_day=seconds_per_day if seconds_per_day is UNSET else seconds_per_day or None)
    elif seconds_per_day is not UNSET:
        clock.set(seconds_per_day=seconds_per_day or None)
    if customer_pays is not None:
        service.update_settings({"customer_pays": customer_pays})
    notifier = OrderNotifier(lambda order_id: (service.current_order(order_id), service.order_account(order_id)))
    runner = EventRunner(service)
    service.order_listeners.append(notifier.notify)
    service.schedule_listeners.append(runner.poke)
    clock.listeners.append(runner.poke)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        notifier.loop = asyncio.get_running_loop()
        runner.start()
        try:
            yield
        finally:
            await runner.stop()
            notifier.loop = None

    # /docs serves Swagger UI's files from the package (the app runs offline); no /redoc (one viewer is
    # enough, and its 1 MB script stays out of the bundle). validatorUrl: no call to swagger.io either.
    app = FastAPIOffline(title="vb-renew simulated renewal service", version=__version__, lifespan=lifespan,
                         description="The simulated renewal and licensing backend of vb-renew (docs/api.md).",
                         redoc_url=None, swagger_ui_parameters={"validatorUrl": None})
    app.state.db = db
    app.state.service = service
    app.state.clock = clock
    app.state.notifier = notifier
    app.state.runner = runner
    app.state.qa_mode = qa_mode
    app.state.sim_token = sim_token
    errors.install(app)
    openapi.install(app)
    app.state.faults = faults.install(app, prefix=f"{API_PREFIX}/sim", dependencies=[sim_access],
                                      default_seed=lambda: service.seed)

    api = APIRouter(prefix=API_PREFIX)

    # --- auth ------------------------------------------------------------------------------------

    # Logins in worker threads at once: twice the hashing slots (one hashes while another reads or writes the
    # database). The others wait here, on the event loop, not in a thread: a crowd signing in leaves the
    # thread pool to the other routes.
    login_threads = anyio.CapacityLimiter(2 * service.auth.hasher.bound)

    @api.post("/auth/login", response_model=models.TokenOut, tags=["auth"],
              responses=refusals(JSON_BODY, {401: ("auth.bad_credentials",)}, openapi.LOGIN_LIMITS, FAULTS))
    async def login(body: models.LoginIn, request: Request) -> dict[str, Any]:
        address = request.client.host if request.client else None
        return await anyio.to_thread.run_sync(service.password_login, body.email, body.password, address,
                                              limiter=login_threads)

    @api.post("/auth/product", response_model=models.TokenOut, tags=["auth"],
              responses=refusals(JSON_BODY, {401: ("auth.bad_installation",)}, FAULTS))
    def login_product(body: models.ProductLoginIn) -> dict[str, Any]:
        return service.login_product(body.serial, body.installation_secret)

    @api.post("/auth/logout", status_code=204, tags=["auth"], response_class=Response,
              responses=refusals(BEARER, FAULTS))
    def logout(who: Who, bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER_TOKEN)]) -> Response:
        service.logout(bearer.credentials if bearer else "")  # who: a valid token came with the request
        return Response(status_code=204)

    # --- licences --------------------------------------------------------------------------------

    # The refusals' messages are in the language the request asks for (Content-Language says which).

    @api.get("/licences", response_model=models.LicencesOut, tags=["licences"],
             responses={**with_headers(200, openapi.LANGUAGE_HEADERS), **refusals(BEARER, FAULTS)})
    def licences(who: Who, request: Request, response: Response) -> dict[str, Any]:
        return {"licences": service.licences(who, answered_in(request, response))}

    @api.get("/licences/{serial}", response_model=models.LicenceOut, tags=["licences"],
             responses={**with_headers(200, openapi.LANGUAGE_HEADERS),
                        **refusals(BEARER, PATH, {404: ("licence.not_found",)}, FAULTS)})
    def licence(serial: str, who: Who, request: Request, response: Response) -> dict[str, Any]:
        return service.licence(who, serial, answered_in(request, response))

    @api.post("/renewal-options", response_model=models.OptionsOut, tags=["licences"],
              responses={**with_headers(200, openapi.LANGUAGE_HEADERS),
                         **refusals(BEARER, JSON_BODY, {404: ("licence.not_found",)}, FAULTS)})
    def renewal_options(body: models.RenewalOptionsIn, who: Who, request: Request, response: Response
                        ) -> dict[str, Any]:
        return service.renewal_options(who, body.serials, answered_in(request, response))

    # --- orders ----------------------------------------------------------------------------------

    def order_response(view: dict[str, Any], status: int = 200, replayed: bool = False) -> JSONResponse:
        headers = {"ETag": f'"{view["version"]}"', "X-Poll-After": str(view["poll_after_seconds"]),
                   "Cache-Control": "no-cache"}
        if status == 201:
            headers["Location"] = f"{API_PREFIX}/orders/{view['id']}"
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        return JSONResponse(view, status_code=status, headers=headers)

    @api.post("/orders", status_code=201, response_model=models.OrderOut, tags=["orders"],
              # The key is documented as required (openapi.IDEMPOTENCY_KEY) but read here as optional: its
              # absence is 400 idempotency.key_missing (the IETF draft's answer), not a validation error.
              openapi_extra={"parameters": [openapi.IDEMPOTENCY_KEY]},
              responses={**with_headers(201, openapi.CREATED_HEADERS, description="Created, or replayed"),
                         **refusals(BEARER, JSON_BODY, FAULTS, {
                             400: ("idempotency.key_missing",),
                             404: ("licence.not_found",),
                             409: ("idempotency.in_flight", "order.already_open"),
                             422: ("idempotency.key_reused", "order.duplicate_serial", "renewal.*", "upgrade.*",
                                   "payment.*", "customer.*")})})
    def create_order(body: models.OrderIn, who: Who, request: Request,
                           idempotency_key: Annotated[str | None, Header(include_in_schema=False)] = None
                           ) -> JSONResponse:
        # A body the model refused (its types, or the rules on the customer or the card) never got here: 422
        # before the key or the licences are looked at (docs/api.md, "Order of checks"). The order keeps the
        # customer's language: its mails are written in it.
        status, view, replayed = service.create_order(who, idempotency_key, body, before_order_commit,
                                                      language_of(request.headers))
        return order_response(view, status, replayed)

    @api.get("/orders", response_model=models.OrdersOut, tags=["orders"], responses=refusals(BEARER, FAULTS))
    def list_orders(who: Who) -> dict[str, Any]:
        return {"orders": service.orders(who)}

    @api.get("/orders/{order_id}", response_model=models.OrderOut, tags=["orders"],
             responses={**with_headers(200, openapi.ORDER_HEADERS),
                        **with_headers(304, openapi.ORDER_HEADERS, description="Unchanged since `If-None-Match`"),
                        **refusals(BEARER, QUERY, PATH, {404: ("order.not_found",)}, FAULTS)})
    async def get_order(order_id: str, who: Who,
                        since: Annotated[int | None, Query(ge=0, description=(
                            "Long poll: the version the client has; the answer waits while the order still has it"))
                        ] = None,
                        wait: Annotated[float, Query(ge=0, le=MAX_WAIT, description=(
                            "Long poll: the longest the answer waits (seconds), with `since`"))] = 0.0,
                        if_none_match: Annotated[str | None, Header(alias="If-None-Match", description=(
                            "The `ETag` the client has: 304 while the order still has it"))] = None) -> Response:
        if since is not None and wait > 0:
            # Held while the order is at ``since``; woken with the answer every poll of this change shares.
            answer = await notifier.wait_for_change(order_id, since, wait,
                                                    lambda: service.order_version(who, order_id), who.account_id)
            if answer is not None:
                return answer_response(answer, if_none_match)
        view = await run_in_threadpool(service.order, who, order_id)
        return answer_response(Answer.of(view), if_none_match)

    def answer_response(answer: Answer, if_none_match: str | None) -> Response:
        headers = {"ETag": answer.etag, "X-Poll-After": str(answer.poll_after), "Cache-Control": "no-cache"}
        if if_none_match and answer.etag in [t.strip().removeprefix("W/") for t in if_none_match.split(",")]:
            return Response(status_code=304, headers=headers)
        return Response(answer.body, media_type="application/json", headers=headers)

    # --- mails, health ---------------------------------------------------------------------------

    @api.get("/mails", response_model=models.MailsOut, tags=["mails"], responses=refusals(BEARER, FAULTS))
    def mails(who: Who) -> dict[str, Any]:
        return {"mails": service.mails(who)}

    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "qa_mode": qa_mode, "now": iso(clock.now()),
                "clock_running": clock.running, "scenario": service.scenario_name}

    for router in (api, app):
        router.add_api_route("/health", health, methods=["GET"], response_model=models.HealthOut, tags=["health"],
                             responses=refusals(FAULTS))

    # --- simulation control (QA mode) ------------------------------------------------------------

    sim = APIRouter(prefix=f"{API_PREFIX}/sim", dependencies=[Depends(sim_access)], tags=["sim"])

    def clock_view() -> dict[str, Any]:
        nxt = service.next_event_due()
        now = clock.now()
        return {"now": iso(now), "today": now.date().isoformat(), "seconds_per_day": clock.seconds_per_day,
                "next_event": iso(nxt) if nxt else None, "run": service.settings()["clock_run"],
                "running": clock.running}

    def move_clock(target: datetime, field: str, seconds_per_day: Any = UNSET) -> None:
        """Set the clock to ``target``, unless it (or a slip mailed on the way) would leave the world's days, or it
        would go back before what the world has recorded: a valid request, but not from where the clock stands
        (409)."""
        service.check_clock_move(target, field)
        clock.set(target, seconds_per_day)

    @sim.get("/clock", response_model=models.ClockOut, responses=refusals(SIM))
    def get_clock() -> dict[str, Any]:
        return clock_view()

    @sim.put("/clock", response_model=models.ClockAdvanceOut,
             responses=refusals(SIM, JSON_BODY, {409: ("sim.clock_out_of_range", "sim.clock_before_history"),
                                                 422: ("sim.bad_clock",)}))
    def set_clock(body: models.ClockSetIn) -> dict[str, Any]:
        now = None
        if body.now is not None:
            if not INSTANT.fullmatch(body.now) or not in_range(now := parse_instant(body.now)):
                raise ApiError(422, "sim.bad_clock", field="now")
        spd: Any = UNSET
        if "seconds_per_day" in body.model_fields_set:
            spd = body.seconds_per_day or None
        # The runner waits: this answer lists every event the new time passed. The run mode and the clock change
        # together, or not at all.
        with service.events_held:
            with db.transaction():
                if body.run is not None:
                    service.update_settings({"clock_run": body.run})
                if now is not None:
                    move_clock(now, "now", spd)
                else:
                    clock.set(None, spd)
            events = service.run_due_events()
        return {**clock_view(), "events": events}

    @sim.post("/clock/advance", response_model=models.ClockAdvanceOut,
              responses=refusals(SIM, JSON_BODY, {409: ("sim.clock_out_of_range",)}))
    def advance_clock(body: models.ClockAdvanceIn) -> dict[str, Any]:
        with service.events_held:  # the runner waits: this answer lists every event the new time passed
            if body.to_next_event:
                due = service.next_event_due()
                if due is not None and due > clock.now():
                    move_clock(due, "to_next_event")
            else:
                delta = timedelta(weeks=body.weeks, days=body.days, hours=body.hours, minutes=body.minutes)
                given = [name for name in ("weeks", "days", "hours", "minutes") if getattr(body, name)]
                move_clock(clock.now() + delta, given[0] if given else "days")
            events = service.run_due_events()
        return {**clock_view(), "events": events}

    @sim.post("/orders/{order_id}/pay", response_model=models.OrderOut,
              responses={**with_headers(200, openapi.ORDER_HEADERS),
                         **refusals(SIM, JSON_BODY, PATH, {
                             404: ("order.not_found",),
                             409: ("payment.slip_not_delivered", "payment.slip_lapsed", "payment.already_paid",
                                   "payment.not_a_slip_order", "payment.paid_on_future"),
                             422: ("payment.amount_mismatch", "payment.confirm_on_outside_window")})})
    def pay(order_id: str, body: models.PayIn) -> JSONResponse:
        # A payment dated on an earlier day may be due to be confirmed already: this answer shows what it led to.
        with service.events_held:
            service.pay(order_id, body.place, body.amount, body.day("on"), body.day("confirm_on"))
            service.run_due_events()
        account = service.order_account(order_id)
        view = service.order(Principal(account, None, "account"), order_id)
        return order_response(view)

    @sim.get("/settings", response_model=models.SettingsOut, responses=refusals(SIM))
    def get_settings() -> dict[str, Any]:
        return service.settings()

    @sim.put("/settings", response_model=models.SettingsOut, responses=refusals(SIM, JSON_BODY))
    def put_settings(body: models.SettingsIn) -> dict[str, Any]:
        return service.update_settings(body.model_dump(exclude_none=True))

    @sim.get("/scenarios", response_model=models.ScenariosOut, responses=refusals(SIM))
    def list_scenarios() -> dict[str, Any]:
        return {"scenarios": scenarios.scenario_names(), "current": service.scenario_name}

    @sim.post("/scenario", response_model=models.ScenarioOut,
              responses=refusals(SIM, JSON_BODY, {422: ("sim.unknown_scenario", "world.invalid")}))
    def load_scenario(body: models.ScenarioIn) -> dict[str, Any]:
        start = None
        if body.start is not None:
            if not DATE.fullmatch(body.start):
                raise ApiError(422, "validation.invalid", field="start")
            start = date.fromisoformat(body.start)
        spd: Any = UNSET
        if "seconds_per_day" in body.model_fields_set:
            spd = body.seconds_per_day or None
        loaded = service.load_scenario(body.name, seed=body.seed, start=start, seconds_per_day=spd,
                                       customer_pays=body.customer_pays)
        app.state.faults.clear()  # a new world starts without the old run's faults
        return {**loaded, "seconds_per_day": clock.seconds_per_day, "installation": service.installation()}

    @sim.put("/world", response_model=models.ScenarioOut,
             responses=refusals(SIM, JSON_BODY, {422: ("world.invalid",)}))
    def put_world(body: world_models.WorldIn) -> dict[str, Any]:
        """Wipe the world and load this one (docs/worlds.md); a refused one changes nothing (422 world.invalid,
        each problem in details with its field)."""
        loaded = service.load_world(body)
        app.state.faults.clear()  # a new world starts without the old run's faults
        return {**loaded, "seconds_per_day": clock.seconds_per_day, "installation": service.installation()}

    @sim.get("/installation", response_model=models.InstallationOut,
             responses=refusals(SIM, {404: ("sim.no_installation",)}))
    def installation() -> dict[str, Any]:
        found = service.installation()
        if found is None:
            raise ApiError(404, "sim.no_installation")
        return found

    @sim.get("/outbox", response_model=models.MailsOut, responses=refusals(SIM))
    def outbox() -> dict[str, Any]:
        return {"mails": service.mails(None)}

    app.include_router(api)
    app.include_router(sim)
    if multi_world:  # each world: this server's settings, its own database, clock and simulation token
        worlds.install(app, functools.partial(
            create_app, qa_mode=True, token_ttl=token_ttl, before_order_commit=before_order_commit,
            expired_base=expired_base, erase_personal_data_after_days=erase_personal_data_after_days,
            login_limits=login_limits, real_time=real_time), prefix=f"{API_PREFIX}/sim", db_path=db_path,
            default_scenario=scenario, drop_idle_after=drop_idle_worlds_after, real_time=real_time,
            dependencies=[sim_access])
    if configure is not None:
        configure(app)
    return app

