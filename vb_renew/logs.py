"""Where log records go: a file in the app's log folder, and the console when there is one.

A windowed build (Windows; a macOS app started from Finder) has no console: ``sys.stdout`` and
``sys.stderr`` are None. Nothing may then be set up to write to a stream (uvicorn's own logging
config fails on it: "Unable to configure formatter 'default'"), and the file is the only record.
The embedded backend configures no logging of its own: its records come here.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "vb-renew.log"
FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"
MAX_BYTES = 1_000_000  # then vb-renew.log.1 .. .3: a few MB at most on the user's disk
BACKUPS = 3


class _LogFile(RotatingFileHandler):
    """Opens (and creates its folder) at the first record, on whichever thread logs it: never at start-up."""

    def _open(self):  # noqa: ANN202 (the base class's signature)
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def has_console() -> bool:
    return sys.stderr is not None


def configure(log_folder: Path | None, *, level: int = logging.INFO, console_level: int = logging.WARNING) -> Path | None:
    """Send this process's records to ``log_folder/vb-renew.log`` (if given) and to stderr (if any).

    Returns the log file's path. Calling it again replaces what an earlier call set up.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "vb_renew", False)]:
        root.removeHandler(handler)
        handler.close()
    handlers: list[logging.Handler] = []
    if has_console():
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(console_level)
        handlers.append(console)
    path = None
    if log_folder is not None:
        path = Path(log_folder) / LOG_FILE
        file = _LogFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        file.setLevel(level)
        handlers.append(file)
    for handler in handlers:
        handler.vb_renew = True
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    root.setLevel(min([h.level for h in handlers], default=logging.WARNING))
    return path


class Redact(logging.Filter):
    """Replaces a secret (the simulation token) in every record a handler is about to write."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "[redacted]"), None
        return True


def redact_everywhere(secret: str) -> None:
    """Keep ``secret`` out of every log handler configured now (the root's and, e.g., uvicorn's own)."""
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if not any(isinstance(f, Redact) and f.secret == secret for f in handler.filters):
                handler.addFilter(Redact(secret))


def forget_secret(secret: str) -> None:
    """Stop redacting ``secret`` (a world's token once the world is dropped), so filters do not pile up."""
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            for found in [f for f in handler.filters if isinstance(f, Redact) and f.secret == secret]:
                handler.removeFilter(found)
