"""The Overview: what a lawful, fair engagement must record before it starts. Saved as you type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import workshops
from coproduce.services.choices import (
    INFLUENCE_LEVELS,
    PROPOSAL_STATUSES,
    WORKSHOP_STATUSES,
    influence_label,
    proposal_status_label,
    status_label,
)
from coproduce.services.validate import SHORT
from coproduce.ui.date_fields import first_unreadable
from coproduce.ui.overview_lists import DocumentsBox, FacilitatorsBox
from coproduce.ui.widgets import OptionalDateEdit, OptionalTimeEdit

SAVE_DELAY_MS = 600


class OverviewPage(QWidget):
    saved = Signal()

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.actor = actor
        self.workshop_id = workshop_id
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)

        self.title = self._line(self.tr("Workshop title"))
        self.place = self._line(self.tr("Place"))
        self.place.setPlaceholderText(self.tr("A town, a neighbourhood, an area's plan"))
        self.venue = self._line(self.tr("Venue"))
        self.date = self._watch(OptionalDateEdit(), self.tr("Date"))
        self.start = self._watch(OptionalTimeEdit(), self.tr("Start time"))
        self.end = self._watch(OptionalTimeEdit(), self.tr("End time"))
        self.status = self._combo(WORKSHOP_STATUSES[:3], status_label, self.tr("Status"))
        self.question = QPlainTextEdit()
        self.question.setAccessibleName(self.tr("Question or proposal in scope"))
        self.question.setTabChangesFocus(True)
        self.question.setPlaceholderText(self.tr("What is the room being asked about?"))
        self.question.setMinimumHeight(90)
        self.question.textChanged.connect(self._changed)
        self.proposal_status = self._combo(
            PROPOSAL_STATUSES, proposal_status_label, self.tr("Proposal status")
        )
        self.preferred = self._line(self.tr("Preferred option"))
        self.preferred.setPlaceholderText(self.tr("Which option is preferred, and by whom"))
        self.decision_due = self._watch(OptionalDateEdit(), self.tr("Decision due"))
        self.influence = self._combo(INFLUENCE_LEVELS, influence_label, self.tr("Level of influence"))
        self.notice = self._watch(OptionalDateEdit(), self.tr("Notice given"))
        self.notice_hint = QLabel()
        self.proposal_status.currentIndexChanged.connect(self._update_enabled)

        self.banner = QLabel()
        self.banner.setObjectName("errorText")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.state = QLabel()
        self.state.setAccessibleName(self.tr("Save state"))

        basics = QGroupBox(self.tr("When and where"))
        form = QFormLayout(basics)
        form.addRow(self.tr("&Title"), self.title)
        form.addRow(self.tr("&Place"), self.place)
        form.addRow(self.tr("&Venue"), self.venue)
        form.addRow(self.tr("&Date"), self.date)
        form.addRow(self.tr("&Starts"), self.start)
        form.addRow(self.tr("&Ends"), self.end)
        form.addRow(self.tr("Stat&us"), self.status)

        scope = QGroupBox(self.tr("What is in scope"))
        form = QFormLayout(scope)
        form.addRow(self.tr("&Question or proposal"), self.question)
        form.addRow(self.tr("Proposal st&atus"), self.proposal_status)
        form.addRow(self.tr("P&referred option"), self.preferred)
        form.addRow(self.tr("Decision d&ue"), self.decision_due)
        form.addRow(self.tr("&Influence of the room"), self.influence)

        fairness = QGroupBox(self.tr("Notice and information"))
        form = QFormLayout(fairness)
        form.addRow(self.tr("&Notice given (invitations sent)"), self.notice)
        form.addRow("", self.notice_hint)

        self.facilitators = FacilitatorsBox(engine, actor, workshop_id)
        self.documents = DocumentsBox(engine, actor, workshop_id)
        for box in (self.facilitators, self.documents):
            box.failed.connect(self._show_error)
            box.saved.connect(self._show_saved)

        body = QWidget()
        column = QVBoxLayout(body)
        for widget in (self.banner, basics, self.facilitators, scope, self.documents, fairness):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.state, 0, Qt.AlignmentFlag.AlignRight)
        self.load()

    # -- building helpers
    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(SHORT)
        edit.setAccessibleName(name)
        edit.textEdited.connect(self._changed)
        return edit

    def _watch(self, widget: Any, name: str) -> Any:
        widget.setAccessibleName(name)
        widget.unreadable.connect(lambda text, name=name: self._unreadable(name, text))
        if isinstance(widget, OptionalDateEdit):
            widget.dateChanged.connect(self._changed)
        else:
            widget.timeChanged.connect(self._changed)
        return widget

    def _combo(self, keys: tuple[str, ...], label: Any, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for key in keys:
            combo.addItem(label(key), key)
        combo.currentIndexChanged.connect(self._changed)
        return combo

    # -- data
    def load(self) -> None:
        details = workshops.get_workshop(self.engine, self.workshop_id)
        w = details.workshop
        self._loading = True
        try:
            self.title.setText(w.title)
            self.place.setText(w.place)
            self.venue.setText(w.venue)
            self.date.set_value(w.date)
            self.start.set_value(w.start_time)
            self.end.set_value(w.end_time)
            self._set_combo(self.status, w.status)
            self.question.setPlainText(w.question)
            self._set_combo(self.proposal_status, w.proposal_status)
            self.preferred.setText(w.preferred_option)
            self.decision_due.set_value(w.decision_due)
            self._set_combo(self.influence, w.influence)
            self.notice.set_value(w.notice_given)
            self.facilitators.set_people(details.facilitators)
            self.documents.set_documents(details.documents)
            locked = w.status == "signed"
            for widget in self.findChildren(QWidget):
                if hasattr(widget, "setReadOnly"):
                    widget.setReadOnly(locked)
        finally:
            self._loading = False
        self._update_enabled()
        self._update_notice_hint()

    @staticmethod
    def _set_combo(combo: QComboBox, key: str) -> None:
        index = combo.findData(key)
        if index < 0:  # e.g. "signed", which is not chosen by hand
            combo.addItem(status_label(key), key)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "place": self.place.text(),
            "venue": self.venue.text(),
            "date": self.date.value(),
            "start_time": self.start.value(),
            "end_time": self.end.value(),
            "status": self.status.currentData(),
            "question": self.question.toPlainText(),
            "proposal_status": self.proposal_status.currentData(),
            "preferred_option": self.preferred.text(),
            "decision_due": self.decision_due.value(),
            "influence": self.influence.currentData(),
            "notice_given": self.notice.value(),
        }

    def _changed(self) -> None:
        if self._loading:
            return
        self.state.setText(self.tr("Editing…"))
        self._update_notice_hint()
        self._timer.start()

    def flush(self) -> None:
        """Save now anything waiting for the typing pause (called when the page is left or closed)."""
        if self._timer.isActive():
            self._timer.stop()
            self.save()

    def save(self) -> bool:
        try:
            workshops.update_workshop(self.engine, self.actor, self.workshop_id, self.values())
        except KnownError as err:
            self._show_error(str(err))
            return False
        self._show_saved()
        return True

    def _show_error(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()
        self.state.setText(self.tr("Not saved: see the message at the top"))

    def _unreadable(self, name: str, text: str) -> None:
        self._show_error(
            self.tr(
                "{field}: “{text}” is not understood, so it was not saved. Type it like 1 Dec 2026 or 18:00, "
                "or delete it."
            ).format(field=name, text=text)
        )

    def _show_saved(self) -> None:
        unreadable = first_unreadable(self, read_now=False)
        if unreadable is not None:  # the rest was saved; say plainly what was not
            self._unreadable(unreadable.accessibleName(), unreadable.edit.text())
            self.saved.emit()
            return
        self.banner.hide()
        self.state.setText(self.tr("All changes saved"))
        self.saved.emit()

    def _update_enabled(self) -> None:
        self.preferred.setEnabled(self.proposal_status.currentData() == "preferred_option")

    def _update_notice_hint(self) -> None:
        notice, held = self.notice.value(), self.date.value()
        if notice and held:
            days = (held - notice).days
            if days < 0:
                self.notice_hint.setText(self.tr("The notice date is after the workshop date"))
            elif days == 1:
                self.notice_hint.setText(self.tr("1 day of notice before the workshop"))
            else:
                self.notice_hint.setText(self.tr("{n} days of notice before the workshop").format(n=days))
        elif held:
            self.notice_hint.setText(self.tr("Set the date the notice was given to see the days of notice"))
        elif notice:
            self.notice_hint.setText(self.tr("Set the workshop's date (above) to see the days of notice"))
        else:
            self.notice_hint.setText(
                self.tr("Set the workshop date and the notice date to see the notice given")
            )
