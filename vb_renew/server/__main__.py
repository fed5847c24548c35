"""``python -m vb_renew.server``: the same as ``vb-renew-server``."""

from __future__ import annotations

from vb_renew.server.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
