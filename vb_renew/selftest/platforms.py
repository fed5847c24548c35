"""Which Qt platform plugin and which keyring backend the self-test expects on each system."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the self-test imports the client only once Qt is up (its first check)
    pass

# The backend keyring must choose there: logins go to the Credential Manager or the login keychain.
PLATFORM_KEYRING_BACKEND = {"win32": "keyring.backends.Windows.WinVaultKeyring",
                            "darwin": "keyring.backends.macOS.Keyring"}
# The keyring backend module each platform's build must carry (hiddenimports in build.spec).
PLATFORM_KEYRING = {platform: backend.rpartition(".")[0] for platform, backend in PLATFORM_KEYRING_BACKEND.items()}
LINUX_KEYRING = "keyring.backends.SecretService"
KEYRING_ENV = "PYTHON_KEYRING_BACKEND"  # keyring's own switch; the tests choose their in-memory keyring with it
# "offscreen" (the default: headless CI, and a user's self-test shows no window) or "native": the
# platform's own Qt plugin, as the app runs for users (release CI on Windows and macOS).
PLATFORM_ENV = "VB_RENEW_SELF_TEST_PLATFORM"
NATIVE_QT_PLATFORMS = {"win32": {"windows"}, "darwin": {"cocoa"}, "linux": {"xcb", "wayland"}}
HEADLESS_QT_PLATFORMS = {"offscreen", "minimal"}



def choose_qt_platform(requested: str | None, current: str | None) -> str | None:
    """The ``QT_QPA_PLATFORM`` to start Qt with; None: unset, so Qt loads the platform's own plugin.

    ``requested`` is ``VB_RENEW_SELF_TEST_PLATFORM``, ``current`` the ``QT_QPA_PLATFORM`` already set.
    Unset: ``current``, else offscreen. ``offscreen``: offscreen. ``native``: None. Anything else: ValueError.
    """
    if not requested:
        return current or "offscreen"
    if requested == "offscreen":
        return "offscreen"
    if requested == "native":
        return None
    raise ValueError(f"{PLATFORM_ENV}={requested!r}: expected 'offscreen' or 'native'")


def native_platform_problem(sys_platform: str, platform_name: str) -> str | None:
    """Why Qt's ``platform_name`` is not this platform's own plugin (``native`` was asked for), or None."""
    own = NATIVE_QT_PLATFORMS.get("linux" if sys_platform.startswith("linux") else sys_platform)
    if platform_name in HEADLESS_QT_PLATFORMS or (own is not None and platform_name not in own):
        wanted = " or ".join(sorted(own)) if own else "this platform's own plugin"
        return f"asked for the native platform plugin ({wanted}), but Qt runs on {platform_name!r}"
    return None


def keyring_problem(sys_platform: str, chosen: str | None, env_choice: str | None) -> str | None:
    """Why the keyring backend chosen here is wrong for this platform, or None if it is right.

    ``chosen`` is the backend keyring chose (``module.Class``), None if none is usable; ``env_choice``
    is ``PYTHON_KEYRING_BACKEND``. On Windows and macOS the backend must be the platform's own
    (PLATFORM_KEYRING_BACKEND): any other, none included, fails, unless PYTHON_KEYRING_BACKEND named it
    (an explicit choice, as the tests make; release CI unsets it). Elsewhere (Linux) every outcome
    passes: the Secret Service is optional there, and without it logins are not remembered.
    """
    wanted = PLATFORM_KEYRING_BACKEND.get(sys_platform)
    if wanted is None or chosen == wanted:
        return None
    if chosen is not None and chosen == env_choice:
        return None
    return f"keyring chose {chosen or 'no usable backend'}, not this platform's {wanted}"
