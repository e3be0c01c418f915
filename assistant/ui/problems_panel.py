"""The Problems panel: the proofreading marks of the current document, one a line; a click goes there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QListWidget, QListWidgetItem

from .i18n import diagnostic_message


class ProblemsPanel(QDockWidget):
    activated = Signal(object)  # the mark chosen

    def __init__(self, rule_title):
        super().__init__()
        self.setWindowTitle(self.tr("Problems"))
        self.setObjectName("problems")
        self.rule_title = rule_title  # a rule's name as the writer reads it
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda item: self.activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.list.itemClicked.connect(lambda item: self.activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.setWidget(self.list)

    def show_marks(self, tab, marks: list) -> None:
        """One line per mark: where it is, what it says, what it suggests."""
        self.list.clear()
        for mark in marks:
            cursor = mark.cursor
            line, column = cursor.block().blockNumber() + 1, cursor.selectionStart() - cursor.block().position() + 1
            d = mark.diagnostic
            fix = f" → {d.suggestions[0]}" if d.suggestions and d.suggestions[0] else ""
            message, rule = diagnostic_message(d), self.rule_title(d.rule)
            item = QListWidgetItem(f"{line}:{column}  {message}{fix}  [{rule}]")
            item.setData(Qt.ItemDataRole.UserRole, mark)
            self.list.addItem(item)
        self.setWindowTitle(self.tr("Problems (%1)").replace("%1", str(len(marks))) if marks else self.tr("Problems"))
