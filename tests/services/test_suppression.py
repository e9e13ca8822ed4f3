from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.errors import ValidationError
from coproduce.services.suppression import (
    Cell,
    Status,
    SuppressedTable,
    render_counts,
    render_table,
    suppress_counts,
    suppress_table,
)

FAST = settings(max_examples=200, deadline=None)

# Mostly small numbers, so that suppression has work to do.
counts_st = st.one_of(st.integers(0, 6), st.integers(0, 40))


def _check_cell(cell: Cell, true_value: int, show_zeros: bool) -> None:
    if cell.suppressed:
        assert cell.value is None
    else:
        assert cell.status is Status.SHOWN
        assert cell.value == true_value  # published values are never altered
        assert not 0 < cell.value < 5
        if not show_zeros:
            assert cell.value != 0
    if 0 < true_value < 5:
        assert cell.status is Status.PRIMARY
    if true_value == 0 and show_zeros:
        assert not cell.suppressed  # a zero is never hidden when zeros are shown
    if true_value >= 5:
        assert cell.status is not Status.PRIMARY


def _check_line(
    cells: Sequence[Cell], true_values: Sequence[int], total: Cell, true_total: int, lo: int
) -> None:
    """No line (cells plus their total) may let a hidden small count be worked out."""
    assert sum(true_values) == true_total
    every = [*cells, total]
    hidden = [c for c in every if c.suppressed]
    if cells:  # (a line with no cells has a total of 0 by definition: nothing to protect)
        assert len(hidden) != 1
    if hidden and not total.suppressed and all(c.status is Status.PRIMARY for c in hidden):
        hidden_sum = true_total - sum(c.value or 0 for c in cells if not c.suppressed)
        assert hidden_sum not in (lo * len(hidden), 4 * len(hidden))


@FAST
@given(st.lists(counts_st, max_size=8), st.booleans(), st.booleans())
def test_one_way_invariants(values: list[int], show_total: bool, show_zeros: bool) -> None:
    counts = {f"group {k}": v for k, v in enumerate(values)}
    result = suppress_counts(counts, show_total=show_total, show_zeros=show_zeros)
    assert result.categories == tuple(counts)
    for cell, value in zip(result.cells, values, strict=True):
        _check_cell(cell, value, show_zeros)
    if show_total:
        assert result.total is not None
        _check_cell(result.total, sum(values), show_zeros)
        _check_line(result.cells, values, result.total, sum(values), 1 if show_zeros else 0)
    else:
        assert result.total is None
        assert all(c.status is not Status.SECONDARY for c in result.cells)
    text = render_counts(result, "Group")
    assert ("hidden" in text) == result.has_secondary


@st.composite
def matrices(draw: st.DrawFn) -> list[list[int]]:
    n_rows = draw(st.integers(0, 5))
    n_cols = draw(st.integers(1, 5))
    return [draw(st.lists(counts_st, min_size=n_cols, max_size=n_cols)) for _ in range(n_rows)]


def _check_table(table: SuppressedTable, matrix: list[list[int]], show_zeros: bool) -> None:
    n_cols = len(table.column_labels)
    lo = 1 if show_zeros else 0
    row_sums = [sum(r) for r in matrix]
    col_sums = [sum(r[j] for r in matrix) for j in range(n_cols)]
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            _check_cell(table.cells[i][j], value, show_zeros)
        _check_cell(table.row_totals[i], row_sums[i], show_zeros)
        _check_line(table.cells[i], row, table.row_totals[i], row_sums[i], lo)
    for j in range(n_cols):
        _check_cell(table.column_totals[j], col_sums[j], show_zeros)
        column = [table.cells[i][j] for i in range(len(matrix))]
        _check_line(column, [r[j] for r in matrix], table.column_totals[j], col_sums[j], lo)
    grand = sum(row_sums)
    _check_cell(table.grand_total, grand, show_zeros)
    _check_line(table.row_totals, row_sums, table.grand_total, grand, lo)
    _check_line(table.column_totals, col_sums, table.grand_total, grand, lo)


@FAST
@given(matrices(), st.booleans())
def test_two_way_invariants(matrix: list[list[int]], show_zeros: bool) -> None:
    columns = [f"c{j}" for j in range(len(matrix[0]))] if matrix else ["c0"]
    rows = {f"r{i}": dict(zip(columns, row, strict=True)) for i, row in enumerate(matrix)}
    table = suppress_table(rows, columns, show_zeros=show_zeros)
    assert table.row_labels == tuple(rows)
    assert table.column_labels == tuple(columns)
    _check_table(table, matrix, show_zeros)
    render_table(table, "Sex")


@FAST
@given(matrices())
def test_two_way_is_deterministic_and_primary_cells_are_the_small_ones(matrix: list[list[int]]) -> None:
    columns = [f"c{j}" for j in range(len(matrix[0]))] if matrix else ["c0"]
    rows = {f"r{i}": dict(zip(columns, row, strict=True)) for i, row in enumerate(matrix)}
    first = suppress_table(rows, columns)
    assert first == suppress_table(rows, columns)
    primary = {
        (i, j) for i, r in enumerate(first.cells) for j, c in enumerate(r) if c.status is Status.PRIMARY
    }
    assert primary == {(i, j) for i, r in enumerate(matrix) for j, v in enumerate(r) if 0 < v < 5}


# --- examples ------------------------------------------------------------------------------------------


def test_one_way_secondary_hides_next_smallest() -> None:
    result = suppress_counts({"White": 12, "Asian": 3, "Black": 7, "Mixed": 9, "Other": 0})
    statuses = [c.status for c in result.cells]
    assert statuses == [Status.SHOWN, Status.PRIMARY, Status.SECONDARY, Status.SHOWN, Status.SHOWN]
    assert [c.value for c in result.cells] == [12, None, None, 9, 0]
    assert result.total == Cell(31, Status.SHOWN)
    text = render_counts(result, "Ethnic group")
    assert "hidden" in text
    assert "fewer than 5" in text  # in the footnote only
    numbers = {word for line in text.splitlines()[:-1] for word in line.split() if word.isdigit()}
    assert numbers == {"12", "9", "0", "31"}


def test_one_way_two_small_cells_need_no_secondary() -> None:
    result = suppress_counts({"a": 10, "b": 2, "c": 3})
    assert [c.status for c in result.cells] == [Status.SHOWN, Status.PRIMARY, Status.PRIMARY]
    text = render_counts(result, "Group")
    assert text.count("fewer than 5") == 3  # two cells and the footnote
    assert "hidden" not in text


def test_pinned_sum_is_protected() -> None:
    # Two hidden small counts adding up to 8 must both be 4: hide one more.
    result = suppress_counts({"a": 4, "b": 4, "c": 6, "d": 20})
    assert [c.status for c in result.cells] == [
        Status.PRIMARY,
        Status.PRIMARY,
        Status.SECONDARY,
        Status.SHOWN,
    ]
    # With nothing else to hide, the total goes.
    alone = suppress_counts({"a": 1, "b": 1})
    assert alone.total is not None and alone.total.suppressed


def test_without_total_only_primary() -> None:
    result = suppress_counts({"a": 10, "b": 2}, show_total=False)
    assert [c.status for c in result.cells] == [Status.SHOWN, Status.PRIMARY]
    assert result.total is None


def test_zero_choice() -> None:
    shown = suppress_counts({"a": 0, "b": 10}, show_total=False)
    assert shown.cells[0] == Cell(0, Status.SHOWN)
    hidden = suppress_counts({"a": 0, "b": 10}, show_total=False, show_zeros=False)
    assert hidden.cells[0] == Cell(None, Status.PRIMARY)


def test_two_way_example_iterates() -> None:
    table = suppress_table(
        {"Female": {"carer": 3, "not a carer": 10}, "Male": {"carer": 6, "not a carer": 9}}
    )
    assert table.column_labels == ("carer", "not a carer")
    # Female/carer is small; its row hides 10, its column hides 6, and then Male's row hides 9.
    assert all(c.suppressed for row in table.cells for c in row)
    assert [c.value for c in table.row_totals] == [13, 15]
    assert [c.value for c in table.column_totals] == [9, 19]
    assert table.grand_total == Cell(28, Status.SHOWN)
    text = render_table(table, "Sex")
    assert text.splitlines()[0].split() == ["Sex", "carer", "not", "a", "carer", "Total"]
    assert "28" in text


def test_two_way_missing_counts_are_zero() -> None:
    table = suppress_table({"r": {"a": 7}, "s": {"b": 8}}, ["a", "b"])
    assert table.cells[0][1] == Cell(0, Status.SHOWN)
    assert table.grand_total == Cell(15, Status.SHOWN)


@pytest.mark.parametrize("bad", [-1, True, 2.5, "3"])
def test_bad_counts(bad: object) -> None:
    with pytest.raises(ValidationError, match='"a"'):
        suppress_counts({"a": bad})  # type: ignore[dict-item]


def test_bad_table() -> None:
    with pytest.raises(ValidationError, match="not one of the columns"):
        suppress_table({"r": {"z": 1}}, ["a"])
    with pytest.raises(ValidationError, match="twice"):
        suppress_table({"r": {"a": 1}}, ["a", "a"])
    with pytest.raises(ValidationError, match="r / a"):
        suppress_table({"r": {"a": -2}})
