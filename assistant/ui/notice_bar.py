"""Above the editor: what is unusual about how this document was opened (bytes that are not valid in its
encoding, lines too long to edit), said once, in words."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class NoticeBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QToolButton()
        close.setText("×")
        close.setToolTip(self.tr("Hide this notice"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(close)
        self.setAutoFillBackground(True)
        self.hide()

    def show_notices(self, notices: list[str]) -> None:
        """Show these sentences (hidden when there are none)."""
        self.message.setText("\n".join(notices))
        self.setVisible(bool(notices))
