"""The projector window, for a second screen: the current exercise's prompt in large type and its
contributions as they arrive. It never shows a name: it only ever receives ``ProjectorItem``s, which carry
the kind and the words and nothing about who said them. The facilitator can blank it and bring it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QGuiApplication, QKeyEvent, QResizeEvent
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
QLabel#projectorTitle { font-weight: 600; color: #ffd866; }
QLabel#projectorClock { font-weight: 600; }
QLabel#projectorCount { color: #ccc; }
QListWidget { background: #111; color: #fff; border: none; }
QListWidget::item { border-bottom: 1px solid #444; padding: 10px 4px; }
QPushButton#projectorClose { background: #111; color: #888; border: 1px solid #444; padding: 4px 10px; }
"""

# point sizes at 1280 × 720; scaled to the window so a smaller window shows the same, smaller
SIZES = {"title": 26.0, "prompt": 30.0, "clock": 24.0, "count": 16.0, "list": 22.0}
PROMPT_SHARE = 0.4  # the prompt never takes more than this share of the height: the contributions need room


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
        self._fit_timer.timeout.connect(self.fit_all)
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
        self.body = body
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
        self.fit_text()

    # -- what is shown
    def show_exercise(self, title: str, prompt: str, items: list[ProjectorItem]) -> None:
        self.title.setText(title)
        self.prompt.setText(prompt or self.tr("Waiting for the next exercise"))
        self.items = []
        self.list.clear()
        for item in items:
            self.add_item(item)
        self._update_count()
        self._fit_timer.start()

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

    def fit_all(self) -> None:
        self.fit_text()
        self.fit_list()

    def fit_text(self) -> None:
        """Scale the type to the window; the title and the prompt get the height their wrapped lines need (so
        nothing overlaps or is cut), and a long prompt is made smaller until contributions have room."""
        scale = max(0.5, min(2.0, self.width() / 1280, self.height() / 720))
        margin = round(48 * scale)
        self.body.setContentsMargins(margin, round(36 * scale), margin, round(24 * scale))
        for name, label in (("title", self.title), ("clock", self.clock), ("count", self.count)):
            label.setFont(_sized(label.font(), SIZES[name] * scale))
        self.list.setFont(_sized(self.list.font(), SIZES["list"] * scale))
        width = max(100, self.width() - 2 * margin)
        clock_width = self.clock.sizeHint().width() if self.clock.text() else 0
        title_width = max(100, width - clock_width - self.close_button.sizeHint().width() - 24)
        self.title.setMinimumHeight(_text_height(self.title, title_width) if self.title.text() else 0)
        size = SIZES["prompt"] * scale
        self.prompt.setFont(_sized(self.prompt.font(), size))
        while size > 10 and _text_height(self.prompt, width) > PROMPT_SHARE * self.height():
            size *= 0.9
            self.prompt.setFont(_sized(self.prompt.font(), size))
        self.prompt.setMinimumHeight(_text_height(self.prompt, width))

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
    def show_on_projector(self) -> bool:
        """Full screen on a second screen when there is one (returns True). With one screen (or a mirrored
        projector): an ordinary window of a good size in front, where the facilitator sees it and can drag it
        to the projector (returns False, so the page can say where it went)."""
        others = [s for s in QGuiApplication.screens() if s is not QGuiApplication.primaryScreen()]
        if others:
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
            self.raise_()
            return True
        screen = QGuiApplication.primaryScreen()
        self.setWindowState(Qt.WindowState.WindowNoState)
        if screen is not None:
            self.setGeometry(single_screen_geometry(screen.availableGeometry()))
        self.show()
        self.raise_()
        self.activateWindow()  # the facilitator chose to show it: in front, and Esc closes it
        self.fit_all()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()  # hidden, not destroyed: the page shows it again when asked
        super().closeEvent(event)


def single_screen_geometry(available: QRect) -> QRect:
    """60% of the screen (at least 960 × 600, never more than the screen), centred: a window big enough to
    read, small enough to grab and drag to the projector."""
    width = min(available.width(), max(960, available.width() * 6 // 10))
    height = min(available.height(), max(600, available.height() * 6 // 10))
    left = available.left() + (available.width() - width) // 2
    top = available.top() + (available.height() - height) // 2
    return QRect(left, top, width, height)


def _sized(font: QFont, points: float) -> QFont:
    sized = QFont(font)
    sized.setPointSizeF(max(8.0, points))
    return sized


def _text_height(label: QLabel, width: int) -> int:
    """The height ``label``'s text needs when wrapped to ``width``, in its own font."""
    flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
    return (
        QFontMetrics(label.font()).boundingRect(QRect(0, 0, width, 100_000), flags, label.text()).height() + 4
    )
