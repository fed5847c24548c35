"""The app's display language: which one it starts in, and the command that starts it again in another. No Qt.

The language is chosen once, at start, before the first window is built (a Qt translator cannot re-translate
widgets already built): ``--lang`` when the command line gives it, else the choice the user saved from the
「言語」 menu, else the system locale's (:func:`vb_renew.translations.system_language`, the same as the command
line's help: English for an English locale, else Japanese). :func:`choose` is that order.

Switching from the menu saves the choice and restarts the app: :func:`restart_command` is the command line that
started this process, without what would undo the choice (``--lang``) or the user's data (``--reset`` reloads
the scenario over their orders).
"""

from __future__ import annotations

from collections.abc import Sequence

from vb_renew.translations import LANGUAGES, SOURCE_LANGUAGE

# The options a restart leaves out, and whether each takes a value.
DROPPED_ON_RESTART = {"--lang": True, "--reset": False}


def known(language: object) -> str | None:
    """``language`` if it is one the app speaks (``ja``, ``en``), else None (a saved value from elsewhere)."""
    return language if isinstance(language, str) and language in LANGUAGES else None


def choose(requested: str | None, saved: str | None, system: str) -> str:
    """The language to start in: ``requested`` (``--lang``), else ``saved`` (the menu's), else ``system``; each
    only if it is one the app speaks; Japanese when none is."""
    return known(requested) or known(saved) or known(system) or SOURCE_LANGUAGE


def restart_command(argv: Sequence[str], executable: str, frozen: bool) -> list[str]:
    """The command that starts this app again: the bundle's executable (``frozen``) or ``python -m vb_renew``,
    with this process's arguments ``argv`` (``sys.argv[1:]``) less ``--lang`` and ``--reset``."""
    kept: list[str] = []
    skip = False
    for index, argument in enumerate(argv):
        if skip:
            skip = False
            continue
        if argument == "--":
            kept += argv[index:]
            break
        name = argument.split("=", 1)[0]
        if name in DROPPED_ON_RESTART:
            skip = DROPPED_ON_RESTART[name] and "=" not in argument
            continue
        kept.append(argument)
    return [executable, *kept] if frozen else [executable, "-m", "vb_renew", *kept]
