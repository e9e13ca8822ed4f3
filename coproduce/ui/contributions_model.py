"""The contributions of a workshop as a table model, and the proxy that filters them as you type.

Built for 50,000 rows: the rows come from one query (``services.contribution_rows``), each row's search text
is lower-cased once when the rows are set, the proxy tests plain attributes (no database call, no ``data()``
call per row), and sorting is done by the source model with Python's sort rather than by the proxy calling
back into Python for every comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from coproduce.services.contribution_rows import ContributionRow
from coproduce.services.principles import principle_short
from coproduce.services.templates import kind_label

RecordRole = Qt.ItemDataRole.UserRole + 1
MIME_TYPE = "application/x-coproduce-contribution-ids"
_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


def ids_from_mime(data: QMimeData) -> list[str]:
    if not data.hasFormat(MIME_TYPE):
        return []
    return [i for i in bytes(data.data(MIME_TYPE).data()).decode("ascii").split("\n") if i]


class ContributionTableModel(QAbstractTableModel):
    TIME, EXERCISE, KIND, TEXT, WHO, THEME, SOURCE, STATUS = range(8)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ContributionRow] = []
        self.search_text: list[str] = []  # lower-cased, aligned with the rows
        self._where: dict[str, int] = {}
        self._kinds: dict[str, str] = {}
        self._distinct: dict[int, tuple[tuple[int, int], list[str]]] = {}  # column: ((version, rows), texts)
        self.version = 0  # changes whenever rows are replaced or edited (the proxy's cache follows it)
        self._headers = [
            self.tr("Time"),
            self.tr("Exercise"),
            self.tr("Kind"),
            self.tr("Contribution"),
            self.tr("From"),
            self.tr("Theme"),
            self.tr("How it came in"),
            self.tr("Status"),
        ]
        self._sources = {
            "facilitator": self.tr("Facilitator"),
            "participant": self.tr("Participant"),
            "paper": self.tr("Paper"),
        }

    # -- rows
    @property
    def rows(self) -> list[ContributionRow]:
        return self._rows

    def kind_text(self, key: str) -> str:
        label = self._kinds.get(key)
        if label is None:
            label = self._kinds[key] = kind_label(key)
        return label

    def _search_for(self, row: ContributionRow) -> str:
        return "\n".join(
            (row.text, self.kind_text(row.kind), row.participant_label, row.theme_name, row.exercise_title)
        ).casefold()

    def set_rows(self, rows: list[ContributionRow]) -> None:
        self.beginResetModel()
        self.version += 1
        self._rows = list(rows)
        self.search_text = [self._search_for(r) for r in self._rows]
        self._where = {r.id: n for n, r in enumerate(self._rows)}
        self.endResetModel()

    def append_rows(self, rows: list[ContributionRow]) -> None:
        fresh = [r for r in rows if r.id not in self._where]
        if not fresh:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
        for n, row in enumerate(fresh, start=start):
            self._rows.append(row)
            self.search_text.append(self._search_for(row))
            self._where[row.id] = n
        self.endInsertRows()

    def update_rows(self, rows: list[ContributionRow]) -> None:
        """Replace changed rows in place (after an edit, hide, theme or duplicate)."""
        for row in rows:
            n = self._where.get(row.id)
            if n is None:
                continue
            self._rows[n] = row
            self.search_text[n] = self._search_for(row)
            self.version += 1
            self.dataChanged.emit(self.index(n, 0), self.index(n, len(self._headers) - 1))

    def row_at(self, row: int) -> ContributionRow:
        return self._rows[row]

    def row_of(self, contribution_id: str) -> int | None:
        return self._where.get(contribution_id)

    # -- the model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role in (_DISPLAY, Qt.ItemDataRole.ToolTipRole) and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]  # as a tooltip too: a narrow column may cut its title
        return None

    def status_text(self, row: ContributionRow) -> str:
        parts = []
        if row.hidden:
            parts.append(self.tr("Hidden: {reason}").format(reason=row.hidden_reason))
        if row.duplicate_of:
            parts.append(self.tr("Duplicate"))
        return "; ".join(parts)

    def text(self, row: ContributionRow, column: int) -> str:
        if column == self.TIME:
            return row.created_at.astimezone().strftime("%H:%M")
        if column == self.EXERCISE:
            return f"{row.exercise_title} (P{row.principle})"
        if column == self.KIND:
            return self.kind_text(row.kind)
        if column == self.TEXT:
            return " ".join(row.text.split())
        if column == self.WHO:
            return row.participant_label or self.tr("Anonymous")
        if column == self.THEME:
            return row.theme_name
        if column == self.SOURCE:
            return self._sources.get(row.source, row.source)
        return self.status_text(row)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (_DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, column)
        if role == RecordRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cell that may be cut short
            if column == self.TEXT:
                return row.text
            if column == self.EXERCISE:
                return f"{self.text(row, column)}: {principle_short(row.principle)}"
            return self.text(row, column) or None
        if role == Qt.ItemDataRole.ForegroundRole and (row.hidden or row.duplicate_of):
            return QColor(110, 110, 110)
        if role == Qt.ItemDataRole.FontRole and row.hidden:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    # -- column widths, from the few distinct values of the short columns (never from every row's words)
    def has_status(self) -> bool:
        return bool(self.status_texts())

    def status_texts(self) -> list[str]:
        """The distinct statuses (hidden with their reasons, duplicate), remembered until the rows change."""
        cached = self._distinct.get(self.STATUS)
        if cached is not None and cached[0] == (self.version, len(self._rows)):
            return cached[1]
        texts = list(dict.fromkeys(self.status_text(r) for r in self._rows if r.hidden or r.duplicate_of))
        self._distinct[self.STATUS] = ((self.version, len(self._rows)), texts)
        return texts

    def distinct_texts(self, column: int) -> list[str]:
        """The distinct texts of a short column, found from plain attributes in one pass (50,000 rows: ms)."""
        if column == self.TIME:
            return ["00:00"]
        attrs = {
            self.EXERCISE: ("exercise_title", "principle"),
            self.KIND: ("kind",),
            self.WHO: ("participant_label",),
            self.THEME: ("theme_name",),
            self.SOURCE: ("source",),
        }.get(column)
        if attrs is None:
            return []
        cached = self._distinct.get(column)
        if cached is not None and cached[0] == (self.version, len(self._rows)):
            return cached[1]
        firsts = dict(zip(map(attrgetter(*attrs), self._rows), self._rows, strict=True))  # C speed
        texts = [self.text(r, column) for r in firsts.values()]
        self._distinct[column] = ((self.version, len(self._rows)), texts)
        return texts

    # -- sorting, in Python, once (the proxy passes it on; see ContributionFilterProxy.sort)
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        keys = {
            self.TIME: lambda r: (r.created_at, r.id),
            self.EXERCISE: lambda r: (r.exercise_title.casefold(), r.created_at),
            self.TEXT: lambda r: r.text.casefold(),
        }
        key = keys.get(column, lambda r: (self.text(r, column).casefold(), r.created_at))
        self.layoutAboutToBeChanged.emit()
        self.version += 1
        old = {r.id: n for n, r in enumerate(self._rows)}
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._where = {r.id: n for n, r in enumerate(self._rows)}
        self.search_text = [self.search_text[old[r.id]] for r in self._rows]
        moved_from, moved_to = [], []
        by_old = {n: self._where[r_id] for r_id, n in old.items()}
        for index in self.persistentIndexList():
            moved_from.append(index)
            moved_to.append(self.index(by_old[index.row()], index.column()))
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    # -- drag and drop: contributions are dragged onto themes
    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Any) -> QMimeData:
        ids = list(dict.fromkeys(self._rows[i.row()].id for i in indexes if i.isValid()))
        data = QMimeData()
        data.setData(MIME_TYPE, "\n".join(ids).encode("ascii"))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


ANY = None  # a filter left open
NONE = ""  # "no theme" / "anonymous"


@dataclass
class Filters:
    exercise_id: str | None = ANY
    principle: int | None = ANY
    kind: str | None = ANY
    theme_id: str | None = ANY  # NONE: only those without a theme
    participant_id: str | None = ANY  # NONE: only anonymous ones
    search: str = ""
    show_hidden: bool = True


class ContributionFilterProxy(QSortFilterProxyModel):
    """Filters by exercise, principle, kind, theme, participant and words.

    A filter change works out which rows pass in one Python pass over the rows (list comprehensions over
    plain attributes), then ``invalidate()`` lets Qt rebuild its mapping in one go; ``filterAcceptsRow``
    only reads that answer. (Qt's incremental ``invalidateRowsFilter`` sends a signal per changed range and
    was five times slower on 50,000 rows.)
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filters = Filters()
        self._words: list[str] = []
        self._accepted: list[bool] = []
        self._version = -1

    def set_filters(self, **values: Any) -> None:
        for key, value in values.items():
            setattr(self.filters, key, value)
        self._words = self.filters.search.casefold().split()
        self._version = -1
        self.invalidate()

    def _passes(self, model: ContributionTableModel, n: int) -> bool:
        row = model.rows[n]
        f = self.filters
        if not f.show_hidden and row.hidden:
            return False
        if f.exercise_id is not None and row.exercise_id != f.exercise_id:
            return False
        if f.principle is not None and row.principle != f.principle:
            return False
        if f.kind is not None and row.kind != f.kind:
            return False
        if f.theme_id is not None and (row.theme_id or NONE) != f.theme_id:
            return False
        if f.participant_id is not None and (row.participant_id or NONE) != f.participant_id:
            return False
        text = model.search_text[n]
        return all(word in text for word in self._words)

    def _recompute(self, model: ContributionTableModel) -> None:
        f = self.filters
        rows = model.rows
        keep = [True] * len(rows)
        if not f.show_hidden:
            keep = [k and not r.hidden for k, r in zip(keep, rows, strict=True)]
        for attr, wanted in (("exercise_id", f.exercise_id), ("principle", f.principle), ("kind", f.kind)):
            if wanted is not None:
                keep = [k and getattr(r, attr) == wanted for k, r in zip(keep, rows, strict=True)]
        for attr, wanted in (("theme_id", f.theme_id), ("participant_id", f.participant_id)):
            if wanted is not None:
                keep = [k and (getattr(r, attr) or NONE) == wanted for k, r in zip(keep, rows, strict=True)]
        for word in self._words:
            keep = [k and word in text for k, text in zip(keep, model.search_text, strict=True)]
        self._accepted = keep
        self._version = model.version

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ContributionTableModel):
            return True
        if self._version != model.version:
            self._recompute(model)
        if source_row < len(self._accepted):
            return self._accepted[source_row]
        return self._passes(model, source_row)  # a row appended since

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, ContributionTableModel) and column >= 0:
            model.sort(column, order)


# the most each short column may take, in pixels, and the share of the width always left for the words
COLUMN_MAXIMA = {
    ContributionTableModel.TIME: 70,
    ContributionTableModel.EXERCISE: 170,
    ContributionTableModel.KIND: 150,
    ContributionTableModel.WHO: 160,
    ContributionTableModel.THEME: 150,
    ContributionTableModel.SOURCE: 120,
    ContributionTableModel.STATUS: 160,
}
WORDS_SHARE = 0.45
# short columns that always show their content (wrapped to two lines if need be); the others (exercise, who,
# theme) are narrowed first, their tooltips holding the whole text
FIXED = (ContributionTableModel.TIME, ContributionTableModel.KIND, ContributionTableModel.SOURCE)


def _two_lines(metrics: QFontMetrics, text: str) -> int:
    """The width ``text`` needs when wrapped at its best word break into two lines."""
    words = text.split()
    if len(words) < 2:
        return metrics.horizontalAdvance(text)
    return min(
        max(metrics.horizontalAdvance(" ".join(words[:n])), metrics.horizontalAdvance(" ".join(words[n:])))
        for n in range(1, len(words))
    )


def fit_columns(table: QTableView, model: ContributionTableModel) -> None:
    """Size the short columns to their contents (capped), hide an empty Status column, and stretch the words.

    Widths come from the distinct values (a few dozen), never from measuring every row, so this stays fast
    for 50,000 contributions; the words column never uses ResizeToContents. When the short columns would
    leave the words less than ``WORDS_SHARE`` of the width, the widest are narrowed (``share_widths``; each
    cell's tooltip shows its whole text).
    """
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )  # a cut title reads
    header.setSectionResizeMode(ContributionTableModel.TEXT, QHeaderView.ResizeMode.Stretch)
    table.setColumnHidden(ContributionTableModel.STATUS, not model.has_status())
    cells, heads = table.fontMetrics(), header.fontMetrics()
    widths: dict[int, int] = {}
    floors: dict[int, int] = {}  # the fixed columns' width for their content in two lines, title whole
    for column, most in COLUMN_MAXIMA.items():
        if table.isColumnHidden(column):
            continue
        texts = (
            model.status_texts() if column == ContributionTableModel.STATUS else model.distinct_texts(column)
        )
        title = heads.horizontalAdvance(str(model.headerData(column, Qt.Orientation.Horizontal))) + 20
        widths[column] = min(max([title, *(cells.horizontalAdvance(t) + 16 for t in texts)]), most)
        if column in FIXED:
            floors[column] = min(max([title, *(_two_lines(cells, t) + 16 for t in texts)]), widths[column])
    room = table.viewport().width() or table.width()
    spare = int(room * (1 - WORDS_SHARE))
    if room > 200 and sum(widths.values()) > spare:
        flexible = {c: w for c, w in widths.items() if c not in floors}
        if sum(floors.values()) + 48 * len(flexible) <= spare:
            widths = floors | share_widths(flexible, spare - sum(floors.values()))
        else:
            widths = share_widths(widths, spare)
    for column, width in widths.items():
        table.setColumnWidth(column, width)


def share_widths(widths: dict[int, int], spare: int, least: int = 48) -> dict[int, int]:
    """Fit columns into ``spare`` pixels: the narrow ones keep the width their content needs, and only the
    widest are cut, all to one common width (never below ``least``): a new, long theme name narrows the Theme
    column rather than every column."""
    if sum(widths.values()) <= spare:
        return dict(widths)
    fitted: dict[int, int] = {}
    left = spare
    ordered = sorted(widths.items(), key=lambda item: item[1])
    for n, (column, width) in enumerate(ordered):
        cap = left / (len(ordered) - n)
        if width <= cap:
            fitted[column] = width
            left -= width
            continue
        for rest, _width in ordered[n:]:
            fitted[rest] = max(least, int(cap))
        break
    return fitted
