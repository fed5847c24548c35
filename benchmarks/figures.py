"""What every benchmark hands to ``run_all.py``: its figures, each with its limit, as one JSON line.

A benchmark run with ``--json`` prints its usual lines on stderr and, last on stdout, one line:

    {"benchmark": "first_paint", "figures": [{"figure": ..., "measured": 1.14, "unit": "x", "limit": 1.3,
     "shown": "138 ms vs 121 ms", "note": ...}, ...], "ok": true}

``measured`` and ``limit`` are numbers in ``unit``; a figure without a ``limit`` is shown for information (a
breakdown, a part of another figure). Every limit here is a maximum: lower is better. ``ok`` is False when the
benchmark could not measure what it should (not when a figure misses its limit).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    figure: str  # what was measured, in words
    measured: float | None  # None: not measured (see note)
    unit: str  # "ms", "s", "MiB", "%", "x"
    limit: float | None = None  # the target (a maximum), None: information only
    shown: str = ""  # the measured value as a person reads it, when more than number and unit
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.limit is None or self.measured is None:
            return None
        return self.measured <= self.limit


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile ``q`` (0..1) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def add_json_option(parser) -> None:
    parser.add_argument("--json", action="store_true",
                        help="print the figures as one JSON line on stdout (for run_all.py); the usual lines go to "
                             "stderr")


def human_stream(as_json: bool):
    """Where a benchmark prints its usual lines: stdout, or stderr when stdout carries the JSON line."""
    return sys.stderr if as_json else sys.stdout


def emit(benchmark: str, figures: list[Figure], as_json: bool, ok: bool = True) -> None:
    """With ``as_json``, the one JSON line on stdout; without, nothing more (the benchmark printed its lines)."""
    if as_json:
        print(json.dumps({"benchmark": benchmark, "figures": [asdict(f) for f in figures], "ok": ok},
                         ensure_ascii=False), flush=True)


# -- the process, from /proc (Linux) ----------------------------------------------------------------------------

def status_kib(field: str, pid: int | str = "self") -> int:
    """A ``/proc/<pid>/status`` line in KiB: ``RssAnon`` (anonymous memory), ``VmRSS``, ``VmHWM`` (peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/{pid}/status (Linux only)")


def cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU time of a process, all its threads (``/proc/<pid>/stat`` fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"
