from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce import i18n
from coproduce.errors import ValidationError
from coproduce.resources import resource
from coproduce.services.reach import (
    ROLE_KEYS,
    UNDER_RATIO,
    Flag,
    PopulationProfile,
    PopulationShare,
    compare_reach,
    flag_label,
    parse_population_csv,
    render_reach_text,
    role_gaps,
)
from coproduce.services.suppression import Status

FAST = settings(max_examples=200, deadline=None)
HEADER = "dimension,group,share_percent,note\n"
SHIPPED = resource("population", "england-wales-2021.csv")


def _shipped() -> PopulationProfile:
    return parse_population_csv(SHIPPED.read_text(encoding="utf-8"), "ONS Census 2021")


def _profile(*rows: tuple[str, str, float]) -> PopulationProfile:
    return PopulationProfile("test", tuple(PopulationShare(d, g, s, "") for d, g, s in rows))


# --- parsing -------------------------------------------------------------------------------------------


def test_shipped_profile_loads() -> None:
    profile = _shipped()
    assert profile.source_name == "ONS Census 2021"
    assert len(profile.shares) == 10
    assert profile.dimensions() == ("ethnic group", "sex", "age", "disability", "caring responsibility")
    assert profile.share("ethnic group", "Asian, Asian British or Asian Welsh") == pytest.approx(9.3)
    assert profile.share("caring responsibility", "Provides unpaid care") == pytest.approx(8.9)
    assert profile.share("sex", "Nobody") is None
    readme = SHIPPED.with_name("README.md").read_text(encoding="utf-8")
    assert "Office for National Statistics" in readme and "Open Government Licence v3.0" in readme


def test_shipped_profile_matches_shared_data() -> None:
    shared = Path("/work/shared/data/population-england-wales-2021.csv")
    if not shared.exists():
        pytest.skip("shared data folder not present")
    assert SHIPPED.read_bytes() == shared.read_bytes()


def test_bom_blank_lines_and_quoted_commas() -> None:
    text = "\ufeff" + HEADER + '\nsex,"Female, all ages",51.0,residents\n\n'
    profile = parse_population_csv(text, "x")
    assert profile.shares == (PopulationShare("sex", "Female, all ages", 51.0, "residents"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("   \n", "is empty"),
        ("dimension,group,share\nsex,Female,51\n", "line 1: the header must be"),
        (HEADER, "has no rows"),
        (HEADER + "sex,Female,fifty,\n", 'line 2: "fifty" is not a number'),
        (HEADER + "sex,Female,51,\nsex,Male,,\n", "line 3: .* is not a number"),
        (HEADER + "sex,Female,101,\n", "line 2: the share must be between 0 and 100"),
        (HEADER + "sex,Female,-1,\n", "line 2: the share must be between 0 and 100"),
        (HEADER + "sex,Female,nan,\n", "line 2: the share must be between 0 and 100"),
        (HEADER + "sex,Female,51\n", "line 2: expected 4 values, found 3"),
        (HEADER + "sex,,51,\n", "line 2: the dimension and the group must not be empty"),
        (HEADER + "sex,Female,51,\nsex,Female,49,\n", 'line 3: "Female" appears twice under "sex"'),
        (HEADER + "sex,Female,60,\nsex,Male,49,\n", 'shares under "sex" add up to more than 100%'),
        (HEADER + 'sex,"Fem\x00ale,51,\n', "line 2"),
    ],
)
def test_bad_files(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_population_csv(text, "local.csv")


def test_rounded_shares_may_add_to_slightly_over_100() -> None:
    text = HEADER + "x,a,33.4,\nx,b,33.4,\nx,c,33.3,\n"
    assert len(parse_population_csv(text, "x").shares) == 3


@FAST
@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-200, 200))
def test_any_share_is_accepted_or_refused_plainly(value: float) -> None:
    text = HEADER + f"d,g,{value},\n"
    try:
        profile = parse_population_csv(text, "x")
    except ValidationError as err:
        assert "line 2" in str(err)
    else:
        assert 0 <= profile.shares[0].share_percent <= 100


# --- comparison ----------------------------------------------------------------------------------------


def test_compare_reach_flags() -> None:
    profile = _shipped()
    rows = compare_reach(
        profile,
        {
            "ethnic group": {
                "White": 30,
                "Asian, Asian British or Asian Welsh": 2,
                "Mixed or Multiple ethnic groups": 8,
            },
            "sex": {"Female": 25, "Male": 15},
            "age": {"65 and over": 5, "under 65": 35},
            "caring responsibility": {"Provides unpaid care": 12},
        },
        {"ethnic group": 40, "sex": 40, "age": 40, "caring responsibility": 40},
    )
    by_group = {(r.dimension, r.group): r for r in rows}
    assert [(r.dimension, r.group) for r in rows] == [(s.dimension, s.group) for s in profile.shares]

    white = by_group[("ethnic group", "White")]
    assert white.room_count.value == 30 and white.room_share_percent == pytest.approx(75.0)
    assert white.ratio == pytest.approx(75.0 / 81.7)
    assert white.flag is Flag.OK  # 75 / 81.7 = 0.92

    asian = by_group[("ethnic group", "Asian, Asian British or Asian Welsh")]
    assert asian.room_count.suppressed and asian.room_count.value is None
    assert asian.room_share_percent is None and asian.ratio is None
    black = by_group[("ethnic group", "Black, Black British, Black Welsh, Caribbean or African")]
    assert black.room_count.value == 0 and black.flag is Flag.MISSING

    # Male 15 of 40 = 37.5% against 49%: ratio 0.77 < 0.8.
    assert by_group[("sex", "Male")].flag is Flag.UNDER
    assert by_group[("sex", "Female")].flag is Flag.OK
    # 65 and over: 12.5% against 18.6%: ratio 0.67.
    assert by_group[("age", "65 and over")].flag is Flag.UNDER
    assert by_group[("disability", "Disabled under the Equality Act")].flag is Flag.NO_ANSWERS
    assert by_group[("caring responsibility", "Provides unpaid care")].flag is Flag.OK


def test_hidden_count_flag_uses_only_what_a_reader_can_see() -> None:
    profile = _profile(("caring", "carer", 8.9))
    # 1 or 4 carers out of 30: both publish "hidden" with a total of 30, so the flags must match.
    one = compare_reach(profile, {"caring": {"carer": 1}}, {"caring": 30})[0]
    four = compare_reach(profile, {"caring": {"carer": 4}}, {"caring": 30})[0]
    assert one.room_count == four.room_count and one.room_count.value is None
    assert one.flag == four.flag == Flag.TOO_FEW
    # With only small counts hidden (at most 4), 4 of 100 is surely under 8.9% * 0.8.
    big = _profile(("sex", "Female", 51.0), ("sex", "Male", 49.0))
    rows = compare_reach(big, {"sex": {"Female": 3, "Male": 3}}, {"sex": 6})
    assert all(r.room_count.status is Status.PRIMARY for r in rows)
    small = _profile(("x", "a", 50.0), ("x", "b", 20.0))
    rows = compare_reach(small, {"x": {"a": 2, "b": 3}}, {"x": 100})
    assert [r.flag for r in rows] == [Flag.UNDER, Flag.UNDER]


def test_hidden_total_gives_no_flag() -> None:
    rows = compare_reach(_profile(("x", "a", 50.0), ("x", "b", 1.0)), {"x": {"a": 1, "b": 0}}, {"x": 2})
    assert rows[0].room_total.value is None
    assert [r.flag for r in rows] == [Flag.TOO_FEW, Flag.MISSING]


def test_zero_population_share() -> None:
    rows = compare_reach(_profile(("x", "a", 0.0)), {"x": {"a": 0, "b": 9}}, {"x": 9})
    assert rows[0].flag is Flag.OK and rows[0].ratio is None


def test_compare_reach_refuses_bad_counts() -> None:
    profile = _profile(("sex", "Female", 51.0))
    with pytest.raises(ValidationError, match="more than the number who answered"):
        compare_reach(profile, {"sex": {"Female": 12}}, {"sex": 10})
    with pytest.raises(ValidationError, match="whole numbers"):
        compare_reach(profile, {"sex": {"Female": -1}}, {"sex": 10})


@st.composite
def rooms(draw: st.DrawFn) -> tuple[dict[str, int], int]:
    groups = ["A", "B", "C"]
    counts = {g: draw(st.integers(0, 12)) for g in groups}
    return counts, sum(counts.values()) + draw(st.integers(0, 6))


@FAST
@given(rooms(), st.lists(st.floats(0, 60), min_size=3, max_size=3))
def test_reach_rows_never_show_small_counts(room: tuple[dict[str, int], int], shares: list[float]) -> None:
    counts, total = room
    profile = _profile(*(("d", g, s) for g, s in zip("ABC", shares, strict=True)))
    rows = compare_reach(profile, {"d": counts}, {"d": total})
    for row in rows:
        true = counts[row.group]
        if row.room_count.value is None:
            assert row.room_share_percent is None and row.ratio is None
            assert row.flag is not Flag.MISSING
        else:
            assert row.room_count.value == true and not 0 < true < 5
            assert total == 0 or row.room_share_percent == pytest.approx(100 * true / total)
        if total == 0:
            assert row.flag is Flag.NO_ANSWERS
        elif row.population_share_percent == 0:
            assert row.flag is Flag.OK  # nobody to miss
        elif true == 0:
            assert row.flag is Flag.MISSING
        elif row.flag is not Flag.TOO_FEW:
            under = 100 * true / total < UNDER_RATIO * row.population_share_percent
            assert row.flag is (Flag.UNDER if under else Flag.OK)
    if total:
        assert not 0 < (rows[0].room_total.value or 0) < 5
    render_reach_text(profile, rows)


# --- role gaps and rendering ---------------------------------------------------------------------------


def test_role_gaps() -> None:
    assert role_gaps(dict.fromkeys(ROLE_KEYS, 1)) == []
    gaps = role_gaps({"staff": 4, "carer": 0})
    assert [g.principles for g in gaps] == [(1, 2), (4,), (5,), (5,), (6,)]
    assert [g.missing for g in gaps] == [
        ("service_user",),
        ("carer",),
        ("vcse",),
        ("housing",),
        ("volunteer",),
    ]
    assert "carers" in gaps[1].message and "principle 4" in gaps[1].message
    only_housing = role_gaps({"carer": 1, "service_user": 2, "volunteer": 1, "vcse": 1})
    assert [g.missing for g in only_housing] == [("housing",)]
    with pytest.raises(ValidationError, match="not a known role"):
        role_gaps({"wizard": 1})
    with pytest.raises(ValidationError, match="whole number"):
        role_gaps({"carer": -1})


def test_render_reach_text() -> None:
    profile = _shipped()
    rows = compare_reach(
        profile,
        {"sex": {"Female": 20, "Male": 3}, "ethnic group": {"White": 23}},
        {"sex": 23, "ethnic group": 23},
    )
    text = render_reach_text(profile, rows, role_gaps({"staff": 5}))
    assert "Population: ONS Census 2021" in text
    assert "MISSING: nobody in the room" in text
    assert "NO ANSWERS" in text
    assert "hidden" in text  # Male 3 hides Female 20 too
    assert "below 80% of the population's share" in text
    assert "principle 4" in text
    table = text.split("\n\n")[1]
    assert " 3 " not in table and " 20 " not in table
    for flag in Flag:
        assert flag_label(flag)  # every flag has a text label, not only a colour


@pytest.fixture
def recording_translator() -> Iterator[list[tuple[str, str]]]:
    seen: list[tuple[str, str]] = []

    def translator(context: str, text: str) -> str:
        seen.append((context, text))
        return text

    i18n.install(translator)
    try:
        yield seen
    finally:
        i18n.install(lambda context, text: text)


def test_strings_go_through_translate(recording_translator: list[tuple[str, str]]) -> None:
    profile = _profile(("sex", "Female", 51.0))
    text = render_reach_text(
        profile, compare_reach(profile, {"sex": {"Female": 0}}, {"sex": 9}), role_gaps({})
    )
    assert ("Reach", "MISSING: nobody in the room") in recording_translator
    assert ("Reach", "Population: {source}") in recording_translator
    assert any(context == "Reach" and "principle 6" in t for context, t in recording_translator)
    assert "Population: test" in text
    with pytest.raises(ValidationError):
        parse_population_csv("", "x")
    assert ("Reach", "The population file {name} is empty.") in recording_translator
