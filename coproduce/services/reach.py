"""Who was in the room, compared with the population ("Who is not in the room?", principle 3).

A population profile is a small CSV (``dimension,group,share_percent,note``), e.g. the shipped Census 2021
profile for England and Wales. ``compare_reach`` sets the room's anonymous equality-monitoring counts beside
it, one row per profile group, with a flag that always has a text label (never colour alone):

* ``MISSING``: nobody from the group answered (a true zero, shown as 0);
* ``UNDER``: the room's share is less than ``UNDER_RATIO`` (80%) of the population's share, the "four-fifths"
  rule of thumb; with a small room a single person moves the share a lot, so read it as a prompt to ask
  "who is not here, and why?", not as a statistic;
* ``OK``: at least 80% of the population's share (including over-represented groups);
* ``TOO_FEW``: the count is hidden and the flag would differ depending on its hidden value;
* ``NO_ANSWERS``: nobody answered this question.

Room counts of 1 to 4 are hidden with the rules of ``coproduce.services.suppression`` (secondary
suppression over all of a dimension's groups and its total), and so are the share and ratio that would
reveal them. The flag of a hidden count is worked out only from what a reader can already tell from the
table (at least 1; at most 4, or at most the total less the shown counts when cells were hidden to protect
others), so it tells them nothing more.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services.suppression import Cell, Status, cell_text, footnote, suppress_counts

HEADER = ("dimension", "group", "share_percent", "note")
UNDER_RATIO = 0.8
"""A group is under-represented when room share / population share is below this."""
ROLE_KEYS: tuple[str, ...] = (
    "carer",
    "service_user",
    "resident",
    "volunteer",
    "vcse",
    "housing",
    "councillor",
    "staff",
    "commissioner",
    "other",
)
_UNSTATED = "\x00unstated"  # the room's answers not under any listed group (never shown)


def _t(text: str) -> str:
    return translate("Reach", text)


class Flag(StrEnum):
    MISSING = "missing"
    UNDER = "under"
    OK = "ok"
    TOO_FEW = "too_few"
    NO_ANSWERS = "no_answers"


def flag_label(flag: Flag) -> str:
    return {
        Flag.MISSING: _t("MISSING: nobody in the room"),
        Flag.UNDER: _t("UNDER: fewer than expected"),
        Flag.OK: _t("OK"),
        Flag.TOO_FEW: _t("TOO FEW to tell"),
        Flag.NO_ANSWERS: _t("NO ANSWERS"),
    }[flag]


@dataclass(frozen=True)
class PopulationShare:
    dimension: str
    group: str
    share_percent: float
    note: str


@dataclass(frozen=True)
class PopulationProfile:
    source_name: str
    shares: tuple[PopulationShare, ...]

    def dimensions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.dimension for s in self.shares))

    def share(self, dimension: str, group: str) -> float | None:
        return next(
            (s.share_percent for s in self.shares if (s.dimension, s.group) == (dimension, group)), None
        )


@dataclass(frozen=True)
class ReachRow:
    dimension: str
    group: str
    room_count: Cell  # value None when hidden
    room_total: Cell  # answers to this dimension's question
    room_share_percent: float | None  # None when hidden or nobody answered
    population_share_percent: float
    ratio: float | None  # room share / population share; None when unknown
    flag: Flag


@dataclass(frozen=True)
class RoleGap:
    principles: tuple[int, ...]
    missing: tuple[str, ...]  # role keys
    message: str


def _row_error(line: int, problem: str) -> ValidationError:
    return ValidationError(_t("Population file, line {line}: {problem}").format(line=line, problem=problem))


def parse_population_csv(text: str, source_name: str) -> PopulationProfile:
    """Read a population profile; raise ``ValidationError`` naming the line and the problem."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ValidationError(_t("The population file {name} is empty.").format(name=source_name))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    shares: list[PopulationShare] = []
    seen: set[tuple[str, str]] = set()
    try:
        header = next(reader)
        if tuple(h.strip().lower() for h in header) != HEADER:
            raise _row_error(1, _t("the header must be {header}.").format(header=",".join(HEADER)))
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(HEADER):
                raise _row_error(line, _t("expected 4 values, found {n}.").format(n=len(fields)))
            dimension, group, share_text, note = (f.strip() for f in fields)
            if not dimension or not group:
                raise _row_error(line, _t("the dimension and the group must not be empty."))
            try:
                share = float(share_text)
            except ValueError:
                raise _row_error(line, _t('"{value}" is not a number.').format(value=share_text)) from None
            if not math.isfinite(share) or not 0 <= share <= 100:
                raise _row_error(
                    line, _t("the share must be between 0 and 100, not {value}.").format(value=share_text)
                )
            if (dimension, group) in seen:
                raise _row_error(
                    line,
                    _t('"{group}" appears twice under "{dimension}".').format(
                        group=group, dimension=dimension
                    ),
                )
            seen.add((dimension, group))
            shares.append(PopulationShare(dimension, group, share, note))
    except csv.Error as err:
        raise _row_error(
            reader.line_num, _t("the line is not valid CSV ({error}).").format(error=err)
        ) from None
    if not shares:
        raise ValidationError(_t("The population file {name} has no rows.").format(name=source_name))
    profile = PopulationProfile(source_name, tuple(shares))
    for dimension in profile.dimensions():
        group_shares = [s.share_percent for s in shares if s.dimension == dimension]
        # Each published share is rounded to one decimal place, so allow 0.05 per group.
        if sum(group_shares) > 100 + 0.05 * len(group_shares) + 1e-9:
            raise ValidationError(
                _t(
                    'The population file {name}: the shares under "{dimension}" add up to more than 100%.'
                ).format(name=source_name, dimension=dimension)
            )
    return profile


def _flag_for(low: int, high: int, total: int, population: float) -> Flag:
    """The flag if the count is known to lie in [low, high]; TOO_FEW if the range gives different flags."""
    if population <= 0:
        return Flag.OK

    def one(count: int) -> Flag:
        if count == 0:
            return Flag.MISSING
        return Flag.UNDER if 100 * count / total < UNDER_RATIO * population else Flag.OK

    flags = {one(low), one(high)}  # the flag is monotonic in the count
    return flags.pop() if len(flags) == 1 else Flag.TOO_FEW


def compare_reach(
    profile: PopulationProfile,
    room_counts: Mapping[str, Mapping[str, int]],
    room_total_by_dimension: Mapping[str, int],
) -> list[ReachRow]:
    """One row per profile group, in profile order.

    ``room_counts[dimension][group]`` is how many people in the room gave that answer (groups the profile
    does not list may be included; a listed group that is absent counts 0). ``room_total_by_dimension`` is
    how many answered the dimension's question at all (the denominator; "prefer not to say" excluded).
    """
    rows: list[ReachRow] = []
    for dimension in profile.dimensions():
        counts = dict(room_counts.get(dimension, {}))
        total = room_total_by_dimension.get(dimension, 0)
        for group in [s.group for s in profile.shares if s.dimension == dimension]:
            counts.setdefault(group, 0)
        if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in (*counts.values(), total)):
            raise ValidationError(
                _t('The counts for "{dimension}" must be whole numbers, 0 or more.').format(
                    dimension=dimension
                )
            )
        unstated = total - sum(counts.values())
        if unstated < 0:
            raise ValidationError(
                _t('The counts for "{dimension}" add up to more than the number who answered.').format(
                    dimension=dimension
                )
            )
        if unstated:
            counts[_UNSTATED] = unstated
        table = suppress_counts(counts)
        cells = dict(zip(table.categories, table.cells, strict=True))
        assert table.total is not None
        # What a reader can tell about a hidden count: at least 1 (zeros are shown); at most 4 if every
        # hidden cell is a small one ("fewer than 5"), else at most the total less the shown counts.
        shown_listed = sum(cells[s.group].value or 0 for s in profile.shares if s.dimension == dimension)
        hidden_max = 4 if not table.has_secondary else total - shown_listed
        for share in (s for s in profile.shares if s.dimension == dimension):
            cell = cells[share.group]
            room_share = ratio = None
            if total == 0:
                flag = Flag.NO_ANSWERS
            elif cell.value is None and table.total.value is None and share.share_percent > 0:
                flag = Flag.TOO_FEW  # the total is hidden too: a flag would reveal it
            elif cell.value is None:
                flag = _flag_for(1, hidden_max, total, share.share_percent)
            else:
                room_share = 100 * cell.value / total
                ratio = room_share / share.share_percent if share.share_percent > 0 else None
                flag = _flag_for(cell.value, cell.value, total, share.share_percent)
            rows.append(
                ReachRow(
                    dimension, share.group, cell, table.total, room_share, share.share_percent, ratio, flag
                )
            )
    return rows


def _gap_checks() -> tuple[tuple[tuple[str, ...], tuple[int, ...], str], ...]:
    """(roles of which none is present, principles, warning), in principle order."""
    return (
        (
            ("service_user",),
            (1, 2),
            _t(
                "No people who use services are in the room (principles 1 and 2: care is person-centred, "
                "and services are created in partnership with citizens and communities)."
            ),
        ),
        (
            ("carer",),
            (4,),
            _t("No carers are in the room (principle 4: carers are identified, supported and involved)."),
        ),
        (
            ("vcse",),
            (5,),
            _t(
                "No voluntary, community or social enterprise (VCSE) representative is in the room "
                "(principle 5: the VCSE and housing sectors are key partners)."
            ),
        ),
        (
            ("housing",),
            (5,),
            _t(
                "No housing representative is in the room "
                "(principle 5: the VCSE and housing sectors are key partners)."
            ),
        ),
        (
            ("volunteer",),
            (6,),
            _t(
                "No volunteers are in the room "
                "(principle 6: volunteering and social action are recognised as key enablers)."
            ),
        ),
    )


def role_gaps(role_counts: Mapping[str, int]) -> list[RoleGap]:
    """Warnings for roles missing from the room, each tied to the principles it weakens, by principle."""
    for key, count in role_counts.items():
        if key not in ROLE_KEYS:
            raise ValidationError(_t('"{role}" is not a known role.').format(role=key))
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationError(
                _t('The count for "{role}" must be a whole number, 0 or more.').format(role=key)
            )
    return [
        RoleGap(principles, keys, message)
        for keys, principles, message in _gap_checks()
        if all(role_counts.get(key, 0) == 0 for key in keys)
    ]


def _percent(value: float | None) -> str:
    return "" if value is None else _t("{value}%").format(value=f"{value:.1f}")


def render_reach_text(
    profile: PopulationProfile, rows: Sequence[ReachRow], gaps: Sequence[RoleGap] = ()
) -> str:
    """The plain-text reach report printed by ``coproduce report reach``."""
    header = [
        _t("Dimension"),
        _t("Group"),
        _t("In the room"),
        _t("Answered"),
        _t("Room share"),
        _t("Population share"),
        _t("Ratio"),
        _t("Flag"),
    ]
    uniform = any(Status.SECONDARY in (r.room_count.status, r.room_total.status) for r in rows)
    body = [
        [
            r.dimension,
            r.group,
            cell_text(r.room_count, uniform),
            cell_text(r.room_total, uniform),
            _percent(r.room_share_percent),
            _percent(r.population_share_percent),
            "" if r.ratio is None else f"{r.ratio:.2f}",
            flag_label(r.flag),
        ]
        for r in rows
    ]
    widths = [max(len(line[k]) for line in (header, *body)) for k in range(len(header))]
    right = {2, 3, 4, 5, 6}

    def fmt(line: Sequence[str]) -> str:
        parts = [
            t.rjust(w) if k in right else t.ljust(w)
            for k, (t, w) in enumerate(zip(line, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out = [
        _t("Reach compared with the population"),
        _t("Population: {source}").format(source=profile.source_name),
        "",
    ]
    out += [fmt(header), "  ".join("-" * w for w in widths), *(fmt(line) for line in body), ""]
    out.append(
        _t("UNDER means the room's share is below {percent}% of the population's share.").format(
            percent=round(UNDER_RATIO * 100)
        )
    )
    out.append(footnote(uniform))
    if gaps:
        out += ["", _t("Who is not in the room:"), *(f"- {gap.message}" for gap in gaps)]
    return "\n".join(out) + "\n"
