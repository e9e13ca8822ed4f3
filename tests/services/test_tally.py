from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.errors import ValidationError
from coproduce.services.tally import (
    NO_ROLE_GROUP,
    ApprovalBallot,
    Ballot,
    ConsentBallot,
    ConsentOutcome,
    ConsentResponse,
    ConsentTally,
    DotBallot,
    GroupedBallot,
    Method,
    OptionTally,
    RankingBallot,
    absolute_majority_option,
    borda_points,
    consent_outcome,
    majority_option,
    tally,
    tally_approval,
    tally_borda,
    tally_by_group,
    tally_consent,
    tally_dots,
    validate_ballot,
)

OPTIONS = ("a", "b", "c", "d")
ROLES = ("carer", "service_user", "resident", "volunteer", "staff")
FAST = settings(max_examples=200, deadline=None)


# --- strategies ----------------------------------------------------------------------------------------

options_st = st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=6, unique=True).map(tuple)


@st.composite
def dot_ballots(draw: st.DrawFn, options: tuple[str, ...], allowance: int) -> DotBallot:
    chosen = draw(st.lists(st.sampled_from(options), max_size=allowance))
    dots: dict[str, int] = {}
    for option in chosen:
        dots[option] = dots.get(option, 0) + 1
    return DotBallot(dots)


@st.composite
def dot_case(draw: st.DrawFn) -> tuple[tuple[str, ...], int, list[DotBallot]]:
    options = draw(options_st)
    allowance = draw(st.integers(1, 5))
    return options, allowance, draw(st.lists(dot_ballots(options, allowance), max_size=12))


@st.composite
def ranking_case(draw: st.DrawFn, full: bool = False) -> tuple[tuple[str, ...], list[RankingBallot]]:
    options = draw(options_st)
    perm = st.permutations(options)
    ranking = perm if full else perm.flatmap(lambda p: st.integers(0, len(p)).map(lambda k: p[:k]))
    return options, draw(st.lists(ranking.map(lambda r: RankingBallot(tuple(r))), max_size=12))


@st.composite
def approval_case(draw: st.DrawFn) -> tuple[tuple[str, ...], list[ApprovalBallot]]:
    options = draw(options_st)
    sets = st.frozensets(st.sampled_from(options)).map(ApprovalBallot)
    return options, draw(st.lists(sets, max_size=12))


consent_ballots = st.one_of(
    st.sampled_from([ConsentResponse.AGREE, ConsentResponse.CAN_LIVE_WITH]).map(ConsentBallot),
    st.text("xyz ", min_size=1, max_size=5)
    .filter(str.strip)
    .map(lambda r: ConsentBallot(ConsentResponse.OBJECT, r)),
)
roles_st = st.frozensets(st.sampled_from(ROLES), max_size=3)


def _dots(ballot: Ballot, option: str) -> int:
    assert isinstance(ballot, DotBallot)
    return ballot.dots.get(option, 0)


def _check_order_and_ties(result: OptionTally) -> None:
    scores = [result.totals[o] for o in result.ranking]
    assert scores == sorted(scores, reverse=True)
    assert sorted(result.ranking) == sorted(result.options)
    for first, second in zip(result.ranking, result.ranking[1:], strict=False):
        if result.totals[first] == result.totals[second]:
            assert result.options.index(first) < result.options.index(second)
    top = max(result.totals.values())
    if top == 0:
        assert result.winners == ()
    else:
        assert set(result.winners) == {o for o in result.options if result.totals[o] == top}
        assert result.winners == result.ranking[: len(result.winners)]
    assert (majority_option(result) is not None) == (len(result.winners) == 1)


# --- properties ----------------------------------------------------------------------------------------


@FAST
@given(dot_case())
def test_dot_totals_equal_dots_cast(case: tuple[tuple[str, ...], int, list[DotBallot]]) -> None:
    options, allowance, ballots = case
    result = tally_dots(ballots, options, allowance)
    assert sum(result.totals.values()) == sum(sum(b.dots.values()) for b in ballots)
    assert result.ballots_counted == len(ballots)
    assert sum(result.totals.values()) <= allowance * len(ballots)
    _check_order_and_ties(result)


@FAST
@given(options_st, st.integers(1, 5), st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 9)))
def test_validation_rejects_dots_over_allowance(
    options: tuple[str, ...], allowance: int, dots: dict[str, int]
) -> None:
    dots = {k: v for k, v in dots.items() if k in options}
    ballot = DotBallot(dots)
    if sum(dots.values()) > allowance:
        with pytest.raises(ValidationError, match="Too many dots"):
            validate_ballot(Method.DOTS, ballot, options, allowance)
    else:
        validate_ballot(Method.DOTS, ballot, options, allowance)


@FAST
@given(ranking_case(full=True))
def test_full_borda_ballots_give_fixed_points(case: tuple[tuple[str, ...], list[RankingBallot]]) -> None:
    options, ballots = case
    n = len(options)
    result = tally_borda(ballots, options)
    assert sum(result.totals.values()) == len(ballots) * n * (n - 1) // 2
    assert sum(result.first_preferences.values()) == len(ballots)
    _check_order_and_ties(result)


@FAST
@given(ranking_case())
def test_partial_borda_points(case: tuple[tuple[str, ...], list[RankingBallot]]) -> None:
    options, ballots = case
    n = len(options)
    result = tally_borda(ballots, options)
    expected = sum(sum(n - 1 - i for i in range(len(b.ranking))) for b in ballots)
    assert sum(result.totals.values()) == expected
    assert sum(result.first_preferences.values()) == sum(1 for b in ballots if b.ranking)
    _check_order_and_ties(result)


@FAST
@given(st.permutations(OPTIONS))
def test_ranking_all_but_one_scores_like_the_full_ranking(order: list[str]) -> None:
    assert borda_points(order[:-1], len(OPTIONS)) | {order[-1]: 0} == borda_points(order, len(OPTIONS))


@FAST
@given(approval_case())
def test_approval_counts(case: tuple[tuple[str, ...], list[ApprovalBallot]]) -> None:
    options, ballots = case
    result = tally_approval(ballots, options)
    assert sum(result.totals.values()) == sum(len(b.approved) for b in ballots)
    assert all(0 <= v <= len(ballots) for v in result.totals.values())
    _check_order_and_ties(result)


@FAST
@given(st.lists(consent_ballots, max_size=12))
def test_consent_counts(ballots: list[ConsentBallot]) -> None:
    result = tally_consent(ballots)
    assert result.agree + result.can_live_with + result.objections == result.ballots_counted == len(ballots)
    assert len(result.objection_reasons) == result.objections
    outcome = consent_outcome(result)
    if result.objections:
        assert outcome is ConsentOutcome.BLOCKED
    elif ballots:
        assert outcome is ConsentOutcome.CONSENTED
    else:
        assert outcome is ConsentOutcome.NO_RESPONSES


@FAST
@given(st.data())
def test_result_does_not_depend_on_ballot_order(data: st.DataObject) -> None:
    method = data.draw(st.sampled_from(list(Method)))
    allowance = None
    ballots: list[Ballot]
    if method is Method.DOTS:
        options, allowance, dots = data.draw(dot_case())
        ballots = list(dots)
    elif method is Method.RANKING:
        options, rankings = data.draw(ranking_case())
        ballots = list(rankings)
    elif method is Method.APPROVAL:
        options, approvals = data.draw(approval_case())
        ballots = list(approvals)
    else:
        options, ballots = ("proposal",), list(data.draw(st.lists(consent_ballots, max_size=12)))
    shuffled = data.draw(st.permutations(ballots))
    assert tally(method, ballots, options, allowance) == tally(method, shuffled, options, allowance)


@FAST
@given(st.data())
def test_by_role_totals_consistent_with_overall(data: st.DataObject) -> None:
    options, allowance, dot_ballots_ = data.draw(dot_case())
    grouped = [GroupedBallot(b, data.draw(roles_st)) for b in dot_ballots_]
    result = tally_by_group(Method.DOTS, grouped, options, allowance)
    overall = result.overall
    assert isinstance(overall, OptionTally)
    assert overall == tally_dots(dot_ballots_, options, allowance)
    # Each ballot counts once per role (once in the no-role group if it has none).
    weights = [max(1, len(g.roles)) for g in grouped]
    groups = [r for r in result.by_group.values() if isinstance(r, OptionTally)]
    assert sum(r.ballots_counted for r in groups) == sum(weights)
    for option in options:
        weighted = sum(w * _dots(g.ballot, option) for w, g in zip(weights, grouped, strict=True))
        assert sum(r.totals[option] for r in groups) == weighted
        for role, group_result in result.by_group.items():
            assert isinstance(group_result, OptionTally)
            assert group_result.totals[option] <= overall.totals[option]
            members = [g for g in grouped if role in g.roles or (role == NO_ROLE_GROUP and not g.roles)]
            assert group_result.totals[option] == sum(_dots(g.ballot, option) for g in members)
    assert list(result.by_group) == sorted(result.by_group, key=lambda k: (k == NO_ROLE_GROUP, k))


@FAST
@given(st.lists(st.tuples(consent_ballots, st.sampled_from((*ROLES, ""))), max_size=12))
def test_by_role_single_roles_partition_consent(items: list[tuple[ConsentBallot, str]]) -> None:
    grouped = [GroupedBallot(b, frozenset({r}) if r else frozenset()) for b, r in items]
    result = tally_by_group(Method.CONSENT, grouped, ())
    parts = [r for r in result.by_group.values() if isinstance(r, ConsentTally)]
    assert isinstance(result.overall, ConsentTally)
    assert sum(p.objections for p in parts) == result.overall.objections
    assert sum(p.agree for p in parts) == result.overall.agree
    assert sum(p.ballots_counted for p in parts) == result.overall.ballots_counted == len(items)


# --- examples ------------------------------------------------------------------------------------------


def test_dot_example_and_tie() -> None:
    ballots = [DotBallot({"a": 3}), DotBallot({"b": 2, "c": 1}), DotBallot({"b": 1, "a": 0})]
    result = tally_dots(ballots, OPTIONS, 3)
    assert dict(result.totals) == {"a": 3, "b": 3, "c": 1, "d": 0}
    assert result.winners == ("a", "b")
    assert result.ranking == ("a", "b", "c", "d")
    assert majority_option(result) is None
    assert absolute_majority_option(result) is None


def test_no_ballots_has_no_winner() -> None:
    result = tally_approval([], OPTIONS)
    assert result.winners == ()
    assert result.ranking == OPTIONS
    assert majority_option(result) is None


def test_borda_example_with_partial_ranking() -> None:
    ballots = [RankingBallot(("c", "a", "b")), RankingBallot(("a",)), RankingBallot(("a", "c"))]
    result = tally_borda(ballots, ("a", "b", "c"))
    # n = 3: first 2, second 1, third 0; unranked 0.
    assert dict(result.totals) == {"a": 1 + 2 + 2, "b": 0, "c": 2 + 0 + 1}
    assert dict(result.first_preferences) == {"a": 2, "b": 0, "c": 1}
    assert result.winners == ("a",)
    assert majority_option(result) == "a"
    assert absolute_majority_option(result) == "a"  # first on 2 of 3 ballots


def test_borda_winner_without_first_preference_majority() -> None:
    ballots = [RankingBallot(("a", "b", "c")), RankingBallot(("c", "b", "a")), RankingBallot(("b", "a", "c"))]
    result = tally_borda(ballots, ("a", "b", "c"))
    assert result.winners == ("b",)
    assert absolute_majority_option(result) is None


def test_absolute_majority_dots_and_approval() -> None:
    dots = tally_dots([DotBallot({"a": 3}), DotBallot({"b": 2, "a": 1})], OPTIONS, 3)
    assert absolute_majority_option(dots) == "a"  # 4 of 6 dots
    approval = tally_approval(
        [ApprovalBallot(frozenset({"a", "b"})), ApprovalBallot(frozenset({"a"}))], OPTIONS
    )
    assert absolute_majority_option(approval) == "a"
    split = tally_approval([ApprovalBallot(frozenset({"a"})), ApprovalBallot(frozenset({"b"}))], OPTIONS)
    assert split.winners == ("a", "b")
    assert absolute_majority_option(split) is None


def test_consent_example() -> None:
    result = tally_consent(
        [
            ConsentBallot(ConsentResponse.AGREE),
            ConsentBallot(ConsentResponse.CAN_LIVE_WITH, "  worried about buses  "),
            ConsentBallot(ConsentResponse.OBJECT, "No step-free access"),
        ]
    )
    assert (result.agree, result.can_live_with, result.objections) == (1, 1, 1)
    assert result.objection_reasons == ("No step-free access",)
    assert result.concerns == ("worried about buses",)
    assert consent_outcome(result) is ConsentOutcome.BLOCKED


def test_by_group_example() -> None:
    ballots = [
        GroupedBallot(ApprovalBallot(frozenset({"a"})), frozenset({"carer", "volunteer"})),
        GroupedBallot(ApprovalBallot(frozenset({"b"})), frozenset({"carer"})),
        GroupedBallot(ApprovalBallot(frozenset({"b"}))),
    ]
    result = tally_by_group(Method.APPROVAL, ballots, ("a", "b"))
    assert list(result.by_group) == ["carer", "volunteer", NO_ROLE_GROUP]
    carer = result.by_group["carer"]
    assert isinstance(carer, OptionTally)
    assert carer.winners == ("a", "b")
    assert isinstance(result.overall, OptionTally)
    assert result.overall.winners == ("b",)


@pytest.mark.parametrize(
    ("method", "ballot", "allowance", "message"),
    [
        (Method.DOTS, DotBallot({"a": 4}), 3, "Too many dots"),
        (Method.DOTS, DotBallot({"a": -1, "b": 2}), 3, "cannot be negative"),
        (Method.DOTS, DotBallot({"z": 1}), 3, "not on the list"),
        (Method.DOTS, DotBallot({"a": 1}), 0, "allowance"),
        (Method.DOTS, DotBallot({"a": 1}), None, "allowance"),
        (Method.DOTS, DotBallot({"a": True}), 3, "whole number"),
        (Method.RANKING, RankingBallot(("a", "b", "a")), None, "ranked twice"),
        (Method.RANKING, RankingBallot(("a", "z")), None, "not on the list"),
        (Method.APPROVAL, ApprovalBallot(frozenset({"z"})), None, "not on the list"),
        (Method.CONSENT, ConsentBallot(ConsentResponse.OBJECT), None, "needs a reason"),
        (Method.CONSENT, ConsentBallot(ConsentResponse.OBJECT, "   "), None, "needs a reason"),
        (Method.APPROVAL, DotBallot({"a": 1}), None, "does not match the voting method"),
    ],
)
def test_invalid_ballots(method: Method, ballot: Ballot, allowance: int | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_ballot(method, ballot, OPTIONS, allowance)


def test_tally_validates_and_checks_options() -> None:
    with pytest.raises(ValidationError, match="Too many dots"):
        tally_dots([DotBallot({"a": 2})], OPTIONS, 1)
    with pytest.raises(ValidationError, match="listed twice"):
        tally_approval([], ("a", "a"))
    with pytest.raises(ValidationError, match="no options"):
        tally_borda([], ())
    with pytest.raises(ValidationError, match="allowance"):
        tally(Method.DOTS, [], OPTIONS)


def test_blank_ballots_count() -> None:
    assert tally_dots([DotBallot({})], OPTIONS, 3).ballots_counted == 1
    assert tally_borda([RankingBallot(())], OPTIONS).ballots_counted == 1
    assert tally_approval([ApprovalBallot(frozenset())], OPTIONS).ballots_counted == 1
