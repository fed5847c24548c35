"""``python -m vb_renew`` and ``vb-renew``: the desktop app; also the packaged build's entry point."""

from __future__ import annotations

from vb_renew.crash import guarded


def _run() -> int:
    from vb_renew.ui.app import main as app_main  # inside the guard: a failing import is recorded too

    return app_main()


def main() -> int:
    return guarded(_run)


if __name__ == "__main__":
    raise SystemExit(main())
