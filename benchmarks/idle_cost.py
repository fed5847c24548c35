"""Idle cost: the app's CPU while it waits for a payment, its embedded backend included.

A fresh process starts the app as ``vb-renew`` does (``appdrive.py``: offscreen, its own embedded backend, the
product's poll policy), stops the simulated clock (only a QA action or the customer can change the order now),
places a slip order through the wizard, opens its waiting page, moves the clock until the slip has arrived and
shows it (S10, 振込用紙を表示): the app waits for the customer to pay, polling the order as the product does.
After 5 s to settle, the process's CPU time (every thread: the UI, its workers, the embedded backend) is read over
``--seconds`` of its own event loop, nothing of the benchmark's running. Target: <= 1 % of one core.

    .venv/bin/python benchmarks/idle_cost.py [--seconds 60] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import Figure, add_json_option, cpu_seconds, emit, human_stream

TARGET_PERCENT = 1.0
SETTLE_S = 5.0


def child(seconds: float) -> int:
    import os

    import appdrive
    from PySide6.QtWidgets import QWidget

    from vb_renew.core import api
    from vb_renew.rules.lifecycle import OrderState

    with tempfile.TemporaryDirectory() as home:
        app = appdrive.AppUnderTest(Path(home), "--seconds-per-day", "0").start()
        sim = app.sim
        sim.stop_clock()
        order, page = app.order_by_slip()
        for _ in range(10):
            if page.order.state is OrderState.SLIP_DELIVERED:
                break
            version = page.order.version
            sim.next_event()
            appdrive.wait(lambda: page.order.version != version, 120, "the app learning of the change")
        if page.order.state is not OrderState.SLIP_DELIVERED:
            raise RuntimeError(f"the slip did not arrive: {page.order.state}")
        app.click(page.slip_button)
        appdrive.wait(lambda: page.findChild(QWidget, "slipView"), 10, "the slip view")
        appdrive.idle(SETTLE_S)

        requests: list[str] = []
        listen = getattr(api, "add_call_listener", None)  # newer client cores announce every request
        if listen is not None:
            listen(lambda call: requests.append(f"{call.method} {call.path}"))
        cpu, started = cpu_seconds(), time.perf_counter()
        appdrive.idle(seconds)
        cpu, elapsed = cpu_seconds() - cpu, time.perf_counter() - started
        state = page.order.state.value
        app.close()
    print(json.dumps({"cpu": cpu, "seconds": elapsed, "state": state,
                      "requests": requests if listen is not None else None}), flush=True)
    os._exit(0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
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
        emit("idle_cost", [], args.json, ok=False)
        return 2
    run = json.loads(lines[-1])
    share = run["cpu"] / run["seconds"] * 100
    calls = run["requests"]
    said = f"; {len(calls)} requests" if calls is not None else ""
    print(f"vb-renew idle cost: {run['seconds']:.0f} s on S10 waiting for the payment ({run['state']}, clock stopped): "
          f"{run['cpu']:.2f} s CPU = {share:.2f} % of one core (app and embedded backend){said}", file=out)
    figures = [Figure(f"idle cost: CPU over {run['seconds']:.0f} s waiting for a payment", round(share, 2), "%",
                      TARGET_PERCENT, shown=f"{share:.2f} % of one core ({run['cpu']:.2f} s CPU){said}")]
    emit("idle_cost", figures, args.json)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
