"""What informed a decision: the contributions, themes and votes it links to, and what it does with each
vote (adopts one of its options, or adopts or rejects a consent round's proposal)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.services import exercises, votes
from coproduce.ui.decision_models import PickModel, PickRow
from coproduce.ui.vote_create import ExerciseFilter, input_rows, pick_table

ADOPTS = ("adopts_option", "adopts_proposal", "rejects_proposal")


class DecisionLinksBox(QGroupBox):
    """``changed`` emits whenever a tick or a vote's choice changes (for the live divergence warning)."""

    changed = Signal()
    MAX_TABLE_HEIGHT = 420  # beyond about a dozen rows the list scrolls on its own

    def __init__(self, engine: Engine, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("What informed this decision"))
        self.engine, self.workshop_id = engine, workshop_id
        self.model = PickModel(self)
        self.proxy = ExerciseFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = pick_table(self.proxy, self.tr("Inputs this decision links to: tick each one"))
        # as tall as its rows (up to a limit), so that the scrolling form around it needs no second scroll bar
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        self.proxy.modelReset.connect(self._fit)
        self.proxy.layoutChanged.connect(self._fit)
        self.proxy.rowsInserted.connect(self._fit)
        self.proxy.rowsRemoved.connect(self._fit)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Show"))
        for key, text in (
            (None, self.tr("Everything")),
            ("contribution", self.tr("Contributions")),
            ("theme", self.tr("Themes")),
            ("vote", self.tr("Votes")),
        ):
            self.kind.addItem(text, key)
        self.exercise = QComboBox()
        self.exercise.setAccessibleName(self.tr("Exercise"))
        self.kind.currentIndexChanged.connect(self._filter)
        self.exercise.currentIndexChanged.connect(self._filter)
        # one vote after another, its title above its choice: a title beside the choice wrapped into a
        # narrow column and was clipped at 1280 wide
        self.adopts_form = QVBoxLayout()
        self.adopts_form.setSpacing(2)
        self.adopts: dict[str, QComboBox] = {}  # vote id -> what the decision does with it

        filters = QHBoxLayout()
        show = QLabel(self.tr("&Show"))
        show.setBuddy(self.kind)
        from_ex = QLabel(self.tr("from e&xercise"))
        from_ex.setBuddy(self.exercise)
        for widget in (show, self.kind, from_ex, self.exercise):
            filters.addWidget(widget)
        filters.addStretch(1)
        adopts_heading = QLabel(
            self.tr(
                "What the decision does with each vote. Choosing an option the room did not favour "
                "(or going against a consent round) needs a written reason."
            )
        )
        adopts_heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(adopts_heading)
        layout.addLayout(self.adopts_form)
        self.reload()

    def reload(self) -> None:
        """Fetch the workshop's inputs and votes again (keeping what is ticked and chosen)."""
        keep = self.links()
        exercise = self.exercise.currentData()
        self.exercise.blockSignals(True)
        self.exercise.clear()
        self.exercise.addItem(self.tr("All exercises"), None)
        for item in exercises.list_exercises(self.engine, self.workshop_id):
            self.exercise.addItem(item.title, item.id)
        self.exercise.setCurrentIndex(max(0, self.exercise.findData(exercise)))
        self.exercise.blockSignals(False)
        all_votes = votes.list_votes(self.engine, self.workshop_id)
        rows = input_rows(self.engine, self.workshop_id)
        rows += [PickRow("vote", v.id, v.title, v.exercise_id) for v in all_votes]
        self.model.set_rows(rows)
        while self.adopts_form.count():
            taken = self.adopts_form.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.adopts = {}
        for vote in all_votes:
            combo = QComboBox()
            combo.setAccessibleName(self.tr("What the decision does with “{vote}”").format(vote=vote.title))
            combo.addItem(self.tr("Nothing stated"), None)
            if vote.method == "consent":
                combo.addItem(self.tr("Goes ahead with the proposal"), ("adopts_proposal", vote.id))
                combo.addItem(self.tr("Does not go ahead with the proposal"), ("rejects_proposal", vote.id))
            else:
                for option in votes.options_in_shown_order(self.engine, vote.id):
                    text = option.label if len(option.label) <= 80 else option.label[:77] + "…"
                    combo.addItem(
                        self.tr("Adopts: {option}").format(option=text), ("adopts_option", option.id)
                    )
            label = QLabel(
                self.tr("{vote} · {method}").format(vote=vote.title, method=votes.method_label(vote.method))
            )
            label.setWordWrap(True)
            label.setBuddy(combo)
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
            if self.adopts_form.count():
                self.adopts_form.addSpacing(6)
            self.adopts_form.addWidget(label)
            self.adopts_form.addWidget(combo)
            self.adopts[vote.id] = combo
        self.set_links(keep)
        self._filter()

    def _filter(self) -> None:
        kind = self.kind.currentData()
        self.proxy.set_filter(self.exercise.currentData(), {kind} if kind else None)
        self._fit()

    def _fit(self) -> None:
        """Size the list to its rows, at least three and at most ``MAX_TABLE_HEIGHT``."""
        table = self.table
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(self.proxy.rowCount()))
        rows = max(rows, 3 * table.verticalHeader().defaultSectionSize())
        frame = 2 * table.frameWidth() + table.horizontalHeader().sizeHint().height() + 2
        table.setFixedHeight(min(self.MAX_TABLE_HEIGHT, rows + frame))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()  # wrapped rows change height with the width

    def set_links(self, links: list[tuple[str, str]]) -> None:
        self.model.set_checked({(k, t) for k, t in links if k not in ADOPTS})
        chosen = {(k, t) for k, t in links if k in ADOPTS}
        for combo in self.adopts.values():
            combo.setCurrentIndex(0)
            for i in range(1, combo.count()):
                if tuple(combo.itemData(i)) in chosen:
                    combo.setCurrentIndex(i)

    def links(self) -> list[tuple[str, str]]:
        result = [(r.kind, r.target_id) for r in self.model.checked()]
        for vote_id, combo in self.adopts.items():
            data = combo.currentData()
            if data:
                kind, target = data
                result.append((str(kind), str(target)))
                if ("vote", vote_id) not in result:
                    result.append(("vote", vote_id))
        return result

    def choose(self, vote_id: str, option_label: str) -> None:
        """Choose what the decision does with a vote by the words shown (as a person picks from a list)."""
        combo = self.adopts[vote_id]
        for i in range(combo.count()):
            if option_label in combo.itemText(i):
                combo.setCurrentIndex(i)
                return
        raise KeyError(option_label)

    def set_read_only(self, locked: bool) -> None:
        self.table.setEnabled(not locked)
        for combo in self.adopts.values():
            combo.setEnabled(not locked)
