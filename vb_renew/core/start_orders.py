"""The orders the app follows from its start: the one left pending, every open one, those that ended. No Qt.

Once the installed product has signed in, :func:`find_start_orders` (on a worker) picks up where the last run
left off:

1. An order whose answer never arrived (crash, kill, lost connection) is sent again with its key
   (:func:`~vb_renew.core.submission.resend_pending`: a transient failure keeps it for the next start; a refusal
   is reconciled with the open order of its serials, or dropped and the user told).
2. ``GET /orders`` with the product's token, then with the saved account login's (「ログイン情報を保存」 on the
   account route): an order placed there for another account is followed with that account's token.
3. :func:`~vb_renew.core.poller.sort_start_orders` splits them: the open orders to follow, and the orders in
   :class:`~vb_renew.core.poller.WatchedOrders` (or the one just resent) that ended while the app was closed.

Each step goes on when another fails: the answer, a :class:`StartOrders`, holds whatever could be learnt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from vb_renew.core.account import AccountSession
from vb_renew.core.api import ApiClient
from vb_renew.core.credentials import CredentialError
from vb_renew.core.data import Order
from vb_renew.core.errors import ApiError
from vb_renew.core.pending import PendingOrders
from vb_renew.core.poller import WatchedOrders, sort_start_orders
from vb_renew.core.submission import Outcome, Placed, Reconciled, Reconciliation, Transient, resend_pending

log = logging.getLogger(__name__)

ClientFactory = Callable[[], ApiClient]


@dataclass(frozen=True)
class StartOrders:
    """What the app follows from its start. Every tuple is newest first, as ``GET /orders`` lists them."""

    open: tuple[Order, ...] = ()  # to follow until each ends
    finished: tuple[Order, ...] = ()  # seen open by an earlier run, final now: to follow and announce
    resent: Outcome | None = None  # the pending order's resend; None: nothing was pending, or it got no answer
    account: AccountSession | None = None  # the saved account login that placed ``account_orders``
    account_orders: frozenset[str] = frozenset()  # the ids of the orders to follow with the account's token

    def client_factory(self, order: Order) -> ClientFactory | None:
        """Whose clients follow ``order``: the saved account's, or None for the installed product's."""
        if self.account is not None and order.id in self.account_orders:
            return self.account.client
        return None

    @property
    def placed(self) -> bool:
        """The pending order was placed (or its first answer replayed): the licence now names it."""
        return isinstance(self.resent, Placed)

    @property
    def dropped(self) -> Reconciliation | None:
        """Why the pending order was dropped, never to be sent (the user is told); None if it was not."""
        if isinstance(self.resent, Reconciled) and self.resent.dropped:
            return self.resent.reason
        return None

    @property
    def to_show(self) -> Order | None:
        """The order whose page opens at start, if the main screen is still on: one that ended meanwhile (the
        newest), else the open order the pending one turned out to be."""
        if self.finished:
            return self.finished[0]
        if isinstance(self.resent, Reconciled):
            return self.resent.order
        return None


def find_start_orders(client_factory: ClientFactory, pending: PendingOrders | None = None,
                      watched: WatchedOrders | None = None,
                      saved_account: Callable[[], AccountSession | None] | None = None) -> StartOrders:
    """Worker thread, at start: resend the pending order, then find every order to follow (see the module).

    ``client_factory`` gives the installed product's clients; ``saved_account()`` the saved account login, or
    None (e.g. ``functools.partial(core.account.session_from_saved, base_url, store)``).
    """
    resent = _resend(client_factory, pending)
    orders = _product_orders(client_factory)
    if orders is None:  # which orders the account's token should follow cannot be told: none
        orders, account, account_orders = [], None, {}
    else:
        account, account_orders = _saved_account_orders(saved_account, {o.id for o in orders})
    seen = _load(watched)
    resent_order = resent.order if isinstance(resent, Placed | Reconciled) else None
    if resent_order is not None:
        seen.add(resent_order.id)  # the app had it pending: if it ended since, it is news
    open_orders, finished = sort_start_orders([*orders, *account_orders.values()], seen)
    if resent_order is not None and resent_order.id not in {o.id for o in orders} | set(account_orders):
        open_orders.insert(0, resent_order)  # not listed (another account's, or the lists could not be read)
    return StartOrders(tuple(open_orders), tuple(finished), resent, account, frozenset(account_orders))


def _resend(client_factory: ClientFactory, pending: PendingOrders | None) -> Outcome | None:
    if pending is None:
        return None
    try:
        outcome = resend_pending(client_factory, pending)
    except Exception as error:  # not the server's answer (the disk, a refusal while reconciling): kept
        log.warning("pending order not sent yet: %r", error)
        return None
    if isinstance(outcome, Transient):
        log.warning("pending order not placed yet: %r", outcome)
    return outcome


def _product_orders(client_factory: ClientFactory) -> list[Order] | None:
    """The installed product's orders; None when they cannot be read now (the next start tries again)."""
    client = client_factory()
    try:
        return client.orders()
    except ApiError as error:
        log.warning("could not list orders: %r", error)
        return None
    finally:
        client.close()


def _saved_account_orders(saved_account: Callable[[], AccountSession | None] | None,
                          known: set[str]) -> tuple[AccountSession | None, dict[str, Order]]:
    """The saved account login's orders that the product's session does not see (its own ids first)."""
    if saved_account is None:
        return None, {}
    try:
        account = saved_account()
        if account is None:
            return None, {}
        client = account.client()
        try:
            orders = client.orders()
        finally:
            client.close()
    except (CredentialError, ApiError) as error:  # no keyring, an expired login: nothing more to follow
        log.info("no orders of a saved account login: %r", error)
        return None, {}
    return account, {o.id: o for o in orders if o.id not in known}


def _load(watched: WatchedOrders | None) -> set[str]:
    if watched is None:
        return set()
    try:
        return watched.load()
    except OSError as error:  # unreadable: nothing is announced this time, the orders are still followed
        log.warning("could not read the orders followed before: %r", error)
        return set()
