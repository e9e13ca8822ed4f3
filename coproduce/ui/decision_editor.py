"""Writing a decision: the statement, the rationale, who decided and when, the level of agreement, dissent
in people's own words, what informed it, and actions. Finalising runs the gate; a decision that goes
against the room shows a prominent warning and needs a written reason."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import decisions
from coproduce.services.decisions import AGREEMENT, DecisionInput, agreement_label
from coproduce.services.validate import MEDIUM, SHORT
from coproduce.ui.date_fields import first_unreadable
from coproduce.ui.decision_links import DecisionLinksBox
from coproduce.ui.decision_models import ActionsModel
from coproduce.ui.widgets import OptionalDateEdit


def _text_box(name: str, placeholder: str, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    box.setMaximumHeight(int(height * 1.4))
    return box


class DecisionEditor(QWidget):
    saved = Signal(str)  # the decision's id

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self.decision_id: str | None = None
        tr = self.tr
        self.statement = _text_box(tr("The decision"), tr("What was decided, in plain words"), 50)
        self.rationale = _text_box(tr("The rationale"), tr("Why: what was weighed, and how"), 60)
        self.decided_by = QLineEdit()
        self.decided_by.setMaxLength(SHORT)
        self.decided_by.setAccessibleName(tr("Who decided"))
        self.decided_by.setPlaceholderText(tr("A name, or a named body such as a board"))
        self.decided_by_role = QLineEdit()
        self.decided_by_role.setMaxLength(SHORT)
        self.decided_by_role.setAccessibleName(tr("Their role or body"))
        self.decided_on = OptionalDateEdit()
        self.decided_on.setAccessibleName(tr("Date decided"))
        self.agreement = QComboBox()
        self.agreement.setAccessibleName(tr("Level of agreement in the room"))
        for key in AGREEMENT:
            self.agreement.addItem(agreement_label(key), key)
        self.dissent = _text_box(
            tr("Dissenting and minority views"), tr("In people's own words, as they said them"), 50
        )
        self.links = DecisionLinksBox(engine, workshop_id)
        self.links.changed.connect(self._show_divergence)  # live, before anything is saved

        # the divergence warning: prominent, in words, with the reason field right under it
        self.divergence_box = QFrame()
        self.divergence_box.setObjectName("divergenceBox")
        self.divergence_box.setStyleSheet(
            "QFrame#divergenceBox { border: 3px solid #8a1c1c; background: #fdecea; padding: 6px; }"
        )
        self.divergence_text = QLabel()
        self.divergence_text.setWordWrap(True)
        self.divergence_text.setStyleSheet("color: #5c1010;")
        self.divergence_reason = _text_box(
            tr("Reason for going against the room"),
            tr("Why the decision differs from what the room said. The record prints this prominently."),
            50,
        )
        box = QVBoxLayout(self.divergence_box)
        reason_label = QLabel(tr("&Reason for going against the room (required)"))
        reason_label.setBuddy(self.divergence_reason)
        reason_label.setStyleSheet("font-weight: 600; color: #5c1010;")
        box.addWidget(self.divergence_text)
        box.addWidget(reason_label)
        box.addWidget(self.divergence_reason)
        self.divergence_box.hide()

        self.actions_model = ActionsModel(self)
        self.actions_table = QTableView()
        self.actions_table.setModel(self.actions_model)
        self.actions_table.setAccessibleName(tr("Actions"))
        self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_table.verticalHeader().hide()
        self.actions_table.setMaximumHeight(120)
        self.actions_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):  # an owner's name and organisation on one line
            self.actions_table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.action_text = QLineEdit()
        self.action_text.setMaxLength(MEDIUM)
        self.action_text.setAccessibleName(tr("New action"))
        self.action_text.setPlaceholderText(tr("What will be done"))
        self.action_owner = QLineEdit()
        self.action_owner.setMaxLength(SHORT)
        self.action_owner.setAccessibleName(tr("Owner of the new action"))
        self.action_owner.setPlaceholderText(tr("Who will do it"))
        self.action_due = OptionalDateEdit()
        self.action_due.setAccessibleName(tr("Due date of the new action"))
        self.add_action_button = QPushButton(tr("Add ac&tion"))
        self.add_action_button.clicked.connect(self.add_action)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.hide()
        self.save_button = QPushButton(tr("&Save draft"))
        self.finalise_button = QPushButton(tr("&Finalise decision"))
        self.save_button.clicked.connect(self.save)
        self.finalise_button.clicked.connect(self.finalise)
        self.reopen_reason = QLineEdit()
        self.reopen_reason.setMaxLength(MEDIUM)
        self.reopen_reason.setAccessibleName(tr("Reason for reopening the decision"))
        self.reopen_reason.setPlaceholderText(tr("Why it is reopened as a draft (kept in the history)"))
        self.reopen_button = QPushButton(tr("Reopen as &draft"))
        self.reopen_button.clicked.connect(self.reopen)
        for button in (self.save_button, self.finalise_button, self.reopen_button):
            button.setMinimumHeight(36)

        form = QFormLayout()
        form.addRow(tr("The &decision"), self.statement)
        form.addRow(tr("&Rationale"), self.rationale)
        form.addRow(tr("&Who decided"), self.decided_by)
        form.addRow(tr("Their r&ole or body"), self.decided_by_role)
        form.addRow(tr("Decided &on"), self.decided_on)
        form.addRow(tr("&Agreement in the room"), self.agreement)
        form.addRow(tr("Dissent and &minority views"), self.dissent)
        actions = QGroupBox(tr("Actions, each with an owner and a due date"))
        add_row = QHBoxLayout()
        add_row.addWidget(self.action_text, 2)
        add_row.addWidget(self.action_owner, 1)
        add_row.addWidget(self.action_due)
        add_row.addWidget(self.add_action_button)
        actions_layout = QVBoxLayout(actions)
        actions_layout.addWidget(self.actions_table)
        actions_layout.addLayout(add_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.finalise_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reopen_reason, 1)
        buttons.addWidget(self.reopen_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.divergence_box)
        layout.addLayout(form)
        layout.addWidget(self.links)
        layout.addWidget(actions)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.load(None)

    # -- loading
    def load(self, decision_id: str | None) -> None:
        self.decision_id = decision_id
        self.message.hide()
        self.links.reload()
        self.reopen_reason.clear()
        if decision_id is None:
            data = DecisionInput(statement="")
            self.links.set_links([])
            self.actions_model.set_rows([])
            final = False
        else:
            d = decisions.get_decision(self.engine, decision_id)
            data = DecisionInput(
                d.statement,
                d.rationale,
                d.decided_by,
                d.decided_by_role,
                d.decided_on,
                d.agreement,
                d.dissent,
                d.divergence_reason,
            )
            self.links.set_links(decisions.links(self.engine, decision_id))
            self.actions_model.set_rows(decisions.actions(self.engine, decision_id))
            final = d.status == "final"
        self.statement.setPlainText(data.statement)
        self.rationale.setPlainText(data.rationale)
        self.decided_by.setText(data.decided_by)
        self.decided_by_role.setText(data.decided_by_role)
        self.decided_on.set_value(data.decided_on)
        self.agreement.setCurrentIndex(max(0, self.agreement.findData(data.agreement)))
        self.dissent.setPlainText(data.dissent)
        self.divergence_reason.setPlainText(data.divergence_reason)
        self._set_final(final)
        self._show_divergence()

    def _set_final(self, final: bool) -> None:
        for box in (self.statement, self.rationale, self.dissent, self.divergence_reason):
            box.setReadOnly(final)
        for line in (self.decided_by, self.decided_by_role):
            line.setReadOnly(final)
        for widget in (self.decided_on, self.agreement, self.action_text, self.action_owner, self.action_due):
            widget.setEnabled(not final)
        self.links.set_read_only(final)
        self.add_action_button.setEnabled(not final and self.decision_id is not None)
        self.add_action_button.setToolTip(
            self.tr("Save the decision as a draft first; then add its actions.")
            if self.decision_id is None
            else ""
        )
        self.save_button.setEnabled(not final)
        self.finalise_button.setEnabled(not final)
        self.reopen_reason.setVisible(final)
        self.reopen_button.setVisible(final)
        if self.decision_id is None:
            self.status.setText(
                self.tr(
                    "A new decision: save it as a draft (its actions can be added then), then finalise it."
                )
            )
        elif final:
            self.status.setText(
                self.tr("Final. It cannot be changed without reopening it, which is kept in the history.")
            )
        else:
            self.status.setText(self.tr("Draft: not final yet."))

    def _show_divergence(self) -> None:
        """The warning as the links now stand on screen, saved or not."""
        found = decisions.divergences_for_links(self.engine, self.links.links())
        if not found:
            reason = bool(self.divergence_reason.toPlainText().strip())
            self.divergence_box.setVisible(reason)
            self.divergence_text.setText(
                self.tr("A reason for going against the room is recorded, though no linked vote disagrees.")
                if reason
                else ""
            )
            return
        lines = [self.tr("⚠ This decision goes against the room.")]
        for d in found:
            lines.append(
                self.tr("• {vote}: the room favoured “{room}”; this decision: “{decision}”.").format(
                    vote=d.vote_title, room=d.room_view, decision=d.decision_view
                )
            )
        if self.divergence_reason.toPlainText().strip():
            lines.append(self.tr("The reason is written below; the record prints it prominently."))
        else:
            lines.append(
                self.tr(
                    "It cannot be final without a written reason and a named decision-maker, and the "
                    "record will say so prominently."
                )
            )
        self.divergence_text.setText("\n".join(lines))
        appearing = self.divergence_box.isHidden()
        self.divergence_box.show()
        if appearing:  # it sits at the top of the form, where its reason is written: bring it into view
            parent = self.parentWidget()
            while parent is not None and not isinstance(parent, QScrollArea):
                parent = parent.parentWidget()
            if parent is not None:
                parent.ensureWidgetVisible(self.divergence_box)

    # -- saving
    def values(self) -> DecisionInput:
        return DecisionInput(
            statement=self.statement.toPlainText(),
            rationale=self.rationale.toPlainText(),
            decided_by=self.decided_by.text(),
            decided_by_role=self.decided_by_role.text(),
            decided_on=self.decided_on.value(),
            agreement=str(self.agreement.currentData()),
            dissent=self.dissent.toPlainText(),
            divergence_reason=self.divergence_reason.toPlainText(),
        )

    def _fail(self, err: KnownError) -> bool:
        self.message.setText(str(err))
        self.message.show()
        return False

    def _dates_read(self) -> bool:
        """Read every date as typed now; if one cannot be read, say so beside the form and go to it."""
        field = first_unreadable(self)
        if field is None:
            return True
        problem = self.tr("The date “{text}” is not understood: type one such as 1 Dec 2026, or delete it.")
        self.message.setText(problem.format(text=field.edit.text()))
        self.message.show()
        field.setFocus()
        return False

    def save(self) -> bool:
        if not self._dates_read():
            return False
        try:
            if self.decision_id is None:
                self.decision_id = decisions.create_decision(
                    self.engine, self.actor, self.workshop_id, self.values()
                )
            else:
                decisions.update_decision(self.engine, self.actor, self.decision_id, self.values())
            decisions.set_links(self.engine, self.actor, self.decision_id, self.links.links())
        except KnownError as err:
            self._show_divergence()
            return self._fail(err)
        self.message.hide()
        self._set_final(False)
        self._show_divergence()
        self.saved.emit(self.decision_id)
        return True

    def finalise(self) -> bool:
        if not self.save() or self.decision_id is None:
            return False
        try:
            decisions.finalise(self.engine, self.actor, self.decision_id)
        except KnownError as err:
            return self._fail(err)
        self.load(self.decision_id)
        self.saved.emit(self.decision_id)
        return True

    def reopen(self) -> None:
        if self.decision_id is None:
            return
        try:
            decisions.reopen(self.engine, self.actor, self.decision_id, self.reopen_reason.text())
        except KnownError as err:
            self._fail(err)
            return
        self.load(self.decision_id)
        self.saved.emit(self.decision_id)

    def add_action(self) -> None:
        if self.decision_id is None or not self._dates_read():
            return
        try:
            decisions.add_action(
                self.engine,
                self.actor,
                self.decision_id,
                self.action_text.text(),
                self.action_owner.text(),
                self.action_due.value(),
            )
        except KnownError as err:
            self._fail(err)
            return
        self.message.hide()
        self.action_text.clear()
        self.action_owner.clear()
        self.action_due.set_value(None)
        self.actions_model.set_rows(decisions.actions(self.engine, self.decision_id))
