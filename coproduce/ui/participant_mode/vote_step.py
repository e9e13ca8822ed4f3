"""Voting in participant mode: one screen per method, big buttons, the choice always said in words.

* dots — "Add a dot" / "Take a dot away" per option, with "You have N of M dots left";
* ranking — tap options in order of preference; each says "Choice 1", "Choice 2" …; tap again to undo;
* approval — tap every option you support; each says "✓ I support this";
* consent round — agree, can live with it, or object (an objection needs a reason).

The step emits the ballot ``content`` in the form ``services.votes.cast_ballot`` takes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from coproduce.storage.models_decisions import Vote, VoteOption
from coproduce.ui.participant_mode.accessibility import WrapButton, label
from coproduce.ui.participant_mode.steps import ChoiceGroup, Step, private_text_edit


class VoteStep(Step):
    submitted = Signal(dict)

    def __init__(self, vote: Vote, options: list[VoteOption], parent: QWidget | None = None) -> None:
        super().__init__(vote.title, parent)
        self.vote, self.options = vote, options
        self.method = vote.method
        self.dots: dict[str, int] = {o.id: 0 for o in options}
        self.ranking: list[str] = []
        self.approved: set[str] = set()
        self.option_buttons: dict[str, WrapButton] = {}
        self.dot_counts: dict[str, Any] = {}
        self.remaining = label("", name="prompt")
        self.consent: ChoiceGroup | None = None
        if self.method == "dots":
            self._build_dots()
        elif self.method == "ranking":
            self._build_ranking()
        elif self.method == "approval":
            self._build_approval()
        else:
            self._build_consent()
        self.cast_button = self.button(self.tr("Cast my vote"), self.tr("Save your vote"))
        self.cast_button.clicked.connect(self._submit)
        self.finish()

    # -- dots
    def _build_dots(self) -> None:
        self.add(
            label(
                self.tr(
                    "You have {total} dots. Put them on the options you like most. "
                    "You can put more than one dot on an option."
                ).format(total=self.vote.allowance)
            )
        )
        self.add(self.remaining)
        for option in self.options:
            box = QFrame()
            box.setFrameShape(QFrame.Shape.Box)
            column = QVBoxLayout(box)
            column.addWidget(label(option.label))
            count = label("")
            row = QHBoxLayout()
            more = WrapButton(
                self.tr("Add a dot"), self.tr("Put one more dot on: {option}").format(option=option.label)
            )
            less = WrapButton(
                self.tr("Take a dot away"),
                self.tr("Take one dot off: {option}").format(option=option.label),
            )
            more.clicked.connect(lambda _c=False, o=option.id: self._dot(o, 1))
            less.clicked.connect(lambda _c=False, o=option.id: self._dot(o, -1))
            row.addWidget(count, 1)
            row.addWidget(more, 1)
            row.addWidget(less, 1)
            column.addLayout(row)
            self.body.addWidget(box)
            self.controls.extend([more, less])
            self.dot_counts[option.id] = count
        self._show_dots()

    def _dot(self, option_id: str, change: int) -> None:
        used = sum(self.dots.values())
        if change > 0 and used >= self.vote.allowance:
            self.show_problem(self.tr("You have used all your dots. Take one away to move it."))
            return
        self.dots[option_id] = max(0, self.dots[option_id] + change)
        self.problem.hide()
        self._show_dots()

    def _show_dots(self) -> None:
        left = self.vote.allowance - sum(self.dots.values())
        self.remaining.setText(
            self.tr("You have {left} of {total} dots left.").format(left=left, total=self.vote.allowance)
        )
        for option_id, count in self.dot_counts.items():
            count.setText(self.tr("Dots here: {n}").format(n=self.dots[option_id]))

    # -- ranking
    def _build_ranking(self) -> None:
        self.add(
            label(
                self.tr(
                    "Tap the options in order: your favourite first. "
                    "You don't have to choose them all. Tap a chosen one again to take it off."
                )
            )
        )
        for option in self.options:
            button = self.button(option.label, self.tr("Add this option to your order"), checkable=True)
            button.clicked.connect(lambda _c=False, o=option.id: self._rank(o))
            self.option_buttons[option.id] = button
        self._show_ranking()

    def _rank(self, option_id: str) -> None:
        if option_id in self.ranking:
            self.ranking.remove(option_id)
        else:
            self.ranking.append(option_id)
        self._show_ranking()

    def _show_ranking(self) -> None:
        for option in self.options:
            button = self.option_buttons[option.id]
            ranked = option.id in self.ranking
            button.setChecked(ranked)
            button.set_words(
                self.tr("Choice {n}: {option}").format(
                    n=self.ranking.index(option.id) + 1, option=option.label
                )
                if ranked
                else option.label
            )

    # -- approval
    def _build_approval(self) -> None:
        self.add(label(self.tr("Tap every option you support. Tap again to change your mind.")))
        for option in self.options:
            button = self.button(option.label, self.tr("Say you support this option"), checkable=True)
            button.clicked.connect(lambda _c=False, o=option.id: self._approve(o))
            self.option_buttons[option.id] = button

    def _approve(self, option_id: str) -> None:
        self.approved.symmetric_difference_update({option_id})
        for option in self.options:
            button = self.option_buttons[option.id]
            chosen = option.id in self.approved
            button.setChecked(chosen)
            button.set_words(
                self.tr("✓ I support this: {option}").format(option=option.label) if chosen else option.label
            )

    # -- consent round
    def _build_consent(self) -> None:
        self.add(label(self.tr("The proposal:")))
        self.add(label(self.vote.proposal, name="prompt"))
        self.add(label(self.tr("What do you think?")))
        self.consent = ChoiceGroup(
            self,
            [
                ("agree", self.tr("I agree"), self.tr("You agree with the proposal")),
                ("can_live_with", self.tr("I can live with it"), self.tr("Not your first choice, but fine")),
                ("object", self.tr("I object"), self.tr("You object: please say why below")),
            ],
        )
        self.add(label(self.tr("Why? (You must say why if you object.)")))
        self.reason = private_text_edit(self.tr("Your reason"), self.tr("Say why you object, if you do"))
        self.add(self.reason)

    def content(self) -> dict[str, Any] | None:
        if self.method == "dots":
            return {"dots": {k: v for k, v in self.dots.items() if v}}
        if self.method == "ranking":
            return {"ranking": list(self.ranking)}
        if self.method == "approval":
            return {"approved": sorted(self.approved)}
        if self.consent is None or self.consent.value is None:
            self.show_problem(self.tr("Choose one: I agree, I can live with it, or I object."))
            return None
        reason = self.reason.toPlainText().strip()
        if self.consent.value == "object" and not reason:
            self.show_problem(self.tr("Please say why you object, in the box."))
            self.reason.setFocus()
            return None
        return {"response": self.consent.value, "reason": reason}

    def _submit(self) -> None:
        content = self.content()
        if content is not None:
            self.submitted.emit(content)
