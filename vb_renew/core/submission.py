"""Submitting an order: its idempotency key, the pending-order file, the resends and the outcome. No Qt.

One application body has one idempotency key: made when it is first sent, kept by every automatic
resend, by 「再試行」 and by the resend at the next start, renewed only when the body changes. Before
each send the body and its key are written to :class:`~vb_renew.core.pending.PendingOrders` (a card
order never is: it is resent in memory only); the outcome decides whether the file is kept:

- :class:`Placed`: the order exists (``replayed``: the server answered a repeat with its first answer).
  Cleared.
- :class:`Refused`: the server refused this body for good (a 4xx: a field, a rule, the key reused with
  another body). Cleared: a refused order stores nothing, so there is nothing to resend.
- :class:`Conflict`: 409 ``order.already_open``: a serial already has an open order (typically this very
  order, placed by an earlier send whose key the server no longer keeps). Cleared.
- :class:`Transient`: the network, a timeout, a 5xx, a 429, the same key still in flight. Kept: the
  same key is sent again, now or at the next start.

At start (:func:`resend_pending`) the client reconciles instead of resending blindly: a pending order refused
for good (a :class:`Conflict` or a :class:`Refused`) is matched with the open order of its serials, as the
licence names it (``open_order``), and becomes a :class:`Reconciled`: follow that order, or drop the pending
one with a notice to the user. Either way it is cleared, never sent later; only a :class:`Transient` keeps it.

:func:`send` and :func:`resend_pending` block (run them on a worker); :class:`Submission` is the state of
one application on the UI thread: its key, its body, and how many automatic resends it has had, with
:meth:`Submission.retry_delay` saying whether and when the next one goes. The caller keeps the timer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, ClassVar

from vb_renew.core.api import ApiClient
from vb_renew.core.backoff import ORDER_SUBMIT, Backoff
from vb_renew.core.data import Order
from vb_renew.core.errors import ApiError
from vb_renew.core.flow import Draft
from vb_renew.core.pending import PendingOrders

log = logging.getLogger(__name__)

ALREADY_OPEN = "order.already_open"
# Fields the customer can correct on the details page (S6 or the card page); any other refusal is shown on S7.
FORM_FIELDS = ("customer.", "card.")


@dataclass(frozen=True)
class Outcome:
    """What came of one send. ``keeps_pending``: the pending order stays on disk to be sent again."""

    keeps_pending: ClassVar[bool] = False


@dataclass(frozen=True)
class Placed(Outcome):
    order: Order
    replayed: bool = False


@dataclass(frozen=True)
class Refused(Outcome):
    error: ApiError

    @property
    def code(self) -> str:
        return self.error.code

    @property
    def field(self) -> str | None:
        return self.error.field

    @property
    def form_field(self) -> str | None:
        """The field of the customer's details or card to correct, or None (the refusal is about the order)."""
        field = self.error.field
        return field if field and field.startswith(FORM_FIELDS) else None


@dataclass(frozen=True)
class Conflict(Outcome):
    """409 ``order.already_open``: a serial of this order already has an open order."""

    error: ApiError

    @property
    def field(self) -> str | None:
        return self.error.field


@dataclass(frozen=True)
class Transient(Outcome):
    error: ApiError
    keeps_pending: ClassVar[bool] = True

    @property
    def retry_after(self) -> float | None:
        return self.error.retry_after


@dataclass(frozen=True)
class Expired(Outcome):
    """A pending order not sent again at start: kept longer than the server keeps its key, it could now be a
    second order."""


class Reconciliation(StrEnum):
    """What becomes of a pending order refused (or expired) at start."""

    FOLLOW = "follow"  # one of its serials has an open order: follow that one instead
    CLOSED = "closed"  # no order of its serials is open (any more): dropped, the user is told
    ELSEWHERE = "elsewhere"  # its serial's open order is another account's: dropped, the user is told
    EXPIRED = "expired"  # too old to send again, and no order of its serials is open: dropped, the user is told


@dataclass(frozen=True)
class Reconciled(Outcome):
    """A pending order refused at start (``refusal``: its :class:`Conflict`, :class:`Refused` or
    :class:`Expired`), matched with
    the open order of its serials. ``order``: the open order to follow (``FOLLOW``), else None (dropped)."""

    refusal: Outcome
    reason: Reconciliation
    order: Order | None = None

    @property
    def dropped(self) -> bool:
        return self.order is None


def outcome_of(error: ApiError) -> Outcome:
    """A failed ``POST /orders`` as an outcome."""
    if error.transient:
        return Transient(error)
    if error.status == 409 and error.code == ALREADY_OPEN:
        return Conflict(error)
    return Refused(error)


def send(client_factory: Callable[[], ApiClient], pending: PendingOrders, key: str, body: dict[str, Any], *,
         save: bool = True) -> Outcome:
    """Worker thread: keep the order on disk (``save``), send it under ``key``, keep or clear it by the outcome.

    A failure that is not the server's answer (the disk, the sign-in of ``client_factory``) is raised and
    leaves the pending order as it was.
    """
    if save:
        pending.save(key, body)  # before the request: a crash leaves it to be resent with the same key
    outcome = _post(client_factory, key, body)
    if not outcome.keeps_pending:
        pending.clear()
    return outcome


def _post(client_factory: Callable[[], ApiClient], key: str, body: dict[str, Any]) -> Outcome:
    client = client_factory()
    try:
        answer = client.place_order(body, key)
        return Placed(answer.order, answer.replayed)
    except ApiError as error:
        return outcome_of(error)
    finally:
        client.close()


def resend_pending(client_factory: Callable[[], ApiClient], pending: PendingOrders,
                   now: float | None = None) -> Outcome | None:
    """Worker thread, at start: send a pending order again with its key (None: there was none).

    The server replays its first answer when the first send was stored (:class:`Placed`). A refusal for good
    (a 409 ``order.already_open`` or any other) is reconciled with the open order of its serials
    (:class:`Reconciled`) and the file cleared, so a stale order is never sent again; a :class:`Transient`
    failure, of the send or of the reconciling, keeps it for the next start. A failure that is not the
    server's answer is raised and leaves the file as it was. One kept longer than the server keeps its key
    (``PendingOrders.resendable``; ``now``: the wall clock, in seconds since the epoch) is not sent at all: it is
    :class:`Expired`, and reconciled the same way.
    """
    saved = pending.load()
    if saved is None:
        return None
    key, body = saved
    if pending.resendable(now):
        outcome = _post(client_factory, key, body)
    else:
        outcome = Expired()  # the server may have forgotten its key: never sent again, only matched
    if isinstance(outcome, Conflict | Refused | Expired):
        try:
            outcome = reconcile(client_factory, outcome, serials_of(body))
        except ApiError as error:
            if not error.transient:
                raise
            outcome = Transient(error)  # matched at the next start
    if not outcome.keeps_pending:
        pending.clear()
    log.info("pending order resent: %s", _describe(outcome))
    return outcome


def serials_of(body: dict[str, Any]) -> list[str]:
    return [str(item["serial"]) for item in body.get("items") or () if isinstance(item, dict) and item.get("serial")]


def reconcile(client_factory: Callable[[], ApiClient], refusal: Outcome, serials: Iterable[str]) -> Reconciled:
    """Worker thread: the open order of one of ``serials`` to follow, or the reason to drop the order refused.

    Each licence names its open order (``open_order``); the first one this sign-in can read and that is still
    open is followed. A serial it cannot see, or an order of another account (404), is not ours to follow.
    """
    client = client_factory()
    elsewhere = False
    try:
        for serial in serials:
            try:
                order_id = client.licence(serial).open_order
                order = client.poll_order(order_id).order if order_id else None
            except ApiError as error:
                if error.status != 404:
                    raise
                elsewhere = elsewhere or error.code == "order.not_found"
                continue
            if order is not None and order.open:
                return Reconciled(refusal, Reconciliation.FOLLOW, order)
    finally:
        client.close()
    if elsewhere:
        return Reconciled(refusal, Reconciliation.ELSEWHERE)
    return Reconciled(refusal, Reconciliation.EXPIRED if isinstance(refusal, Expired) else Reconciliation.CLOSED)


def _describe(outcome: Outcome) -> str:
    if isinstance(outcome, Reconciled):
        target = outcome.order.id if outcome.order else None
        return f"{type(outcome.refusal).__name__}, reconciled: {outcome.reason} {target or ''}".rstrip()
    return type(outcome).__name__


class Submission:
    """One application's submission, as the UI thread sees it: key, body, automatic resends.

    Use: ``draft = submission.start(draft)`` on 「同意して…」, or ``submission.again()`` on 「再試行」; run
    ``submission.job(client_factory)`` on a worker; with its outcome, ``submission.retry_delay(outcome)``
    says after how many seconds the next automatic resend goes (None: no more, the user decides).
    """

    def __init__(self, pending: PendingOrders, backoff: Backoff = ORDER_SUBMIT) -> None:
        self.pending = pending
        self.backoff = backoff
        self.key: str | None = None
        self.body: dict[str, Any] | None = None
        self.attempt = 0  # automatic resends so far

    def reset(self) -> None:
        """A new application: no key yet."""
        self.key, self.body, self.attempt = None, None, 0

    def start(self, draft: Draft) -> Draft:
        """Submit ``draft``: its key is kept while its body is the one keyed, renewed when the body changed."""
        body = draft.order_body()
        if draft.idempotency_key and body != self.body:
            draft = replace(draft, idempotency_key=None)  # another application: another key
        draft = draft.with_key()
        self.key, self.body, self.attempt = draft.idempotency_key, body, 0
        return draft

    def again(self) -> bool:
        """「再試行」: the same body under the same key, with the automatic resends counted afresh."""
        if self.key is None:
            return False
        self.attempt = 0
        return True

    def job(self, client_factory: Callable[[], ApiClient]) -> Callable[[], Outcome]:
        """The send, for a worker thread (it reads nothing of this object once made)."""
        key, body, pending = self.key, self.body, self.pending
        if key is None or body is None:
            raise RuntimeError("start() the submission first")
        return lambda: send(client_factory, pending, key, body)

    def retry_delay(self, outcome: Outcome) -> float | None:
        """Seconds before the next automatic resend after ``outcome``, counting it; None when there is none."""
        if not isinstance(outcome, Transient):
            return None
        delay = self.backoff.delay(self.attempt, retry_after=outcome.retry_after)
        if delay is not None:
            self.attempt += 1
            log.info("order submission failed (%r); resend %d in %.1f s with the same key", outcome.error,
                     self.attempt, delay)
        return delay
