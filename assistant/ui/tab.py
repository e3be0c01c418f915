"""One open document: a view of its `Document`, with the editor, Markdown preview and the bars under it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QSplitter, QTextBrowser, QVBoxLayout, QWidget

from ..core import memory
from ..core.documents import Document
from ..core.memory import Memory
from ..core.paths import shown
from ..core.settings import EditorSettings
from .disk_bar import DiskChangeBar
from .editor import Editor, editor_text
from .proposal import ProposalBar, ProposalView


class DocumentTab(QWidget):
    def __init__(self, settings: EditorSettings, model: Document | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model or Document()
        # The writer's notes and glossary: kept with the app's data for a saved file, here until then.
        self.memory_problems: list[str] = []  # a memory file that was damaged and moved aside
        self.memory = memory.load(self.model.path, self.memory_problems) if self.model.path else Memory()
        self.autosaved_revision = -1
        self.proposal: ProposalView | None = None
        self.editor = Editor()
        self.editor.set_font(settings.font_family, settings.font_size)
        self.editor.set_zoom(settings.zoom)
        self.editor.set_wrap(settings.line_wrap)
        self.editor.setPlainText(self.model.text)
        self.document.setModified(self.model.modified)
        self.preview = QTextBrowser()
        self.preview.setOpenExternalLinks(False)
        self.proposal_bar = ProposalBar()
        self.disk_bar = DiskChangeBar()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.editor)
        splitter.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.disk_bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.proposal_bar)
        self._preview_timer = QTimer(self, singleShot=True, interval=300)
        self._preview_timer.timeout.connect(self._render_preview)
        self.editor.textChanged.connect(self._preview_timer.start)
        self.set_preview(settings.preview)

    @property
    def document(self):
        """The editor's QTextDocument (the model is `self.model`)."""
        return self.editor.document()

    @property
    def path(self) -> Path | None:
        return self.model.path

    @property
    def encoding(self) -> str:
        return self.model.encoding

    def title(self) -> str:
        return shown(self.model.path.name) if self.model.path else self.tr("Untitled")

    def is_modified(self) -> bool:
        return self.document.isModified()

    def text(self) -> str:
        return editor_text(self.document)

    def sync(self) -> Document:
        """The model, with the editor's text as it is now."""
        self.model.text = self.text()
        self.model.modified = self.is_modified()
        return self.model

    def save(self, path: Path | None = None, encoding: str | None = None, overwrite: bool = False) -> None:
        """Save the document; DocumentError (FileChangedError, ReadOnlyError) if it was not saved."""
        self.sync().save(path, encoding, overwrite)
        self.document.setModified(False)
        self.disk_bar.clear()

    def reload(self, encoding: str | None = None) -> None:
        """Read the file again, as one undo step (Ctrl+Z brings the previous text back), keeping the cursor."""
        self.model.reload(encoding)
        self.replace_text(self.model.text)
        self.document.setModified(False)
        self.disk_bar.clear()

    def replace_text(self, text: str) -> None:
        if text == self.text():
            return
        position = self.editor.textCursor().position()
        scroll = self.editor.verticalScrollBar().value()
        cursor = QTextCursor(self.document)
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.setPosition(min(position, self.document.characterCount() - 1))
        self.editor.setTextCursor(cursor)
        self.editor.verticalScrollBar().setValue(scroll)

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
