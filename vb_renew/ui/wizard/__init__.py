"""The renewal wizard embedded in the main window (S4–S9 of ``shared/spec/product-flow.md``).

``RenewalWizard(runner, pending, parent=None)``; ``start(client_factory, serials, email=None)``;
signals ``cancelled()``, ``orderPlaced(object)`` (an :class:`~vb_renew.core.data.Order`), ``finished()``.
See :mod:`.wizard`.
"""

from vb_renew.ui.wizard.wizard import RenewalWizard

__all__ = ["RenewalWizard"]
