"""Finds the data files that ship with coproduce (templates, fonts, population profiles).

From a checkout (or an editable install) they are in ``resources/`` beside the package; in a wheel they are
installed as ``coproduce/_resources``. Nothing here reads ``../shared``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resources_dir() -> Path:
    for candidate in (_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError(f"coproduce's resources folder is missing (looked beside {_PACKAGE_DIR})")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
