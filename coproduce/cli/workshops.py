"""``coproduce demo`` and ``coproduce list``."""

from __future__ import annotations

import argparse
from typing import Any

from coproduce.i18n import translate
from coproduce.paths import resolve_data_dir
from coproduce.services import archive_import, demo, workshops
from coproduce.storage.database import open_database


def _t(text: str) -> str:
    return translate("Cli", text)


def register(commands: Any) -> None:
    p = commands.add_parser("demo", help=_t("create a realistic demo workshop"))
    p.set_defaults(handler=cmd_demo)
    p = commands.add_parser("list", help=_t("list the workshops, one a line"))
    p.add_argument("--all", action="store_true", help=_t("include archived workshops"))
    p.set_defaults(handler=cmd_list)


def cmd_demo(args: argparse.Namespace) -> int:
    with open_database(resolve_data_dir(args.data_dir)) as db:
        workshop_id = demo.create_demo(db.engine)
        details = workshops.get_workshop(db.engine, workshop_id)
    print(
        _t("Created the demo workshop “{title}”: {id}").format(title=details.workshop.title, id=workshop_id)
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_database(resolve_data_dir(args.data_dir)) as db:
        rows = workshops.list_workshops(db.engine, include_archived=args.all)
        copies = {c.workshop_id: c for c in archive_import.conflicts(db.engine)}
    if not rows:
        print(_t("No workshops yet. Create one in the app, or try: coproduce demo"))
        return 0
    for row in rows:
        when = row.date.isoformat() if row.date else "-"
        archived = _t(" (archived)") if row.archived else ""
        if row.id in copies:  # an imported copy with changes different from the workshop it conflicts with
            origin = copies[row.id].origin
            archived += (
                _t(" (conflict copy from {origin})").format(origin=origin)
                if origin
                else _t(" (conflict copy)")
            )
        print(
            _t(
                "{id}\t{title}{archived}\t{date}\t{participants} participants\t{contributions} contributions"
            ).format(
                id=row.id,
                title=row.title,
                archived=archived,
                date=when,
                participants=row.participants,
                contributions=row.contributions,
            )
        )
    return 0
