"""Proofreading preferences: each checker on or off, and checking as you type in new documents."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QGroupBox, QVBoxLayout, QWidget

from ...core.settings import ProofreadSettings
from ..i18n import tool_text
from .buttons import ok_cancel


class ProofreadingDialog(QDialog):
    def __init__(self, checkers: dict, settings: ProofreadSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Proofreading"))
        self.settings = settings
        self.checkers = checkers
        self.as_you_type = QCheckBox(self.tr("Check as you type in new documents"))
        self.as_you_type.setChecked(settings.as_you_type)
        group = QGroupBox(self.tr("Checkers"))
        column = QVBoxLayout(group)
        self.boxes: dict[str, QCheckBox] = {}
        for name, checker in checkers.items():
            box = QCheckBox(tool_text(checker, checker.title))
            box.setToolTip(tool_text(checker, checker.description))
            box.setChecked(settings.checkers.get(name, checker.default))
            column.addWidget(box)
            self.boxes[name] = box
        layout = QVBoxLayout(self)
        layout.addWidget(self.as_you_type)
        layout.addWidget(group)
        layout.addWidget(ok_cancel(self, self.tr("Save")))

    def apply(self) -> None:
        """Into the settings: each checker's choice where it differs from the checker's default."""
        self.settings.as_you_type = self.as_you_type.isChecked()
        self.settings.checkers = {name: box.isChecked() for name, box in self.boxes.items()
                                  if box.isChecked() != self.checkers[name].default}  # fmt: skip
