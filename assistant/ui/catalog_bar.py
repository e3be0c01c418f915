"""Above the editor at first run: an offer of better models than the tiny built-in one, and the catalog."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ..core.session import Session
from ..core.settings import Settings
from .dialogs.catalog import CatalogDialog


class CatalogBar(QWidget):
    """Shown until the writer chooses or declines; its buttons never take the focus from the editor."""

    def __init__(self, session: Session, load_model: Callable[[Settings], None], parent: QWidget | None = None):
        super().__init__(parent, autoFillBackground=True)
        self.session, self.load_model = session, load_model
        self.catalog_dialog: CatalogDialog | None = None
        text = QLabel(self.tr("The built-in model is tiny and cannot write Chinese. Download a better one for "
                              "this machine?"), wordWrap=True)  # fmt: skip
        choose = QPushButton(self.tr("Choose a Model…"), focusPolicy=Qt.FocusPolicy.NoFocus)
        later = QPushButton(self.tr("Not Now"), focusPolicy=Qt.FocusPolicy.NoFocus)
        choose.clicked.connect(self.open_catalog)
        later.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(text, 1)
        row.addWidget(choose)
        row.addWidget(later)
        settings = session.settings
        self.setVisible(not settings.library.catalog_offered and settings.backend == "local"
                        and not settings.engine.model)  # fmt: skip

    def open_catalog(self) -> None:
        from ..core.llama_backend import gpu_offload_supported

        dialog = CatalogDialog(self.session.settings.engine.n_ctx or 4096, gpu_offload_supported(), self.window())
        dialog.chosen.connect(self._chosen)
        dialog.embedding_chosen.connect(self._embedding_chosen)
        dialog.open()
        self.catalog_dialog = dialog
        self.dismiss()

    def dismiss(self) -> None:
        self.hide()
        self.session.settings.library.catalog_offered = True
        self.session.save_settings()

    def _chosen(self, path: Path) -> None:
        """A model from the catalog was downloaded: it becomes the one in use once it loads."""
        settings = self.session.settings
        self.load_model(dataclasses.replace(settings, engine=dataclasses.replace(settings.engine, model=str(path))))

    def _embedding_chosen(self, path: Path) -> None:
        """An embedding model from the catalog: Sources' hybrid search uses it from the next indexing on."""
        self.session.settings.sources.embedding_model = str(path)
        self.session.save_settings()
