"""Models to start with: the curated catalog, marked by whether each fits this machine."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)  # fmt: skip

from ...core import catalog, library
from .download import DownloadDialog


class CatalogDialog(QDialog):
    """One click downloads a model (resumable, checked) and makes it the one in use."""

    chosen = Signal(object)  # the Path of the downloaded model
    embedding_chosen = Signal(object)  # the Path of a downloaded embedding model, for sources.embedding_model

    def __init__(self, n_ctx: int, gpu: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models to Start With"))
        self.resize(820, 400)
        language = "zh" if QLocale().language() == QLocale.Language.Chinese else "en"
        ram, vram = library.free_ram(), library.free_vram()
        embedding = catalog.choices(language, n_ctx, ram, vram, gpu, kind="embedding")
        # A row of its own (None) heads the embedding models, which are never offered to write with.
        self.choices = catalog.choices(language, n_ctx, ram, vram, gpu) + [None] + embedding
        gib = 2**30
        intro = self.tr("The built-in model is tiny and cannot write Chinese. These run on this machine without "
                        "the network once downloaded; ★ marks the one recommended for it.")  # fmt: skip
        self.table = QTableWidget(len(self.choices), 5)
        self.table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Download"), self.tr("Needs"),
                                              self.tr("This machine"), self.tr("Licence")])  # fmt: skip
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        fits = {True: self.tr("fits"), False: self.tr("too large"), None: self.tr("unknown")}
        for row, c in enumerate(self.choices):
            if c is None:
                heading = QTableWidgetItem(self.tr("Embedding models for Sources: hybrid search finds passages by "
                                                   "meaning, in any language; not for writing"))  # fmt: skip
                heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                self.table.setItem(row, 0, heading)
                self.table.setSpan(row, 0, 1, 5)
                continue
            cells = [("★ " if c.recommended else "") + c.model.title, f"{c.model.size / 1e9:.1f} GB",
                     f"~{c.estimate.total / gib:.1f} GiB", fits[c.fits], c.model.licence]  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), 260))  # not as wide as the heading
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectRow(0)
        self.table.doubleClicked.connect(self.download_selected)
        self.status = QLabel(wordWrap=True)
        self.download_button = QPushButton(self.tr("&Download and Use"))
        self.download_button.setDefault(True)
        self.download_button.clicked.connect(self.download_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.download_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(intro, wordWrap=True))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def download_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        choice = self.choices[rows[0].row()]
        if choice is None:
            return
        self.downloading = choice.model
        dialog = DownloadDialog(self)
        dialog.repo.setText(choice.model.repo)
        dialog.file.setText(choice.model.file)
        dialog.downloaded.connect(self._downloaded)
        dialog.open()
        dialog.accept()  # start at once: the form is filled in
        self.download_dialog = dialog

    def _downloaded(self, path: Path) -> None:
        if self.downloading.kind == "embedding":  # the writing model stays; the dialog says what changed
            self.embedding_chosen.emit(path)
            text = self.tr("%1 is now the embedding model for Sources (the setting %2): %3 gives your passages "
                           "their vectors for hybrid search.")  # fmt: skip
            self.status.setText(text.replace("%1", path.name).replace("%2", "sources.embedding_model")
                                .replace("%3", "writing-assistant sources add"))  # fmt: skip
            return
        self.chosen.emit(path)
        self.accept()
