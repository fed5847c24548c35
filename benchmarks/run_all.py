"""Every benchmark of vb-renew, one after the other, and one table: figure, measured, limit, ratio to it, met.

    .venv/bin/python benchmarks/run_all.py [--quick] [--markdown] [--only NAME ...] [--skip NAME ...]
                                           [--suite-log FILE] [--bundle]

Each benchmark runs as a process of its own with ``--json`` (``figures.py``): its usual lines stream to stderr as
it goes, its figures come back as one JSON line, and the table is printed on stdout at the end, with the machine,
the date and the load average before and after (the figures of a shared machine are noisy: read them with it).

The benchmarks, in the order they run (the names for ``--only`` and ``--skip``):

    first_paint    first paint from source, vs a bare PySide6 window (target <= 1.3x)
    whole_flow     S1 -> extended licence on S1, the clock moved by the sim API (<= 3 s)
    step_switch    click -> next step painted, every step, UI thread p95 (<= 16 ms)
    never_frozen   longest UI stall over 30 s, 2 s latency on every request (<= 50 ms)
    memory         anonymous memory on S1 with the backend up (<= 64 MiB), after S6's postal lookup (<= 72 MiB)
    idle_cost      CPU over 60 s waiting for a payment (<= 1 % of one core)
    longpoll_500   long poll, 500 clients: one change to all answered, p99 (<= 100 ms)
    longpoll_2000  long poll, 2,000 clients (<= 300 ms)
    login_burst    200 concurrent logins: p99 (<= 1 s), server peak memory (<= 250 MiB)
    order_burst    200 concurrent orders, one serial and distinct serials: the same targets
    test_suite     the whole test suite's wall time, -n auto as README's command (<= 120 s)
    bundle         only with --bundle, after ``bash .ci/build-bundle``: bundle size and frozen first paint (<= 1.3x)

``--quick`` runs fewer rounds, idles 15 s instead of 60 and watches for stalls 10 s instead of 30, leaves out
the 2,000-client long poll and the test suite (about three minutes instead of eight, on 2 cores). ``--suite-log FILE``
reads the suite's wall time from the output of a run instead of running it (pytest's last line,
``... passed in 97.31s``). Exit status: 0 every target met, 1 some missed, 2 a benchmark could not run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SUITE_TARGET_S = 120.0


def benchmarks(quick: bool) -> list[tuple[str, list[str], float]]:
    """(name, arguments of its script, time limit in seconds), in the order they run."""
    def pick(full: list[str], fast: list[str]) -> list[str]:
        return fast if quick else full

    return [
        ("first_paint", ["first_paint.py", *pick(["--runs", "21"], ["--runs", "5"])], 600),
        ("whole_flow", ["whole_flow.py", *pick(["--runs", "3"], ["--runs", "1"])], 1800),
        ("step_switch", ["step_switch.py", *pick(["--runs", "12", "--again", "3"], ["--runs", "2", "--again", "1"])],
         1800),
        ("never_frozen", ["never_frozen.py", *pick(["--seconds", "30"], ["--seconds", "10"])], 600),
        ("memory", ["memory.py", *pick(["--runs", "3"], ["--runs", "1"])], 900),
        ("idle_cost", ["idle_cost.py", *pick(["--seconds", "60"], ["--seconds", "15"])], 600),
        ("longpoll_500", ["longpoll.py", "--clients", "500"], 400),
        *([] if quick else [("longpoll_2000", ["longpoll.py", "--clients", "2000", "--deadline", "400"], 600)]),
        ("login_burst", ["login_burst.py", "--clients", "200"], 400),
        ("order_burst", ["order_burst.py", "--clients", "200"], 600),
    ]


def run_benchmark(name: str, script_args: list[str], limit: float, python: str) -> dict:
    """Run one benchmark with --json; its figures, or a failure row."""
    command = [python, str(HERE / script_args[0]), *script_args[1:], "--json"]
    print(f"\n== {name}: {' '.join(Path(a).name if i == 1 else a for i, a in enumerate(command))}", file=sys.stderr,
          flush=True)
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return {"benchmark": name, "figures": [], "ok": False, "why": f"no answer within {limit:.0f} s"}
    elapsed = time.monotonic() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith('{"benchmark"')]
    if not lines:
        sys.stderr.write(done.stdout[-3000:])
        return {"benchmark": name, "figures": [], "ok": False, "why": f"exit {done.returncode}, no figures"}
    result = json.loads(lines[-1])
    result["benchmark"], result["seconds"] = name, elapsed
    if not result.get("ok", True):
        result["why"] = f"exit {done.returncode}: could not measure all it should"
    print(f"== {name}: {elapsed:.0f} s", file=sys.stderr, flush=True)
    return result


def suite_from_log(path: Path) -> dict:
    """The suite's wall time from pytest's output (its last summary line)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    found = re.findall(r"=* ?(.*?) in ([0-9.]+)s(?: \(.*?\))? ?=*\s*$", text, re.MULTILINE)
    if not found:
        return {"benchmark": "test_suite", "figures": [], "ok": False, "why": f"no pytest summary in {path}"}
    summary, seconds = found[-1]
    return suite_figures(float(seconds), summary.strip(), f"read from {path.name}")


def run_suite(python: str) -> dict:
    """The whole suite as README's test command runs it (``-n auto``: a worker per CPU and one more, as
    tests/conftest.py says), timed from start to exit."""
    command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "auto", "-rfE"]
    print(f"\n== test_suite: {' '.join(command[1:])}", file=sys.stderr, flush=True)
    started = time.monotonic()
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=1800, check=False)
    seconds = time.monotonic() - started
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    tail = lines[-1:] or [""]
    for line in lines:
        if line.startswith(("FAILED ", "ERROR ")):
            print(line, file=sys.stderr)
    print(tail[0], file=sys.stderr, flush=True)
    summary = re.sub(r"^=+ | in [0-9.]+s.*$", "", tail[0]).strip()
    return suite_figures(seconds, summary, f"-n auto on {os.cpu_count()} CPUs")


def suite_figures(seconds: float, summary: str, how: str) -> dict:
    return {"benchmark": "test_suite", "ok": True, "figures": [
        {"figure": "test suite wall time", "measured": round(seconds, 1), "unit": "s", "limit": SUITE_TARGET_S,
         "shown": f"{seconds:.0f} s", "note": f"{summary} ({how})"}]}


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from PySide6 import __version__ as pyside
    except ImportError:
        pyside = "?"
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs{' (' + model + ')' if model else ''}, "
            f"Python {platform.python_version()}, PySide6 {pyside}")


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, timeout=30, check=True).stdout.strip()
        return head + (" with local changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def number(value: float) -> str:
    return f"{value:g}" if abs(value) >= 100 or value == int(value) else f"{value:.3g}"


def rows_of(results: list[dict]) -> list[list[str]]:
    rows = []
    for result in results:
        if not result.get("ok", True) and not result["figures"]:
            rows.append([result["benchmark"], "not measured", "", "", f"FAILED: {result.get('why', '')}"])
            continue
        for figure in result["figures"]:
            measured, limit, unit = figure["measured"], figure.get("limit"), figure["unit"]
            sep = "" if unit in ("", "%", "x") else " "
            shown = figure.get("shown") or (f"{number(measured)}{sep}{unit}" if measured is not None else "—")
            if limit is None or measured is None:
                rows.append([figure["figure"], shown, "", "", ""])
                continue
            ratio = f"{measured / limit:.2f}" if limit else "—"
            met = "yes" if measured <= limit else "NO"
            rows.append([figure["figure"], shown, f"<= {number(limit)}{sep}{unit}", ratio, met])
        if not result.get("ok", True):
            rows.append([f"  ({result['benchmark']}: {result.get('why', '')})", "", "", "", "FAILED"])
    return rows


def print_table(rows: list[list[str]], markdown: bool) -> None:
    header = ["figure", "measured", "limit / target", "ratio", "met"]
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---", "---", "---", "---:", "---"]) + "|")
        for row in rows:
            cells = [row[0].replace("  ", "&nbsp;&nbsp;", 1) if row[0].startswith("  ") else row[0], *row[1:]]
            print("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
        return
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, shorter waits, no 2,000 clients, no suite")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown (for README)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks")
    parser.add_argument("--skip", nargs="+", metavar="NAME", default=[], help="leave these out")
    parser.add_argument("--suite-log", type=Path, help="read the suite's wall time from a run's output")
    parser.add_argument("--bundle", action="store_true",
                        help="also the bundle's size and frozen first paint (after bash .ci/build-bundle)")
    args = parser.parse_args()

    chosen = benchmarks(args.quick)
    names = [name for name, _, _ in chosen] + ["test_suite", "bundle"]
    for name in (args.only or []) + args.skip:
        if name not in names:
            parser.error(f"no benchmark {name!r}; there are: {', '.join(names)}")

    def wanted(name: str) -> bool:
        return (args.only is None or name in args.only) and name not in args.skip

    when = datetime.datetime.now().astimezone()
    load_before, started = load(), time.monotonic()
    python = sys.executable
    results = [run_benchmark(name, script_args, limit, python) for name, script_args, limit in chosen
               if wanted(name)]
    if wanted("bundle") and args.bundle:
        frozen_python = REPO / "build" / "venv-build" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        if frozen_python.exists():
            results.append(run_benchmark("bundle", ["bundle.py", *(["--size-only"] if args.quick else ["--runs", "21"])],
                                         1800, str(frozen_python)))
        else:
            results.append({"benchmark": "bundle", "figures": [], "ok": False,
                            "why": "no build/venv-build: run bash .ci/build-bundle first"})
    if wanted("test_suite"):
        if args.suite_log:
            results.append(suite_from_log(args.suite_log))
        elif not args.quick:
            results.append(run_suite(python))
    load_after = load()

    rows = rows_of(results)
    print()
    print(f"vb-renew benchmarks, {when:%Y-%m-%d %H:%M %Z}{' (--quick)' if args.quick else ''}: {machine()}")
    print(f"commit {commit()}; load average before {load_before}, after {load_after}; "
          f"{(time.monotonic() - started) / 60:.0f} min")
    print()
    print_table(rows, args.markdown)
    notes = [f"{figure['figure'].strip()}: {figure['note']}" for result in results for figure in result["figures"]
             if figure.get("note")]
    if notes:
        print()
        for note in notes:
            print(f"- {note}" if args.markdown else f"  {note}")
    if any(not result.get("ok", True) for result in results):
        return 2
    return 1 if any(row[4] == "NO" for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
