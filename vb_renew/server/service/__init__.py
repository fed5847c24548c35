"""The simulated renewal service: one module per concern, behind the :class:`Service` the app calls.

Plain Python over the SQL of :mod:`vb_renew.server.store`: no HTTP here (the app maps
:class:`~vb_renew.server.errors.ApiError` to answers). Every rule comes from :mod:`vb_renew.rules`.
Every state change is one transaction; an order's change bumps its ``version`` and, once committed,
tells the listeners (the long polls) through ``order_listeners``.

- :mod:`.world`: what the parts share (database, clock, catalogue, listeners, settings) and the scenario.
- :mod:`.settings`: the world's settings QA changes at run time (the clock's run mode, whether the simulated
  customer pays, the expired licence's base); the clock's run policy.
- :mod:`.auth`: passwords (hashing bounded to the CPUs), failed-login limits, tokens, who is asking
  (:class:`Principal`).
- :mod:`.licences`: the licences one sees, their renewal status and options.
- :mod:`.orders`: applying (idempotency, the order's lines) and reading orders.
- :mod:`.events`: the order life cycle (the rules' table) and the scheduled events.
- :mod:`.payments`: the simulated card processor and paying a slip.
- :mod:`.mails`: the mails sent and the outbox.
- :mod:`.views`: the API's JSON.
- :mod:`.retention`: erasing closed orders' customer details after a set time.

The methods are blocking (SQLite, scrypt): the app calls them from its thread pool.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from vb_renew.rules import extension
from vb_renew.rules.catalogue import Catalogue, load_catalogue
from vb_renew.server.clock import SimClock
from vb_renew.server.db import Database
from vb_renew.server.service.auth import Auth, LoginLimits, Principal
from vb_renew.server.service.events import LifeCycle
from vb_renew.server.service.licences import Licences
from vb_renew.server.service.mails import Mails
from vb_renew.server.service.orders import Orders
from vb_renew.server.service.payments import Payments
from vb_renew.server.service.retention import Retention
from vb_renew.server.service.settings import Settings
from vb_renew.server.service.world import DEFAULT_TOKEN_TTL, World

__all__ = ["DEFAULT_TOKEN_TTL", "LoginLimits", "Principal", "Service"]


class Service:
    """The domain, for the app: each call goes to the module of its concern. Thread-safe through the
    database's lock (and the orders' in-flight set under its own)."""

    def __init__(self, db: Database, clock: SimClock, *, token_ttl: float = DEFAULT_TOKEN_TTL,
                 real_time: Callable[[], float] = time.time, catalogue: Catalogue | None = None,
                 expired_base: extension.ExpiredBase = extension.ExpiredBase.CONFIRMATION_DATE,
                 erase_personal_data_after_days: float | None = None,
                 login_limits: LoginLimits | None = None) -> None:
        self.world = World(db, clock, catalogue or load_catalogue(), token_ttl=token_ttl, real_time=real_time,
                           expired_base=expired_base)
        self.db = db
        self.clock = clock
        self.order_listeners = self.world.order_listeners  # told after commit: order id changed
        self.schedule_listeners = self.world.schedule_listeners  # told after commit: events were added
        self.auth = Auth(self.world, login_limits)  # limits: resources/simulation.json unless given
        self.licences_ = Licences(self.world)
        self.mails_ = Mails(self.world)
        self.settings_ = Settings(self.world)
        self.life = LifeCycle(self.world, self.mails_, self.settings_)
        self.payments = Payments(self.world, self.life)
        self.life.pay_slip = self.payments.pay_slip
        self.settings_.customer_started = self.life.customer_catches_up
        # The clock runs as the settings say (by default only while some order is open): it follows every
        # committed change that may open or close an order, and a database left mid-way by a crash, now.
        clock.policy = self.settings_.clock_may_run
        self.order_listeners.append(lambda _order_id: clock.follow())
        self.schedule_listeners.append(clock.follow)
        clock.follow()
        self.orders_ = Orders(self.world, self.licences_, self.life, self.payments, self.mails_)

        # The app's calls, by concern.
        self.installation = self.world.installation
        self.check_password = self.auth.check_password
        self.login = self.auth.login
        self.password_login = self.auth.password_login
        self.login_product = self.auth.login_product
        self.logout = self.auth.logout
        self.authenticate = self.auth.authenticate
        self.licences = self.licences_.licences
        self.licence = self.licences_.licence
        self.renewal_options = self.licences_.renewal_options
        self.create_order = self.orders_.create_order
        self.order = self.orders_.order
        self.orders = self.orders_.orders
        self.order_version = self.orders_.order_version
        self.current_order = self.orders_.current
        self.order_account = self.orders_.order_account
        self.pay = self.payments.pay
        self.settings = self.settings_.as_json
        self.update_settings = self.settings_.update
        self.next_event_due = self.life.next_event_due
        self.run_due_events = self.life.run_due_events
        # Held while a QA call moves the clock and runs what it passed: the background runner waits meanwhile.
        self.events_held = self.life.running
        self.mails = self.mails_.mails
        self.retention = Retention(db, clock, erase_personal_data_after_days)
        self.erase_personal_data = self.retention.erase_due

    def check_clock_move(self, target: datetime, field: str) -> None:
        """409 unless the clock may go to ``target``: within the world's days, not before its history."""
        self.life.check_clock_move(target, field, self.retention.erase_after_days)

    def load_scenario(self, name: str, **options: Any) -> dict[str, Any]:
        """A new world (:meth:`World.load_scenario`), in which nobody has failed to log in yet."""
        loaded = self.world.load_scenario(name, self.orders_, **options)
        self.auth.clear_attempts()
        return loaded

    def load_world(self, document: Any, **options: Any) -> dict[str, Any]:
        """A new world from a validated document (:meth:`World.load_world`: its open orders through our order
        path), in which nobody has failed to log in yet."""
        loaded = self.world.load_world(document, self.orders_, **options)
        self.auth.clear_attempts()
        return loaded

    @property
    def seed(self) -> int:
        return self.world.seed

    @property
    def scenario_name(self) -> str | None:
        return self.world.scenario_name

    def is_seeded(self) -> bool:
        return self.world.scenario_name is not None
