"""The Votes tab: every vote with its status; set one up; cast ballots while it is open (results stay
hidden); close it to see the results, overall and by role."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import votes
from coproduce.storage.models_decisions import Vote
from coproduce.ui.ballot_form import BallotForm
from coproduce.ui.decision_models import VoteRow, VotesModel
from coproduce.ui.vote_create import VoteCreateDialog
from coproduce.ui.vote_results import VoteResultsView
from coproduce.ui.widgets import CurrentPageStack


class VotesPanel(QWidget):
    saved = Signal()

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self.create_dialog: VoteCreateDialog | None = None
        self.model = VotesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Votes"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(VotesModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (VotesModel.METHOD, VotesModel.STATUS, VotesModel.BALLOTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # room for four votes without scrolling (at 1280x800 the splitter otherwise left two)
        self.table.setMinimumHeight(
            header.sizeHint().height()
            + 4 * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )

        self.new_button = QPushButton(self.tr("&New vote…"))
        self.close_button = QPushButton(self.tr("C&lose vote and show results"))
        self.new_button.clicked.connect(self.new_vote)
        self.close_button.clicked.connect(self.ask_to_close)
        self.close_confirm = QFrame()
        self.close_confirm.setObjectName("closeVoteConfirmation")
        self.close_confirm.setFrameShape(QFrame.Shape.StyledPanel)
        self.close_question = QLabel()
        self.close_question.setWordWrap(True)
        self.confirm_close_button = QPushButton(self.tr("Close &the vote"))
        self.confirm_close_button.setAutoDefault(True)  # Enter on it closes
        self.confirm_close_button.clicked.connect(self.close_selected)
        self.keep_open_button = QPushButton(self.tr("&Keep it open"))
        self.keep_open_button.setAutoDefault(True)
        self.keep_open_button.clicked.connect(self.close_confirm.hide)
        confirm_buttons = QHBoxLayout()
        confirm_buttons.addWidget(self.confirm_close_button)
        confirm_buttons.addWidget(self.keep_open_button)
        confirm_buttons.addStretch(1)
        confirm_layout = QVBoxLayout(self.close_confirm)
        confirm_layout.addWidget(self.close_question)
        confirm_layout.addLayout(confirm_buttons)
        self.close_confirm.hide()
        for button in (self.new_button, self.close_button):
            button.setMinimumHeight(36)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.hidden_note = QLabel()
        self.hidden_note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.ballot = BallotForm(engine, actor)
        self.results = VoteResultsView(engine, actor)
        self.empty = QLabel(self.tr("Choose a vote above, or set up a new one."))
        self.empty.setWordWrap(True)
        open_page = QWidget()
        open_layout = QVBoxLayout(open_page)
        open_layout.setContentsMargins(0, 0, 0, 0)
        open_layout.addWidget(self.hidden_note)
        open_layout.addWidget(self.ballot, 1)
        self.detail = CurrentPageStack()  # sized by the page shown, so a short ballot does not scroll
        for page in (self.empty, open_page, self.results):
            self.detail.addWidget(page)
        self.ballot.cast.connect(self._ballot_cast)
        self.results.reopened.connect(self._changed)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(buttons)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 6, 0, 0)
        # the question before closing sits above the vote it is about (in the top pane, whose height the
        # splitter fixes, it pushed the buttons over the list)
        bottom_layout.addWidget(self.close_confirm)
        bottom_layout.addWidget(self.heading)
        bottom_layout.addWidget(self.error)
        bottom_layout.addWidget(self.detail, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(bottom)
        self.bottom_scroll = scroll
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.top_pane = top
        self.splitter.addWidget(top)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self._sized = False
        self.load()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time: the list as tall as four votes and its buttons, the rest for the chosen vote."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            top = self.top_pane.minimumSizeHint().height()
            self.splitter.setSizes([top, max(top, self.splitter.height() - top)])

    # -- data
    def load(self, select_id: str | None = None) -> None:
        current = select_id or self.selected_id()
        rows = self._rows()
        self.model.set_rows(rows)
        ids = [r.vote.id for r in rows]
        if current in ids:
            self.table.selectRow(ids.index(current))
        elif rows:
            self.table.selectRow(0)
        self._show_selected()

    def _rows(self) -> list[VoteRow]:
        return [
            VoteRow(v, votes.ballot_count(self.engine, v.id))
            for v in votes.list_votes(self.engine, self.workshop_id)
        ]

    def _hidden_text(self, vote: Vote, count: int) -> str:
        parts = [
            self.tr(
                "Results stay hidden until the vote is closed, so that early ballots do not sway later ones."
            ),
            self.tr("1 ballot cast so far.")
            if count == 1
            else self.tr("{n} ballots cast so far.").format(n=count),
        ]
        if vote.method != "consent":  # a consent round has one proposal, no options to order
            parts.append(self.tr("Options are listed in the random order recorded for this vote."))
        return " ".join(parts)

    def selected_vote(self) -> Vote | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()).vote if indexes else None

    def selected_id(self) -> str | None:
        vote = self.selected_vote()
        return vote.id if vote else None

    def select_vote(self, vote_id: str) -> None:
        ids = [r.vote.id for r in self.model.rows()]
        if vote_id in ids:
            self.table.selectRow(ids.index(vote_id))

    def _show_selected(self) -> None:
        vote = self.selected_vote()
        self.error.hide()
        self.close_confirm.hide()
        self.close_button.setEnabled(vote is not None and vote.status == "open")
        if vote is None:
            self.heading.clear()
            self.detail.setCurrentWidget(self.empty)
            return
        self.heading.setText(vote.title)
        if vote.status == "open":
            self.hidden_note.setText(self._hidden_text(vote, votes.ballot_count(self.engine, vote.id)))
            self.ballot.set_vote(vote)
            self.detail.setCurrentIndex(1)
        else:
            self.results.set_result(votes.results(self.engine, vote.id))
            self.detail.setCurrentWidget(self.results)

    # -- actions
    def new_vote(self) -> None:
        dialog = VoteCreateDialog(self.engine, self.actor, self.workshop_id, self)
        self.create_dialog = dialog
        dialog.accepted.connect(lambda: self._created(dialog))
        dialog.open()

    def _created(self, dialog: VoteCreateDialog) -> None:
        self.load(dialog.vote_id)
        self.saved.emit()

    def ask_to_close(self) -> None:
        """Say how many ballots are in and that closing ends voting; the vote closes on confirmation."""
        vote = self.selected_vote()
        if vote is None or vote.status != "open":
            return
        count = votes.ballot_count(self.engine, vote.id)
        cast = (
            self.tr("No ballots have been cast.")
            if count == 0
            else self.tr("1 ballot has been cast.")
            if count == 1
            else self.tr("{n} ballots have been cast.").format(n=count)
        )
        self.close_question.setText(
            self.tr(
                "Close “{title}” and show its results? {cast} Closing ends voting: no more ballots can be "
                "cast unless the vote is reopened, with a reason kept in the history."
            ).format(title=vote.title, cast=cast)
        )
        self.close_confirm.show()
        self.bottom_scroll.ensureWidgetVisible(self.close_confirm)
        self.confirm_close_button.setFocus()

    def close_selected(self) -> None:
        self.close_confirm.hide()
        vote = self.selected_vote()
        if vote is None:
            return
        try:
            votes.close_vote(self.engine, self.actor, vote.id)
        except KnownError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        self._changed()

    def _ballot_cast(self) -> None:
        vote_id = self.selected_id()
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # keep the form as it is: it has just been reset for the next person
        try:
            self.model.set_rows(self._rows())
            if vote_id:
                self.select_vote(vote_id)
        finally:
            selection.blockSignals(False)
        vote = self.selected_vote()
        if vote is not None:
            self.hidden_note.setText(self._hidden_text(vote, votes.ballot_count(self.engine, vote.id)))
        self.saved.emit()

    def _changed(self) -> None:
        self.load()
        self.saved.emit()
