"""vb-renew: a simulator of renewing ウイルスバスター with a 振込用紙.

Layers, one direction only:

- ``vb_renew.rules``: the product rules, pure Python (no Qt, no HTTP);
- ``vb_renew.core``: the client core (API client, poller, wizard flow), no Qt;
- ``vb_renew.ui``: the Qt user interface, the only package that imports PySide6;
- ``vb_renew.server``: the simulated renewal backend, beside them; it shares
  only the rules.

Keep this module import-free: the app's first paint depends on it.
"""

__version__ = "0.1.0"
# The folder every file goes under instead of the user's folders (vb_renew.paths owns it; here so that the first
# paint can read it without importing the paths and platformdirs).
BASEDIR_ENV = "VB_RENEW_BASEDIR"
