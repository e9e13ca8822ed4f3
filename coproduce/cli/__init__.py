"""The ``coproduce`` command: no command starts the window; commands that need no screen never load Qt."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from coproduce import __version__
from coproduce.errors import KnownError
from coproduce.i18n import translate
from coproduce.paths import resolve_data_dir

log = logging.getLogger("coproduce")

Handler = Callable[[argparse.Namespace], int]


def _t(text: str) -> str:
    return translate("Cli", text)


def build_parser() -> argparse.ArgumentParser:
    from coproduce.cli import archives, contributions, records, reports, votes, workshops

    parser = argparse.ArgumentParser(
        prog="coproduce",
        description=_t("Offline co-production workshops with a signed, verifiable record."),
    )
    parser.add_argument("--version", action="version", version=f"coproduce {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_t("keep the database, backups, keys and exports under DIR (also COPRODUCE_DATA_DIR)"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (workshops, reports, contributions, votes, records, archives):
        module.register(commands)
    return parser


def _start_gui(args: argparse.Namespace) -> int:
    # Imported by name so that commands without a screen never load Qt.
    app = importlib.import_module("coproduce.ui.app")
    result: int = app.run(resolve_data_dir(args.data_dir), sys.argv[:1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    try:
        if handler is None:
            return _start_gui(args)
        return handler(args)
    except KnownError as err:
        print(_t("coproduce: {message}").format(message=err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_t("coproduce: interrupted"), file=sys.stderr)
        return 130
