"""The application being typed survives a closed window or a crash: the wizard's draft on disk. No Qt.

What a draft holds: the serials chosen, the product and years chosen for each, and the customer's details
(the fields of :data:`vb_renew.rules.customer.FIELDS`: names, furigana, postal code, address, phone, e-mail).
Never a card field (number, expiry, security code, holder): :class:`FormDraft` has no place for one, and
reading a file keeps only the fields it knows.

When the wizard "holds input" (what asks before it is left, :func:`has_input`): a customer's field the user
filled (the e-mail the wizard pre-filled does not count until it is changed) or any card field. A product
chosen on S5 alone is one click to choose again: it neither asks nor is kept (:func:`worth_keeping`).

Where: one file per set of serials the wizard started with (:func:`draft_key`), in ``drafts/`` under the
user's data folder, written whole or not at all (:func:`vb_renew.core.files.write_atomically`). A file older
than :data:`KEPT_DAYS` is not restored. A file that cannot be read or understood is ignored (and logged),
never a crash. Call :class:`DraftStore` off the UI thread (disk); it is safe from several threads at once.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vb_renew.core.data import RenewalOptions
from vb_renew.core.files import write_atomically
from vb_renew.core.flow import Choice
from vb_renew.rules.customer import FIELDS as CUSTOMER_FIELDS

log = logging.getLogger(__name__)

FOLDER = "drafts"
VERSION = 1
KEPT_DAYS = 30  # [sim] a draft not touched for a month is not offered again


@dataclass(frozen=True)
class SavedChoice:
    """A product and years chosen on S5 for one serial (the price is read again from the options)."""

    serial: str
    product: str
    years: int


@dataclass(frozen=True)
class FormDraft:
    """An application not yet sent, as kept on disk: no card field, by construction."""

    serials: tuple[str, ...]  # the serials the wizard started with: the key
    selected: tuple[str, ...] = ()
    choices: tuple[SavedChoice, ...] = ()
    customer: Mapping[str, str] = field(default_factory=dict)
    saved_at: float = 0.0

    @classmethod
    def of(cls, serials: Iterable[str], selected: Iterable[str], choices: Iterable[Choice],
           customer: Mapping[str, str], saved_at: float | None = None) -> FormDraft:
        """The draft of the wizard's state: only the customer's fields are taken from ``customer``."""
        return cls(serials=tuple(serials), selected=tuple(selected),
                   choices=tuple(SavedChoice(c.serial, c.product, c.years) for c in choices),
                   customer=customer_fields(customer), saved_at=time.time() if saved_at is None else saved_at)

    def to_json(self) -> str:
        return json.dumps({
            "version": VERSION, "key": draft_key(self.serials), "serials": list(self.serials),
            "selected": list(self.selected),
            "choices": [{"serial": c.serial, "product": c.product, "years": c.years} for c in self.choices],
            "customer": customer_fields(self.customer), "saved_at": self.saved_at,
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> FormDraft:
        """Read a draft; ValueError (or KeyError, TypeError) if it is not one."""
        raw = json.loads(text)
        if not isinstance(raw, dict) or raw.get("version") != VERSION:
            raise ValueError("not a draft of this version")
        serials = tuple(_strings(raw["serials"]))
        if draft_key(serials) != raw.get("key"):
            raise ValueError("the key does not match the serials")
        choices = []
        for item in raw.get("choices") or []:
            years = item["years"]
            if not isinstance(years, int) or isinstance(years, bool):
                raise ValueError("years is not a whole number")
            choices.append(SavedChoice(str(item["serial"]), str(item["product"]), years))
        customer = raw.get("customer") or {}
        if not isinstance(customer, dict):
            raise ValueError("customer is not an object")
        saved_at = raw.get("saved_at")
        if not isinstance(saved_at, int | float) or isinstance(saved_at, bool):
            raise ValueError("saved_at is not a time")
        return cls(serials=serials, selected=tuple(_strings(raw.get("selected") or [])), choices=tuple(choices),
                   customer=customer_fields(customer), saved_at=float(saved_at))


def _strings(values: Any) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError("not a list of strings")
    return values


def customer_fields(values: Mapping[str, Any]) -> dict[str, str]:
    """The customer's fields of ``values``, as text; anything else (a card's field) is left out."""
    return {key: str(values[key]) for key in CUSTOMER_FIELDS if key in values and values[key] is not None}


def draft_key(serials: Iterable[str]) -> str:
    """The key of the serials an application started with: the same set, in any order, the same draft."""
    return " ".join(sorted(set(serials)))


# -- "filled" ---------------------------------------------------------------------------------------


def has_customer_input(customer: Mapping[str, str], prefilled: Mapping[str, str] | None = None) -> bool:
    """A customer's field holds what the user put there (a pre-filled value, unchanged, does not count)."""
    prefilled = prefilled or {}
    for key in CUSTOMER_FIELDS:
        value = str(customer.get(key) or "").strip()
        if value and value != str(prefilled.get(key) or "").strip():
            return True
    return False


def has_input(customer: Mapping[str, str], card: Mapping[str, str] | None = None,
              prefilled: Mapping[str, str] | None = None) -> bool:
    """The wizard holds input that leaving it would lose: a customer's field, or any card field."""
    return has_customer_input(customer, prefilled) or any(str(v or "").strip() for v in (card or {}).values())


def worth_keeping(draft: FormDraft, prefilled: Mapping[str, str] | None = None) -> bool:
    """Whether to keep ``draft`` on disk: the user typed some of the customer's details."""
    return has_customer_input(draft.customer, prefilled)


# -- restoring ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """What of a draft still holds against today's renewal options."""

    selected: tuple[str, ...]
    choices: tuple[Choice, ...]

    @property
    def complete(self) -> bool:
        """Every selected serial has its choice: the wizard can go on where the user was, to the details."""
        return bool(self.selected) and {c.serial for c in self.choices} == set(self.selected)


def restore(draft: FormDraft, renewable: tuple[str, ...], options: RenewalOptions) -> Restored:
    """The draft's serials and choices that can still be ordered: serials still renewable, products still
    offered and not refused, years still sold; prices as the options say today (not as they were)."""
    selected = tuple(serial for serial in renewable if serial in set(draft.selected))
    if not selected:
        selected = renewable if len(renewable) == 1 else ()
    choices: list[Choice] = []
    for saved in draft.choices:
        item = options.item(saved.serial)
        option = item.option(saved.product) if item is not None and saved.serial in selected else None
        price = option.price(saved.years) if option is not None and option.refusal is None else None
        if price is not None and saved.serial not in {c.serial for c in choices}:
            choices.append(Choice(saved.serial, saved.product, saved.years, price, option.upgrade))
    order = {serial: index for index, serial in enumerate(selected)}
    return Restored(selected, tuple(sorted(choices, key=lambda c: order[c.serial])))


# -- the files -----------------------------------------------------------------------------------------


class DraftStore:
    """The drafts on disk, one file per set of serials. Off the UI thread; safe from several threads.

    :meth:`put` takes a sequence number from :meth:`ticket`, taken when the state was read (on the UI
    thread): a write that arrives after a newer one (two workers of a pool) is dropped, so the file always
    ends with the latest state.
    """

    def __init__(self, folder: Path, kept_days: float = KEPT_DAYS) -> None:
        self.folder = Path(folder) / FOLDER
        self.kept_seconds = kept_days * 86400
        self._lock = threading.Lock()
        self._last: dict[str, int] = {}
        self._tickets = itertools.count(1)

    def ticket(self) -> int:
        """The sequence number of a state read now (increasing; no disk)."""
        return next(self._tickets)

    def path(self, serials: Iterable[str]) -> Path:
        digest = hashlib.sha256(draft_key(serials).encode("utf-8")).hexdigest()[:20]
        return self.folder / f"draft-{digest}.json"

    def put(self, serials: Iterable[str], draft: FormDraft | None, sequence: int) -> None:
        """Keep ``draft`` (None: remove the serials' draft), unless a later ``sequence`` was put already."""
        serials = tuple(serials)
        key = draft_key(serials)
        with self._lock:
            if sequence <= self._last.get(key, -1):
                return
            self._last[key] = sequence
            if draft is None:
                self.path(serials).unlink(missing_ok=True)
            else:
                write_atomically(self.path(serials), draft.to_json())

    def save(self, draft: FormDraft) -> None:
        self.put(draft.serials, draft, self.ticket())

    def clear(self, serials: Iterable[str]) -> None:
        self.put(serials, None, self.ticket())

    def load(self, serials: Iterable[str], now: float | None = None) -> FormDraft | None:
        """The serials' draft, or None: none, too old, or unreadable (ignored, logged, never raised)."""
        serials = tuple(serials)
        path = self.path(serials)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            log.warning("the saved draft %s cannot be read, ignored: %s", path.name, type(error).__name__)
            return None
        try:
            draft = FormDraft.from_json(text)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            log.warning("the saved draft %s is not a draft, ignored: %s", path.name, type(error).__name__)
            return None
        if draft_key(draft.serials) != draft_key(serials):
            log.warning("the saved draft %s is another application's, ignored", path.name)
            return None
        if (time.time() if now is None else now) - draft.saved_at > self.kept_seconds:
            log.info("the saved draft %s is older than %d days, not restored", path.name, KEPT_DAYS)
            return None
        return draft
