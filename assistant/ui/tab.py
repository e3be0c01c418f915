"""One open document: its editor, Markdown preview and proposal bar, and its file."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QSplitter, QTextBrowser, QVBoxLayout, QWidget

from ..core.documents import TextFile, read_text, write_text
from ..core.settings import EditorSettings
from .editor import Editor
from .proposal import Proposal, ProposalBar


class DocumentTab(QWidget):
    def __init__(self, settings: EditorSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.path: Path | None = None
        self.encoding = "utf-8"
        self.newline = "\n"
        self.key = uuid.uuid4().hex  # names its autosaved copy
        self.autosaved_revision = -1
        self.proposal: Proposal | None = None
        self.editor = Editor()
        self.editor.set_font(settings.font_family, settings.font_size)
        self.editor.set_zoom(settings.zoom)
        self.editor.set_wrap(settings.line_wrap)
        self.preview = QTextBrowser()
        self.preview.setOpenExternalLinks(False)
        self.proposal_bar = ProposalBar()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.editor)
        splitter.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.proposal_bar)
        self._preview_timer = QTimer(self, singleShot=True, interval=300)
        self._preview_timer.timeout.connect(self._render_preview)
        self.editor.textChanged.connect(self._preview_timer.start)
        self.set_preview(settings.preview)

    @property
    def document(self):
        return self.editor.document()

    def title(self) -> str:
        return self.path.name if self.path else self.tr("Untitled")

    def is_modified(self) -> bool:
        return self.document.isModified()

    def text(self) -> str:
        return self.editor.toPlainText()

    def load(self, path: Path, encoding: str | None = None) -> None:
        """Read a file into this tab; DocumentError if it cannot be read as text."""
        file = read_text(path, encoding)
        self.editor.setPlainText(file.text)
        self.path, self.encoding, self.newline = Path(path), file.encoding, file.newline
        self.document.setModified(False)

    def restore(self, text: str, path: str | None, encoding: str, newline: str) -> None:
        """Put back an autosaved copy: unsaved, so the writer decides whether to keep it."""
        self.editor.setPlainText(text)
        self.path = Path(path) if path else None
        self.encoding, self.newline = encoding, newline
        self.document.setModified(True)

    def save(self, path: Path | None = None, encoding: str | None = None) -> None:
        """Save atomically, in the file's own encoding unless told otherwise; DocumentError on failure."""
        path = Path(path or self.path)
        encoding = encoding or self.encoding
        write_text(path, TextFile(self.text(), encoding, self.newline))
        self.path, self.encoding = path, encoding
        self.document.setModified(False)

    def set_preview(self, shown: bool) -> None:
        self.preview.setVisible(shown)
        if shown:
            self._render_preview()

    def _render_preview(self) -> None:
        if self.preview.isVisible():
            bar = self.preview.verticalScrollBar()
            position = bar.value()
            self.preview.setMarkdown(self.text())
            bar.setValue(position)
