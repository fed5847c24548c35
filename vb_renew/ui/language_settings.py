"""Where the language chosen from the 「言語」 menu is kept, for the next start: Qt's settings.

The user's own settings (the registry on Windows, a plist on macOS, ``~/.config/vb-renew/vb-renew.conf`` on
Linux), or ``<basedir>/config/settings.ini`` when every file is kept under one folder (``--basedir``,
``VB_RENEW_BASEDIR``). Read before the first paint, so this module imports only ``QSettings`` (Qt is loaded by then;
``platformdirs``, which :mod:`vb_renew.paths` uses for the user's folders, is not); written on a worker.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from vb_renew.core.language import known

KEY = "ui/language"


class LanguageSettings:
    """Where the chosen language is kept: ``<basedir>/config/settings.ini`` (``basedir`` given), else the user's
    Qt settings. Each call opens its own ``QSettings``: :meth:`save` runs on a worker."""

    def __init__(self, basedir: str | os.PathLike[str] | None = None) -> None:
        self.file = Path(basedir).resolve() / "config" / "settings.ini" if basedir else None

    def _open(self) -> QSettings:
        if self.file is not None:
            return QSettings(str(self.file), QSettings.Format.IniFormat)
        return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "vb-renew", "vb-renew")

    def saved(self) -> str | None:
        """The language saved from the menu; None when there is none (or it is not one the app speaks)."""
        return known(self._open().value(KEY))

    def save(self, language: str) -> None:
        """Keep ``language`` for the next start (blocking: a worker's)."""
        settings = self._open()
        settings.setValue(KEY, language)
        settings.sync()
        if settings.status() != QSettings.Status.NoError:
            raise OSError(f"the settings were not written ({settings.status().name}): {settings.fileName()}")
