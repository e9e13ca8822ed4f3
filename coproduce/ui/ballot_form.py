"""Casting a ballot in an open vote: who is voting (a consenting participant, or anonymous), whether it is a
paper ballot entered by the facilitator, and the ballot itself in the form its method needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import consent, participants, votes
from coproduce.storage.models_decisions import Vote, VoteOption


class RankingList(QListWidget):
    """The options in ranked order; Alt+Up and Alt+Down move the chosen one."""

    def __init__(self, move: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._move = move

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            self._move(-1 if event.key() == Qt.Key.Key_Up else 1)
            event.accept()
            return
        super().keyPressEvent(event)


class DotSpin(QSpinBox):
    """A dots box that reports a typed number above what is left (``too_many``) instead of dropping it."""

    too_many = Signal(int)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        digits = text.strip()
        if digits.isdigit() and int(digits) > self.maximum():
            self.too_many.emit(int(digits))
        return super().validate(text, pos)


class BallotForm(QWidget):
    """The form for one open vote. ``cast`` emits after a ballot is saved."""

    cast = Signal()

    def __init__(self, engine: Engine, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor = engine, actor
        self.vote: Vote | None = None
        self.options: list[VoteOption] = []
        self.voter = QComboBox()
        self.voter.setAccessibleName(self.tr("Who is voting"))
        self.paper = QCheckBox(self.tr("&Paper ballot, entered by the facilitator"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.body = QVBoxLayout()
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.state = QLabel()
        self.state.setAccessibleName(self.tr("Ballot saved"))
        self.cast_button = QPushButton(self.tr("&Cast this ballot"))
        self.cast_button.setMinimumHeight(36)
        self.cast_button.clicked.connect(self.submit)

        who = QFormLayout()
        who.addRow(self.tr("&Voter"), self.voter)
        who.addRow("", self.paper)
        self.ballot_box = QGroupBox(self.tr("Ballot"))
        self.ballot_box.setLayout(self.body)
        bottom = QHBoxLayout()
        bottom.addWidget(self.cast_button)
        bottom.addWidget(self.state, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(who)
        layout.addWidget(self.hint)
        layout.addWidget(self.ballot_box)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        layout.addStretch(1)
        self.spins: dict[str, QSpinBox] = {}
        self.dots_left = QLabel()
        self.ranking = QListWidget()
        self.approvals: dict[str, QCheckBox] = {}
        self.responses = QButtonGroup(self)
        self.reason = QPlainTextEdit()

    # -- building for a vote
    def set_vote(self, vote: Vote) -> None:
        self.vote = vote
        self.options = votes.options_in_shown_order(self.engine, vote.id)
        self.error.hide()
        self.state.clear()
        self._fill_voters()
        while self.body.count():
            item = self.body.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        builder = {
            "dots": self._build_dots,
            "ranking": self._build_ranking,
            "approval": self._build_approval,
            "consent": self._build_consent,
        }[vote.method]
        builder()

    def _fill_voters(self) -> None:
        assert self.vote is not None
        voted = votes.voters(self.engine, self.vote.id)
        self.voter.clear()
        self.voter.addItem(self.tr("Anonymous (no name kept with the ballot)"), None)
        for person in consent.consenting_participants(self.engine, self.vote.workshop_id):
            if person.id not in voted:
                self.voter.addItem(participants.label(person), person.id)
        waiting = self.voter.count() - 1
        self.hint.setText(
            self.tr(
                "Only people with consent recorded are listed; {n} of them have not voted yet. "
                "Anyone else can vote anonymously."
            ).format(n=waiting)
        )

    def _build_dots(self) -> None:
        assert self.vote is not None
        self.spins = {}
        self.body.addWidget(
            QLabel(
                self.tr("Place up to {n} dots; several may go on one option.").format(n=self.vote.allowance)
            )
        )
        # the number first, in a narrow column, then the option's words wrapping in the rest of the width
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        holder = QWidget()
        holder.setLayout(grid)
        for row, option in enumerate(self.options):
            spin = DotSpin()
            spin.setRange(0, self.vote.allowance)
            spin.too_many.connect(lambda typed, s=spin: self._too_many(s, typed))
            spin.setAccessibleName(self.tr("Dots on {option}").format(option=option.label))
            spin.setMinimumWidth(80)
            spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            spin.valueChanged.connect(self._update_dots)
            label = QLabel(option.label)
            label.setWordWrap(True)
            label.setBuddy(spin)
            grid.addWidget(spin, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1)
            self.spins[option.id] = spin
        self.body.addWidget(holder)
        self.dots_left = QLabel()
        self.dots_left.setAccessibleName(self.tr("Dots left"))
        self.body.addWidget(self.dots_left)
        self._update_dots()

    def _update_dots(self) -> None:
        assert self.vote is not None
        self.error.hide()
        used = sum(s.value() for s in self.spins.values())
        left = self.vote.allowance - used
        for spin in self.spins.values():
            spin.setMaximum(spin.value() + left)
        self.dots_left.setText(self.tr("Dots left: {n} of {total}").format(n=left, total=self.vote.allowance))

    def _too_many(self, spin: QSpinBox, typed: int) -> None:
        assert self.vote is not None
        self.state.clear()
        self.error.setText(
            self.tr(
                "{typed} dots is more than this ballot allows: {left} can go here ({total} in all). "
                "Type a smaller number, or take dots off another option first."
            ).format(typed=typed, left=spin.maximum(), total=self.vote.allowance)
        )
        self.error.show()

    def _build_ranking(self) -> None:
        self.body.addWidget(
            QLabel(
                self.tr(
                    "Put the options in order, most preferred first. Select one and press Alt+Up or "
                    "Alt+Down (or the buttons) to move it."
                )
            )
        )
        self.ranking = RankingList(self.move_selected)
        self.ranking.setAccessibleName(self.tr("Ranking, most preferred first"))
        self.ranking.setWordWrap(True)
        for option in self.options:
            self.ranking.addItem(option.label)
            item = self.ranking.item(self.ranking.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, option.id)
        self.ranking.setCurrentRow(0)
        up = QPushButton(self.tr("Move &up"))
        down = QPushButton(self.tr("Move &down"))
        up.clicked.connect(lambda: self.move_selected(-1))
        down.clicked.connect(lambda: self.move_selected(1))
        row = QWidget()
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(up)
        buttons.addWidget(down)
        buttons.addStretch(1)
        self.body.addWidget(self.ranking)
        self.body.addWidget(row)

    def move_selected(self, step: int) -> None:
        row = self.ranking.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.ranking.count():
            return
        item = self.ranking.takeItem(row)
        self.ranking.insertItem(target, item)
        self.ranking.setCurrentRow(target)

    def _build_approval(self) -> None:
        self.approvals = {}
        self.body.addWidget(QLabel(self.tr("Tick every option you could support.")))
        for option in self.options:
            box = QCheckBox(option.label)
            self.approvals[option.id] = box
            self.body.addWidget(box)

    def _build_consent(self) -> None:
        assert self.vote is not None
        proposal = QLabel(self.tr("The proposal: {text}").format(text=self.vote.proposal))
        proposal.setWordWrap(True)
        self.body.addWidget(proposal)
        self.responses = QButtonGroup(self)
        for key, text in (
            ("agree", self.tr("&Agree")),
            ("can_live_with", self.tr("Can &live with it")),
            ("object", self.tr("&Object (a reason is needed)")),
        ):
            button = QRadioButton(text)
            button.setProperty("response", key)
            self.responses.addButton(button)
            self.body.addWidget(button)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Reason or concern"))
        self.reason.setPlaceholderText(
            self.tr("The reason for an objection, or a concern, in their own words")
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(80)
        self.body.addWidget(self.reason)

    # -- reading and saving
    def content(self) -> dict[str, Any]:
        assert self.vote is not None
        method = self.vote.method
        if method == "dots":
            dots = {oid: spin.value() for oid, spin in self.spins.items() if spin.value()}
            if not dots:
                raise _NoResponseError(self.tr("Place at least one dot before casting the ballot."))
            return {"dots": dots}
        if method == "ranking":
            items = [self.ranking.item(i) for i in range(self.ranking.count())]
            return {"ranking": [str(item.data(Qt.ItemDataRole.UserRole)) for item in items]}
        if method == "approval":
            return {"approved": [oid for oid, box in self.approvals.items() if box.isChecked()]}
        checked = self.responses.checkedButton()
        if checked is None:
            raise _NoResponseError(self.tr("Choose agree, can live with it, or object."))
        return {"response": str(checked.property("response")), "reason": self.reason.toPlainText()}

    def submit(self) -> bool:
        if self.vote is None:
            return False
        try:
            votes.cast_ballot(
                self.engine,
                self.actor,
                self.vote.id,
                self.content(),
                participant_id=self.voter.currentData(),
                paper=self.paper.isChecked(),
            )
        except KnownError as err:
            self.state.clear()  # the last ballot's "saved" must not sit beside this error
            self.error.setText(str(err))
            self.error.show()
            self._focus_at_fault(err)
            return False
        self.error.hide()
        count = votes.ballot_count(self.engine, self.vote.id)
        paper = self.paper.isChecked()
        self.set_vote(self.vote)  # a fresh, empty ballot for the next person
        self.paper.setChecked(paper)
        self.state.setText(self.tr("Ballot saved. {n} cast so far.").format(n=count))
        self.cast.emit()
        return True

    def _focus_at_fault(self, err: KnownError) -> None:
        """Put the keyboard focus on the part of the ballot the error is about."""
        assert self.vote is not None
        method = self.vote.method
        target: QWidget | None = None
        if method == "consent":
            checked = self.responses.checkedButton()
            buttons = self.responses.buttons()
            if isinstance(err, _NoResponseError) or checked is None:
                target = buttons[0] if buttons else None
            else:
                target = self.reason
        elif method == "dots":
            target = next(iter(self.spins.values()), None)
        elif method == "ranking":
            target = self.ranking
        else:
            target = next(iter(self.approvals.values()), None)
        if target is not None:
            target.setFocus()


class _NoResponseError(KnownError):
    """No consent response was chosen."""
