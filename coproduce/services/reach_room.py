"""Who was (not) in the room: the room's anonymous answers and roles set against a population profile.

The pure comparison lives in ``reach`` (flags, suppression, the text layout); this module supplies its
inputs from the database: the population profile loaded for a workshop (the shipped Census 2021 profile for
England and Wales when none was loaded), the room's equality answers counted by profile group, and the role
mix of the people present.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import col, select

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.resources import resource
from coproduce.services import equality, reach
from coproduce.services.choices import ROLES, role_label
from coproduce.services.consent import state_in
from coproduce.services.lookup import get_or_fail
from coproduce.services.suppression import Cell, cell_text, footnote, suppress_counts
from coproduce.services.unit import ensure_editable, reading, record, writing
from coproduce.services.validate import SHORT, clean_text
from coproduce.storage.models import Participant, Workshop
from coproduce.storage.models_consent import PopulationProfile as ProfileRow

MAX_PROFILE_BYTES = 1_000_000


def _t(text: str) -> str:
    return translate("Reach", text)


def default_profile_path() -> Path:
    return resource("population", "england-wales-2021.csv")


def default_source_name() -> str:
    return _t(
        "Office for National Statistics (ONS), Census 2021, England and Wales: usual residents "
        "(Open Government Licence v3.0)"
    )


def default_profile() -> reach.PopulationProfile:
    return reach.parse_population_csv(
        default_profile_path().read_text(encoding="utf-8"), default_source_name()
    )


def load_profile(engine: Engine, actor: str, workshop_id: str, csv_text: str, source: str) -> str:
    """Check a population CSV and keep it for the workshop (the latest one loaded is used)."""
    name = clean_text(source, field=_t("Source of the figures"), limit=SHORT, required=True, multiline=False)
    profile = reach.parse_population_csv(csv_text, name)
    rows = [
        {"dimension": s.dimension, "group": s.group, "share_percent": s.share_percent, "note": s.note}
        for s in profile.shares
    ]
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        item = ProfileRow(workshop_id=workshop_id, source=name, rows=rows)
        session.add(item)
        session.flush()
        record(session, actor, "population_profile.create", item, chain=workshop_id)
        return item.id


def load_profile_file(engine: Engine, actor: str, workshop_id: str, path: Path, source: str = "") -> str:
    try:
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise ValidationError(_t("{name} is too large for a population profile.").format(name=path.name))
        data = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            _t("{name} is not a UTF-8 text file. Save it as CSV (UTF-8) and try again.").format(
                name=path.name
            )
        ) from None
    except OSError as err:
        raise ValidationError(
            _t("{name} could not be read: {reason}").format(name=path.name, reason=err.strerror or err)
        ) from None
    return load_profile(engine, actor, workshop_id, data, source or path.name)


def load_default_profile(engine: Engine, actor: str, workshop_id: str) -> str:
    return load_profile(
        engine,
        actor,
        workshop_id,
        default_profile_path().read_text(encoding="utf-8"),
        default_source_name(),
    )


def active_profile(engine: Engine, workshop_id: str) -> reach.PopulationProfile:
    """The profile loaded last for the workshop, else the shipped Census 2021 profile."""
    with reading(engine) as session:
        get_or_fail(session, Workshop, workshop_id)
        row = session.exec(
            select(ProfileRow)
            .where(ProfileRow.workshop_id == workshop_id)
            .order_by(col(ProfileRow.loaded_at).desc())
            .limit(1)
        ).first()
    if row is None:
        return default_profile()
    shares = tuple(
        reach.PopulationShare(
            str(r["dimension"]), str(r["group"]), float(r["share_percent"]), str(r.get("note", ""))
        )
        for r in row.rows
    )
    return reach.PopulationProfile(row.source, shares)


def room_counts(
    forms: list[dict[str, str]], profile: reach.PopulationProfile
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """The inputs of ``reach.compare_reach``: per profile dimension, how many gave each group, and how many
    answered at all ("prefer not to say" and blanks left out). Each answer counts once: as the profile group
    of the same name, else as the broader group it belongs to (e.g. "75 to 84" under "65 and over")."""
    by_name = {q.dimension.lower(): q for q in equality.QUESTIONS if q.dimension}
    counts: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for dimension in profile.dimensions():
        q = by_name.get(dimension.strip().lower())
        if q is None:
            continue
        groups = {s.group for s in profile.shares if s.dimension == dimension}
        rollup = dict(q.rollup)
        tally: Counter[str] = Counter()
        total = 0
        for form in forms:
            answer = form.get(q.key, "")
            if not answer or answer == equality.PREFER_NOT:
                continue
            total += 1
            if answer in groups:
                tally[answer] += 1
            elif rollup.get(answer) in groups:
                tally[rollup[answer]] += 1
            else:
                tally[answer] += 1  # not a listed group: counted in the total only
        counts[dimension] = dict(tally)
        totals[dimension] = total
    return counts, totals


def role_counts(engine: Engine, workshop_id: str) -> dict[str, int]:
    """How many people present had each role (people can have several). Left out: people taken off the list,
    and people who withdrew and asked for their contributions to be removed."""
    with reading(engine) as session:
        people = list(
            session.exec(
                select(Participant).where(
                    Participant.workshop_id == workshop_id, col(Participant.removed).is_(False)
                )
            )
        )
        present = [
            p for p in people if (w := state_in(session, p.id).withdrawal) is None or w.choice != "remove"
        ]
    counts: Counter[str] = Counter()
    for person in present:
        counts.update(r for r in dict.fromkeys(person.roles) if r in ROLES)
    return {role: counts.get(role, 0) for role in ROLES}


@dataclass(frozen=True)
class ReachReport:
    title: str
    profile: reach.PopulationProfile
    rows: tuple[reach.ReachRow, ...]
    gaps: tuple[reach.RoleGap, ...]
    roles: tuple[tuple[str, Cell], ...]  # (role key, count with 1 to 4 hidden)
    forms: Cell


def reach_report(engine: Engine, workshop_id: str) -> ReachReport:
    with reading(engine) as session:
        title = get_or_fail(session, Workshop, workshop_id).title
    profile = active_profile(engine, workshop_id)
    forms = equality.responses(engine, workshop_id)
    counts, totals = room_counts(forms, profile)
    rows = reach.compare_reach(profile, counts, totals)
    by_role = role_counts(engine, workshop_id)
    # People can have several roles, so the roles add up to no published total: primary suppression only.
    roles = suppress_counts(by_role, show_total=False)
    forms_cell = suppress_counts({"forms": len(forms)}, show_total=False).cells[0]
    return ReachReport(
        title,
        profile,
        tuple(rows),
        tuple(reach.role_gaps(by_role)),
        tuple(zip(roles.categories, roles.cells, strict=True)),
        forms_cell,
    )


def render_report_text(report: ReachReport) -> str:
    """What ``coproduce report reach`` prints: the reach table, the role mix and its gaps by principle."""
    out = [
        report.title,
        _t("Anonymous equality monitoring forms: {n}").format(n=cell_text(report.forms, False)),
        "",
        reach.render_reach_text(report.profile, report.rows).rstrip("\n"),
        "",
        _t("Roles in the room"),
    ]
    width = max(len(role_label(k)) for k, _ in report.roles)
    out += [f"  {role_label(k).ljust(width)}  {cell_text(c, False)}" for k, c in report.roles]
    out += ["", footnote(False)]
    if report.gaps:
        out += ["", _t("Who is not in the room:"), *(f"- {gap.message}" for gap in report.gaps)]
    else:
        out += ["", _t("Every role the principles ask for is in the room.")]
    return "\n".join(out) + "\n"
