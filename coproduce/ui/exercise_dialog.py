"""Adding or editing an exercise: title, principle served, prompt, the kinds it asks for, a time box."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coproduce.services.exercises import ExerciseInput
from coproduce.services.principles import PRINCIPLE_NUMBERS, principle_title
from coproduce.services.templates import kind_label, kinds


class ExerciseDialog(QDialog):
    def __init__(self, data: ExerciseInput, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.setMinimumWidth(620)
        self._template_id = data.template_id
        self._easy_read, self._guidance = data.easy_read_prompt, data.guidance
        self.title = QLineEdit(data.title)
        self.title.setAccessibleName(self.tr("Exercise title"))
        self.principle = QComboBox()
        self.principle.setAccessibleName(self.tr("Principle this exercise serves"))
        for n in PRINCIPLE_NUMBERS:
            self.principle.addItem(self.tr("{n}. {title}").format(n=n, title=principle_title(n)), n)
        self.principle.setCurrentIndex(max(0, self.principle.findData(data.principle)))
        self.prompt = QPlainTextEdit(data.prompt)
        self.prompt.setAccessibleName(self.tr("Prompt shown to the room"))
        self.prompt.setTabChangesFocus(True)
        self.prompt.setMinimumHeight(90)
        self.time_box = QSpinBox()
        self.time_box.setRange(1, 600)
        self.time_box.setSuffix(self.tr(" min"))
        self.time_box.setValue(data.time_box_minutes)
        self.time_box.setAccessibleName(self.tr("Time box in minutes"))

        self.kind_boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for n, key in enumerate(kinds()):
            box = QCheckBox(kind_label(key))
            box.setChecked(key in data.kinds)
            self.kind_boxes[key] = box
            grid.addWidget(box, n // 3, n % 3)
        kinds_box = QWidget()
        kinds_box.setLayout(grid)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4000f;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Title"), self.title)
        form.addRow(self.tr("&Principle"), self.principle)
        form.addRow(self.tr("Pro&mpt"), self.prompt)
        form.addRow(self.tr("Kinds of contribution"), kinds_box)
        time_label = QLabel(self.tr("Time &box"))
        time_label.setBuddy(self.time_box)
        time_row = QHBoxLayout()  # a few digits: the box stays their size, not the dialog's width
        time_row.addWidget(self.time_box)
        time_row.addStretch(1)
        form.addRow(time_label, time_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> ExerciseInput:
        return ExerciseInput(
            title=self.title.text(),
            principle=int(self.principle.currentData()),
            prompt=self.prompt.toPlainText(),
            easy_read_prompt=self._easy_read,
            guidance=self._guidance,
            kinds=[key for key, box in self.kind_boxes.items() if box.isChecked()],
            time_box_minutes=self.time_box.value(),
            template_id=self._template_id,
        )

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
