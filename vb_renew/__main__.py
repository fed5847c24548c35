"""``python -m vb_renew`` and ``vb-renew``: the desktop app; also the packaged build's entry point.

The start-up module (``vb_renew.startup``) builds the app, or runs ``--self-test``, inside the crash guard.
"""

from __future__ import annotations

from vb_renew.crash import guarded


def _run() -> int:
    from vb_renew.startup import main as startup_main  # inside the guard: a failing import is recorded too

    return startup_main()


def main() -> int:
    return guarded(_run)


if __name__ == "__main__":
    raise SystemExit(main())
