"""Item models for the Decisions section: votes, decisions, the outcome ledger, input pickers and the
tally by role. Each is a ``QAbstractTableModel`` with ``set_rows()`` and ``RecordRole``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from coproduce.services import tally
from coproduce.services.choices import role_label
from coproduce.services.outcomes import LedgerRow, outcome_label
from coproduce.services.votes import VoteResult, method_label
from coproduce.storage.models_decisions import Decision, DecisionAction, Vote
from coproduce.ui.workshop_list import RecordRole

_Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows of one record type; subclasses give the headers and what each cell shows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def headers(self) -> list[str]:
        raise NotImplementedError

    def text(self, row: Row, column: int) -> str | int:
        raise NotImplementedError

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == RecordRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            value = self.text(row, index.column())
            return value if isinstance(value, str) and len(value) > 40 else None
        return None


@dataclass(frozen=True)
class VoteRow:
    vote: Vote
    ballots: int


class VotesModel(RowsModel[VoteRow]):
    TITLE, METHOD, STATUS, BALLOTS = range(4)

    def headers(self) -> list[str]:
        return [self.tr("Vote"), self.tr("Method"), self.tr("Status"), self.tr("Ballots")]

    def text(self, row: VoteRow, column: int) -> str | int:
        if column == self.TITLE:
            return row.vote.title
        if column == self.METHOD:
            return method_label(row.vote.method)
        if column == self.STATUS:
            return self.tr("Closed: results shown") if row.vote.status == "closed" else self.tr("Open")
        return row.ballots


class DecisionsModel(RowsModel[Decision]):
    NUMBER, STATEMENT, STATUS, DECIDED_BY = range(4)

    def headers(self) -> list[str]:
        return [self.tr("No."), self.tr("Decision"), self.tr("Status"), self.tr("Decided by")]

    def text(self, row: Decision, column: int) -> str | int:
        if column == self.NUMBER:
            return row.position
        if column == self.STATEMENT:
            return row.statement.splitlines()[0] if row.statement else ""
        if column == self.STATUS:
            return self.tr("Final") if row.status == "final" else self.tr("Draft")
        return row.decided_by or self.tr("Not recorded")


def kind_label(kind: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return {
        "contribution": QCoreApplication.translate("DecisionModels", "Contribution"),
        "theme": QCoreApplication.translate("DecisionModels", "Theme"),
    }.get(kind, kind)


class LedgerModel(RowsModel[LedgerRow]):
    INPUT, KIND, EXERCISE, OUTCOME, REASON, DECISION = range(6)

    def headers(self) -> list[str]:
        return [
            self.tr("What people said"),
            self.tr("Kind"),
            self.tr("Exercise"),
            self.tr("Outcome"),
            self.tr("Reason"),
            self.tr("Decision"),
        ]

    def text(self, row: LedgerRow, column: int) -> str | int:
        if column == self.INPUT:
            return row.text
        if column == self.KIND:
            return kind_label(row.target_kind)
        if column == self.EXERCISE:
            return row.exercise
        if column == self.OUTCOME:
            return outcome_label(row.outcome)
        if column == self.DECISION:
            if not row.decision:
                return ""
            if row.decision_adopts:
                return self.tr("Adopted by a decision")
            return self.tr("Linked by a decision")
        return row.reason

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == self.DECISION:
            return self.row_at(index.row()).decision or None
        return super().data(index, role)


@dataclass(frozen=True)
class PickRow:
    kind: str  # contribution, theme, vote
    target_id: str
    text: str
    exercise_id: str | None = None
    exercise: str = ""


class PickModel(RowsModel[PickRow]):
    """Inputs with a tick box in the first column: options for a vote, links for a decision."""

    TEXT, KIND, EXERCISE = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._checked: set[tuple[str, str]] = set()

    def headers(self) -> list[str]:
        return [self.tr("Input"), self.tr("Kind"), self.tr("Exercise")]

    def text(self, row: PickRow, column: int) -> str | int:
        if column == self.TEXT:
            return row.text
        if column == self.KIND:
            return kind_label(row.kind) if row.kind != "vote" else self.tr("Vote")
        return row.exercise

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == self.TEXT:
            if not 0 <= index.row() < len(self._rows):
                return None
            row = self._rows[index.row()]
            picked = (row.kind, row.target_id) in self._checked
            return Qt.CheckState.Checked if picked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.TEXT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != self.TEXT:
            return False
        row = self._rows[index.row()]
        key = (row.kind, row.target_id)
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        if state == Qt.CheckState.Checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_checked(self, keys: set[tuple[str, str]]) -> None:
        self._checked = set(keys)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole]
            )

    def checked(self) -> list[PickRow]:
        """The ticked rows, in the order they are listed (ticked rows hidden by a filter included)."""
        return [r for r in self._rows if (r.kind, r.target_id) in self._checked]

    def checked_keys(self) -> set[tuple[str, str]]:
        return set(self._checked)


def group_label(key: str, *, short: bool = False) -> str:
    """A role group's name; ``short`` for column headings (the full name is in the tooltip)."""
    from PySide6.QtCore import QCoreApplication

    def tr(text: str) -> str:
        return QCoreApplication.translate("DecisionModels", text)

    if key == tally.NO_ROLE_GROUP:
        return tr("Anonymous\nor no role") if short else tr("Anonymous or no role")
    if short:
        names = {
            "service_user": tr("Uses\nservices"),
            "vcse": tr("VCSE"),
            "housing": tr("Housing"),
            "staff": tr("Health or\ncare staff"),
        }
        if key in names:
            return names[key]
    return role_label(key)


@dataclass(frozen=True)
class TallyRow:
    label: str
    values: tuple[int, ...]  # overall, then one per group


class ByRoleModel(RowsModel[TallyRow]):
    """One row per option (or consent response); the overall count, then one column per role."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._tips: list[str] = []
        self.hidden_groups: tuple[str, ...] = ()  # groups not shown on their own (fewer than 5 voters)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._tips)
        ):
            return self._tips[section] or None
        return super().headerData(section, orientation, role)

    def headers(self) -> list[str]:
        return self._headers

    def set_result(self, result: VoteResult, *, show_all: bool = False) -> None:
        """The tally by role. Unless ``show_all``, groups with fewer than 5 voters are pooled as in the
        signed record, so that nobody's vote can be worked out from the screen."""
        grouped = result.grouped
        first = self.tr("Response") if result.vote.method == "consent" else self.tr("Option")
        columns: list[tuple[str, str, tally.TallyResult]] = [
            (self.tr("Everyone\n({n})").format(n=grouped.overall.ballots_counted), "", grouped.overall)
        ]
        pooled = None if show_all else result.pooled_by_role()
        by_group = dict(grouped.by_group) if pooled is None else pooled.shown
        self.hidden_groups = () if pooled is None else pooled.pooled_groups
        for g, t in by_group.items():
            heading = self.tr("{group}\n({n})").format(group=group_label(g, short=True), n=t.ballots_counted)
            columns.append((heading, group_label(g), t))
        if pooled is not None and pooled.pooled is not None:
            heading = self.tr("Other voters\n({n})").format(n=pooled.pooled.ballots_counted)
            tip = self.tr("Voters in groups of fewer than 5, together: {groups}").format(
                groups=", ".join(group_label(g) for g in pooled.pooled_groups)
            )
            columns.append((heading, tip, pooled.pooled))
        headers = [first] + [c[0] for c in columns]
        self._tips = [""] + [c[1] for c in columns]
        tallies = [c[2] for c in columns]
        rows: list[TallyRow] = []
        if isinstance(grouped.overall, tally.ConsentTally):
            for label, attr in (
                (self.tr("Agree"), "agree"),
                (self.tr("Can live with it"), "can_live_with"),
                (self.tr("Object"), "objections"),
            ):
                rows.append(TallyRow(label, tuple(int(getattr(t, attr)) for t in tallies)))
        else:
            for option in result.options:
                values = tuple(
                    t.totals.get(option.id, 0) for t in tallies if isinstance(t, tally.OptionTally)
                )
                rows.append(TallyRow(option.label, values))
        self.beginResetModel()
        self._headers = headers
        self._rows = rows
        self.endResetModel()

    def text(self, row: TallyRow, column: int) -> str | int:
        return row.label if column == 0 else row.values[column - 1]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


class ActionsModel(RowsModel[DecisionAction]):
    ACTION, OWNER, DUE = range(3)

    def headers(self) -> list[str]:
        return [self.tr("Action"), self.tr("Owner"), self.tr("Due")]

    def text(self, row: DecisionAction, column: int) -> str | int:
        if column == self.ACTION:
            return row.description
        if column == self.OWNER:
            return row.owner
        return row.due.strftime("%d %b %Y") if row.due else self.tr("No date")
