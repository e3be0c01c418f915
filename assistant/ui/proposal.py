"""Proposals on screen: an AI edit shown beside the text until the writer accepts or rejects it.

While a tool streams, nothing enters the document: a replacement is shown as a
diff against the original, a continuation as ghost text at the cursor. Accept
applies the whole proposal as one undo step; Reject leaves the document as it
was. The anchors, the stale check and the edit itself live in the Qt-free
`core.documents.Proposal`; this view feeds it the editor's changes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QProgressBar, QPushButton, QTextEdit, QVBoxLayout,
                               QWidget)  # fmt: skip

from ..core.diff import diff
from ..core.documents import Proposal
from ..core.tools import Tool
from .editor import Editor, text_between
from .diff_view import show_diff
from .i18n import tool_text

# Above this many characters, a diff is computed once the proposal is complete, not while it
# streams: diffing is superlinear, and it runs on the GUI thread.
LIVE_DIFF_CHARS = 8000


class ProposalView(QObject):
    """A `Proposal` anchored in an editor (in Qt's positions), shown as ghost text or a tinted range."""

    changed = Signal()
    acceptable_changed = Signal(bool)  # whether Accept can apply it, each time that changes

    def __init__(self, editor: Editor, tool: Tool, start: int, end: int, options: dict):
        super().__init__(editor)
        self.editor = editor
        self.proposal = Proposal(tool, start, end, self._text_between, options)
        self._acceptable = False
        self.changed.connect(self._tell_acceptable)
        editor.document().contentsChange.connect(self._edited)
        self._show()

    # What the window and the bar read of the proposal.
    tool = property(lambda self: self.proposal.tool)
    options = property(lambda self: self.proposal.options)
    inserts = property(lambda self: self.proposal.inserts)
    text = property(lambda self: self.proposal.text)
    state = property(lambda self: self.proposal.state)
    progress = property(lambda self: self.proposal.progress)
    original = property(lambda self: self.proposal.original)

    def _text_between(self, start: int, end: int) -> str:
        return text_between(self.editor.document(), start, end)

    def _edited(self, position: int, removed: int, added: int) -> None:
        self.proposal.edited(position, removed, added)
        self._show()
        self.changed.emit()

    def range(self) -> tuple[int, int]:
        return self.proposal.start, self.proposal.end

    def set_note(self, text: str) -> None:
        self.proposal.note = f"{self.proposal.note}\n{text}" if self.proposal.note else text  # a tool may say several
        self.changed.emit()

    def set_progress(self, progress) -> None:
        self.proposal.progress = progress
        self.changed.emit()

    def append(self, text: str) -> None:
        self.proposal.append(text)
        self._show()
        self.changed.emit()

    def finish(self, state: str, message: str = "", complete: bool = True) -> None:
        self.proposal.finish(state, message, complete)
        self.changed.emit()

    def set_text(self, text: str) -> None:
        self.proposal.text = text

    def stale_reason(self) -> str:
        reason = self.proposal.stale_reason(self._text_between)
        return {
            Proposal.CONTEXT_CHANGED: self.tr("The text before the insertion point changed while the proposal was written."),
            Proposal.ORIGINAL_CHANGED: self.tr("The text under the proposal changed while it was written."),
        }.get(reason, reason)  # fmt: skip

    @property
    def message(self) -> str:
        """Why the proposal failed, in the writer's language."""
        return {
            Proposal.EMPTY: self.tr("The model wrote nothing. Retry, or try other options."),
            Proposal.UNCHANGED: self.tr("The model gave the text back unchanged: there is nothing to accept."),
        }.get(self.proposal.message, self.proposal.message)  # fmt: skip

    def can_accept(self) -> bool:
        return self.proposal.can_accept(self._text_between)

    def _tell_acceptable(self) -> None:
        if self.can_accept() != self._acceptable:
            self._acceptable = not self._acceptable
            self.acceptable_changed.emit(self._acceptable)

    def accept(self) -> None:
        """Apply the proposal as one undo step."""
        edit = self.proposal.edit()
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.setPosition(edit.start)
        cursor.setPosition(edit.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(edit.text)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.dismiss()

    def dismiss(self) -> None:
        """Take the proposal off the screen; the document is left as it is."""
        self.editor.document().contentsChange.disconnect(self._edited)
        self.editor.clear_ghost()
        self.editor.set_highlighted_range(None)

    def _show(self) -> None:
        start, end = self.range()
        if self.proposal.inserts:
            self.editor.set_ghost(start, self.proposal.text)
        else:
            self.editor.set_highlighted_range((start, end))


class ProposalBar(QWidget):
    """Below the editor: what the tool is writing, its diff, and the buttons that decide."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.proposal: ProposalView | None = None
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

    def show_proposal(self, proposal: ProposalView | None) -> None:
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
        state = states[p.state] if p.state != "done" or p.proposal.complete else self.tr("not complete: see the note")
        self.title.setText(f"<b>{tool_text(p.tool, p.tool.title)}</b> — {state}")
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
            status = p.message or (p.progress.label if running and p.progress else p.proposal.note)
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
        if p.state == "running" and len(p.original) + len(p.text) > LIVE_DIFF_CHARS:
            runs = [("added", p.text)]
        else:
            runs = diff(p.original, p.text)
        show_diff(self.diff_view, runs)
        self.diff_view.moveCursor(QTextCursor.MoveOperation.End if p.state == "running" else QTextCursor.MoveOperation.Start)
