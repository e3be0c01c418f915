"""Words and characters of the current document, or of its selection: counted a moment after the writer stops.

Counted per block and kept: an edit forgets the counts of the blocks it touched, and the pause counts those
again, so a keystroke in a document of megabytes recounts one paragraph. What a large change left uncounted
(a document opened, a replace-all) is counted a slice at a time between events, never in one long freeze.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from ..core.language import count_words
from .editor import Editor, text_between

SLICE_S = 0.008  # counting gives the event loop back this often: a key waits no longer


class BlockCounts(QObject):
    """Words and characters of each block of a document (-1: not counted since its last change)."""

    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self.document = document
        self.words = [-1] * document.blockCount()
        self.chars = [-1] * document.blockCount()
        self._from = 0  # no block before this one is uncounted
        document.contentsChange.connect(self._changed)

    def _changed(self, position: int, _removed: int, added: int) -> None:
        """The changed blocks (their new numbers first..last) take the place of as many as there were."""
        first = self.document.findBlock(position).blockNumber()
        last = self.document.findBlock(position + added)
        last = last.blockNumber() if last.isValid() else self.document.blockCount() - 1
        end = last + 1 - (self.document.blockCount() - len(self.chars))  # the old numbers' end
        self.words[first:end] = self.chars[first:end] = [-1] * (last + 1 - first)
        self._from = min(self._from, first)
        if len(self.chars) != self.document.blockCount():  # a change reported other than we read it: all again
            self.words = [-1] * self.document.blockCount()
            self.chars = list(self.words)
            self._from = 0

    def count(self, words: bool, seconds: float = SLICE_S) -> bool:
        """Count blocks not counted yet, for `seconds` at most; True when every block is counted. Without
        `words`, only characters (a read-only document of long lines, shown in pieces)."""
        deadline = time.perf_counter() + seconds
        block, at = None, -1  # the block numbered `at`, when it is the next uncounted one
        while True:
            try:
                number = self._from = self.chars.index(-1, self._from)
            except ValueError:
                self._from = len(self.chars)
                return True
            block = block.next() if number == at else self.document.findBlockByNumber(number)
            text = block.text()
            self.chars[number], self.words[number] = len(text), count_words(text) if words else 0
            at = number + 1
            if time.perf_counter() > deadline:
                self._from = at
                return at == len(self.chars)

    def selected_words(self, start: int, end: int) -> int:
        """Words between two positions: the end blocks' parts counted, the blocks between them summed."""
        document = self.document
        first, last = document.findBlock(start), document.findBlock(end)
        if first == last:
            return count_words(text_between(document, start, end))
        inside = sum(self.words[first.blockNumber() + 1 : last.blockNumber()])
        return count_words(text_between(document, start, first.position() + first.length() - 1)) + inside \
            + count_words(text_between(document, last.position(), end))  # fmt: skip


class WordCount(QLabel):
    def __init__(self, current_editor: Callable[[], Editor | None]):
        super().__init__()
        self.current_editor = current_editor
        self.timer = QTimer(self, singleShot=True, interval=200)
        self.timer.timeout.connect(self.update_counts)
        self.more = QTimer(self, singleShot=True, interval=0)  # the next slice of a long count
        self.more.timeout.connect(self.update_counts)

    def watch(self, editor: Editor) -> None:
        editor.counts = BlockCounts(editor.document())
        editor.selectionChanged.connect(self.timer.start)
        editor.textChanged.connect(self.timer.start)

    def update_counts(self) -> None:
        editor = self.current_editor()
        if editor is None:
            return
        counts: BlockCounts = editor.counts
        # too long to edit: words in pieces of long lines would be split, so characters only
        words = not editor.isReadOnly()
        if not counts.count(words):
            self.setText(self.tr("Counting…"))
            self.more.start()
            return
        chars = f"{sum(counts.chars):,}"
        if not words:
            self.setText(self.tr("%1 characters").replace("%1", chars))
            return
        total = f"{sum(counts.words):,}"
        cursor = editor.textCursor()
        if cursor.hasSelection():
            selected = counts.selected_words(cursor.selectionStart(), cursor.selectionEnd())
            self.setText(self.tr("%1 of %2 words selected").replace("%1", f"{selected:,}").replace("%2", total))
        else:
            self.setText(self.tr("%1 words, %2 characters").replace("%1", total).replace("%2", chars))
