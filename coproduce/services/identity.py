"""Who is making a change, for the event log."""

from __future__ import annotations

import getpass
import os


def default_actor() -> str:
    name = os.environ.get("COPRODUCE_ACTOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
