"""The writer's text beside the file on disk, as a diff."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextEdit, QVBoxLayout, QWidget

from ..diff_view import show_diff


class CompareDialog(QDialog):
    def __init__(self, name: str, runs: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare with the File on Disk"))
        self.resize(720, 520)
        label = QLabel(self.tr("Struck out: only in the file on disk. Highlighted: only in your text of %1.")
                       .replace("%1", name))  # fmt: skip
        label.setWordWrap(True)
        self.view = QTextEdit(readOnly=True)
        show_diff(self.view, runs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
