"""Every contribution of the workshop: filter, search as you type, edit (history in view), hide with a reason,
mark duplicates, and group into themes by drag and drop or by keyboard (Ctrl+G)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import contribution_rows, contributions
from coproduce.services.contribution_rows import ContributionRow
from coproduce.services.principles import PRINCIPLE_NUMBERS, principle_short
from coproduce.services.templates import kind_label
from coproduce.storage.models import Exercise, Participant, Theme
from coproduce.ui.contribution_dialogs import EditContributionDialog, ask_hide_reason
from coproduce.ui.contributions_model import (
    NONE,
    ContributionFilterProxy,
    ContributionTableModel,
    fit_columns,
)
from coproduce.ui.messages import show_error
from coproduce.ui.themes_panel import ThemeEntry, ThemesPanel

SEARCH_DELAY_MS = 120


class ContributionsView(QWidget):
    changed = Signal(list)  # the rows that changed (hidden, edited, grouped)

    def __init__(
        self,
        engine: Engine,
        actor: str,
        workshop_id: str,
        model: ContributionTableModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id, self.model = engine, actor, workshop_id, model
        self.exercises: dict[str, Exercise] = {}
        self.themes: list[Theme] = []
        self.people: list[tuple[str, str]] = []  # (label, id) of those who can be named
        self.proxy = ContributionFilterProxy(self)
        self.proxy.setSourceModel(model)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search the words, people and themes"))
        self.search.setAccessibleName(self.tr("Search contributions"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.proxy.set_filters(search=self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.filters: dict[str, QComboBox] = {}
        self._all: dict[str, str] = {}
        for key, name, everything in (
            ("exercise_id", self.tr("Exercise"), self.tr("All exercises")),
            ("principle", self.tr("Principle"), self.tr("All principles")),
            ("kind", self.tr("Kind"), self.tr("All kinds")),
            ("theme_id", self.tr("Theme"), self.tr("All themes")),
            ("participant_id", self.tr("Who"), self.tr("Everyone")),
        ):
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Filter by {what}").format(what=name.lower()))
            combo.setToolTip(self.tr("Filter by {what}").format(what=name.lower()))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(7)
            combo.currentIndexChanged.connect(lambda _i, k=key, c=combo: self._filter(k, c.currentData()))
            self.filters[key] = combo
            self._all[key] = everything
        self.show_hidden = QCheckBox(self.tr("Show hidden"))
        self.show_hidden.setChecked(False)  # hidden words are out of the way until asked for
        self.proxy.set_filters(show_hidden=False)
        self.show_hidden.toggled.connect(lambda on: self.proxy.set_filters(show_hidden=on))
        self.count = QLabel()
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Contributions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        # two lines of words per row (a fixed height: no per-row measuring of 50,000 rows), the rest elided
        self.table.verticalHeader().setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 10)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(lambda: fit_columns(self.table, self.model))
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(lambda *_args: self._fit_timer.start())  # a new theme or kind: widths again
        self.table.installEventFilter(self)
        fit_columns(self.table, self.model)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.themes_panel = ThemesPanel()
        self.themes_panel.model.dropped.connect(self.assign_theme)
        self.themes_panel.new_button.clicked.connect(lambda: self.new_theme())
        self.themes_panel.list.activated.connect(self._filter_to_theme)

        self.actions_list: list[QAction] = []
        for text, keys, slot in (
            (self.tr("&Edit…"), "F2", self.edit_selected),
            (self.tr("&Hide…"), "Del", lambda: self.hide_selected()),
            (self.tr("Sho&w again"), "Ctrl+Shift+H", self.unhide_selected),
            (self.tr("Mark as &duplicate"), "Ctrl+D", self.mark_duplicates),
            (self.tr("&Not a duplicate"), "Ctrl+Shift+D", self.clear_duplicates),
            (self.tr("&Group in theme…"), "Ctrl+G", self.choose_theme),
            (self.tr("Take out of &theme"), "Ctrl+Shift+G", lambda: self.assign_theme(None, None)),
            (self.tr("New t&heme…"), "Ctrl+Shift+N", lambda: self.new_theme()),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self.actions_list.append(action)
        buttons = QGridLayout()
        for n, action in enumerate(self.actions_list[:6]):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button = QPushButton(f"{action.text()}  ({keys})")
            button.clicked.connect(action.trigger)
            buttons.addWidget(button, n // 3, n % 3)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.show_hidden)
        filters = QHBoxLayout()
        for combo in self.filters.values():
            filters.addWidget(combo, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(search_row)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.count)
        split = QSplitter(Qt.Orientation.Vertical)  # themes below the list: the words get the width
        split.addWidget(left)
        split.addWidget(self.themes_panel)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 150])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _filter(self, key: str, value: object) -> None:
        self.proxy.set_filters(**{key: value})
        if key == "exercise_id":  # one exercise chosen: its name on every row says nothing
            self.table.setColumnHidden(ContributionTableModel.EXERCISE, value is not None)
            self._fit_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_timer.start()  # the words keep their share of the new width
        return super().eventFilter(watched, event)

    # -- loading
    def set_context(self, exercises: list[Exercise], people: list[Participant]) -> None:
        self.exercises = {e.id: e for e in exercises}
        self._fill(self.filters["exercise_id"], [(e.title, e.id) for e in exercises])
        self._fill(self.filters["principle"], [(f"{n}. {principle_short(n)}", n) for n in PRINCIPLE_NUMBERS])
        kinds = dict.fromkeys(k for e in exercises for k in e.kinds)
        self._fill(self.filters["kind"], [(kind_label(k), k) for k in kinds])
        from coproduce.services.participants import label

        self.people = [(f"{p.number} · {label(p)}", p.id) for p in people]
        self._fill(self.filters["participant_id"], [(self.tr("Anonymous"), NONE), *self.people])
        self.reload_themes()

    def _fill(self, combo: QComboBox, items: list[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        key = next(k for k, c in self.filters.items() if c is combo)
        combo.addItem(self._all[key], None)
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def reload_themes(self) -> None:
        self.themes = contributions.list_themes(self.engine, self.workshop_id)
        counts = Counter(r.theme_id for r in self.model.rows if not r.hidden)
        self.themes_panel.model.set_rows([ThemeEntry(t.id, t.name, counts.get(t.id, 0)) for t in self.themes])
        self._fill(
            self.filters["theme_id"], [(self.tr("No theme"), NONE), *((t.name, t.id) for t in self.themes)]
        )

    def _update_count(self) -> None:
        self.count.setText(
            self.tr("Showing {shown:,} of {total:,} contributions").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )

    # -- selection
    def selected_rows(self) -> list[ContributionRow]:
        rows = [self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()]
        return [self.model.row_at(r) for r in sorted(rows)]

    def select_ids(self, ids: list[str]) -> None:
        selection = QItemSelection()
        first: QModelIndex | None = None
        for contribution_id in ids:
            source = self.model.row_of(contribution_id)
            if source is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(source, 0))
            if index.isValid():
                selection.select(index, index)
                first = first or index
        flags = QItemSelectionModel.SelectionFlag
        model = self.table.selectionModel()
        if first is not None:
            model.setCurrentIndex(first, flags.NoUpdate)
        model.select(selection, flags.ClearAndSelect | flags.Rows)

    def _refresh(self, ids: list[str]) -> None:
        rows = contribution_rows.contribution_rows(self.engine, self.workshop_id, ids)
        self.model.update_rows(rows)
        self.reload_themes()
        self.changed.emit(rows)

    def _each(self, ids: list[str], change: Callable[[str], None]) -> None:
        """Apply one change to each contribution (each its own committed event), then show the result."""
        try:
            for contribution_id in ids:
                change(contribution_id)
        except KnownError as err:
            show_error(self, err)
        self._refresh(ids)

    # -- actions
    def edit_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        exercise = self.exercises.get(row.exercise_id)
        history = contribution_rows.contribution_history(self.engine, row.id)
        kinds = list(exercise.kinds) if exercise else []
        dialog = EditContributionDialog(row, kinds, history, self, self.people)
        while dialog.exec():
            text, kind = dialog.values()
            try:
                contributions.edit_contribution(self.engine, self.actor, row.id, text, kind)
                contributions.attribute_contribution(self.engine, self.actor, row.id, dialog.participant_id())
            except KnownError as err:
                dialog.show_error(str(err))
                continue
            self._refresh([row.id])
            return

    def hide_selected(self, reason: str | None = None) -> None:
        rows = [r for r in self.selected_rows() if not r.hidden]
        if not rows:
            return
        why = reason if reason is not None else ask_hide_reason(self)
        if why is None:
            return
        ids = [r.id for r in rows]
        self._each(ids, lambda i: contributions.hide_contribution(self.engine, self.actor, i, why))

    def unhide_selected(self) -> None:
        ids = [r.id for r in self.selected_rows() if r.hidden]
        self._each(ids, lambda i: contributions.unhide_contribution(self.engine, self.actor, i))

    def mark_duplicates(self) -> None:
        """The earliest selected contribution is the original; the others are marked as its duplicates."""
        rows = sorted(self.selected_rows(), key=lambda r: r.created_at)
        if len(rows) < 2:
            show_error(self, KnownError(self.tr("Select the original and its duplicates (at least two).")))
            return
        original, copies = rows[0], [r.id for r in rows[1:]]
        self._each(copies, lambda i: contributions.mark_duplicate(self.engine, self.actor, i, original.id))

    def clear_duplicates(self) -> None:
        ids = [r.id for r in self.selected_rows() if r.duplicate_of]
        self._each(ids, lambda i: contributions.mark_duplicate(self.engine, self.actor, i, None))

    def assign_theme(self, ids: list[str] | None, theme_id: str | None) -> None:
        chosen = ids if ids is not None else [r.id for r in self.selected_rows()]
        if chosen:
            self._each(chosen, lambda i: contributions.set_theme(self.engine, self.actor, [i], theme_id))

    def theme_menu(self) -> QMenu:
        menu = QMenu(self)
        for n, theme in enumerate(self.themes, start=1):
            prefix = f"&{n} " if n <= 9 else ""
            action = menu.addAction(prefix + theme.name.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, t=theme.id: self.assign_theme(None, t))
        if self.themes:
            menu.addSeparator()
        menu.addAction(self.tr("New theme…"), lambda: self.new_theme(assign=True))
        return menu

    def choose_theme(self) -> None:
        if not self.selected_rows():
            return
        rect = self.table.visualRect(self.table.currentIndex())
        self.theme_menu().exec(self.table.viewport().mapToGlobal(rect.bottomLeft()))

    def new_theme(self, name: str | None = None, *, assign: bool = False) -> str | None:
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("New theme"), self.tr("Name of the theme:"))
            if not ok:
                return None
        try:
            theme_id = contributions.add_theme(self.engine, self.actor, self.workshop_id, name)
        except KnownError as err:
            show_error(self, err)
            return None
        self.reload_themes()
        if assign:
            self.assign_theme(None, theme_id)
        return theme_id

    def _filter_to_theme(self) -> None:
        index = self.themes_panel.list.currentIndex()
        if index.isValid():
            combo = self.filters["theme_id"]
            combo.setCurrentIndex(combo.findData(self.themes_panel.model.row_at(index.row()).id))

    def _context_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        for action in self.actions_list:
            menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(point))
