"""A closed vote's results: the overall tally as bars with their numbers written out, and beside it the
tally by role, unweighted, so that anyone can see whether groups disagreed. Ties are shown as ties.
Reopening the vote needs a reason, which is kept in the history."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import tally, votes
from coproduce.services.validate import MEDIUM
from coproduce.services.votes import VoteResult
from coproduce.ui.decision_models import ByRoleModel, group_label


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str  # the number in words, e.g. "14 points · first choice of 6 · top"
    top: bool


class TallyBars(QWidget):
    """Horizontal bars, one per option, each with its label and its number written beside it."""

    ROW = 46

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = bars
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.text}" for b in bars))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, max(1, len(self.bars)) * self.ROW + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, max(1, len(self.bars)) * self.ROW + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_pen = QPen(palette.color(QPalette.ColorRole.WindowText))
        most = max((b.value for b in self.bars), default=0) or 1
        width = self.width()
        label_w = width * 0.42
        line = self.fontMetrics().height()
        for i, bar in enumerate(self.bars):
            y = i * self.ROW + 2
            painter.setPen(text_pen)
            label_rect = QRectF(0, y, label_w - 8, self.ROW - 4)
            flags = int(Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextWordWrap)
            painter.drawText(label_rect, flags, bar.label)
            area = width - label_w
            length = max(2.0, (area * 0.55) * bar.value / most) if bar.value else 0.0
            bar_rect = QRectF(label_w, y + (self.ROW - line) / 2 - 2, length, line + 4)
            fill = QColor("#1d5fbf") if bar.top else QColor("#6b8fc7")
            painter.setBrush(QBrush(fill))
            painter.setPen(QPen(QColor("#0b2f66")))
            if length:
                painter.drawRect(bar_rect)
            painter.setPen(text_pen)
            number_rect = QRectF(label_w + length + 6, y, area - length - 6, self.ROW - 4)
            painter.drawText(number_rect, flags, bar.text)
        painter.end()


class VoteResultsView(QWidget):
    reopened = Signal()

    def __init__(self, engine: Engine, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor = engine, actor
        self.result: VoteResult | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Result"))
        self.outcome = QLabel()
        self.outcome.setObjectName("resultHeadline")
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet("font-weight: 600; font-size: 12pt;")
        self.bars = TallyBars()
        self.bars.setAccessibleName(self.tr("Overall tally"))
        self.by_role = ByRoleModel(self)
        self.table = QTableView()
        self.table.setModel(self.by_role)
        self.table.setAccessibleName(self.tr("Tally by role"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        self.small_note = QLabel()
        self.small_note.setObjectName("smallGroupsNote")
        self.small_note.setWordWrap(True)
        self.show_all = QCheckBox(self.tr("Show every group, however small (don't project this)"))
        self.show_all.setObjectName("showSmallGroups")
        self.show_all.setToolTip(
            self.tr(
                "For the facilitator only: with groups of fewer than 5 voters, anyone looking can work out "
                "how a person voted. The signed record always pools them."
            )
        )
        self.show_all.toggled.connect(self._show_roles)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)

        self.reopen_reason = QLineEdit()
        self.reopen_reason.setMaxLength(MEDIUM)
        self.reopen_reason.setAccessibleName(self.tr("Reason for reopening"))
        self.reopen_reason.setPlaceholderText(self.tr("Why the vote is reopened (kept in the history)"))
        self.reopen_button = QPushButton(self.tr("&Reopen vote"))
        self.reopen_button.clicked.connect(self.reopen)
        self.reopen_reason.returnPressed.connect(self.reopen)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()

        overall_heading = QLabel(self.tr("Everyone"))
        overall_heading.setStyleSheet("font-weight: 600;")
        self.roles_heading = roles_heading = QLabel(
            self.tr(
                "Everyone and each role side by side (unweighted; a person with two roles counts in "
                "both; the number of voters is under each role)"
            )
        )
        roles_heading.setStyleSheet("font-weight: 600;")
        roles_heading.setWordWrap(True)
        reopen = QHBoxLayout()
        reopen.addWidget(self.reopen_reason, 1)
        reopen.addWidget(self.reopen_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outcome)
        layout.addWidget(self.summary)
        layout.addWidget(overall_heading)
        layout.addWidget(self.bars)
        layout.addWidget(roles_heading)
        layout.addWidget(self.table)
        layout.addWidget(self.small_note)
        layout.addWidget(self.show_all)
        layout.addStretch(1)
        layout.addWidget(self.reasons)
        layout.addWidget(self.error)
        layout.addLayout(reopen)

    def set_result(self, result: VoteResult) -> None:
        self.result = result
        self.error.hide()
        self.reopen_reason.clear()
        vote = result.vote
        overall = result.grouped.overall
        closed = vote.closed_at.strftime("%d %b %Y %H:%M") if vote.closed_at else ""
        parts = [
            votes.method_label(vote.method),
            self.tr("closed {when}").format(when=closed),
            self.tr("{n} ballots counted").format(n=overall.ballots_counted),
            self.tr("{n} on paper").format(n=result.paper_ballots),
        ]
        if result.excluded_ballots:
            parts.append(
                self.tr("{n} left out: the voter withdrew and asked for removal").format(
                    n=result.excluded_ballots
                )
            )
        if vote.method == "dots":
            parts.append(self.tr("{n} dots each").format(n=vote.allowance))
        if vote.method == "ranking":
            parts.append(
                self.tr("Borda count: with {n} options, first place earns {top} points").format(
                    n=len(result.options), top=max(0, len(result.options) - 1)
                )
            )
        self.summary.setText(" · ".join(parts))
        if isinstance(overall, tally.ConsentTally):
            self._show_consent(vote.proposal, overall)
        else:
            self._show_options(result, overall)
        self.show_all.blockSignals(True)
        self.show_all.setChecked(False)  # always start safe to project
        self.show_all.blockSignals(False)
        self._show_roles()

    def _show_roles(self) -> None:
        if self.result is None:
            return
        show_all = self.show_all.isChecked()
        self.by_role.set_result(self.result, show_all=show_all)
        hidden = self.by_role.hidden_groups
        if show_all:
            self.small_note.setText(self.tr("Every group is shown, however small: don't project this."))
        elif hidden and self.by_role.columnCount() <= 2:
            self.small_note.setText(
                self.tr(
                    "Not broken down by role: the groups are too small (fewer than 5 voters, or would leave "
                    "fewer than 5 over) to show without giving away how someone voted."
                )
            )
        elif hidden:
            self.small_note.setText(
                self.tr("Groups of fewer than 5 voters are not shown on their own: {groups}.").format(
                    groups=", ".join(group_label(g) for g in hidden)
                )
            )
        broken_down = show_all or self.by_role.columnCount() > 2
        self.table.setVisible(broken_down)  # "Everyone" alone would repeat the bars above
        self.roles_heading.setVisible(broken_down)
        self.small_note.setVisible(show_all or bool(hidden))
        self.show_all.setVisible(show_all or bool(hidden))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.by_role.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        height = header.sizeHint().height() + 2 * self.table.frameWidth() + 2
        height += sum(self.table.rowHeight(r) for r in range(self.by_role.rowCount()))
        scrollbar = self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(height + scrollbar)

    def _unit(self, method: str, n: int) -> str:
        if method == "dots":
            return self.tr("{n} dots").format(n=n) if n != 1 else self.tr("1 dot")
        if method == "ranking":
            return self.tr("{n} points").format(n=n) if n != 1 else self.tr("1 point")
        return self.tr("{n} approvals").format(n=n) if n != 1 else self.tr("1 approval")

    def _show_options(self, result: VoteResult, overall: tally.OptionTally) -> None:
        winners = overall.winners
        tied = len(winners) > 1
        bars: list[Bar] = []
        for option in result.options:
            value = overall.totals.get(option.id, 0)
            text = self._unit(overall.method.value, value)
            if overall.method is tally.Method.RANKING:
                text += self.tr(" · first choice of {n}").format(
                    n=overall.first_preferences.get(option.id, 0)
                )
            if option.id in winners:
                text += self.tr(" · tied top") if tied else self.tr(" · top")
            bars.append(Bar(option.label, value, text, option.id in winners))
        self.bars.set_bars(bars)
        names = [result.label(w) for w in winners]
        if not winners:
            self.outcome.setText(self.tr("No option got any support."))
        elif tied:
            self.outcome.setText(self.tr("A tie for most support: {names}").format(names=" and ".join(names)))
        else:
            self.outcome.setText(self.tr("Most support: {name}").format(name=names[0]))
        self.reasons.clear()
        self.reasons.hide()

    def _show_consent(self, proposal: str, overall: tally.ConsentTally) -> None:
        outcome = tally.consent_outcome(overall)
        headline = {
            tally.ConsentOutcome.CONSENTED: self.tr("Consented: nobody objected."),
            tally.ConsentOutcome.BLOCKED: (
                self.tr("Blocked: {n} objections.").format(n=overall.objections)
                if overall.objections != 1
                else self.tr("Blocked: 1 objection.")
            ),
            tally.ConsentOutcome.NO_RESPONSES: self.tr("No responses were given."),
        }[outcome]
        self.outcome.setText(headline + " " + self.tr("Proposal: {text}").format(text=proposal))
        counts = (
            (self.tr("Agree"), overall.agree),
            (self.tr("Can live with it"), overall.can_live_with),
            (self.tr("Object"), overall.objections),
        )
        self.bars.set_bars(
            [
                Bar(label, n, self.tr("{n} people").format(n=n) if n != 1 else self.tr("1 person"), False)
                for label, n in counts
            ]
        )
        lines = [self.tr("Objection: {text}").format(text=t) for t in overall.objection_reasons]
        lines += [self.tr("Concern: {text}").format(text=t) for t in overall.concerns]
        self.reasons.setText("\n".join(lines))
        self.reasons.setVisible(bool(lines))

    def reopen(self) -> None:
        if self.result is None:
            return
        try:
            votes.reopen_vote(self.engine, self.actor, self.result.vote.id, self.reopen_reason.text())
        except KnownError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        self.reopened.emit()
