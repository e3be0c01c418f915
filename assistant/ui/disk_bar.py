"""Above the editor: the document's file changed or went away on disk, and what the writer wants done."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class DiskChangeBar(QWidget):
    reload_requested = Signal()
    keep_requested = Signal()
    compare_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.change = ""  # "changed" or "deleted" while shown
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setToolTip(self.tr("Read the file from disk; Undo brings your text back"))
        self.keep_button = QPushButton(self.tr("Keep Mine"))
        self.keep_button.setToolTip(self.tr("Keep your text; saving will replace the file on disk"))
        self.compare_button = QPushButton(self.tr("Compare"))
        self.reload_button.clicked.connect(self.reload_requested)
        self.keep_button.clicked.connect(self.keep_requested)
        self.compare_button.clicked.connect(self.compare_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.message, 1)
        for button in (self.compare_button, self.reload_button, self.keep_button):
            layout.addWidget(button)
        self.setAutoFillBackground(True)
        self.hide()

    def show_change(self, change: str, name: str) -> None:
        self.change = change
        if change == "deleted":
            self.message.setText(self.tr("%1 was deleted or moved on disk. Your text is still here: "
                                         "save it to write the file again.").replace("%1", name))  # fmt: skip
        else:
            self.message.setText(self.tr("%1 was changed by another program, and you have unsaved changes.")
                                 .replace("%1", name))  # fmt: skip
        self.reload_button.setVisible(change == "changed")
        self.compare_button.setVisible(change == "changed")
        self.show()

    def clear(self) -> None:
        self.change = ""
        self.hide()
