"""PySide6's import hook keeps no module's source (vb_renew/ui/qt_import_hook.py): about 23 MiB on S1."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

import vb_renew.ui  # noqa: F401 (the app's UI is imported before anything else the app imports)
from vb_renew.ui import qt_import_hook


@pytest.mark.parametrize("mentions_pyside", [True, False])
def test_a_module_imported_after_pyside_leaves_no_source_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mentions_pyside: bool) -> None:
    name = f"vb_renew_hook_probe_{int(mentions_pyside)}"
    module_file = tmp_path / f"{name}.py"
    module_file.write_text(("# uses PySide6\n" if mentions_pyside else "# plain\n") + "VALUE = 1\n" * 200,
                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        module = __import__(name)  # as an import statement does: through the hook (builtins.__import__)
        assert module.VALUE == 1
        assert str(module_file) not in linecache.cache
        assert qt_import_hook.uses_pyside(module) is mentions_pyside  # the hook's question, still answered
    finally:
        sys.modules.pop(name, None)


def test_the_hook_is_replaced_on_this_pyside() -> None:
    import shibokensupport.feature as feature

    assert feature._mod_uses_pyside is qt_import_hook.uses_pyside


def test_a_module_without_readable_source_does_not_use_pyside() -> None:
    assert qt_import_hook.uses_pyside(sys) is False  # built in: no loader source
