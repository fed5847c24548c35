"""An order being submitted survives a crash or a restart.

Before ``POST /orders`` the client writes the body and its idempotency key to
disk; after the server's answer it removes them. On start, a pending
submission is sent again with the same key: the server replays its first
answer, so the order exists once. Call these off the UI thread.

The server remembers a key for :data:`KEY_KEPT_SECONDS` (docs/api.md). A submission kept longer than that is
not sent again: once the key is forgotten, the same body would be a second order if the first one arrived.
:func:`vb_renew.core.submission.resend_pending` matches it with its serial's open order instead.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from vb_renew.core.files import write_atomically

FILE_NAME = "pending-order.json"
KEY_KEPT_SECONDS = 24 * 3600.0  # how long the server keeps an Idempotency-Key's answer (real time)
RESEND_WITHIN_SECONDS = KEY_KEPT_SECONDS - 3600.0  # an hour's margin for the clocks of the PC and the server


class PendingOrders:
    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILE_NAME

    def save(self, idempotency_key: str, body: dict[str, Any]) -> None:
        """Keep a submission; a card's number and security code are never written to disk."""
        if body.get("card"):
            return  # card orders are retried in memory only (only the last four digits are ever kept)
        saved_at = self._first_saved(idempotency_key) or time.time()  # a resend keeps its key's first time
        data = json.dumps({"idempotency_key": idempotency_key, "body": body, "saved_at": saved_at},
                          ensure_ascii=False)
        write_atomically(self.path, data)  # a crash leaves the old file or the new one, never half of one

    def load(self) -> tuple[str, dict[str, Any]] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data["idempotency_key"], data["body"]
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            self.clear()  # unreadable: nothing to resend
            return None

    def _first_saved(self, idempotency_key: str) -> float | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("idempotency_key") != idempotency_key:
            return None
        saved_at = data.get("saved_at")
        return float(saved_at) if isinstance(saved_at, int | float) and not isinstance(saved_at, bool) else None

    def age(self, now: float | None = None) -> float | None:
        """Seconds since the pending submission was first kept (None: there is none). A file without the time
        (written by an older version) counts as too old to send again."""
        try:
            saved_at = json.loads(self.path.read_text(encoding="utf-8")).get("saved_at")
        except FileNotFoundError:
            return None
        except (ValueError, AttributeError):
            return float("inf")
        if not isinstance(saved_at, int | float) or isinstance(saved_at, bool):
            return float("inf")
        return (time.time() if now is None else now) - saved_at

    def resendable(self, now: float | None = None) -> bool:
        """Whether the server still remembers its key, so that sending it again cannot make a second order."""
        age = self.age(now)
        return age is not None and age < RESEND_WITHIN_SECONDS

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
