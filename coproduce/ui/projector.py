"""The projector window, for a second screen: the current exercise's prompt in large type and its
contributions as they arrive. It never shows a name: it only ever receives ``ProjectorItem``s, which carry
the kind and the words and nothing about who said them. The facilitator can blank it and bring it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coproduce.services.contribution_rows import ContributionRow
from coproduce.services.templates import kind_label

SHOWN = 40  # the newest contributions on screen


@dataclass(frozen=True)
class ProjectorItem:
    """What the room may see of a contribution: its kind and its words. No attribution, by construction."""

    id: str
    kind: str
    text: str

    @classmethod
    def from_row(cls, row: ContributionRow) -> ProjectorItem:
        return cls(row.id, kind_label(row.kind), row.text)


STYLE = """
QWidget#projector { background: #111; }
QLabel { color: #fff; }
QLabel#projectorTitle { font-size: 26pt; font-weight: 600; color: #ffd866; }
QLabel#projectorPrompt { font-size: 30pt; }
QLabel#projectorClock { font-size: 24pt; font-weight: 600; }
QLabel#projectorCount { font-size: 16pt; color: #ccc; }
QListWidget { background: #111; color: #fff; border: none; font-size: 22pt; }
QListWidget::item { border-bottom: 1px solid #444; padding: 10px 4px; }
"""


class ProjectorWindow(QWidget):
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projector")
        self.setWindowTitle(self.tr("coproduce — projector"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.resize(1280, 720)
        self.blank = False
        self.items: list[ProjectorItem] = []

        self.title = QLabel()
        self.title.setObjectName("projectorTitle")
        self.title.setWordWrap(True)
        self.clock = QLabel()
        self.clock.setObjectName("projectorClock")
        self.prompt = QLabel()
        self.prompt.setObjectName("projectorPrompt")
        self.prompt.setWordWrap(True)
        self.count = QLabel()
        self.count.setObjectName("projectorCount")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName(self.tr("Contributions so far"))

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignTop)
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(48, 36, 48, 24)
        body.addLayout(top)
        body.addWidget(self.prompt)
        body.addSpacing(12)
        body.addWidget(self.count)
        body.addWidget(self.list, 1)
        self.blank_page = QWidget()  # nothing at all: a dark screen
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.blank_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_exercise("", "", [])

    # -- what is shown
    def show_exercise(self, title: str, prompt: str, items: list[ProjectorItem]) -> None:
        self.title.setText(title)
        self.prompt.setText(prompt or self.tr("Waiting for the next exercise"))
        self.items = []
        self.list.clear()
        for item in items:
            self.add_item(item)
        self._update_count()

    def add_item(self, item: ProjectorItem) -> None:
        if any(existing.id == item.id for existing in self.items):
            return
        self.items.append(item)
        entry = QListWidgetItem(self.tr("{kind}: {text}").format(kind=item.kind, text=item.text))
        entry.setData(Qt.ItemDataRole.UserRole, item.id)
        self.list.insertItem(0, entry)  # newest first, at the top where the room looks
        while self.list.count() > SHOWN:
            self.list.takeItem(self.list.count() - 1)
        self._update_count()

    def remove_item(self, item_id: str) -> None:
        self.items = [i for i in self.items if i.id != item_id]
        for row in range(self.list.count()):
            entry = self.list.item(row)
            if entry is not None and entry.data(Qt.ItemDataRole.UserRole) == item_id:
                self.list.takeItem(row)
                break
        self._update_count()

    def _update_count(self) -> None:
        n = len(self.items)
        self.count.setText(
            self.tr("No contributions yet") if n == 0 else self.tr("{n} contributions so far").format(n=n)
        )

    def set_countdown(self, text: str) -> None:
        self.clock.setText(text)

    def set_blank(self, blank: bool) -> None:
        self.blank = blank
        self.stack.setCurrentIndex(1 if blank else 0)

    def visible_text(self) -> str:
        """Everything the room can read now (used by tests to prove no name is ever shown)."""
        if self.blank:
            return ""
        parts = [self.title.text(), self.clock.text(), self.prompt.text(), self.count.text()]
        parts += [self.list.item(r).text() for r in range(self.list.count())]
        return "\n".join(parts)

    # -- where it is shown
    def show_on_projector(self) -> None:
        """Full screen on a second screen when there is one; otherwise an ordinary window."""
        others = [s for s in QGuiApplication.screens() if s is not QGuiApplication.primaryScreen()]
        if others:
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
        else:
            self.show()
        self.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()  # hidden, not destroyed: the page shows it again when asked
        super().closeEvent(event)
