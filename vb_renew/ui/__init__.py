"""The Qt user interface: the only package that imports PySide6.

Importing it first keeps PySide6's import hook from holding every later module's source
(:mod:`vb_renew.ui.qt_import_hook`).
"""

from vb_renew.ui import qt_import_hook  # noqa: F401 (before any other module of the app imports more)
