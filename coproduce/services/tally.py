"""Vote tallying: pure functions over plain dataclasses (no database, no Qt).

Four ways of voting:

* **Dot voting** (``DotBallot``): each person has ``allowance`` dots and may put several on one option.
  An option's score is the number of dots it received.
* **Ranking** (``RankingBallot``), counted by the **Borda count**: with ``n`` options, the first-ranked
  option gets ``n - 1`` points, the second ``n - 2`` and so on; a full ranking gives ``n(n - 1) / 2`` points.
  *Partial rankings* are allowed: the ``k`` ranked options get ``n - 1, n - 2, ..., n - k`` points and every
  unranked option gets 0. A partial ranking is not penalised for being partial (its first choice gets as many
  points as a full ranking's), and ranking ``n - 1`` options scores exactly as the full ranking would. The
  first-preference counts are reported alongside the points.
* **Approval** (``ApprovalBallot``): a set of options the person can support; the score is the number of
  ballots approving the option.
* **Consent round** on a single proposal (``ConsentBallot``): agree, can live with it, or object; an
  objection must give a reason.

Blank ballots (no dots, an empty ranking, no approvals) are valid and counted: the person took part but
supported no option.

Results never break ties: ``winners`` holds every option with the top score (and is empty when no option got
any support). ``ranking`` orders all options by score, highest first, then by the order the options were
given, so the same ballots always produce the same result whatever order they were entered in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from coproduce.errors import ValidationError
from coproduce.i18n import translate

NO_ROLE_GROUP = "anonymous"
"""Group key for ballots cast anonymously or by someone with no recorded role ("anonymous / no role")."""


def _t(text: str) -> str:
    return translate("Tally", text)


class Method(StrEnum):
    DOTS = "dots"
    RANKING = "ranking"
    APPROVAL = "approval"
    CONSENT = "consent"


class ConsentResponse(StrEnum):
    AGREE = "agree"
    CAN_LIVE_WITH = "can_live_with"
    OBJECT = "object"


class ConsentOutcome(StrEnum):
    CONSENTED = "consented"
    BLOCKED = "blocked"
    NO_RESPONSES = "no_responses"


@dataclass(frozen=True)
class DotBallot:
    dots: Mapping[str, int]


@dataclass(frozen=True)
class RankingBallot:
    ranking: tuple[str, ...]


@dataclass(frozen=True)
class ApprovalBallot:
    approved: frozenset[str]


@dataclass(frozen=True)
class ConsentBallot:
    response: ConsentResponse
    reason: str = ""


Ballot = DotBallot | RankingBallot | ApprovalBallot | ConsentBallot

_BALLOT_TYPE: dict[Method, type] = {
    Method.DOTS: DotBallot,
    Method.RANKING: RankingBallot,
    Method.APPROVAL: ApprovalBallot,
    Method.CONSENT: ConsentBallot,
}


@dataclass(frozen=True)
class GroupedBallot:
    """A ballot with the roles of the person who cast it (empty for an anonymous ballot)."""

    ballot: Ballot
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OptionTally:
    """Result of a dots, ranking (Borda) or approval vote.

    ``totals`` maps every option (in the given order) to its score: dots, Borda points or approvals.
    ``first_preferences`` is filled for rankings only (how many ballots put each option first).
    """

    method: Method
    options: tuple[str, ...]
    totals: Mapping[str, int]
    ballots_counted: int
    winners: tuple[str, ...]
    ranking: tuple[str, ...]
    first_preferences: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ConsentTally:
    """Result of a consent round. Reasons are kept in a deterministic (sorted) order."""

    agree: int
    can_live_with: int
    objections: int
    objection_reasons: tuple[str, ...]
    concerns: tuple[str, ...]
    ballots_counted: int
    method: Method = Method.CONSENT


TallyResult = OptionTally | ConsentTally


@dataclass(frozen=True)
class GroupedTally:
    """The overall result and one result per role (plus ``NO_ROLE_GROUP``), groups sorted by key."""

    overall: TallyResult
    by_group: Mapping[str, TallyResult]


# --- validation ---------------------------------------------------------------------------------------


def _check_options(options: Sequence[str]) -> tuple[str, ...]:
    opts = tuple(options)
    if not opts:
        raise ValidationError(_t("There are no options to vote on."))
    seen: set[str] = set()
    for option in opts:
        if option in seen:
            raise ValidationError(_t('The option "{option}" is listed twice.').format(option=option))
        seen.add(option)
    return opts


def _unknown(option: str) -> ValidationError:
    return ValidationError(
        _t('The ballot names an option that is not on the list: "{option}".').format(option=option)
    )


def validate_ballot(
    method: Method, ballot: Ballot, options: Sequence[str], allowance: int | None = None
) -> None:
    """Raise ``ValidationError`` with a plain message if ``ballot`` is not a valid ``method`` ballot.

    ``allowance`` (dots per person) is required for dot voting and ignored otherwise. ``options`` is not
    used for a consent round (it is on a single proposal).
    """
    if not isinstance(ballot, _BALLOT_TYPE[method]):
        raise ValidationError(
            _t("The ballot does not match the voting method ({method}).").format(method=method.value)
        )
    if isinstance(ballot, ConsentBallot):
        _validate_consent(ballot)
        return
    known = set(_check_options(options))
    if isinstance(ballot, DotBallot):
        _validate_dots(ballot, known, allowance)
    elif isinstance(ballot, RankingBallot):
        seen: set[str] = set()
        for option in ballot.ranking:
            if option not in known:
                raise _unknown(option)
            if option in seen:
                raise ValidationError(_t('The option "{option}" is ranked twice.').format(option=option))
            seen.add(option)
    else:
        for option in sorted(ballot.approved):
            if option not in known:
                raise _unknown(option)


def _check_allowance(allowance: int | None) -> int:
    if allowance is None or isinstance(allowance, bool) or not isinstance(allowance, int) or allowance < 1:
        raise ValidationError(_t("Dot voting needs an allowance of at least one dot per person."))
    return allowance


def _validate_dots(ballot: DotBallot, known: set[str], allowance: int | None) -> None:
    allowance = _check_allowance(allowance)
    total = 0
    for option, dots in ballot.dots.items():
        if option not in known:
            raise _unknown(option)
        if isinstance(dots, bool) or not isinstance(dots, int):
            raise ValidationError(_t('The dots on "{option}" must be a whole number.').format(option=option))
        if dots < 0:
            raise ValidationError(_t('The dots on "{option}" cannot be negative.').format(option=option))
        total += dots
    if total > allowance:
        raise ValidationError(
            _t("Too many dots: {total} used, but each person has {allowance}.").format(
                total=total, allowance=allowance
            )
        )


def _validate_consent(ballot: ConsentBallot) -> None:
    if not isinstance(ballot.response, ConsentResponse):
        raise ValidationError(_t("A consent response must be agree, can live with it, or object."))
    if not isinstance(ballot.reason, str):
        raise ValidationError(_t("The reason must be text."))
    if ballot.response is ConsentResponse.OBJECT and not ballot.reason.strip():
        raise ValidationError(_t("An objection needs a reason."))


# --- tallies ------------------------------------------------------------------------------------------


def _option_tally(
    method: Method,
    options: tuple[str, ...],
    totals: dict[str, int],
    ballots_counted: int,
    first_preferences: dict[str, int] | None = None,
) -> OptionTally:
    position = {option: index for index, option in enumerate(options)}
    ranking = tuple(sorted(options, key=lambda option: (-totals[option], position[option])))
    top = totals[ranking[0]]
    winners = tuple(option for option in ranking if totals[option] == top) if top > 0 else ()
    return OptionTally(
        method=method,
        options=options,
        totals=totals,
        ballots_counted=ballots_counted,
        winners=winners,
        ranking=ranking,
        first_preferences=first_preferences if first_preferences is not None else {},
    )


def tally_dots(ballots: Iterable[DotBallot], options: Sequence[str], allowance: int) -> OptionTally:
    """Dot totals per option. Every ballot is validated first."""
    opts = _check_options(options)
    _check_allowance(allowance)
    totals = dict.fromkeys(opts, 0)
    counted = 0
    for ballot in ballots:
        validate_ballot(Method.DOTS, ballot, opts, allowance)
        for option, dots in ballot.dots.items():
            totals[option] += dots
        counted += 1
    return _option_tally(Method.DOTS, opts, totals, counted)


def borda_points(ranking: Sequence[str], option_count: int) -> dict[str, int]:
    """Points one ranking gives: ``n - 1`` for first, ``n - 2`` for second...; unranked options get 0."""
    return {option: option_count - 1 - index for index, option in enumerate(ranking)}


def tally_borda(ballots: Iterable[RankingBallot], options: Sequence[str]) -> OptionTally:
    """Borda points per option (partial rankings as described in the module doc) and first preferences."""
    opts = _check_options(options)
    totals = dict.fromkeys(opts, 0)
    firsts = dict.fromkeys(opts, 0)
    counted = 0
    for ballot in ballots:
        validate_ballot(Method.RANKING, ballot, opts)
        for option, points in borda_points(ballot.ranking, len(opts)).items():
            totals[option] += points
        if ballot.ranking:
            firsts[ballot.ranking[0]] += 1
        counted += 1
    return _option_tally(Method.RANKING, opts, totals, counted, firsts)


def tally_approval(ballots: Iterable[ApprovalBallot], options: Sequence[str]) -> OptionTally:
    """How many ballots approve each option."""
    opts = _check_options(options)
    totals = dict.fromkeys(opts, 0)
    counted = 0
    for ballot in ballots:
        validate_ballot(Method.APPROVAL, ballot, opts)
        for option in ballot.approved:
            totals[option] += 1
        counted += 1
    return _option_tally(Method.APPROVAL, opts, totals, counted)


def tally_consent(ballots: Iterable[ConsentBallot]) -> ConsentTally:
    """Counts of agree / can live with / object, with the objection reasons and other concerns given."""
    counts = dict.fromkeys(ConsentResponse, 0)
    reasons: list[str] = []
    concerns: list[str] = []
    for ballot in ballots:
        validate_ballot(Method.CONSENT, ballot, ())
        counts[ballot.response] += 1
        reason = ballot.reason.strip()
        if ballot.response is ConsentResponse.OBJECT:
            reasons.append(reason)
        elif reason:
            concerns.append(reason)
    return ConsentTally(
        agree=counts[ConsentResponse.AGREE],
        can_live_with=counts[ConsentResponse.CAN_LIVE_WITH],
        objections=counts[ConsentResponse.OBJECT],
        objection_reasons=tuple(sorted(reasons)),
        concerns=tuple(sorted(concerns)),
        ballots_counted=sum(counts.values()),
    )


def tally(
    method: Method, ballots: Iterable[Ballot], options: Sequence[str], allowance: int | None = None
) -> TallyResult:
    """Tally ``ballots`` with ``method`` (``allowance`` for dots only; ``options`` unused for consent)."""
    items = list(ballots)
    for ballot in items:
        validate_ballot(method, ballot, options if method is not Method.CONSENT else (), allowance)
    if method is Method.DOTS:
        dots = [b for b in items if isinstance(b, DotBallot)]
        return tally_dots(dots, options, _check_allowance(allowance))
    if method is Method.RANKING:
        return tally_borda([b for b in items if isinstance(b, RankingBallot)], options)
    if method is Method.APPROVAL:
        return tally_approval([b for b in items if isinstance(b, ApprovalBallot)], options)
    return tally_consent([b for b in items if isinstance(b, ConsentBallot)])


def tally_by_group(
    method: Method, ballots: Iterable[GroupedBallot], options: Sequence[str], allowance: int | None = None
) -> GroupedTally:
    """The overall tally plus one tally per role.

    A ballot counts once overall and once in each of its person's roles (unweighted: a carer who is also a
    volunteer counts fully in both groups). Ballots with no role go to ``NO_ROLE_GROUP``. Groups are sorted
    by key, with ``NO_ROLE_GROUP`` last.
    """
    items = list(ballots)
    groups: dict[str, list[Ballot]] = {}
    for item in items:
        for role in item.roles or frozenset({NO_ROLE_GROUP}):
            groups.setdefault(role, []).append(item.ballot)
    keys = sorted(groups, key=lambda key: (key == NO_ROLE_GROUP, key))
    return GroupedTally(
        overall=tally(method, [item.ballot for item in items], options, allowance),
        by_group={key: tally(method, groups[key], options, allowance) for key in keys},
    )


# --- majority helpers for the divergence gate --------------------------------------------------------


def majority_option(result: OptionTally) -> str | None:
    """The room's leading view: the top option if it is the *unique* winner, else ``None``.

    ``None`` on a tie or when nothing got any support. This is what a decision is compared against: choosing
    another option "goes against the majority view in the room" and needs a written reason.
    """
    return result.winners[0] if len(result.winners) == 1 else None


def absolute_majority_option(result: OptionTally) -> str | None:
    """The option with *strictly more than half* of the support, or ``None``.

    * dots: more than half of all dots cast;
    * ranking: put first on more than half of the ballots counted (first preferences, not Borda points);
    * approval: the unique winner, if approved on more than half of the ballots counted.
    """
    if result.method is Method.DOTS:
        cast = sum(result.totals.values())
        return next((o for o in result.options if 2 * result.totals[o] > cast), None)
    if result.method is Method.RANKING:
        n = result.ballots_counted
        return next((o for o in result.options if 2 * result.first_preferences.get(o, 0) > n), None)
    winner = majority_option(result)
    if winner is not None and 2 * result.totals[winner] > result.ballots_counted:
        return winner
    return None


def consent_outcome(result: ConsentTally) -> ConsentOutcome:
    """``BLOCKED`` if anyone objected; ``NO_RESPONSES`` if nobody responded; otherwise ``CONSENTED``."""
    if result.objections > 0:
        return ConsentOutcome.BLOCKED
    if result.ballots_counted == 0:
        return ConsentOutcome.NO_RESPONSES
    return ConsentOutcome.CONSENTED
