"""``coproduce check WORKSHOP_ID``: the readiness list; exits non-zero while anything is missing."""

from __future__ import annotations

import argparse
from typing import Any

from coproduce.i18n import translate
from coproduce.paths import resolve_data_dir
from coproduce.services import readiness, workshops
from coproduce.storage.database import open_database


def register(commands: Any) -> None:
    p = commands.add_parser(
        "check", help=translate("Cli", "check a workshop is ready to sign (Gunning principles)")
    )
    p.add_argument("workshop_id", metavar="WORKSHOP_ID")
    p.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    with open_database(resolve_data_dir(args.data_dir)) as db:
        title = workshops.get_workshop(db.engine, args.workshop_id).workshop.title
        checks = readiness.check(db.engine, args.workshop_id)
    print(readiness.render_text(title, checks))
    return 1 if readiness.gaps(checks) else 0
