"""One open document: a view of the session's `OpenDocument`, with the editor, Markdown preview and the bars
under it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QSplitter, QTextBrowser, QVBoxLayout, QWidget

from ..core.documents import Document
from ..core.memory import Memory
from ..core.paths import shown
from ..core.session import OpenDocument
from ..core.settings import EditorSettings
from .disk_bar import DiskChangeBar
from .editor import Editor, editor_text
from .proposal import ProposalBar, ProposalView


class DocumentTab(QWidget):
    def __init__(self, settings: EditorSettings, doc: OpenDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.proposal: ProposalView | None = None  # the view of doc.proposal
        self.editor = Editor()
        self.editor.set_font(settings.font_family, settings.font_size)
        self.editor.set_zoom(settings.zoom)
        self.editor.set_wrap(settings.line_wrap)
        self.editor.setPlainText(doc.document.text)
        self.document.setModified(doc.modified)
        doc.text_source = self.text
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
        """The editor's QTextDocument (the session's is `self.doc.document`)."""
        return self.editor.document()

    @property
    def path(self) -> Path | None:
        return self.doc.path

    @property
    def encoding(self) -> str:
        return self.doc.encoding

    @property
    def memory(self) -> Memory:
        return self.doc.memory

    def title(self) -> str:
        return shown(self.doc.path.name) if self.doc.path else self.tr("Untitled")

    def is_modified(self) -> bool:
        return self.document.isModified()

    def text(self) -> str:
        return editor_text(self.document)

    def sync(self) -> Document:
        """The session's document, with the editor's text as it is now."""
        document = self.doc.document
        document.text, document.modified = self.text(), self.is_modified()
        return document

    def save(self, path: Path | None = None, encoding: str | None = None, overwrite: bool = False) -> None:
        """Save the document; DocumentError (FileChangedError, ReadOnlyError) if it was not saved."""
        self.sync().save(path, encoding, overwrite)
        self.document.setModified(False)

    def reload(self, encoding: str | None = None) -> None:
        """Read the file again, as one undo step (Ctrl+Z brings the previous text back), keeping the cursor."""
        self.doc.document.reload(encoding)
        self.replace_text(self.doc.document.text)
        self.document.setModified(False)

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
