"""``coproduce report reach WORKSHOP_ID`` and ``coproduce report equality WORKSHOP_ID``: aggregate reports as
text, with small numbers suppressed (registered in coproduce.cli.build_parser)."""

from __future__ import annotations

import argparse
from typing import Any

from coproduce.i18n import translate
from coproduce.paths import resolve_data_dir
from coproduce.services import equality, reach_room
from coproduce.storage.database import open_database


def _t(text: str) -> str:
    return translate("Cli", text)


def register(commands: Any) -> None:
    """Add this module's sub-commands to the parser."""
    report = commands.add_parser("report", help=_t("print an aggregate report about a workshop"))
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    p = kinds.add_parser(
        "reach",
        help=_t("who was in the room compared with the population, and the role mix by principle"),
    )
    p.add_argument("workshop_id", metavar="WORKSHOP_ID")
    p.set_defaults(handler=cmd_reach)
    p = kinds.add_parser("equality", help=_t("the anonymous equality monitoring answers, in aggregate"))
    p.add_argument("workshop_id", metavar="WORKSHOP_ID")
    p.set_defaults(handler=cmd_equality)


def cmd_reach(args: argparse.Namespace) -> int:
    with open_database(resolve_data_dir(args.data_dir)) as db:
        text = reach_room.render_report_text(reach_room.reach_report(db.engine, args.workshop_id))
    print(text, end="")
    return 0


def cmd_equality(args: argparse.Namespace) -> int:
    with open_database(resolve_data_dir(args.data_dir)) as db:
        text = equality.render_equality_text(equality.equality_report(db.engine, args.workshop_id))
    print(text, end="")
    return 0
