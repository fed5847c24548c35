"""Memory: vb-renew's anonymous memory on S1 with its embedded backend up, and after S6's postal lookup.

Each run is a fresh process that starts the app as ``vb-renew`` does (see ``appdrive.py``) and reads its
anonymous memory (``RssAnon`` of ``/proc/self/status``: the heap and every other private, non-file page; the
shared libraries and files mapped read-only are not in it) at each stage, so the total is broken down by cause:

1. Python started (this script and the standard library it needs);
2. Qt: ``QApplication`` and the translators;
3. S1 painted (before the client, the backend or the network: the app's first paint);
4. the client's modules imported (requests, keyring, the client core, the controller);
5. the backend's modules imported (FastAPI, pydantic, uvicorn, the service);
6. **S1 with the backend up**: the embedded backend started and seeded, the product signed in, the licence shown
   (and 2 s to settle); target <= 64 MiB;
7. S6 shown (the wizard opened, one year chosen);
8. **after S6's postal lookup** (a postal code typed, the address filled from the offline table); target <= 72 MiB.

Stages 4 and 5 import early what stage 6 imports anyway, to tell the client's share from the backend's. Then,
as a diagnosis: what Python's ``linecache`` holds (PySide6's import hook would keep the source of every
module imported after it; ``vb_renew/ui/qt_import_hook.py`` stops it), what glibc's ``malloc_trim(0)`` gives back (memory freed but kept by the allocator), and
what emptying ``linecache`` then gives back.
Medians over ``--runs`` processes. Linux only.

    .venv/bin/python benchmarks/memory.py [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from figures import Figure, add_json_option, emit, human_stream, median, status_kib

S1_TARGET_MIB = 64
LOOKUP_TARGET_MIB = 72
STAGES = [
    ("python", "Python started"),
    ("qt", "Qt: QApplication, translators"),
    ("painted", "S1 painted (no backend yet)"),
    ("client", "client modules imported (requests, keyring, core, controller)"),
    ("server", "backend modules imported (FastAPI, pydantic, uvicorn, service)"),
    ("s1", "S1 with the backend up (started, seeded, signed in, licence shown)"),
    ("s6", "S6 shown (wizard opened, one year chosen)"),
    ("lookup", "after S6's postal lookup"),
]


def mib(kib: float) -> float:
    return kib / 1024


def child() -> int:
    """One run: the stages of the module docstring, as one JSON line on stdout."""
    import gc
    import os

    readings: dict[str, float] = {"python": mib(status_kib("RssAnon"))}
    import appdrive

    with tempfile.TemporaryDirectory() as home:
        app = appdrive.AppUnderTest(Path(home), "--seconds-per-day", "0")
        app.qt()
        readings["qt"] = mib(status_kib("RssAnon"))
        app.paint()
        appdrive.idle(0.5)
        readings["painted"] = mib(status_kib("RssAnon"))
        import keyring  # noqa: F401
        import requests  # noqa: F401

        import vb_renew.core.api  # noqa: F401
        import vb_renew.core.credentials  # noqa: F401
        import vb_renew.ui.controller  # noqa: F401
        readings["client"] = mib(status_kib("RssAnon"))
        import vb_renew.server.embedded  # noqa: F401
        readings["server"] = mib(status_kib("RssAnon"))
        app.connect()
        appdrive.idle(2.0)
        readings["s1"] = mib(status_kib("RssAnon"))

        app.click(app.window.home.expiry_link)
        app.click(app.window.account_info.renew_button)
        appdrive.wait(lambda: app.wizard is not None and app.wizard.current_step() is not None, 30, "S5")
        app.click(app.years_button())
        appdrive.idle(1.0)
        readings["s6"] = mib(status_kib("RssAnon"))

        from vb_renew.core.flow import Step

        form = app.wizard.page(Step.PAYMENT).customer_form
        app.type(form.inputs["postal_code"], appdrive.CUSTOMER["postal_code"])
        appdrive.wait(lambda: form.value("prefecture") == "東京都", 30, "the address from the postal code")
        appdrive.idle(1.0)
        readings["lookup"] = mib(status_kib("RssAnon"))

        import linecache

        sources = linecache.cache
        readings["linecache_files"] = len(sources)
        readings["linecache_mib"] = sum(sum(sys.getsizeof(line) for line in entry[2]) + sys.getsizeof(entry[2])
                                        for entry in sources.values() if len(entry) > 2) / 1024 / 1024
        gc.collect()
        readings["after_gc"] = mib(status_kib("RssAnon"))
        try:
            import ctypes

            trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (ImportError, OSError, AttributeError):  # not glibc
            trim = None
        if trim is not None:
            trim(0)
            readings["after_trim"] = mib(status_kib("RssAnon"))
            linecache.clearcache()  # what the app would save by dropping the sources PySide6's hook read
            gc.collect()
            trim(0)
            readings["after_linecache"] = mib(status_kib("RssAnon"))
        readings["vmhwm"] = mib(status_kib("VmHWM"))
        app.close()
    print(json.dumps(readings), flush=True)
    os._exit(0)  # the backend's threads are stopped; skip the interpreter's slow teardown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    add_json_option(parser)
    args = parser.parse_args()
    if args.child:
        return child()
    out = human_stream(args.json)
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        command = [sys.executable, __file__, "--child"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            print(f"a run failed (exit {done.returncode}):\n{done.stderr[-3000:]}", file=out)
            emit("memory", [], args.json, ok=False)
            return 2
        runs.append(json.loads(lines[-1]))
    at = {key: median([run[key] for run in runs]) for key in runs[0]}

    print(f"vb-renew anonymous memory (RssAnon), median of {len(runs)} fresh processes", file=out)
    previous = 0.0
    for key, label in STAGES:
        print(f"  {label:<70} {at[key]:6.1f} MiB  (+{at[key] - previous:5.1f})", file=out)
        previous = at[key]
    print(f"  linecache: {at['linecache_files']:.0f} module sources held, {at['linecache_mib']:.1f} MiB of strings",
          file=out)
    print(f"  after gc.collect(): {at['after_gc']:.1f} MiB", file=out)
    if "after_trim" in at:
        print(f"  after malloc_trim(0): {at['after_trim']:.1f} MiB (freed but kept by glibc: "
              f"{at['after_gc'] - at['after_trim']:.1f} MiB)", file=out)
        print(f"  then linecache.clearcache(): {at['after_linecache']:.1f} MiB "
              f"({at['after_trim'] - at['after_linecache']:.1f} MiB given back)", file=out)
    print(f"  peak resident (VmHWM, files included): {at['vmhwm']:.1f} MiB", file=out)

    def delta(key: str, before: str) -> float:
        return at[key] - at[before]

    figures = [
        Figure("memory: S1 with the backend up (RssAnon)", round(at["s1"], 1), "MiB", S1_TARGET_MIB),
        Figure("memory: after S6's postal lookup (RssAnon)", round(at["lookup"], 1), "MiB", LOOKUP_TARGET_MIB),
        Figure("  of which Python + Qt + S1 painted", round(at["painted"], 1), "MiB"),
        Figure("  of which client modules", round(delta("client", "painted"), 1), "MiB"),
        Figure("  of which backend modules", round(delta("server", "client"), 1), "MiB"),
        Figure("  of which backend started, signed in, licence shown", round(delta("s1", "server"), 1), "MiB"),
        Figure("  of which the wizard to S6", round(delta("s6", "s1"), 1), "MiB"),
        Figure("  of which the postal lookup", round(delta("lookup", "s6"), 1), "MiB"),
        Figure("  held by linecache (PySide6's import hook)", round(at["linecache_mib"], 1), "MiB",
               shown=f"{at['linecache_mib']:.1f} MiB, {at['linecache_files']:.0f} sources"),
    ]
    if "after_trim" in at:
        figures.append(Figure("  freed but kept by the allocator (malloc_trim gives back)",
                              round(at["after_gc"] - at["after_trim"], 1), "MiB"))
        figures.append(Figure("  given back by linecache.clearcache() after the lookup",
                              round(at["after_trim"] - at["after_linecache"], 1), "MiB"))
    emit("memory", figures, args.json)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
