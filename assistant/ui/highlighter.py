"""Markdown syntax highlighting, in colours that suit a light or a dark palette.

Only the blocks on screen are highlighted, as they come into view or change: opening or editing a document of
megabytes formats a screenful, never the whole text (Qt's QSyntaxHighlighter formats every block the text
change reaches, all of them at an open). A block keeps its formats in its layout; its user state says for
which text revision and which fence state they were made. Fence lines are kept as cursors that move with the
text, so whether a block lies inside a fenced code block is a count of the fence lines above it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from PySide6.QtCore import QObject, QRegularExpression
from PySide6.QtGui import (QColor, QFont, QPalette, QTextBlock, QTextCharFormat, QTextCursor, QTextDocument,
                           QTextLayout)  # fmt: skip
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from ..core.chunking import FENCE

_OWN = 0x100101  # a user property marking our formats among a layout's (the editor's ghost text has its own)
_FENCE_QT = QRegularExpression(FENCE.pattern)

_RULES = [  # (pattern, format name); later rules paint over earlier ones
    (re.compile(r"^\s{0,3}#{1,6}\s.*$"), "heading"),
    (re.compile(r"^\s{0,3}>.*$"), "quote"),
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s"), "marker"),
    (re.compile(r"(?<![*\w])\*(?!\s)[^*\n]+\*(?!\*)|(?<![_\w])_(?!\s)[^_\n]+_(?!\w)"), "emphasis"),
    (re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"), "strong"),
    (re.compile(r"\[[^\]\n]*\]\([^)\n]*\)|<https?://[^>\s]+>"), "link"),
    (re.compile(r"`[^`\n]+`"), "code"),
]


def _formats() -> dict[str, QTextCharFormat]:
    dark = QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    colour = {
        "heading": "#8ab4f8" if dark else "#1a56b0",
        "quote": "#9aa0a6" if dark else "#5f6368",
        "marker": "#f28b82" if dark else "#b3261e",
        "link": "#81c995" if dark else "#137333",
        "code": "#fdd663" if dark else "#8a4b08",
    }
    formats = {}
    for name in ("heading", "quote", "marker", "emphasis", "strong", "link", "code"):
        f = QTextCharFormat()
        if name in colour:
            f.setForeground(QColor(colour[name]))
        if name in ("heading", "strong"):
            f.setFontWeight(QFont.Weight.Bold)
        if name in ("emphasis", "quote"):
            f.setFontItalic(True)
        if name == "link":
            f.setFontUnderline(True)
        f.setProperty(_OWN, True)
        formats[name] = f
    return formats


def spans(text: str, in_fence: bool) -> list[tuple[int, int, str]]:
    """(start, end, format name) in `text`, a block that starts inside a fenced code block or not."""
    if in_fence or FENCE.match(text):
        return [(0, len(text), "code")]
    return [(m.start(), m.end(), name) for pattern, name in _RULES for m in pattern.finditer(text)]


class MarkdownHighlighter(QObject):
    def __init__(self, editor: QPlainTextEdit):
        super().__init__(editor)
        self.editor = editor
        self.formats = _formats()
        self.enabled = True
        self.formatted = 0  # blocks formatted so far: what a test counts
        self._fences: list[QTextCursor] = []  # at the start of each fence line, in the order of the text
        editor.document().contentsChange.connect(self._changed)
        self._changed(0, 0, editor.document().characterCount())

    def set_enabled(self, enabled: bool) -> None:
        """Off for text too long to edit; blocks formatted before keep their formats until their text changes."""
        self.enabled = enabled

    def _changed(self, position: int, _removed: int, added: int) -> None:
        """The fence lines among the changed blocks: a few blocks by Python, many by Qt's search (which goes on
        to the end of the text, yet in C++). A few blocks are formatted at once, as Qt lays them out after this
        signal: formatted at the paint instead, they would be laid out and painted twice."""
        document = self.editor.document()
        first, last = document.findBlock(position), document.findBlock(position + added)
        last = last if last.isValid() else document.lastBlock()
        start, end = first.position(), last.position() + last.length()
        found = []
        few = last.blockNumber() - first.blockNumber() < 100
        if few:
            block = first
            while block.isValid() and block.position() < end:
                if FENCE.match(block.text()):
                    found.append(QTextCursor(block))
                block = block.next()
        else:
            cursor = QTextCursor(first)
            while not (cursor := document.find(_FENCE_QT, cursor)).isNull() and cursor.selectionStart() < end:
                found.append(QTextCursor(cursor.block()))
                if not cursor.block().next().isValid():
                    break
                cursor = QTextCursor(cursor.block().next())
        positions = [c.position() for c in self._fences]
        self._fences[bisect_left(positions, start) : bisect_left(positions, end)] = found
        # Stamps say "not formatted" here: a block's revision stays the same while undo is off (setPlainText),
        # and the blocks between the first and the last of a large change are new ones, never formatted.
        first.setUserState(-1)
        last.setUserState(-1)
        positions = [c.position() for c in self._fences]
        block = first
        while few and block.isValid() and block.position() < end:
            block.setUserState(-1)
            if self.enabled:
                self._update(document, block, positions)
            block = block.next()

    def format_visible(self) -> None:
        """Format the blocks on screen whose text, or fence state, changed since they were formatted."""
        if not self.enabled:
            return
        editor, document = self.editor, self.editor.document()
        positions = [c.position() for c in self._fences]
        offset, height = editor.contentOffset(), editor.viewport().height()
        block = editor.firstVisibleBlock()
        while block.isValid():
            top = editor.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            self._update(document, block, positions)
            block = block.next()

    def _update(self, document: QTextDocument, block: QTextBlock, fences: list[int]) -> None:
        """Format `block` unless it is formatted for its text and its fence state (`fences`: their positions)."""
        in_fence = bisect_left(fences, block.position()) % 2 == 1
        stamp = 2 * block.revision() + in_fence
        if block.userState() != stamp:
            self._format(document, block, in_fence)
            block.setUserState(stamp)

    def _format(self, document: QTextDocument, block: QTextBlock, in_fence: bool) -> None:
        layout = block.layout()
        preedit, shown = layout.preeditAreaPosition(), len(layout.preeditAreaText())
        ranges = [f for f in layout.formats() if f.format.property(_OWN) is None]  # the editor's ghost stays
        text = block.text()
        # Qt counts UTF-16 units, Python code points: they differ after a character outside the BMP.
        qt = (lambda i: i) if len(text.encode("utf-16-le")) == 2 * len(text) else \
            (lambda i: len(text[:i].encode("utf-16-le")) // 2)  # fmt: skip
        for start, end, name in spans(text, in_fence):
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = qt(start), qt(end) - qt(start), self.formats[name]
            if shown and r.start >= preedit:  # text after the pre-edit area (ghost text) moves by its length
                r.start += shown
            elif shown and r.start + r.length > preedit:
                r.length += shown
            ranges.append(r)
        layout.setFormats(ranges)
        document.markContentsDirty(block.position(), block.length())
        self.formatted += 1

