"""Text size, high contrast, big touch targets and wrapping buttons: for participant mode and (through the
View menu) the facilitator's screens.

Nothing here carries meaning by colour alone: focus is a thicker border as well as a colour, a chosen option
says "Chosen" in its text, an error starts with "Problem:".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QFont
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

MIN_TOUCH = 44  # px: the smallest height (and width) of anything a finger has to hit
SCALES: tuple[int, ...] = (100, 125, 150, 175, 200)
MENU_SCALES: tuple[int, ...] = (100, 125, 150, 200)
PARTICIPANT_BASE_PT = 16.0


@dataclass(frozen=True)
class Look:
    scale: int = 100  # percent, 100–200
    high_contrast: bool = False

    def bigger(self) -> Look:
        larger = [s for s in SCALES if s > self.scale]
        return Look(larger[0] if larger else self.scale, self.high_contrast)

    def smaller(self) -> Look:
        smaller = [s for s in SCALES if s < self.scale]
        return Look(smaller[-1] if smaller else self.scale, self.high_contrast)


def _colours(high_contrast: bool) -> dict[str, str]:
    if high_contrast:
        return {
            "bg": "#000000",
            "fg": "#ffffff",
            "button_bg": "#000000",
            "button_fg": "#ffffff",
            "border": "#ffffff",
            "focus": "#ffff00",
            "checked_bg": "#ffff00",
            "checked_fg": "#000000",
            "muted": "#ffffff",
            "field_bg": "#000000",
        }
    return {
        "bg": "#fbfaf7",
        "fg": "#1a1a1a",
        "button_bg": "#ffffff",
        "button_fg": "#12324f",
        "border": "#12324f",
        "focus": "#0b57d0",
        "checked_bg": "#d8e6f5",
        "checked_fg": "#0b1f33",
        "muted": "#3d3d3d",
        "field_bg": "#ffffff",
    }


def participant_stylesheet(look: Look) -> str:
    """The participant window's stylesheet: large type, 44 px targets, thick visible focus."""
    c = _colours(look.high_contrast)
    base = PARTICIPANT_BASE_PT * look.scale / 100
    bar = 14.0 * (100 + look.scale) / 200  # the top bar grows at half the rate: 14 pt to 21 pt
    return f"""
QWidget {{ font-size: {base:.1f}pt; color: {c["fg"]}; background: {c["bg"]}; }}
QLabel#stepHeading {{ font-size: {base * 1.5:.1f}pt; font-weight: 700; }}
QLabel#prompt {{ font-size: {base * 1.25:.1f}pt; }}
QLabel#hint {{ color: {c["muted"]}; }}
QLabel#problem {{ border: 3px solid {c["fg"]}; padding: 8px; font-weight: 700; }}
QPushButton {{
    min-height: {MIN_TOUCH}px; min-width: {MIN_TOUCH}px; padding: 8px 16px;
    color: {c["button_fg"]}; background: {c["button_bg"]}; outline: none;
    border: 2px solid {c["border"]}; border-radius: 8px;
}}
QPushButton QLabel {{ color: {c["button_fg"]}; background: transparent; }}
QPushButton:checked {{ color: {c["checked_fg"]}; background: {c["checked_bg"]}; border-width: 5px; }}
QLabel[chosen="true"] {{ color: {c["checked_fg"]}; background: transparent; font-weight: 700; }}
QPushButton:focus {{ border: 5px dashed {c["focus"]}; }}
QPushButton#bar {{ font-size: {bar:.1f}pt; padding: 6px 12px; }}
QLabel#bar {{ font-size: {bar:.1f}pt; }}
QLineEdit, QPlainTextEdit {{
    min-height: {MIN_TOUCH}px; color: {c["fg"]}; background: {c["field_bg"]};
    border: 2px solid {c["border"]}; border-radius: 4px; padding: 6px;
}}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 5px dashed {c["focus"]}; }}
QScrollArea {{ border: none; }}
QScrollBar:vertical {{ width: {MIN_TOUCH}px; background: {c["bg"]}; border-left: 2px solid {c["border"]}; }}
QScrollBar::handle:vertical {{
    background: {c["border"]}; min-height: {MIN_TOUCH * 2}px; margin: 4px; border-radius: 6px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""


class WrapButton(QPushButton):
    """A push button whose text wraps onto several lines (QPushButton alone elides nothing but clips).

    The words are in a child label that lets clicks through; the accessible name is the same words.
    """

    def __init__(
        self, text: str, description: str = "", *, checkable: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setCheckable(checkable)
        self.toggled.connect(self._restyle)
        self.set_words(text)
        if description:
            self.setAccessibleDescription(description)

    def _restyle(self, checked: bool) -> None:
        # a stylesheet cannot follow the button's :checked state down to the label, so the label says it
        self.label.setProperty("chosen", checked)
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)

    def set_words(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def words(self) -> str:
        return self.label.text()

    def sizeHint(self) -> QSize:
        layout = self.layout()
        hint = layout.sizeHint() if layout is not None else QSize()
        return hint.expandedTo(QSize(MIN_TOUCH, MIN_TOUCH))

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        hint = layout.minimumSize() if layout is not None else QSize()
        return hint.expandedTo(QSize(MIN_TOUCH, MIN_TOUCH))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout is not None else 0
        return max(MIN_TOUCH, height)


def label(text: str, *, name: str = "", wrap: bool = True) -> QLabel:
    """A plain-text label that wraps (never rich text: people's words are shown as typed)."""
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if name:
        widget.setObjectName(name)
    return widget


# -- the facilitator's screens: View menu, applied to the whole application

_BASE_FONT = "coproduceBaseFontPt"
_BASE_STYLE = "coproduceBaseStyle"

HIGH_CONTRAST_APP = """
QWidget { color: #ffffff; background: #000000; }
QAbstractItemView { color: #ffffff; background: #000000; alternate-background-color: #1a1a1a;
    selection-color: #000000; selection-background-color: #ffff00; }
QPushButton, QToolButton { border: 2px solid #ffffff; padding: 4px 12px; min-height: 28px; }
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus,
QComboBox:focus, QAbstractItemView:focus { border: 3px dashed #ffff00; }
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDateEdit, QTimeEdit {
    border: 2px solid #ffffff; color: #ffffff; background: #000000; }
QMenuBar::item:selected, QMenu::item:selected { color: #000000; background: #ffff00; }
QHeaderView::section { color: #ffffff; background: #000000; border: 1px solid #ffffff; }
"""


def apply_app_look(app: QApplication, look: Look) -> None:
    """Scale the application's font and add (or remove) the high-contrast rules, keeping the app's style."""
    base_pt = app.property(_BASE_FONT)
    if base_pt is None:
        base_pt = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 10.0
        app.setProperty(_BASE_FONT, base_pt)
        app.setProperty(_BASE_STYLE, app.styleSheet())
    font = QFont(app.font())
    font.setPointSizeF(float(base_pt) * look.scale / 100)
    app.setFont(font)
    heading = f"QLabel#pageHeading {{ font-size: {18 * look.scale / 100:.1f}pt; }}\n"
    extra = HIGH_CONTRAST_APP if look.high_contrast else ""
    app.setStyleSheet(str(app.property(_BASE_STYLE) or "") + heading + extra)


class ViewMenu(QObject):
    """View → Text size (100/125/150/200%) and High contrast, for the whole application."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.look = Look()
        menu = window.menuBar().addMenu(self.tr("&View"))
        sizes = menu.addMenu(self.tr("&Text size"))
        self.size_group = QActionGroup(self)
        self.size_actions: dict[int, QAction] = {}
        for scale in MENU_SCALES:
            action = QAction(self.tr("{percent}%").format(percent=scale), self)
            action.setCheckable(True)
            action.setChecked(scale == 100)
            action.triggered.connect(lambda _checked=False, s=scale: self.set_scale(s))
            self.size_group.addAction(action)
            sizes.addAction(action)
            self.size_actions[scale] = action
        self.contrast_action = QAction(self.tr("&High contrast"), self)
        self.contrast_action.setCheckable(True)
        self.contrast_action.toggled.connect(self.set_high_contrast)
        menu.addAction(self.contrast_action)
        self.menu = menu

    def _apply(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_app_look(app, self.look)

    def set_scale(self, scale: int) -> None:
        self.look = Look(max(100, min(200, scale)), self.look.high_contrast)
        if scale in self.size_actions:
            self.size_actions[scale].setChecked(True)
        self._apply()

    def set_high_contrast(self, on: bool) -> None:
        self.look = Look(self.look.scale, on)
        self._apply()


def install_view_menu(window: QMainWindow) -> ViewMenu:
    return ViewMenu(window)
