"""Paper input: contributions transcribed into a CSV file, imported in one transaction.

The file has a header row naming its columns: ``exercise``, ``kind``, ``text`` and, optionally,
``participant`` and ``theme`` (in any order, any case). Everything is checked before anything is written;
a bad file is refused with a message naming each row and its problem, and nothing from it is imported.
Rows are numbered as a spreadsheet shows them: the header is row 1, the first contribution row 2.

Every imported contribution is marked as transcribed from paper and gets its own event in the workshop's
hash chain, written in the same transaction (in one batch, so that thousands of rows import in seconds).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from coproduce.errors import KnownError, ValidationError
from coproduce.i18n import translate
from coproduce.services.consent import state_in
from coproduce.services.contributions import clean_contribution_text
from coproduce.services.templates import kind_label
from coproduce.services.templates import kinds as known_kinds
from coproduce.services.unit import ensure_editable, record, writing
from coproduce.services.validate import SHORT, clean_text
from coproduce.storage.events import Event, event_hash, jsonable, last_hash
from coproduce.storage.models import Contribution, Exercise, Participant, Theme, new_id
from coproduce.storage.types import utcnow

REQUIRED = ("exercise", "kind", "text")
OPTIONAL = ("participant", "theme")
MAX_ROWS = 10_000
MAX_BYTES = 50_000_000
SHOWN_PROBLEMS = 12


def _t(text: str) -> str:
    return translate("Import", text)


@dataclass(frozen=True)
class Problem:
    row: int  # 1 is the header row
    message: str

    def __str__(self) -> str:
        return _t("Row {row}: {problem}").format(row=f"{self.row:,}", problem=self.message)


class ImportRefusedError(ValidationError):
    """The file was refused; ``problems`` names each row and what is wrong with it."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [str(p) for p in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            more = len(problems) - SHOWN_PROBLEMS
            lines.append(_t("… and {count:,} more problems.").format(count=more))
        head = _t("Nothing was imported from {name}. Fix these problems and import it again:").format(
            name=name
        )
        super().__init__("\n".join([head, *lines]))


@dataclass
class ImportResult:
    contributions: int
    themes_created: list[str] = field(default_factory=list)


@dataclass
class _Planned:
    exercise: Exercise
    kind: str
    text: str
    participant_id: str | None
    theme: str  # the theme's name as typed ("" for none)


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRefusedError(
            name, [Problem(1, _t("the file is larger than {mb} MB.").format(mb=MAX_BYTES // 1_000_000))]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        row = data[: err.start].count(b"\n") + 1
        problem = _t(
            "the file is not UTF-8 text (byte {byte:,} cannot be read). Save it from your spreadsheet "
            "as “CSV UTF-8” and try again."
        ).format(byte=err.start + 1)
        raise ImportRefusedError(name, [Problem(row, problem)]) from err


def _records(text: str, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for record in reader:
            number += 1
            if number > MAX_ROWS + 1:
                problem = _t(
                    "the file has more than {limit:,} contributions; import at most {limit:,} at a time "
                    "(split the file)."
                ).format(limit=MAX_ROWS)
                raise ImportRefusedError(name, [Problem(number, problem)])
            records.append((number, record))
    except csv.Error as err:
        problem = _t("this row cannot be read as CSV ({error}).").format(error=err)
        raise ImportRefusedError(name, [Problem(number + 1, problem)]) from err
    if not records:
        raise ImportRefusedError(name, [Problem(1, _t("the file is empty."))])
    _check_closed_quotes(text, name, len(records))
    header = [cell.strip().lstrip("\ufeff").casefold() for cell in records[0][1]]
    return header, records[1:]


def _check_closed_quotes(text: str, name: str, last_row: int) -> None:
    """Refuse a file whose last quote is never closed (the lenient reader would keep everything after it)."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), strict=True):
            pass
    except csv.Error as err:
        if "unexpected end of data" not in str(err):
            return  # other oddities (a stray quote inside a cell) are read the way spreadsheets read them
        problem = _t(
            'a quote (") opened in this row is never closed, so everything after it would be read as one '
            'text. Check the quotes in this row: a quote inside a text is written twice ("").'
        )
        raise ImportRefusedError(name, [Problem(last_row, problem)]) from None


def _swallowed_row(cells: list[str], header: list[str], lookup: _Lookup) -> str:
    """A line inside a cell that reads as a row of its own (a quote left open swallowed it), or ""."""
    where = header.index("exercise")
    for cell in cells:
        for line in cell.split("\n")[1:]:
            inner = next(csv.reader([line]), [])
            looks_like_row = len(inner) >= len(header) - 1 and where < len(inner)
            if looks_like_row and isinstance(lookup.exercise(inner[where]), Exercise):
                return line
    return ""


def _check_header(header: list[str], name: str) -> None:
    expected = _t("The columns must be exercise, kind and text, and optionally participant and theme")
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    repeated = sorted({c for c in header if header.count(c) > 1})
    problems: list[str] = []
    if missing:
        problems.append(_t("missing column(s): {columns}.").format(columns=", ".join(missing)))
    if unknown:
        shown = ", ".join(f"“{c}”" if c else _t("(a blank heading)") for c in unknown)
        problems.append(_t("unknown column(s): {columns}.").format(columns=shown))
    if repeated:
        problems.append(_t("repeated column(s): {columns}.").format(columns=", ".join(repeated)))
    if problems:
        raise ImportRefusedError(name, [Problem(1, " ".join([*problems, expected + "."]))])


class _Lookup:
    """Exercises, kinds, people and themes of one workshop, matched the forgiving ways people write them."""

    def __init__(self, session: Session, workshop_id: str) -> None:
        self.exercises = list(
            session.exec(
                select(Exercise).where(Exercise.workshop_id == workshop_id, col(Exercise.hidden).is_(False))
            )
        )
        self.people = list(
            session.exec(
                select(Participant).where(
                    Participant.workshop_id == workshop_id, col(Participant.removed).is_(False)
                )
            )
        )
        self.consenting = {p.id for p in self.people if state_in(session, p.id).active}
        self.themes = {
            t.name.casefold(): t for t in session.exec(select(Theme).where(Theme.workshop_id == workshop_id))
        }
        self.kinds: dict[str, str] = {}
        for key, label in known_kinds().items():
            for spelling in (key, label, kind_label(key), key.replace("_", " ")):
                self.kinds[spelling.casefold()] = key

    def exercise(self, value: str) -> Exercise | str:
        wanted = " ".join(value.split()).casefold()
        if not wanted:
            return _t("the exercise is empty.")
        found = [e for e in self.exercises if e.id == value.strip() or e.title.casefold() == wanted]
        if len(found) == 1:
            return found[0]
        if found:
            return _t("“{value}” matches {count} exercises; use the exercise's id instead.").format(
                value=value, count=len(found)
            )
        return _t("there is no exercise “{value}” in this workshop.").format(value=value)

    def kind(self, value: str, exercise: Exercise) -> str | tuple[str]:
        key = self.kinds.get(" ".join(value.split()).casefold())
        if key is None:
            return (_t("“{value}” is not a kind of contribution.").format(value=value),)
        if key not in exercise.kinds:
            asked = ", ".join(kind_label(k) for k in exercise.kinds)
            return (
                _t("“{kind}” is not a kind “{exercise}” asks for (it asks for: {asked}).").format(
                    kind=kind_label(key), exercise=exercise.title, asked=asked
                ),
            )
        return key

    def person(self, value: str) -> str | tuple[str] | None:
        wanted = " ".join(value.split()).casefold()
        if wanted in ("", _t("anonymous").casefold(), "anonymous"):
            return None
        number = wanted.removeprefix(_t("participant").casefold()).removeprefix("participant").strip()
        number = number.removeprefix("#").strip()
        found = [
            p
            for p in self.people
            if p.id == value.strip()
            or (number.isdigit() and p.number == int(number))
            or (p.display_name and p.display_name.casefold() == wanted)
            or (p.pseudonym and p.pseudonym.casefold() == wanted)
        ]
        if not found:
            return (_t("there is no participant “{value}” in this workshop.").format(value=value),)
        if len(found) > 1:
            return (_t("“{value}” matches more than one participant; use their number.").format(value=value),)
        if found[0].id not in self.consenting:
            return (
                _t(
                    "“{value}” has no consent recorded (or has withdrawn), so nothing can be attributed "
                    "to them. Record their consent first, or leave the participant empty (anonymous)."
                ).format(value=value),
            )
        return found[0].id


def _plan(
    lookup: _Lookup, header: list[str], rows: list[tuple[int, list[str]]]
) -> tuple[list[_Planned], list[Problem]]:
    planned: list[_Planned] = []
    problems: list[Problem] = []
    where = {name: header.index(name) for name in header}
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            problems.append(
                Problem(
                    number,
                    _t("it has {cells} cells but the header names {columns} columns.").format(
                        cells=len(cells), columns=len(header)
                    ),
                )
            )
            continue
        swallowed = _swallowed_row(cells, header, lookup)
        if swallowed:
            shown = swallowed if len(swallowed) <= 80 else swallowed[:77] + "…"
            problems.append(
                Problem(
                    number,
                    _t(
                        'a quote (") opened in this row is not closed where it should be, so the lines after '
                        "it, which look like rows of their own (“{line}”), were read into this row's text. "
                        'Check the quotes in this row: a quote inside a text is written twice ("").'
                    ).format(line=shown),
                )
            )
            continue
        if any("\x00" in cell for cell in cells):
            problems.append(
                Problem(
                    number,
                    _t(
                        "it holds a NUL character (an invisible zero byte), a sign the file was damaged or "
                        "is not plain text. Remove it, or save the file again from your spreadsheet as "
                        "“CSV UTF-8”."
                    ),
                )
            )
            continue
        cell = {name: (cells[i] if i < len(cells) else "") for name, i in where.items()}
        exercise = lookup.exercise(cell["exercise"])
        if isinstance(exercise, str):
            problems.append(Problem(number, exercise))
            continue
        kind = lookup.kind(cell["kind"], exercise)
        person = lookup.person(cell.get("participant", ""))
        theme = cell.get("theme", "")
        try:
            text = clean_contribution_text(cell["text"])
            theme = clean_text(theme, field=_t("The theme"), limit=SHORT, multiline=False)
        except KnownError as err:
            problems.append(Problem(number, str(err)))
            continue
        for found in (kind, person):
            if isinstance(found, tuple):
                problems.append(Problem(number, found[0]))
        if isinstance(kind, str) and not isinstance(person, tuple):
            planned.append(_Planned(exercise, kind, text, person, theme))
    if not planned and not problems:
        problems.append(Problem(2, _t("the file has a header but no contributions.")))
    return planned, problems


def _append_events(session: Session, chain: str, actor: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    """One "create" event per (entity, row values), chained in order, written in one statement."""
    prev = last_hash(session, chain)
    events: list[dict[str, Any]] = []
    for entity, values in rows:
        event: dict[str, Any] = {
            "id": new_id(),
            "chain": chain,
            "at": utcnow(),
            "actor": actor,
            "action": f"{entity}.create",
            "entity": entity,
            "entity_id": values["id"],
            "before": None,
            "after": jsonable(values),
            "prev_hash": prev,
        }
        event["hash"] = prev = event_hash(cast(Event, SimpleNamespace(**event)))
        events.append(event)
    if events:
        session.execute(insert(Event.__table__), events)  # type: ignore[attr-defined]


def bulk_add_contributions(
    session: Session, actor: str, workshop_id: str, items: list[dict[str, Any]]
) -> list[str]:
    """Insert many contributions (already checked) with one event each, in the session's transaction.

    Each item gives ``exercise_id``, ``kind``, ``text`` and optionally ``participant_id``, ``theme_id`` and
    ``source``. The rows and their events are exactly what ``add_contribution`` would write, without building
    an ORM object per row; creation times step by a microsecond so that the file's order is kept.
    """
    start = utcnow()
    rows: list[dict[str, Any]] = []
    for n, item in enumerate(items):
        at = start + dt.timedelta(microseconds=n)
        rows.append(
            {
                "id": new_id(),
                "workshop_id": workshop_id,
                "exercise_id": item["exercise_id"],
                "participant_id": item.get("participant_id"),
                "kind": item["kind"],
                "text": item["text"],
                "source": item.get("source", "paper"),
                "theme_id": item.get("theme_id"),
                "duplicate_of": None,
                "hidden": False,
                "hidden_reason": "",
                "created_at": at,
                "updated_at": at,
            }
        )
    if rows:
        session.execute(insert(Contribution.__table__), rows)  # type: ignore[attr-defined]
        _append_events(session, workshop_id, actor, [("contribution", row) for row in rows])
    return [row["id"] for row in rows]


def import_contributions_data(
    engine: Engine, actor: str, workshop_id: str, data: bytes, name: str = ""
) -> ImportResult:
    """Check every row of a CSV file's bytes, then import all of them in one transaction, or none."""
    name = name or _t("the file")
    header, rows = _records(_decode(data, name), name)
    _check_header(header, name)
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        lookup = _Lookup(session, workshop_id)
        planned, problems = _plan(lookup, header, rows)
        if problems:
            raise ImportRefusedError(name, problems)
        themes = {key: theme.id for key, theme in lookup.themes.items()}
        created: list[str] = []
        for item in planned:
            key = item.theme.casefold()
            if key and key not in themes:
                theme = Theme(workshop_id=workshop_id, name=item.theme, position=len(themes) + 1)
                session.add(theme)
                session.flush()
                record(session, actor, "theme.create", theme, chain=workshop_id)
                themes[key] = theme.id
                created.append(theme.name)
        bulk_add_contributions(
            session,
            actor,
            workshop_id,
            [
                {
                    "exercise_id": item.exercise.id,
                    "kind": item.kind,
                    "text": item.text,
                    "participant_id": item.participant_id,
                    "theme_id": themes[item.theme.casefold()] if item.theme else None,
                    "source": "paper",
                }
                for item in planned
            ],
        )
        return ImportResult(len(planned), created)


def import_contributions_file(engine: Engine, actor: str, workshop_id: str, path: Path) -> ImportResult:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ValidationError(
            _t("{name} cannot be read: {reason}").format(name=path.name, reason=err.strerror or err)
        ) from err
    return import_contributions_data(engine, actor, workshop_id, data, name=f"“{path.name}”")
