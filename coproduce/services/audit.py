"""Checking the hash-chained event log: every chain, or one workshop's, naming the first altered event.

The chain proves the history was not altered; it says nothing of the rows themselves. So each workshop's
current rows are also checked against the state its events last recorded (``check_rows``): every row of a
chained table must have been created by an event, and every field an event recorded must still hold the value
it recorded last. A row edited outside the app (with sqlite3, or in an archive's JSON) is named in plain
words.
Archive import runs the same check on an archive's content before writing anything.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Engine
from sqlmodel import col, select

from coproduce.i18n import translate
from coproduce.services.archive_format import encode, kind_of, workshop_tables
from coproduce.services.unit import reading
from coproduce.storage.events import GLOBAL_CHAIN, Event, canonical_json, chains, verify_chain
from coproduce.storage.models import Workshop

# Tables whose every row is created through an event (``unit.record``, the importer's bulk events, or a
# vote's options inside ``vote.create``). Others (facilitators, decision links, anonymous equality forms,
# signed-record bookkeeping) are recorded inside their parent's events or deliberately not chained.
CHAINED = frozenset(
    {
        "workshop",
        "participant",
        "exercise",
        "theme",
        "contribution",
        "document",
        "consentstatement",
        "consent",
        "withdrawal",
        "populationprofile",
        "vote",
        "voteoption",
        "ballot",
        "decision",
        "decisionaction",
        "outcome",
    }
)
# Bookkeeping that changes without an event of its own: the time of the last edit, and where an imported
# copy came from (set by the import, recorded in the global chain).
UNCHECKED = frozenset({"updated_at", "origin", "conflict_of"})
# Values an action implies without recording them.
IMPLIED: dict[str, dict[str, Any]] = {"vote.reopen": {"closed_at": None}}
# Actions that create their row without ending in ".create".
CREATES = frozenset({"decision.action", "consent.withdraw"})


def _t(text: str) -> str:
    return translate("Audit", text)


@dataclass(frozen=True)
class ChainAudit:
    chain: str
    title: str  # the workshop's title, or a description of the chain
    events: int
    ok: bool
    first_bad_seq: int | None = None
    first_bad_id: str | None = None
    first_bad_action: str = ""
    first_bad_at: dt.datetime | None = None
    problem: str = ""
    row_problem: str = ""  # the chain is intact but a row does not match it (plain words), else ""


@dataclass(frozen=True)
class RowMismatch:
    table: str
    row_id: str
    column: str  # "" when the row as a whole is the problem
    problem: str  # plain words, naming the row

    def __str__(self) -> str:
        return self.problem


def _thing(table: str) -> str:
    names = {
        "workshop": _t("the workshop"),
        "participant": _t("a participant"),
        "exercise": _t("an exercise"),
        "theme": _t("a theme"),
        "contribution": _t("a contribution"),
        "document": _t("a document"),
        "consentstatement": _t("a consent statement"),
        "consent": _t("a consent"),
        "withdrawal": _t("a withdrawal"),
        "populationprofile": _t("a population profile"),
        "vote": _t("a vote"),
        "voteoption": _t("a vote option"),
        "ballot": _t("a ballot"),
        "decision": _t("a decision"),
        "decisionaction": _t("a decision's action"),
        "outcome": _t("an outcome"),
    }
    return names.get(table, table)


_LABELS = ("title", "text", "statement", "display_name", "name", "label", "description")


def _describe(table: str, row: Mapping[str, Any]) -> str:
    label = next((str(row[k]) for k in _LABELS if isinstance(row.get(k), str) and row.get(k)), "")
    label = " ".join(label.split())
    if len(label) > 60:
        label = label[:57] + "…"
    if label:
        return _t("{thing} “{label}” (id {id})").format(thing=_thing(table), label=label, id=row.get("id"))
    return _t("{thing} (id {id})").format(thing=_thing(table), id=row.get("id"))


@cache
def column_kinds() -> dict[str, dict[str, str]]:
    return {spec.name: {c.name: kind_of(c) for c in spec.table.columns} for spec in workshop_tables()}


def encoded_rows(rows: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Decoded rows (an archive's) encoded the way ``archive_export.table_rows`` gives them."""
    kinds = column_kinds()
    return {
        table: [
            {name: encode(kinds[table].get(name, "str"), value) for name, value in row.items()}
            for row in items
        ]
        for table, items in rows.items()
    }


def _stamp(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        parsed = dt.datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        return value
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _same(kind: str, recorded: Any, stored: Any) -> bool:
    if kind == "timestamp":
        return bool(_stamp(recorded) == _stamp(stored))
    if kind == "json":
        try:
            return canonical_json(recorded) == canonical_json(stored)
        except (TypeError, ValueError):
            return False
    if kind == "str" and isinstance(recorded, str) and isinstance(stored, str):
        return unicodedata.normalize("NFC", recorded) == unicodedata.normalize("NFC", stored)
    if kind == "bool":
        return isinstance(recorded, bool) and recorded is stored
    if recorded is None or stored is None or isinstance(recorded, bool) or isinstance(stored, bool):
        return recorded is stored
    return bool(recorded == stored)


def _replay(
    events: Iterable[Mapping[str, Any]],
) -> tuple[dict[tuple[str, str], dict[str, Any]], set[tuple[str, str]]]:
    """The state each row was left in by the events, and which rows an event created."""
    state: dict[tuple[str, str], dict[str, Any]] = {}
    created: set[tuple[str, str]] = set()
    for event in events:
        after = event.get("after")
        action = str(event.get("action", ""))
        key = (str(event.get("entity", "")), str(event.get("entity_id", "")))
        if action.endswith(".create") or action in CREATES:
            created.add(key)
        if not isinstance(after, dict):
            continue
        if action == "record.sign" and "status" in after:  # the signed record's event; the workshop's status
            state.setdefault(("workshop", str(event.get("chain", ""))), {})["status"] = after["status"]
        if action == "vote.create" and isinstance(after.get("vote"), dict):
            state.setdefault(key, {}).update(after["vote"])
            for option in after.get("options") or []:
                if isinstance(option, dict) and "id" in option:
                    option_key = ("voteoption", str(option["id"]))
                    state.setdefault(option_key, {}).update(option)
                    created.add(option_key)
            continue
        values = state.setdefault(key, {})
        values.update(after)
        values.update(IMPLIED.get(action, {}))
    return state, created


def check_rows(
    rows: Mapping[str, list[dict[str, Any]]], events: Iterable[Mapping[str, Any]]
) -> RowMismatch | None:
    """The first row that does not match the state its events last recorded, or None when all match.

    ``rows`` are a workshop's rows, table by table, encoded as ``archive_export.table_rows`` gives them;
    ``events`` its chain in order (dicts or ``Event`` rows' fields: ``action``, ``entity``, ``entity_id``,
    ``after``).
    """
    state, created = _replay(events)
    kinds = column_kinds()
    for spec in workshop_tables():
        table = spec.name
        present: set[str] = set()
        for row in rows.get(table, []):
            row_id = str(row.get("id", ""))
            present.add(row_id)
            key = (table, row_id)
            if table in CHAINED and key not in created:
                return RowMismatch(
                    table,
                    row_id,
                    "",
                    _t("{row} has no event recording how it was made: it was added outside coproduce").format(
                        row=_describe(table, row)
                    ),
                )
            recorded = state.get(key, {})
            for column, value in recorded.items():
                if column in UNCHECKED or column == "id" or column not in row:
                    continue
                kind = kinds[table].get(column, "str")
                if not _same(kind, value, row[column]):
                    return RowMismatch(
                        table,
                        row_id,
                        column,
                        _t(
                            "{row}: its {column} is not what its history last recorded: it was changed "
                            "outside coproduce"
                        ).format(row=_describe(table, row), column=column.replace("_", " ")),
                    )
        if table in CHAINED:
            for entity, row_id in sorted(created):
                if entity == table and row_id not in present:
                    return RowMismatch(
                        table,
                        row_id,
                        "",
                        _t(
                            "{thing} (id {id}) is in the history but no longer in the data: it was deleted"
                        ).format(thing=_thing(table), id=row_id),
                    )
    return None


def workshop_mismatch(session: Any, workshop_id: str) -> RowMismatch | None:
    """``check_rows`` for one workshop of the database ``session`` reads."""
    from coproduce.services.archive_export import table_rows

    rows = table_rows(session.connection(), workshop_id)
    query = select(Event.action, Event.entity, Event.entity_id, Event.after).where(Event.chain == workshop_id)
    events = (
        {"chain": workshop_id, "action": a, "entity": e, "entity_id": i, "after": after}
        for a, e, i, after in session.exec(query.order_by(col(Event.seq)))
    )
    return check_rows(rows, events)


def audit(engine: Engine, workshop_id: str | None = None) -> list[ChainAudit]:
    """Verify one workshop's chain (it must exist) or every chain, and each workshop's rows against it."""
    with reading(engine) as session:
        if workshop_id is not None:
            from coproduce.services.lookup import get_or_fail

            get_or_fail(session, Workshop, workshop_id)
            names = [workshop_id]
        else:
            names = sorted(set(chains(session)) | set(session.exec(select(Workshop.id))))
        titles = dict(session.exec(select(Workshop.id, Workshop.title)).all())
        result: list[ChainAudit] = []
        for chain in names:
            report = verify_chain(session, chain)
            title = titles.get(chain) or (
                _t("imports and other global events") if chain == GLOBAL_CHAIN else chain
            )
            bad = session.exec(select(Event).where(Event.id == report.first_bad_id)).first()
            mismatch = workshop_mismatch(session, chain) if report.ok and chain in titles else None
            result.append(
                ChainAudit(
                    chain=chain,
                    title=title,
                    events=report.events,
                    ok=report.ok and mismatch is None,
                    first_bad_seq=report.first_bad_seq,
                    first_bad_id=report.first_bad_id,
                    first_bad_action=bad.action if bad else "",
                    first_bad_at=bad.at if bad else None,
                    problem=translate("Audit", report.problem) if report.problem else "",
                    row_problem=str(mismatch) if mismatch else "",
                )
            )
    return result
