"""The command palette (Ctrl+Shift+P): every action, found by fuzzy search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


def fuzzy_score(query: str, label: str) -> int | None:
    """None unless the query's characters appear in order in the label; higher is a better match."""
    query, label = query.casefold(), label.casefold()
    if not query:
        return 0
    if query in label:
        return 1000 - label.index(query)  # a plain substring beats scattered letters
    score, position, previous = 0, 0, -2
    for ch in query:
        position = label.find(ch, position)
        if position < 0:
            return None
        score += 10 if position == previous + 1 else 1  # reward runs of letters
        if position == 0 or label[position - 1] in " -_/":
            score += 5  # and word starts
        previous, position = position, position + 1
    return score


class CommandPalette(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Command Palette"))
        self.setMinimumWidth(480)
        self.actions_ = [a for a in actions if a.text()]
        self.query = QLineEdit(placeholderText=self.tr("Type a command…"))
        self.list = QListWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.list)
        self.query.textChanged.connect(self.refilter)
        self.query.returnPressed.connect(self.run_current)
        self.list.itemActivated.connect(lambda _item: self.run_current())
        self.refilter("")

    def refilter(self, query: str) -> None:
        self.list.clear()
        scored = []
        for action in self.actions_:
            label = action.text().replace("&", "")
            score = fuzzy_score(query, label)
            if score is not None:
                scored.append((-score, label, action))
        for _, label, action in sorted(scored, key=lambda s: (s[0], s[1])):
            shortcut = action.shortcut().toString()
            item = QListWidgetItem(label + (f"    {shortcut}" if shortcut else ""))
            item.setData(Qt.ItemDataRole.UserRole, action)
            if not action.isEnabled():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(action.toolTip())
            self.list.addItem(item)
        for row in range(self.list.count()):
            if self.list.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.list.setCurrentRow(row)
                break

    def run_current(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        action = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        action.trigger()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (arrows move in the list while typing)
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.list.keyPressEvent(event)
        else:
            super().keyPressEvent(event)
