"""Above the editor at first run: an offer of better models than the tiny built-in one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ..core.settings import Settings


class CatalogBar(QWidget):
    """Shown until the writer chooses or declines; its buttons never take the focus from the editor."""

    choose_requested = Signal()
    declined = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent, autoFillBackground=True)
        text = QLabel(self.tr("The built-in model is tiny and cannot write Chinese. Download a better one for "
                              "this machine?"), wordWrap=True)  # fmt: skip
        choose = QPushButton(self.tr("Choose a Model…"), focusPolicy=Qt.FocusPolicy.NoFocus)
        later = QPushButton(self.tr("Not Now"), focusPolicy=Qt.FocusPolicy.NoFocus)
        choose.clicked.connect(self.choose_requested)
        later.clicked.connect(self.declined)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(text, 1)
        row.addWidget(choose)
        row.addWidget(later)
        self.setVisible(not settings.library.catalog_offered and settings.backend == "local"
                        and not settings.engine.model)  # fmt: skip
