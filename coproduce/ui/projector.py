"""The projector window, for a second screen: the current exercise's prompt in large type and its
contributions as they arrive. It never shows a name: it only ever receives ``ProjectorItem``s, which carry
the kind and the words and nothing about who said them. The facilitator can blank it and bring it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
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
QPushButton#projectorClose { background: #111; color: #888; border: 1px solid #444; padding: 4px 10px; }
"""


class ProjectorWindow(QWidget):
    closed = Signal()
    blank_toggled = Signal()  # Ctrl+B pressed here: the page toggles its Blank button (one state, one place)

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
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_list)
        self.close_button = QPushButton(self.tr("Close (Esc)"))
        self.close_button.setObjectName("projectorClose")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.close)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
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
        self._fit_timer.start()

    def remove_item(self, item_id: str) -> None:
        self.items = [i for i in self.items if i.id != item_id]
        for row in range(self.list.count()):
            entry = self.list.item(row)
            if entry is not None and entry.data(Qt.ItemDataRole.UserRole) == item_id:
                self.list.takeItem(row)
                break
        self._update_count()
        self._fit_timer.start()

    def _update_count(self) -> None:
        n = len(self.items)
        self.count.setText(
            self.tr("No contributions yet") if n == 0 else self.tr("{n} contributions so far").format(n=n)
        )

    def fit_list(self) -> None:
        """Show only the contributions that fit whole: the oldest at the bottom is left off, never cut."""
        for row in range(self.list.count()):
            self.list.item(row).setHidden(False)
        self.list.doItemsLayout()
        height = self.list.viewport().height()
        cut = False
        for row in range(self.list.count()):
            entry = self.list.item(row)
            cut = cut or self.list.visualItemRect(entry).bottom() >= height
            entry.setHidden(cut)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()  # the page's Show projector button follows (closed)
            return
        if event.key() == Qt.Key.Key_B and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.blank_toggled.emit()
            return
        super().keyPressEvent(event)

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
        """Full screen on a second screen when there is one. With one screen (or a mirrored projector): an
        ordinary resizable window on the right half, left behind the facilitator's window, which keeps focus:
        the room must not see the facilitator's screen covered, nor the facilitator lose their place."""
        others = [s for s in QGuiApplication.screens() if s is not QGuiApplication.primaryScreen()]
        if others:
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
            self.raise_()
            return
        screen = QGuiApplication.primaryScreen()
        self.setWindowState(Qt.WindowState.WindowNoState)
        if screen is not None:
            self.setGeometry(single_screen_geometry(screen.availableGeometry()))
        self.show()
        parent = self.parentWidget()
        if parent is not None:
            main = parent.window()
            main.raise_()
            main.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()  # hidden, not destroyed: the page shows it again when asked
        super().closeEvent(event)


def single_screen_geometry(available: QRect) -> QRect:
    """The right half of the screen (at least 640 × 400): beside the facilitator's work, not over it all."""
    width = max(640, available.width() // 2)
    height = max(400, min(available.height(), width * 9 // 16 + 120))
    return QRect(available.right() - width + 1, available.top(), width, height)
