"""After a crash: restore or discard the drafts of unsaved documents.

Closing the dialog (Esc, Later, the window's close button) decides nothing:
the drafts are offered again at the next start. Only Discard deletes them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QMessageBox,
                               QVBoxLayout, QWidget)  # fmt: skip

from ...core.recovery import Recovered


class RecoveryDialog(QDialog):
    restore_requested = Signal(list)  # the checked drafts
    discard_requested = Signal(list)

    def __init__(self, drafts: list[Recovered], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover Unsaved Documents"))
        self.drafts = drafts
        self.list = QListWidget()
        for draft in drafts:
            preview = " ".join(draft.text.split())[:60]
            item = QListWidgetItem(f"{draft.title} — {preview}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        text = QLabel(self.tr("The app did not close properly last time. These documents had unsaved changes. "
                              "Drafts you neither restore nor discard are offered again next time."))  # fmt: skip
        text.setWordWrap(True)
        buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.restore_button = buttons.addButton(self.tr("Restore Checked"), role.AcceptRole)
        self.discard_button = buttons.addButton(self.tr("Discard Checked…"), role.DestructiveRole)
        self.later_button = buttons.addButton(self.tr("Later"), role.RejectRole)
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        self.later_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> list[Recovered]:
        return [d for i, d in enumerate(self.drafts) if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _restore(self) -> None:
        self.restore_requested.emit(self.chosen())
        self.accept()

    def _discard(self) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        answer = QMessageBox.question(
            self, self.tr("Discard Drafts"),
            self.tr("Delete %n unsaved draft(s) for good?", "", len(chosen)),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Discard:
            self.discard_requested.emit(chosen)
            self.accept()
