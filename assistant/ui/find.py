"""Find and replace, in a bar above the status bar."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from .editor import Editor


class FindBar(QWidget):
    def __init__(self, current_editor: Callable[[], Editor | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.current_editor = current_editor
        self.find_field = QLineEdit(placeholderText=self.tr("Find"))
        self.replace_field = QLineEdit(placeholderText=self.tr("Replace with"))
        self.case = QCheckBox(self.tr("Match case"))
        self.result = QLabel()
        buttons = {
            self.tr("Previous"): lambda: self.find(backward=True),
            self.tr("Next"): self.find,
            self.tr("Replace"): self.replace,
            self.tr("Replace All"): self.replace_all,
            self.tr("Close"): self.hide,
        }
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.find_field, 2)
        layout.addWidget(self.replace_field, 2)
        layout.addWidget(self.case)
        for label, slot in buttons.items():
            button = QPushButton(label)
            button.clicked.connect(slot)
            layout.addWidget(button)
        layout.addWidget(self.result, 1)
        self.find_field.returnPressed.connect(self.find)
        self.replace_field.returnPressed.connect(self.replace)
        self.hide()

    def open(self, replace: bool = False) -> None:
        editor = self.current_editor()
        if editor is not None and editor.textCursor().hasSelection():
            self.find_field.setText(editor.textCursor().selectedText())
        self.replace_field.setVisible(True)
        self.show()
        (self.replace_field if replace else self.find_field).setFocus()
        self.find_field.selectAll()

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def find(self, backward: bool = False) -> bool:
        editor, needle = self.current_editor(), self.find_field.text()
        if editor is None or not needle:
            return False
        found = editor.find(needle, self._flags(backward))
        if not found:  # wrap around
            cursor = editor.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            editor.setTextCursor(cursor)
            found = editor.find(needle, self._flags(backward))
        self.result.setText("" if found else self.tr("Not found"))
        return found

    def _matches(self, selected: str) -> bool:
        needle = self.find_field.text()
        return selected == needle if self.case.isChecked() else selected.casefold() == needle.casefold()

    def replace(self) -> None:
        editor = self.current_editor()
        if editor is None or editor.isReadOnly():  # a cursor's edits would pass a read-only view
            return
        cursor = editor.textCursor()
        if cursor.hasSelection() and self._matches(cursor.selectedText()):
            cursor.insertText(self.replace_field.text())
        self.find()

    def replace_all(self) -> int:
        """Replace every match, as one undo step; returns how many."""
        editor, needle = self.current_editor(), self.find_field.text()
        if editor is None or not needle or editor.isReadOnly():
            return 0
        document = editor.document()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        count = 0
        found = document.find(needle, 0, self._flags())
        while not found.isNull():
            found.insertText(self.replace_field.text())
            count += 1
            found = document.find(needle, found, self._flags())
        cursor.endEditBlock()
        self.result.setText(self.tr("%n replaced", "", count))
        return count
