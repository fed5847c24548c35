"""An order being submitted survives a crash or a restart.

Before ``POST /orders`` the client writes the body and its idempotency key to
disk; after the server's answer it removes them. On start, a pending
submission is sent again with the same key: the server replays its first
answer, so the order exists once. Call these off the UI thread.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vb_renew.core.files import write_atomically

FILE_NAME = "pending-order.json"


class PendingOrders:
    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILE_NAME

    def save(self, idempotency_key: str, body: dict[str, Any]) -> None:
        """Keep a submission; a card's number and security code are never written to disk."""
        if body.get("card"):
            return  # card orders are retried in memory only (only the last four digits are ever kept)
        data = json.dumps({"idempotency_key": idempotency_key, "body": body}, ensure_ascii=False)
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

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
