"""Where the data files under ``resources/`` are, in a checkout and frozen."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache  # it never moves while the process runs; the backend asks on every request
def resources_dir() -> Path:
    """The ``resources`` folder: beside the package, or inside a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
