"""The renewal wizard embedded in the main window (S4–S9 of ``shared/spec/product-flow.md``).

``RenewalWizard(runner, pending, parent=None)``; ``start(client_factory, serials, email=None)``;
signals ``cancelled()``, ``orderPlaced(object)`` (an :class:`~vb_renew.core.data.Order`), ``finished()``.
See :mod:`.wizard`.

``RenewalWizard`` is imported on first use (``from vb_renew.ui.wizard import RenewalWizard``), not with the
package: the controller imports :data:`MODULES` one at a time while the app is idle (a turn of the event loop
each), then builds the wizard ahead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vb_renew.ui.wizard.wizard import RenewalWizard

__all__ = ["MODULES", "RenewalWizard"]

# The wizard's modules, each after those it imports (other modules of the app first).
MODULES = (
    "vb_renew.core.draft",
    "vb_renew.ui.error_panel",
    "vb_renew.ui.leave_guard",
    "vb_renew.ui.wizard.cardcheck",
    "vb_renew.ui.wizard.forms",
    "vb_renew.ui.wizard.customer_form",
    "vb_renew.ui.wizard.card_form",
    "vb_renew.ui.wizard.base",
    "vb_renew.ui.wizard.loading",
    "vb_renew.ui.wizard.draft_keeper",
    "vb_renew.ui.wizard.sending",
    "vb_renew.ui.wizard.serials_page",
    "vb_renew.ui.wizard.product_page",
    "vb_renew.ui.wizard.confirm_page",
    "vb_renew.ui.wizard.payment_pages",
    "vb_renew.ui.wizard.ahead",
    "vb_renew.ui.wizard.wizard",
)


def __getattr__(name: str) -> object:
    if name == "RenewalWizard":
        from vb_renew.ui.wizard.wizard import RenewalWizard

        return RenewalWizard
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
