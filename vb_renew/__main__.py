"""``python -m vb_renew``: the desktop app."""

from vb_renew.ui.app import main

raise SystemExit(main())
