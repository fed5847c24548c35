"""Never frozen: the UI thread's longest stall over 30 s with 2 s of latency on every request, polling active.

A fresh process starts the app as ``vb-renew`` does (``appdrive.py``: offscreen, its own embedded backend, the
product's poll policy), stops the simulated clock, places a slip order through the wizard and opens its waiting
page (S10): the app now polls the order, and reads the licence again when the order changes. Then it injects
2 s of latency into every request of the API (``POST /sim/faults {"path": "/api/v1/", "kind": "latency",
"latency_ms": 2000, "mode": "every_nth", "n": 1}``; the simulation API itself is never delayed) and, for
``--seconds``, every 3 s moves the simulated clock to the order's next event (called off the UI thread; the slip
is paid through ``/sim`` as soon as it arrives) and walks between the pages already built, as a user waiting would
(S10 → S1 → S10 → S2 → S1 → S10).

A precise 5 ms timer on the UI thread measures the stalls: how late each tick fires is how long the thread could
not handle an event (a click, a repaint). Target: the longest <= 50 ms.

    .venv/bin/python benchmarks/never_frozen.py [--seconds 30] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import Figure, add_json_option, emit, human_stream, percentile

TARGET_MS = 50.0
LATENCY_MS = 2000
CYCLE_S = 3.0


def child(seconds: float) -> int:
    import os

    import appdrive


    with tempfile.TemporaryDirectory() as home:
        app = appdrive.AppUnderTest(Path(home), "--seconds-per-day", "0").start()
        window, sim = app.window, app.sim
        sim.stop_clock()
        # Every page of the walk built once before the measurement: their first build is the step-switch
        # benchmark's, not a freeze.
        order, page = app.order_by_slip()
        order_id, total = order.id, order.total
        appdrive.wait(lambda: window.stack.currentWidget() is page, 30, "S10 on screen")
        appdrive.idle(1.0)

        sim.add_fault(path="/api/v1/", kind="latency", latency_ms=LATENCY_MS, mode="every_nth", n=1)
        heartbeat = appdrive.Heartbeat(5)
        states, moves, clicks, scheduled = [page.order.state.value], 0, 0, True
        heartbeat.start()
        started = time.perf_counter()

        def walk(widget_of) -> None:
            """Click ``widget_of()`` if it is there (an extended order's page goes once the user leaves it)."""
            nonlocal clicks
            try:
                widget = widget_of()
                if widget is not None and widget.isVisible() and widget.isEnabled():
                    app.click(widget)
                    clicks += 1
            except (RuntimeError, IndexError):  # deleted meanwhile, or no order link (any more)
                pass
            appdrive.idle(0.4)

        def back_on_s10():
            page = app.waiting_page(order_id)
            return page.back_button if page is not None else None

        def order_link_on_s1():
            return window.home.order_links[0]

        def state() -> str:
            order = app.controller.tracker.order(order_id)
            return order.state.value if order is not None else states[-1]

        while time.perf_counter() - started < seconds:
            cycle = time.perf_counter()
            if scheduled:
                try:  # off the UI thread; the app learns of it by polling, 2 s late
                    events = sim.next_event().get("events") or []
                    moves += 1
                    if any(event.get("kind") == "slip_delivered" for event in events):
                        sim.pay(order_id, total)  # the customer pays at once: the main path, not a lapse
                    scheduled = bool(events)
                except RuntimeError:  # nothing left to happen (the order is extended)
                    scheduled = False
            walk(back_on_s10)  # S10 -> S1
            walk(order_link_on_s1)  # S1 -> S10
            walk(back_on_s10)
            walk(lambda: window.home.expiry_link)  # S1 -> S2
            walk(lambda: window.account_info.back_button)  # S2 -> S1
            walk(order_link_on_s1)
            if state() != states[-1]:
                states.append(state())
            appdrive.idle(max(0.0, CYCLE_S - (time.perf_counter() - cycle)))
        heartbeat.stop()
        elapsed = time.perf_counter() - started
        sim.clear_faults()
        app.close()
    result = {"seconds": elapsed, "stalls": heartbeat.stalls, "moves": moves, "clicks": clicks, "states": states}
    print(json.dumps(result), flush=True)
    os._exit(0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    add_json_option(parser)
    args = parser.parse_args()
    if args.child:
        return child(args.seconds)
    out = human_stream(args.json)
    done = subprocess.run([sys.executable, __file__, "--child", "--seconds", str(args.seconds)], capture_output=True,
                          text=True, timeout=args.seconds + 300, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        print(f"the run failed (exit {done.returncode}):\n{done.stderr[-3000:]}", file=out)
        emit("never_frozen", [], args.json, ok=False)
        return 2
    run = json.loads(lines[-1])
    stalls = [s * 1000 for s in run["stalls"]]
    longest = sorted(stalls, reverse=True)
    over = sum(1 for s in stalls if s > 16)
    print(f"vb-renew never frozen: {run['seconds']:.0f} s with {LATENCY_MS} ms on every request, polling the order "
          f"({' -> '.join(run['states'])}; {run['moves']} clock moves, {run['clicks']} clicks)", file=out)
    print(f"  UI-thread stalls (5 ms heartbeat, {len(stalls)} ticks): longest {longest[0]:.1f} ms, then "
          f"{', '.join(f'{s:.1f}' for s in longest[1:5])} ms; p99 {percentile(stalls, .99):.1f} ms; "
          f"{over} over 16 ms", file=out)
    figures = [Figure(f"never frozen: longest UI stall over {run['seconds']:.0f} s, {LATENCY_MS / 1000:.0f} s latency",
                      round(longest[0], 1), "ms", TARGET_MS,
                      shown=f"{longest[0]:.1f} ms (p99 {percentile(stalls, .99):.1f} ms, {over} ticks over 16 ms)",
                      note=f"{run['moves']} clock moves, {run['clicks']} page switches, order "
                           f"{' -> '.join(run['states'])}")]
    emit("never_frozen", figures, args.json)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
