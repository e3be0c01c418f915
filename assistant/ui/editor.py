"""The text editor: plain text and Markdown, with ghost text for pending proposals and inline suggestions."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette, QTextCharFormat, QTextCursor, QTextLayout
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QWidget

from ..core.paths import from_uri_list
from .highlighter import MarkdownHighlighter
from .i18n import CJK_FONTS

# Marks our ghost format among a layout's formats (a user property number).
_GHOST_PROPERTY = 0x100100


# Qt counts positions in UTF-16 units, Python in code points: they differ after
# any character outside the Basic Multilingual Plane (emoji, rare CJK).
def qt_to_py(text: str, position: int) -> int:
    return len(text.encode("utf-16-le")[: 2 * position].decode("utf-16-le", errors="ignore"))


def py_to_qt(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def editor_text(document) -> str:
    """The document's text, every code point as typed or read (toPlainText() would turn no-break spaces
    into spaces and U+2028 into line breaks), with "\n" between blocks."""
    return document.toRawText().replace("\u2029", "\n")


def text_around(document, position: int, chars: int) -> tuple[str, int]:
    """The whole paragraphs within `chars` of a Qt position, and the position they start at: what a model
    reads near the cursor, without copying a document of megabytes at every pause."""
    start = document.findBlock(max(0, position - chars)).position()
    last = document.findBlock(min(document.characterCount() - 1, position + chars))
    return text_between(document, start, last.position() + last.length() - 1), start


def text_between(document, start: int, end: int) -> str:
    """The document's text between two Qt positions, with "\n" line ends."""
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n")


def dropped_files(mime) -> list[str]:
    """The local files a drag carries, read from its raw uri-list: QMimeData.urls() would give a name that
    is not UTF-8 as another name (see paths.from_uri_list)."""
    return from_uri_list(mime.data("text/uri-list").data()) if mime.hasFormat("text/uri-list") else []


class Editor(QPlainTextEdit):
    """A QPlainTextEdit that can show text that is not (yet) in the document.

    Pending text, such as a continuation being written at the cursor, is shown
    as the layout's pre-edit area, the mechanism input methods use for text
    being composed: it flows with the text around it, yet it is not part of
    the document, so it never enters the undo stack and cannot be saved by
    accident. While an input method composes (pinyin for Chinese), the area is
    the composition's: the ghost steps aside and comes back at the commit.
    """

    suggestion_accepted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.highlighter = MarkdownHighlighter(self)
        self.base_point_size = 12
        self.zoom = 0
        self.context_actions: Callable[[], list] = lambda: []
        self.mark_actions: Callable[[object], list] = lambda position: []  # proofreading, at a viewport point
        self.marks: list[QTextEdit.ExtraSelection] = []  # proofreading's underlines
        self._ghost: tuple[int, str] | None = None  # a position and the text shown there
        self._suggestion: tuple[int, str] | None = None  # an inline suggestion shown as the ghost
        self._ghost_block = None
        self._composing = False  # an input method's composition holds the pre-edit area
        self._highlight_range: tuple[int, int] | None = None
        self.document().contentsChange.connect(self._refresh_overlays)
        self.document().setDocumentMargin(12)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self.document().setModified(False)  # the settings above count as changes

    # -- files dragged from a file manager -------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        self._drag(event, super().dragEnterEvent)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        self._drag(event, super().dragMoveEvent)

    def dropEvent(self, event) -> None:  # noqa: N802
        self._drag(event, super().dropEvent)

    def _drag(self, event, handle: Callable) -> None:
        """Files go on to the tabs, which open them: the text never gets their addresses."""
        if dropped_files(event.mimeData()):
            event.ignore()
        else:
            handle(event)

    # -- fonts, zoom and wrapping ---------------------------------------------

    def set_font(self, family: str, size: int) -> None:
        font = QFont(family) if family else QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setFamilies([font.family(), *CJK_FONTS])  # Chinese text falls back to a CJK font
        self.base_point_size = size
        font.setPointSize(max(4, size + self.zoom))
        self.setFont(font)

    def set_zoom(self, steps: int) -> None:
        self.zoom = max(-10, min(30, steps))
        font = self.font()
        font.setPointSize(max(4, self.base_point_size + self.zoom))
        self.setFont(font)

    def set_wrap(self, wrap: bool) -> None:
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth if wrap else QPlainTextEdit.LineWrapMode.NoWrap)

    def paintEvent(self, event) -> None:  # noqa: N802
        self.highlighter.format_visible()  # the blocks about to be drawn, and no others
        super().paintEvent(event)

    # -- context menu with the AI tools ---------------------------------------

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        menu: QMenu = self.createStandardContextMenu(event.pos())
        first = self.mark_actions(event.pos())
        if first:
            top = menu.actions()[0] if menu.actions() else None
            menu.insertActions(top, first)
            menu.insertSeparator(top)
        actions = self.context_actions()
        if actions:
            menu.addSeparator()
            ai = menu.addMenu(self.tr("AI"))
            ai.setToolTipsVisible(True)
            ai.addActions(actions)
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- an inline suggestion: grey words at the cursor, Tab takes them --------

    def show_suggestion(self, position: int, text: str) -> None:
        """Show `text` as ghost text at `position` (the cursor); Tab inserts it, any other key dismisses it."""
        self._suggestion = (position, text)
        self.set_ghost(position, text)

    def suggestion(self) -> str:
        return self._suggestion[1] if self._suggestion else ""

    def dismiss_suggestion(self) -> None:
        if self._suggestion is not None:
            self._suggestion = None
            self.clear_ghost()

    def accept_suggestion(self) -> None:
        """Insert the suggestion as one undo step."""
        position, text = self._suggestion
        self.dismiss_suggestion()
        cursor = self.textCursor()
        cursor.setPosition(position)
        cursor.beginEditBlock()  # its own undo step, never merged into the typing before it
        cursor.insertText(text)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.suggestion_accepted.emit(text)

    def event(self, event) -> bool:
        # Tab and Esc belong to a shown suggestion, before any shortcut (Esc also rejects proposals).
        if event.type() == QEvent.Type.ShortcutOverride and self._suggestion is not None \
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Escape):  # fmt: skip
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self._suggestion is None:
            super().keyPressEvent(event)
            return
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier,
                                      Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
        if event.key() == Qt.Key.Key_Tab and plain:
            self.accept_suggestion()
            return
        rest = self._suggestion[1]
        typed_ahead = plain and event.text() and rest.startswith(event.text()) and rest != event.text()
        self.dismiss_suggestion()
        if event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)
        if typed_ahead:  # the writer types what was suggested: the rest stays, with no wait
            self.show_suggestion(self.textCursor().position(), rest[len(event.text()) :])

    def inputMethodEvent(self, event) -> None:  # noqa: N802
        # Typing through an input method dismisses a suggestion as a key does; a proposal's ghost is taken
        # off the layout first, so Qt puts the composition in a pre-edit area of its own.
        if self._suggestion is not None and (event.preeditString() or event.commitString()):
            self._suggestion = self._ghost = None
        self._composing = True  # nothing of ours in the pre-edit area while Qt handles the event
        self._show_ghost()
        super().inputMethodEvent(event)
        self._composing = bool(event.preeditString())
        if not self._composing:
            self._refresh_overlays()

    # -- ghost text and the highlighted range of a proposal -------------------

    def set_ghost(self, position: int, text: str) -> None:
        self._ghost = (position, text)
        self._refresh_overlays()

    def clear_ghost(self) -> None:
        self._ghost = None
        self._refresh_overlays()

    def ghost_text(self) -> str:
        return self._ghost[1] if self._ghost else ""

    def set_highlighted_range(self, span: tuple[int, int] | None) -> None:
        """Tint the text a proposal works on (start and end positions), or nothing."""
        self._highlight_range = span
        self._refresh_overlays()

    def set_marks(self, marks: list[QTextEdit.ExtraSelection]) -> None:
        self.marks = marks
        self._refresh_overlays()

    def _refresh_overlays(self, *_args) -> None:
        self._show_ghost()
        selections = list(self.marks)
        if self._highlight_range is not None and self._highlight_range[0] != self._highlight_range[1]:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(self.document())
            selection.cursor.setPosition(self._highlight_range[0])
            selection.cursor.setPosition(self._highlight_range[1], QTextCursor.MoveMode.KeepAnchor)
            tint = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            tint.setAlpha(60)
            selection.format.setBackground(tint)
            selections.append(selection)
        self.setExtraSelections(selections)

    def _show_ghost(self) -> None:
        old = self._ghost_block
        if old is not None and old.isValid() and old.layout() is not None:
            old.layout().setPreeditArea(-1, "")
            old.layout().setFormats([f for f in old.layout().formats() if f.format.property(_GHOST_PROPERTY) is None])
            self.document().markContentsDirty(old.position(), old.length())
        self._ghost_block = None
        if not self._ghost or self._composing:
            return
        anchor, text = self._ghost
        block = self.document().findBlock(anchor)
        position = anchor - block.position()
        shown = text.replace("\n", "\u2028")  # line separators: a pre-edit area cannot split a block
        layout = block.layout()
        layout.setPreeditArea(position, shown)
        style = QTextCharFormat()
        style.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        style.setFontItalic(True)
        style.setProperty(_GHOST_PROPERTY, True)
        ghost = QTextLayout.FormatRange()
        ghost.start, ghost.length, ghost.format = position, len(shown.encode("utf-16-le")) // 2, style  # Qt's units
        layout.setFormats([f for f in layout.formats() if f.format.property(_GHOST_PROPERTY) is None] + [ghost])
        self.document().markContentsDirty(block.position(), block.length())
        self._ghost_block = block
