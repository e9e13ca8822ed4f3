"""``coproduce import contributions WORKSHOP_ID FILE.csv``: paper input, all of a file or none of it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from coproduce.i18n import translate
from coproduce.paths import resolve_data_dir
from coproduce.services import importer, workshops
from coproduce.services.identity import default_actor
from coproduce.storage.database import open_database


def _t(text: str) -> str:
    return translate("Cli", text)


def register(commands: Any) -> None:
    """Add ``import`` and its sub-command ``contributions`` to the parser."""
    p = commands.add_parser("import", help=_t("import input written outside the app"))
    what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    c = what.add_parser(
        "contributions",
        help=_t("import contributions transcribed from paper, from a CSV file"),
        description=_t(
            "Import a UTF-8 CSV file with the columns exercise, kind, text and, optionally, participant "
            "and theme. Every row is checked first; a bad file is refused and nothing from it is imported."
        ),
    )
    c.add_argument("workshop_id", metavar="WORKSHOP_ID")
    c.add_argument("file", metavar="FILE.csv", type=Path)
    c.add_argument("--actor", default="", help=_t("who is importing (for the history)"))
    c.set_defaults(handler=cmd_import_contributions)


def cmd_import_contributions(args: argparse.Namespace) -> int:
    actor = args.actor or default_actor()
    with open_database(resolve_data_dir(args.data_dir)) as db:
        title = workshops.get_workshop(db.engine, args.workshop_id).workshop.title
        result = importer.import_contributions_file(db.engine, actor, args.workshop_id, args.file)
    print(
        _t("Imported {count:,} contributions from {name} into “{title}”.").format(
            count=result.contributions, name=args.file.name, title=title
        )
    )
    if result.themes_created:
        print(_t("New themes: {names}").format(names=", ".join(result.themes_created)))
    return 0
