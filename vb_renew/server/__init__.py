"""The simulated renewal backend: FastAPI + SQLite with a simulated clock (docs/api.md).

Imports the product rules only. Run it embedded (:class:`vb_renew.server.embedded.EmbeddedServer`)
or standalone (``vb-renew-server``, ``python -m vb_renew.server``).
"""
