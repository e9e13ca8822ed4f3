"""Ready to sign? Each check against the Gunning principles and the record's needs, written as "OK" or
"Gap" (never colour alone), with a button that takes the facilitator to where a gap is fixed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.services import readiness
from coproduce.services.readiness import Check


def section_name(section: str) -> str:
    """The section's name as the workshop view shows it (translated in the view's own context)."""
    return QCoreApplication.translate("WorkshopView", section)


class ReadinessPanel(QWidget):
    go_to = Signal(str, str)  # section key (Overview, Participants...), check key

    def __init__(self, engine: Engine, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.workshop_id = engine, workshop_id
        self.checks: list[Check] = []
        self.buttons: dict[str, QPushButton] = {}
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.summary.setAccessibleName(self.tr("Readiness summary"))
        intro = QLabel(
            self.tr(
                "The record is checked against the Gunning principles (formative proposals, enough "
                "information, enough time, conscientious consideration) and what a commissioner needs to "
                "trust it. You may still sign with gaps, but only by writing why in the Record section; "
                "the record then shows the gaps and your reason."
            )
        )
        intro.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Check a&gain"))
        self.refresh_button.clicked.connect(self.refresh)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(10)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(self.grid)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.refresh()

    def refresh(self) -> None:
        self.checks = readiness.check(self.engine, self.workshop_id)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        gaps = readiness.gaps(self.checks)
        self.summary.setText(
            self.tr("Ready to sign: every check is met.")
            if not gaps
            else self.tr("1 gap to close or explain before signing.")
            if len(gaps) == 1
            else self.tr("{n} gaps to close or explain before signing.").format(n=len(gaps))
        )
        for row, check in enumerate(self.checks):
            mark = QLabel(self.tr("OK") if check.ok else self.tr("Gap"))
            mark.setStyleSheet(
                "font-weight: 600; padding: 2px 8px; border: 1px solid %s; color: %s;"
                % (("#1b5e20", "#1b5e20") if check.ok else ("#8a1c1c", "#8a1c1c"))
            )
            mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text = check.label if check.ok else f"{check.label}\n{check.detail}"
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAccessibleName(
                self.tr("{state}: {text}").format(state=mark.text(), text=text.replace("\n", ". "))
            )
            self.grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(label, row, 1)
            if not check.ok:
                button = QPushButton(self.place(check))
                button.setAccessibleDescription(check.detail)
                button.clicked.connect(lambda _checked=False, c=check: self.go_to.emit(c.section, c.key))
                self.grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
                self.buttons[check.key] = button

    def place(self, check: Check) -> str:
        """The button's words: the section, and for this section the tab, where the gap is fixed."""
        section = section_name(check.section)
        if check.section != "Decisions":
            return self.tr("Go to {section}").format(section=section)
        tab = {
            "votes_closed": self.tr("Votes"),
            "outcomes": self.tr("You said, we did"),
        }.get(check.key, self.tr("Decisions"))
        return self.tr("Go to {section} › {tab}").format(section=section, tab=tab)

    def gaps(self) -> list[Check]:
        return readiness.gaps(self.checks)
