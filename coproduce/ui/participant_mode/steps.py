"""The screens of participant mode, one widget per step, each built fresh for each person.

Nothing here reads or writes the database: a step shows what it is given and emits what the person chose.
Every text field is created new for each person, with completion, prediction and input-method memory off,
so no undo history or suggestion can carry one person's words to the next.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coproduce.ui.participant_mode.accessibility import MIN_TOUCH, WrapButton, label

PRIVATE_INPUT = (
    Qt.InputMethodHint.ImhSensitiveData
    | Qt.InputMethodHint.ImhNoPredictiveText
    | Qt.InputMethodHint.ImhNoAutoUppercase
)


def private_line_edit(name: str, description: str) -> QLineEdit:
    field = QLineEdit()
    field.setCompleter(None)  # type: ignore[arg-type]  # no completer may suggest a name
    field.setInputMethodHints(PRIVATE_INPUT)
    field.setAccessibleName(name)
    field.setAccessibleDescription(description)
    field.setMinimumHeight(MIN_TOUCH)
    return field


def private_text_edit(name: str, description: str) -> QPlainTextEdit:
    field = QPlainTextEdit()
    field.setInputMethodHints(PRIVATE_INPUT)
    field.setTabChangesFocus(True)  # Tab leaves the box, so the keyboard alone can reach the buttons
    field.setAccessibleName(name)
    field.setAccessibleDescription(description)
    field.setMinimumHeight(MIN_TOUCH * 3)
    return field


class Step(QWidget):
    """A heading, the step's own content, and a "Problem:" line shown when something needs fixing."""

    def __init__(self, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controls: list[QWidget] = []  # interactive widgets, in tab order
        self.heading = label(heading, name="stepHeading")
        self.heading.setAccessibleName(heading)
        self.problem = label("", name="problem")
        self.problem.hide()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(32, 24, 32, 24)
        self.body.setSpacing(16)
        self.body.addWidget(self.heading)

    def add(self, widget: QWidget) -> QWidget:
        self.body.addWidget(widget)
        if isinstance(widget, QAbstractButton | QLineEdit | QPlainTextEdit):
            self.controls.append(widget)
        return widget

    def button(self, text: str, description: str, *, checkable: bool = False) -> WrapButton:
        widget = WrapButton(text, description, checkable=checkable)
        self.add(widget)
        return widget

    def finish(self) -> None:
        """Call after the content: the problem line, then space at the bottom."""
        self.body.addWidget(self.problem)
        self.body.addStretch(1)

    def show_problem(self, text: str) -> None:
        self.problem.setText(self.tr("Problem: {text}").format(text=text))
        self.problem.setAccessibleName(self.problem.text())
        self.problem.show()


class ChoiceGroup:
    """Exclusive big buttons: the chosen one says "(chosen)" in words, not only by its look."""

    def __init__(self, step: Step, choices: list[tuple[str, str, str]], chosen: str | None = None) -> None:
        self.buttons: dict[str, tuple[WrapButton, str]] = {}
        for key, text, description in choices:
            button = step.button(text, description, checkable=True)
            button.clicked.connect(lambda _checked=False, k=key: self.choose(k))
            self.buttons[key] = (button, text)
        self.value: str | None = None
        if chosen is not None:
            self.choose(chosen)

    def choose(self, key: str) -> None:
        self.value = key
        for other, (button, text) in self.buttons.items():
            button.setChecked(other == key)
            button.set_words(button.tr("✓ {choice} (chosen)").format(choice=text) if other == key else text)


class WhoStep(Step):
    pick_name = Signal()
    new_person = Signal()
    anonymous = Signal()

    def __init__(self, has_names: bool, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Hello! Who is adding their views?"), parent)
        self.add(label(self.tr("Choose one.")))
        if has_names:
            self.name_button = self.button(
                self.tr("I'm on the list — pick my name"),
                self.tr("Shows the names of people who have already agreed to take part"),
            )
            self.name_button.clicked.connect(self.pick_name.emit)
        self.new_button = self.button(
            self.tr("I'm new here"), self.tr("Read what happens to your words, then say if you agree")
        )
        self.anonymous_button = self.button(
            self.tr("Stay anonymous"), self.tr("Add your views without giving your name")
        )
        self.new_button.clicked.connect(self.new_person.emit)
        self.anonymous_button.clicked.connect(self.anonymous.emit)
        self.finish()


class NamesStep(Step):
    chosen = Signal(str)
    back = Signal()

    def __init__(self, people: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Tap your name"), parent)
        grid_holder = QWidget()
        grid = QGridLayout(grid_holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        columns = 2 if len(people) > 4 else 1
        for index, (person_id, name) in enumerate(people):
            button = WrapButton(name, self.tr("Add your views as {name}").format(name=name))
            button.clicked.connect(lambda _checked=False, p=person_id: self.chosen.emit(p))
            grid.addWidget(button, index // columns, index % columns)
            self.controls.append(button)
        self.body.addWidget(grid_holder)
        self.back_button = self.button(self.tr("Back"), self.tr("Go back to the first screen"))
        self.back_button.clicked.connect(self.back.emit)
        self.finish()


class ConsentStep(Step):
    agreed = Signal()
    declined = Signal()

    def __init__(self, statement: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Before you start"), parent)
        self.add(label(self.tr("Please read this. It says what happens to what you write.")))
        self.statement = label(statement, name="prompt")
        self.add(self.statement)
        self.agree_button = self.button(
            self.tr("Yes, I agree and want to take part"),
            self.tr("Records that you agreed on this screen, then asks about your name"),
        )
        self.decline_button = self.button(
            self.tr("No, thank you"), self.tr("Nothing is saved; go back to the first screen")
        )
        self.agree_button.clicked.connect(self.agreed.emit)
        self.decline_button.clicked.connect(self.declined.emit)
        self.finish()


class NameStep(Step):
    done = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Your name"), parent)
        self.add(label(self.tr("What should we call you? You can leave this empty to stay unnamed.")))
        self.name = private_line_edit(self.tr("Your name"), self.tr("Optional. Leave empty to stay unnamed."))
        self.add(self.name)
        self.add(label(self.tr("Can we write your name in the record of this meeting?")))
        self.named = ChoiceGroup(
            self,
            [
                (
                    "no",
                    self.tr("No — leave my name out"),
                    self.tr("The record shows a number, not your name"),
                ),
                (
                    "yes",
                    self.tr("Yes — you can write my name"),
                    self.tr("Your name may appear in the record"),
                ),
            ],
            chosen="no",
        )
        self.continue_button = self.button(self.tr("Continue"), self.tr("Save your choices and go on"))
        self.continue_button.clicked.connect(self._done)
        self.finish()

    def _done(self) -> None:
        name = self.name.text().strip()
        self.done.emit(name, bool(name) and self.named.value == "yes")


class PromptStep(Step):
    next = Signal(bool)

    def __init__(
        self, title: str, prompt: str, easy_read: str, easy: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.full_text, self.easy_text = prompt, easy_read
        self.prompt = label("", name="prompt")
        self.add(self.prompt)
        self.easy_button: WrapButton | None = None
        if easy_read:
            self.easy_button = self.button(
                "", self.tr("Switch between the usual words and Easy Read words"), checkable=True
            )
            self.easy_button.clicked.connect(self._set_easy)
        self.next_button = self.button(self.tr("Write my answer"), self.tr("Go to the box where you write"))
        self.next_button.clicked.connect(lambda: self.next.emit(self.easy))
        self.finish()
        self._set_easy(easy and bool(easy_read))

    def _set_easy(self, easy: bool) -> None:
        self.easy = easy
        self.prompt.setText(self.easy_text if easy else self.full_text)
        if self.easy_button is not None:
            self.easy_button.setChecked(easy)
            self.easy_button.set_words(
                self.tr("✓ Easy Read is on (tap for the usual words)") if easy else self.tr("Easy Read")
            )


class WriteStep(Step):
    submitted = Signal(str, str)
    back = Signal()

    def __init__(self, prompt: str, kinds: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Your answer"), parent)
        reminder = label(prompt, name="hint")
        self.add(reminder)
        self.kinds: ChoiceGroup | None = None
        self.only_kind = kinds[0][0] if kinds else ""
        if len(kinds) > 1:
            self.add(label(self.tr("What kind of answer is it?")))
            self.kinds = ChoiceGroup(
                self,
                [
                    (key, text, self.tr("Mark your answer as: {kind}").format(kind=text))
                    for key, text in kinds
                ],
                chosen=kinds[0][0],
            )
        self.add(label(self.tr("Write your answer here:")))
        self.text = private_text_edit(self.tr("Your answer"), self.tr("Type what you want to say"))
        self.add(self.text)
        row = QHBoxLayout()
        self.save_button = WrapButton(self.tr("Save my answer"), self.tr("Save what you wrote"))
        self.back_button = WrapButton(self.tr("Back to the question"), self.tr("See the question again"))
        for button in (self.save_button, self.back_button):
            row.addWidget(button, 1)
            self.controls.append(button)
        self.body.addLayout(row)
        self.save_button.clicked.connect(self._submit)
        self.back_button.clicked.connect(self.back.emit)
        self.finish()

    def kind(self) -> str:
        if self.kinds is not None and self.kinds.value:
            return self.kinds.value
        return self.only_kind

    def _submit(self) -> None:
        if not self.text.toPlainText().strip():
            self.show_problem(self.tr("The box is empty. Write something, then press “Save my answer”."))
            self.text.setFocus()
            return
        self.submitted.emit(self.text.toPlainText(), self.kind())


class ThanksStep(Step):
    next_person = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Thank you — pass the laptop on"), parent)
        self.add(
            label(self.tr("Your answer is saved. Please pass the laptop to the next person."), name="prompt")
        )
        self.next_button = self.button(
            self.tr("Next person"), self.tr("Clear the screen for the next person")
        )
        self.next_button.clicked.connect(self.next_person.emit)
        self.finish()


def first_control(step: Step) -> QWidget | None:
    return step.controls[0] if step.controls else None
