"""Words and characters of the current document, or of its selection: counted a moment after the writer stops."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from ..core.language import count_words
from .editor import Editor, editor_text


class WordCount(QLabel):
    def __init__(self, current_editor: Callable[[], Editor | None]):
        super().__init__()
        self.current_editor = current_editor
        self.timer = QTimer(self, singleShot=True, interval=200)
        self.timer.timeout.connect(self.update_counts)

    def watch(self, editor: Editor) -> None:
        editor.selectionChanged.connect(self.timer.start)
        editor.textChanged.connect(self.timer.start)

    def update_counts(self) -> None:
        editor = self.current_editor()
        if editor is None:
            return
        text = editor_text(editor.document())
        if editor.isReadOnly():  # too long to edit: words in megabytes, counted at every click, would freeze it
            self.setText(self.tr("%1 characters").replace("%1", f"{len(text) - text.count(chr(10)):,}"))
            return
        selected = editor.textCursor().selectedText().replace("\u2029", "\n")
        label = self.tr("%1 words, %2 characters").replace("%1", f"{count_words(text):,}") \
            .replace("%2", f"{len(text.replace(chr(10), '')):,}")  # fmt: skip
        if selected:
            label = self.tr("%1 of %2 words selected").replace("%1", f"{count_words(selected):,}") \
                .replace("%2", f"{count_words(text):,}")  # fmt: skip
        self.setText(label)
