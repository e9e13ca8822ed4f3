"""Small-number suppression for equality monitoring reports (pure; no I/O).

**Primary suppression.** Any count from 1 to 4 (``THRESHOLD`` is 5), including a total, is hidden.

**Zeros.** A true zero is *shown* by default (``show_zeros=True``), as ONS and NHS England tables usually
do: a zero identifies nobody, and "nobody from this group was in the room" is exactly what a reach report
must be able to say. Pass ``show_zeros=False`` to hide zeros like the other small counts (for a table where
"nobody" would itself disclose something about a known person). With zeros shown, a zero is never chosen for
secondary suppression (the total is hidden instead), so every hidden cell is at least 1.

**Secondary suppression.** Where a total is shown, one hidden cell in a row, column or table could be worked
out by subtraction. Each shown total defines a *line* (its cells plus the total). The check is repeated
until nothing changes: while some line has exactly one hidden cell, or only small (primary) hidden cells
whose hidden sum pins every one of them (e.g. two hidden cells that must add up to 2, so both are 1), the
line's smallest shown non-zero cell is hidden too (else the line's total, else a zero). Totals are
themselves cells: a hidden row total is one of the cells of the column of row totals. The process always
ends, and at the end no line has exactly one hidden cell (except a line with no cells at all).

**Labels.** A table with only primary suppression labels hidden cells "fewer than 5". Once a table has any
secondary suppression, *every* hidden cell is labelled "hidden" with a footnote, so that readers cannot tell
the small cells from the ones hidden to protect them (which would narrow down the small ones).

Known limit: this is the standard "never one hidden cell per line" rule with a simple sum check; it does not
solve the full system of bounds a determined reader could set up across several lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from coproduce.errors import ValidationError
from coproduce.i18n import translate

THRESHOLD = 5
"""Counts from 1 to THRESHOLD - 1 are suppressed."""

Coord = tuple[int, int]


def _t(text: str) -> str:
    return translate("Suppression", text)


class Status(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # a small count (or a hidden zero)
    SECONDARY = "secondary"  # hidden so that a small count cannot be worked out


@dataclass(frozen=True)
class Cell:
    """A published count: ``value`` is ``None`` whenever the cell is hidden, so it cannot leak by accident."""

    value: int | None
    status: Status

    @property
    def suppressed(self) -> bool:
        return self.status is not Status.SHOWN


@dataclass(frozen=True)
class SuppressedCounts:
    """A one-way table: categories with their cells, and the total (``None`` if not shown)."""

    categories: tuple[str, ...]
    cells: tuple[Cell, ...]
    total: Cell | None

    @property
    def has_secondary(self) -> bool:
        cells = (*self.cells, *((self.total,) if self.total else ()))
        return any(cell.status is Status.SECONDARY for cell in cells)


@dataclass(frozen=True)
class SuppressedTable:
    """A two-way table with row totals, column totals and a grand total."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell

    @property
    def has_secondary(self) -> bool:
        every = [c for row in self.cells for c in row] + [
            *self.row_totals,
            *self.column_totals,
            self.grand_total,
        ]
        return any(cell.status is Status.SECONDARY for cell in every)


@dataclass(frozen=True)
class _Line:
    members: tuple[Coord, ...]  # the cells that add up to the total
    total: Coord


def _check_count(label: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_t('The count for "{label}" must be a whole number.').format(label=label))
    if value < 0:
        raise ValidationError(_t('The count for "{label}" cannot be negative.').format(label=label))
    return value


def _is_small(value: int, show_zeros: bool) -> bool:
    return 0 < value < THRESHOLD or (value == 0 and not show_zeros)


def _at_risk(
    line: _Line, values: Mapping[Coord, int], status: Mapping[Coord, Status], show_zeros: bool
) -> bool:
    cells = (*line.members, line.total)
    hidden = [c for c in cells if status[c] is not Status.SHOWN]
    if len(hidden) == 1:
        return True
    if not hidden or status[line.total] is not Status.SHOWN:
        return False
    if any(status[c] is not Status.PRIMARY for c in hidden):
        return False
    # Every hidden cell is a small count: a reader knows each lies in [low, THRESHOLD - 1] and knows their
    # sum, which pins them all when it is the smallest or largest possible sum.
    low = 1 if show_zeros else 0
    hidden_sum = sum(values[c] for c in hidden)
    return hidden_sum in (low * len(hidden), (THRESHOLD - 1) * len(hidden))


def _suppress(values: Mapping[Coord, int], lines: Sequence[_Line], show_zeros: bool) -> dict[Coord, Status]:
    status = {c: Status.PRIMARY if _is_small(v, show_zeros) else Status.SHOWN for c, v in values.items()}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if not _at_risk(line, values, status, show_zeros):
                continue
            shown = sorted(
                (c for c in line.members if status[c] is Status.SHOWN), key=lambda c: (values[c], c)
            )
            # The smallest shown non-zero cell, else the total, else a zero (ties by position).
            candidates = [c for c in shown if values[c] > 0]
            if status[line.total] is Status.SHOWN:
                candidates.append(line.total)
            candidates += [c for c in shown if values[c] == 0]
            if candidates:
                status[candidates[0]] = Status.SECONDARY
                changed = True
    return status


def _cell(value: int, status: Status) -> Cell:
    return Cell(value if status is Status.SHOWN else None, status)


def suppress_counts(
    counts: Mapping[str, int], *, show_total: bool = True, show_zeros: bool = True
) -> SuppressedCounts:
    """Suppress a one-way table of counts (categories in the mapping's order).

    With ``show_total`` the total is published, so secondary suppression applies along the one line.
    """
    categories = tuple(counts)
    values: dict[Coord, int] = {(0, j): _check_count(k, counts[k]) for j, k in enumerate(categories)}
    total_coord = (0, len(categories))
    lines: list[_Line] = []
    if show_total:
        values[total_coord] = sum(values.values())
        lines.append(_Line(tuple((0, j) for j in range(len(categories))), total_coord))
    status = _suppress(values, lines, show_zeros)
    return SuppressedCounts(
        categories=categories,
        cells=tuple(_cell(values[(0, j)], status[(0, j)]) for j in range(len(categories))),
        total=_cell(values[total_coord], status[total_coord]) if show_total else None,
    )


def suppress_table(
    rows: Mapping[str, Mapping[str, int]], columns: Sequence[str] | None = None, *, show_zeros: bool = True
) -> SuppressedTable:
    """Suppress a two-way table ``rows[row][column] -> count`` published with all its totals.

    Columns are ``columns`` if given, else in order of first appearance; a missing count is 0. A count
    under a column not in ``columns`` is refused.
    """
    row_labels = tuple(rows)
    if columns is None:
        columns = list(dict.fromkeys(col for row in rows.values() for col in row))
    column_labels = tuple(columns)
    if len(set(column_labels)) != len(column_labels):
        raise ValidationError(_t("A column is listed twice."))
    n_rows, n_cols = len(row_labels), len(column_labels)
    values: dict[Coord, int] = {}
    for i, row in enumerate(row_labels):
        for col in rows[row]:
            if col not in column_labels:
                raise ValidationError(_t('"{column}" is not one of the columns.').format(column=col))
        for j, col in enumerate(column_labels):
            values[(i, j)] = _check_count(f"{row} / {col}", rows[row].get(col, 0))
        values[(i, n_cols)] = sum(values[(i, j)] for j in range(n_cols))
    for j in range(n_cols + 1):
        values[(n_rows, j)] = sum(values[(i, j)] for i in range(n_rows))
    lines = [_Line(tuple((i, j) for j in range(n_cols)), (i, n_cols)) for i in range(n_rows + 1)]
    lines += [_Line(tuple((i, j) for i in range(n_rows)), (n_rows, j)) for j in range(n_cols + 1)]
    status = _suppress(values, lines, show_zeros)

    def cell(i: int, j: int) -> Cell:
        return _cell(values[(i, j)], status[(i, j)])

    return SuppressedTable(
        row_labels=row_labels,
        column_labels=column_labels,
        cells=tuple(tuple(cell(i, j) for j in range(n_cols)) for i in range(n_rows)),
        row_totals=tuple(cell(i, n_cols) for i in range(n_rows)),
        column_totals=tuple(cell(n_rows, j) for j in range(n_cols)),
        grand_total=cell(n_rows, n_cols),
    )


# --- text rendering -----------------------------------------------------------------------------------


def cell_text(cell: Cell, uniform_hidden: bool) -> str:
    """The published text of a cell; ``uniform_hidden`` labels every hidden cell "hidden"."""
    if cell.value is not None:
        return str(cell.value)
    return _t("hidden") if uniform_hidden else _t("fewer than 5")


def footnote(has_secondary: bool) -> str:
    if has_secondary:
        return _t(
            '"hidden": fewer than 5, or hidden so that a number under 5 cannot be worked out from the totals.'
        )
    return _t('Numbers from 1 to 4 are shown as "fewer than 5" so that nobody can be identified.')


def _grid(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[k]) for r in (header, *body)) for k in range(len(header))]

    def fmt(r: Sequence[str]) -> str:
        first = r[0].ljust(widths[0])
        rest = [text.rjust(width) for text, width in zip(r[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    return [fmt(header), "  ".join("-" * w for w in widths), *(fmt(r) for r in body)]


def render_counts(result: SuppressedCounts, heading: str = "") -> str:
    """A plain-text two-column table (category, count) with the total and a footnote."""
    uniform = result.has_secondary
    body = [[k, cell_text(c, uniform)] for k, c in zip(result.categories, result.cells, strict=True)]
    if result.total is not None:
        body.append([_t("Total"), cell_text(result.total, uniform)])
    lines = _grid([heading, _t("Count")], body)
    return "\n".join([*lines, "", footnote(uniform)]) + "\n"


def render_table(result: SuppressedTable, heading: str = "") -> str:
    """A plain-text two-way table with a totals row and column and a footnote."""
    uniform = result.has_secondary
    header = [heading, *result.column_labels, _t("Total")]
    body = [
        [label, *(cell_text(c, uniform) for c in row), cell_text(total, uniform)]
        for label, row, total in zip(result.row_labels, result.cells, result.row_totals, strict=True)
    ]
    body.append(
        [
            _t("Total"),
            *(cell_text(c, uniform) for c in result.column_totals),
            cell_text(result.grand_total, uniform),
        ]
    )
    return "\n".join([*_grid(header, body), "", footnote(uniform)]) + "\n"
