"""Run a command with the wall clock moved to another moment, as on that day.

    python tests/on_date.py 2028-02-28T23:30+09:00 -- python -m pytest -q

The command and every process it starts (the app, the standalone or embedded backend, the
self-test) read the same moved clock: one fixed offset from the real time, so the moved clock
runs on and they all agree on "now". Only the wall clock moves; the monotonic clock, which
timeouts and waits use, stays real.

Linux only. It preloads libfaketime as the ``libfaketime`` package ships it (the ``test``
extra): Debian 12's own ``faketime`` (libfaketime 0.9.10) makes Python 3.11's ``time.sleep``
fail with EINVAL when the monotonic clock is left alone, and hangs thread waits when it is not.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime


def moved_environment(moment: datetime, environ: dict[str, str]) -> dict[str, str]:
    """``environ`` plus what makes a process and its children see ``moment`` as now (and on from there)."""
    import libfaketime

    _, additions = libfaketime.get_reload_information()
    env = {**environ, **additions}  # LD_PRELOAD, LD_LIBRARY_PATH (a preload already set is kept after it)
    offset = round(moment.timestamp() - time.time())
    env["FAKETIME"] = f"{offset:+d}"  # relative: children started later see the same clock, not a fresh start
    env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
    env["VB_RENEW_MOVED_CLOCK"] = moment.isoformat()  # so the test session can say, and check, where it runs
    return env


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    moment = datetime.fromisoformat(argv[0])
    if moment.tzinfo is None:
        print("give the moment with its UTC offset, e.g. 2028-02-28T23:30+09:00", file=sys.stderr)
        return 2
    if not sys.platform.startswith("linux"):
        print("moving the clock needs Linux (LD_PRELOAD)", file=sys.stderr)
        return 2
    env = moved_environment(moment, dict(os.environ))
    print(f"[on-date] wall clock moved to {moment.isoformat()} (offset {env['FAKETIME']} s): {' '.join(argv[2:])}",
          flush=True)
    os.execvpe(argv[2], argv[2:], env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
