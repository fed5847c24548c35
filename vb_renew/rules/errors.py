"""Refusals and validation errors, as values with a stable code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vb_renew.i18n import Text


@dataclass(frozen=True)
class Violation:
    """One broken rule: a stable machine code, a Japanese message, and the field it concerns."""

    code: str
    text: Text
    field: str | None = None
    # Placeholder values of ``text`` as (name, value) pairs (a dataclass field must be hashable).
    params: tuple[tuple[str, str], ...] = ()

    @property
    def values(self) -> dict[str, str]:
        """What the UI fills in after translating: ``translate(ctx, src).format(**values)``."""
        return dict(self.params)

    @property
    def message(self) -> str:
        """The Japanese message with its placeholders filled (for the API and logs)."""
        return self.text.format(**self.values) if self.params else self.text.source

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class RuleError(ValueError):
    """Raised where a rule cannot return a value; carries one or more violations."""

    def __init__(self, violations: Violation | Iterable[Violation]) -> None:
        self.violations: tuple[Violation, ...] = (
            (violations,) if isinstance(violations, Violation) else tuple(violations)
        )
        if not self.violations:
            raise ValueError("RuleError needs at least one violation")
        super().__init__("; ".join(f"{v.code}: {v.message}" for v in self.violations))

    @property
    def first(self) -> Violation:
        return self.violations[0]
