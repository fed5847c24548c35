"""PySide6's import hook, kept from holding the source of every module imported after it.

For every module imported after PySide6, its support package (``shibokensupport/feature.py``) asks whether the
module's source mentions "PySide6", to apply the opt-in ``from __feature__ import ...`` switches (vb-renew uses
none). It asks with ``inspect.getsource``, which keeps every line of every such module in ``linecache`` for the
life of the process: about 23 MiB once S1 shows with the backend up, the strings scattered among live objects so
that clearing the cache later gives little back. :func:`keep_no_sources` asks the same question with the source
read through the module's loader and dropped.

Guarded: on a PySide6 without that function nothing is replaced, and a source that cannot be read answers False,
as ``inspect.getsource`` failing does.
"""

from __future__ import annotations

from types import ModuleType

import PySide6  # noqa: F401 (the hook exists once PySide6 is imported)


def uses_pyside(module: ModuleType) -> bool:
    """Whether the module's source mentions PySide6, reading it without keeping it."""
    spec = getattr(module, "__spec__", None)
    loader = getattr(spec, "loader", None)
    get_source = getattr(loader, "get_source", None)
    if get_source is None:
        return False
    try:
        source = get_source(spec.name)
    except (ImportError, OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return False
    return source is not None and "PySide6" in source


def keep_no_sources() -> bool:
    """Replace the hook's source reader; False when this PySide6 has none to replace."""
    try:
        import shibokensupport.feature as feature  # PySide6's own support package (embedded in shiboken6)
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = uses_pyside
    return True


keep_no_sources()
