"""Commands of the `coproduce records` family (registered in coproduce.cli.build_parser)."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    """Add this module's sub-commands to the parser."""
