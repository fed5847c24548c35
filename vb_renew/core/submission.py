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

:func:`send` and :func:`resend_pending` block (run them on a worker); :class:`Submission` is the state of
one application on the UI thread: its key, its body, and how many automatic resends it has had, with
:meth:`Submission.retry_delay` saying whether and when the next one goes. The caller keeps the timer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from vb_renew.core.api import ApiClient
from vb_renew.core.backoff import ORDER_SUBMIT, Backoff
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
    order: dict[str, Any]
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
    client = client_factory()
    try:
        answer = client.place_order(body, key)
        outcome: Outcome = Placed(answer.order, answer.replayed)
    except ApiError as error:
        outcome = outcome_of(error)
    finally:
        client.close()
    if not outcome.keeps_pending:
        pending.clear()
    return outcome


def resend_pending(client_factory: Callable[[], ApiClient], pending: PendingOrders) -> Outcome | None:
    """Worker thread, at start: send a pending order again with its key (None: there was none).

    The server replays its first answer when the first send was stored; the outcome clears the file or
    keeps it exactly as in the wizard (a 409 or a refusal clears it, so a stale order is not sent forever).
    """
    saved = pending.load()
    if saved is None:
        return None
    key, body = saved
    outcome = send(client_factory, pending, key, body, save=False)
    log.info("pending order resent: %s", type(outcome).__name__)
    return outcome


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
