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
from .editor import Editor, editor_text, text_around
from .notice_bar import NoticeBar
from .proposal import ProposalBar, ProposalView

# Qt lays a line out whole, again at every key: 50 ms a key at 50,000 characters on a busy 2-core machine,
# 7.6 s at 20 MB. A document with a longer line opens read-only, its long lines shown in pieces (breaks
# on screen only, never saved).
LONG_LINE = 50_000
PIECE = 10_000
# Qt's Markdown takes ~1 s a megabyte: a longer document's preview shows the paragraphs around the cursor.
PREVIEW_WHOLE = 100_000
PREVIEW_AROUND = 20_000


class DocumentTab(QWidget):
    def __init__(self, settings: EditorSettings, doc: OpenDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.proposal: ProposalView | None = None  # the view of doc.proposal
        self.editor = Editor()
        self.editor.set_font(settings.font_family, settings.font_size)
        self.editor.set_zoom(settings.zoom)
        self.editor.set_wrap(settings.line_wrap)
        self.longest_line = 0
        self.notice_bar = NoticeBar()
        self._show(doc.document.text)
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
        layout.addWidget(self.notice_bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.proposal_bar)
        self._preview_timer = QTimer(self, singleShot=True, interval=300)
        self._preview_timer.timeout.connect(self._render_preview)
        self.editor.textChanged.connect(self._preview_timer.start)
        self.editor.cursorPositionChanged.connect(
            lambda: self.document.characterCount() > PREVIEW_WHOLE and self._preview_timer.start())
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

    @property
    def too_long(self) -> bool:
        """Shown read-only, long lines in pieces: the session's document holds the text."""
        return self.longest_line > LONG_LINE

    def text(self) -> str:
        """The text as shown (a tool's offsets are the editor's)."""
        return editor_text(self.document)

    def sync(self) -> Document:
        """The session's document, with the editor's text as it is now."""
        document = self.doc.document
        if not self.too_long:
            document.text = self.text()
        document.modified = self.is_modified()
        return document

    def save(self, path: Path | None = None, encoding: str | None = None, overwrite: bool = False) -> None:
        """Save the document; DocumentError (FileChangedError, ReadOnlyError) if it was not saved."""
        self.sync().save(path, encoding, overwrite)
        self.document.setModified(False)

    def reload(self, encoding: str | None = None) -> None:
        """Read the file again, as one undo step (Ctrl+Z brings the previous text back), keeping the cursor."""
        self.doc.document.reload(encoding)
        self._show(self.doc.document.text, undoable=True)
        self.document.setModified(False)

    def _show(self, text: str, undoable: bool = False) -> None:
        """Put the document's text in the editor, and say what is unusual about it."""
        was_too_long = self.too_long
        self.longest_line = max(map(len, text.split("\n")))
        if self.too_long != was_too_long:  # no highlighting on lines this long, and no edits
            self.editor.highlighter.set_enabled(not self.too_long)
            self.editor.setReadOnly(self.too_long)
            undoable = False
        if self.too_long:
            self.editor.setPlainText(_in_pieces(text))
        elif undoable:
            self.replace_text(text)
        else:
            self.editor.setPlainText(text)
        notices = []
        invalid, encoding = self.doc.document.invalid_bytes, self.doc.encoding.upper()
        if invalid == 1:
            notices.append(self.tr("1 byte is not valid %1: it is shown as \ufffd and saved back as it was.")
                           .replace("%1", encoding))  # fmt: skip
        elif invalid:
            notices.append(self.tr("%1 bytes are not valid %2: each is shown as \ufffd and saved back as it was.")
                           .replace("%1", f"{invalid:,}").replace("%2", encoding))  # fmt: skip
        if self.too_long:
            notices.append(self.tr("A line of %1 characters is too long to edit here (the limit is %2): the document "
                                   "is open read-only, long lines shown in pieces of %3. The file is not changed.")
                           .replace("%1", f"{self.longest_line:,}").replace("%2", f"{LONG_LINE:,}")
                           .replace("%3", f"{PIECE:,}"))  # fmt: skip
        self.notice_bar.show_notices(notices)

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
        if self.preview.isVisible() and self.too_long:
            self.preview.setPlainText(self.tr("Too long to preview."))
        elif self.preview.isVisible():
            bar = self.preview.verticalScrollBar()
            position = bar.value()
            long = self.document.characterCount() > PREVIEW_WHOLE
            self.preview.setMarkdown(text_around(self.document, self.editor.textCursor().position(), PREVIEW_AROUND)[0]
                                     if long else self.text())  # fmt: skip
            bar.setValue(position)


def _in_pieces(text: str) -> str:
    """Lines longer than LONG_LINE broken every PIECE characters or so, after a space where there is one near."""
    pieces = []
    for line in text.split("\n"):
        start = 0
        while len(line) > LONG_LINE and len(line) - start > PIECE:
            space = line.rfind(" ", start + PIECE - 200, start + PIECE)
            cut = space + 1 if space > start else start + PIECE
            pieces.append(line[start:cut])
            start = cut
        pieces.append(line[start:])
    return "\n".join(pieces)
