"""Proposals: an AI edit shown beside the text until the writer accepts or rejects it.

While a tool streams, nothing enters the document: a replacement is shown as a
diff against the original, a continuation as ghost text at the cursor. Accept
applies the whole proposal as one undo step; Reject leaves the document as it
was. The proposal is anchored to its range with text cursors, which follow the
writer's edits elsewhere; if the text in the range itself changes, the
proposal is stale and cannot be accepted.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QProgressBar, QPushButton, QTextEdit, QVBoxLayout,
                               QWidget)  # fmt: skip

from ..core.diff import diff
from ..core.tools import Progress, Tool
from .editor import Editor, text_between
from .i18n import tool_text

CONTEXT_CHARS = 200  # text before an insertion point that must stay as it was
# Above this many characters, a diff is computed once the proposal is complete, not while it
# streams: diffing is superlinear, and it runs on the GUI thread.
LIVE_DIFF_CHARS = 8000


class Proposal(QObject):
    changed = Signal()

    def __init__(self, editor: Editor, tool: Tool, start: int, end: int, options: dict):
        super().__init__(editor)
        self.editor = editor
        self.tool = tool
        self.options = options
        document = editor.document()
        self.start = QTextCursor(document)
        self.start.setPosition(start)
        self.end = QTextCursor(document)
        self.end.setPosition(end)
        self.original = text_between(document, start, end)
        self._context_length = min(start, CONTEXT_CHARS)
        self.context = text_between(document, start - self._context_length, start)
        self.text = ""
        self.state = "running"  # running, done, failed, stopped
        self.message = ""
        self.progress: Progress | None = None
        document.contentsChanged.connect(self.changed)
        self._show()

    @property
    def inserts(self) -> bool:
        return self.tool.output == "insert"

    def range(self) -> tuple[int, int]:
        return self.start.position(), self.end.position()

    def append(self, text: str) -> None:
        self.text += text
        self._show()
        self.changed.emit()

    def finish(self, state: str, message: str = "") -> None:
        self.state, self.message = state, message
        if state == "done" and not self.text.strip():
            self.state, self.message = "failed", self.tr("The model wrote nothing. Retry, or try other options.")
        self.changed.emit()

    def stale_reason(self) -> str:
        document = self.editor.document()
        start, end = self.range()
        if self.inserts and text_between(document, max(0, start - self._context_length), start) != self.context:
            return self.tr("The text before the insertion point changed while the proposal was written.")
        if not self.inserts and text_between(document, start, end) != self.original:
            return self.tr("The text under the proposal changed while it was written.")
        return ""

    def can_accept(self) -> bool:
        return self.state == "done" and not self.stale_reason()

    def accept(self) -> None:
        """Apply the proposal as one undo step."""
        start, end = self.range()
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(self.text)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.dismiss()

    def dismiss(self) -> None:
        """Take the proposal off the screen; the document is left as it is."""
        self.editor.clear_ghost()
        self.editor.set_highlighted_range(None)
        self.editor.document().contentsChanged.disconnect(self.changed)

    def _show(self) -> None:
        if self.inserts:
            self.editor.set_ghost(self.start, self.text)
        else:
            selection = QTextCursor(self.start)
            selection.setPosition(self.end.position(), QTextCursor.MoveMode.KeepAnchor)
            self.editor.set_highlighted_range(selection)


class ProposalBar(QWidget):
    """Below the editor: what the tool is writing, its diff, and the buttons that decide."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.proposal: Proposal | None = None
        self.title = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.accept_button = QPushButton(self.tr("Accept"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.retry_button = QPushButton(self.tr("Retry"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.accept_button.setToolTip(self.tr("Apply the proposal (Ctrl+Enter)"))
        self.reject_button.setToolTip(self.tr("Discard the proposal, leaving the text as it was (Esc)"))
        self.diff_view = QTextEdit()
        self.diff_view.setReadOnly(True)
        self.diff_view.setMinimumHeight(80)
        self.diff_view.setMaximumHeight(220)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.progress)
        header.addStretch()
        for button in (self.stop_button, self.retry_button, self.reject_button, self.accept_button):
            header.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(header)
        layout.addWidget(self.status)
        layout.addWidget(self.diff_view)
        self._render_timer = QTimer(self, singleShot=True, interval=100)
        self._render_timer.timeout.connect(self._render_diff)
        self.hide()

    def show_proposal(self, proposal: Proposal | None) -> None:
        if self.proposal is not None:
            self.proposal.changed.disconnect(self.refresh)
        self.proposal = proposal
        if proposal is None:
            self.hide()
            return
        proposal.changed.connect(self.refresh)
        self.diff_view.setVisible(not proposal.inserts)
        self.refresh()
        self.show()

    def refresh(self) -> None:
        p = self.proposal
        if p is None:
            return
        states = {"running": self.tr("writing…"), "done": self.tr("ready"), "failed": self.tr("failed"),
                  "stopped": self.tr("stopped")}  # fmt: skip
        self.title.setText(f"<b>{tool_text(p.tool.title)}</b> — {states[p.state]}")
        running = p.state == "running"
        self.progress.setVisible(running)
        if p.progress is not None and p.progress.total > 0:
            self.progress.setRange(0, p.progress.total)
            self.progress.setValue(p.progress.done)
        else:
            self.progress.setRange(0, 0)  # busy: the model is reading the text
        stale = p.stale_reason()
        if stale:
            status = f"{stale} {self.tr('Retry to write it again.')}"
        else:
            status = p.message or (p.progress.label if running and p.progress else "")
        self.status.setText(status)
        self.status.setVisible(bool(self.status.text()))
        self.accept_button.setEnabled(p.can_accept())
        self.accept_button.setToolTip(stale or self.tr("Apply the proposal (Ctrl+Enter)"))
        self.stop_button.setEnabled(running)
        self.retry_button.setEnabled(not running)
        if not p.inserts:
            self._render_timer.start()

    def _render_diff(self) -> None:
        p = self.proposal
        if p is None or p.inserts:
            return
        view = self.diff_view
        view.clear()
        cursor = view.textCursor()
        dark = view.palette().color(QPalette.ColorRole.Base).lightness() < 128
        removed, added = QTextCharFormat(), QTextCharFormat()
        removed.setFontStrikeOut(True)
        removed.setForeground(QColor("#f28b82" if dark else "#a50e0e"))
        added.setBackground(QColor("#1e4620" if dark else "#ccebd4"))
        same = QTextCharFormat()
        if p.state == "running" and len(p.original) + len(p.text) > LIVE_DIFF_CHARS:
            runs = [("added", p.text)]
        else:
            runs = diff(p.original, p.text)
        for op, text in runs:
            cursor.insertText(text, {"same": same, "removed": removed, "added": added}[op])
        view.moveCursor(QTextCursor.MoveOperation.End if p.state == "running" else QTextCursor.MoveOperation.Start)
